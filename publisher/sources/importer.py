"""``publisher import``: files a press office has -> a release folder ``publisher check`` accepts.

Each file is read by the reader for its suffix into drafts of editions (the same readers a
release folder uses); the drafts are written back as Markdown, one file per language, and the
metadata the files give (an office header) into release.yaml. Nothing is invented: a release
without a header gets no date and no number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, assert_never

from publisher.errors import SourceError
from publisher.languages import normalize_tag, primary
from publisher.model import (
    Abbr,
    Block,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Span,
    Styled,
    Table,
    Text,
    block_text,
)
from publisher.sources import plaintext
from publisher.sources.destination import destination, write_release
from publisher.sources.draft import Draft
from publisher.sources.language_check import disagreement
from publisher.sources.naming import MAX_SLUG, check_langs, check_slug
from publisher.sources.origins import Origins
from publisher.sources.paths import MAX_FILE_BYTES, read_text
from publisher.sources.release import load_release
from publisher.sources.staleness import record_aligned

IMPORTERS = (".txt", ".docx", ".doc", ".odt")
"""Suffixes ``publisher import`` reads (a .doc only to say how to make it a .docx); an .odt is
read by :mod:`.odt` into the same HTML the Word reader maps (:mod:`.word_html`)."""
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|{}~^])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)")


@dataclass(slots=True)
class Imported:
    """What the files give: editions, image files by their path in the release, warnings."""

    drafts: list[Draft] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def slug_of(name: str) -> str:
    """A release slug from a file name: lower case, a-z, 0-9 and '-'."""
    ascii_name = name.lower().translate(str.maketrans("áéíóúñü", "aeiounu"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:MAX_SLUG].strip("-")
    return slug or "release"


def read_files(files: Sequence[Path], langs: Sequence[str], split: str | None) -> Imported:
    """The editions in ``files``; ``langs`` tags them in order."""
    result = Imported()
    for file in files:
        suffix = file.suffix.lower()
        if suffix in (".docm", ".dotm"):
            raise SourceError(
                file,
                "is a macro-enabled Word document: publisher never runs macros; in Word, save "
                "it as Word Document (.docx), which leaves the macros out, and import that",
            )
        if suffix not in IMPORTERS:
            raise SourceError(
                file, f"cannot import {file.suffix or 'this'} files (known: .txt, .docx, .odt)"
            )
        remaining = list(langs[len(result.drafts) :])
        if suffix == ".txt":
            drafts = plaintext.split_editions(read_text(file), file, remaining, split)
        else:
            from publisher.sources.odt import read_odt
            from publisher.sources.word import read_docx

            read = read_odt if suffix == ".odt" else read_docx
            word = read(file, remaining, split, image_start=len(result.images) + 1)
            drafts = word.drafts
            result.images.update(word.images)
            result.warnings += word.warnings
            if not remaining:  # the language the document declares: said, and checked
                result.warnings += _declared_languages(file, drafts)
        _one_per_language(result.drafts, drafts, file)
        result.drafts += drafts
    if not result.drafts:
        raise SourceError(Path(), "nothing to import")
    if len(langs) > len(result.drafts):  # never dropped without a word: a stub to translate
        original = result.drafts[0]
        for lang in langs[len(result.drafts) :]:
            result.drafts.append(dataclasses.replace(original, lang=normalize_tag(lang)))
            result.warnings.append(
                f"{files[-1]}: the files hold no {lang} edition: {primary(lang)}.md is a stub, "
                f"the original's text marked as {original.lang} (a '::: {{lang=...}}' block) "
                "and its title, for a translator to replace"
            )
    return result


def _declared_languages(file: Path, drafts: Sequence[Draft]) -> list[str]:
    """Say which language a document declared; warn when its text reads as another."""
    said: list[str] = []
    for draft in drafts:
        text = " ".join([draft.title, *(block_text(b) for b in draft.blocks)])
        problem = disagreement(draft.lang, text)
        said.append(
            f"{file}: {problem}"
            if problem
            else f"{file}: imported as {draft.lang}, the language the document declares "
            "(give --langs to choose another)"
        )
    return said


def _one_per_language(before: Sequence[Draft], drafts: Sequence[Draft], file: Path) -> None:
    """Editions are written one file per language: a second one would overwrite the first."""
    seen = {primary(d.lang): d.lang for d in before}
    for draft in drafts:
        if (other := seen.get(primary(draft.lang))) is not None:
            raise SourceError(
                file,
                f"a second edition in {primary(draft.lang)} ({other} and {draft.lang}); each "
                "language is one file of the release: give --langs with one tag per edition",
            )
        seen[primary(draft.lang)] = draft.lang


def read_drafts(files: Sequence[Path], langs: Sequence[str], split: str | None) -> list[Draft]:
    """The editions in ``files``; ``langs`` tags them in order."""
    return read_files(files, langs, split).drafts


def import_release(
    files: Sequence[Path],
    output: Path,
    *,
    slug: str | None = None,
    langs: Sequence[str] = (),
    split: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write a release folder under ``output`` from ``files``; its path.

    The folder is written in a staging folder in ``output`` and checked as ``publisher check``
    would, then renamed into place (:mod:`.destination`): a file that cannot be imported leaves
    nothing behind, and a refusal names the file given and the place in it (:mod:`.origins`).
    """
    tags = check_langs(langs)
    name = check_slug(slug, "--slug") if slug is not None else slug_of(files[0].stem)
    folder = destination(output, name)
    found = read_files(files, tags, split)
    origins = Origins({file.resolve(): file for file in files})

    def fill(staging: Path) -> None:
        _write(staging, found, origins)
        try:
            release = load_release(staging)
        except SourceError as error:
            raise origins.explain(error, staging, folder) from None
        if len(release.editions) > 1:  # read from one office's files: aligned as they stand
            record_aligned(release)

    write_release(folder, fill)
    for message in found.warnings:
        if warn is not None:
            warn(message)
    return folder


