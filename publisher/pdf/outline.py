"""The outline (bookmarks): read it, compare it with the headings, open it in the viewer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

import pikepdf

from publisher.pdf.fonts import invisible

MAX_ENTRIES = 10_000
ZERO_WIDTH_SPACE = "\u200b"
"""Break opportunities put in long words for the page (see publisher.pdf.writer); a bookmark
title is never broken, so it goes without them."""


def _entries(first: object, level: int, seen: set[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    item = first
    while isinstance(item, pikepdf.Dictionary) and len(seen) < MAX_ENTRIES:
        key = item.objgen
        if key in seen:
            return
        seen.add(key)
        yield level, str(item.get("/Title", ""))
        yield from _entries(item.get("/First"), level + 1, seen)
        item = item.get("/Next")


def read_outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(level, title) of every bookmark in order; level 1 is the top."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    return list(_entries(outlines.get("/First"), 1, set()))


def _squeeze(text: str) -> str:
    """``text`` as compared: composed, spaces squeezed, characters never drawn left out."""
    shown = "".join(
        c for c in unicodedata.normalize("NFC", text) if c.isspace() or not invisible(c)
    )
    return re.sub(r"\s+", " ", shown).strip()


def outline_problems(
    outline: Sequence[tuple[int, str]], headings: Sequence[tuple[int, str]]
) -> list[str]:
    """How the bookmarks differ from the headings (level and text, in order); empty if they match.

    A bookmark's level is its depth in the outline, so a heading's expected level is its depth
    among the headings above it, not its number (an H3 directly under an H1 is at depth 2).
    """
    wanted: list[tuple[int, str]] = []
    stack: list[int] = []
    for level, text in headings:
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)
        wanted.append((len(stack), _squeeze(text)))
    found = [(level, _squeeze(title)) for level, title in outline]
    problems = []
    for index, (want, have) in enumerate(zip(wanted, found, strict=False), start=1):
        if want != have:
            problems.append(
                f"bookmark {index} is {have!r} (level {have[0]}), the heading is {want!r}"
            )
    if len(found) != len(wanted):
        problems.append(f"{len(found)} bookmarks for {len(wanted)} headings")
    return problems


def _items(first: object, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    item = first
    while isinstance(item, pikepdf.Dictionary) and len(seen) < MAX_ENTRIES:
        if item.objgen in seen:
            return
        seen.add(item.objgen)
        yield item
        yield from _items(item.get("/First"), seen)
        item = item.get("/Next")


def show_outline(pdf: pikepdf.Pdf) -> None:
    """Compose bookmark titles (NFC) and open the bookmarks panel for more than one bookmark.

    Zero-width spaces, which only mark where a long word may break on the page, are left out.

    The text is drawn with some letters decomposed (see :func:`publisher.pdf.fonts.drawable`);
    a viewer shows the titles in its own font, where the composed letter is the usual one.
    """
    outlines = pdf.Root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary):
        for item in _items(outlines.get("/First"), set()):
            title = str(item.get("/Title", ""))
            composed = unicodedata.normalize("NFC", title).replace(ZERO_WIDTH_SPACE, "")
            if composed != title:
                item["/Title"] = pikepdf.String(composed)
    if len(read_outline(pdf)) > 1:
        pdf.Root["/PageMode"] = pikepdf.Name("/UseOutlines")
