"""Narrated-audio benchmark: every edition in source/*/ spoken and encoded, cold and warm.

    python benchmarks/bench_audio.py [--min-minutes 9]

Cold means an empty speech cache, warm a second build with it filled. The same texts then go
through the Debian command-line tools, ``espeak-ng --stdout | lame -b 32``, for comparison
(MP3 only, no Opus, captions or tags). Targets: cold <= 8 s, warm <= 1 s, peak RSS <= 300 MB.
If the sources hold less speech than ``--min-minutes``, the scripts are read more than once.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mutagen.mp3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.audio.writer import AudioFile, AudioOptions, build_audio  # noqa: E402
from publisher.model import Release  # noqa: E402
from publisher.sources import find_releases, load_release  # noqa: E402
from publisher.speech.script import Script, Utterance  # noqa: E402

TARGETS = {"cold_s": 8.0, "warm_s": 1.0, "rss_mb": 300.0}
CLI_VOICES = {"es": "es-419", "en": "en-us", "qu": "qu"}


def scripts_of(release: Release) -> list[Script]:
    """The speech scripts of every edition (hand-made sentences if the script module is absent)."""
    try:
        from publisher.speech.script import speech_script
    except ImportError:
        speech_script = None
    scripts = []
    for edition in release.editions:
        if speech_script is not None:
            scripts.append(speech_script(release, edition))
            continue
        text = edition.source.read_text(encoding="utf-8").split("---", 2)[-1]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]
        utterances = tuple(
            Utterance(s, s, edition.lang, f"b{i}", 400) for i, s in enumerate(sentences)
        )
        scripts.append(Script(edition.lang, edition.title, utterances))
    return scripts


def lengthen(script: Script, times: int) -> Script:
    """The script read ``times`` times over."""
    return Script(script.lang, script.title, script.utterances * times)


def cpu_seconds() -> float:
    """User and system time of this process and its finished children."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_all(
    jobs: list[tuple[Script, Release]], out: Path, cache: Path | None
) -> tuple[float, float, list[AudioFile]]:
    """Wall seconds, CPU seconds and the files of building every job."""
    files: list[AudioFile] = []
    wall, cpu = time.perf_counter(), cpu_seconds()
    for index, (script, release) in enumerate(jobs):
        stem = f"{index}-{script.lang}"
        files += build_audio(script, release, out, stem, AudioOptions(cache_dir=cache))
    return time.perf_counter() - wall, cpu_seconds() - cpu, files


def reference(jobs: list[tuple[Script, Release]], out: Path) -> float | None:
    """Seconds for espeak-ng | lame on the same spoken texts, or None without those tools."""
    if not (shutil.which("espeak-ng") and shutil.which("lame")):
        return None
    start = time.perf_counter()
    for index, (script, _) in enumerate(jobs):
        voice = CLI_VOICES.get(script.lang.split("-")[0], script.lang.lower())
        text = out / f"ref-{index}.txt"
        text.write_text("\n".join(u.spoken for u in script.utterances), encoding="utf-8")
        speak = subprocess.Popen(
            ["espeak-ng", "-v", voice, "-f", str(text), "--stdout"], stdout=subprocess.PIPE
        )
        lame = subprocess.Popen(
            ["lame", "--silent", "-b", "32", "-", str(out / f"ref-{index}.mp3")], stdin=speak.stdout
        )
        assert speak.stdout is not None
        speak.stdout.close()
        if lame.wait() != 0 or speak.wait() != 0:
            raise RuntimeError("espeak-ng | lame failed")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-minutes", type=float, default=9.0)
    args = parser.parse_args()

    releases = [load_release(folder) for folder in find_releases(ROOT / "source")]
    jobs = [(script, release) for release in releases for script in scripts_of(release)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cold_s, cold_cpu, files = build_all(jobs, work / "cold", work / "cache")
        minutes = sum(f.duration_s for f in files if f.format == "mp3") / 60
        if minutes < args.min_minutes:
            times = int(args.min_minutes // minutes) + 1
            jobs = [(lengthen(script, times), release) for script, release in jobs]
            shutil.rmtree(work / "cache")
            cold_s, cold_cpu, files = build_all(jobs, work / "cold", work / "cache")
            minutes = sum(f.duration_s for f in files if f.format == "mp3") / 60
        warm_s, warm_cpu, _ = build_all(jobs, work / "warm", work / "cache")
        ref_s = reference(jobs, work)

        mp3 = [f for f in files if f.format == "mp3"]
        opus = [f for f in files if f.format == "opus"]
        mp3_kb = sum(f.path.stat().st_size for f in mp3) / 1024 / minutes
        opus_kb = sum(f.path.stat().st_size for f in opus) / 1024 / minutes
        error_ms = max(abs(mutagen.mp3.MP3(f.path).info.length - f.duration_s) * 1000 for f in mp3)

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results = {"cold_s": cold_s, "warm_s": warm_s, "rss_mb": own}
    print(
        f"speech: {minutes:.1f} min in {len(jobs)} editions ({', '.join(s.lang for s, _ in jobs)})"
    )
    for name, label, cpu in (
        ("cold_s", "cold build", cold_cpu),
        ("warm_s", "warm build", warm_cpu),
    ):
        verdict = "ok" if results[name] <= TARGETS[name] else "OVER TARGET"
        print(
            f"{label:<12} {results[name]:6.2f} s   (target <= {TARGETS[name]:g} s) {verdict}; "
            f"{cpu:.2f} s of CPU"
        )
    verdict = "ok" if own <= TARGETS["rss_mb"] else "OVER TARGET"
    print(
        f"peak RSS     {own:6.0f} MB  (target <= {TARGETS['rss_mb']:g} MB) {verdict}; "
        f"largest child {children:.0f} MB"
    )
    print(f"MP3          {mp3_kb:6.1f} KB/min, duration error {error_ms:.1f} ms (mutagen vs PCM)")
    print(f"Opus         {opus_kb:6.1f} KB/min")
    if ref_s is None:
        print("reference    espeak-ng or lame not installed")
    else:
        print(f"reference    {ref_s:6.2f} s   espeak-ng --stdout | lame -b 32 (MP3 only)")


if __name__ == "__main__":
    main()
