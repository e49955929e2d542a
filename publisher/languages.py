"""BCP 47 language tags: validation, normalisation and names for people."""

from __future__ import annotations

import langcodes

FALLBACK_LANGUAGES = {
    "ay": "es",
    "gn": "es",
    "cni": "es",
    "shp": "es",
    "agr": "es",
    "quz": "qu",
    "quy": "qu",
}
"""The language whose voice reads a passage in a language no installed voice speaks: the one
its listeners also understand (Aymara, Guarani and the Amazonian languages of Peru: Spanish;
Cusco and Ayacucho Quechua: Southern Quechua). Past this, the edition's own language reads it."""


def fallback_languages(tag: str, edition_lang: str) -> list[str]:
    """Languages to try, in order, for a passage in ``tag`` no voice speaks."""
    found = [tag]
    step = FALLBACK_LANGUAGES.get(primary(tag))
    while step is not None and step not in found:
        found.append(step)
        step = FALLBACK_LANGUAGES.get(step)
    if edition_lang not in found:
        found.append(edition_lang)
    return found[1:]


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
