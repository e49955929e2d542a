"""Editions -> tagged PDF (PDF/UA-1): WeasyPrint renders, pikepdf finishes.

Before rendering, every image the editions use must be a file inside the release folder and every
character must have a glyph in the shipped fonts. WeasyPrint then reads through a fetcher that
serves only the release folder and the styles folder; anything it logs at warning level or above
(a missing alt text or language, an unloadable resource, a stylesheet it does not understand)
fails the build. The fix-ups in :mod:`publisher.pdf.fixups` then make the structure tree whole.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from html import escape
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import langcodes
import pikepdf
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from publisher import __version__
from publisher.clock import release_time
from publisher.errors import SourceError
from publisher.fetch import RestrictedFetcher
from publisher.languages import display_name, primary
from publisher.model import Edition, Release, walk_images
from publisher.pdf.expected import DEFAULT, expected, printed_date
from publisher.pdf.fixups import fix_structure
from publisher.pdf.fonts import (
    drawable,
    missing_characters,
    printable,
    stylesheet_family,
    stylesheet_fonts,
)
from publisher.pdf.numbering import numbering_css
from publisher.pdf.options import PdfOptions
from publisher.pdf.outline import show_outline
from publisher.pdf.xmp import metadata_for, write_metadata
from publisher.render.html import HtmlOptions, document
from publisher.render.labels import FALLBACK, format_date, label
from publisher.resources import styles_dir

METADATA = "release.yaml"
PDF_VARIANT = "pdf/ua-1"
PRODUCER = f"WeasyPrint {weasyprint.__version__}; pikepdf {pikepdf.__version__}"
CREATOR_TOOL = f"publisher {__version__}"
LONG_WORD = re.compile(r"[^\s<>&\u200b]{100,}")
"""A run of text with no break opportunity longer than any line can hold."""
WORD_PIECE = 8
ZERO_WIDTH_SPACE = "\u200b"
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


def _line_of(path: Path, chars: Sequence[str]) -> int | None:
    """The first line of the file at ``path`` that holds one of ``chars``."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if any(char in line for char in chars):
            return number
    return None


def _refuse_missing(path: Path, missing: Sequence[str]) -> None:
    """Refuse the characters ``missing`` from the file at ``path``, naming its line."""
    if not missing:
        return
    nul = "\ufffd" in missing and _line_of(path, ["\x00"]) is not None
    if nul:
        line = _line_of(path, ["\x00"])
        message = "the text has a NUL character (U+0000), which is read as U+FFFD '\ufffd'"
        rest = [c for c in missing if c != "\ufffd"]
        if rest:
            message += "; the PDF font also has no glyph for " + _listed(rest)
        raise SourceError(path, f"{message}: remove it", line)
    line = _line_of(path, [*missing, *(unicodedata.normalize("NFD", c) for c in missing)])
    raise SourceError(
        path, f"the PDF font has no glyph for {_listed(missing)}: use other characters", line
    )


