"""Refresh the pictures in docs/ from a real build of the releases in source/.

Run from the project root: ``python scripts/docs_images.py``. It builds into a temporary folder
(with the speech cache), then takes the page screenshots in headless Chromium and renders one
PDF page per edition with pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from publisher.cli import main as publisher
from publisher.validate import screenshot

DOCS = Path("docs")
SLUG = "peru-preside-red-gobierno-electronico-2023"


def pdf_page(pdf: Path, page: int, out: Path) -> None:
    """One page of ``pdf`` as a PNG at 60 dpi."""
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip


def refresh() -> int:
    """Build, then write every picture; returns the exit code."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if publisher(["build", "source", "-o", str(out), "-q"]) != 0:
            return 1
        release = out / SLUG
        for name, page, width, zoom in (
            ("page-320.png", release / "index.html", 320, 1.0),
            ("page-1280.png", release / "index.html", 1280, 1.0),
            ("page-320-text-200.png", release / "index.html", 320, 2.0),
            ("page-site-320.png", out / "index.html", 320, 1.0),
        ):
            screenshot(page, width, DOCS / name, text_zoom=zoom)
        pdf_page(release / f"{SLUG}.es.pdf", 1, DOCS / "pdf-es.png")
        pdf_page(release / f"{SLUG}.en.pdf", 2, DOCS / "pdf-en.png")
        pdf_page(release / f"{SLUG}.bilingual.pdf", 4, DOCS / "pdf-bilingual.png")
    return 0


if __name__ == "__main__":
    sys.exit(refresh())
