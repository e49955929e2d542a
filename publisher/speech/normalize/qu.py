"""Quechua (Southern Quechua, as espeak-ng's qu voice reads it) spoken forms: numbers.

Cardinals are built from nine units (huk, iskay, kimsa, tawa, pichqa, suqta, qanchis, pusaq,
isqun) and the powers chunka (10), pachak (100), waranqa (1,000) and hunu (1,000,000):

- a power is multiplied by the number said before it ("kimsa chunka" 30, "iskay pachak" 200,
  "chunka iskayniyuq waranqa" 12,000); one power alone is said bare ("pachak", "waranqa");
- larger parts come first, and a unit after a larger part takes -yuq ("having") after a vowel and
  -niyuq after a consonant: 11 "chunka hukniyuq", 13 "chunka kimsayuq", 1,005 "waranqa
  pichqayuq";
- zero is "ch'usaq" (empty); numbers past a billion are said digit by digit.

Years are cardinals ("iskay waranqa iskay chunka tawayuq"). Ordinals are the cardinal and
"ñiqin" ("kimsa ñiqin", third), written apart so the voice reads the number unchanged. A suffix
joined to a number by a hyphen joins the last word ("2024-pi" -> "... tawayuqpi"), and a range
is "from ... up to ...", -manta and -kama joined the same way ("2019-2022" -> "...
isqunniyuqmanta ... iskayniyuqkama").

Spanish loans, as Quechua radio and the bilingual spots of the ministries use them, where Quechua
has no word listeners share: "por ciento" after a percentage; "punto" or "coma" for the decimal
mark; "menos" before a negative number; currency names ("sol", "dólar"), units ("kilómetro",
"grado Celsius") and month names in dates. They stay singular, as every Quechua noun after a
number does ("kimsa sol", "pichqa chunka kilómetro").

Quechua runs the passes every language shares (:mod:`.passes`), in these words:

- thousands: a Quechua translation copies the original's figures, so "9 500", "12.480" and
  "2′104,300" are read as Spanish writes them ("isqun waranqa pichqa pachak");
- money: the number, a scale where one is written (Spanish "millones", "mil" copied from the
  original are said "hunu", "waranqa"), then the currency's loan name, singular ("chunka
  iskayniyuq hunu pichqa pachak waranqa sol");
- phones and the numbers of document codes: digit by digit ("ch'usaq pusaq ch'usaq ch'usaq"),
  groups apart: a Quechua numeral past ten is a compound of several words, too long to hold in
  mind while dialling; "más" before a country code (the Spanish loan);
- codes: "N.°" is "número", the norm's and the issuing body's names are their Spanish names
  (borrowed from the Spanish lexicon, :data:`.lexicon.BORROWS`), "guion" and "barra" between
  the pieces, the year a Quechua cardinal;
- clock times: "hora", "minuto", "segundo" (loans: Quechua has no units of its own for the
  clock) after Quechua numerals, the part of the day a Quechua word after them (a. m.
  "tutamanta", noon "chawpi p'unchawpi", afternoon "ch'isinpi", night "tutapi": see
  :func:`.clock.quechua`); a range of times is -manta ... -kama;
- web addresses, e-mail, handles and hashtags: the marks' Spanish names ("punto", "barra",
  "arroba"), as the keyboard and Peruvian radio say them, digits in Quechua;
- letters of spelled abbreviations ("DNI"): their Spanish names, as taught at school.

These are the forms of Southern Quechua as written by the Ministry of Culture's translators
and read on Peruvian radio; the choices of loans above should be checked with a Quechua
announcer before a release depends on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from publisher.speech.normalize import clock, passes, units, web
from publisher.speech.normalize.common import (
    CAPS_NUMBER,
    ISO_DATE,
    NEGATIVE,
    NUMBER,
    NUMBER_SIGN,
    NUMERIC_DATE,
    PERCENT,
    PLAIN_NUMBER,
    POSITIVE,
    RANGE,
    ROMAN,
    WORD_NUMBER,
    month_names,
    parse_number,
    read_words,
    roman_value,
    word_after,
    word_before,
)
from publisher.speech.normalize.lexicon import Lexicon

UNITS = ("", "huk", "iskay", "kimsa", "tawa", "pichqa", "suqta", "qanchis", "pusaq", "isqun")
POWERS = ((1_000_000, "hunu"), (1000, "waranqa"), (100, "pachak"), (10, "chunka"))
ZERO = "ch'usaq"
ORDINAL_WORD = "ñiqin"
LIMIT = 10**12
"""Cardinals from here on are read digit by digit."""
MONTHS = month_names("es-PE")
"""Month names, Spanish loans ("agosto")."""
CURRENCIES: Mapping[str, str] = {
    "S/": "sol",
    "PEN": "sol",
    "US$": "dólar",
    "USD": "dólar",
    "$": "dólar",
    "€": "euro",
}
SCALES: Mapping[str, str] = {
    "mil": "waranqa",
    "waranqa": "waranqa",
    "millón": "hunu",
    "millones": "hunu",
    "hunu": "hunu",
    "mn": "hunu",
    "mln": "hunu",
    "mlln": "hunu",
    "million": "hunu",
}
"""Scale words after an amount, Spanish or Quechua, and what Quechua says."""
MONEY = re.compile(
    rf"(?<![\w$/])(?P<sign>US\$|S/\.?|\$|€|USD|PEN)\s?(?P<num>{NUMBER})"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})\b)?",
    re.IGNORECASE,
)
MONEY_AFTER = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})\s?(?P<sign>€)")
DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
NUMERAL_WORDS = frozenset({*UNITS[1:], ZERO, *(name for _, name in POWERS)})
NUMBER_WORD = "número"
"""Said for "N.°": the Spanish loan of the norms' own names ("Decreto Supremo número ...")."""
PLUS = "más"
"""Said for "+" before a country code: the Spanish loan, as in "más pichqa huk"."""
HYPHEN = "guion"
SLASH = "barra"
"""The marks inside codes and addresses: Spanish names, the ones listeners type and hear."""
MARKS = web.Marks(
    "qu",
    "doble ve doble ve doble ve",
    {".": "punto", "/": "barra", "@": "arroba", "-": "guion", "_": "guion bajo", "#": "jashtag"},
    digits=lambda digits: " ".join(cardinal(int(d)) for d in digits),
    number=lambda value: cardinal(value),  # noqa: PLW0108 (defined below)
)
"""Web addresses: the marks by their Spanish names (there are no Quechua ones in use; the
keyboard and the ministries' spots say them so), digits one by one in Quechua."""
ORDINAL = re.compile(
    r"(?<![\w.,])(?P<num>\d+)(?:\.?[ºª]|\.?(?:er|ra|[rdtvnm][oa]))(?!\w)|"
    r"(?<![\w.,])(?P<deg>\d+)°(?=\s+[a-zñ])"
)
"""An ordinal as Spanish abbreviates it ("3ra", "2do", "1.º"), copied into Quechua text; the
degree sign before a word ("150° watan") is one too, not before a scale ("8 °C")."""
SUFFIX = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})-(?P<suffix>[a-zñ']+)")
UNIT = units.unit_pattern(units.SPANISH, NUMBER)
CENTURY = frozenset({"siglo", "pachakwata"})
"""Words after which a Roman numeral is a cardinal ("siglo XXI")."""


def cardinal(value: int) -> str:
    """The Quechua cardinal of ``value`` (see the module's rule)."""
    if value == 0:
        return ZERO
    if value >= LIMIT:
        return " ".join(cardinal(int(d)) for d in str(value))
    return " ".join(_parts(value, after_larger=False))


def _parts(value: int, *, after_larger: bool) -> list[str]:
    for power, name in POWERS:
        if value >= power:
            count, rest = divmod(value, power)
            said = [*_parts(count, after_larger=False), name] if count > 1 else [name]
            return said + (_parts(rest, after_larger=True) if rest else [])
    unit = UNITS[value]
    return [unit + ("niyuq" if unit[-1] not in "aeiou" else "yuq")] if after_larger else [unit]


def ordinal(value: int) -> str:
    """The Quechua ordinal of ``value``: "kimsa ñiqin"."""
    return f"{cardinal(value)} {ORDINAL_WORD}"


def number(written: str, decimal_mark: str = ".") -> str:
    """A written number read out; decimals after "punto" or "coma", digit by digit if long."""
    if DOT_THOUSANDS.fullmatch(written):  # "12.480", as the Spanish original writes it
        return cardinal(int(written.replace(".", "")))
    value = parse_number(written, decimal_mark)
    said = cardinal(value.integer)
    if not value.decimals:
        return said
    mark = "coma" if value.mark == "," else "punto"
    digits = value.decimals
    decimals = (
        cardinal(int(digits))
        if len(digits) <= 2 and not digits.startswith("0")
        else (" ".join(cardinal(int(d)) for d in digits))
    )
    return f"{said} {mark} {decimals}"


def spoken(text: str, tag: str, abbreviations: Mapping[str, str], lexicon: Lexicon) -> str:
    """``text`` with numbers, percentages, ordinals, years and money in spoken Quechua."""

    def spell(abbreviation: str) -> str:
        return _spell(abbreviation, lexicon)

    voice = passes.Voice(
        cardinal=cardinal,
        zero=ZERO,
        plus=PLUS,
        hyphen=HYPHEN,
        slash=SLASH,
        marks=MARKS,
        spell=spell,
        words=lexicon.words,
        time=clock.quechua(cardinal),
        time_joiner=("", ""),
        digit_by_digit=True,
        numerals=is_numeral,
    )
    out = passes.read_shared(text, voice)
    read_words(out, lexicon.words, abbreviations, spell)
    out.apply(NUMBER_SIGN, lambda _: f"{NUMBER_WORD} ")
    out.apply(ISO_DATE, lambda m: _date(int(m[1]), int(m[2]), int(m[3])))
    out.apply(NUMERIC_DATE, lambda m: _date(int(m[4]), int(m[3]), int(m[1])))
    out.apply(clock.TIME_RANGE, clock.read_quechua_range(voice.time))
    out.apply(clock.TIME, clock.read_time(voice.time))
    out.apply(MONEY, _money)
    out.apply(MONEY_AFTER, _money)
    out.apply(NEGATIVE, lambda _: "menos ")
    out.apply(POSITIVE, lambda _: f"{PLUS} ")
    out.apply(PERCENT, lambda m: f"{number(m['num'])} por ciento")
    out.apply(SUFFIX, lambda m: f"{number(m['num'])}{m['suffix']}")
    out.apply(RANGE, lambda m: f"{number(m['a'])}manta {number(m['b'])}kama")
    out.apply(ORDINAL, lambda m: ordinal(int(m["num"] or m["deg"])))
    out.apply(units.MARKER, lambda _: "kilómetro")
    out.apply(UNIT, lambda m: f"{number(m['num'])} {units.SPANISH[m['unit']].one}")
    out.apply(ROMAN, _roman)
    out.apply(WORD_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
    out.apply(CAPS_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
    out.apply(PLAIN_NUMBER, lambda m: number(m["num"]))
    return str(out)


def is_numeral(text: str) -> bool:
    """Whether ``text`` ends in a Quechua numeral ("kimsa chunka"), for "kimsa chunka (30)"."""
    word = re.sub(r"(?:ni)?yuq$", "", text.rsplit(maxsplit=1)[-1].lower()) if text.split() else ""
    return word in NUMERAL_WORDS


def _money(match: re.Match[str]) -> str:
    """An amount: the number, a Quechua scale word where one is written, the currency's name.

    "S/ 12 500 000" -> "chunka iskayniyuq hunu pichqa pachak waranqa sol"; a scale written as a
    Spanish word in a copied figure ("US$ 2 450,5 millones") is said "hunu" (million).
    """
    amount = number(match["num"])
    scale = match.groupdict().get("scale")
    if scale:
        amount += f" {SCALES[scale.lower()]}"
    return f"{amount} {CURRENCIES[match['sign'].rstrip('.')]}"


def _spell(abbreviation: str, lexicon: Lexicon) -> str:
    return " ".join(lexicon.letters.get(c, c) for c in abbreviation)


def _date(year: int, month: int, day: int) -> str | None:
    """A numeric date as day, month name (a Spanish loan) and year."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{cardinal(day)} {MONTHS[month - 1]} {cardinal(year)}"


def _roman(match: re.Match[str]) -> str | None:
    """A Roman numeral: a cardinal after "siglo"; an ordinal before a capitalised noun."""
    numeral = match["roman"]
    value = roman_value(numeral)
    if value is None:
        return None
    if word_before(match).lower() in CENTURY:
        return cardinal(value)
    noun = word_after(match)
    if len(numeral) > 1 and noun[:1].isupper():
        return ordinal(value)
    return None
