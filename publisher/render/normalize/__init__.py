"""Spoken forms: written text -> the words a voice should say, per language.

Applied before any engine. Each language family has its own module; a language without one gets
the lexicon and abbreviation rules only. How abbreviations are read, in order:

1. an entry in the lexicon (``publisher/data/lexicon/<lang>.yaml`` or the release's
   ``lexicon.<lang>.yaml``) is read as it says ("BID: bid");
2. an all-capitals abbreviation in the release's list is read letter by letter, with the letter
   names of the listener's language ("PCM" -> "pe ce eme" in Spanish, "P.C.M." in English);
3. anything else is left to the engine.

Hyphenated compounds ("Ciber-Delincuencia") are left whole: engines read them as one compound.
Sentence boundaries are found by :mod:`publisher.render.normalize.sentences`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from publisher.languages import primary
from publisher.render.normalize import en, es
from publisher.render.normalize.common import Rewrite, read_words
from publisher.render.normalize.lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "load_lexicon", "spoken_form", "written_date"]


def spoken_form(
    text: str, lang: str, abbreviations: Mapping[str, str], lexicon: Lexicon | None = None
) -> str:
    """``text`` as it is said in ``lang``; ``lexicon`` defaults to the one shipped for ``lang``."""
    words = lexicon if lexicon is not None else load_lexicon(lang)
    match primary(lang):
        case "es":
            return es.spoken(text, lang, abbreviations, words)
        case "en":
            return en.spoken(text, lang, abbreviations, words)
        case _:
            out = Rewrite(text)
            read_words(out, words.words, abbreviations, lambda a: _spell(a, words))
            return str(out)


def written_date(date: dt.date, lang: str) -> str | None:
    """A date as ``lang`` writes it in running text; None for a language without date rules."""
    match primary(lang):
        case "es":
            return es.written_date(date, lang)
        case "en":
            return en.written_date(date, lang)
        case _:
            return None


def _spell(abbreviation: str, lexicon: Lexicon) -> str:
    return " ".join(lexicon.letters.get(c, c) for c in abbreviation)
