"""The document model of a multilingual release: frozen data, no I/O.

Every block and inline carries its BCP 47 language tag, so a passage in another language inside a
paragraph costs nothing extra: renderers read ``lang`` where they need it. Blocks carry ids that are
the same in every edition of a release, so a passage and its translation can be paired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from publisher.languages import primary

if TYPE_CHECKING:
    from collections.abc import Mapping

    from publisher.office import Office
    from publisher.speech.normalize.lexicon import Lexicon

# --- Inlines --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain running text."""

    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Stressed text; ``strong`` for strong importance rather than emphasis."""

    children: tuple[Inline, ...]
    lang: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """A passage in another language than its surroundings (a Quechua phrase in Spanish text)."""

    children: tuple[Inline, ...]
    lang: str


@dataclass(frozen=True, slots=True)
class Abbr:
    """An abbreviation and its expansion, from the release's list of abbreviations."""

    text: str
    expansion: str
    lang: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``href`` is a web address or a path inside the release folder."""

    href: str
    children: tuple[Inline, ...]
    lang: str
    title: str | None = None
    """Advisory text the source gives the link (``[x](url "title")``), shown on hover."""


@dataclass(frozen=True, slots=True)
class Image:
    """An inline image: ``src`` is a path inside the release folder, ``alt`` its text."""

    src: str
    alt: str
    lang: str
    path: Path | None = None
    """The image file, resolved and checked when the release was read (None if not read)."""
    title: str | None = None
    """Advisory text the source gives the image (``![alt](src "title")``)."""


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a block."""

    lang: str


@dataclass(frozen=True, slots=True)
class Styled:
    """Text whose typography carries meaning: struck through, superscript, subscript or code.

    Struck-through text is read and printed as text no longer accurate (``<s>``); superscripts
    and subscripts are printed raised or lowered and read as the characters they are; code (a
    command, a file name) is printed as ``<code>`` and read as written, its characters exactly
    as the source gives them (no abbreviation is marked inside it).
    """

    children: tuple[Inline, ...]
    lang: str
    style: Literal["strike", "sup", "sub", "code"]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A call to the edition's footnote ``number`` (numbered from 1 in reading order)."""

    number: int
    lang: str


Inline = Text | Emphasis | Span | Abbr | Link | Image | LineBreak | Styled | NoteRef
CONTAINERS = (Emphasis, Span, Link, Styled)
"""The inlines that hold other inlines (in ``children``)."""

# --- Blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 1 is the highest inside the body (the title sits above it)."""

    id: str
    lang: str
    level: int
    children: tuple[Inline, ...]
    anchor: str | None = None
    """The id the source gave it (``## Contacto {#contacto}``); links to ``#anchor`` are made
    links to the block's id when the release is read."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text."""

    id: str
    lang: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """An image standing alone as a block, with its alt text and an optional caption."""

    id: str
    lang: str
    src: str
    alt: str
    caption: tuple[Inline, ...] = ()
    path: Path | None = None
    """The image file, resolved and checked when the release was read (None if not read)."""
    title: str | None = None
    """Advisory text the source gives the image (``![alt](src "title")``)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quotation holding other blocks."""

    id: str
    lang: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of blocks."""

    id: str
    lang: str
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1
    """The number of a numbered list's first item (``3. tercero`` starts at 3)."""
    tight: bool = False
    """Items are lines of one list rather than paragraphs (no blank line between them): their
    paragraphs are printed without paragraph spacing."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row and body rows of inline cells."""

    id: str
    lang: str
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True, slots=True)
class Note:
    """One footnote: its number and its text."""

    number: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    """The footnotes called in the section above, printed and read at the end of that section."""

    id: str
    lang: str
    notes: tuple[Note, ...]


Block = Heading | Paragraph | Figure | Quote | ListBlock | Table | Notes

# --- Documents ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edition:
    """One language's text of a release."""

    lang: str
    """BCP 47 tag of the edition, e.g. ``es-PE``."""
    title: str
    """The headline."""
    blocks: tuple[Block, ...]
    """The body, in reading order."""
    source: Path
    """The file the edition was read from."""
    summary: str | None = None
    """A one-paragraph summary, where the source gives one."""
    is_original: bool = False
    """True for the language the release was written in; the others are translations."""

    @property
    def primary_language(self) -> str:
        """The language subtag alone (``es`` for ``es-PE``)."""
        return primary(self.lang)


