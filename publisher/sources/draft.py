"""What a reader hands back: editions as read, before the shared pass (:mod:`.blocks`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.model import Block


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader may know about the release it reads a file of."""

    root: Path
    """The resolved release folder: every file named must stay inside it."""
    original: str
    """The language tag of the original (release.yaml's ``original``)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """One edition as a reader found it.

    Its blocks have empty ids and unmarked abbreviations: :func:`.blocks.finish` gives both, so
    that every reader numbers blocks and marks abbreviations the same way.
    """

    lang: str
    """BCP 47 tag of the edition (normalized)."""
    title: str
    """The headline, whitespace collapsed."""
    blocks: tuple[Block, ...]
    """The body, with ids still empty."""
    lines: tuple[int, ...]
    """The source line of each top-level block, for alignment messages."""
    source: Path
    """The file it was read from (for messages only)."""
    summary: str | None = None
    """A one-paragraph summary, where the source gives one."""
    release: dict[str, Any] = field(default_factory=dict)
    """Release-level metadata the file itself gives (a press office header), by release.yaml key."""
    spans: tuple[tuple[int, int], ...] = ()
    """The first and last source line of every block, nested ones too, in
    :func:`~publisher.model.walk_blocks` order (empty where the reader does not know them)."""
