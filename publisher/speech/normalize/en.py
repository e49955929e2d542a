"""English spoken forms: numbers, years, ordinals, dates, money and abbreviations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping

from num2words import num2words

from publisher.speech.normalize import clock, legal, passes, regnal, units, web
from publisher.speech.normalize.common import (
    CAPS_NUMBER,
    ISO_DATE,
    NEGATIVE,
    NUMBER,
    NUMERIC_DATE,
    PERCENT,
    PLAIN_NUMBER,
    POSITIVE,
    RANGE,
    ROMAN,
    SCALE_ABBREVIATIONS,
    WORD_NUMBER,
    Number,
    capitalize,
    cardinal_words,
    digit_words,
    month_names,
    month_pattern,
    ordinal_words,
    parse_number,
    read_words,
    region,
    roman_value,
    word_after,
    word_before,
)
from publisher.speech.normalize.lexicon import Lexicon

LANG = "en"
MONTHS = month_names(LANG)
"""CLDR's English month names, the same in every region."""
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
"""Regions that write numeric dates month first (03/15/2023)."""
FIRST_YEAR, LAST_YEAR = 1100, 2099
"""Four-digit numbers in this span are read as years ("twenty twenty-three")."""
DETERMINERS = frozenset({"the", "this", "its", "their", "our"})
"""Words after which a one-letter Roman numeral is an ordinal ("the I Summit")."""
SCALES = ("thousand", "million", "billion", "trillion")
CURRENCIES: Mapping[str, tuple[str, str, str, str]] = {
    "S/": ("sol", "soles", "centimo", "centimos"),
    "PEN": ("sol", "soles", "centimo", "centimos"),
    "US$": ("dollar", "dollars", "cent", "cents"),
    "USD": ("dollar", "dollars", "cent", "cents"),
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "GBP": ("pound", "pounds", "penny", "pence"),
}
"""Currency signs and codes: unit, units, hundredth, hundredths."""

_MONTH_NAMES = month_pattern(LANG)
_SUFFIX = r"(?:st|nd|rd|th)?"
MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\s+(?P<day>\d{{1,2}}){_SUFFIX}"
    rf"(?:\s*(?P<sep>[-–]|to|through|and)\s*(?P<end>\d{{1,2}}){_SUFFIX}(?![\d:]))?"
    r"(?:,?\s+(?P<year>\d{4}))?(?!\w|[.,]\d)"
)
DAY_MONTH = re.compile(
    rf"(?<![\w.,])(?P<day>\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?(?P<month>{_MONTH_NAMES})"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?!\w|[.,]\d)"
)
NUMBER_SIGN = re.compile(r"(?<!\w)(?:No|Nos|Nº|N\.?\s?°)(?:\.?\s?(?=\d)|\.\s?$|\s?$)")
_SCALE_ABBREVIATIONS = "|".join(
    re.escape(a) for a in sorted(SCALE_ABBREVIATIONS, key=len, reverse=True)
)
MONEY = re.compile(
    rf"(?<![\w$/])(?P<sign>US\$|S/\.?|\$|€|£|USD|PEN|EUR|GBP)\s?(?P<num>{NUMBER})"
    rf"(?:\s+(?:(?P<scale>{'|'.join(SCALES)})\b|(?P<short>(?i:{_SCALE_ABBREVIATIONS}))(?!\w)))?"
)
NUMERAL_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "and",
})  # fmt: skip
ORDINAL = re.compile(r"(?<![\w.,])(?P<num>\d+)(?:st|nd|rd|th)(?!\w)")
DECADE = re.compile(r"(?<![\w.,])['’]?(?P<num>(?:1[1-9]|20)?\d0)['’]?s(?!\w)")
YEAR = re.compile(r"(?<![\w.,$€£/-])(?P<num>\d{4})(?![\w%]|[.,]\d)")


def spoken(text: str, tag: str, abbreviations: Mapping[str, str], lexicon: Lexicon) -> str:
    """``text`` with numbers, years, ordinals, dates, money and abbreviations in spoken English."""
    return _English(tag, lexicon).read(text, abbreviations)


def cardinal(value: int) -> str:
    """The cardinal of ``value`` without num2words' commas ("one thousand five hundred")."""
    return cardinal_words(value, LANG).replace(",", "")


