"""Shared machinery of the spoken-form rules: text under rewriting, context words, numbers."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import babel
import babel.dates
from num2words import num2words

from publisher.languages import primary

WORD = r"[^\W\d_]+"
"""A run of letters (accented ones included)."""
NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
"""A written number: digits, with thousands separators and a decimal part where given."""

# Patterns every language's rules read the same way.
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/-]|\.\d)")
PERCENT = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})\s?%")
RANGE = re.compile(rf"(?<![\w.,/-])(?P<a>{NUMBER})\s?[-–]\s?(?P<b>{NUMBER})(?![\w%/-]|[.,]\d)")
ROMAN = re.compile(r"(?<![\w-])(?P<roman>[IVXLC]+)(?![\w-])")
WORD_NUMBER = re.compile(rf"(?<![\w-])(?P<word>{WORD})-(?P<num>\d+)(?!\w|[.,]\d)")
CAPS_NUMBER = re.compile(r"(?<![\w-])(?P<word>[A-Z]{1,4})(?P<num>\d+)(?!\w)")
NEGATIVE = re.compile(r"(?<![\w.,%)\]/–-])[-−–](?=\d)")
"""A minus sign before a number ("-3 °C"), not a hyphen between numbers or words; an en dash
before a number after a space is one too ("mínimas de –4 °C")."""
POSITIVE = re.compile(r"(?<![\w.,%)\]/+-])\+(?=\d)")
"""A plus sign before a number ("(+35%)"), said as the language's "plus"."""
SCALE_ABBREVIATIONS = {
    "mn": "million",
    "mln": "million",
    "mlln": "million",
    "mill.": "million",
    "mm": "million",
    "bn": "billion",
}
"""Abbreviations of a scale after an amount of money ("$4.7 mn", "$12.5 Mlln"), in any case."""
NUMBER_SIGN = re.compile(r"(?<!\w)(?:Nos?\.|Nº\.?|N\.?\s?[º°]\.?|Nro\.)\s?(?=\d|$)")
"""A number sign before digits ("No. 5", "N° 5"), said as the language's word for "number".

It may end the text under rewriting: the number after it was read by an earlier rule (a code).
"""
PLAIN_NUMBER = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})(?!\w|[.,]\d)")

_ROMAN_DIGITS = (
    ("C", 100),
    ("XC", 90),
    ("L", 50),
    ("XL", 40),
    ("X", 10),
    ("IX", 9),
    ("V", 5),
    ("IV", 4),
    ("I", 1),
)

Replace = Callable[[re.Match[str]], str | None]
"""The spoken form of a match, or None to leave the match as written."""


@dataclass(slots=True)
class _Piece:
    text: str
    final: bool


class Rewrite:
    """Text under rewriting: a replacement is final, so later rules never read it again."""

    def __init__(self, text: str) -> None:
        self._pieces = [_Piece(text, final=False)]

    def apply(self, pattern: re.Pattern[str], replace: Replace) -> None:
        """Replace the matches of ``pattern`` in the text no rule has replaced yet."""
        pieces: list[_Piece] = []
        for piece in self._pieces:
            if piece.final:
                pieces.append(piece)
                continue
            position = 0
            for match in pattern.finditer(piece.text):
                spoken = replace(match)
                if spoken is None:
                    continue
                pieces.append(_Piece(piece.text[position : match.start()], final=False))
                pieces.append(_Piece(spoken, final=True))
                position = match.end()
            pieces.append(_Piece(piece.text[position:], final=False))
        self._pieces = [piece for piece in pieces if piece.text]

    def __str__(self) -> str:
        return " ".join("".join(piece.text for piece in self._pieces).split())


def word_before(match: re.Match[str]) -> str:
    """The word just before a match (separated by spaces only), or ""."""
    found = re.search(rf"({WORD})\s+$", match.string[: match.start()])
    return found.group(1) if found else ""


def word_after(match: re.Match[str], skip: int = 0) -> str:
    """The word after a match (separated by spaces only), or ""; ``skip`` words are passed over."""
    found = re.match(rf"(?:\s+{WORD}){{{skip}}}\s+({WORD})", match.string[match.end() :])
    return found.group(1) if found else ""


