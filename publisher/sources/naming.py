"""What ``import`` and ``new`` accept as a release's name and its languages, checked one way.

A slug is one folder name (the release-name rule :func:`.release.load_release` applies), so a
new release can only ever land directly inside ``-o``. Languages are BCP 47 tags, one edition
file per primary language, so ``es-PE,es-MX`` is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence

import langcodes

from publisher.errors import UsageError
from publisher.languages import normalize_tag, primary
from publisher.sources.release import SLUG

MAX_SLUG = 64
"""A slug starts every output file's name (``<slug>.es.pdf``): long enough for any headline's
first words, far from the file system's 255-byte name limit."""


def check_slug(slug: str, option: str) -> str:
    """``slug`` if it is one release name (a-z, 0-9 and '-'); else UsageError naming ``option``."""
    if SLUG.fullmatch(slug) and len(slug) <= MAX_SLUG:
        return slug
    shown = slug if len(slug) <= 40 else slug[:37] + "..."
    raise UsageError(
        f"{option} '{shown}': a release name is one folder name of a-z, 0-9 and '-' "
        f"(at most {MAX_SLUG} characters, starting with a letter or digit), such as nota-123-2023"
    )


def parse_langs(value: str | None, option: str = "--langs") -> list[str]:
    """The normalised tags of a comma-separated list; UsageError naming ``option`` and the tag."""
    return check_langs([t for t in (value or "").split(",") if t.strip()], option)


def check_langs(langs: Sequence[str], option: str = "--langs") -> list[str]:
    """``langs`` normalised, each a language tag given once; else UsageError naming ``option``."""
    tags: list[str] = []
    for raw in langs:
        try:
            tags.append(normalize_tag(raw))
        except ValueError:
            raise UsageError(
                f"{option}: '{raw.strip()}' is not a language tag; write BCP 47 tags, original "
                f"first, such as es-PE,en{_hint(raw)}"
            ) from None
    _one_per_language(tags, option)
    return tags


def _hint(raw: str) -> str:
    """', for Spanish write es' when ``raw`` is a language's name."""
    try:
        tag = str(langcodes.find(raw.strip()))
    except (LookupError, ValueError):
        return ""
    return f" (for {langcodes.Language.get(tag).display_name()} write {tag})"


def _one_per_language(tags: Sequence[str], option: str) -> None:
    """Edition files are named by primary language: two tags of one language would collide."""
    seen: dict[str, str] = {}
    for tag in tags:
        first = seen.get(primary(tag))
        if first is not None:
            same = "is given twice" if first == tag else f"and {first} are one language"
            raise UsageError(
                f"{option}: {tag} {same}; each edition is one file named by its language "
                f"({primary(tag)}.md): give each language once"
            )
        seen[primary(tag)] = tag