def year(value: int) -> str:
    """A year as said: "twenty twenty-three", "nineteen oh-five"."""
    return str(num2words(value, lang=LANG, to="year"))


def is_numeral(text: str) -> bool:
    """Whether ``text`` ends in a number in words ("thirty"), for "thirty (30) days"."""
    words = text.lower().replace("-", " ").split()
    return bool(words) and words[-1] in NUMERAL_WORDS and words[-1] != "and"


def tag_number(value: int) -> str:
    """Digits in a hashtag: a year as a year ("#Dengue2024"), else a cardinal."""
    return year(value) if is_year(str(value)) else cardinal(value)


def decade(written: str) -> str:
    """A decade as said: "1980s" -> "nineteen eighties", "90s" -> "nineties"."""
    words = year(int(written)) if len(written) == 4 else cardinal(int(written))
    return re.sub(r"y$", "ies", words) if words.endswith("y") else f"{words}s"


def is_year(written: str) -> bool:
    """Whether a written number is read as a year: four plain digits in 1100-2099."""
    return written.isdigit() and len(written) == 4 and FIRST_YEAR <= int(written) <= LAST_YEAR


class _English:
    """The rules for English, in the order they apply."""

    def __init__(self, tag: str, lexicon: Lexicon) -> None:
        self.month_first = region(tag) in MONTH_FIRST_REGIONS
        self.say_month_first = self.month_first or not region(tag)
        """Dates are said as the edition's head writes them (CLDR: "December 4, 2023" for en and
        en-US, "4 December 2023" for en-GB), so one date is read one way in an edition."""
        self.lexicon = lexicon

    def read(self, text: str, abbreviations: Mapping[str, str]) -> str:
        time = clock.english(cardinal)
        voice = passes.Voice(
            cardinal=cardinal,
            zero="zero",
            plus="plus",
            hyphen="dash",
            slash="slash",
            marks=dataclasses.replace(web.ENGLISH, number=tag_number),
            spell=self.spell,
            words=self.lexicon.words,
            time=time,
            time_joiner=("", "to"),
            year_words=year,
            numerals=is_numeral,
        )
        out = passes.read_shared(text, voice)
        read_words(out, self.lexicon.words, abbreviations, self.spell)
        out.apply(ISO_DATE, lambda m: self.date(int(m[1]), int(m[2]), int(m[3])))
        out.apply(NUMERIC_DATE, self.numeric_date)
        out.apply(MONTH_DAY, self.month_day)
        out.apply(DAY_MONTH, self.day_month)
        out.apply(NUMBER_SIGN, lambda _: "number ")
        passes.read_clock(out, voice)
        out.apply(MONEY, self.money)
        out.apply(NEGATIVE, lambda _: "minus ")
        out.apply(POSITIVE, lambda _: "plus ")
        out.apply(PERCENT, lambda m: f"{self.number(m['num'])} percent")
        out.apply(DECADE, lambda m: decade(m["num"]))
        out.apply(RANGE, self.range)
        out.apply(ORDINAL, lambda m: ordinal_words(int(m["num"]), LANG))
        out.apply(units.MARKER, lambda _: "kilometer")
        out.apply(units.unit_pattern(units.ENGLISH, NUMBER), self.unit)
        out.apply(ROMAN, self.roman)
        out.apply(WORD_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
        out.apply(CAPS_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
        out.apply(YEAR, lambda m: year(int(m["num"])) if is_year(m["num"]) else None)
        out.apply(PLAIN_NUMBER, lambda m: self.number(m["num"]))
        return str(out)

    def spell(self, abbreviation: str) -> str:
        """An abbreviation as dotted letters ("PCM" -> "P.C.M."), which engines read as letters."""
        return "".join(f"{self.lexicon.letters.get(c, c)}." for c in abbreviation)

    @staticmethod
    def parse(written: str) -> Number:
        return parse_number(written, ".")

    def number(self, written: str) -> str:
        """A written number read out; decimals digit by digit ("one point five")."""
        value = self.parse(written)
        words = cardinal(value.integer)
        return f"{words} point {digit_words(value.decimals, LANG)}" if value.decimals else words

    def date(self, year_: int, month: int, day: int, *, day_first: bool = False) -> str | None:
        try:
            date = dt.date(year_, month, day)
        except ValueError:
            return None
        name, nth = MONTHS[date.month - 1], ordinal_words(date.day, LANG)
        said = f"{name} {nth}" if self.say_month_first or not day_first else f"the {nth} of {name}"
        return f"{said}, {year(date.year)}"

    def numeric_date(self, match: re.Match[str]) -> str | None:
        """A numeric date in the region's order, or the other order where only that one is valid."""
        first, second, year_ = int(match[1]), int(match[3]), int(match[4])
        if self.month_first:
            said = self.date(year_, first, second)
            return said or self.date(year_, second, first, day_first=True)
        said = self.date(year_, second, first, day_first=True)
        return said or self.date(year_, first, second)

    def unit(self, match: re.Match[str]) -> str:
        """A number and its unit: "45 km" -> "forty-five kilometers", "1 ha" -> "one hectare"."""
        unit = units.ENGLISH[match["unit"]]
        plural = self.parse(match["num"]) != Number(1)
        return f"{self.number(match['num'])} {unit.many if plural else unit.one}"

    @staticmethod
    def month_day(match: re.Match[str]) -> str:
        said = f"{match['month']} {ordinal_words(int(match['day']), LANG)}"
        if match["end"]:
            joiner = "to" if match["sep"] in "-–" else match["sep"]
            said += f" {joiner} {ordinal_words(int(match['end']), LANG)}"
        return f"{said}, {year(int(match['year']))}" if match["year"] else said

    def day_month(self, match: re.Match[str]) -> str:
        """A day before its month: "the fourth of December", or "December fourth".

        Month first where the edition says dates so (see ``say_month_first``).
        """
        nth = ordinal_words(int(match["day"]), LANG)
        before = word_before(match).lower()
        if self.say_month_first and before != "the" and not match.group(0).count(" of "):
            said = f"{match['month']} {nth}"
        else:
            the = "" if before == "the" else "the "
            said = f"{the}{nth} of {match['month']}"
        return f"{said}, {year(int(match['year']))}" if match["year"] else said

    def money(self, match: re.Match[str]) -> str:
        """An amount of money: "US$ 20" -> "twenty dollars", "$1.5 million" -> "... dollars"."""
        unit, units, cent, cents = CURRENCIES[match["sign"].rstrip(".")]
        value = self.parse(match["num"])
        scale = match["scale"] or SCALE_ABBREVIATIONS.get((match["short"] or "").lower())
        if scale:
            attributive = word_before(match).lower() in ("a", "an")  # "a $12.5 mn loan"
            return f"{self.number(match['num'])} {scale} {unit if attributive else units}"
        if len(value.decimals) == 2:
            said = f"{cardinal(value.integer)} {unit if value.integer == 1 else units}"
            hundredths = int(value.decimals)
            if hundredths:
                said += f" and {cardinal(hundredths)} {cent if hundredths == 1 else cents}"
            return said
        return f"{self.number(match['num'])} {unit if value == Number(1) else units}"

    def range(self, match: re.Match[str]) -> str:
        """A range of numbers: "2019-2023" -> "twenty nineteen to twenty twenty-three"."""
        a, b = match["a"], match["b"]
        if any(len(n) > 1 and n.startswith("0") for n in (a, b)):  # a code, not a range
            return " dash ".join(legal.digits_and_number(n, cardinal, "zero") for n in (a, b))
        if is_year(a) and len(b) == 2 and int(b) > int(a[2:]):  # 2019-22
            b = a[:2] + b
        first, last = (year(int(m)) if is_year(m) else self.number(m) for m in (a, b))
        joiner = "and" if word_before(match).lower() == "between" else "to"
        return f"{first} {joiner} {last}"

    @staticmethod
    def roman(match: re.Match[str]) -> str | None:
        """A Roman numeral before a capitalised noun as an ordinal ("VII Summit" -> "Seventh").

        A one-letter numeral also needs a determiner before it, so the pronoun stays ("I went").
        """
        numeral = match["roman"]
        value = roman_value(numeral)
        noun = word_after(match)
        if value is not None and regnal.is_regnal(match.string[: match.start()]):
            return f"the {capitalize(ordinal_words(value, LANG))}"
        if value is None or not noun or not noun[0].isupper():
            return None
        if len(numeral) == 1 and word_before(match).lower() not in DETERMINERS:
            return None
        return capitalize(ordinal_words(value, LANG))
