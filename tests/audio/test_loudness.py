from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from publisher.audio import codec, loudness
from publisher.audio.loudness import (
    BROADCAST,
    PODCAST,
    Target,
    measure_file,
    measure_pcm,
    normalise,
)
from tests.audio.test_writer import ebur128

RATE = 22050


def speechlike(seconds: float = 12.0, level: float = 0.2) -> bytes:
    """Bursts of harmonics a few hundred milliseconds long with pauses: loud peaks, quiet mean."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((180, 360, 720, 1440), 1))
    envelope = (np.sin(2 * np.pi * 1.7 * t) > 0.2) * (0.3 + 0.7 * np.abs(np.sin(9 * t)))
    clicks = np.zeros_like(t)
    clicks[:: RATE // 2] = 5.0  # isolated peaks, as plosives make
    signal = level * (tone * envelope + clicks)
    return np.clip(np.rint(signal * 32767), -32768, 32767).astype("<i2").tobytes()


def test_measurement_is_ffmpeg_s_ebur128(tmp_path: Path) -> None:
    data = speechlike()
    wav = tmp_path / "a.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "-", str(wav)],
        input=data,
        check=True,
    )
    integrated, peak = ebur128(wav)
    ours = measure_pcm([data], RATE)
    assert ours.integrated_lufs == pytest.approx(integrated, abs=0.1)
    assert ours.true_peak_dbtp == pytest.approx(peak, abs=0.15)
    assert measure_file(wav).integrated_lufs == pytest.approx(integrated, abs=0.1)
    frames = ours.frames
    assert frames[0][0] == 0
    assert frames[-1][1] == pytest.approx(12.0, abs=0.03)
    assert max(p for _, _, p in frames) == ours.true_peak_dbtp


@pytest.mark.parametrize("target", [PODCAST, BROADCAST], ids=["podcast", "broadcast"])
def test_normalised_pcm_is_at_the_target_limited_and_as_long(target: Target) -> None:
    data = speechlike()
    before = measure_pcm([data], RATE)
    assert before.true_peak_dbtp > -1
    result = normalise(lambda: [data], RATE, target)
    out = b"".join(result.chunks())
    assert len(out) == len(data)
    after = measure_pcm([out], RATE)
    assert after.integrated_lufs == pytest.approx(
        target.integrated_lufs, abs=loudness.GAIN_TOLERANCE_LU + 0.05
    )
    assert after.true_peak_dbtp <= target.true_peak_dbtp - loudness.LIMITER_MARGIN_DB + 0.2
    assert b"".join(normalise(lambda: [data], RATE, target).chunks()) == out


def _counted_passes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(bytes written, oversampling) of every limiter pass from now on."""
    passes: list[tuple[int, int]] = []
    limited = loudness._limited

    def counted(
        pcm: loudness.Chunks, *args: float, oversampling: int = loudness.OVERSAMPLING
    ) -> tuple[loudness.PcmFile, float]:
        result = limited(pcm, *args, oversampling=oversampling)  # type: ignore[arg-type]
        passes.append((result[0].size, oversampling))
        return result

    monkeypatch.setattr(loudness, "_limited", counted)
    return passes


