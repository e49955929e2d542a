"""What a writer is given (a Job) and what it returns (an Output per file)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from publisher.context import BuildContext
from publisher.model import Edition, Release
from publisher.options import BuildOptions


class Destination(Protocol):
    """A folder a writer writes its files into."""

    @property
    def folder(self) -> Path:
        """The folder itself."""
        ...

    def path(self, name: str) -> Path:
        """Where to write the file called ``name``."""
        ...


@dataclass(frozen=True, slots=True)
class Folder:
    """A plain folder as a writer's destination (a task's scratch folder)."""

    folder: Path

    def path(self, name: str) -> Path:
        """``name`` inside the folder."""
        return self.folder / name


@dataclass(frozen=True, slots=True)
class Output:
    """A file a writer produced, before it is described."""

    name: str
    format: str
    media_type: str
    lang: str
    duration_s: float | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One writer call: these editions of the release, into ``staging``, as ``stem``."""

    release: Release
    editions: Sequence[Edition]
    staging: Destination
    stem: str
    options: BuildOptions
    formats: tuple[str, ...]
    """The formats this writer is asked for (the audio writer writes up to three)."""
    warn: Callable[[str], None]
    """Where a writer reports what the user should know but does not stop the build."""
    context: BuildContext
    """The edition's shared work: scripts, narrations, MP3s, made once."""

    @property
    def langs(self) -> str:
        """The editions' language tags, space-separated."""
        return " ".join(e.lang for e in self.editions)
