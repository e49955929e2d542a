"""Regenerate the corpus of Word and OpenDocument files other programs write.

The sources in ``src/`` (Markdown, HTML and a flat OpenDocument file) are saved as .docx and
.odt by pandoc and by LibreOffice (headless), and pandoc's files are saved again by
LibreOffice, so each construct arrives as each program writes it. The files are committed under
``tests/sources/fixtures/corpus``, so the tests need neither program::

    python tests/sources/corpus/make_corpus.py   # needs pandoc and soffice on PATH
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = HERE / "src"
CORPUS = HERE.parent / "fixtures" / "corpus"


def _soffice(source: Path, fmt: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                "soffice",
                "--headless",
                *(["--infilter=HTML (StarWriter)"] if source.suffix == ".html" else []),
                "--convert-to",
                fmt,
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        produced = Path(work) / f"{source.stem}.{fmt.split(':', maxsplit=1)[0]}"
        shutil.move(produced, target)


def _pandoc(source: Path, target: Path) -> None:
    subprocess.run(["pandoc", "--standalone", str(source), "-o", str(target)], check=True)


def main() -> None:
    """Write every corpus file."""
    if shutil.which("soffice") is None or shutil.which("pandoc") is None:
        sys.exit("needs pandoc and LibreOffice (apt-get install pandoc libreoffice-writer-nogui)")
    CORPUS.mkdir(parents=True, exist_ok=True)
    for old in CORPUS.glob("*"):
        old.unlink()
    with tempfile.TemporaryDirectory() as work:
        for source in sorted(SOURCES.iterdir()):
            name = source.stem
            if source.suffix == ".md":
                for fmt in ("docx", "odt"):
                    made = CORPUS / f"{name}.pandoc.{fmt}"
                    _pandoc(source, made)
                    # the same document saved again by LibreOffice, in the other format
                    other = "odt" if fmt == "docx" else "docx"
                    copy = Path(work) / f"{name}.{fmt}"
                    shutil.copy(made, copy)
                    _soffice(copy, other, CORPUS / f"{name}.pandoc-libreoffice.{other}")
            else:
                for fmt in ("docx", "odt"):
                    _soffice(source, fmt, CORPUS / f"{name}.libreoffice.{fmt}")
                # LibreOffice's other Word filter, "Word 2007-365", writes differently
                _soffice(source, "docx:MS Word 2007 XML", CORPUS / f"{name}.libreoffice-word.docx")
            if source.suffix == ".html":
                _pandoc(source, CORPUS / f"{name}.pandoc.docx")


if __name__ == "__main__":
    main()
