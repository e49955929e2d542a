"""Lexicon files read: a release's own ``lexicon.<lang>.yaml`` and the shipped ones.

A lexicon is read with the strict YAML of every release file (:mod:`.yaml_reader`: no repeated
keys, no aliases) in its text-only form, and each entry is checked where it stands: a blank key
would be read after every sentence and comma, and ``NO:`` (YAML's false) would never match, so
each is refused with its file, line and what to write instead. What the entries mean and how
they merge lives in :mod:`publisher.speech.normalize.lexicon`; the release's files are read with
the release, through its path-safety rule, so rendering does no I/O.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from publisher.errors import SourceError
from publisher.sources.paths import read_text
from publisher.sources.yaml_reader import Mapping, load_yaml
from publisher.speech.normalize.lexicon import GENDERS, SECTIONS, Lexicon

LEXICON_FILE = re.compile(r"^lexicon\.(?P<name>[A-Za-z0-9-]+)\.yaml$")
"""``lexicon.es.yaml`` or ``lexicon.es-PE.yaml``: a language or a full tag."""


def read_lexicon(path: Path, root: Path | None = None) -> Lexicon:
    """The lexicon in a YAML file (inside the release folder ``root``, when given)."""
    return lexicon_from_text(read_text(path, root), path)


def release_lexicons(folder: Path, root: Path) -> dict[str, Lexicon]:
    """Every ``lexicon.<name>.yaml`` in a release folder, by ``name``."""
    found: dict[str, Lexicon] = {}
    for path in sorted(folder.iterdir()):
        match = LEXICON_FILE.match(path.name)
        if match is not None:
            found[match.group("name")] = read_lexicon(path, root)
    return found


def lexicon_from_text(text: str, path: Path) -> Lexicon:
    """The lexicon in the YAML ``text`` of ``path``; SourceError naming the line if malformed."""
    data = load_yaml(path, text, text_only=True)
    if data is None:
        return Lexicon()
    if not isinstance(data, Mapping):
        raise SourceError(path, f"a lexicon holds the sections {', '.join(SECTIONS)}", 1)
    for name in data:
        if name not in SECTIONS:
            known = ", ".join(SECTIONS)
            raise SourceError(path, f"unknown section '{name}' (known: {known})", data.line(name))
    return Lexicon.of({s: _table(data, s, path) for s in SECTIONS if data.get(s) is not None})


def _table(data: Mapping, section: str, path: Path) -> dict[str, str]:
    """The ``key: text`` lines of one section, each checked on its line."""
    table: Any = data[section]
    if not isinstance(table, Mapping):
        raise SourceError(path, f"'{section}' must be 'key: text' lines", data.line(section))
    for key, value in table.items():
        if not isinstance(value, str):
            problem = "has no text after ':'" if value is None else "must be text, not a list"
            raise SourceError(
                path, f"'{key}' in {section} {problem}: {_example(section, key)}", table.line(key)
            )
        if section == "nouns" and value not in GENDERS:
            raise SourceError(path, f"nouns: the gender of '{key}' must be m or f", table.line(key))
    return dict(table)


def _example(section: str, key: str) -> str:
    """What a ``section`` entry for ``key`` looks like."""
    if section == "nouns":
        return f"write its gender, e.g. '{key}: m'"
    return f"write how it is read, e.g. '{key}: ...'"
