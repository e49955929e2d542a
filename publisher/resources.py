"""Where the project's own files (stylesheets, fonts) are found."""

from __future__ import annotations

import os
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
