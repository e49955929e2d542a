"""BCP 47 language tags: validation, normalisation and names for people."""

from __future__ import annotations

import langcodes


def normalize_tag(tag: str) -> str:
    """The standard form of a BCP 47 tag (``es-pe`` -> ``es-PE``); ValueError if it is not one."""
    cleaned = tag.strip()
    if not cleaned or not langcodes.tag_is_valid(cleaned):
        raise ValueError(f"'{tag}' is not a valid BCP 47 language tag (examples: es-PE, en, qu)")
    return str(langcodes.standardize_tag(cleaned))


def primary(tag: str) -> str:
    """The primary language subtag (``es`` for ``es-PE``)."""
    return tag.split("-", maxsplit=1)[0].lower()


def display_name(tag: str) -> str:
    """The language's own name for itself, capitalised (``Español``, ``English``)."""
    name = str(langcodes.Language.get(primary(tag)).autonym())
    return name[:1].upper() + name[1:]
