"""The plain-text reader: a release as press offices send it, in the seed's layout.

The original comes first: its first line is the title, then paragraphs separated by blank
lines. A line naming the translation ("English translation", "Traducción al inglés", "Quechua
simipi", or a pattern given with ``--split``) starts the next edition, laid out the same way.
An office header above the title ("NOTA DE PRENSA N.° 123-2023", then a line with the place and
date) is release metadata: it is returned in :attr:`Draft.release`, never invented when absent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.model import Paragraph, Text
from publisher.sources.draft import Draft

SEPARATORS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^\s*(english translation|traducci[oó]n al ingl[eé]s)\s*:?\s*$", re.I),
    "es": re.compile(r"^\s*(spanish translation|traducci[oó]n al espa[nñ]ol)\s*:?\s*$", re.I),
    "qu": re.compile(
        r"^\s*(quechua simipi|quechua translation|traducci[oó]n al quechua)\s*:?\s*$", re.I
    ),
}
"""Separator lines and the language of the edition they introduce."""
HEADER = re.compile(r"^\s*NOTA DE PRENSA\s+N\.?\s*[°ºo]?\s*(?P<number>[\w-]+)\s*$", re.I)
PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^,\d]+),\s*(?P<day>\d{1,2})\s+de\s+(?P<month>[a-záéíóú]+)"
    r"\s+de\s+(?P<year>\d{4})\s*$",
    re.I,
)
"""The place and date line under the header: "Lima, 15 de marzo de 2023"."""
MONTHS = {
    name: n
    for n, name in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        start=1,
    )
}
MONTHS["setiembre"] = 9


def split_editions(text: str, path: Path, langs: Sequence[str], split: str | None) -> list[Draft]:
    """The editions in one text: ``langs`` tags them in order (later ones may be detected)."""
    parts: list[tuple[str | None, int, list[str]]] = [(None, 1, [])]
    custom = re.compile(split, re.I) if split else None
    for number, line in enumerate(text.splitlines(), start=1):
        detected = separator(line, custom)
        if detected is not None:
            parts.append((detected or None, number + 1, []))
        else:
            parts[-1][2].append(line)
    drafts: list[Draft] = []
    release: dict[str, Any] = {}
    for index, (detected, first_line, lines) in enumerate(parts):
        if index < len(langs):
            lang = normalize_tag(langs[index])
        elif detected is not None:
            lang = detected
        else:
            raise SourceError(
                path,
                f"edition {index + 1} has no language: give --langs with {index + 1} tags",
                first_line,
            )
        header, body, offset = (
            office_header(lines, path, first_line) if index == 0 else ({}, lines, 0)
        )
        release.update(header)
        drafts.append(_draft(body, first_line + offset, lang, path))
    if release:
        drafts[0] = Draft(**{**_fields(drafts[0]), "release": release})
    return drafts


def _fields(draft: Draft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in Draft.__dataclass_fields__}


def separator(line: str, custom: re.Pattern[str] | None) -> str | None:
    """The language a separator line introduces ("" for a --split line), or None."""
    if custom is not None:
        return "" if custom.fullmatch(line.strip()) else None
    for lang, pattern in SEPARATORS.items():
        if pattern.match(line):
            return lang
    return None


def office_header(
    lines: list[str], path: Path, first_line: int
) -> tuple[dict[str, Any], list[str], int]:
    """The office header above the title, if there is one: (metadata, remaining lines, skipped)."""
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    found: dict[str, Any] = {}
    position = start
    if position < len(lines) and (match := HEADER.match(lines[position])):
        found["identifiers"] = {"press-office": match["number"]}
        position += 1
    while position < len(lines) and not lines[position].strip():
        position += 1
    if found and position < len(lines) and (match := PLACE_DATE.match(lines[position])):
        month = MONTHS.get(match["month"].lower())
        if month is not None:
            try:
                found["date"] = dt.date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                raise SourceError(
                    path, f"'{lines[position].strip()}' is not a real date", first_line + position
                ) from None
            found["place"] = match["place"].strip()
            position += 1
    if not found:
        return {}, lines, 0
    return found, lines[position:], position


def _draft(lines: list[str], first_line: int, lang: str, path: Path) -> Draft:
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate([*lines, ""], start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            paragraphs.append((start, " ".join(" ".join(current).split())))
            current = []
    if not paragraphs:
        raise SourceError(
            path, f"the {lang} edition is empty: write its title and paragraphs", first_line
        )
    (_, title), body = paragraphs[0], paragraphs[1:]
    if not body:
        raise SourceError(path, f"the {lang} edition has a title but no paragraphs", first_line)
    blocks = tuple(Paragraph("", lang, (Text(text, lang),)) for _, text in body)
    return Draft(
        lang=lang,
        title=title,
        blocks=blocks,
        lines=tuple(line for line, _ in body),
        source=path.resolve(),
    )
