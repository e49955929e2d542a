"""Editions -> accessible EPUB 3 (EPUB Accessibility 1.1 metadata) with ebooklib."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ebooklib import epub

from publisher.clock import build_time
from publisher.epub.accessibility import describe, survey
from publisher.epub.content import STYLESHEET_HREF, content_documents
from publisher.epub.images import image_resources, is_animated
from publisher.epub.metadata import add_accessibility, add_dublin_core, modified_time
from publisher.epub.navigation import NAV_FILE, nav_document, ncx_toc, toc_entries
from publisher.epub.options import EpubOptions
from publisher.epub.package import verbatim_document, write_book
from publisher.model import Edition, Release
from publisher.resources import stylesheet

__all__ = ["EpubOptions", "write_epub"]


def write_epub(
    release: Release,
    editions: Sequence[Edition],
    target: Path,
    options: EpubOptions | None = None,
) -> None:
    """Write an EPUB 3 of ``editions`` (one, or several in reading order) to ``target``.

    Each edition is one XHTML document; with several, every block links to the same block in
    the others. The same release and options always give the same bytes.
    """
    settings = options or EpubOptions()
    lang = editions[0].lang
    documents = content_documents(release, editions)
    images = [(image, image.source.read_bytes()) for image in image_resources(release, editions)]
    facts = survey(
        editions,
        animated_images=sum(is_animated(data, image.media_type) for image, data in images),
        translation_links=len(editions) > 1,
    )

    book = epub.EpubBook()
    add_dublin_core(book, release, editions)
    add_accessibility(book, describe(facts, editions), settings, lang)

    css = epub.EpubItem(
        uid="css",
        file_name=STYLESHEET_HREF,
        media_type="text/css",
        content=stylesheet("epub.css").read_bytes(),
    )
    book.add_item(css)
    pages = []
    for number, doc in enumerate(documents, 1):
        page = verbatim_document(f"text-{number}", doc.file_name, doc.xhtml, doc.edition.lang)
        book.add_item(page)
        pages.append(page)
    entries = toc_entries(documents)
    nav = verbatim_document("nav", NAV_FILE, nav_document(entries, lang), lang)
    nav.properties = ["nav"]
    book.add_item(nav)
    for number, (image, data) in enumerate(images, 1):
        book.add_item(
            epub.EpubItem(
                uid=f"image-{number}",
                file_name=image.href,
                media_type=image.media_type,
                content=data,
            )
        )
    book.add_item(epub.EpubNcx())
    book.toc = ncx_toc(entries)
    # The nav is in the spine only so the landmarks can point to it; readers skip it.
    book.spine = [*pages, (nav, "no")]
    write_book(
        book,
        target,
        lang=lang,
        modified=modified_time(release),
        zip_time=build_time(),
        compresslevel=settings.compresslevel,
    )
