from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from publisher.audio import codec, splice
from publisher.audio.splice import Stretch, respliced, silences, stretches

RATE = 22050
FRAME = round(splice.PACKET_S * RATE)


def speech_with_pauses(words: int = 6, word_s: float = 0.8, pause_s: float = 0.6) -> bytes:
    """Bursts of harmonics (words) separated by digital silence (pauses), pauses first and last."""
    t = np.arange(int(word_s * RATE)) / RATE
    word = 0.3 * sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((190, 380, 760), 1))
    pause = np.zeros(int(pause_s * RATE))
    parts = [pause]
    for n in range(words):
        parts += [word * (0.6 + 0.1 * n), pause]
    signal = np.concatenate(parts)
    return np.clip(np.rint(signal * 32767), -32768, 32767).astype("<i2").tobytes()


def test_silences_are_found_across_chunk_boundaries() -> None:
    data = speech_with_pauses()
    whole = silences([data], RATE)
    chunked = silences([data[i : i + 1000] for i in range(0, len(data), 1000)], RATE)
    assert whole == chunked
    assert len(whole) == 7
    first, stop = whole[0]
    assert first == 0
    assert stop == pytest.approx(0.6 * RATE, abs=2)  # a word's first sample may be 0


def test_stretches_run_from_silence_to_silence_on_the_packet_grid() -> None:
    data = speech_with_pauses()
    total = len(data) // 2
    quiet = silences([data], RATE)
    (stretch,) = stretches([(2.1, 2.2)], quiet, RATE, total)
    assert stretch.start % FRAME == 0
    assert stretch.stop % FRAME == 0
    assert stretch.start <= 2.1 * RATE < 2.2 * RATE <= stretch.stop
    samples = np.frombuffer(data, dtype="<i2")
    preroll = round(splice.PREROLL_S * RATE)
    assert not samples[stretch.start - preroll : stretch.start + FRAME].any()
    assert not samples[stretch.stop - FRAME : stretch.stop + preroll].any()
    # Two overshoots in one word are one stretch; in words far apart, two.
    assert len(stretches([(2.1, 2.15), (2.2, 2.3)], quiet, RATE, total)) == 1
    assert len(stretches([(1.0, 1.1), (6.0, 6.1)], quiet, RATE, total)) == 2
    # Speech with no silence after it cannot be cut.
    assert stretches([(0.7, 0.8)], [], RATE, total) == [Stretch(0, total)]


def decoded(path: Path) -> np.ndarray:
    return np.frombuffer(codec.decode(path.read_bytes(), 16000), dtype="<i2").astype(float)


def test_a_stretch_encoded_again_replaces_its_packets_and_nothing_else(tmp_path: Path) -> None:
    data = speech_with_pauses()
    total = len(data) // 2
    path = tmp_path / "a.opus"
    codec.encode_opus(data, RATE, path)
    before = decoded(path)
    quieter = (np.frombuffer(data, dtype="<i2") // 2).astype("<i2").tobytes()
    (stretch,) = stretches([(3.0, 3.1)], silences([data], RATE), RATE, total)

    def read(first: int, stop: int) -> list[bytes]:
        return [quieter[2 * first : 2 * stop]]

    def encode(pcm: object, out: Path) -> None:
        codec.encode_opus(pcm, RATE, out)  # type: ignore[arg-type]

    assert respliced(path, [stretch], read=read, encode=encode, rate=RATE, total=total)
    after = decoded(path)
    assert len(after) == len(before)
    assert codec.playing_time(path) == pytest.approx(total / RATE, abs=0.001)
    low, high = round(stretch.start * 16000 / RATE), round(stretch.stop * 16000 / RATE)
    assert np.array_equal(after[:low], before[:low])
    # The decoder leaves the stretch in silence: a trace of it, under -40 dBFS, for 40 ms.
    assert np.abs(after[high : high + 640] - before[high : high + 640]).max() < 330
    assert np.array_equal(after[high + 640 :], before[high + 640 :])
    inside = slice(low, high)
    level = np.sqrt((after[inside] ** 2).mean()) / np.sqrt((before[inside] ** 2).mean())
    assert level == pytest.approx(0.5, abs=0.1)  # the stretch is the quieter encoding
