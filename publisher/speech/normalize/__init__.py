"""Spoken forms: written text -> the words a voice should say, per language.

Applied before any engine. Each language family has its own module; a language without one gets
the lexicon and abbreviation rules only. How abbreviations are read, in order:

1. an entry in the lexicon (``publisher/data/lexicon/<lang>.yaml`` or the release's
   ``lexicon.<lang>.yaml``) is read as it says ("BID: bid");
2. an all-capitals abbreviation in the release's list is read letter by letter, with the letter
   names of the listener's language ("PCM" -> "pe ce eme" in Spanish, "P.C.M." in English);
3. anything else is left to the engine.

Acronyms: the shipped lexicons say which are spelled ("DNI: de ene i", "PBI", "JEE") and which
are words ("ONPE: onpe", "MINSA", "SUNAT"); Quechua borrows the Spanish entries (Peru's
institutions keep their Spanish names). An all-capital word in neither the lexicon nor the
release's list is left as written, for the voice to read as espeak-ng does (as a word if it can
be pronounced, else letter by letter), and is listed by ``publisher script --unresolved``
(kind ``capitals``) so that an entry can be added: a wrong guess is heard once, not shipped.

Hyphenated compounds ("Ciber-Delincuencia") are left whole: engines read them as one compound.
Sentence boundaries are found by :mod:`publisher.speech.normalize.sentences`.

Spanish (:mod:`.es`), English (:mod:`.en`) and Quechua (:mod:`.qu`) have rules of their own and
all run the language-neutral passes of :mod:`.passes` first, in their own words; the families
they share live in one module each: :mod:`.clock` (times), :mod:`.units`, :mod:`.web`
(addresses, handles), :mod:`.phone`, :mod:`.legal` (document codes), :mod:`.regnal` (Felipe VI).
What the rules leave for the voice is listed by :mod:`.unresolved`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache

from publisher.languages import primary
from publisher.speech.normalize.common import Rewrite, read_words
from publisher.speech.normalize.lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "has_rules", "load_lexicon", "spoken_form"]

_RULES: Mapping[str, str] = {
    "es": "es",
    "en": "en",
    "qu": "qu",
    "quz": "qu",  # Cusco Quechua
    "quy": "qu",  # Ayacucho Quechua
}
"""The languages with rules of their own, by primary subtag: the module (imported on first use,
so reading a release compiles none of their patterns)."""

Rules = Callable[[str, str, Mapping[str, str], Lexicon], str]


@cache
def _rules(module: str) -> Rules:
    rules: Rules = importlib.import_module(f"publisher.speech.normalize.{module}").spoken
    return rules


def spoken_form(
    text: str, lang: str, abbreviations: Mapping[str, str], lexicon: Lexicon | None = None
) -> str:
    """``text`` as it is said in ``lang``; ``lexicon`` defaults to the one shipped for ``lang``."""
    words = lexicon if lexicon is not None else load_lexicon(lang)
    module = _RULES.get(primary(lang))
    if module is not None:
        return _rules(module)(text, lang, abbreviations, words)
    out = Rewrite(text)
    read_words(out, words.words, abbreviations, lambda a: _spell(a, words))
    return str(out)


def has_rules(lang: str) -> bool:
    """Whether ``lang`` has rules of its own (numbers, dates, money), not only the lexicon's."""
    return primary(lang) in _RULES


def _spell(abbreviation: str, lexicon: Lexicon) -> str:
    return " ".join(lexicon.letters.get(c, c) for c in abbreviation)
