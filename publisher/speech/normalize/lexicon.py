"""Per-language lexicons: how words are read, letter names, noun genders, the script's labels.

A lexicon is a YAML file with up to four sections, each ``key: text`` lines::

    words:    # a word or abbreviation -> how it is read ("BID: bid")
    letters:  # a letter -> its name, for abbreviations read letter by letter ("P: pe")
    nouns:    # a noun -> its gender, m or f, where the ending rule is wrong ("día: m")
    labels:   # words the script itself says: image, part

The publisher ships one per language in ``publisher/data/lexicon``; a release folder may add
``lexicon.<lang>.yaml`` (``lexicon.es.yaml`` or ``lexicon.es-PE.yaml``), whose entries win. The
release's files are read with the release (:mod:`publisher.sources.lexicons`, which reads the
shipped ones too, by the same rules) and kept on it as ``Release.lexicons``, so rendering reads
no files.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from publisher.languages import primary

SECTIONS = ("words", "letters", "nouns", "labels")
GENDERS = frozenset({"m", "f"})


def _frozen(table: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(table or {}))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The entries of one language's lexicon."""

    words: Mapping[str, str] = field(default_factory=_frozen)
    letters: Mapping[str, str] = field(default_factory=_frozen)
    nouns: Mapping[str, str] = field(default_factory=_frozen)
    labels: Mapping[str, str] = field(default_factory=_frozen)

    def __reduce__(self) -> tuple[object, ...]:
        """Travel to a worker process as plain tables (a read-only view does not pickle)."""
        tables = (dict(self.words), dict(self.letters), dict(self.nouns), dict(self.labels))
        return (_rebuilt, tables)

    @classmethod
    def of(cls, tables: Mapping[str, Mapping[str, str]]) -> Lexicon:
        """A lexicon of the ``tables`` given, by section name (the others empty)."""
        return cls(**{section: _frozen(table) for section, table in tables.items()})

    def merged(self, other: Lexicon) -> Lexicon:
        """A copy with ``other``'s entries added, ``other`` winning."""
        return Lexicon(
            words=_frozen({**self.words, **other.words}),
            letters=_frozen({**self.letters, **other.letters}),
            nouns=_frozen({**self.nouns, **other.nouns}),
            labels=_frozen({**self.labels, **other.labels}),
        )

    def with_words(self, words: Mapping[str, str]) -> Lexicon:
        """A copy with more ``words`` entries, which win."""
        return self.merged(Lexicon(words=_frozen(words)))


BORROWS: Mapping[str, str] = {"qu": "es"}
"""Languages whose shipped ``words`` start from another's: Quechua in Peru names institutions,
norms and titles by their Spanish names ("MINSA", "R.M.", "Dr."), so the Spanish entries are
said in Quechua text too, under the Quechua file's own."""


@functools.cache
def packaged_lexicon(lang: str) -> Lexicon:
    """The lexicon shipped for a language (empty if there is none), over what it borrows."""
    own = _packaged(lang)
    lender = BORROWS.get(primary(lang))
    if lender is None:
        return own
    return Lexicon(words=_packaged(lender).words).merged(own)


def _packaged(lang: str) -> Lexicon:
    entry = resources.files("publisher") / "data" / "lexicon" / f"{primary(lang)}.yaml"
    if not entry.is_file():
        return Lexicon()
    # Read by the same rules as a release's (imported here: the sources import this module).
    from publisher.sources.lexicons import lexicon_from_text

    # Shipped files are known to be clean UTF-8: no release file rule is needed here.
    return lexicon_from_text(entry.read_bytes().decode("utf-8-sig"), Path(str(entry)))


def load_lexicon(
    lang: str,
    release_lexicons: Mapping[str, Lexicon] | None = None,
    extra: Mapping[str, str] | None = None,
) -> Lexicon:
    """The lexicon for ``lang``: shipped entries, then the release's, then ``extra``.

    The release's are taken by language, then by tag: ``lexicon.es.yaml``, then
    ``lexicon.es-PE.yaml``.
    """
    lexicon = packaged_lexicon(lang)
    for name in dict.fromkeys((primary(lang), lang)):
        if release_lexicons and name in release_lexicons:
            lexicon = lexicon.merged(release_lexicons[name])
    return lexicon.with_words(extra) if extra else lexicon


def _rebuilt(
    words: Mapping[str, str],
    letters: Mapping[str, str],
    nouns: Mapping[str, str],
    labels: Mapping[str, str],
) -> Lexicon:
    return Lexicon(_frozen(words), _frozen(letters), _frozen(nouns), _frozen(labels))
