"""Pair the marked content of a PDF, read in structure-tree order, with the model's text runs.

Text is compared character by character, whitespace aside (a PDF shows line breaks by position,
not by space characters). Each marked-content sequence learns which runs it shows, and each
structure element which model node it was made from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from publisher.pdf.content import PageContent
from publisher.pdf.expected import Expected, Node, Path
from publisher.pdf.fonts import invisible
from publisher.pdf.structure import ContentRef, Element

UNREAD_ROLES = frozenset({"/Lbl", "/Figure"})
"""Roles whose painted text is not source text: list markers the renderer generates, and the
labels drawn inside an image (an SVG chart's <text>), which its alt text stands for."""
CONTEXT = 30
SOFT_HYPHEN = "\u00ad"
HYPHENS = frozenset("-\u2010")
"""What a renderer shows for a soft hyphen where it breaks the line."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """Where the text read in structure order first departs from the source text."""

    page: int | None
    """Page index of the marked content that departs, or None when text is missing at the end."""
    expected: str
    found: str

    def __str__(self) -> str:
        where = f"page {self.page + 1}: " if self.page is not None else ""
        return f"{where}expected {self.expected!r}, the structure tree reads {self.found!r}"


@dataclass(slots=True)
class Alignment:
    """Which runs each marked-content sequence shows, and the first mismatch, if any."""

    expected: Expected
    runs: dict[ContentRef, set[int]] = field(default_factory=dict)
    """Marked content -> indexes into ``expected.runs``."""
    mismatch: Mismatch | None = None
    images: dict[int, Node] = field(default_factory=dict)
    """id() of a /Figure element -> the image node it shows, by reading order."""
    image_count: int = 0
    """How many /Figure elements the tree has."""
    repeated_heads: list[tuple[Element, Element]] = field(default_factory=list)
    """(copy, original) for each table head the renderer painted again on a later page."""
    _nodes: dict[int, Node | None] = field(default_factory=dict)
    """id() of an element -> its node, once found: joining the pieces of an element keeps it
    made from the same node, and asking again would read its whole content again."""

    def covered(self, element: Element) -> set[int]:
        """Indexes of the runs shown anywhere below ``element``."""
        found: set[int] = set()
        for _, ref in element.content():
            found |= self.runs.get(ref, set())
        return found

    def node(self, element: Element) -> Node | None:
        """The model node ``element`` was made from, or None when it shows no source text."""
        key = id(element)
        if key not in self._nodes:
            self._nodes[key] = self._node(element)
        return self._nodes[key]

    def _node(self, element: Element) -> Node | None:
        if element.role == "/Figure" and id(element) in self.images:
            return self.images[id(element)]
        covered = self.covered(element)
        if not covered:
            return None
        paths = [self.expected.runs[index].path for index in covered]
        common = _common_prefix(paths)
        match = self.expected.find(common, element.role)
        return match if match is not None else self.expected.nearest(common)


def _common_prefix(paths: Sequence[Path]) -> Path:
    first = paths[0]
    length = len(first)
    for path in paths[1:]:
        length = min(length, len(path))
        for index in range(length):
            if path[index] != first[index]:
                length = index
                break
    return first[:length]


def _chars(text: str, soft_hyphens: bool = False) -> list[str]:
    """The visible characters of ``text``: no whitespace, nothing without a glyph.

    With ``soft_hyphens``, soft hyphens are kept: where the line breaks at one, the PDF shows a
    hyphen for it, elsewhere nothing.
    """
    return [
        c
        for c in unicodedata.normalize("NFC", text)
        if not c.isspace() and (not invisible(c) or (soft_hyphens and c == SOFT_HYPHEN))
    ]


def _unread(owner: Element) -> bool:
    return any(node.role in UNREAD_ROLES for node in (owner, *owner.ancestors()))


def reading_order(tree: Element) -> Iterable[tuple[Element, ContentRef]]:
    """The marked content a reader hears, in structure-tree order.

    List labels and whatever a figure paints are left out: a figure is heard as its alt text.
    """
    return ((owner, ref) for owner, ref in tree.content() if not _unread(owner))


def _head_of(owner: Element) -> Element | None:
    return next((node for node in (owner, *owner.ancestors()) if node.role == "/THead"), None)


def _text_of(element: Element, pages: Sequence[PageContent]) -> list[str]:
    return [
        char
        for _, ref in element.content()
        if ref.page < len(pages)
        for char in _chars(pages[ref.page].texts.get(ref.mcid, ""))
    ]


@dataclass(slots=True)
class _Head:
    """The last table head read as source text: its element, table and text."""

    element: Element
    table: Path
    text: list[str]


def align(tree: Element, pages: Sequence[PageContent], expected: Expected) -> Alignment:
    """Align the marked content below ``tree`` with the runs of ``expected``.

    A table that crosses pages has its head painted again at the top of each later page
    (WeasyPrint tags each copy as a /THead); a copy met while the source is inside that table's
    body is not source text, and is listed in ``repeated_heads`` instead.
    """
    result = Alignment(expected)
    wanted: list[tuple[str, int]] = [
        (char, index)
        for index, run in enumerate(expected.runs)
        for char in _chars(run.text, soft_hyphens=True)
    ]
    position = 0
    head: Element | None = None
    last_head: _Head | None = None
    repeat = False
    for owner, ref in reading_order(tree):
        this_head = _head_of(owner)
        if this_head is not head:
            head = this_head
            repeat = False
            if head is not None and position < len(wanted):
                run = expected.runs[wanted[position][1]]
                head_text = _text_of(head, pages)
                table = expected.find(run.path, "/Table")
                if last_head is not None and _in_body(run.path, last_head.table):
                    repeat = head_text == last_head.text
                    if repeat:
                        result.repeated_heads.append((head, last_head.element))
                elif table is not None:
                    last_head = _Head(head, table.path, head_text)
        if repeat:
            continue
        text = pages[ref.page].texts.get(ref.mcid, "") if ref.page < len(pages) else ""
        chars = _chars(text)
        covered: set[int] = set()
        for offset, char in enumerate(chars):
            while position < len(wanted) and wanted[position][0] == SOFT_HYPHEN:
                if char in HYPHENS:
                    break
                position += 1
            if position < len(wanted) and wanted[position][0] == SOFT_HYPHEN:
                covered.add(wanted[position][1])
                position += 1
                continue
            if position >= len(wanted) or wanted[position][0] != char:
                before = "".join(c for c, _ in wanted[max(0, position - CONTEXT) : position])
                after = "".join(c for c, _ in wanted[position : position + CONTEXT])
                found = "".join(chars[offset : offset + CONTEXT])
                result.mismatch = Mismatch(ref.page, before[-10:] + after, before[-10:] + found)
                return _with_images(result, tree)
            covered.add(wanted[position][1])
            position += 1
        result.runs[ref] = covered
    while position < len(wanted) and wanted[position][0] == SOFT_HYPHEN:
        position += 1
    if position < len(wanted):
        missing = "".join(c for c, _ in wanted[position : position + CONTEXT])
        result.mismatch = Mismatch(None, missing, "")
    return _with_images(result, tree)


def _in_body(path: Path, table: Path) -> bool:
    """True when ``path`` lies in the body (the second part) of the table at ``table``."""
    return len(path) > len(table) and path[: len(table)] == table and path[len(table)] == 1


def _with_images(result: Alignment, tree: Element) -> Alignment:
    figures = [element for element in tree.walk() if element.role == "/Figure"]
    result.image_count = len(figures)
    for element, node in zip(figures, result.expected.images, strict=False):
        result.images[id(element)] = node
    return result
