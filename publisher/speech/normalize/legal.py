"""Legal references and codes as offices write them: "D. S. N.° 004-2024-VIVIENDA".

A code is number, year and issuing body joined by hyphens; it is read as an official reads it
aloud, piece by piece with "guion" between: the number with its leading zeros ("cero cero
cuatro"), the year as a number, the body's acronym as the lexicon says it ("vivienda", "pe ce
eme"). An acronym of up to three letters missing from the lexicon is spelled; a longer one is left
as written, for the voice and for ``publisher script --unresolved`` to show.

The pieces may be spaced ("R.M. N° 215 - 2024 - MINSA") and number and year may be joined by a
slash ("N° 05120/2023-CR"), said as the language's word for it.

Number and year alone ("N.° 045-2024") are a code, not a range, after a number sign or a word that
names a document; so is any pair with a leading zero or whose second part is not larger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

CODE = re.compile(
    r"(?<![\w.,/:-])(?P<num>\d{1,6})(?P<sep> ?[-–/] ?)(?P<year>(?:19|20)\d{2})"
    r"(?P<bodies>(?: ?[-–] ?[A-ZÑ]{1,12}(?![a-zñ]))+)?(?![\w-]|[.,]\d)"
)
CUE = re.compile(
    r"(?:n\.?\s?[º°]\.?|nro\.|núm\.|no\.|número|expediente|oficio|informe|resolución|decreto|ley|"
    r"ordenanza|acuerdo|carta|memorando|file|number)\s*$",
    re.IGNORECASE,
)
"""Words after which number-year is a document's code."""


def code(
    match: re.Match[str],
    *,
    cardinal: Callable[[int], str],
    acronym: Callable[[str], str],
    zero: str,
    hyphen: str,
    year_words: Callable[[int], str] | None = None,
    slash: str = "",
    number_words: Callable[[str], str] | None = None,
) -> str | None:
    """A document code read piece by piece, or None if the match is a range of numbers.

    ``year_words`` says the year where a language does not say it as a cardinal; ``slash`` is
    the word for a slash between number and year; ``number_words`` says the number where a
    language does not say it as zeros and a cardinal (Quechua: digit by digit).
    """
    num, year, bodies = match["num"], match["year"], match["bodies"]
    cued = bool(CUE.search(match.string[: match.start()]))
    if not (bodies or cued or num.startswith("0")):
        return None
    first = number_words(num) if number_words else digits_and_number(num, cardinal, zero)
    said = [first, (year_words or cardinal)(int(year))]
    if match["sep"].strip() == "/" and slash:
        said = [f"{said[0]} {slash} {said[1]}"]
    said += [acronym(body.strip()) for body in re.split(r"[-–]", bodies or "") if body.strip()]
    return f" {hyphen} ".join(said)


def acronym_reader(words: Mapping[str, str], spell: Callable[[str], str]) -> Callable[[str], str]:
    """How an issuing body's acronym is read: the lexicon, else spelled if short, else as is."""

    def read(body: str) -> str:
        if body in words:
            return words[body]
        return spell(body) if len(body) <= 3 else body

    return read


def digits_and_number(written: str, cardinal: Callable[[int], str], zero: str = "cero") -> str:
    """Digits of a code: its leading zeros one by one, then a number ("045" -> "cero cuarenta")."""
    rest = written.lstrip("0")
    return " ".join([zero] * (len(written) - len(rest)) + ([cardinal(int(rest))] if rest else []))
