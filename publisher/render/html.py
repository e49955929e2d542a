"""Release editions -> XHTML, shared by the PDF and EPUB backends.

Every element whose language differs from its parent gets ``lang`` (and ``xml:lang`` in XHTML), so a
reading system or a PDF tagger can switch voice passage by passage.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import assert_never

from publisher.languages import display_name
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
)
from publisher.render.labels import format_date, label

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """How the XHTML is written for one backend."""

    stylesheets: tuple[str, ...] = ()
    """Stylesheet hrefs linked from the head."""
    epub: bool = False
    """Add epub:type semantics (and the EPUB namespace)."""
    image_prefix: str = ""
    """Prefix for image paths (the EPUB keeps images in a folder of their own)."""
    translation_links: dict[str, str] | None = None
    """Language tag -> document href: link each block to the same block in that translation."""
    sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None
    """Block id -> (start, end) of the passages read aloud one at a time, for read-along.

    Offsets count the block's text as the narration reads it (a paragraph's or heading's
    inlines, a figure's caption; an image counts as its alt text, a line break as one space).
    Each passage is wrapped in ``<span id="<block id>-s<n>" class="sentence">`` (see
    :func:`sentence_id`); a block whose passages would split a link, an abbreviation or an
    image is written as usual. When set, the issuer line, the date and the table rows get ids
    too (:func:`issuer_id`, :func:`date_id`, :func:`row_id`).
    """


def title_id(lang: str) -> str:
    """Id of an edition's title heading."""
    return f"title-{lang}"


def issuer_id(lang: str) -> str:
    """Id of the issuer line above the title (written only with ``sentences``)."""
    return f"issuer-{lang}"


def date_id(lang: str) -> str:
    """Id of the date of issue below the title (written only with ``sentences``)."""
    return f"date-{lang}"


def sentence_id(block_id: str, number: int) -> str:
    """Id of a block's ``number``-th passage read aloud (from 1)."""
    return f"{block_id}-s{number}"


def note_id(number: int) -> str:
    """Id of an edition's footnote ``number``."""
    return f"note-{number}"


STYLED_TAGS = {"strike": "s", "sup": "sup", "sub": "sub", "code": "code"}
"""The element each :class:`~publisher.model.Styled` style is written as."""


def row_id(table_id: str, number: int) -> str:
    """Id of a table's ``number``-th body row (from 1; written only with ``sentences``)."""
    return f"{table_id}-r{number}"


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value, quote=True)}"'


def _title(title: str | None) -> str:
    return "" if title is None else _attr("title", title)


def _lang(lang: str, parent: str | None) -> str:
    return "" if lang == parent else _attr("lang", lang) + _attr("xml:lang", lang)


