"""Release folders -> :class:`~publisher.model.Release`; the only module knowing the input syntax.

A release is a folder holding ``release.yaml`` (metadata said once for every language) and one
Markdown file per language with YAML front matter. Every problem is raised as a
:class:`~publisher.errors.SourceError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import stat
from collections.abc import Mapping as AnyMapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from publisher.errors import SourceError
from publisher.invisible import InvisibleCharacter, clean_text
from publisher.languages import normalize_tag, primary
from publisher.markdown import MarkdownProblem, ParsedBody, parse_body
from publisher.model import Block, Edition, Figure, Heading, ListBlock, Quote, Release, Table
from publisher.yaml_reader import Mapping, load_yaml

METADATA_FILE = "release.yaml"
MAX_FILE_BYTES = 1024 * 1024
"""A press release is a few pages; anything larger than this is refused rather than parsed."""
WEB_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)
RELEASE_KEYS = frozenset({"original", "issuer", "date", "series", "identifiers", "abbreviations"})
RELEASE_KEYS |= {"office"}  # the press office on the pages, read by publisher.office
EDITION_KEYS = frozenset({"title", "lang", "summary"})
IMAGE_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("GIF", (b"GIF87a", b"GIF89a")),
}
"""Raster image suffixes and how files of that kind begin."""


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


def load_release(folder: Path) -> Release:
    """Read, check and return one release."""
    root = folder.resolve()
    slug = root.name
    if not SLUG.match(slug):
        raise SourceError(folder, "the folder name is the release's slug: use a-z, 0-9 and '-'")
    meta_path = folder / METADATA_FILE
    meta_text = read_text(meta_path, root)
    meta = _mapping(load_yaml(meta_path, meta_text, 1), meta_path, RELEASE_KEYS)
    original_tag = _tag(meta.get("original"), meta_path, "original", meta)
    abbreviations = _abbreviations(meta.get("abbreviations"), meta_path, meta)

    editions: list[Edition] = []
    lines: dict[str, tuple[int, ...]] = {}
    paths = sorted(p for p in folder.glob("*.md") if not p.name.startswith("."))
    if not paths:
        raise SourceError(folder, "no edition: add one Markdown file per language (es.md, en.md)")
    for path in paths:
        edition, block_lines = _load_edition(root, path, abbreviations, original_tag)
        if any(e.lang == edition.lang for e in editions):
            raise SourceError(path, f"a second edition in {edition.lang}")
        same = next((e for e in editions if e.primary_language == edition.primary_language), None)
        if same is not None:  # output files are named by primary language: one would be lost
            raise SourceError(
                path,
                f"a second edition in {edition.primary_language} ({same.lang} and "
                f"{edition.lang}); output files are named by language, so keep one of them",
            )
        editions.append(edition)
        lines[edition.lang] = block_lines
    editions.sort(key=lambda e: not e.is_original)
    if not editions[0].is_original:
        raise SourceError(meta_path, f"original: {original_tag} but no edition is in that language")
    for translation in editions[1:]:
        _check_alignment(editions[0], translation, lines)

    return Release(
        slug=slug,
        root=root,
        issuer=_text_map(meta.get("issuer"), meta_path, "issuer", meta),
        editions=tuple(editions),
        date=_date(meta.get("date"), meta_path, meta),
        series=_optional_str(meta.get("series"), meta_path, "series", meta),
        identifiers=_text_map(meta.get("identifiers"), meta_path, "identifiers", meta),
        abbreviations=abbreviations,
    )


def read_text(path: Path, root: Path | None = None) -> str:
    """A source file's text: exists, within the size limit, UTF-8 (a BOM is allowed).

    With ``root`` (a resolved release folder), a file that is a link to somewhere outside it is
    refused, so a release can never make the build read files outside its own folder.
    """
    if root is not None and not path.resolve().is_relative_to(root):
        raise SourceError(path, f"is a link that leads outside the release folder {root}")
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise SourceError(path, "is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(path, "is not a regular file (a pipe, socket or device); remove it")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(
                path,
                f"is {size / 1e6:.1f} MB; a release file may be at most "
                f"{MAX_FILE_BYTES // 1024} KB",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except IsADirectoryError:
        raise SourceError(path, "is a folder, not a file") from None
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8", line
        ) from None
    try:
        return clean_text(text)
    except InvisibleCharacter as problem:
        raise SourceError(path, problem.message, problem.line) from None


def _load_edition(
    root: Path, path: Path, abbreviations: AnyMapping[str, AnyMapping[str, str]], original: str
) -> tuple[Edition, tuple[int, ...]]:
    text = read_text(path, root)
    if not text.startswith("---\n"):
        raise SourceError(path, "must begin with YAML front matter between '---' lines", 1)

    def check_path(kind: str, target: str, line: int | None) -> None:
        _check_local_target(root, path, kind, target, line)

    # The language decides which abbreviations apply, so read the front matter first.
    end = FRONT_MATTER_END.search(text, 3)
    if end is None:
        raise SourceError(
            path, "the front matter is not closed: add a line '---' after its last key", 1
        )
    front = _mapping(load_yaml(path, text[4 : end.start()], 2), path, EDITION_KEYS)
    lang = _tag(front.get("lang"), path, "lang", front)
    try:
        body: ParsedBody = parse_body(text, lang, _for_language(abbreviations, lang), check_path)
    except MarkdownProblem as problem:
        raise SourceError(path, problem.message, problem.line) from None
    title = front.get("title")
    if title is not None and not isinstance(title, str):
        raise SourceError(
            path,
            f'the title must be text: put it in quotes, title: "{title}"',
            front.line("title"),
        )
    if title is None or not title.strip():
        raise SourceError(path, "front matter has no title: add 'title: ...'", 2)
    if not body.blocks:
        raise SourceError(
            path, "the document is empty: write its paragraphs below the front matter"
        )
    summary = _optional_str(front.get("summary"), path, "summary", front)
    edition = Edition(
        lang=lang,
        title=" ".join(title.split()),
        blocks=body.blocks,
        source=path.resolve(),
        summary=summary,
        is_original=lang == original or (original == primary(original) == primary(lang)),
    )
    return edition, body.lines


def _check_local_target(root: Path, path: Path, kind: str, target: str, line: int | None) -> None:
    """Refuse images that are not local files inside the release, and local links that leave it."""
    parts = urlsplit(target)
    if parts.scheme.lower() in WEB_SCHEMES:
        if kind == "image":
            raise SourceError(
                path,
                f"image '{target}' is on the web; images must be files in the release "
                "folder (nothing is downloaded)",
                line,
            )
        return
    if parts.scheme or target.startswith("//"):
        shown = target if len(target) <= 60 else target[:57] + "..."
        raise SourceError(
            path,
            f"{kind} '{shown}': '{parts.scheme or '//'}' addresses are not allowed; "
            + (
                "an image must be a file in the release folder"
                if kind == "image"
                else "link to a web page (https://...) or to a file in the release folder"
            ),
            line,
        )
    if not parts.path:
        if kind == "image":
            raise SourceError(path, "image without a path", line)
        return  # a link to an anchor in the same document
    local = unquote(parts.path)
    if "\0" in local:
        raise SourceError(path, f"{kind} '{target}' cannot name a file (it holds %00)", line)
    resolved = (path.parent / local).resolve()
    if not resolved.is_relative_to(root):
        raise SourceError(path, f"{kind} '{target}' leads outside the release folder {root}", line)
    if kind == "image" and not resolved.is_file():
        raise SourceError(path, f"image '{target}' does not exist (or is not a file)", line)
    if kind == "image":
        _check_image_content(path, target, resolved, line)


def _check_image_content(path: Path, target: str, image: Path, line: int | None) -> None:
    """Refuse an image whose content is not what its suffix says (a renamed or broken file)."""
    expected = IMAGE_SIGNATURES.get(image.suffix.lower())
    if expected is None:
        return
    kind, signatures = expected
    try:
        with image.open("rb") as file:
            head = file.read(8)
    except OSError as error:
        raise SourceError(
            path, f"image '{target}' cannot be read: {error.strerror}", line
        ) from None
    if not head.startswith(signatures):
        raise SourceError(path, f"image '{target}' is not a {kind} file, as its name says", line)


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
    return "a block quote" if isinstance(block, Quote) else "a paragraph"


def _mapping(value: Any, path: Path, allowed: frozenset[str]) -> Mapping:
    if value is None:
        empty = Mapping()
        empty.lines = {}
        return empty
    if not isinstance(value, Mapping):
        raise SourceError(path, "metadata must be 'key: value' lines", 1)
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            known = ", ".join(sorted(allowed))
            hint = f"did you mean '{close[0]}'?" if close else f"known: {known}"
            raise SourceError(path, f"unknown key '{key}' ({hint})", value.line(key))
    return value


def _tag(value: Any, path: Path, key: str, where: Mapping) -> str:
    if value is None:
        raise SourceError(path, f"'{key}' is missing: give a language tag such as es-PE")
    try:
        return normalize_tag(str(value))
    except ValueError as error:
        raise SourceError(path, f"{key}: {error}", where.line(key)) from None


def _optional_str(value: Any, path: Path, key: str, where: Mapping) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(path, f"'{key}' must be text: put it in quotes", where.line(key))
    return " ".join(value.split()) or None


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
        result[_tag(lang, path, lang, value)] = {k.strip(): v for k, v in table.items()}
    return result


def _for_language(table: AnyMapping[str, AnyMapping[str, str]], lang: str) -> AnyMapping[str, str]:
    return table.get(lang) or table.get(primary(lang)) or {}
