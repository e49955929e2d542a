"""The EPUB navigation document (toc and landmarks) and the same table of contents for the NCX."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ebooklib import epub

from publisher.epub.content import STYLESHEET_HREF, ContentDocument
from publisher.model import Heading, plain_text
from publisher.render.html import EPUB_NS, XHTML_NS, title_id
from publisher.render.labels import label

NAV_FILE = "nav.xhtml"
"""The navigation document's path in the EPUB, relative to the package document."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry of the table of contents: an edition's title or one of its headings."""

    title: str
    """The text shown."""
    href: str
    """Target, relative to the package document (the navigation document sits beside it)."""
    lang: str
    """Language of the title."""
    children: tuple[TocEntry, ...] = ()
    """Entries for the headings below this one."""


def toc_entries(documents: Sequence[ContentDocument]) -> list[TocEntry]:
    """One entry per edition, its headings nested under it by level."""
    return [_edition_entry(doc) for doc in documents]


def _edition_entry(doc: ContentDocument) -> TocEntry:
    lang = doc.edition.lang
    # Open entries as (level, title, href, children); the edition's title is level 1.
    stack: list[tuple[int, str, str, list[TocEntry]]] = [
        (1, doc.edition.title, f"{doc.file_name}#{title_id(lang)}", [])
    ]

    def close(level: int) -> None:
        while len(stack) > 1 and stack[-1][0] >= level:
            _, title, href, children = stack.pop()
            stack[-1][3].append(TocEntry(title, href, lang, tuple(children)))

    for block in doc.edition.blocks:
        if isinstance(block, Heading):
            close(block.level)
            stack.append(
                (block.level, plain_text(block.children), f"{doc.file_name}#{block.id}", [])
            )
    close(2)
    _, title, href, children = stack[0]
    return TocEntry(title, href, lang, tuple(children))


def _items(entries: Sequence[TocEntry], parent_lang: str, indent: str) -> str:
    lines = [f"{indent}<ol>"]
    for entry in entries:
        lang = "" if entry.lang == parent_lang else f' lang="{entry.lang}" xml:lang="{entry.lang}"'
        link = f'<a href="{escape(entry.href)}">{escape(entry.title)}</a>'
        if entry.children:
            nested = _items(entry.children, entry.lang, indent + "  ")
            lines.append(f"{indent}  <li{lang}>{link}\n{nested}\n{indent}  </li>")
        else:
            lines.append(f"{indent}  <li{lang}>{link}</li>")
    lines.append(f"{indent}</ol>")
    return "\n".join(lines)


def nav_document(entries: Sequence[TocEntry], lang: str) -> bytes:
    """The navigation document: the toc, then landmarks for the toc and the start of the text.

    ``lang`` is the publication's language; the labels are written in it.
    """
    contents = escape(label("contents", lang))
    start = entries[0].href.split("#")[0]
    markup = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{contents}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET_HREF}"/>\n</head>\n'
        "<body>\n"
        '<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
        f'<h1 id="toc-title">{contents}</h1>\n'
        f"{_items(entries, lang, '')}\n</nav>\n"
        '<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title">\n'
        f'<h2 id="landmarks-title">{escape(label("landmarks", lang))}</h2>\n<ol>\n'
        f'  <li><a epub:type="toc" href="{NAV_FILE}#toc">{contents}</a></li>\n'
        f'  <li><a epub:type="bodymatter" href="{escape(start)}">'
        f"{escape(label('start_of_content', lang))}</a></li>\n"
        "</ol>\n</nav>\n</body>\n</html>\n"
    )
    return markup.encode("utf-8")


def ncx_toc(entries: Sequence[TocEntry], prefix: str = "toc") -> list[object]:
    """The same entries as ebooklib's ``book.toc``, from which it writes the NCX."""
    toc: list[object] = []
    for number, entry in enumerate(entries, 1):
        uid = f"{prefix}-{number}"
        if entry.children:
            section = epub.Section(entry.title, entry.href)
            toc.append((section, ncx_toc(entry.children, uid)))
        else:
            toc.append(epub.Link(entry.href, entry.title, uid))
    return toc
