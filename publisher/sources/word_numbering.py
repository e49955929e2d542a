"""The number Word shows on each numbered paragraph, so an imported list keeps its start.

mammoth writes every numbered list as ``<ol>`` counting from 1: a list that starts at 3, or
continues after a paragraph (``4.``, ``5.`` after ``1.``-``3.``), would restart at 1. Word
numbers a paragraph by its numbering instance (``w:numId``) and level: instances of one
abstract numbering share their counters (a list continued) unless the instance overrides a
level's start (``w:startOverride``: a list restarted); starting a level resets the levels
below it. :func:`ordered_numbers` gives, in document order, the number of every paragraph
numbered in a non-bullet format, which :mod:`.word_html` matches with mammoth's ``<li>``s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING = re.compile(r"(?i)(heading\s*\d|title|subtitle)$")
"""Styles (by id) mammoth makes headings before it looks at their numbering."""


@dataclass(slots=True)
class _Numbering:
    abstract: dict[str, str] = field(default_factory=dict)
    """numId -> abstractNumId."""
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    """numId -> level -> the start it overrides."""
    starts: dict[str, dict[int, int]] = field(default_factory=dict)
    """abstractNumId -> level -> its start."""
    ordered: dict[str, dict[int, bool]] = field(default_factory=dict)
    """abstractNumId -> level -> numbered in a non-bullet format."""


def ordered_numbers(
    document: ET.Element, numbering: bytes | None, styles: bytes | None
) -> list[int]:
    """The number of each paragraph of ``document`` numbered as an ordered list, in order."""
    if numbering is None:
        return []
    known = _read(ET.fromstring(numbering))
    style_numbers = _style_numbers(ET.fromstring(styles)) if styles else {}
    counters: dict[str, dict[int, int]] = {}
    started: set[str] = set()
    numbers: list[int] = []
    for paragraph in document.iter(f"{W}p"):
        props = paragraph.find(f"{W}pPr")
        style = props.find(f"{W}pStyle") if props is not None else None
        style_id = style.get(f"{W}val", "") if style is not None else ""
        if HEADING.match(style_id):  # a numbered heading is a heading, not a list item
            continue
        found = _num_pr(props) if props is not None else None
        if found is None:
            found = style_numbers.get(style_id)
        if found is None:
            continue
        num_id, level = found
        abstract = known.abstract.get(num_id)
        if abstract is None:
            continue
        levels = counters.setdefault(abstract, {})
        if num_id not in started:
            started.add(num_id)
            for overridden, start in known.overrides.get(num_id, {}).items():
                levels[overridden] = start - 1
        start = known.starts.get(abstract, {}).get(level, 1)
        levels[level] = levels.get(level, start - 1) + 1
        for deeper in [k for k in levels if k > level]:
            del levels[deeper]
        if known.ordered.get(abstract, {}).get(level, True):
            numbers.append(levels[level])
    return numbers


def _num_pr(props: ET.Element) -> tuple[str, int] | None:
    num_pr = props.find(f"{W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{W}numId")
    ilvl = num_pr.find(f"{W}ilvl")
    value = num_id.get(f"{W}val", "0") if num_id is not None else "0"
    if value == "0":
        return None
    return value, _int(ilvl.get(f"{W}val") if ilvl is not None else "0", 0)


def _style_numbers(styles: ET.Element) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for style in styles.iter(f"{W}style"):
        props = style.find(f"{W}pPr")
        numbered = _num_pr(props) if props is not None else None
        if numbered is not None:
            found[style.get(f"{W}styleId", "")] = numbered
    return found


def _read(root: ET.Element) -> _Numbering:
    known = _Numbering()
    for abstract in root.iter(f"{W}abstractNum"):
        ident = abstract.get(f"{W}abstractNumId", "")
        for lvl in abstract.iter(f"{W}lvl"):
            level = _int(lvl.get(f"{W}ilvl"), 0)
            start = lvl.find(f"{W}start")
            fmt = lvl.find(f"{W}numFmt")
            known.starts.setdefault(ident, {})[level] = _int(
                start.get(f"{W}val") if start is not None else None, 1
            )
            kind = fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal"
            known.ordered.setdefault(ident, {})[level] = kind != "bullet"
    for num in root.iter(f"{W}num"):
        ident = num.get(f"{W}numId", "")
        abstract_id = num.find(f"{W}abstractNumId")
        if abstract_id is not None:
            known.abstract[ident] = abstract_id.get(f"{W}val", "")
        for override in num.iter(f"{W}lvlOverride"):
            start = override.find(f"{W}startOverride")
            if start is not None:
                level = _int(override.get(f"{W}ilvl"), 0)
                value = _int(start.get(f"{W}val"), 1)
                known.overrides.setdefault(ident, {})[level] = value
    return known


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default
