"""Is a document in the language it declares? A stop-word count for Spanish, English, Quechua.

A .docx or .odt says its language in its properties or default style, and that is often only
the language the office program was set to: a Spanish release typed in a Word set to English
says ``en-US``. When import takes the language from the document, :func:`disagreement` reads
the text: the language whose common words it uses most, if clearly ahead, is compared with the
declared one. A mismatch is a warning that asks for ``--langs``; nothing is changed silently.
"""

from __future__ import annotations

import re
from collections import Counter

from publisher.languages import primary

STOP_WORDS = {
    "es": frozenset(
        [
            "de",
            "la",
            "que",
            "el",
            "en",
            "y",
            "a",
            "los",
            "se",
            "del",
            "las",
            "un",
            "por",
            "con",
            "no",
            "una",
            "su",
            "para",
            "es",
            "al",
            "lo",
            "como",
            "más",
            "pero",
            "sus",
            "le",
            "ha",
            "si",
            "sin",
            "sobre",
            "este",
            "ya",
            "entre",
            "cuando",
            "todo",
            "esta",
            "ser",
            "son",
            "dos",
            "también",
            "fue",
            "muy",
            "hasta",
            "desde",
            "está",
            "porque",
            "hay",
            "donde",
            "durante",
            "según",
            "cada",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "as",
            "was",
            "with",
            "be",
            "by",
            "on",
            "not",
            "this",
            "are",
            "or",
            "from",
            "at",
            "which",
            "but",
            "have",
            "an",
            "they",
            "you",
            "were",
            "there",
            "been",
            "all",
            "we",
            "their",
            "has",
            "would",
            "will",
            "can",
            "more",
            "who",
            "also",
            "its",
            "into",
            "than",
            "them",
            "other",
            "new",
            "some",
            "these",
            "may",
            "then",
        ]
    ),
    "qu": frozenset(
        [
            "kay",
            "chay",
            "mana",
            "manam",
            "ichaqa",
            "hina",
            "ima",
            "kan",
            "kanku",
            "huk",
            "runa",
            "allin",
            "ari",
            "kunan",
            "hinaspa",
            "chaymanta",
            "kachkan",
            "kanqa",
            "nisqa",
            "kaq",
            "sapa",
            "ñuqa",
            "qam",
            "pay",
            "paykuna",
        ]
    ),
}
"""The most frequent short words of each language (Quechua's are whole words: its suffixes
are counted apart)."""
QUECHUA_ENDINGS = ("kuna", "manta", "pi", "qa", "mi", "chu", "nchik", "yki", "kunata")
"""Quechua suffixes that Spanish and English words rarely end in."""
WORD = re.compile(r"[^\W\d_]+")
MIN_HITS = 5
"""Fewer common words than this and the text is too short to judge."""
MARGIN = 2.0
"""The leading language must have this many times the hits of the next."""
NAMES = {"es": "Spanish", "en": "English", "qu": "Quechua"}


def guess(text: str) -> str | None:
    """The language (es, en or qu) ``text`` is clearly written in, else None."""
    words = [w.lower() for w in WORD.findall(text)]
    hits: Counter[str] = Counter()
    for word in words:
        for lang, stop in STOP_WORDS.items():
            if word in stop:
                hits[lang] += 1
        if len(word) > 4 and word.endswith(QUECHUA_ENDINGS) and word not in STOP_WORDS["es"]:
            hits["qu"] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < MARGIN * ranked[1][1]:
        return None
    return ranked[0][0]


def disagreement(declared: str, text: str) -> str | None:
    """What to tell the user when ``text`` reads as another language than ``declared``."""
    found = guess(text)
    if found is None or primary(declared) == found:
        return None
    said = NAMES.get(primary(declared), primary(declared))
    return (
        f"the document says its language is {declared} ({said}), but its text reads as "
        f"{NAMES[found]}: give the language with --langs (for example --langs "
        f"{'es-PE' if found == 'es' else found}) and import again"
    )
