"""Editions -> EPUB 3 with ebooklib."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from ebooklib import epub

from publisher.model import Edition, Release
from publisher.render.html import HtmlOptions, document
from publisher.resources import stylesheet

NAMESPACE = uuid.UUID("6f1c3f4e-1d52-4c1e-9a53-5c0e0b7e4a10")


def write_epub(release: Release, editions: Sequence[Edition], target: Path) -> None:
    """Write an EPUB 3 of ``editions`` to ``target``."""
    lead = editions[0]
    langs = "+".join(e.lang for e in editions)
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{release.slug}/{langs}')}")
    book.set_title(lead.title)
    book.set_language(lead.lang)
    css = epub.EpubItem(
        uid="style", file_name="style/epub.css", media_type="text/css",
        content=stylesheet("epub.css").read_bytes(),
    )
    book.add_item(css)
    chapters = []
    for edition in editions:
        page = epub.EpubHtml(
            title=edition.title, file_name=f"{edition.primary_language}.xhtml", lang=edition.lang
        )
        page.content = document(
            release, [edition], HtmlOptions(stylesheets=("style/epub.css",))
        ).encode()
        page.add_item(css)
        book.add_item(page)
        chapters.append(page)
    book.toc = chapters
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(target), book)