def _listed(chars: Sequence[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {c!r}" for c in chars)


def _written_in(path: tuple[int, ...]) -> str:
    """Which file of the release a run of text at ``path`` (of :mod:`expected`) comes from.

    The head of an edition holds the issuer (0) and the series (2, 2) from release.yaml, and the
    date and its separator (the rest of 2), which the program writes; everything else is the
    edition's own file.
    """
    if len(path) >= 3 and path[1] == 0:
        if path[2] == 0 or (path[2] == 2 and len(path) > 3 and path[3] == 2):
            return "release"
        if path[2] == 2:
            return "program"
    return "edition"


def check_glyphs(
    release: Release,
    editions: Sequence[Edition],
    fonts: Sequence[Path],
    options: PdfOptions = DEFAULT,
) -> None:
    """Refuse source text the shipped fonts cannot draw, naming its file and line.

    A machine's own fonts are never used. The program's own words (the date, the language's
    name, the folio) are not checked here: :func:`printable` makes them drawable.
    """
    for edition in editions:
        runs = expected(release, [edition], options).runs
        for origin, path in (("edition", edition.source), ("release", release.root / METADATA)):
            text = "".join(run.text for run in runs if _written_in(run.path) == origin)
            _refuse_missing(path, missing_characters(text, fonts))


def language_label(lang: str, fonts: Sequence[Path]) -> str:
    """The language's name for the running head: its own, else its English name, else its tag.

    A label in letters the shipped font lacks would be drawn in a machine's font.
    """
    english = str(langcodes.Language.get(primary(lang)).display_name("en"))
    return printable([display_name(lang), english[:1].upper() + english[1:], lang], fonts)


def _break_run(match: re.Match[str]) -> str:
    run = match.group(0)
    pieces = [run[i : i + WORD_PIECE] for i in range(0, len(run), WORD_PIECE)]
    return ZERO_WIDTH_SPACE.join(pieces)


def _break_text(match: re.Match[str]) -> str:
    return LONG_WORD.sub(_break_run, match.group(0))


def break_long_words(markup: str) -> str:
    """``markup`` with break opportunities in each word too long for any line.

    A zero-width space goes every few characters, in text only, never in a tag or an attribute.

    The stylesheet's ``overflow-wrap: anywhere`` keeps such a word on the page anyway, but the
    renderer lays out the whole rest of a word it must break anywhere for every line it
    takes, which for a 200,000-character word is hours; with break opportunities it is linear.
    """
    return re.sub(r">[^<]+<", _break_text, markup)


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


def furniture_css(editions: Sequence[Edition], fonts: Sequence[Path] = ()) -> str:
    """Per-edition named strings for the running head and the folio (see print.css).

    The running title is set on the edition's title, so that it is left out on the page the
    title stands on (``first-except``); the other strings are set on the whole edition.
    """
    rules = []
    for index, edition in enumerate(editions, start=1):
        article = f"main > article:nth-of-type({index})"
        lang = edition.lang
        strings = {
            "edition-language": language_label(lang, fonts),
            "page-word": printable([label("page", lang), label("page", FALLBACK)], fonts),
            "of-word": printable([label("of", lang), label("of", FALLBACK)], fonts),
        }
        rules.append(_string_set(article, strings))
        title = drawable(short_title(edition.title), fonts)
        rules.append(_string_set(f"{article} h1", {"running-title": title}))
    return "\n".join(rules)


ENVIRONMENT_NOTICES = (
    "Using fontTools instead of HarfBuzz-Subset",
    "Please install HarfBuzz version",
    "Unable to subset",
)
"""Beginnings of renderer messages about the machine, not the document: a library missing or
too old (fonts are then subset another way, or embedded whole). At most a warning."""
IMAGE_FAILURES = ("Failed to load image at", "Failed to render SVG image")
"""Beginnings of the renderer's messages for an image it cannot read; the URL is the first
argument."""
LOGGER = logging.getLogger(__name__)


class _Capture(logging.Handler):
    """Collects the records this thread logs at warning level or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


@contextmanager
def renderer_warnings() -> Iterator[list[logging.LogRecord]]:
    """The records the 'weasyprint' logger emits inside the block, at warning level or above."""
    logger = logging.getLogger("weasyprint")
    handler = _Capture()
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _is_environment(record: logging.LogRecord) -> bool:
    return str(record.msg).startswith(ENVIRONMENT_NOTICES)


def _image_failure(
    record: logging.LogRecord, release: Release, editions: Sequence[Edition]
) -> SourceError | None:
    """The error for a record saying an image cannot be read, naming the edition that uses it."""
    if not str(record.msg).startswith(IMAGE_FAILURES) or not record.args:
        return None
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    url = str(args[0])
    cause = args[1] if len(args) > 1 else None
    target = Path(unquote(urlsplit(url).path)).resolve()
    for edition in editions:
        for image in walk_images(edition.blocks):
            if image.path is None or image.path.resolve() != target:
                continue
            src = image.src
            said = str(cause).strip() if cause is not None else ""
            detail = f" ({type(cause).__name__}: {said})" if said else ""
            return SourceError(
                edition.source,
                f"image '{src}' cannot be read{detail}: it is damaged or not an image in a format "
                "the PDF renderer reads (PNG, JPEG, GIF, WebP or SVG); export it again",
            )
    return None


def render_pdf(
    release: Release,
    editions: Sequence[Edition],
    warn: Callable[[str], None] | None = None,
    options: PdfOptions = DEFAULT,
) -> bytes:
    """WeasyPrint's tagged PDF of ``editions``, before the fix-ups.

    What the renderer reports about the document fails the build; what it reports about the
    machine (a missing optional library) is passed to ``warn`` (default: this module's logger).
    """
    check_resources(release, editions)
    css_path = options.css_path
    shipped = stylesheet_fonts(css_path)
    check_glyphs(release, editions, shipped, options)
    roots = [release.root, styles_dir(), css_path.parent.resolve()]
    fetcher = RestrictedFetcher(list(dict.fromkeys(roots)), stylesheet_family(css_path))
    markup = document(release, editions, HtmlOptions())
    if release.date is not None:
        for lang in dict.fromkeys(edition.lang for edition in editions):
            said = escape(format_date(release.date, lang))
            printed = escape(printed_date(release.date, lang, options))
            markup = markup.replace(f">{said}</time>", f">{printed}</time>")
    markup = break_long_words(drawable(markup, shipped))
    fonts = FontConfiguration()
    try:
        with renderer_warnings() as records:
            html = HTML(string=markup, base_url=f"{release.root}/", url_fetcher=fetcher)
            sheets = [
                CSS(filename=str(css_path), url_fetcher=fetcher, font_config=fonts),
                CSS(string=furniture_css(editions, shipped), font_config=fonts),
                CSS(string=numbering_css(editions), font_config=fonts),
            ]
            if options.page_css is not None:
                sheets.append(CSS(string=options.page_css, font_config=fonts))
            data: bytes = html.write_pdf(
                stylesheets=sheets, font_config=fonts, pdf_variant=PDF_VARIANT
            )
    except FatalURLFetchingError as error:
        reason = fetcher.refused[0] if fetcher.refused else str(error)
        raise SourceError(release.root, f"refused to read {reason}") from None
    if fetcher.refused:
        raise SourceError(release.root, f"refused to read {fetcher.refused[0]}")
    for record in records:
        failure = _image_failure(record, release, editions)
        if failure is not None:
            raise failure
    faults = [record.getMessage() for record in records if not _is_environment(record)]
    if faults:
        said = "; ".join(dict.fromkeys(faults))
        raise SourceError(release.root, f"the PDF renderer reported: {said}")
    notices = [record.getMessage() for record in records if _is_environment(record)]
    for notice in dict.fromkeys(notices):
        (warn or LOGGER.warning)(f"the PDF renderer noted (not an error): {notice}")
    return data


def finish_pdf(
    data: bytes, release: Release, editions: Sequence[Edition], options: PdfOptions = DEFAULT
) -> bytes:
    """Apply the fix-ups and the metadata to WeasyPrint's PDF; reproducible byte for byte."""
    with pikepdf.open(BytesIO(data)) as pdf:
        fix_structure(pdf, release, editions, options)
        built = release_time(release.date)
        write_metadata(pdf, metadata_for(release, editions, PRODUCER, CREATOR_TOOL, built))
        show_outline(pdf)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


def write_pdf(
    release: Release,
    editions: Sequence[Edition],
    target: Path,
    warn: Callable[[str], None] | None = None,
    options: PdfOptions = DEFAULT,
) -> None:
    """Render ``editions`` of ``release`` (one, or all for the bilingual edition) to ``target``.

    Notices about the machine, not the document, go to ``warn`` (see :func:`render_pdf`).
    """
    rendered = render_pdf(release, editions, warn, options)
    target.write_bytes(finish_pdf(rendered, release, editions, options))