def region(tag: str) -> str:
    """The region subtag of a BCP 47 tag, upper case ("PE" for es-PE, "419"), or ""."""
    for part in tag.split("-")[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            return part.upper()
    return ""


@functools.cache
def month_names(tag: str) -> tuple[str, ...]:
    """CLDR's names of the months, January first, as ``tag`` writes them in a date.

    A tag CLDR does not know gets its primary language's names.
    """
    try:
        locale = babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale.parse(primary(tag))
    names = babel.dates.get_month_names("wide", locale=locale)
    return tuple(str(names[month]) for month in range(1, 13))


def month_pattern(*tags: str) -> str:
    """A regex alternation of the month names of every one of ``tags``."""
    names = dict.fromkeys(name for tag in tags for name in month_names(tag))
    return "|".join(map(re.escape, names))


def capitalize(text: str) -> str:
    """``text`` with its first letter upper case."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed written number."""

    integer: int
    decimals: str = ""
    """The digits after the decimal mark ("" for a whole number)."""
    mark: str = ""
    """The decimal mark as written ("" for a whole number)."""


def parse_number(written: str, decimal_mark: str) -> Number:
    """Read a written number whose locale uses ``decimal_mark`` ("." or ",").

    Where both marks occur, the last one is the decimal mark; a mark that occurs more than once
    groups thousands. A single mark is read as the locale says, except that the locale's decimal
    mark followed by exactly "000" groups thousands, and the locale's grouping mark followed by
    anything but three digits is a decimal mark: "9,000" and "9.000" are nine thousand anywhere.
    """
    text = written.replace("\u00a0", "").replace("\u202f", "")
    marks = [c for c in text if c in ",."]
    if not marks:
        return Number(int(text))
    if len(set(marks)) == 2:
        mark: str | None = marks[-1]
    elif len(marks) > 1:
        mark = None
    else:
        tail = text.split(marks[0])[1]
        grouping = tail == "000" if marks[0] == decimal_mark else len(tail) == 3
        mark = None if grouping else marks[0]
    if mark is None:
        return Number(int(re.sub(r"[,.]", "", text)))
    whole, _, decimals = text.rpartition(mark)
    return Number(int(re.sub(r"[,.]", "", whole) or "0"), decimals, mark)


def cardinal_words(value: int, lang: str) -> str:
    """num2words' cardinal of ``value`` in ``lang``; digit by digit past num2words' range."""
    try:
        return str(num2words(value, lang=lang))
    except OverflowError:  # a code of 28 digits or more: no one says it as one number
        return digit_words(str(value), lang)


def ordinal_words(value: int, lang: str) -> str:
    """num2words' ordinal of ``value`` in ``lang``; digit by digit past num2words' range."""
    try:
        return str(num2words(value, lang=lang, to="ordinal"))
    except OverflowError:
        return digit_words(str(value), lang)


def digit_words(digits: str, lang: str) -> str:
    """Each digit of ``digits`` as a word."""
    return " ".join(cardinal_words(int(d), lang) for d in digits)


def roman_value(text: str, limit: int = 100) -> int | None:
    """The value of an upper-case Roman numeral written in standard form up to ``limit``."""
    value, rest = 0, text
    for letters, amount in _ROMAN_DIGITS:
        while rest.startswith(letters):
            value += amount
            rest = rest[len(letters) :]
    if rest or not 0 < value <= limit or to_roman(value) != text:
        return None
    return value


def to_roman(value: int) -> str:
    """``value`` (1-399) as a Roman numeral."""
    out = []
    for letters, amount in _ROMAN_DIGITS:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def words_pattern(
    words: Mapping[str, str], abbreviations: Mapping[str, str]
) -> re.Pattern[str] | None:
    """A pattern matching any lexicon word or abbreviation as a whole word, longest first."""
    keys = sorted({*words, *abbreviations}, key=len, reverse=True)
    if not keys:
        return None
    alternatives = "|".join(re.escape(key) for key in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def read_words(
    text: Rewrite,
    words: Mapping[str, str],
    abbreviations: Mapping[str, str],
    spell: Callable[[str], str],
) -> None:
    """Replace lexicon words and abbreviations, the first rule of every language.

    A lexicon entry wins; an all-capitals abbreviation from the release's list that the lexicon
    does not give is spelled letter by letter; other abbreviations stay as written. Lexicon entries
    with a capital letter match exactly; all-lower-case ones match in any case.
    """
    pattern = words_pattern(words, abbreviations)
    if pattern is None:
        return
    lower = {key.lower(): value for key, value in words.items() if key == key.lower()}

    def replace(match: re.Match[str]) -> str | None:
        found = match.group(0)
        if found in words:
            return words[found]
        if found.lower() in lower:
            spoken = lower[found.lower()]
            return capitalize(spoken) if found[:1].isupper() else spoken
        if found in abbreviations and found.isalpha() and found.isupper():
            return spell(found)
        return None

    text.apply(pattern, replace)