class _Writer:
    def __init__(self, options: HtmlOptions, id_prefix: str) -> None:
        self.options = options
        self.id_prefix = id_prefix

    # --- inlines ---
    def inlines(self, nodes: Iterable[Inline], parent: str) -> str:
        return "".join(self.inline(node, parent) for node in nodes)

    def inline(self, node: Inline, parent: str) -> str:
        lang = _lang(node.lang, parent)
        if isinstance(node, Text):
            text = escape(node.text, quote=False)
            return f"<span{lang}>{text}</span>" if lang else text
        if isinstance(node, Abbr):
            return f"<abbr{_attr('title', node.expansion)}{lang}>{escape(node.text)}</abbr>"
        if isinstance(node, Emphasis):
            tag = "strong" if node.strong else "em"
            return f"<{tag}{lang}>{self.inlines(node.children, node.lang)}</{tag}>"
        if isinstance(node, Span):
            return f"<span{lang}>{self.inlines(node.children, node.lang)}</span>"
        if isinstance(node, Link):
            # A link to a block of the same edition follows that block's prefixed id.
            local = node.href.startswith("#") and len(node.href) > 1
            href = _attr("href", f"#{self.id_prefix}{node.href[1:]}" if local else node.href)
            href += _title(node.title)
            return f"<a{href}{lang}>{self.inlines(node.children, node.lang)}</a>"
        if isinstance(node, Image):
            src = _attr("src", self.options.image_prefix + node.src)
            return f"<img{src}{_attr('alt', node.alt)}{_title(node.title)}{lang}/>"
        if isinstance(node, Styled):
            tag = STYLED_TAGS[node.style]
            return f"<{tag}{lang}>{self.inlines(node.children, node.lang)}</{tag}>"
        if isinstance(node, NoteRef):
            return self.note_call(node, parent)
        if isinstance(node, LineBreak):
            return "<br/>"
        assert_never(node)

    def note_call(self, node: NoteRef, parent: str) -> str:
        """A superscript link to the note, named "Nota 1" in the edition's language."""
        href = _attr("href", f"#{self.id_prefix}{note_id(node.number)}")
        name = _attr("aria-label", f"{label('note', parent)} {node.number}")
        kind = ' epub:type="noteref"' if self.options.epub else ""
        return f'<sup><a{href} role="doc-noteref"{kind}{name}>{node.number}</a></sup>'

    # --- blocks ---
    def blocks(self, blocks: Sequence[Block], parent: str) -> list[str]:
        return [self.block(block, parent) for block in blocks]

    def block(self, block: Block, parent: str) -> str:
        ident = _attr("id", self.id_prefix + block.id)
        lang = _lang(block.lang, parent)
        if isinstance(block, Heading):
            text = self.passage(block.children, block.lang, block.id)
            return f"<h{block.level}{ident}{lang}>{text}" + (
                f"{self.translation_link(block.id)}</h{block.level}>"
            )
        if isinstance(block, Paragraph):
            body = self.passage(block.children, block.lang, block.id)
            return f"<p{ident}{lang}>{body}{self.translation_link(block.id)}</p>"
        if isinstance(block, Figure):
            img = f"<img{_attr('src', self.options.image_prefix + block.src)}" + (
                f"{_attr('alt', block.alt)}{_title(block.title)}/>"
            )
            caption = (
                f"<figcaption>{self.passage(block.caption, block.lang, block.id)}</figcaption>"
                if block.caption
                else ""
            )
            return f"<figure{ident}{lang}>{img}{caption}</figure>"
        if isinstance(block, Quote):
            inner = "\n".join(self.blocks(block.blocks, block.lang))
            return f"<blockquote{ident}{lang}>\n{inner}\n</blockquote>"
        if isinstance(block, ListBlock):
            return self.list_block(block, ident + lang)
        if isinstance(block, Notes):
            items = "\n".join(
                f"<li{_attr('id', self.id_prefix + note_id(n.number))}"
                f"{_attr('value', str(n.number))}>"
                f"<p>{self.inlines(n.children, block.lang)}</p></li>"
                for n in block.notes
            )
            return f'<ol{ident} class="notes"{lang}>\n{items}\n</ol>'
        if isinstance(block, Table):
            head = "".join(
                f'<th scope="col">{self.inlines(c, block.lang)}</th>' for c in block.header
            )
            rows = "\n".join(
                f"<tr{self.row_ident(block.id, number)}>"
                + "".join(f"<td>{self.inlines(c, block.lang)}</td>" for c in row)
                + "</tr>"
                for number, row in enumerate(block.rows, 1)
            )
            return (
                f"<table{ident}{lang}>\n<thead><tr>{head}</tr></thead>\n"
                f"<tbody>\n{rows}\n</tbody>\n</table>"
            )
        assert_never(block)

    def list_block(self, block: ListBlock, attrs: str) -> str:
        """A list; the paragraphs of a tight list are lines of their item, not paragraphs."""
        tag = "ol" if block.ordered else "ul"
        if block.ordered and block.start != 1:
            attrs += _attr("start", str(block.start))
        items = "\n".join(
            "<li>" + "".join(self.item_block(b, block) for b in item) + "</li>"
            for item in block.items
        )
        return f"<{tag}{attrs}>\n{items}\n</{tag}>"

    def item_block(self, block: Block, parent: ListBlock) -> str:
        if not (parent.tight and isinstance(block, Paragraph)):
            return self.block(block, parent.lang)
        ident = _attr("id", self.id_prefix + block.id) + _lang(block.lang, parent.lang)
        body = self.passage(block.children, block.lang, block.id)
        return f"<span{ident}>{body}{self.translation_link(block.id)}</span>"

    def row_ident(self, table_id: str, number: int) -> str:
        if self.options.sentences is None:
            return ""
        return _attr("id", self.id_prefix + row_id(table_id, number))

    def passage(self, nodes: Sequence[Inline], parent: str, block_id: str) -> str:
        """A block's inlines, its read-aloud passages wrapped where ``sentences`` gives them."""
        ranges = (self.options.sentences or {}).get(block_id)
        if ranges:
            wrapped = _Passages(self).render(nodes, parent, ranges, self.id_prefix + block_id)
            if wrapped is not None:
                return wrapped
        return self.inlines(nodes, parent)

    def translation_link(self, block_id: str) -> str:
        links = self.options.translation_links or {}
        # The accessible name starts with the visible code (WCAG 2.5.3, label in name).
        return "".join(
            f' <a class="translation"{_attr("href", f"{href}#{block_id}")}'
            f"{_attr('hreflang', tag)}{_lang(tag, None)}"
            f"{_attr('aria-label', f'{_code(tag)}: ' + label('translation_of_passage', tag))}>"
            f"{escape(_code(tag))}</a>"
            for tag, href in links.items()
        )