def test_a_long_narration_is_searched_on_excerpts_then_limited_once_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = speechlike(120.0)
    passes = _counted_passes(monkeypatch)
    result = normalise(lambda: [data], RATE, PODCAST)
    out = b"".join(result.chunks())
    assert len(out) == len(data)
    assert measure_pcm([out], RATE).integrated_lufs == pytest.approx(
        PODCAST.integrated_lufs, abs=loudness.GAIN_TOLERANCE_LU + 0.05
    )
    assert [p for p in passes if p[0] == len(data)] == [(len(data), loudness.OVERSAMPLING)]
    sketch = [p for p in passes if p[0] != len(data)]
    assert sketch
    assert all(size <= len(data) // loudness.EXCERPT_EVERY + 2 for size, _ in sketch)
    assert {oversampling for _, oversampling in sketch} == {1}


def test_a_short_narration_is_searched_on_a_sketch_then_limited_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = speechlike(20.0)
    passes = _counted_passes(monkeypatch)
    out = b"".join(normalise(lambda: [data], RATE, PODCAST).chunks())
    assert measure_pcm([out], RATE).integrated_lufs == pytest.approx(
        PODCAST.integrated_lufs, abs=loudness.GAIN_TOLERANCE_LU + 0.05
    )
    assert measure_pcm([out], RATE).true_peak_dbtp <= PODCAST.true_peak_dbtp - 0.9
    assert {size for size, _ in passes} == {len(data)}
    sampled = [o for _, o in passes if o == 1]
    limited = [o for _, o in passes if o == loudness.OVERSAMPLING]
    assert sampled
    assert 1 <= len(limited) <= 2
    assert passes[-1][1] == loudness.OVERSAMPLING  # what is kept is the true-peak limiter's


def test_speech_the_excerpts_miss_is_searched_on_whole() -> None:
    speech = speechlike(2.0)
    gap = bytes(2 * round(loudness.EXCERPT_S * RATE))  # the first excerpt: silence
    data = gap + speech + bytes(2 * 100 * RATE)
    out = b"".join(normalise(lambda: [data], RATE, PODCAST).chunks())
    assert len(out) == len(data)
    assert measure_pcm([out], RATE).integrated_lufs == pytest.approx(
        PODCAST.integrated_lufs, abs=loudness.GAIN_TOLERANCE_LU + 0.05
    )


def test_normalising_to_48_khz_keeps_the_timeline() -> None:
    data = speechlike(3.0)
    out = normalise(lambda: [data], RATE, BROADCAST, out_rate=48000)
    assert out.size == 2 * round(len(data) // 2 * 48000 / RATE)


def test_silence_stays_silence() -> None:
    data = bytes(2 * RATE)
    result = normalise(lambda: [data], RATE, PODCAST)
    assert b"".join(result.chunks()) == data
    assert measure_pcm([data], RATE).integrated_lufs <= loudness.SILENCE_LUFS


def test_fit_turns_down_what_the_codec_overshoots(tmp_path: Path) -> None:
    data = speechlike()
    level = normalise(
        lambda: [data], RATE, PODCAST, headroom_db=0.2, lift_lu=loudness.CODEC_LOSS_LU
    )
    path = tmp_path / "a.opus"
    tries: list[int] = []

    def encode(pcm: object, out: Path) -> None:
        tries.append(1)
        codec.encode_opus(pcm, RATE, out)  # type: ignore[arg-type]

    measured = loudness.fit(encode, level, RATE, PODCAST, path)
    integrated, peak = ebur128(path)
    assert peak <= -1
    assert -17 <= integrated <= -15
    assert measured.integrated_lufs == pytest.approx(integrated, abs=0.1)
    assert 1 <= len(tries) <= loudness.ROUNDS + loudness.FALLBACK_ROUNDS + 1


def test_fit_in_stretches_corrects_overshoots_without_encoding_all_again(tmp_path: Path) -> None:
    pause = bytes(2 * round(0.6 * RATE))
    data = pause + pause.join(speechlike(1.5) for _ in range(8)) + pause
    strict = Target(-16.0, -3.5)  # what this signal encoded overshoots
    level = normalise(lambda: [data], RATE, strict, headroom_db=0.2, lift_lu=loudness.CODEC_LOSS_LU)
    path = tmp_path / "a.opus"
    lengths: list[int] = []

    def encode(pcm: object, out: Path) -> None:
        chunks = [bytes(c) for c in pcm]  # type: ignore[attr-defined]
        lengths.append(sum(map(len, chunks)))
        codec.encode_opus(chunks, RATE, out)

    measured = loudness.fit(encode, level, RATE, strict, path, in_stretches=True)
    integrated, peak = ebur128(path)
    assert peak <= strict.true_peak_dbtp
    assert -17 <= integrated <= -15
    assert measured.true_peak_dbtp == pytest.approx(peak, abs=0.15)
    assert lengths[0] == len(data)  # the first encoding is of all of it
    assert len(lengths) > 1  # the overshoots were corrected
    assert all(n < len(data) for n in lengths[1:])  # in stretches only
    assert codec.playing_time(path) == pytest.approx(len(data) / 2 / RATE, abs=0.001)
