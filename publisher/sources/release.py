"""Release folders -> :class:`~publisher.model.Release`: the folder, release.yaml, the editions.

A release is a folder holding ``release.yaml`` (metadata said once for every language) and one
edition file per language, read by the reader for its suffix (:mod:`.readers`); optional
``lexicon.<lang>.yaml`` files are read with it. Every problem is raised as a
:class:`~publisher.errors.SourceError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping as AnyMapping
from pathlib import Path
from typing import Any

from publisher.errors import SourceError
from publisher.languages import primary
from publisher.model import (
    Block,
    Edition,
    Figure,
    Heading,
    ListBlock,
    Notes,
    Quote,
    Release,
    Table,
    walk_blocks,
)
from publisher.office import Office, parse_office
from publisher.sources.blocks import finish
from publisher.sources.draft import Draft, ReadContext
from publisher.sources.lexicons import release_lexicons
from publisher.sources.metadata import RELEASE_KEYS, checked_mapping, optional_str, tag
from publisher.sources.paths import read_text
from publisher.sources.readers import READERS
from publisher.sources.yaml_reader import Mapping, load_yaml

METADATA_FILE = "release.yaml"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _office(value: Any, path: Path, root: Path, line: int | None) -> Office | None:
    """The office ``office:`` names in release.yaml, or None when it names none."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SourceError(path, "office: must be 'key: value' lines (name, logo, email ...)", line)
    return parse_office(value, path, root, inside=True)


def find_releases(path: Path) -> list[Path]:
    """The release folders at ``path``: itself if it is one, else its sub-folders that are."""
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    if not path.is_dir():
        raise SourceError(path, "not a folder: give a release folder or a folder of releases")
    if (path / METADATA_FILE).is_file():
        return [path]
    found = sorted(p for p in path.iterdir() if (p / METADATA_FILE).is_file())
    if not found:
        raise SourceError(path, f"no release here: a release folder holds a {METADATA_FILE}")
    return found


def edition_files(folder: Path) -> list[Path]:
    """The files of a release folder that some reader reads, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in READERS and not p.name.startswith("."))


Spans = dict[str, tuple[int, int]]
"""Block id -> the first and last line of the block in its edition's file."""


def load_release(folder: Path) -> Release:
    """Read, check and return one release."""
    return read_release(folder)[0]


def read_release(folder: Path) -> tuple[Release, dict[str, Spans]]:
    """Read, check and return one release, with the lines of every block by edition language.

    An edition whose reader does not know its lines has no spans.
    """
    root = folder.resolve()
    slug = root.name
    if not SLUG.match(slug):
        raise SourceError(folder, "the folder name is the release's slug: use a-z, 0-9 and '-'")
    meta_path = folder / METADATA_FILE
    meta_text = read_text(meta_path, root)
    meta = checked_mapping(load_yaml(meta_path, meta_text, 1), meta_path, RELEASE_KEYS)
    original_tag = tag(meta.get("original"), meta_path, "original", meta)
    abbreviations = _abbreviations(meta.get("abbreviations"), meta_path, meta)

    context = ReadContext(root=root, original=original_tag)
    editions: list[Edition] = []
    lines: dict[str, tuple[int, ...]] = {}
    spans: dict[str, Spans] = {}
    paths = edition_files(folder)
    if not paths:
        raise SourceError(folder, "no edition: add one Markdown file per language (es.md, en.md)")
    for path in paths:
        for draft in READERS[path.suffix](path, context):
            edition = _edition(draft, abbreviations, original_tag)
            if any(e.lang == edition.lang for e in editions):
                raise SourceError(path, f"a second edition in {edition.lang}")
            same = next(
                (e for e in editions if e.primary_language == edition.primary_language), None
            )
            if same is not None:  # output files are named by primary language: one would be lost
                raise SourceError(
                    path,
                    f"a second edition in {edition.primary_language} ({same.lang} and "
                    f"{edition.lang}); output files are named by language, so keep one of them",
                )
            editions.append(edition)
            lines[edition.lang] = draft.lines
            ids = (block.id for block in walk_blocks(edition.blocks))
            spans[edition.lang] = dict(zip(ids, draft.spans, strict=False))
    editions.sort(key=lambda e: not e.is_original)
    if not editions[0].is_original:
        raise SourceError(meta_path, f"original: {original_tag} but no edition is in that language")
    for translation in editions[1:]:
        _check_alignment(editions[0], translation, lines)

    release = Release(
        slug=slug,
        root=root,
        issuer=_text_map(meta.get("issuer"), meta_path, "issuer", meta),
        editions=tuple(editions),
        date=_date(meta.get("date"), meta_path, meta),
        series=optional_str(meta.get("series"), meta_path, "series", meta),
        identifiers=_text_map(meta.get("identifiers"), meta_path, "identifiers", meta),
        abbreviations=abbreviations,
        lexicons=release_lexicons(folder, root),
        office=_office(meta.get("office"), meta_path, root, meta.line("office")),
    )
    return release, spans


