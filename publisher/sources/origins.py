"""Where each block of an imported Markdown file came from, to name it in refusals.

An import is checked as ``publisher check`` would check the folder it writes, so a refusal names
a Markdown file and a line in it; but that file is never kept. :meth:`Origins.explain` names
instead the file the user gave and the place in it: the line of a text file, the paragraph of a
Word document (with its first words).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import SourceError
from publisher.model import Heading, Paragraph, plain_text
from publisher.sources.draft import Draft

_PLACE = re.compile(r"(?P<name>[\w.-]+\.md):(?P<line>\d+)")
WORD_SUFFIXES = (".docx", ".doc")


@dataclass(frozen=True, slots=True)
class _Written:
    draft: Draft
    shown: Path
    """The source file as the user named it."""
    starts: tuple[int, ...]
    """The Markdown line each top-level block starts at."""


class Origins:
    """The Markdown files an import wrote, each with the draft and source file it came from."""

    def __init__(self, sources: dict[Path, Path]) -> None:
        """``sources``: each resolved source path -> the path as the user gave it."""
        self._sources = sources
        self._written: dict[str, _Written] = {}

    def shown(self, draft: Draft) -> Path:
        """The file ``draft`` was read from, as the user named it."""
        return self._sources.get(draft.source, draft.source)

    def add(self, name: str, draft: Draft, starts: tuple[int, ...]) -> None:
        """Record that ``name`` holds ``draft``, its blocks starting at Markdown ``starts``."""
        self._written[name] = _Written(draft, self.shown(draft), starts)

    def explain(self, error: SourceError, staging: Path, folder: Path) -> SourceError:
        """``error``, raised on the staged folder, told in terms of the files the user gave."""
        root = staging.resolve()
        message = error.message.replace(str(root), str(folder)).replace(str(staging), str(folder))
        message = _PLACE.sub(lambda m: self._mention(m["name"], int(m["line"]), m[0]), message)
        where = error.path.resolve()
        written = self._written.get(where.name) if where.parent == root else None
        if written is None:  # release.yaml, written from what the files said
            first = next(iter(self._sources.values()), folder)
            return SourceError(first, message)
        index = _block_at(written, error.line)
        if index is None:
            return SourceError(written.shown, message)
        place = written.draft.lines[index]
        if written.shown.suffix.lower() in WORD_SUFFIXES:
            words = _first_words(written.draft, index)
            return SourceError(written.shown, f"paragraph {place}{words}: {message}")
        return SourceError(written.shown, message, place)

    def _mention(self, name: str, line: int, original: str) -> str:
        """``es.md:12`` in a message, as the source file and its place."""
        written = self._written.get(name)
        if written is None:
            return original
        index = _block_at(written, line)
        if index is None:
            return written.shown.name
        place = written.draft.lines[index]
        if written.shown.suffix.lower() in WORD_SUFFIXES:
            return f"{written.shown.name} paragraph {place}"
        return f"{written.shown.name}:{place}"


def _block_at(written: _Written, line: int | None) -> int | None:
    """The index of the block ``line`` falls in; None before the first (the front matter)."""
    if line is None or not written.starts or line < written.starts[0]:
        return None
    index = bisect.bisect_right(written.starts, line) - 1
    return index if index < len(written.draft.lines) else None


def _first_words(draft: Draft, index: int) -> str:
    """`` ('Primer párrafo de la…')`` for a paragraph or heading, else ''."""
    block = draft.blocks[index]
    if not isinstance(block, Paragraph | Heading):
        return ""
    text = " ".join(plain_text(block.children).split())
    return f" ('{text[:40]}…')" if len(text) > 40 else f" ('{text}')" if text else ""
