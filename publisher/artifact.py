"""What a build wrote: one record per output file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Artifact:
    """One written output file."""

    path: Path
    """Where it is, inside the output folder."""
    format: str
    """Format name as in ``--formats``: pdf, epub, mp3, opus, vtt, ..."""
    media_type: str
    """IANA media type."""
    lang: str
    """BCP 47 tag, or a space-separated list of tags for a multilingual file."""
    size: int
    """Bytes."""
    sha256: str
    """Hex digest of the content."""
    duration_s: float | None = None
    """Playing time in seconds, for audio."""


def describe(
    path: Path, format_name: str, media_type: str, lang: str, duration_s: float | None = None
) -> Artifact:
    """An Artifact for a file that exists, with its size and checksum read from disk."""
    data = path.read_bytes()
    return Artifact(
        path=path,
        format=format_name,
        media_type=media_type,
        lang=lang,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        duration_s=duration_s,
    )
