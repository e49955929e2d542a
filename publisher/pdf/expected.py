"""What a reader of the PDF must hear, from the model: text runs in source order, with languages.

The model is laid out as a tree of nodes that mirrors the XHTML the PDF is rendered from, each
node carrying the PDF structure role its element gets, so an element of the PDF's structure tree
can be matched to the node it came from. A node's ``path`` names it: a node's ancestors are the
nodes whose paths are prefixes of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import assert_never

from publisher.model import (
    Abbr,
    Block,
    Edition,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Release,
    Span,
    Styled,
    Table,
    Text,
    plain_text,
)
from publisher.pdf.fonts import printable, stylesheet_fonts
from publisher.pdf.options import PdfOptions
from publisher.render.labels import format_date, label

DEFAULT = PdfOptions()

Path = tuple[int, ...]


def printed_date(date: dt.date, lang: str, options: PdfOptions = DEFAULT) -> str:
    """The release date as the PDF prints it: as ``lang`` writes it, else in ISO 8601.

    ISO 8601 is the fallback for a language whose date words the stylesheet's font cannot draw.
    """
    fonts = stylesheet_fonts(options.css_path)
    return printable([format_date(date, lang), date.isoformat()], fonts)


@dataclass(frozen=True, slots=True)
class Node:
    """One element (or run of text) of the rendered document."""

    path: Path
    role: str
    """The PDF structure role of its element; "" for a run of text."""
    lang: str
    text: str = ""
    """The text of a run."""
    alt: str = ""
    """The text alternative of an image."""
    expansion: str = ""
    """The expansion of an abbreviation."""
    description: str = ""
    """What a link says (its text, or its images' alt text)."""


@dataclass(slots=True)
class Expected:
    """The model's document as nodes."""

    nodes: dict[Path, Node] = field(default_factory=dict)
    runs: list[Node] = field(default_factory=list)
    """Text runs in reading order."""
    images: list[Node] = field(default_factory=list)
    """Images in reading order."""
    headings: list[tuple[int, str]] = field(default_factory=list)
    """(level, text) of every heading in reading order; edition titles are level 1."""

    def node(self, path: Path) -> Node:
        """The node at ``path``."""
        return self.nodes[path]

    def find(self, path: Path, role: str) -> Node | None:
        """The nearest node at or above ``path`` with ``role``."""
        for end in range(len(path), -1, -1):
            node = self.nodes.get(path[:end])
            if node is not None and node.role == role:
                return node
        return None

    def nearest(self, path: Path) -> Node:
        """The node at ``path``, or its nearest ancestor that is a node."""
        for end in range(len(path), -1, -1):
            node = self.nodes.get(path[:end])
            if node is not None:
                return node
        return self.nodes[()]

    @property
    def text(self) -> str:
        """All runs joined: what a screen reader says, in order."""
        return "".join(run.text for run in self.runs)


class _Builder:
    def __init__(self, options: PdfOptions) -> None:
        self.out = Expected()
        self.options = options

    def add(self, path: Path, role: str, lang: str, **extra: str) -> Path:
        node = Node(path, role, lang, **extra)
        self.out.nodes[path] = node
        if not role:
            self.out.runs.append(node)
        elif role == "/Figure":
            self.out.images.append(node)
        return path

    def text(self, path: Path, text: str, lang: str) -> None:
        self.add(path, "", lang, text=text)

    def inlines(self, path: Path, nodes: Sequence[Inline], parent: str) -> None:
        for index, node in enumerate(nodes):
            self.inline((*path, index), node, parent)

    def inline(self, path: Path, node: Inline, parent: str) -> None:
        if isinstance(node, Text):
            if node.lang == parent:
                self.text(path, node.text, node.lang)
            else:
                self.text((*self.add(path, "/Span", node.lang), 0), node.text, node.lang)
        elif isinstance(node, Abbr):
            self.add(path, "/NonStruct", node.lang, expansion=node.expansion)
            self.text((*path, 0), node.text, node.lang)
        elif isinstance(node, Emphasis):
            self.inlines(self.add(path, "/NonStruct", node.lang), node.children, node.lang)
        elif isinstance(node, Span):
            self.inlines(self.add(path, "/Span", node.lang), node.children, node.lang)
        elif isinstance(node, Link):
            said = plain_text(node.children).strip()
            self.add(path, "/Link", node.lang, description=said or node.href)
            self.inlines(path, node.children, node.lang)
        elif isinstance(node, Image):
            self.add(path, "/Figure", node.lang, alt=node.alt)
        elif isinstance(node, Styled):  # <s>, <sup>, <sub>
            self.inlines(self.add(path, "/NonStruct", node.lang), node.children, node.lang)
        elif isinstance(node, NoteRef):  # <sup><a>1</a></sup>
            sup = self.add(path, "/NonStruct", node.lang)
            said = f"{label('note', parent)} {node.number}"
            self.add((*sup, 0), "/Link", node.lang, description=said)
            self.text((*sup, 0, 0), str(node.number), node.lang)
        elif not isinstance(node, LineBreak):  # a line break adds no text
            assert_never(node)

    def block(self, path: Path, block: Block) -> None:
        lang = block.lang
        if isinstance(block, Heading):
            self.inlines(self.add(path, f"/H{block.level}", lang), block.children, lang)
            self.out.headings.append((block.level, plain_text(block.children)))
        elif isinstance(block, Paragraph):
            self.inlines(self.add(path, "/P", lang), block.children, lang)
        elif isinstance(block, Figure):
            self.add(path, "/NonStruct", lang)
            self.add((*path, 0), "/Figure", lang, alt=block.alt)
            if block.caption:
                self.inlines(self.add((*path, 1), "/Caption", lang), block.caption, lang)
        elif isinstance(block, Quote):
            self.add(path, "/BlockQuote", lang)
            for index, child in enumerate(block.blocks):
                self.block((*path, index), child)
        elif isinstance(block, ListBlock):
            self.list_block(path, block)
        elif isinstance(block, Notes):  # a numbered list of one paragraph per note
            self.add(path, "/L", lang)
            for index, note in enumerate(block.notes):
                self.add((*path, index), "/LI", lang)
                self.inlines(self.add((*path, index, 0), "/P", lang), note.children, lang)
        elif isinstance(block, Table):
            self.table(path, block)
        else:
            assert_never(block)

    def list_block(self, path: Path, block: ListBlock) -> None:
        """A list; a tight list's paragraphs are spans of their item (<li><span>)."""
        self.add(path, "/L", block.lang)
        for index, item in enumerate(block.items):
            self.add((*path, index), "/LI", block.lang)
            for position, child in enumerate(item):
                if block.tight and isinstance(child, Paragraph):
                    span = self.add((*path, index, position), "/Span", child.lang)
                    self.inlines(span, child.children, child.lang)
                else:
                    self.block((*path, index, position), child)

    def table(self, path: Path, table: Table) -> None:
        lang = table.lang
        self.add(path, "/Table", lang)
        self.add((*path, 0), "/THead", lang)
        self.add((*path, 0, 0), "/TR", lang)
        for index, cell in enumerate(table.header):
            self.inlines(self.add((*path, 0, 0, index), "/TH", lang), cell, lang)
        self.add((*path, 1), "/TBody", lang)
        for row_index, row in enumerate(table.rows):
            self.add((*path, 1, row_index), "/TR", lang)
            for index, cell in enumerate(row):
                self.inlines(self.add((*path, 1, row_index, index), "/TD", lang), cell, lang)

    def edition(self, release: Release, path: Path, edition: Edition) -> None:
        lang = edition.lang
        self.add(path, "/Art", lang)
        head = self.add((*path, 0), "/NonStruct", lang)
        issuer = release.issuer_in(lang)
        if issuer:
            self.text((*self.add((*head, 0), "/P", lang), 0), issuer, lang)
        self.text((*self.add((*head, 1), "/H1", lang), 0), edition.title, lang)
        self.out.headings.append((1, edition.title))
        if release.date is not None or release.series:
            details = self.add((*head, 2), "/P", lang)
            if release.date is not None:
                date = self.add((*details, 0), "/NonStruct", lang)
                self.text((*date, 0), printed_date(release.date, lang, self.options), lang)
            if release.date is not None and release.series:
                self.text((*details, 1), " · ", lang)
            if release.series:
                self.text((*self.add((*details, 2), "/Span", lang), 0), release.series, lang)
        if edition.summary:
            self.text((*self.add((*head, 3), "/P", lang), 0), edition.summary, lang)
        for index, block in enumerate(edition.blocks, start=1):
            self.block((*path, index), block)


def expected(
    release: Release, editions: Sequence[Edition], options: PdfOptions = DEFAULT
) -> Expected:
    """The document the PDF of ``editions`` must contain, as nodes."""
    builder = _Builder(options)
    builder.add((), "/Part", editions[0].lang)
    for index, edition in enumerate(editions):
        builder.edition(release, (index,), edition)
    return builder.out
