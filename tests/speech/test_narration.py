from __future__ import annotations

import array
import itertools
import tracemalloc
from pathlib import Path

import pytest

from publisher.audio import pcm
from publisher.errors import EngineUnavailable, SynthesisError
from publisher.speech.engines.base import Mark, Speech, Voice
from publisher.speech.engines.cache import SpeechCache
from publisher.speech.narration import LEAD_MS, SECTION_MIN_S, narrate, trim
from publisher.speech.script import Script, Utterance


class ToneEngine:
    """Speaks a tone 10 ms per character between 50 ms of silence, at ``rate`` Hz."""

    name = "tone"
    online = False

    def __init__(self, rate: int = 22050, fail_on: int | None = None) -> None:
        self.rate = rate
        self.fail_on = fail_on
        self.calls: list[tuple[str, str, str | None]] = []

    def unavailable_reason(self) -> str | None:
        return None

    def voices(self) -> list[Voice]:
        return [
            Voice("es-x", "es", "Tone es"),
            Voice("en-x", "en", "Tone en"),
            Voice("es-y", "es", "Other"),
        ]

    def voice_for(self, lang: str) -> str:
        return {"es": "es-x", "en": "en-x"}[lang.split("-", maxsplit=1)[0]]

    def fingerprint(self) -> str:
        return f"tone rate={self.rate}"

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        self.calls.append((text, lang, voice))
        if len(self.calls) == self.fail_on:
            raise RuntimeError("the tone generator broke")
        gap = self.rate // 20
        body = array.array(
            "h", [3000 if i % 2 else -3000 for i in range(len(text) * self.rate // 100)]
        )
        data = pcm.silence(gap) + body.tobytes() + pcm.silence(gap)
        return Speech(data, self.rate, (Mark("word", 0, len(text), gap),))


def script(*texts: str, lang: str = "es-PE") -> Script:
    return Script(
        lang,
        "Título",
        tuple(
            Utterance(
                t,
                t.upper(),
                lang if not t.startswith("EN ") else "en",
                f"p{i}",
                300 + 100 * i,
                "Cap" if i == 0 else None,
            )
            for i, t in enumerate(texts)
        ),
    )


def test_each_utterance_starts_after_the_ones_before_and_their_pauses() -> None:
    engine = ToneEngine()
    narration = narrate(script("uno", "dos dos", "tres tres tres"), engine)
    margin = pcm.samples_for(pcm.TRIM_MARGIN_MS, 22050)
    lengths = [len(t) * 22050 // 100 + 2 * margin for t in ("uno", "dos dos", "tres tres tres")]
    pauses = [pcm.samples_for(ms, 22050) for ms in (300, 400, 500)]
    starts = [0, lengths[0] + pauses[0], lengths[0] + pauses[0] + lengths[1] + pauses[1]]
    assert [s.start for s in narration.segments] == starts
    assert [s.end - s.start for s in narration.segments] == lengths
    assert narration.samples == sum(lengths) + sum(pauses)
    assert narration.duration_ms == pytest.approx(narration.samples / 22.05)
    assert [m.sample for s in narration.segments for m in s.marks] == [st + margin for st in starts]
    assert narration.segments[1].start_ms == pytest.approx(starts[1] / 22.05)


def test_script_voice_for_its_language_engine_voice_for_others() -> None:
    engine = ToneEngine()
    narrate(script("uno", "EN two", "tres"), engine, voice="es-y")
    assert [(lang, voice) for _, lang, voice in engine.calls] == [
        ("es-PE", "es-y"),
        ("en", "en-x"),
        ("es-PE", "es-y"),
    ]


def test_a_voice_in_another_language_leaves_the_script_to_its_own_voice() -> None:
    engine = ToneEngine()
    narrate(script("EN one", lang="en"), engine, voice="es-y")
    assert [(lang, voice) for _, lang, voice in engine.calls] == [("en", "en-x")]


def test_unknown_voice_fails_before_speaking() -> None:
    engine = ToneEngine()
    with pytest.raises(
        EngineUnavailable, match="tone has no voice 'zz'; known voices: es-x, en-x, es-y"
    ):
        narrate(script("uno"), engine, voice="zz")
    assert engine.calls == []


def test_engine_failure_names_the_utterance() -> None:
    with pytest.raises(
        SynthesisError,
        match=r"tone failed on utterance 2 of 3 \(block 'p1'\): the tone generator broke",
    ):
        narrate(script("uno", "dos", "tres"), ToneEngine(fail_on=2))


def test_cached_speech_is_not_synthesized_again(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    first_engine = ToneEngine()
    first = narrate(script("uno", "dos", "uno"), first_engine, cache=cache)
    assert len(first_engine.calls) == 2
    engine = ToneEngine()
    second = narrate(script("uno", "dos", "uno"), engine, cache=cache)
    assert engine.calls == []
    assert (second.pcm, second.key, second.segments) == (first.pcm, first.key, first.segments)
    other = narrate(script("uno", "dos", "uno"), ToneEngine(rate=16000), cache=cache)
    assert other.key != first.key


def test_other_engine_rates_are_resampled() -> None:
    narration = narrate(script("uno dos"), ToneEngine(rate=16000), sample_rate=22050)
    assert narration.sample_rate == 22050
    segment = narration.segments[0]
    expected = (7 * 16000 // 100) * 22050 / 16000 + 2 * pcm.samples_for(pcm.TRIM_MARGIN_MS, 22050)
    assert segment.end - segment.start == pytest.approx(expected, abs=40)
    assert segment.marks[0].sample == pytest.approx(
        pcm.samples_for(pcm.TRIM_MARGIN_MS, 22050), abs=30
    )


def test_empty_utterance_is_only_its_pause() -> None:
    engine = ToneEngine()
    narration = narrate(script(" ", "dos"), engine)
    assert engine.calls == [("dos", "es-PE", "es-x")]
    assert narration.segments[0].start == narration.segments[0].end == 0
    assert narration.segments[1].start == pcm.samples_for(300, 22050)


def test_narration_and_encoding_do_not_hold_the_audio_in_memory(tmp_path: Path) -> None:
    """A long narration is kept on disk and streamed to the encoders: Python's peak allocation
    stays a small part of the PCM (which for 5,000 paragraphs would be gigabytes)."""
    from publisher.audio import codec
    from publisher.speech.engines.espeak import EspeakEngine

    engine = EspeakEngine()
    sentences = [f"Sede {n}." for n in range(160)]
    utterances = tuple(Utterance(s, s, "es-PE", f"p{n}", 700) for n, s in enumerate(sentences))
    cache = SpeechCache(tmp_path / "cache")
    narrate(Script("es-PE", "T", utterances), engine, cache=cache)  # speech cached: no forks
    tracemalloc.start()
    try:
        narration = narrate(Script("es-PE", "T", utterances), engine, cache=cache)
        codec.encode_mp3(narration.audio.chunks(), 22050, tmp_path / "a.mp3")
        codec.encode_opus(narration.audio.chunks(), 22050, tmp_path / "a.opus")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = 2 * narration.samples
    assert size > 10_000_000
    assert peak < size / 4, (peak, size)
    assert codec.playing_time(tmp_path / "a.mp3") == pytest.approx(narration.duration_ms / 1000)
    assert codec.playing_time(tmp_path / "a.opus") == pytest.approx(
        narration.duration_ms / 1000, abs=0.02
    )


def tone(samples: int, level: int = 5000) -> bytes:
    return array.array("h", [level if i % 2 else -level for i in range(samples)]).tobytes()


def test_trim_keeps_a_margin_and_moves_marks() -> None:
    lead, body, tail = 4410, 2205, 6615
    speech = Speech(
        pcm.silence(lead) + tone(body) + pcm.silence(tail), 22050, (Mark("word", 0, 3, lead),)
    )
    trimmed = trim(speech, margin_ms=20)
    margin = pcm.samples_for(20, 22050)
    assert trimmed.samples == body + 2 * margin
    assert trimmed.marks == (Mark("word", 0, 3, margin),)
    assert pcm.audible_bounds(trimmed.pcm) == (margin, margin + body)


def test_trim_never_goes_past_the_ends() -> None:
    speech = Speech(tone(100), 22050)
    assert trim(speech).pcm == speech.pcm


def test_trim_of_silence_is_empty() -> None:
    speech = Speech(pcm.silence(1000) + tone(10, level=20), 22050, (Mark("word", 0, 1, 5),))
    assert trim(speech) == Speech(b"", 22050, ())


GRID = 2880  # an MP3 frame and an Opus packet meet every 180 ms at 16 kHz


def paragraphs(count: int, edited: int | None = None) -> Script:
    """``count`` paragraphs of about 4 s each, one sentence each, 700 ms pauses between them."""
    utterances = tuple(
        Utterance(
            f"párrafo {n} " * 30 + ("editado" if n == edited else ""),
            f"párrafo {n}",
            "es-PE",
            f"p{n}",
            700,
        )
        for n in range(count)
    )
    return Script("es-PE", "Título", utterances)


def test_sections_start_on_the_grid_in_the_middle_of_pauses() -> None:
    narration = narrate(paragraphs(40), ToneEngine(16000), sample_rate=16000, grid=GRID)
    sections = narration.sections
    assert len(sections) >= 3
    assert sections[0].start == 0
    assert sections[-1].stop == narration.samples
    samples = array.array("h", narration.pcm)
    lead = pcm.samples_for(LEAD_MS, 16000)
    for before, after in itertools.pairwise(sections):
        assert before.stop == after.start
        assert after.start % GRID == 0
        assert (before.stop - before.start) / 16000 >= SECTION_MIN_S
        # Silence on both sides of the cut: the section's lead after it, most of the pause before.
        assert not any(samples[after.start - lead : after.start + lead])
    # A cut lengthens its pause by less than one grid step; other pauses are as written.
    for segment, following in itertools.pairwise(narration.segments):
        pause = following.start - segment.end
        assert pcm.samples_for(700, 16000) <= pause < pcm.samples_for(700, 16000) + GRID


def test_an_edit_changes_only_the_sections_around_it() -> None:
    engine = ToneEngine(16000)
    before = narrate(paragraphs(40), engine, sample_rate=16000, grid=GRID)
    after = narrate(paragraphs(40, edited=20), engine, sample_rate=16000, grid=GRID)
    old = {s.key: before.audio.read()[2 * s.start : 2 * s.stop] for s in before.sections}
    new = {s.key: after.audio.read()[2 * s.start : 2 * s.stop] for s in after.sections}
    kept = old.keys() & new.keys()
    assert len(kept) >= len(before.sections) - 2
    # Equal keys, equal PCM, wherever the section now starts.
    assert all(old[key] == new[key] for key in kept)
    assert before.key != after.key


def test_without_a_grid_the_narration_is_one_section() -> None:
    narration = narrate(paragraphs(40), ToneEngine(16000), sample_rate=16000)
    (section,) = narration.sections
    assert (section.start, section.stop) == (0, narration.samples)
