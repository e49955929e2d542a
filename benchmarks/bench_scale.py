"""Scale benchmark: a release of N short paragraphs built in every format by the command line.

    python benchmarks/bench_scale.py [N ...] [--formats html,pdf,epub,mp3,opus,vtt] [--profile FILE]

The release is what a press office with a long bulletin would have: a Spanish original and its
English translation, N short paragraphs each (default 5,000), no headings (so the narration is cut
into parts), deterministic text with a number the spoken forms expand ("Sede 17: abierta."). It is
written into a temporary folder and built with ``python -m publisher build SRC -o OUT
--cache-dir CACHE --budget none`` as a subprocess, with a fresh (empty) speech cache, so every
sentence is synthesized. Reported: wall time and the peak RSS of the build process
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured alone in its own child). Several N
(e.g. ``500 1000 5000``) show whether the cost grows linearly: the last column is the time per
paragraph, which stays flat when it does.

Targets at N = 5,000: under 120 s and under 500 MB. With ``--peer``, the same release also goes
through the pipeline a user would script instead (benchmarks/peer_pipeline.py: pandoc,
WeasyPrint, ``espeak-ng | lame``, both languages at once), timed the same way.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from publisher.formats import DEFAULT_FORMATS

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"wall_s": 120.0, "rss_mb": 500.0}
ES = ["Sede {n}: abierta.", "Punto {n} aprobado.", "Oficina {n} atendida.", "Mesa {n} instalada."]
EN = ["Site {n}: open.", "Item {n} approved.", "Office {n} served.", "Desk {n} set up."]


def paragraph(templates: list[str], n: int) -> str:
    """The n-th paragraph: one short sentence (a number read aloud), different for every n."""
    return templates[n % len(templates)].format(n=n + 1)


def write_release(folder: Path, count: int) -> Path:
    """A bilingual release of ``count`` short paragraphs per language in ``folder``."""
    source = folder / "boletin"
    source.mkdir()
    (source / "release.yaml").write_text(
        "original: es-PE\nissuer:\n  es: Oficina de Prensa\n  en: Press Office\n"
        "date: 2024-03-15\nseries: Boletines\n",
        encoding="utf-8",
    )
    for lang, title, templates in (
        ("es-PE", "Boletín de actividades", ES),
        ("en", "Activity bulletin", EN),
    ):
        body = "\n\n".join(paragraph(templates, n) for n in range(count))
        text = f'---\ntitle: "{title}"\nlang: {lang}\n---\n\n{body}\n'
        (source / f"{lang.split('-')[0]}.md").write_text(text, encoding="utf-8")
    return source


def timed(command: list[str], folder: Path, code: Path) -> tuple[float, float]:
    """Run ``command`` in ``folder``; its wall seconds and the peak RSS (MB) of its processes."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    # A child of its own, so RUSAGE_CHILDREN sees this command alone.
    runner = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "rc = subprocess.run(sys.argv[1:], check=False).returncode;"
        "w = time.perf_counter() - t;"
        "print(rc, w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", runner, *command],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.exit(f"the runner failed:\n{done.stdout}\n{done.stderr}")
    status, wall, rss_kb = lines[-1].split()
    if status != "0":
        sys.exit(f"{' '.join(command[:4])} ... exited {status}:\n{done.stderr}")
    return float(wall), int(rss_kb) / 1024


def measure(
    count: int, formats: str, profile: Path | None, code: Path, peer: bool
) -> dict[str, float]:
    """Build a release of ``count`` paragraphs: wall seconds, peak RSS (MB), hours of speech.

    With ``peer``, also the peer pipeline's wall seconds on the same release (``peer_s``).
    """
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        folder = Path(scratch)
        source = write_release(folder, count)
        command = [sys.executable]
        if profile is not None:
            command += ["-m", "cProfile", "-o", str(profile)]
        command += ["-m", "publisher", "build", str(source), "-o", str(folder / "out")]
        command += ["--cache-dir", str(folder / "cache"), "--budget", "none", "-q"]
        command += ["--formats", formats]
        wall, rss_mb = timed(command, folder, code)
        peer_s = 0.0
        if peer:
            script = [sys.executable, str(ROOT / "benchmarks" / "peer_pipeline.py")]
            peer_s, _ = timed([*script, str(source), "-o", str(folder / "peer")], folder, code)
        manifest = (folder / "out" / "boletin" / "manifest.json").read_text(encoding="utf-8")
        seconds = [
            float(m) for m in re.findall(r'"duration(?:_s|Seconds)?":\s*([0-9.]+)', manifest)
        ]
    hours = max(seconds, default=0.0) / 3600
    return {"wall_s": wall, "rss_mb": rss_mb, "audio_h": hours, "peer_s": peer_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=[5000])
    parser.add_argument("--formats", default=",".join(DEFAULT_FORMATS))
    parser.add_argument("--profile", type=Path, help="write a cProfile of the (last) build here")
    parser.add_argument("--peer", action="store_true", help="also time the peer pipeline")
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="the checkout to build with (default: this one)"
    )
    args = parser.parse_args()
    print(
        f"{'paragraphs':>10} {'wall s':>8} {'peak MB':>8} {'ms/paragraph':>13} {'audio h':>8}"
        f" {'peer s':>8}"
    )
    failed = False
    for count in args.counts:
        result = measure(count, args.formats, args.profile, args.code, args.peer)
        per = result["wall_s"] * 1000 / count
        print(
            f"{count:>10} {result['wall_s']:>8.1f} {result['rss_mb']:>8.0f} {per:>13.1f}"
            f" {result['audio_h']:>8.2f} {result['peer_s'] or float('nan'):>8.1f}",
            flush=True,
        )
        if count >= 5000:
            failed |= any(result[k] > limit for k, limit in TARGETS.items())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