@dataclass(frozen=True, slots=True)
class _Piece:
    """A leaf inline, or a stretch of a text, inside the wrappers numbered in ``chain``."""

    chain: tuple[int, ...]
    content: str
    """The text (not yet escaped), or an atom's markup."""
    start: int
    end: int
    atom: bool


class _Passages:
    """Inlines with stretches of their text each wrapped in a span with an id.

    The inlines are flattened into leaves (texts, abbreviations, images, line breaks), each
    under its chain of wrappers (emphasis, language spans, links); texts are cut where a
    stretch starts or ends, and the wrappers are closed and opened again around each span.
    """

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.wrappers: list[tuple[str, str, int, int]] = []
        """(start tag, end tag, first offset, end offset) of each wrapper, by number."""
        self.pieces: list[_Piece] = []
        self.position = 0

    def render(
        self,
        nodes: Sequence[Inline],
        parent: str,
        ranges: Sequence[tuple[int, int]],
        block_ident: str,
    ) -> str | None:
        """The markup with each range wrapped, or None where one would split a link or an atom."""
        self.flatten(nodes, parent, ())
        bounds = [b for r in ranges for b in r]
        if bounds != sorted(bounds) or bounds[0] < 0 or bounds[-1] > self.position:
            return None
        unsplittable = [(p.start, p.end) for p in self.pieces if p.atom] + [
            (first, end) for start, _, first, end in self.wrappers if start.startswith("<a")
        ]
        if any(a < b < z for a, z in unsplittable for b in bounds):
            return None
        groups: list[tuple[int | None, list[_Piece]]] = []
        for piece in self.cut(sorted(set(bounds))):
            owner = next((n for n, r in enumerate(ranges) if _inside(piece, r)), None)
            if groups and groups[-1][0] == owner:
                groups[-1][1].append(piece)
            else:
                groups.append((owner, [piece]))
        out = []
        for owner, pieces in groups:
            markup = self.nest(pieces)
            if owner is not None:
                ident = _attr("id", sentence_id(block_ident, owner + 1))
                markup = f'<span{ident} class="sentence">{markup}</span>'
            out.append(markup)
        return "".join(out)

    def flatten(self, nodes: Iterable[Inline], parent: str, chain: tuple[int, ...]) -> None:
        for node in nodes:
            lang = _lang(node.lang, parent)
            if isinstance(node, Text) and lang:
                number = self.open(f"<span{lang}>", "</span>")
                self.leaf((*chain, number), node.text, None)
                self.close(number)
            elif isinstance(node, Text):
                self.leaf(chain, node.text, None)
            elif isinstance(node, Emphasis | Span | Link | Styled):
                empty = self.writer.inline(replace(node, children=()), parent)
                end = empty.rindex("</")
                number = self.open(empty[:end], empty[end:])
                self.flatten(node.children, node.lang, (*chain, number))
                self.close(number)
            else:
                read = node.text if isinstance(node, Abbr) else " "
                read = node.alt if isinstance(node, Image) else read
                read = "" if isinstance(node, NoteRef) else read  # not read where it stands
                self.leaf(chain, read, self.writer.inline(node, parent))

    def open(self, start: str, end: str) -> int:
        self.wrappers.append((start, end, self.position, self.position))
        return len(self.wrappers) - 1

    def close(self, number: int) -> None:
        start, end, first, _ = self.wrappers[number]
        self.wrappers[number] = (start, end, first, self.position)

    def leaf(self, chain: tuple[int, ...], read: str, markup: str | None) -> None:
        """A text (``markup`` None), or an atom read as ``read``."""
        end = self.position + len(read)
        atom = markup is not None
        self.pieces.append(
            _Piece(chain, read if markup is None else markup, self.position, end, atom)
        )
        self.position = end

    def cut(self, cuts: Sequence[int]) -> Iterable[_Piece]:
        """The pieces with texts cut at ``cuts`` and escaped."""
        for piece in self.pieces:
            if piece.atom:
                yield piece
                continue
            edges = [piece.start, *(c for c in cuts if piece.start < c < piece.end), piece.end]
            for a, z in itertools.pairwise(edges):
                text = escape(piece.content[a - piece.start : z - piece.start], quote=False)
                yield _Piece(piece.chain, text, a, z, False)

    def nest(self, pieces: Sequence[_Piece]) -> str:
        """Consecutive pieces, each inside its wrappers, every wrapper closed at the end."""
        out: list[str] = []
        opened: tuple[int, ...] = ()
        for piece in pieces:
            keep = 0
            while keep < min(len(opened), len(piece.chain)) and opened[keep] == piece.chain[keep]:
                keep += 1
            out.extend(self.wrappers[n][1] for n in reversed(opened[keep:]))
            out.extend(self.wrappers[n][0] for n in piece.chain[keep:])
            out.append(piece.content)
            opened = piece.chain
        out.extend(self.wrappers[n][1] for n in reversed(opened))
        return "".join(out)