def _write(folder: Path, found: Imported, origins: Origins) -> None:
    """release.yaml, one Markdown file per language and the images, into ``folder``."""
    meta: dict[str, Any] = {}
    for draft in found.drafts:
        meta.update(draft.release)
    (folder / "release.yaml").write_text(release_yaml(found.drafts[0].lang, meta), encoding="utf-8")
    for draft in found.drafts:
        name = f"{primary(draft.lang)}.md"
        text, starts = edition_layout(draft)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:  # the release could never be read back
            raise SourceError(
                origins.shown(draft),
                f"its {draft.lang} edition is {size / 1e6:.1f} MB of text; an edition may be at "
                f"most {MAX_FILE_BYTES // 1024} KB: split the document into several releases",
            )
        (folder / name).write_text(text, "utf-8")
        origins.add(name, draft, starts)
    for name, data in found.images.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def release_yaml(original: str, meta: dict[str, Any]) -> str:
    """release.yaml with what the sources said, and only that."""
    lines = ["# Metadata said once for every language of this release.", f"original: {original}"]
    if "place" in meta:
        lines.append(f"# issued in {meta['place']}")
    date = meta.get("date")
    if isinstance(date, dt.date):
        lines.append(f"date: {date.isoformat()}")
    identifiers = meta.get("identifiers") or {}
    if identifiers:
        lines.append("identifiers:")
        lines += [f"  {key}: {json.dumps(value)}" for key, value in identifiers.items()]
    return "\n".join(lines) + "\n"


def edition_markdown(draft: Draft) -> str:
    """One edition as a Markdown file with front matter."""
    return edition_layout(draft)[0]


def edition_layout(draft: Draft) -> tuple[str, tuple[int, ...]]:
    """One edition as a Markdown file, and the line each of its top-level blocks starts at."""
    front = f"---\ntitle: {json.dumps(draft.title, ensure_ascii=False)}\nlang: {draft.lang}\n"
    if draft.summary:
        front += f"summary: {json.dumps(draft.summary, ensure_ascii=False)}\n"
    pieces = [f"{front}---\n\n"]
    line = pieces[0].count("\n") + 1
    starts: list[int] = []

    def put(piece: str) -> None:
        nonlocal line
        pieces.append(piece)
        line += piece.count("\n")

    for number, (lang, group) in enumerate(itertools.groupby(draft.blocks, key=lambda b: b.lang)):
        fenced = lang != draft.lang  # whole passages in another language: a div, as pandoc writes
        put("\n\n" if number else "")
        put(f"::: {{lang={lang}}}\n" if fenced else "")
        for index, block in enumerate(group):
            put("\n\n" if index else "")
            starts.append(line)
            put(_block(block))
        put("\n:::" if fenced else "")
    put("\n")
    return "".join(pieces), tuple(starts)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _start(_inlines(block.children))
    if isinstance(block, Heading):
        anchor = f" {{#{block.anchor}}}" if block.anchor else ""
        return "#" * block.level + " " + _inlines(block.children) + anchor
    if isinstance(block, Figure):
        return f"![{_escape(block.alt)}]({block.src})"
    if isinstance(block, Quote):
        inner = "\n\n".join(_block(b) for b in block.blocks)
        return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
    if isinstance(block, ListBlock):
        items = []
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}." if block.ordered else "-"
            text = "\n\n".join(_block(b) for b in item)
            pad = " " * (len(marker) + 1)
            items.append(marker + " " + text.replace("\n", "\n" + pad))
        return "\n".join(items)
    if isinstance(block, Table):
        header = "| " + " | ".join(_inlines(c) for c in block.header) + " |"
        rule = "|" + "|".join(" --- " for _ in block.header) + "|"
        rows = ["| " + " | ".join(_inlines(c) for c in row) + " |" for row in block.rows]
        return "\n".join([header, rule, *rows])
    if isinstance(block, Notes):
        return "\n".join(f"[^{n.number}]: {_inlines(n.children)}" for n in block.notes)
    assert_never(block)


def _inlines(nodes: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Abbr):
            out.append(_escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(_wrap("**" if node.strong else "*", _inlines(node.children)))
        elif isinstance(node, Span):
            out.append(f"[{_inlines(node.children)}]{{lang={node.lang}}}")
        elif isinstance(node, Link):
            out.append(f"[{_inlines(node.children)}](<{node.href}>)")
        elif isinstance(node, Image):
            out.append(f"![{_escape(node.alt)}]({node.src})")
        elif isinstance(node, LineBreak):
            out.append("\\\n")
        elif isinstance(node, Styled):
            inner = _inlines(node.children)
            if node.style == "strike":
                out.append(_wrap("~~", inner))
            else:  # a space inside ^...^ or ~...~ is written escaped
                mark = "^" if node.style == "sup" else "~"
                core = inner.strip()
                out.append(_wrap(mark, inner.replace(core, core.replace(" ", "\\ "))))
        elif isinstance(node, NoteRef):
            out.append(f"[^{node.number}]")
        else:
            assert_never(node)
    return "".join(out)


def _wrap(mark: str, inner: str) -> str:
    """``inner`` between two ``mark``s, the spaces at its ends left outside them.

    Markdown reads ``** text**`` as two asterisks, not as strong text.
    """
    core = inner.strip()
    if not core:
        return inner
    start = inner.index(core)
    return f"{inner[:start]}{mark}{core}{mark}{inner[start + len(core) :]}"


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _start(text: str) -> str:
    """Keep a paragraph from reading as a list item or heading where it begins."""
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}{m[3]}", text)
