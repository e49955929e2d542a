"""A narration encoded section by section: real espeak-ng speech, LAME and libopus, joined."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from publisher.audio import codec, loudness, sections, writer
from publisher.audio.options import PODCAST, AudioOptions
from publisher.speech.engines.cache import SpeechCache
from publisher.speech.narration import Narration, Section
from publisher.speech.script import Script, Utterance
from tests.audio.test_writer import SENTENCES

RATE = 16000


def paragraphs(edited: int | None = None) -> Script:
    """Thirty-six one-sentence paragraphs (the writer tests' sentences, three times, numbered)."""
    texts = [f"{n}. {text}" for n, (text, _) in enumerate(SENTENCES * 3)]
    utterances = tuple(
        Utterance(
            text + (" Y algo más." if n == edited else ""),
            text,
            "es-PE",
            f"p{n}",
            700,
            "Inicio" if n == 0 else None,
        )
        for n, text in enumerate(texts)
    )
    return Script("es-PE", "Título", utterances)


@dataclass
class Encoded:
    narration: Narration
    files: dict[str, Path]
    encoded: list[tuple[str, int]]
    """(format, section index) of every section encoded (not found in the cache)."""


def encode(
    script: Script, folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Encoded:
    options = AudioOptions(cache_dir=cache_dir)
    narration = writer.narrate_script(script, options)
    encoded: list[tuple[str, int]] = []
    original = sections._encode_one

    def counted(kind: str, levels: sections.Levels, index: int, *args: object) -> float | None:
        encoded.append((kind, index))
        return original(kind, levels, index, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sections, "_encode_one", counted)
    levels = sections.Levels(narration, options)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    try:
        for kind in ("mp3", "opus"):
            files[kind] = folder / f"narration.{kind}"
            sections.encode_sections(
                kind,
                levels,
                writer.encoder(kind, RATE, options),
                key=writer._encoding_key(kind, options),
                cache=SpeechCache(cache_dir),
                path=files[kind],
            )
    finally:
        levels.close()
        monkeypatch.setattr(sections, "_encode_one", original)
    return Encoded(narration, files, encoded)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Encoded, Encoded, Encoded]:
    """The narration encoded cold, again from a warm cache, and after one paragraph changed."""
    root = tmp_path_factory.mktemp("sections")
    with pytest.MonkeyPatch.context() as patch:
        cold = encode(paragraphs(), root / "cold", root / "cache", patch)
        warm = encode(paragraphs(), root / "warm", root / "cache", patch)
        edited = encode(paragraphs(edited=18), root / "edited", root / "cache", patch)
    return cold, warm, edited


def decoded(path: Path) -> np.ndarray:
    return np.frombuffer(codec.decode(path.read_bytes(), RATE), dtype="<i2").astype(np.float64)


def test_the_narration_is_cut_into_sections_on_the_grid(
    built: tuple[Encoded, Encoded, Encoded],
) -> None:
    cold, _, _ = built
    cut = cold.narration.sections
    assert len(cut) >= 3
    assert all(section.start % 2880 == 0 for section in cut)
    assert sorted(cold.encoded) == sorted((k, i) for k in ("mp3", "opus") for i in range(len(cut)))


def test_joined_files_play_as_long_as_the_narration(
    built: tuple[Encoded, Encoded, Encoded],
) -> None:
    cold, _, _ = built
    samples = cold.narration.samples
    assert len(decoded(cold.files["mp3"])) == samples  # the Info header's delay and padding
    assert codec.playing_time(cold.files["opus"]) == pytest.approx(samples / RATE, abs=1 / RATE)


@pytest.mark.parametrize("kind", ["mp3", "opus"])
def test_joined_speech_stays_where_the_narration_has_it(
    built: tuple[Encoded, Encoded, Encoded], kind: str
) -> None:
    cold, _, _ = built
    heard = decoded(cold.files[kind])
    spoken = np.frombuffer(cold.narration.pcm, dtype="<i2").astype(np.float64)
    heard = heard[: len(spoken)]

    def envelope(signal: np.ndarray) -> np.ndarray:
        """Level in dB of each 10 ms (the limiter and the codec change levels, not timing)."""
        frames = len(signal) // 160
        power = (signal[: frames * 160].reshape(frames, 160) ** 2).mean(axis=1)
        return 10 * np.log10(power + 1.0)

    said, got = envelope(spoken), envelope(heard)
    lags = range(-3, 4)
    match = [np.corrcoef(np.roll(got, lag), said)[0, 1] for lag in lags]
    assert max(lags, key=lambda lag: match[lag + 3]) == 0  # within 10 ms
    assert match[3] > 0.9, match
    # The joins are silent: nothing above -50 dBFS within 100 ms of a cut.
    for section in cold.narration.sections[1:]:
        near = heard[section.start - 1600 : section.start + 1600]
        assert np.abs(near).max() < 32768 * 10 ** (-50 / 20)


@pytest.mark.parametrize("kind", ["mp3", "opus"])
def test_the_joined_file_meets_the_loudness_target(
    built: tuple[Encoded, Encoded, Encoded], kind: str
) -> None:
    cold, _, _ = built
    measured = loudness.measure_file(cold.files[kind])
    assert measured.integrated_lufs == pytest.approx(PODCAST.integrated_lufs, abs=0.5)
    assert measured.true_peak_dbtp <= PODCAST.true_peak_dbtp


def test_cached_sections_are_joined_to_the_same_bytes(
    built: tuple[Encoded, Encoded, Encoded],
) -> None:
    cold, warm, _ = built
    assert warm.encoded == []
    for kind in ("mp3", "opus"):
        assert warm.files[kind].read_bytes() == cold.files[kind].read_bytes()


def test_an_edit_encodes_only_the_sections_it_touches(
    built: tuple[Encoded, Encoded, Encoded],
) -> None:
    cold, _, edited = built
    total = len(edited.narration.sections)
    for kind in ("mp3", "opus"):
        again = [index for encoded_kind, index in edited.encoded if encoded_kind == kind]
        assert 1 <= len(again) <= 2 < total
    old = {s.key for s in cold.narration.sections}
    changed = [i for i, s in enumerate(edited.narration.sections) if s.key not in old]
    assert sorted({index for _, index in edited.encoded}) == changed
    assert len(decoded(edited.files["mp3"])) == edited.narration.samples


def test_a_narration_that_was_not_cut_is_encoded_whole() -> None:
    """At 22.05 kHz there is no grid: one section, no padding; a narration made without
    sections (by a caller of its own) is one section as well."""
    options = AudioOptions(cache_dir=None, sample_rate=22050)
    narration = writer.narrate_script(paragraphs(), options)
    levels = sections.Levels(narration, options)
    assert [(s.start, s.stop) for s in levels.sections] == [(0, narration.samples)]
    assert levels.padding(0) == (0, 0)
    bare = sections.Levels(replace(narration, sections=()), options)
    assert bare.sections == (Section(0, narration.samples, narration.key),)
    narration.audio.close()
