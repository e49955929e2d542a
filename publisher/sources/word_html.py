"""mammoth's HTML of a Word document -> drafts of editions, in the model's terms.

mammoth writes a small, regular HTML: ``h1``-``h6``, ``p``, ``ul``/``ol``/``li``, ``table``,
``strong``, ``em``, ``s``, ``sup``, ``sub``, ``a``, ``img``, ``br``, ``blockquote`` (from the style
map), footnote calls ``<sup><a href="#footnote-1">[1]</a></sup>`` and the notes as a last
``<ol>`` of ``<li id="footnote-1">``. Each becomes its model node; footnotes go at the end of
the section that calls them, as the Markdown reader places them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.model import (
    CONTAINERS,
    Block,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Styled,
    Table,
    Text,
    plain_text,
)
from publisher.sources.draft import Draft
from publisher.sources.invisible import InvisibleCharacter, clean_text
from publisher.sources.paths import WEB_SCHEMES
from publisher.sources.plaintext import office_header, separator

STYLES: dict[str, Literal["strike", "sup", "sub"]] = {"s": "strike", "sup": "sup", "sub": "sub"}
NOTE_CALL = re.compile(r"#(?P<id>(?:footnote|endnote)-[\w-]+)$")
NOTE_ITEM = re.compile(r"(?P<id>(?:footnote|endnote)-[\w-]+)$")
"""A note is known by its kind and number: Word numbers footnotes and endnotes apart, so
``footnote-1`` and ``endnote-1`` are two notes."""
BACK_LINK = re.compile(r"#(?:footnote|endnote)-ref-")
VOID = frozenset({"img", "br"})


@dataclass(slots=True)
class Element:
    """An HTML element as mammoth wrote it."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        """The element's class names."""
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    """Mammoth's HTML as a tree."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(slots=True)
class Converted:
    """The editions of one document and what could not be kept exactly."""

    drafts: list[Draft]
    warnings: list[str]


def convert(
    html: str,
    path: Path,
    langs: Sequence[str],
    split: str | None,
    *,
    title: str | None = None,
    numbers: Sequence[int] = (),
) -> Converted:
    """The editions in mammoth's ``html`` of ``path``; ``langs`` tags them in order.

    ``title`` is the document's title property, the first edition's title when no paragraph is
    styled as one. ``numbers`` are the numbers Word shows on the ordered list items, in
    document order (:mod:`.word_numbering`): each list starts at its first item's.
    """
    root = parse_html(html)
    converter = _Converter(path, title)
    converter.number_paragraphs(root)
    converter.read_notes(root)
    converter.read_anchors(root)
    _number_lists(root, numbers)
    sections = converter.split(root.children, langs, split)
    drafts = [converter.draft(blocks, lang, index) for index, (lang, blocks) in enumerate(sections)]
    if drafts and converter.release:
        first = drafts[0]
        drafts[0] = Draft(
            first.lang,
            first.title,
            first.blocks,
            first.lines,
            first.source,
            first.summary,
            converter.release,
        )
    return Converted(drafts, converter.warnings)


class _Converter:
    def __init__(self, path: Path, title: str | None = None) -> None:
        self.path = path
        self.title = " ".join((title or "").split()) or None
        self.anchors: dict[str, str] = {}
        """A bookmark's name in the document -> the anchor of the heading it marks (or of the
        heading above it)."""
        self.heading_anchors: dict[int, str] = {}
        """id() of a heading element -> its anchor."""
        self.notes: dict[str, list[Element | str]] = {}
        """Footnote id in the document -> its content."""
        self.numbers: dict[str, int] = {}
        """Footnote id -> its number, by first call."""
        self.warnings: list[str] = []
        self.release: dict[str, object] = {}
        self.paragraphs: dict[int, int] = {}
        """id() of a top-level element -> the number of the Word paragraph it starts at."""

    # --- the document's parts -------------------------------------------------------------

    def number_paragraphs(self, root: Element) -> None:
        """Number the top-level elements by the Word paragraph each starts at, from 1.

        mammoth writes each paragraph of the document (blank ones too, as it is asked to) as one
        ``p``, heading or list item, inside tables too, so counting them counts paragraphs.
        """
        count = 0
        for child in _elements(root):
            self.paragraphs[id(child)] = count + 1
            count += _paragraph_count(child)

    def paragraph(self, element: Element) -> int:
        """The Word paragraph a top-level element starts at."""
        return self.paragraphs.get(id(element), 0)

    def read_notes(self, root: Element) -> None:
        """Take the notes list (``<li id="footnote-1">``) out of the body."""
        for child in list(root.children):
            if not isinstance(child, Element) or child.tag != "ol":
                continue
            items = [c for c in child.children if isinstance(c, Element)]
            ids = [NOTE_ITEM.match(c.attrs.get("id", "")) for c in items]
            if items and all(ids):
                for item, match in zip(items, ids, strict=True):
                    assert match is not None
                    self.notes[match["id"]] = item.children
                root.children.remove(child)

    def read_anchors(self, root: Element) -> None:
        """Give each bookmarked heading an anchor; a bookmark elsewhere leads to the heading above.

        pandoc writes a heading's bookmark just before it, Word and LibreOffice inside it.
        """
        used: set[str] = set()
        current: str | None = None
        waiting: list[str] = []
        for child in _elements(root):
            names = [a.attrs["id"] for a in _anchors(child)]
            if child.tag == "a" and not _text(child).strip():
                waiting += names
                continue
            if re.fullmatch(r"h[1-6]", child.tag):
                names = waiting + names
                waiting = []
                if names:
                    current = _anchor_id(names[0], used)
                    used.add(current)
                    self.heading_anchors[id(child)] = current
                else:
                    current = None
            else:
                names, waiting = waiting + names, []
            for name in names:
                if current is not None:
                    self.anchors.setdefault(name, current)

    def split(
        self, nodes: list[Element | str], langs: Sequence[str], split: str | None
    ) -> list[tuple[str, list[Element]]]:
        """The top-level elements, cut into editions at a paragraph naming a translation."""
        custom = re.compile(split, re.I) if split else None
        parts: list[tuple[str | None, int, list[Element]]] = [(None, 1, [])]
        for node in nodes:
            if not isinstance(node, Element):
                continue
            text = _text(node).strip()
            detected = separator(text, custom) if node.tag == "p" else None
            if detected is not None:
                parts.append((detected or None, self.paragraph(node), []))
            else:
                parts[-1][2].append(node)
        sections: list[tuple[str, list[Element]]] = []
        for index, (detected, start, elements) in enumerate(parts):
            if index < len(langs):
                lang = normalize_tag(langs[index])
            elif detected is not None:
                lang = detected
            else:
                raise SourceError(
                    self.path,
                    f"paragraph {start}: edition {index + 1} starts here and has no language: "
                    f"give --langs with {index + 1} tags",
                )
            sections.append((lang, elements))
        return sections

    def draft(self, elements: list[Element], lang: str, index: int) -> Draft:
        """One edition: its title, summary and blocks, the office header taken out."""
        elements = [e for e in elements if _text(e).strip() or _images(e)]
        if index == 0:
            found, _, skipped = office_header([_text(e) for e in elements], self.path, 1)
            self.release.update(found)
            elements = elements[skipped:]
        if not elements:
            raise SourceError(self.path, f"the {lang} edition is empty: write its title and text")
        first = next((e for e in elements if "title" in e.classes()), None)
        if first is None and re.fullmatch(r"h[1-6]", elements[0].tag):
            first = elements[0]
        if first is None and index > 0 and len(elements) > 1:
            first = elements[0]  # a translation's title is its first paragraph, as in plain text
        if first is not None:
            title = " ".join(_text(first).split())
            if (anchor := self.heading_anchors.get(id(first))) is not None:
                # the heading is the title, above the body: a link to it has nowhere to lead
                self.anchors = {k: v for k, v in self.anchors.items() if v != anchor}
        else:  # the body starts at the first paragraph; the title is the document's
            title = (self.title if index == 0 else None) or self.path.stem
        rest = [e for e in elements if e is not first]
        subtitle = next((e for e in rest if "subtitle" in e.classes()), None)
        summary = " ".join(_text(subtitle).split()) if subtitle is not None else None
        rest = [e for e in rest if e is not subtitle]
        levels = [int(e.tag[1]) for e in rest if re.fullmatch(r"h[1-6]", e.tag)]
        shift = max(0, 2 - min(levels)) if levels else 0
        body = _Body(lang)
        for element in rest:
            for block in self.blocks(element, lang, shift):
                body.add(block, self.paragraph(element))
        body.flush(self.note_texts(lang))
        if not body.blocks:
            raise SourceError(self.path, f"the {lang} edition has a title but no text")
        return Draft(
            lang=lang,
            title=title,
            blocks=tuple(body.blocks),
            lines=tuple(body.paragraphs),  # a document has no lines: its paragraphs
            source=self.path.resolve(),
            summary=summary,
        )

    def note_texts(self, lang: str) -> dict[int, tuple[Inline, ...]]:
        texts: dict[int, tuple[Inline, ...]] = {}
        for ident, number in self.numbers.items():
            content = self.notes.get(ident, [])
            parts: list[Inline] = []
            for node in content:
                inlines = self.inlines([node], lang) if not _is_block(node) else ()
                if isinstance(node, Element) and _is_block(node):
                    inlines = self.inlines(node.children, lang)
                if inlines and parts:
                    parts.append(LineBreak(lang))
                parts += inlines
            texts[number] = _strip(tuple(parts))
        return texts

    # --- blocks -------------------------------------------------------------------------------

    def blocks(self, element: Element, lang: str, shift: int) -> list[Block]:
        tag = element.tag
        if re.fullmatch(r"h[1-6]", tag):
            level = min(6, int(tag[1]) + shift)
            anchor = self.heading_anchors.get(id(element))
            return [Heading("", lang, level, self.inlines(element.children, lang), anchor)]
        if tag == "p":
            children = self.inlines(element.children, lang)
            if not children:
                return []
            if len(children) == 1 and isinstance(children[0], Image):
                image = children[0]
                return [Figure("", lang, image.src, image.alt)]
            return [Paragraph("", lang, children)]
        if tag == "blockquote":
            inner = [b for c in _elements(element) for b in self.blocks(c, lang, shift)]
            return [Quote("", lang, tuple(inner))] if inner else []
        if tag in ("ul", "ol"):
            items = [self.item(li, lang, shift) for li in _elements(element) if li.tag == "li"]
            start = int(element.attrs.get("start", "1") or 1) if tag == "ol" else 1
            return [ListBlock("", lang, tag == "ol", tuple(i for i in items if i), start)]
        if tag == "table":
            return [self.table(element, lang)]
        inlines = self.inlines([element], lang)
        return [Paragraph("", lang, inlines)] if inlines else []

    def item(self, li: Element, lang: str, shift: int) -> tuple[Block, ...]:
        """A list item: its text as a paragraph, then its nested lists and paragraphs."""
        blocks: list[Block] = []
        loose: list[Element | str] = []
        for child in li.children:
            if isinstance(child, Element) and _is_block(child):
                if text := self.inlines(loose, lang):
                    blocks.append(Paragraph("", lang, text))
                loose = []
                blocks += self.blocks(child, lang, shift)
            else:
                loose.append(child)
        if text := self.inlines(loose, lang):
            blocks.append(Paragraph("", lang, text))
        return tuple(blocks)

    def table(self, element: Element, lang: str) -> Table:
        """A table; a cell merged across rows is repeated in each of them.

        Word writes a vertically merged cell once (mammoth gives it a ``rowspan``): repeated,
        every cell of the rows below stays in its column.
        """
        rows: list[tuple[list[tuple[Inline, ...]], bool]] = []
        spanning: dict[int, tuple[int, tuple[Inline, ...]]] = {}
        """Column -> (rows still covered, the cell's content) of a cell merged downwards."""
        for row in _rows(element):
            cells: list[tuple[Inline, ...]] = []
            header = False

            for cell in _elements(row):
                if cell.tag not in ("td", "th"):
                    continue
                _carry(cells, spanning)
                header = header or cell.tag == "th"
                parts: list[Inline] = []
                for part in cell.children:
                    inner = (
                        part.children if isinstance(part, Element) and _is_block(part) else [part]
                    )
                    text = self.inlines(inner, lang)
                    if text and parts:
                        parts.append(Text(" ", lang))
                    parts += text
                content = _strip(tuple(parts))
                rowspan = int(cell.attrs.get("rowspan", "1") or 1)
                if rowspan > 1:
                    spanning[len(cells)] = (rowspan - 1, content)
                cells.append(content)
                span = int(cell.attrs.get("colspan", "1") or 1)
                cells += [()] * (span - 1)
            _carry(cells, spanning)
            rows.append((cells, header))
        if not rows:
            return Table("", lang, (), ())
        width = max(len(cells) for cells, _ in rows)
        padded = [tuple(cells + [()] * (width - len(cells))) for cells, _ in rows]
        return Table("", lang, padded[0], tuple(padded[1:]))

    # --- inlines ------------------------------------------------------------------------------

    def inlines(self, nodes: Sequence[Element | str], lang: str) -> tuple[Inline, ...]:
        return _strip(self._inlines(nodes, lang))

    def _inlines(self, nodes: Sequence[Element | str], lang: str) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(Text(self.clean(re.sub(r"\s+", " ", node)), lang))
                continue
            tag = node.tag
            if tag in ("strong", "b", "em", "i"):
                children = self._inlines(node.children, lang)
                out.append(Emphasis(children, lang, tag in ("strong", "b")))
            elif tag == "sup" and (call := self.note_call(node)) is not None:
                out.append(NoteRef(call, lang))
            elif tag in STYLES:
                out.append(Styled(self._inlines(node.children, lang), lang, STYLES[tag]))
            elif tag == "a":
                out += self.link(node, lang)
            elif tag == "img":
                out.append(
                    Image(node.attrs.get("src", ""), node.attrs.get("alt", "").strip(), lang)
                )
            elif tag == "br":
                out.append(LineBreak(lang))
            else:
                out += self._inlines(node.children, lang)
        return tuple(_merge(out))

    def link(self, node: Element, lang: str) -> list[Inline]:
        href = node.attrs.get("href", "")
        children = self._inlines(node.children, lang)
        if BACK_LINK.match(href):
            return []
        if href.startswith("#") and (anchor := self.anchors.get(href[1:])) is not None:
            return [Link(f"#{anchor}", children, lang)]
        if not href or href.startswith("#"):  # a bookmark, or a link to none: kept as text
            if href:
                self.warnings.append(
                    f"{self.path}: the link '{plain_text(children).strip()}' leads to a place "
                    f"in the document that is not a heading ({href}); kept as plain text"
                )
            return list(children)
        address = web_address(href)
        if address is None:  # a file on this computer or a network share (\\server\share)
            self.warnings.append(
                f"{self.path}: the link '{plain_text(children).strip()}' leads to a file "
                f"({href.strip()[:60]}), not a web page; kept as plain text: put the file on "
                "the web and link to it there, or beside the release"
            )
            return list(children)
        return [Link(address, children, lang)]

    def note_call(self, sup: Element) -> int | None:
        """The number of the footnote a ``<sup><a href="#footnote-1">`` calls, else None."""
        while len(sup.children) == 1 and isinstance(sup.children[0], Element):
            if sup.children[0].tag != "sup":  # a call raised twice (by its style and by mammoth)
                break
            sup = sup.children[0]
        links = [c for c in sup.children if isinstance(c, Element) and c.tag == "a"]
        match = NOTE_CALL.match(links[0].attrs.get("href", "")) if len(links) == 1 else None
        if match is None or match["id"] not in self.notes:
            return None
        return self.numbers.setdefault(match["id"], len(self.numbers) + 1)

    def clean(self, text: str) -> str:
        try:
            return clean_text(text)
        except InvisibleCharacter as problem:
            raise SourceError(
                self.path,
                f"near '{text.strip()[:30]}': {problem.message.split(': ', 1)[1]}",
            ) from None


class _Body:
    """Blocks, each section followed by the notes it calls (as the Markdown reader does)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.blocks: list[Block] = []
        self.paragraphs: list[int] = []
        """The Word paragraph each block comes from (the notes: the paragraph before them)."""
        self.pending: list[int] = []

    def add(self, block: Block, paragraph: int) -> None:
        if isinstance(block, Heading) and self.pending:
            self._notes()
        self.blocks.append(block)
        self.paragraphs.append(paragraph)
        self.pending += [n for n in _calls(block) if n not in self.pending]

    def _notes(self) -> None:
        self.blocks.append(Notes("", self.lang, tuple(Note(n, ()) for n in self.pending)))
        self.paragraphs.append(self.paragraphs[-1] if self.paragraphs else 0)
        self.pending = []

    def flush(self, texts: dict[int, tuple[Inline, ...]]) -> None:
        if self.pending:
            self._notes()
        self.blocks = [
            Notes(b.id, b.lang, tuple(Note(n.number, texts.get(n.number, ())) for n in b.notes))
            if isinstance(b, Notes)
            else b
            for b in self.blocks
        ]


def _calls(block: Block) -> list[int]:
    if isinstance(block, Heading | Paragraph):
        return _inline_calls(block.children)
    if isinstance(block, Quote):
        return [n for b in block.blocks for n in _calls(b)]
    if isinstance(block, ListBlock):
        return [n for item in block.items for b in item for n in _calls(b)]
    if isinstance(block, Table):
        cells = (*block.header, *(c for row in block.rows for c in row))
        return [n for cell in cells for n in _inline_calls(cell)]
    return []


def _inline_calls(nodes: tuple[Inline, ...]) -> list[int]:
    found: list[int] = []
    for node in nodes:
        if isinstance(node, NoteRef):
            found.append(node.number)
        elif isinstance(node, CONTAINERS):
            found += _inline_calls(node.children)
    return found


def _number_lists(root: Element, numbers: Sequence[int]) -> None:
    """Give each ``<ol>`` the number Word shows on its first item (mammoth counts from 1).

    The items are matched with the numbered paragraphs in document order; if their counts
    differ (a numbering this reading does not follow), every list keeps counting from 1.
    """
    items: list[tuple[Element, int]] = []

    def walk(element: Element) -> None:
        for child in _elements(element):
            if element.tag == "ol" and child.tag == "li":
                items.append((element, len(items)))
            walk(child)

    walk(root)
    if len(items) != len(numbers):
        return
    for ol, index in reversed(items):  # the first item of each list is the last one set
        ol.attrs["start"] = str(numbers[index])


def _carry(
    cells: list[tuple[Inline, ...]], spanning: dict[int, tuple[int, tuple[Inline, ...]]]
) -> None:
    """Put in ``cells`` the merged cells from rows above that cover the next columns."""
    while (column := len(cells)) in spanning:
        left, content = spanning[column]
        cells.append(content)
        if left <= 1:
            del spanning[column]
        else:
            spanning[column] = (left - 1, content)


def web_address(href: str) -> str | None:
    """``href`` as a web address Markdown can hold, else None (a file, a share, a path).

    Word keeps an address as typed: spaces and line breaks in it are dropped as a browser
    would, and angle brackets, backslashes and quotes are percent-encoded, so the link stays
    one link in the Markdown written back.
    """
    address = re.sub(r"\s+", "", href)
    if urlsplit(address).scheme.lower() not in WEB_SCHEMES:
        return None
    return address.translate(_URL_ESCAPES)


_URL_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in '<>\\"`'})


def _anchors(element: Element) -> list[Element]:
    """The bookmarks (``<a id="...">`` without an address) in ``element``, itself included."""
    found = [element] if element.tag == "a" and element.attrs.get("id") else []
    found = [a for a in found if "href" not in a.attrs]
    return found + [a for child in _elements(element) for a in _anchors(child)]


def _anchor_id(name: str, used: set[str]) -> str:
    """A heading id (a letter, then letters, digits, '-' and '_') from a bookmark's name."""
    anchor = re.sub(r"[^\w-]+", "-", name).strip("-_") or "seccion"
    if not re.match(r"[A-Za-z]", anchor):
        anchor = f"s-{anchor}"
    candidate, number = anchor, 2
    while candidate in used:
        candidate, number = f"{anchor}-{number}", number + 1
    return candidate


def _elements(element: Element) -> list[Element]:
    return [c for c in element.children if isinstance(c, Element)]


def _rows(table: Element) -> list[Element]:
    rows: list[Element] = []
    for child in _elements(table):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows += [r for r in _elements(child) if r.tag == "tr"]
    return rows


def _is_block(node: Element | str) -> bool:
    return isinstance(node, Element) and node.tag in (
        "p",
        "ul",
        "ol",
        "table",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    )


def _text(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(c) for c in node.children)


def _paragraph_count(element: Element) -> int:
    """How many Word paragraphs an element of mammoth's HTML holds."""
    own = 1 if element.tag in ("p", "li") or re.fullmatch(r"h[1-6]", element.tag) else 0
    return own + sum(_paragraph_count(child) for child in _elements(element))


def _images(node: Element) -> bool:
    return node.tag == "img" or any(isinstance(c, Element) and _images(c) for c in node.children)


def _merge(nodes: list[Inline]) -> list[Inline]:
    """Neighbouring texts of one language joined, empty ones left out."""
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and not node.text:
            continue
        previous = merged[-1] if merged else None
        if isinstance(node, Text) and isinstance(previous, Text):
            merged[-1] = Text((previous.text + node.text).replace("  ", " "), node.lang)
        else:
            merged.append(node)
    return merged


def _strip(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inlines without the spaces at their two ends."""
    out = list(nodes)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(), out[0].lang)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(), out[-1].lang)
    out = [n for n in out if not (isinstance(n, Text) and not n.text)]
    return tuple(out) if plain_text(tuple(out)).strip() or _has_atoms(out) else ()


def _has_atoms(nodes: list[Inline]) -> bool:
    return any(isinstance(n, Image | NoteRef) for n in nodes)
