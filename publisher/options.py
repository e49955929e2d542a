"""Build options: what to build, where, and the settings each backend owns."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from publisher.bundle.budget import Budgets

FORMATS = ("pdf", "epub", "mp3")
"""Formats built when none are named; opus and vtt come with mp3."""
KNOWN_FORMATS = ("pdf", "epub", "mp3")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything a build needs besides the release itself."""

    output: Path = Path("dist")
    """Folder that receives one sub-folder per release."""
    formats: tuple[str, ...] = FORMATS
    """Formats to write."""
    langs: tuple[str, ...] = ()
    """Languages to build (tags or primary subtags); empty means every edition."""
    engine: str = "espeak"
    """Text-to-speech engine name."""
    voice: str | None = None
    """Voice id for the engine; None picks the engine's default per language."""
    cache_dir: Path | None = field(default_factory=lambda: Path(".cache/publisher"))
    """Where synthesized speech is cached; None disables the cache."""
    bilingual: bool = True
    """Also write the all-languages edition where a format has one (PDF, EPUB)."""
    base_url: str | None = None
    """Web address the output folder is published at; the podcast feeds need it."""
    budgets: Budgets = field(default_factory=Budgets)
    """Size limits checked before anything is moved into the output folder."""

    def wants(self, format_name: str) -> bool:
        """Whether ``format_name`` is to be built."""
        return format_name in self.formats


def build_time() -> dt.datetime:
    """The timestamp written into outputs: SOURCE_DATE_EPOCH if set, else 2000-01-01 UTC.

    Outputs never carry the wall-clock time, so two builds of the same source are identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else 946684800
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
