"""``publisher new``: a commented release folder that ``publisher check`` accepts as it is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from publisher.errors import UsageError
from publisher.languages import display_name, primary
from publisher.sources.destination import destination, write_release
from publisher.sources.naming import check_langs, check_slug
from publisher.sources.release import load_release

RELEASE_YAML = """\
# release.yaml: what is said once for every language of this release.
#
# original: the language the release was written in (a BCP 47 tag); the other files are its
# translations, with the same blocks in the same order.
original: {original}
#
# issuer: the body that issues the release, in each language (or one text for all):
# issuer:
#   es: Presidencia del Consejo de Ministros
#   en: Presidency of the Council of Ministers
#
# date: the date of issue, as YYYY-MM-DD (left out, the build's date is used):
# date: 2023-03-15
#
# series: the press office's bulletin name:
# series: Notas de prensa
#
# identifiers: the release's numbers, by scheme:
# identifiers:
#   press-office: NP-123-2023
#
# abbreviations: abbreviations and their expansions, per language; the PDF and EPUB mark them
# and the narration reads them letter by letter:
# abbreviations:
#   es:
#     PCM: Presidencia del Consejo de Ministros
"""

EDITION = """\
---
# title: the headline in {name}.
title: "{title}"
# lang: this edition's language tag.
lang: {lang}
# summary: one paragraph for the download page and the EPUB's description (optional).
# summary: "..."
---

{text}

## {section}

{text2}
"""
TEXTS = {
    "es": ("Título de la nota", "Primer párrafo.", "Sección", "Segundo párrafo."),
    "en": ("Title of the release", "First paragraph.", "Section", "Second paragraph."),
    "qu": ("Willakuypa sutin", "Ñawpaq rakiy.", "Rakiy", "Iskay kaq rakiy."),
}


def new_release(output: Path, slug: str, langs: Sequence[str]) -> Path:
    """Write the scaffold of release ``slug`` under ``output``; its folder.

    It is written and checked in a staging folder, then renamed into place
    (:mod:`.destination`): a refusal leaves nothing behind.
    """
    check_slug(slug, "SLUG")
    tags = check_langs(langs)
    if not tags:
        raise UsageError("--langs: give the languages, original first: es-PE,en")
    folder = destination(output, slug)

    def fill(staging: Path) -> None:
        (staging / "release.yaml").write_text(RELEASE_YAML.format(original=tags[0]), "utf-8")
        for lang in tags:
            title, text, section, text2 = TEXTS.get(primary(lang), TEXTS["en"])
            content = EDITION.format(
                name=display_name(lang),
                title=title,
                lang=lang,
                text=text,
                section=section,
                text2=text2,
            )
            (staging / f"{primary(lang)}.md").write_text(content, encoding="utf-8")
        load_release(staging)  # the scaffold must pass check as it is

    return write_release(folder, fill)
