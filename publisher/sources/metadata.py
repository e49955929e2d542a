"""Metadata as release.yaml and front matter give it: allowed keys, tags, texts."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.sources.yaml_reader import Mapping

RELEASE_KEYS = frozenset(
    {"original", "issuer", "date", "series", "identifiers", "abbreviations", "office"}
)
"""The keys of release.yaml; ``office`` (the press office on the pages) is read by
:mod:`publisher.office`."""
EDITION_KEYS = frozenset({"title", "lang", "summary"})
"""The keys of an edition's front matter."""
MOVED_KEYS = {
    "date": "the date is said once for every language: write 'date: YYYY-MM-DD' in release.yaml",
    "author": "did you mean 'issuer'? The issuing body goes in release.yaml, as 'issuer:'",
    "issuer": "the issuing body is said once for every language: write 'issuer:' in release.yaml",
    "description": "did you mean 'summary'? Write 'summary: ...' in this front matter",
}
"""Keys other tools put in front matter, and where publisher takes what they mean."""


def checked_mapping(value: Any, path: Path, allowed: frozenset[str]) -> Mapping:
    """``value`` as a mapping whose keys are all ``allowed`` (a did-you-mean otherwise)."""
    if value is None:
        empty = Mapping()
        empty.lines = {}
        return empty
    if not isinstance(value, Mapping):
        raise SourceError(path, "metadata must be 'key: value' lines", 1)
    for key in value:
        if allowed is EDITION_KEYS and key in MOVED_KEYS:
            raise SourceError(path, f"'{key}' in front matter: {MOVED_KEYS[key]}", value.line(key))
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            known = ", ".join(sorted(allowed))
            hint = f"did you mean '{close[0]}'?" if close else f"known: {known}"
            raise SourceError(path, f"unknown key '{key}' ({hint})", value.line(key))
    return value


def tag(value: Any, path: Path, key: str, where: Mapping) -> str:
    """A required language tag, normalized."""
    if value is None:
        raise SourceError(path, f"'{key}' is missing: give a language tag such as es-PE")
    try:
        return normalize_tag(str(value))
    except ValueError as error:
        raise SourceError(path, f"{key}: {error}", where.line(key)) from None


def optional_str(value: Any, path: Path, key: str, where: Mapping) -> str | None:
    """Optional text, whitespace collapsed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(path, f"'{key}' must be text: put it in quotes", where.line(key))
    return " ".join(value.split()) or None
