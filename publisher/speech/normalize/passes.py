"""The language-neutral passes every language runs first, with its own words.

A language supplies a :class:`Voice` (its numbers, its names for the marks, its clock); the
passes are the same for all:

1. thousands marks of every kind become one: spaces ("9 500", as Peru's statistics office
   writes), the prime of older Peruvian writing ("2′104,300") and a dot between groups in a
   language that writes a decimal point ("12.480 escolares" in es-PE);
2. a numeral repeated in brackets in legal prose ("treinta (30) días") is said once;
3. e-mail and web addresses, handles and hashtags (:mod:`.web`);
4. norm and document codes (:mod:`.legal`), phones (:mod:`.phone`);
5. clock times (:mod:`.clock`), ranges of times first, by :func:`read_clock`, which a language
   runs after its dates.

Each pass replaces what it reads for good: no later rule of the language reads it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from publisher.speech.normalize import clock, legal, phone, web
from publisher.speech.normalize.common import Rewrite

SPACED_THOUSANDS = re.compile(r"(?<![\d,.])(?<!\d\s)\b\d{1,3}(?: \d{3})+(?![\d]|[,.]\d{3}|\s\d)")
"""Thousands grouped with spaces, as Peru's statistics office writes them ("1 500")."""
PRIME_THOUSANDS = re.compile(r"(?<=\d)[′'’](?=\d{3}(?:\D|$))")
"""The millions mark of older Peruvian writing: "2′104,300" is two million and more."""
REPEATED = re.compile(r"(?<=[^\W\d_])\s+\((?P<num>\d+(?:[.,]\d+)?)\)(?=[\s,.;:])")
"""Words for a number followed by the same number in brackets: "treinta (30) días"."""


@dataclass(frozen=True, slots=True)
class Voice:
    """What one language says in the shared passes."""

    cardinal: Callable[[int], str]
    zero: str
    plus: str
    hyphen: str
    slash: str
    marks: web.Marks
    spell: Callable[[str], str]
    words: Mapping[str, str]
    time: Callable[..., str | None]
    time_joiner: tuple[str, str]
    year_words: Callable[[int], str] | None = None
    digit_by_digit: bool = False
    """Say phone numbers and the numbers of codes digit by digit (Quechua, whose numbers past
    ten are long compounds)."""
    numerals: Callable[[str], bool] | None = None
    """Whether text ends in the written name of a number (for numerals repeated in brackets)."""


SPACED_DEGREE = re.compile(r"(?<=\d)\s?([°º])\s(?=[CF]\b)")
"""A degree sign apart from its scale ("-8 ° C"), written as one symbol."""


def thousands(text: str) -> str:
    """``text`` with its thousands marks made no-break spaces.

    Spaces and primes between groups of thousands become no-break spaces, and a spaced degree
    sign is joined to its scale ("-8 ° C" -> "-8 °C").
    """
    text = SPACED_THOUSANDS.sub(lambda m: m[0].replace(" ", "\u00a0"), text)
    text = SPACED_DEGREE.sub(lambda m: f" {m[1]}", text)
    return PRIME_THOUSANDS.sub("\u00a0", text)


def read_shared(text: str, voice: Voice) -> Rewrite:
    """``text`` under rewriting, with the language-neutral passes applied in ``voice``'s words."""
    out = Rewrite(thousands(text))
    if voice.numerals is not None:
        said = voice.numerals
        out.apply(REPEATED, lambda m: " " if said(m.string[: m.start()]) else None)
    web.read_web(out, voice.marks, voice.spell)
    acronym = legal.acronym_reader(voice.words, voice.spell)
    out.apply(
        legal.CODE,
        lambda m: legal.code(
            m,
            cardinal=voice.cardinal,
            acronym=acronym,
            zero=voice.zero,
            hyphen=voice.hyphen,
            year_words=voice.year_words,
            slash=voice.slash,
            number_words=_digit_by_digit(voice) if voice.digit_by_digit else None,
        ),
    )
    digits = _digit_by_digit(voice) if voice.digit_by_digit else None
    out.apply(phone.PHONE, lambda m: phone.phone(m, voice.cardinal, voice.zero, voice.plus, digits))
    return out


def read_clock(out: Rewrite, voice: Voice) -> None:
    """Clock times in ``voice``'s words: ranges of times first, then single times.

    A language runs it after its dates, whose digits a time pattern would otherwise take.
    """
    out.apply(clock.TIME_RANGE, clock.read_range(voice.time, voice.time_joiner))
    out.apply(clock.TIME, clock.read_time(voice.time))


def _digit_by_digit(voice: Voice) -> Callable[[str], str]:
    def say(digits: str) -> str:
        return " ".join(voice.zero if d == "0" else voice.cardinal(int(d)) for d in digits)

    return say
