from __future__ import annotations

import itertools

import pytest

from publisher.audio.captions import (
    LINE_LENGTH,
    MAX_CUE_MS,
    MAX_LINES,
    Cue,
    Sentence,
    captions,
    sentence_cues,
    timed_words,
    timestamp,
    webvtt,
)


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


LONG = (
    "Será un honor para nosotros seguir realizando todos los esfuerzos necesarios, a través "
    "de la Secretaría de Gobierno y Transformación Digital de la Presidencia del Consejo de "
    "Ministros, para fortalecer la Cooperación Internacional y avanzar en la Agenda Digital."
)


def assert_captions(cues: list[Cue], sentence: Sentence) -> None:
    """The caption rules: in order, within the sentence, 7 s, 2 lines of 42, whole words."""
    assert " ".join(c.text for c in cues) == " ".join(sentence.written.split())
    words = set(sentence.written.split())
    for cue in cues:
        assert sentence.start_ms <= cue.start_ms < cue.end_ms <= sentence.end_ms
        assert cue.end_ms - cue.start_ms <= MAX_CUE_MS
        assert set(cue.text.split()) <= words
    assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    blocks = webvtt(cues).strip().split("\n\n")[1:]
    for block in blocks:
        lines = block.split("\n")[2:]
        assert 1 <= len(lines) <= MAX_LINES
        assert all(len(line) <= LINE_LENGTH for line in lines)


def test_a_long_sentence_without_word_timings_is_cut_in_proportion_to_its_characters() -> None:
    sentence = Sentence(LONG, LONG, 1000, 21000)
    cues = list(sentence_cues(sentence))
    assert_captions(cues, sentence)
    assert len(cues) == 4  # 261 characters in 20 s: three cues of 7 s at most, and the rest
    first = cues[0]
    # No marks: time runs with the characters, so the first cue lasts its share of 20 s.
    share = (len(first.text) + 1) / len(LONG)
    assert first.end_ms - first.start_ms == pytest.approx(20000 * share, abs=200)


def test_cues_start_at_the_word_marks() -> None:
    written = "Son 9,000 puestos de mercados en el país."
    spoken = "Son nueve mil puestos de mercados en el país."
    starts = [spoken.index(w) for w in ("Son", "nueve", "puestos", "de", "mercados", "en", "el")]
    starts.append(spoken.index("país"))
    timings = [(offset, 500 + 400 * n) for n, offset in enumerate(starts)]
    words = timed_words(Sentence(written, spoken, 500, 4000, timings))
    assert [w for w, _ in words] == written.split()
    assert words[0][1] == 500
    assert words[2][1] == pytest.approx(1300, abs=60)  # "puestos", after "nueve mil"
    assert words[-1][1] == pytest.approx(3300, abs=60)
    assert [t for _, t in words] == sorted(t for _, t in words)


def test_a_sentence_spoken_slowly_is_cut_at_seven_seconds() -> None:
    sentence = Sentence("Uno dos tres cuatro.", "Uno dos tres cuatro.", 0, 30000)
    cues = list(sentence_cues(sentence))
    assert_captions(cues, sentence)
    assert [c.text for c in cues] == ["Uno", "dos", "tres", "cuatro."]


def test_marks_out_of_order_or_outside_the_sentence_are_ignored() -> None:
    sentence = Sentence(LONG, LONG, 0, 20000, [(50, 9000), (40, 3000), (90, 25000)])
    cues = list(captions([sentence, Sentence("Fin.", "Fin.", 20300, 21000)]))
    assert_captions(cues[:-1], sentence)
    assert cues[-1] == Cue(20300, 21000, "Fin.")
