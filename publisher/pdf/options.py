"""Settings of the PDF writer (``[pdf]`` in publisher.toml)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from publisher.resources import stylesheet

SHIPPED_STYLESHEET = "print.css"
PAGE_SIZES = ("A3", "A4", "A5", "B5", "letter", "legal")
"""Sizes CSS names (``@page { size: ... }``), optionally followed by ``landscape``."""


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """How the PDF is laid out."""

    stylesheet: Path | None = None
    """A print stylesheet of the office's own instead of the shipped one. Its fonts must be
    files beside it (nothing is downloaded); they are the only fonts the PDF may use."""
    page_size: str | None = None
    """A page size such as ``A4``, ``letter`` or ``A5 landscape``; None keeps the stylesheet's."""

    def __post_init__(self) -> None:
        """Refuse a page size CSS does not name (ValueError)."""
        if self.page_size is not None:
            size, _, orientation = self.page_size.partition(" ")
            if size not in PAGE_SIZES or orientation not in ("", "landscape", "portrait"):
                raise ValueError(
                    f"page size '{self.page_size}' is not one of {', '.join(PAGE_SIZES)} "
                    "(optionally followed by landscape)"
                )

    @property
    def css_path(self) -> Path:
        """The stylesheet the PDF is rendered with."""
        return self.stylesheet or stylesheet(SHIPPED_STYLESHEET)

    @property
    def page_css(self) -> str | None:
        """The CSS that sets the page size, or None to keep the stylesheet's."""
        return None if self.page_size is None else f"@page {{ size: {self.page_size}; }}"

    def record(self) -> dict[str, str | None]:
        """What the manifest says of these settings, so an audit checks what was built."""
        return {
            "stylesheet": self.css_path.name,
            "stylesheet_sha256": hashlib.sha256(self.css_path.read_bytes()).hexdigest(),
            "page_size": self.page_size,
        }
