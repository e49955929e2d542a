"""Sizes, durations and language names as people read them, and the build summary rows.

Sizes use decimal units (1 KB = 1000 bytes, 1 MB = 1000 KB), as data plans and budgets do.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import babel
import babel.numbers
import langcodes

from publisher.artifact import Artifact
from publisher.formats import ALTERNATIVES, BUNDLE_FORMATS
from publisher.languages import display_name, primary

NBSP = "\u00a0"
KB = 1000
MB = 1000 * KB

SUMMARY_COLUMNS = ("file", "format", "language", "size", "duration")
"""Headers of :func:`summary_rows`; size and duration are the right-aligned ones."""


@cache
def _locale(lang: str) -> babel.Locale:
    for candidate in (lang, primary(lang), "en"):
        try:
            return babel.Locale.parse(candidate, sep="-")
        except (ValueError, babel.UnknownLocaleError):
            continue
    return babel.Locale.parse("en")


def _number(value: float, pattern: str, lang: str) -> str:
    return str(babel.numbers.format_decimal(value, format=pattern, locale=_locale(lang)))


def format_size(size: int, lang: str = "en") -> str:
    """Bytes for people, numbers as ``lang`` writes them: ``812 B``, ``9.6 KB``, ``1.4 MB``."""
    if size < KB:
        return f"{size}{NBSP}B"
    if size < MB:
        value = size / KB
        return f"{_number(value, '#,##0' if value >= 10 else '#,##0.#', lang)}{NBSP}KB"
    return f"{_number(size / MB, '#,##0.0', lang)}{NBSP}MB"


def format_bytes(size: int, lang: str = "en") -> str:
    """An exact byte count with grouping: ``1,523,004 bytes``."""
    return f"{_number(size, '#,##0', lang)}{NBSP}bytes"


def _hms(seconds: float) -> tuple[int, int, int]:
    total = round(seconds)
    return total // 3600, total % 3600 // 60, total % 60


def format_duration(seconds: float) -> str:
    """Playing time in SI-style units: ``25 s``, ``3 min 05 s``, ``1 h 02 min 05 s``."""
    hours, minutes, secs = _hms(seconds)
    if hours:
        return f"{hours}{NBSP}h {minutes:02d}{NBSP}min {secs:02d}{NBSP}s"
    if minutes:
        return f"{minutes}{NBSP}min {secs:02d}{NBSP}s"
    return f"{secs}{NBSP}s"


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration for ``<time datetime>``: ``PT3M5S``."""
    hours, minutes, secs = _hms(seconds)
    parts = [f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n]
    return "PT" + ("".join(parts) or "0S")


def clock_duration(seconds: float) -> str:
    """``HH:MM:SS``, as podcast feeds write durations."""
    hours, minutes, secs = _hms(seconds)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def language_in_text(tag: str, in_lang: str | None = None) -> str:
    """A language's name inside a sentence in ``in_lang`` (default: itself): ``español``."""
    return str(langcodes.Language.get(primary(tag)).display_name(primary(in_lang or tag)))


def language_names(langs: str | Sequence[str]) -> list[tuple[str, str]]:
    """(tag, name for people) for a tag, a space-separated list of tags, or a sequence of them."""
    tags = langs.split() if isinstance(langs, str) else list(langs)
    return [(tag, display_name(tag)) for tag in tags]


def summary_rows(
    artifacts: Sequence[Artifact], relative_to: Path | None = None
) -> list[tuple[str, str, str, str, str]]:
    """One row per written file, then a total per release folder and language.

    Columns as in :data:`SUMMARY_COLUMNS`; sizes in KB/MB, durations as ``3 min 05 s``. Totals
    count the files in that one language (not the bilingual ones), as budgets do, in folders
    holding downloads. Paths are shown relative to ``relative_to`` when given.
    """

    def shown(path: Path) -> str:
        return str(path.relative_to(relative_to) if relative_to else path)

    rows = [
        (
            shown(a.path),
            a.format,
            a.lang,
            format_size(a.size),
            format_duration(a.duration_s) if a.duration_s is not None else "",
        )
        for a in artifacts
    ]
    totals: dict[tuple[Path, str], int] = {}
    for a in artifacts:
        if " " not in a.lang and a.format not in ALTERNATIVES:
            key = (a.path.parent, a.lang)
            totals[key] = totals.get(key, 0) + a.size
    with_downloads = {a.path.parent for a in artifacts if a.format not in BUNDLE_FORMATS}
    rows += [
        (
            "total" if folder == relative_to else f"{shown(folder)}/ (total)",
            "",
            lang,
            format_size(size),
            "",
        )
        for (folder, lang), size in totals.items()
        if folder in with_downloads
    ]
    return rows


PREVIEW_CHARS = 300
"""Longest description a page's meta carries: link previews show about two lines of it."""


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with "…" where it was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
