"""WebVTT captions: one cue per utterance, timed from the synthesis."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

LINE_LENGTH = 42
"""Longest caption line, in characters (the usual limit for subtitles)."""


@dataclass(frozen=True, slots=True)
class Cue:
    """Text shown from ``start_ms`` to ``end_ms``."""

    start_ms: float
    end_ms: float
    text: str


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
