"""What the spoken forms leave for the voice to guess, so a press officer can fix it first.

Shown by ``publisher script --unresolved`` and warned about by ``publisher check``. In the spoken
text of each utterance, a finding is:

- ``digits``: a number no rule read ("ISO 9001" reads, "A4-3b" does not);
- ``symbol``: a sign no rule named ("&", "/", "§", "+");
- ``capitals``: an all-capital word the lexicon does not give (a line of three or more is a
  shouted heading, read as words, and not reported);
- ``abbreviation``: a short word and a full stop inside a sentence ("Sgto. Ruiz", "aprox. mil"),
  which the voice reads as a word and a pause.

Each finding names the edition's file and the line its text is on, found by searching the file
for the sentence and then the text (None where the text is not in the file, as in the date).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.model import Edition, Release
from publisher.sources import read_text
from publisher.speech.normalize.sentences import ABBREVIATIONS
from publisher.speech.script import Script, Utterance, speech_script

ORDINARY = frozenset(".,;:!?¿¡\"'“”‘’«»()[]—–-…")
"""Punctuation the voice reads as a pause, never as a word."""
_TOKEN = re.compile(r"\S+")
_CAPITALS = re.compile(r"(?<![\w.])[A-ZÁÉÍÓÚÑ]{2,}(?![\w.])")
_SHOUTED = re.compile(r"(?:[A-ZÁÉÍÓÚÑ]{2,}\W+){2,}[A-ZÁÉÍÓÚÑ]{2,}")
_ABBREVIATION = re.compile(r"(?<![\w.])(?P<word>[^\W\d_]{1,5})\.(?=\s+(?P<next>\S))")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing left for the voice, and where it is written."""

    file: Path
    line: int | None
    block_id: str
    kind: str
    text: str

    def __str__(self) -> str:
        try:
            shown = Path(os.path.relpath(self.file))
        except ValueError:  # another drive
            shown = self.file
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        return f"{where}: {self.kind} '{self.text}' left for the voice to guess ({self.block_id})"


def leftovers(spoken: str) -> list[tuple[str, str]]:
    """(kind, text) of everything in one utterance's spoken text that the voice must guess.

    In the order they are said, each once.
    """
    found: list[tuple[int, str, str]] = []
    for token in _TOKEN.finditer(spoken):
        word = token.group().strip("".join(ORDINARY))
        if any(c.isdigit() for c in word):
            found.append((token.start(), "digits", word))
        elif any(not (c.isalpha() or c in ORDINARY) for c in word):
            found.append((token.start(), "symbol", word))
    shouted = [m.span() for m in _SHOUTED.finditer(spoken)]
    for match in _CAPITALS.finditer(spoken):
        if not any(start <= match.start() < end for start, end in shouted):
            found.append((match.start(), "capitals", match.group()))
    for match in _ABBREVIATION.finditer(spoken):
        word, following = match["word"], match["next"]
        single = len(word) == 1 and word.isupper()  # an initial: "Pedro C. Castillo"
        inside = following[0].islower() or following[0].isdigit() or word in ABBREVIATIONS
        if inside and not single:
            found.append((match.start(), "abbreviation", f"{word}."))
    return list(dict.fromkeys((kind, text) for _, kind, text in sorted(found)))


def script_findings(script: Script, source: Path, text: str) -> list[Finding]:
    """The findings of a spoken script whose edition was read from ``source``, holding ``text``."""
    lines = text.splitlines()
    findings: list[Finding] = []
    cursor = 0
    for utterance in script.utterances:
        found = leftovers(utterance.spoken)
        if not found:
            continue
        start = _sentence_line(lines, utterance, cursor)
        cursor = start if start is not None else cursor
        for kind, token in found:
            line = _line_of(lines, token, cursor if start is not None else 0)
            if line is None and start is not None:  # said otherwise than written: "cuatro-3b"
                line = start + 1
            findings.append(Finding(source, line, utterance.block_id, kind, token))
    return findings


def unresolved(release: Release, edition: Edition) -> list[Finding]:
    """What the voice is left to guess in one edition of a release."""
    script = speech_script(release, edition)
    return script_findings(script, edition.source, read_text(edition.source))


def format_findings(edition: Edition, findings: Sequence[Finding]) -> str:
    """A listing for ``publisher script --unresolved``: the edition, then one line per finding."""
    lines = [f"# {edition.title} [{edition.lang}]"]
    lines += [str(finding) for finding in findings] or ["nothing left for the voice to guess"]
    return "\n".join(lines) + "\n"


def _sentence_line(lines: Sequence[str], utterance: Utterance, cursor: int) -> int | None:
    """The index of the line where an utterance's written sentence starts, from ``cursor`` on."""
    start = " ".join(utterance.written.split()[:4])
    return next(_search(lines, start, cursor), None)


def _line_of(lines: Sequence[str], token: str, cursor: int) -> int | None:
    """The 1-based number of the first line from ``cursor`` holding ``token``, else any line."""
    index = next(_search(lines, token, cursor), None)
    if index is None:
        index = next(_search(lines, token, 0), None)
    return None if index is None else index + 1


def _search(lines: Sequence[str], text: str, cursor: int) -> Iterator[int]:
    squeezed = " ".join(text.split())
    for index in range(cursor, len(lines)):
        if squeezed and squeezed in " ".join(lines[index].split()):
            yield index
