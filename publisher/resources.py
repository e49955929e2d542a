"""Where the project's own files (stylesheets, fonts) are found."""

from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGED_STYLES = Path(__file__).parent / "styles"
"""The package's styles folder: in the repository a link to the top-level styles/, in an
installed package a copy of it."""


def styles_dir() -> Path:
    """The stylesheet folder: $PUBLISHER_STYLES, else the package's own."""
    override = os.environ.get("PUBLISHER_STYLES")
    return Path(override).resolve() if override else PACKAGED_STYLES.resolve()


def stylesheet(name: str) -> Path:
    """One stylesheet from the styles folder."""
    return styles_dir() / name


def inline_stylesheet(*names: str) -> str:
    """Stylesheets, in order, with comments and spacing removed, to go in a page's ``<style>``."""
    css = "\n".join(stylesheet(name).read_text("utf-8") for name in names)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    return css.replace(";}", "}").strip()
