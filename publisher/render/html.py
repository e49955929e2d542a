"""Release editions -> XHTML, shared by the PDF and EPUB backends.

Every element whose language differs from its parent gets ``lang`` (and ``xml:lang`` in XHTML), so a
reading system or a PDF tagger can switch voice passage by passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

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
    Paragraph,
    Quote,
    Release,
    Span,
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


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value, quote=True)}"'


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
            return f"<a{href}{lang}>{self.inlines(node.children, node.lang)}</a>"
        if isinstance(node, Image):
            src = _attr("src", self.options.image_prefix + node.src)
            return f"<img{src}{_attr('alt', node.alt)}{lang}/>"
        assert isinstance(node, LineBreak)
        return "<br/>"

    # --- blocks ---
    def blocks(self, blocks: Sequence[Block], parent: str) -> list[str]:
        return [self.block(block, parent) for block in blocks]

    def block(self, block: Block, parent: str) -> str:
        ident = _attr("id", self.id_prefix + block.id)
        lang = _lang(block.lang, parent)
        if isinstance(block, Heading):
            return f"<h{block.level}{ident}{lang}>{self.inlines(block.children, block.lang)}" + (
                f"{self.translation_link(block.id)}</h{block.level}>"
            )
        if isinstance(block, Paragraph):
            body = self.inlines(block.children, block.lang)
            return f"<p{ident}{lang}>{body}{self.translation_link(block.id)}</p>"
        if isinstance(block, Figure):
            img = f"<img{_attr('src', self.options.image_prefix + block.src)}" + (
                f"{_attr('alt', block.alt)}/>"
            )
            caption = (
                f"<figcaption>{self.inlines(block.caption, block.lang)}</figcaption>"
                if block.caption
                else ""
            )
            return f"<figure{ident}{lang}>{img}{caption}</figure>"
        if isinstance(block, Quote):
            inner = "\n".join(self.blocks(block.blocks, block.lang))
            return f"<blockquote{ident}{lang}>\n{inner}\n</blockquote>"
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "\n".join(
                f"<li>{''.join(self.blocks(item, block.lang))}</li>" for item in block.items
            )
            return f"<{tag}{ident}{lang}>\n{items}\n</{tag}>"
        assert isinstance(block, Table)
        head = "".join(f'<th scope="col">{self.inlines(c, block.lang)}</th>' for c in block.header)
        rows = "\n".join(
            "<tr>" + "".join(f"<td>{self.inlines(c, block.lang)}</td>" for c in row) + "</tr>"
            for row in block.rows
        )
        return (
            f"<table{ident}{lang}>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{rows}\n</tbody>\n</table>"
        )

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


def _code(tag: str) -> str:
    """The visible name of a language in a translation link (``ES`` for ``es-PE``)."""
    return tag.split("-", maxsplit=1)[0].upper()


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
    if issuer:
        head.append(f'<p class="issuer">{escape(issuer)}</p>')
    head.append(f'<h1 id="title-{escape(lang)}"{title_type}>{escape(edition.title)}</h1>')
    details = []
    if release.date is not None:
        iso = release.date.isoformat()
        details.append(f'<time datetime="{iso}">{escape(format_date(release.date, lang))}</time>')
    if release.series:
        details.append(f'<span class="series">{escape(release.series)}</span>')
    if details:
        head.append(f'<p class="details">{" · ".join(details)}</p>')
    if edition.summary:
        head.append(f'<p class="summary">{escape(edition.summary)}</p>')
    body = "\n".join(writer.blocks(edition.blocks, lang))
    return (
        f'<{tag}{_lang(lang, parent)} aria-labelledby="title-{escape(lang)}"{epub_type}>\n'
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
        edition_section(release, e, options, lang, f"{e.primary_language}-" if several else "")
        for e in editions
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
