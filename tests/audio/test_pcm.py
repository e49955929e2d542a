from __future__ import annotations

import array

from publisher.audio import pcm
from publisher.tts.base import Mark, Speech


def tone(samples: int, level: int = 5000) -> bytes:
    return array.array("h", [level if i % 2 else -level for i in range(samples)]).tobytes()


def test_sample_arithmetic() -> None:
    assert pcm.samples_for(1000, 22050) == 22050
    assert pcm.samples_for(400, 22050) == 8820
    assert pcm.ms_for(11025, 22050) == 500
    assert pcm.silence(3) == bytes(6)
    assert pcm.silence(-1) == b""


def test_trim_keeps_a_margin_and_moves_marks() -> None:
    lead, body, tail = 4410, 2205, 6615
    speech = Speech(
        pcm.silence(lead) + tone(body) + pcm.silence(tail), 22050, (Mark("word", 0, 3, lead),)
    )
    trimmed = pcm.trim(speech, margin_ms=20)
    margin = pcm.samples_for(20, 22050)
    assert trimmed.samples == body + 2 * margin
    assert trimmed.marks == (Mark("word", 0, 3, margin),)
    assert pcm.audible_bounds(trimmed.pcm) == (margin, margin + body)


def test_trim_never_goes_past_the_ends() -> None:
    speech = Speech(tone(100), 22050)
    assert pcm.trim(speech).pcm == speech.pcm


def test_trim_of_silence_is_empty() -> None:
    speech = Speech(pcm.silence(1000) + tone(10, level=20), 22050, (Mark("word", 0, 1, 5),))
    assert pcm.trim(speech) == Speech(b"", 22050, ())
