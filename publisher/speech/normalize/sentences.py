"""Sentence boundaries in running text, for reading one sentence at a time.

A sentence ends at ".", "!", "?" or "…" (with any closing quotes or brackets after it) followed by
a space and an upper-case letter, a digit or an opening mark. It does not end:

- after a known abbreviation ("Sr.", "Dr.", "Mr.", "N.º"), a single capital (an initial, "C.")
  or a word with a full stop inside ("U.S.");
- after a list number at the start of the text ("1. Primero");

Decimal numbers ("1.5") never end a sentence, as no space follows their mark.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

ABBREVIATIONS = frozenset({
    "Sr", "Sra", "Srta", "Sres", "Dr", "Dra", "Drs", "Mr", "Mrs", "Ms", "Prof", "Ing", "Lic", "Arq",
    "Abg", "Av", "Jr", "Gral", "Cnel", "Mons", "St", "Mt", "No", "Nos", "Nro", "núm", "pp", "p",
    "vs", "aprox", "approx", "Ud", "Uds", "Sto", "Sta", "EE", "UU", "cf", "ca", "Inc", "Ltd", "Co",
    "Mg", "Mag", "Econ", "Tte", "Sgto", "Cap", "Capt", "Gob", "Gov", "Sen", "Rep", "Gen", "Hon",
    "Telf", "Tel", "Cel", "Mz", "Lt", "Dpto", "Prov", "Dist", "Cía", "art", "inc", "pág",
    "págs", "vol", "Leg", "Nº", "N°",
})  # fmt: skip
"""Words that, followed by a full stop, do not end a sentence (with or without the stop)."""
OPENING = "“«\"'(¿¡[‘"
_END = re.compile(r"[.!?…]+[”»\"’')\]]*")


def split_sentences(text: str, abbreviations: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of ``text``, without surrounding spaces.

    ``abbreviations`` adds words after which a full stop does not end a sentence.
    """
    known = ABBREVIATIONS | {word.rstrip(".") for word in abbreviations}
    cuts = [0]
    for match in _END.finditer(text):
        rest = text[match.end() :]
        following = rest.lstrip()
        if not rest[:1].isspace() or not following:
            continue
        if not (following[0].isupper() or following[0].isdigit() or following[0] in OPENING):
            continue
        if match.group().startswith(".") and _ends_abbreviation(text[: match.start()], known):
            continue
        cuts.append(match.end())
    cuts.append(len(text))
    spans = []
    for start, end in itertools.pairwise(cuts):
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
    return spans


def _ends_abbreviation(before: str, known: frozenset[str]) -> bool:
    """Whether the word just before a full stop is an abbreviation, an initial or a list number."""
    if not before or before[-1].isspace():
        return False
    words = before.split()
    word = words[-1].lstrip(OPENING)
    if word in known or "." in word:
        return True
    if len(word) == 1 and word.isupper():
        return True
    return len(words) == 1 and word.isdigit()
