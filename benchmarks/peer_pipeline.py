"""The pipeline a press office would script instead of publisher, for comparison.

    python benchmarks/peer_pipeline.py [SOURCE] -o OUT [--jobs 2]

SOURCE is a release folder or a folder of releases (default: source), laid out as publisher
reads them (``<slug>/es.md``, ``<slug>/en.md`` with YAML front matter, ``release.yaml``). For
every edition, in its own process (two at a time by default, so both languages of a release run
in parallel), it runs the common command-line tools:

    pandoc es.md -o OUT/<slug>/<slug>.es.epub                          EPUB
    pandoc es.md -s -o <slug>.es.html; weasyprint --pdf-variant pdf/ua-1  tagged PDF
    pandoc es.md -t plain | espeak-ng -v es --stdout | lame -b 32 -m m    MP3 narration

It is what publisher is measured against in ``bench_build.py``: the same inputs, the formats a
user asks for first, none of publisher's checks, spoken forms, captions or pages.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TOOLS = ("pandoc", "espeak-ng", "lame")
"""Commands the pipeline runs besides WeasyPrint (``scripts/install-system-deps.sh test``)."""


def weasyprint_command() -> list[str]:
    """The WeasyPrint command line: its script when on PATH, else this Python's module."""
    found = shutil.which("weasyprint")
    return [found] if found else [sys.executable, "-m", "weasyprint"]


def front_matter_lang(markdown: Path) -> str:
    """The primary subtag of the edition's ``lang:`` (``es-PE`` -> ``es``), else its file stem."""
    text = markdown.read_text(encoding="utf-8")
    if text.startswith("---"):
        for line in text.split("\n---", 1)[0].splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "lang":
                return value.strip().strip("\"'").split("-")[0].lower()
    return markdown.stem


def editions(source: Path) -> list[tuple[Path, Path]]:
    """(edition Markdown file, release folder) pairs under ``source``, in name order."""
    folders = [source] if (source / "release.yaml").is_file() else sorted(source.iterdir())
    found: list[tuple[Path, Path]] = []
    for folder in folders:
        if (folder / "release.yaml").is_file():
            found += [(markdown, folder) for markdown in sorted(folder.glob("*.md"))]
    return found


def build_edition(markdown: Path, release: Path, out: Path) -> list[Path]:
    """EPUB, PDF/UA-1 and 32 kbps mono MP3 of one edition; the files written."""
    slug, lang = release.name, front_matter_lang(markdown)
    folder = out / slug
    folder.mkdir(parents=True, exist_ok=True)
    epub, pdf, mp3 = (folder / f"{slug}.{markdown.stem}.{kind}" for kind in ("epub", "pdf", "mp3"))

    def run(command: list[str]) -> None:
        subprocess.run(command, cwd=release, check=True)

    run(["pandoc", markdown.name, "-o", str(epub)])
    with tempfile.TemporaryDirectory(prefix="peer-") as scratch:
        html = Path(scratch) / "edition.html"
        run(["pandoc", markdown.name, "-s", "-o", str(html)])
        weasyprint = [*weasyprint_command(), "-q", "-u", str(release), "--pdf-variant", "pdf/ua-1"]
        run([*weasyprint, str(html), str(pdf)])
        plain = Path(scratch) / "edition.txt"
        run(["pandoc", markdown.name, "-t", "plain", "-o", str(plain)])
        speak = subprocess.Popen(
            ["espeak-ng", "-v", lang, "-f", str(plain), "--stdout"],
            stdout=subprocess.PIPE,
        )
        encode = subprocess.run(
            ["lame", "--quiet", "-b", "32", "-m", "m", "-", str(mp3)],
            stdin=speak.stdout,
            check=False,
        )
        if speak.stdout is not None:
            speak.stdout.close()
        if speak.wait() != 0 or encode.returncode != 0:
            raise RuntimeError(f"espeak-ng | lame failed for {markdown}")
    return [epub, pdf, mp3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=Path("source"))
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2, help="editions built at once (default: 2)")
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"peer_pipeline: {', '.join(missing)} not found on PATH", file=sys.stderr)
        return 3
    work = editions(args.source.resolve())
    if not work:
        print(f"peer_pipeline: no release folder in {args.source}", file=sys.stderr)
        return 2
    out = args.output.resolve()
    try:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(build_edition, md, release, out) for md, release in work]
            written = [path for future in futures for path in future.result()]
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        print(f"peer_pipeline: {exc}", file=sys.stderr)
        return 1
    print(f"peer_pipeline: {len(written)} files in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
