"""The EPUB's content documents: one XHTML per edition, in reading order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from publisher.epub.images import IMAGE_FOLDER
from publisher.model import Edition, Release
from publisher.render.html import HtmlOptions, document

STYLESHEET_HREF = "css/epub.css"
"""Where the stylesheet sits in the EPUB, relative to the package document."""


@dataclass(frozen=True, slots=True)
class ContentDocument:
    """One edition as an XHTML content document."""

    edition: Edition
    """The edition it holds."""
    file_name: str
    """Its path in the EPUB, relative to the package document (``es.xhtml``)."""
    xhtml: bytes
    """The serialised document, written into the EPUB as it is."""


def file_names(editions: Sequence[Edition]) -> list[str]:
    """One file name per edition: the primary language, or the whole tag where two share it."""
    primaries = [e.primary_language for e in editions]
    return [
        f"{p if primaries.count(p) == 1 else e.lang.lower()}.xhtml"
        for p, e in zip(primaries, editions, strict=True)
    ]


def content_documents(
    release: Release,
    editions: Sequence[Edition],
    sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
) -> list[ContentDocument]:
    """The editions in reading order, each linking every block to the same block in the others.

    ``sentences`` (block id -> stretches of its text) wraps the passages a narration reads one
    at a time, for read-along; see :class:`publisher.render.html.HtmlOptions`.
    """
    names = file_names(editions)
    documents = []
    for edition, name in zip(editions, names, strict=True):
        links = {
            other.lang: other_name
            for other, other_name in zip(editions, names, strict=True)
            if other is not edition
        }
        options = HtmlOptions(
            stylesheets=(STYLESHEET_HREF,),
            epub=True,
            image_prefix=IMAGE_FOLDER,
            translation_links=links or None,
            sentences=sentences,
        )
        markup = document(release, [edition], options)
        documents.append(ContentDocument(edition, name, markup.encode("utf-8")))
    return documents
