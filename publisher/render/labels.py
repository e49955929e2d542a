"""Localised words around the release text (labels) and dates, by language."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import babel
import babel.dates
import yaml

from publisher.languages import primary

FALLBACK = "en"
"""The last language a missing label is looked up in: every label has an English text."""
FALLBACKS: dict[str, tuple[str, ...]] = {"qu": ("es",), "quz": ("es",), "quy": ("es",)}
"""Languages tried, in order, before English when a language lacks a label: a Quechua reader in
Peru reads Spanish, the language of the release's original, not English."""


@cache
def _labels() -> dict[str, dict[str, str]]:
    text = resources.files("publisher").joinpath("data/labels.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(text)
    return loaded


def own_labels(lang: str) -> dict[str, str]:
    """The labels written in ``lang`` itself (a primary subtag), without fallbacks."""
    return dict(_labels().get(primary(lang), {}))


def chain(lang: str) -> tuple[str, ...]:
    """The languages a label for ``lang`` is looked up in, in order: ``qu``, ``es``, ``en``."""
    first = primary(lang)
    return tuple(dict.fromkeys((first, *FALLBACKS.get(first, ()), FALLBACK)))


def label_language(key: str, lang: str) -> str:
    """The language whose text :func:`label` gives for ``key`` in ``lang``."""
    table = _labels()
    for candidate in chain(lang):
        if table.get(candidate, {}).get(key):
            return candidate
    raise KeyError(key)


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``, or in the first language of its :func:`chain` that has it."""
    return _labels()[label_language(key, lang)][key]


def combined_edition(count: int) -> str:
    """The label key naming an edition of ``count`` languages in one file.

    Two are "bilingual", three or more "multilingual". Files keep the name
    ``<slug>.bilingual.<ext>`` whatever the count: it is their published address, which links,
    checksums and audits name; what a reader sees is the label.
    """
    return "page_bilingual" if count <= 2 else "page_multilingual"


def translated(key: str, lang: str) -> bool:
    """Whether ``lang`` has a label ``key`` of its own (English always has)."""
    return key in _labels().get(primary(lang), {}) or primary(lang) == FALLBACK


def format_date(date: dt.date, lang: str) -> str:
    """A date as people write it in ``lang`` (``15 de marzo de 2023``, ``March 15, 2023``)."""
    try:
        locale = babel.Locale.parse(lang, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale.parse(FALLBACK)
    return str(babel.dates.format_date(date, format="long", locale=locale))
