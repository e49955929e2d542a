"""``publisher import``: files a press office has -> a release folder ``publisher check`` accepts.

Each file is read by the reader for its suffix into drafts of editions (the same readers a
release folder uses); the drafts are written back as Markdown, one file per language, and the
metadata the files give (an office header) into release.yaml. Nothing is invented: a release
without a header gets no date and no number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
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
    Paragraph,
    Quote,
    Span,
    Table,
    Text,
)
from publisher.sources import plaintext
from publisher.sources.draft import Draft
from publisher.sources.paths import read_text

IMPORTERS = (".txt",)
"""Suffixes ``publisher import`` reads."""
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|{}~^])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)")


def slug_of(name: str) -> str:
    """A release slug from a file name: lower case, a-z, 0-9 and '-'."""
    ascii_name = name.lower().translate(str.maketrans("áéíóúñü", "aeiounu"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "release"


def read_drafts(files: Sequence[Path], langs: Sequence[str], split: str | None) -> list[Draft]:
    """The editions in ``files``; ``langs`` tags them in order."""
    drafts: list[Draft] = []
    for file in files:
        if file.suffix.lower() not in IMPORTERS:
            raise SourceError(file, f"cannot import {file.suffix or 'this'} files (known: .txt)")
        remaining = list(langs[len(drafts) :])
        drafts += plaintext.split_editions(read_text(file), file, remaining, split)
    if not drafts:
        raise SourceError(Path(), "nothing to import")
    return drafts


def import_release(
    files: Sequence[Path],
    output: Path,
    *,
    slug: str | None = None,
    langs: Sequence[str] = (),
    split: str | None = None,
) -> Path:
    """Write a release folder under ``output`` from ``files``; its path."""
    tags = [normalize_tag(t) for t in langs]
    drafts = read_drafts(files, tags, split)
    folder = output / (slug or slug_of(files[0].stem))
    if folder.exists() and any(folder.iterdir()):
        raise SourceError(folder, "already exists and is not empty: give another --slug or -o")
    folder.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {}
    for draft in drafts:
        meta.update(draft.release)
    (folder / "release.yaml").write_text(release_yaml(drafts[0].lang, meta), encoding="utf-8")
    for draft in drafts:
        (folder / f"{primary(draft.lang)}.md").write_text(edition_markdown(draft), "utf-8")
    return folder


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
    front = f"---\ntitle: {json.dumps(draft.title, ensure_ascii=False)}\nlang: {draft.lang}\n"
    if draft.summary:
        front += f"summary: {json.dumps(draft.summary, ensure_ascii=False)}\n"
    body = "\n\n".join(_block(b) for b in draft.blocks)
    return f"{front}---\n\n{body}\n"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _start(_inlines(block.children))
    if isinstance(block, Heading):
        return "#" * block.level + " " + _inlines(block.children)
    if isinstance(block, Figure):
        return f"![{_escape(block.alt)}]({block.src})"
    if isinstance(block, Quote):
        inner = "\n\n".join(_block(b) for b in block.blocks)
        return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
    if isinstance(block, ListBlock):
        items = []
        for number, item in enumerate(block.items, start=1):
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
    assert_never(block)


def _inlines(nodes: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Abbr):
            out.append(_escape(node.text))
        elif isinstance(node, Emphasis):
            mark = "**" if node.strong else "*"
            out.append(mark + _inlines(node.children) + mark)
        elif isinstance(node, Span):
            out.append(f"[{_inlines(node.children)}]{{lang={node.lang}}}")
        elif isinstance(node, Link):
            out.append(f"[{_inlines(node.children)}](<{node.href}>)")
        elif isinstance(node, Image):
            out.append(f"![{_escape(node.alt)}]({node.src})")
        elif isinstance(node, LineBreak):
            out.append("\\\n")
        else:
            assert_never(node)
    return "".join(out)


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _start(text: str) -> str:
    """Keep a paragraph from reading as a list item or heading where it begins."""
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}{m[3]}", text)
