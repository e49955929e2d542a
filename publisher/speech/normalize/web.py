"""Web addresses, e-mail addresses, social handles and hashtags, spoken as people say them.

An address is read piece by piece: "www" as its letters, each label as a word (a label without a
vowel, "bcrp", letter by letter), digits one by one, and the marks by their names ("punto",
"barra", "arroba" in Spanish; "dot", "slash", "at" in English). "https://" is not said. A handle
or hashtag is said with its sign's name and its words split where the capitals show them
("@MinViviendaPe" -> "arroba Min Vivienda Pe").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from publisher.speech.normalize.common import Rewrite, digit_words

_TLD = r"(?:pe|com|org|net|gob|edu|int|gov|info|io|es|uk|us|la|lat|tv|me|app)"
URL = re.compile(
    r"(?<![\w@/.])(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\."
    + _TLD
    + r"(?![\w-])(?:/(?:[\w\-.%?=&#/]*[\w\-%=&#/])?)?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w-])", re.I)
HANDLE = re.compile(r"(?<![\w@])(?P<sign>[@#])(?P<name>[^\W\d_]\w*)")
_CAMEL = re.compile(r"[A-ZÁÉÍÓÚÑ]?[a-záéíóúñü]+|[A-ZÁÉÍÓÚÑ]+(?![a-záéíóúñü])|\d+")
_VOWELS = frozenset("aeiouáéíóúü")


@dataclass(frozen=True, slots=True)
class Marks:
    """How one language names the parts of an address."""

    lang: str
    www: str
    names: Mapping[str, str]
    """A mark ("." "/" "@" "-" "_" "#") -> its spoken name."""
    digits: Callable[[str], str] | None = None
    """Digits said one by one; num2words' words for ``lang`` where not given."""
    number: Callable[[int], str] | None = None
    """The cardinal of the digits in a handle or hashtag ("#Dengue2024"); else digit by digit."""

    def say_digits(self, digits: str) -> str:
        return self.digits(digits) if self.digits else digit_words(digits, self.lang)


SPANISH = Marks(
    "es",
    "doble ve doble ve doble ve",
    {".": "punto", "/": "barra", "@": "arroba", "-": "guion", "_": "guion bajo", "#": "jashtag"},
)
ENGLISH = Marks(
    "en",
    "double-u double-u double-u",
    {".": "dot", "/": "slash", "@": "at", "-": "dash", "_": "underscore", "#": "hashtag"},
)


def read_web(text: Rewrite, marks: Marks, spell: Callable[[str], str]) -> None:
    """Replace e-mail addresses, web addresses, handles and hashtags in ``text``."""
    text.apply(EMAIL, lambda m: address(m.group(0), marks, spell))
    text.apply(URL, lambda m: address(m.group(0), marks, spell))
    text.apply(HANDLE, lambda m: f"{marks.names[m['sign']]} {words(m['name'], marks, tag=True)}")


def address(written: str, marks: Marks, spell: Callable[[str], str]) -> str:
    """A web or e-mail address, piece by piece."""
    rest = re.sub(r"^https?://", "", written, flags=re.IGNORECASE).rstrip("/")
    said: list[str] = []
    for piece in re.split(r"([./@\-_?=&#%])", rest):
        if not piece:
            continue
        if piece in marks.names:
            said.append(marks.names[piece])
        elif piece.lower() == "www":
            said.append(marks.www)
        elif piece.isdigit():
            said.append(marks.say_digits(piece))
        elif not _VOWELS.intersection(piece.lower()) and piece.isalpha():
            said.append(spell(piece.upper()))
        elif piece.isalnum():
            said.append(words(piece, marks))
    return " ".join(said)


def words(name: str, marks: Marks, *, tag: bool = False) -> str:
    """A name cut where its capitals or digits start a word ("MinSalud" -> "Min Salud").

    In a handle or hashtag (``tag``) digits are a number ("#Dengue2024": a year), where the
    language gives its cardinal; in an address they are said one by one.
    """
    parts = _CAMEL.findall(name) or [name]
    said = []
    for part in parts:
        if not part.isdigit():
            said.append(part)
        elif tag and marks.number is not None and not part.startswith("0"):
            said.append(marks.number(int(part)))
        else:
            said.append(marks.say_digits(part))
    return " ".join(said)
