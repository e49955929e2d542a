"""Per-language lexicons: how words are read, letter names, noun genders, the script's labels.

A lexicon is a YAML file with up to four sections, each ``key: text`` lines::

    words:    # a word or abbreviation -> how it is read ("BID: bid")
    letters:  # a letter -> its name, for abbreviations read letter by letter ("P: pe")
    nouns:    # a noun -> its gender, m or f, where the ending rule is wrong ("día: m")
    labels:   # words the script itself says: image, part

The publisher ships one per language in ``publisher/data/lexicon``; a release folder may add
``lexicon.<lang>.yaml`` (``lexicon.es.yaml`` or ``lexicon.es-PE.yaml``), whose entries win. The
release's files are read with the release (:mod:`publisher.sources.lexicons`) and kept on it as
``Release.lexicons``, so rendering reads no files.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from publisher.errors import SourceError
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


def parse_lexicon(data: Any, path: Path) -> Lexicon:
    """A lexicon from loaded YAML; SourceError naming ``path`` if it is malformed."""
    if data is None:
        return Lexicon()
    if not isinstance(data, dict):
        raise SourceError(path, f"a lexicon holds the sections {', '.join(SECTIONS)}")
    unknown = sorted(set(map(str, data)) - set(SECTIONS))
    if unknown:
        raise SourceError(path, f"unknown section '{unknown[0]}' (known: {', '.join(SECTIONS)})")
    tables: dict[str, Mapping[str, str]] = {}
    for section in SECTIONS:
        table = data.get(section) or {}
        if not isinstance(table, dict) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in table.values()
        ):
            raise SourceError(path, f"'{section}' must be 'key: text' lines")
        tables[section] = _frozen({str(k): str(v) for k, v in table.items()})
    wrong = sorted(k for k, v in tables["nouns"].items() if v not in GENDERS)
    if wrong:
        raise SourceError(path, f"nouns: the gender of '{wrong[0]}' must be m or f")
    return Lexicon(**tables)


def parse_lexicon_text(text: str, path: Path) -> Lexicon:
    """A lexicon from the text of its YAML file; SourceError naming ``path`` if it is malformed."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SourceError(path, f"invalid YAML: {getattr(error, 'problem', error)}", line) from None
    return parse_lexicon(data, path)


@functools.cache
def packaged_lexicon(lang: str) -> Lexicon:
    """The lexicon shipped for a language (empty if there is none)."""
    entry = resources.files("publisher") / "data" / "lexicon" / f"{primary(lang)}.yaml"
    if not entry.is_file():
        return Lexicon()
    # Shipped files are known to be clean UTF-8: no release file rule is needed here.
    return parse_lexicon_text(entry.read_bytes().decode("utf-8-sig"), Path(str(entry)))


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