def _edition(
    draft: Draft, abbreviations: AnyMapping[str, AnyMapping[str, str]], original: str
) -> Edition:
    """The shared pass after any reader: block ids, abbreviations, whether it is the original."""
    lang = draft.lang
    return Edition(
        lang=lang,
        title=draft.title,
        blocks=finish(draft.blocks, _for_language(abbreviations, lang)),
        source=draft.source,
        summary=draft.summary,
        is_original=lang == original or (original == primary(original) == primary(lang)),
    )


def _check_alignment(
    original: Edition, translation: Edition, lines: AnyMapping[str, tuple[int, ...]]
) -> None:
    """A translation must have the original's blocks, one for one, in the same order."""
    ours, theirs = original.blocks, translation.blocks
    for index in range(max(len(ours), len(theirs))):
        a = _shape(ours[index]) if index < len(ours) else "nothing (the original has ended)"
        b = _shape(theirs[index]) if index < len(theirs) else "nothing (the translation has ended)"
        if a != b:
            line_a = lines[original.lang][min(index, len(ours) - 1)]
            line_b = lines[translation.lang][min(index, len(theirs) - 1)]
            raise SourceError(
                translation.source,
                f"block {index + 1} does not align with the original: here {b}, but "
                f"{original.source.name}:{line_a} has {a}",
                line_b,
            )


def _shape(block: Block) -> str:
    """What must match between an original block and its translation."""
    if isinstance(block, Heading):
        return f"a level-{block.level} heading"
    if isinstance(block, ListBlock):
        kind = "numbered" if block.ordered else "bulleted"
        return f"a {kind} list of {len(block.items)} items"
    if isinstance(block, Table):
        return f"a table of {len(block.rows)} rows and {len(block.header)} columns"
    if isinstance(block, Figure):
        return "an image"
    if isinstance(block, Notes):
        return f"{len(block.notes)} footnotes"
    return "a block quote" if isinstance(block, Quote) else "a paragraph"


def _date(value: Any, path: Path, where: Mapping) -> dt.date | None:
    # YAML reads "2023-03-15 10:00" as a datetime, which is a date too: refuse it, as its
    # ISO form would not read back as a date from manifest.json.
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise SourceError(
        path, f"date '{value}' is not a date: write it as YYYY-MM-DD", where.line("date")
    )


def _text_map(value: Any, path: Path, key: str, where: Mapping) -> dict[str, str]:
    """``key: text`` lines (issuer per language, identifiers per scheme), or one text under "*"."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str | int) for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    raise SourceError(path, f"'{key}' must be text or 'language: text' lines", where.line(key))


def _abbreviations(value: Any, path: Path, where: Mapping) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SourceError(
            path,
            "'abbreviations' must map a language to 'ABBR: expansion' lines",
            where.line("abbreviations"),
        )
    result: dict[str, dict[str, str]] = {}
    for lang, table in value.items():
        line = value.line(lang)
        if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):
            raise SourceError(
                path, f"abbreviations for '{lang}' must be 'ABBR: expansion' lines", line
            )
        for abbr, expansion in table.items():
            if not abbr.strip() or not expansion.strip():
                raise SourceError(
                    path,
                    f"abbreviation '{abbr}' for '{lang}' needs both the abbreviation and its "
                    "expansion, e.g. PCM: Presidencia del Consejo de Ministros",
                    table.line(abbr),
                )
        result[tag(lang, path, lang, value)] = {k.strip(): v for k, v in table.items()}
    return result


def _for_language(table: AnyMapping[str, AnyMapping[str, str]], lang: str) -> AnyMapping[str, str]:
    return table.get(lang) or table.get(primary(lang)) or {}
