"""The written -> spoken cases in ``fixtures/<lang>.txt``, one file per language.

Each case, as in markdown-it-py's fixture files, is a title line, then the written text and the
spoken text, each between lines holding a single full stop::

    Units: plural and agreement [es-ES]
    .
    21 t
    .
    veintiuna toneladas
    .

A tag in brackets at the end of the title reads the case in that language (default: the file's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_TAGS = {"es": "es-PE", "en": "en", "qu": "qu"}


@dataclass(frozen=True, slots=True)
class Case:
    title: str
    tag: str
    written: str
    spoken: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.tag}:{self.line}:{self.title}"


def read_fixtures(lang: str) -> list[Case]:
    """The cases of one language's fixture file, in order."""
    lines = (FIXTURES / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    cases: list[Case] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip() or lines[index].startswith("#"):
            index += 1
            continue
        title, start = lines[index], index + 1
        if lines[start : start + 1] != ["."]:
            raise ValueError(f"{lang}.txt:{start + 1}: a '.' line must follow the title")
        parts: list[list[str]] = [[], []]
        part, index = 0, start + 1
        while part < 2:
            if index >= len(lines):
                raise ValueError(f"{lang}.txt:{start}: unfinished case '{title}'")
            if lines[index] == ".":
                part += 1
            else:
                parts[part].append(lines[index])
            index += 1
        found = re.fullmatch(r"(.*?)\s*\[([\w-]+)\]", title)
        name, tag = (found[1], found[2]) if found else (title, DEFAULT_TAGS[lang])
        cases.append(Case(name, tag, "\n".join(parts[0]), "\n".join(parts[1]), start))
    return cases
