"""WebVTT captions: short cues cut at the words, timed from the synthesis.

A sentence is shown in cues of at most :data:`MAX_LINES` lines of :data:`LINE_LENGTH`
characters and at most :data:`MAX_CUE_MS`, each cut between two words, never inside one. The
time a written word starts comes from the engine's word marks (:class:`Sentence`'s ``timings``:
where in the spoken text, when); the written text and the spoken one differ ("9,000" is said
"nueve mil"), so the written words are first found in the spoken text (a word said as written
is found a little further on, within :data:`SEARCH_WINDOW` characters); a word said otherwise
("9,000", "PCM") is placed in proportion between the words found on either side of it. Its time
is read off the marks on either side of that place. An engine that reports no word marks gives
only the sentence's start and end: its words are then timed in proportion to their characters.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

LINE_LENGTH = 42
"""Longest caption line, in characters (the usual limit for subtitles)."""
MAX_LINES = 2
"""Lines a cue may have."""
MAX_CUE_MS = 7000
"""Longest time a cue is shown."""
SEARCH_WINDOW = 60
"""How far on in the spoken text a written word is looked for."""
_EDGES = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True, slots=True)
class Cue:
    """Text shown from ``start_ms`` to ``end_ms``."""

    start_ms: float
    end_ms: float
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One spoken sentence: its written text and when its spoken text was said."""

    written: str
    spoken: str
    """The text the voice was given."""
    start_ms: float
    end_ms: float
    timings: Sequence[tuple[int, float]] = ()
    """(offset in the spoken text, ms) where words start, in order; may be empty."""


def _clock(sentence: Sentence) -> tuple[list[float], list[float]]:
    """Spoken offsets and their times: the marks, between the sentence's start and end."""
    offsets, times = [0.0], [sentence.start_ms]
    for offset, ms in sentence.timings:
        if offset >= offsets[-1] and sentence.start_ms <= ms <= sentence.end_ms:
            offsets.append(float(offset))
            times.append(max(ms, times[-1]))
    offsets.append(float(max(len(sentence.spoken), offsets[-1])))
    times.append(sentence.end_ms)
    return offsets, times


def _interpolate(xs: list[float], ys: list[float], at: float) -> float:
    """``ys`` read at ``at`` along ``xs`` (non-decreasing), linearly between neighbours."""
    index = min(max(bisect.bisect_right(xs, at) - 1, 0), len(xs) - 2)
    span = xs[index + 1] - xs[index]
    if span <= 0:
        return ys[index]
    share = (at - xs[index]) / span
    return ys[index] + share * (ys[index + 1] - ys[index])


def _anchors(written: str, spoken: str) -> tuple[list[float], list[float]]:
    """Written offsets and the spoken offsets they correspond to: the words said as written."""
    folded = spoken.casefold()
    xs, ys = [0.0], [0.0]
    position = 0
    for match in re.finditer(r"\S+", written):
        core = _EDGES.sub("", match.group()).casefold()
        if not core:
            continue
        start = match.start() + match.group().casefold().find(core)
        found = folded.find(core, int(ys[-1]), int(ys[-1]) + SEARCH_WINDOW + len(core))
        before = folded[found - 1] if found > 0 else " "
        if found >= 0 and not before.isalnum() and start >= xs[-1]:
            xs.append(float(start))
            ys.append(float(found))
        position = match.end()
    xs.append(float(max(len(written), position, xs[-1])))
    ys.append(float(max(len(spoken), ys[-1])))
    return xs, ys


def timed_words(sentence: Sentence) -> list[tuple[str, float]]:
    """Every written word of ``sentence`` with the time it starts (non-decreasing)."""
    written = sentence.written
    offsets, times = _clock(sentence)
    xs, ys = _anchors(written, sentence.spoken)
    words: list[tuple[str, float]] = []
    for match in re.finditer(r"\S+", written):
        spoken_at = _interpolate(xs, ys, match.start())
        words.append((match.group(), _interpolate(offsets, times, spoken_at)))
    return words


def _fits(words: Sequence[str]) -> bool:
    lines = textwrap.wrap(
        " ".join(words), LINE_LENGTH, break_long_words=False, break_on_hyphens=False
    )
    return len(lines) <= MAX_LINES


def sentence_cues(sentence: Sentence) -> Iterator[Cue]:
    """``sentence`` as cues that each fit :data:`MAX_LINES` lines and :data:`MAX_CUE_MS`."""
    words = timed_words(sentence)
    starts = [start for _, start in words] + [sentence.end_ms]
    first = 0
    while first < len(words):
        last = first + 1  # one past the cue's last word; a cue holds at least one word
        while (
            last < len(words)
            and _fits([w for w, _ in words[first : last + 1]])
            and starts[last + 1] - starts[first] <= MAX_CUE_MS
        ):
            last += 1
        end = min(starts[last], starts[first] + MAX_CUE_MS)
        yield Cue(starts[first], end, " ".join(w for w, _ in words[first:last]))
        first = last


def captions(sentences: Iterable[Sentence]) -> Iterator[Cue]:
    """The cues of every sentence, in order."""
    for sentence in sentences:
        yield from sentence_cues(sentence)


def timestamp(ms: float) -> str:
    """A WebVTT timestamp, ``hh:mm:ss.ttt`` (also the time of a Vorbis comment chapter)."""
    total = round(ms)
    seconds, milli = divmod(total, 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{milli:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: Iterable[Cue]) -> str:
    """A WebVTT file; cue text is wrapped at LINE_LENGTH and escaped, empty cues are left out."""
    blocks = ["WEBVTT"]
    number = 0
    for cue in cues:
        words = " ".join(cue.text.split())
        if not words or cue.end_ms <= cue.start_ms:
            continue
        number += 1
        lines = textwrap.wrap(
            _escape(words), LINE_LENGTH, break_long_words=False, break_on_hyphens=False
        )
        timing = f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}"
        blocks.append("\n".join([str(number), timing, *lines]))
    return "\n\n".join(blocks) + "\n"
