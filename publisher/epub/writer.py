"""Editions -> accessible EPUB 3 (EPUB Accessibility 1.1 metadata) with ebooklib.

``write_epub`` writes the text; ``write_narrated_epub`` writes one edition with its narration
synchronised to the text (Media Overlays, :mod:`publisher.epub.overlay`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ebooklib import epub

from publisher.clock import release_time
from publisher.epub.accessibility import describe, survey
from publisher.epub.content import STYLESHEET_HREF, ContentDocument, content_documents
from publisher.epub.images import image_resources, is_animated
from publisher.epub.metadata import add_accessibility, add_dublin_core, modified_time
from publisher.epub.navigation import NAV_FILE, nav_document, ncx_toc, toc_entries
from publisher.epub.options import EpubOptions
from publisher.epub.overlay import (
    AUDIO_FOLDER,
    Overlay,
    Recording,
    add_media_metadata,
    plan,
    synchronise,
)
from publisher.epub.package import verbatim_document, write_book
from publisher.model import Edition, Release
from publisher.resources import stylesheet

__all__ = ["EpubOptions", "Recording", "write_epub", "write_narrated_epub"]

NARRATED = "narrated"
"""The identifier variant of the EPUBs with narration."""
OVERLAY_ID = "overlay-1"
"""Manifest id of the SMIL document (a narrated EPUB holds one edition, so one document)."""


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
    documents = content_documents(release, editions)
    _write(release, editions, documents, target, options or EpubOptions())


def write_narrated_epub(
    release: Release,
    edition: Edition,
    target: Path,
    recording: Recording,
    options: EpubOptions | None = None,
) -> Overlay:
    """Write an EPUB 3 of ``edition`` whose text is read aloud by ``recording`` (read-along).

    The XHTML is the text EPUB's with each sentence the narration reads wrapped in a span with
    an id; a SMIL document times every sentence to the audio. Returns that overlay.
    """
    read_along = plan(release, edition, recording.timeline)
    (doc,) = documents = content_documents(release, [edition], read_along.sentences)
    audio_href = f"{AUDIO_FOLDER}{doc.file_name.rsplit('.', 1)[0]}{recording.suffix}"
    overlay = synchronise(
        read_along, recording, document=doc.file_name, xhtml=doc.xhtml, audio_href=audio_href
    )
    settings = options or EpubOptions()
    _write(release, [edition], documents, target, settings, narration=(recording, overlay))
    return overlay


def _write(
    release: Release,
    editions: Sequence[Edition],
    documents: Sequence[ContentDocument],
    target: Path,
    settings: EpubOptions,
    *,
    narration: tuple[Recording, Overlay] | None = None,
) -> None:
    lang = editions[0].lang
    overlay = narration[1] if narration is not None else None
    images = [(image, image.source.read_bytes()) for image in image_resources(release, editions)]
    facts = survey(
        editions,
        animated_images=sum(is_animated(data, image.media_type) for image, data in images),
        translation_links=len(editions) > 1,
        narrated=overlay is not None,
        fully_narrated=overlay is not None and overlay.fully_narrated,
    )

    book = epub.EpubBook()
    add_dublin_core(book, release, editions, NARRATED if overlay is not None else "")
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
        if overlay is not None:
            page.media_overlay = OVERLAY_ID
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
    stored = []
    if narration is not None:
        recording, overlay = narration
        book.add_item(
            epub.EpubItem(
                uid="narration",
                file_name=overlay.audio_href,
                media_type=recording.media_type,
                content=recording.audio,
            )
        )
        book.add_item(epub.EpubSMIL(OVERLAY_ID, overlay.file_name, overlay.smil()))
        add_media_metadata(book, [(OVERLAY_ID, overlay)])
        stored.append(overlay.audio_href)
    book.add_item(epub.EpubNcx())
    book.toc = ncx_toc(entries)
    # The nav is in the spine only so the landmarks can point to it; readers skip it.
    book.spine = [*pages, (nav, "no")]
    write_book(
        book,
        target,
        lang=lang,
        modified=modified_time(release),
        zip_time=release_time(release.date),
        compresslevel=settings.compresslevel,
        stored=stored,
    )
