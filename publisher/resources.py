"""Where the project's own files (stylesheets, fonts) are found."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def styles_dir() -> Path:
    """The stylesheet folder: $PUBLISHER_STYLES, else styles/ beside the package."""
    override = os.environ.get("PUBLISHER_STYLES")
    return Path(override).resolve() if override else PROJECT_ROOT / "styles"


def stylesheet(name: str) -> Path:
    """One stylesheet from the styles folder."""
    return styles_dir() / name