def _inside(piece: _Piece, stretch: tuple[int, int]) -> bool:
    start, end = stretch
    if piece.start == piece.end:
        return start < piece.start < end
    return start <= piece.start and piece.end <= end


def _code(tag: str) -> str:
    """The visible name of a language in a translation link (``ES`` for ``es-PE``)."""
    return tag.split("-", maxsplit=1)[0].upper()


def id_prefix(edition: Edition, editions: Sequence[Edition]) -> str:
    """What starts the ids of ``edition``'s blocks in a document of ``editions``."""
    return f"{edition.primary_language}-" if len(editions) > 1 else ""


def edition_section(
    release: Release, edition: Edition, options: HtmlOptions, parent: str, id_prefix: str = ""
) -> str:
    """The head of the release and the body of one edition, as one ``<article>``.

    ``id_prefix`` keeps block ids unique when several editions share one document.
    """
    writer = _Writer(options, id_prefix)
    lang = edition.lang
    # EPUB: a section (article cannot take role="doc-chapter"), with matching epub:type.
    tag = "section" if options.epub else "article"
    epub_type = ' epub:type="chapter" role="doc-chapter"' if options.epub else ""
    title_type = ' epub:type="title"' if options.epub else ""
    head: list[str] = []
    issuer = release.issuer_in(lang)
    read_along = options.sentences is not None
    if issuer:
        ident = _attr("id", issuer_id(lang)) if read_along else ""
        head.append(f'<p class="issuer"{ident}>{escape(issuer)}</p>')
    head.append(f'<h1 id="{escape(title_id(lang))}"{title_type}>{escape(edition.title)}</h1>')
    details = []
    if release.date is not None:
        iso = release.date.isoformat()
        ident = _attr("id", date_id(lang)) if read_along else ""
        details.append(
            f'<time datetime="{iso}"{ident}>{escape(format_date(release.date, lang))}</time>'
        )
    if release.series:
        details.append(f'<span class="series">{escape(release.series)}</span>')
    if details:
        head.append(f'<p class="details">{" · ".join(details)}</p>')
    if edition.summary:
        head.append(f'<p class="summary">{escape(edition.summary)}</p>')
    body = "\n".join(writer.blocks(edition.blocks, lang))
    return (
        f'<{tag}{_lang(lang, parent)} aria-labelledby="{escape(title_id(lang))}"{epub_type}>\n'
        f"<header>\n{chr(10).join(head)}\n</header>\n{body}\n</{tag}>"
    )


def document(
    release: Release, editions: Sequence[Edition], options: HtmlOptions, title: str | None = None
) -> str:
    """A complete XHTML document with the given editions, the first one's language as default."""
    lang = editions[0].lang
    ns = f' xmlns:epub="{EPUB_NS}"' if options.epub else ""
    body_type = ' epub:type="bodymatter"' if options.epub else ""
    links = "".join(
        f'<link rel="stylesheet" type="text/css"{_attr("href", href)}/>'
        for href in options.stylesheets
    )
    heading = title or editions[0].title
    several = len(editions) > 1
    sections = "\n".join(
        edition_section(release, e, options, lang, id_prefix(e, editions)) for e in editions
    )
    languages = ""
    if several:
        names = ", ".join(display_name(e.lang) for e in editions)
        languages = f'<meta name="languages"{_attr("content", names)}/>'
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}"{ns} lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{escape(heading)}</title>\n'
        f"{languages}{links}\n</head>\n"
        f"<body{body_type}>\n<main>\n{sections}\n</main>\n</body>\n</html>\n"
    )
