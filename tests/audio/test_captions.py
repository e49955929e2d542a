from __future__ import annotations

from publisher.audio.captions import Cue, timestamp, webvtt


def test_timestamp() -> None:
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(3723004.4) == "01:02:03.004"
    assert timestamp(59999.6) == "00:01:00.000"


def test_cues_are_numbered_escaped_and_wrapped() -> None:
    text = webvtt(
        [
            Cue(0, 1500, "Hola <mundo> & Perú."),
            Cue(1900, 1900, "empty span"),
            Cue(2000, 2500, "   "),
            Cue(
                3000,
                9000,
                "Una oración bastante larga que no cabe en una sola línea de subtítulos.",
            ),
        ]
    )
    assert text.startswith(
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nHola &lt;mundo&gt; &amp; Perú.\n"
    )
    blocks = text.strip().split("\n\n")
    assert len(blocks) == 3
    number, timing, *lines = blocks[2].split("\n")
    assert (number, timing) == ("2", "00:00:03.000 --> 00:00:09.000")
    assert len(lines) == 2
    assert all(len(line) <= 42 for line in lines)
    assert "-->" not in " ".join(lines)
