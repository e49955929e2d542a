"""publisher: a multilingual press release -> tagged PDF, EPUB 3, narrated audio, download page."""

from __future__ import annotations

__version__ = "0.1.0"
