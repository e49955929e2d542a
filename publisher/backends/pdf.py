"""Editions -> tagged PDF (PDF/UA-1): WeasyPrint renders, pikepdf finishes.

Before rendering, every image the editions use must be a file inside the release folder and every
character must have a glyph in the shipped fonts. WeasyPrint then reads through a fetcher that
serves only the release folder and the styles folder; anything it logs at warning level or above
(a missing alt text or language, an unloadable resource, a stylesheet it does not understand)
fails the build. The fix-ups in :mod:`publisher.pdf.fixups` then make the structure tree whole.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import pikepdf
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from publisher import __version__
from publisher.clock import release_time
from publisher.errors import SourceError
from publisher.fetch import RestrictedFetcher
from publisher.languages import display_name
from publisher.model import Edition, Release, walk_images
from publisher.pdf.expected import expected
from publisher.pdf.fixups import fix_structure
from publisher.pdf.fonts import missing_characters, stylesheet_fonts
from publisher.pdf.outline import show_outline
from publisher.pdf.xmp import metadata_for, write_metadata
from publisher.render.html import HtmlOptions, document
from publisher.render.labels import label
from publisher.resources import styles_dir, stylesheet

STYLESHEET = "print.css"
PDF_VARIANT = "pdf/ua-1"
PRODUCER = f"WeasyPrint {weasyprint.__version__}; pikepdf {pikepdf.__version__}"
CREATOR_TOOL = f"publisher {__version__}"
RUNNING_TITLE_CHARS = 64
"""Longest running title; a longer edition title is cut at a word boundary."""


def check_resources(release: Release, editions: Sequence[Edition]) -> None:
    """Refuse, before rendering, any image the release's reader did not resolve and check."""
    for edition in editions:
        for image in walk_images(edition.blocks):
            if image.path is None:
                raise SourceError(
                    edition.source, f"image '{image.src}' is not a file in the release folder"
                )


def check_glyphs(release: Release, editions: Sequence[Edition], fonts: Sequence[Path]) -> None:
    """Refuse text that the shipped fonts cannot draw (a machine's own fonts are never used)."""
    for edition in editions:
        text = expected(release, [edition]).text
        text += display_name(edition.lang) + label("page", edition.lang) + label("of", edition.lang)
        missing = missing_characters(text + "0123456789", fonts)
        if missing:
            listed = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing)
            raise SourceError(
                edition.source, f"the PDF font has no glyph for {listed}: use other characters"
            )


def _css_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def short_title(title: str, limit: int = RUNNING_TITLE_CHARS) -> str:
    """``title`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    words = title.split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit - 1:
            break
        kept.append(word)
    if not kept:
        return words[0][: limit - 1] + "…"
    return " ".join(kept).rstrip(",;:.") + "…"


def _string_set(selector: str, strings: dict[str, str]) -> str:
    value = ", ".join(f"{name} {_css_string(text)}" for name, text in strings.items())
    return f"{selector} {{ string-set: {value}; }}"


def furniture_css(editions: Sequence[Edition]) -> str:
    """Per-edition named strings for the running head and the folio (see print.css).

    The running title is set on the edition's title, so that it is left out on the page the
    title stands on (``first-except``); the other strings are set on the whole edition.
    """
    rules = []
    for index, edition in enumerate(editions, start=1):
        article = f"main > article:nth-of-type({index})"
        strings = {
            "edition-language": display_name(edition.lang),
            "page-word": label("page", edition.lang),
            "of-word": label("of", edition.lang),
        }
        rules.append(_string_set(article, strings))
        rules.append(_string_set(f"{article} h1", {"running-title": short_title(edition.title)}))
    return "\n".join(rules)


class _Capture(logging.Handler):
    """Collects the messages this thread logs at warning level or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def renderer_warnings() -> Iterator[list[str]]:
    """The messages the 'weasyprint' logger emits inside the block, at warning level or above."""
    logger = logging.getLogger("weasyprint")
    handler = _Capture()
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def render_pdf(release: Release, editions: Sequence[Edition]) -> bytes:
    """WeasyPrint's tagged PDF of ``editions``, before the fix-ups."""
    check_resources(release, editions)
    css_path = stylesheet(STYLESHEET)
    check_glyphs(release, editions, stylesheet_fonts(css_path))
    fetcher = RestrictedFetcher([release.root, styles_dir()])
    markup = document(release, editions, HtmlOptions())
    fonts = FontConfiguration()
    try:
        with renderer_warnings() as warnings:
            html = HTML(string=markup, base_url=f"{release.root}/", url_fetcher=fetcher)
            sheets = [
                CSS(filename=str(css_path), url_fetcher=fetcher, font_config=fonts),
                CSS(string=furniture_css(editions), font_config=fonts),
            ]
            data: bytes = html.write_pdf(
                stylesheets=sheets, font_config=fonts, pdf_variant=PDF_VARIANT
            )
    except FatalURLFetchingError as error:
        reason = fetcher.refused[0] if fetcher.refused else str(error)
        raise SourceError(release.root, f"refused to read {reason}") from None
    if fetcher.refused:
        raise SourceError(release.root, f"refused to read {fetcher.refused[0]}")
    if warnings:
        said = "; ".join(dict.fromkeys(warnings))
        raise SourceError(release.root, f"the PDF renderer reported: {said}")
    return data


def finish_pdf(data: bytes, release: Release, editions: Sequence[Edition]) -> bytes:
    """Apply the fix-ups and the metadata to WeasyPrint's PDF; reproducible byte for byte."""
    with pikepdf.open(BytesIO(data)) as pdf:
        fix_structure(pdf, release, editions)
        write_metadata(pdf, metadata_for(release, editions, PRODUCER, CREATOR_TOOL, release_time(release.date)))
        show_outline(pdf)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


def write_pdf(release: Release, editions: Sequence[Edition], target: Path) -> None:
    """Render ``editions`` of ``release`` (one, or all for the bilingual edition) to ``target``."""
    target.write_bytes(finish_pdf(render_pdf(release, editions), release, editions))
