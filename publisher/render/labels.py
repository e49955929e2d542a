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


@cache
def _labels() -> dict[str, dict[str, str]]:
    text = resources.files("publisher").joinpath("data/labels.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(text)
    return loaded


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``, or in English when that language lacks it."""
    table = _labels()
    found = table.get(primary(lang), {}).get(key) or table[FALLBACK].get(key)
    if found is None:
        raise KeyError(key)
    return found


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