@dataclass(frozen=True, slots=True)
class Release:
    """A press release in one or more languages, with metadata said once for all of them."""

    slug: str
    """Folder name and file stem of every output."""
    root: Path
    """The release folder; nothing outside it is ever read."""
    issuer: dict[str, str]
    """Issuing body by language tag, or under "*" for every language; empty when unknown."""
    editions: tuple[Edition, ...]
    """Original first, then translations in the order the source lists them."""
    date: dt.date | None = None
    """Date of issue; None when the source does not say."""
    series: str | None = None
    """The series the release belongs to (a press office's bulletin name)."""
    identifiers: dict[str, str] = field(default_factory=dict)
    """Identifiers such as a release number or a URN, by scheme."""
    abbreviations: dict[str, dict[str, str]] = field(default_factory=dict)
    """Abbreviation -> expansion, by language tag."""
    lexicons: Mapping[str, Lexicon] = field(default_factory=dict)
    """The release's own lexicon files (``lexicon.<name>.yaml``), by the name in the file name;
    read with the release, so rendering reads no files."""
    office: Office | None = None
    """The press office release.yaml names (``office:``), checked when the release is read."""

    @property
    def original(self) -> Edition:
        """The edition the others were translated from."""
        return self.editions[0]

    def edition(self, lang: str) -> Edition:
        """The edition in ``lang`` (an exact tag or its primary language)."""
        for edition in self.editions:
            if lang in (edition.lang, edition.primary_language):
                return edition
        raise KeyError(lang)

    def issuer_in(self, lang: str) -> str:
        """The issuing body as named in ``lang`` ("" when the source does not say)."""
        original = self.original.lang
        for key in (lang, primary(lang), "*", original, primary(original)):
            if key in self.issuer:
                return self.issuer[key]
        return ""


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, nested ones (quotes, list items) after their container."""
    for block in blocks:
        yield block
        if isinstance(block, Quote):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)


def _inline_images(inlines: tuple[Inline, ...]) -> Iterator[Image]:
    for node in inlines:
        if isinstance(node, Image):
            yield node
        elif isinstance(node, CONTAINERS):
            yield from _inline_images(node.children)


def walk_images(blocks: tuple[Block, ...]) -> Iterator[Image | Figure]:
    """Every image in reading order: figures and inline images (in captions, text and cells)."""
    for block in walk_blocks(blocks):
        if isinstance(block, Figure):
            yield block
            yield from _inline_images(block.caption)
        elif isinstance(block, Heading | Paragraph):
            yield from _inline_images(block.children)
        elif isinstance(block, Table):
            for cell in (*block.header, *(c for row in block.rows for c in row)):
                yield from _inline_images(cell)
        elif isinstance(block, Notes):
            for note in block.notes:
                yield from _inline_images(note.children)


def plain_text(inlines: tuple[Inline, ...], *, line_break: str = "\n") -> str:
    """The text of inlines as a reader sees it (images give their alt text, note calls nothing).

    A hard line break gives ``line_break`` (a space where the text is read aloud).
    """
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Abbr):
            parts.append(node.text)
        elif isinstance(node, Image):
            parts.append(node.alt)
        elif isinstance(node, LineBreak):
            parts.append(line_break)
        elif isinstance(node, NoteRef):
            continue  # a call to a note is not part of the sentence; the note is read after it
        else:
            parts.append(plain_text(node.children, line_break=line_break))
    return "".join(parts)


def block_text(block: Block) -> str:
    """The text of one block, nested blocks joined by blank lines."""
    if isinstance(block, Heading | Paragraph):
        return plain_text(block.children)
    if isinstance(block, Figure):
        return plain_text(block.caption) or block.alt
    if isinstance(block, Quote):
        return "\n\n".join(block_text(b) for b in block.blocks)
    if isinstance(block, ListBlock):
        return "\n".join(block_text(b) for item in block.items for b in item)
    if isinstance(block, Notes):
        return "\n".join(f"{n.number}. {plain_text(n.children)}" for n in block.notes)
    header = " ".join(plain_text(c) for c in block.header)
    body = "\n".join(" ".join(plain_text(c) for c in row) for row in block.rows)
    return f"{header}\n{body}"
