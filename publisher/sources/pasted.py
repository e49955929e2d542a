"""Pandoc constructs pasted into Markdown that CommonMark reads as a plain paragraph.

CommonMark has no grid tables, line blocks or lettered lists, so it joins their lines into one
paragraph and prints the ``+---+`` or ``|`` marks as text. :func:`pasted_kind` tells them by a
paragraph's source lines: a grid table, a pipe table without its rule line and a lettered list
are refused by name; a line block (``| `` lines: an address, a verse) is read as lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Literal

GRID_RULE = re.compile(r"\s{0,3}\+[-=:+]{3,}\+\s*")
LINE_BLOCK = re.compile(r"\s{0,3}\|(?: |$)")
TABLE_ROW = re.compile(r"\s{0,3}\|.*\|\s*")
LETTER = re.compile(r"\s{0,3}(?:\((?P<a>[a-zA-Z]|[ivxIVX]+)\)|(?P<b>[a-zA-Z]|[ivxIVX]+)[.)])\s")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")

Pasted = Literal["grid-table", "table-without-rule", "lettered-list", "line-block"]


def pasted_kind(lines: Sequence[str]) -> Pasted | None:
    """What pandoc construct a paragraph's source lines are, if they are one."""
    if not lines:
        return None
    if any(GRID_RULE.fullmatch(line) for line in lines):
        return "grid-table"
    if LINE_BLOCK.match(lines[0]):
        rows = len(lines) > 1 and all(TABLE_ROW.fullmatch(line) for line in lines)
        return "table-without-rule" if rows else "line-block"
    if _lettered(lines):
        return "lettered-list"
    return None


def _lettered(lines: Sequence[str]) -> bool:
    """Whether the lines are a lettered list.

    They are if the first starts "a." or "i." (in lower case), or two start with successive
    letters or roman numerals ("A." then "B."): "A. Torres" alone is a name.
    """
    markers = [m["a"] or m["b"] for m in map(LETTER.match, lines) if m is not None]
    first_line = LETTER.match(lines[0])
    if first_line is not None and (first_line["a"] or first_line["b"]) in ("a", "i"):
        return True
    for first, second in itertools.pairwise(markers):
        a, b = first.lower(), second.lower()
        if a in ROMAN and b in ROMAN and ROMAN.index(b) == ROMAN.index(a) + 1:
            return True
        if len(a) == len(b) == 1 and ord(b) == ord(a) + 1:
            return True
    return False
