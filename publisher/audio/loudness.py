"""Loudness: EBU R128 measurement and normalisation of the PCM timeline before it is encoded.

Measurement is FFmpeg's ``ebur128`` filter (through PyAV's filter graph), the same meter
``ffmpeg -af ebur128=peak=true`` runs, so what the build aims at is what a listener's tools read.

Normalisation, in three steps, each deterministic (same PCM in, same PCM out):

1. **Gain and true-peak limiter** (:func:`normalise`): the gain that brings the integrated
   loudness to the target, then FFmpeg's look-ahead ``alimiter`` run at four times the sample
   rate (so it catches the peaks between samples), its ceiling :data:`LIMITER_MARGIN_DB` below the
   target's true peak. Limiting takes a little loudness away, so this runs twice, the second time
   with the gain corrected by what the first measured.
2. **The encoded file is measured** (:func:`fit`): a codec changes the waveform; at speech
   bitrates Opus (SILK) overshoots the limited input by up to 3 dB, and the codecs' low-pass
   takes about half a decibel of loudness away (both allowed for in step 1).
3. **Corrections, re-encoded**: the 20 ms frames of the decoded file whose true peak is above
   the ceiling are turned down where they are (10 ms gain ramps around them), and an integrated
   loudness off by more than :data:`TOLERANCE_LU` is corrected with gain; then the PCM is encoded
   again, up to :data:`ROUNDS` times. If a file still peaks too high, the whole file is turned
   down by what is left and encoded once more.

All of it streams: the PCM is read in chunks from files, never held whole in memory.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import av
import av.filter
import numpy as np

from publisher.audio import codec

VERSION = 2
"""Changes whenever the processing changes, so cached encodings made by another are not reused."""
LIMITER_MARGIN_DB = 1.0
"""How far below the target's true peak the limiter's ceiling is."""
PEAK_MARGIN_DB = 0.3
"""How far below the target's true peak an encoded file's should be."""
ACCEPT_MARGIN_DB = 0.1
"""How far below it an encoding kept in reserve must be."""
ACCEPT_LU = 0.7
"""How far from the target loudness an encoding kept in reserve may be."""
TOLERANCE_LU = 0.5
"""How far an encoded file's integrated loudness may be from the target before gain corrects it."""
ROUNDS = 4
"""Encodings corrected frame by frame before the whole file is turned down."""
FALLBACK_ROUNDS = 3
"""Encodings with the whole file turned down, after those."""
OVERSAMPLING = 4
"""The limiter runs at this multiple of the sample rate."""
FRAME_S = 0.02
"""Length of the frames whose true peaks a measurement reports."""
RAMP_S = 0.01
"""Length of the gain ramps around a frame turned down."""
GAIN_ROUNDS = 5
"""Limiting runs at most this many times, each with the gain corrected by what the last left."""
GAIN_TOLERANCE_LU = 0.1
"""How close to the target the normalised PCM's integrated loudness is brought."""
CODEC_HEADROOM_DB = 4.0
"""Limiter headroom for speech bitrates: Opus at 16 kbps overshoots its input by up to 3 dB
(speech limited to -3 dBTP reads 0 dBTP decoded); 4 dB leaves at most a few frames over the
ceiling, which :func:`fit` turns down."""
CODEC_LOSS_LU = 0.5
"""What MP3 at 32 kbps and Opus at 16 kbps take away from speech's integrated loudness (0.5 to
0.7 LU: their low-pass), made up for before encoding."""
SPREAD_S = 0.02
"""A frame turned down takes this much on either side with it: a codec's overshoot moves."""
STEP_DB = 1.0
"""Turned down by this much more than it peaked above the ceiling: fewer encodings."""
SILENCE_LUFS = -70.0
"""What the meter reads for silence (its absolute gate): nothing to normalise."""
_ANALYSIS_RATE = 48000
_CHUNK_SAMPLES = 1 << 18


@dataclass(frozen=True, slots=True)
class Target:
    """A loudness to normalise to: integrated loudness and the highest true peak allowed."""

    integrated_lufs: float
    true_peak_dbtp: float

    def key(self) -> str:
        """Names the target and the processing in cache keys."""
        return f"loudness-v{VERSION}:{self.integrated_lufs:g}LUFS:{self.true_peak_dbtp:g}dBTP"


PODCAST = Target(-16.0, -1.0)
"""Phones, podcast apps, messaging apps (the usual streaming recommendation)."""
BROADCAST = Target(-23.0, -1.0)
"""EBU R128, for radio."""


@dataclass(frozen=True, slots=True)
class Measurement:
    """What the meter reads: integrated loudness, highest true peak, true peak frame by frame."""

    integrated_lufs: float
    true_peak_dbtp: float
    frames: tuple[tuple[float, float, float], ...] = ()
    """(start s, end s, true peak dBTP) of each frame, in order."""


def db(linear: float) -> float:
    """Decibels of a linear amplitude (-inf for silence)."""
    return 20 * math.log10(linear) if linear > 0 else -math.inf


Chunks = Callable[[], Iterable[bytes]]
"""Mono s16le PCM that can be read more than once: each call starts again from the beginning."""


class PcmFile:
    """PCM written to an unnamed temporary file, readable again from the start in chunks."""

    def __init__(self) -> None:
        """An empty file; it goes when the object is closed or collected."""
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="publisher-loudness-")  # noqa: SIM115
        self.size = 0

    def write(self, data: bytes) -> None:
        """Add ``data`` at the end."""
        self._file.write(data)
        self.size += len(data)

    def chunks(self) -> Iterator[bytes]:
        """The content from the start (several readers may read at once)."""
        self._file.flush()
        descriptor = self._file.fileno()
        for offset in range(0, self.size, 2 * _CHUNK_SAMPLES):
            chunk = os.pread(descriptor, min(2 * _CHUNK_SAMPLES, self.size - offset), offset)
            if not chunk:
                raise OSError(f"the normalised audio's temporary file ends at {offset} bytes")
            yield chunk

    def close(self) -> None:
        """Remove the file now."""
        self._file.close()


def _pull(graph: av.filter.Graph) -> Iterator[av.AudioFrame]:
    while True:
        try:
            frame = graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return
        if isinstance(frame, av.AudioFrame):
            yield frame


def _graph(fmt: str, rate: int, chain: Sequence[tuple[str, str]]) -> av.filter.Graph:
    graph = av.filter.Graph()
    node: Any = graph.add_abuffer(format=fmt, sample_rate=rate, layout="mono")
    for name, args in chain:
        following = graph.add(name, args)
        node.link_to(following)
        node = following
    node.link_to(graph.add("abuffersink"))
    graph.configure()
    return graph


def _meter(
    frames: Iterable[av.AudioFrame], fmt: str, rate: int, *, peaks: bool = True
) -> Measurement:
    """Run ``frames`` through ``ebur128``, and find the true peak of every :data:`FRAME_S`.

    The integrated loudness is the meter's (read at its last frame). Its frame metadata gives
    only running maxima of the true peak, so the peak of each frame is found the way the meter
    finds it, on the signal upsampled to 192 kHz; the highest of them is the true peak. Without
    ``peaks``, only the integrated loudness is measured (the true peak reads -inf).
    """
    meter = _graph(fmt, rate, [("ebur128", "metadata=1")])
    upsample = [("aresample", str(4 * _ANALYSIS_RATE)), ("aformat", "sample_fmts=dbl")]
    upsampled = _graph(fmt, rate, upsample) if peaks else None
    size = round(FRAME_S * 4 * _ANALYSIS_RATE)
    found: list[tuple[float, float, float]] = []
    pending = np.zeros(0, dtype=np.float64)
    metadata: dict[str, str] = {}

    def read(final: bool = False) -> None:
        nonlocal pending, metadata
        for frame in _pull(meter):
            if "lavfi.r128.I" in frame.metadata:
                metadata = dict(frame.metadata)
        if upsampled is None:
            return
        parts: list[Any] = [pending]
        parts += [f.to_ndarray().reshape(-1)[: f.samples] for f in _pull(upsampled)]
        pending = np.concatenate(parts)
        whole = len(pending) if final else len(pending) // size * size
        for offset in range(0, whole, size):
            block = np.abs(pending[offset : offset + size])
            start = (len(found) * size) / (4 * _ANALYSIS_RATE)
            end = start + len(block) / (4 * _ANALYSIS_RATE)
            found.append((start, end, db(float(block.max()))))
        pending = pending[whole:]

    for frame in frames:
        meter.push(frame)
        if upsampled is not None:
            upsampled.push(frame)
        read()
    meter.push(None)
    if upsampled is not None:
        upsampled.push(None)
    read(final=True)
    integrated = float(metadata.get("lavfi.r128.I", "-inf"))
    top = max((peak for _, _, peak in found), default=-math.inf)
    return Measurement(integrated, top, tuple(found))


def measure_pcm(pcm: Iterable[bytes], rate: int, *, peaks: bool = True) -> Measurement:
    """The loudness of mono s16le PCM at ``rate`` (without ``peaks``: integrated only)."""
    return _meter(codec.frames(pcm, rate), "s16", rate, peaks=peaks)


def measure_file(path: Path) -> Measurement:
    """The loudness of an audio file (MP3, Ogg Opus, WAV, ...) as FFmpeg decodes it."""
    with av.open(str(path), "r") as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(
            format="dbl", layout="mono", rate=_ANALYSIS_RATE, frame_size=_ANALYSIS_RATE
        )

        def decoded() -> Iterator[av.AudioFrame]:
            position = 0
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    out.pts, position = position, position + out.samples
                    yield out
            for out in resampler.resample(None):
                out.pts, position = position, position + out.samples
                yield out

        return _meter(decoded(), "dbl", _ANALYSIS_RATE)


def _limited(pcm: Chunks, rate: int, out_rate: int, gain_db: float, ceiling_db: float) -> PcmFile:
    """``pcm`` with ``gain_db`` applied, true-peak limited to ``ceiling_db``, at ``out_rate``."""
    limit = min(max(10 ** (ceiling_db / 20), 0.0625), 1.0)
    chain = [
        ("aformat", "sample_fmts=dbl"),
        ("volume", f"volume={gain_db:.4f}dB:precision=double"),
        ("aresample", str(out_rate * OVERSAMPLING)),
        ("alimiter", f"limit={limit:.6f}:attack=2:release=80:level=0:latency=1"),
        ("aresample", str(out_rate)),
        ("aformat", "sample_fmts=s16"),
    ]
    graph = _graph("s16", rate, chain)
    out = PcmFile()
    samples_in = 0
    for frame in codec.frames(pcm(), rate):
        samples_in += frame.samples
        graph.push(frame)
        for done in _pull(graph):
            out.write(bytes(done.planes[0])[: done.samples * 2])
    graph.push(None)
    for done in _pull(graph):
        out.write(bytes(done.planes[0])[: done.samples * 2])
    expected = 2 * round(samples_in * out_rate / rate)
    _fit_length(out, expected)
    return out


def _fit_length(out: PcmFile, size: int) -> None:
    """Pad with silence or cut ``out`` to exactly ``size`` bytes: the timeline keeps its length."""
    if out.size < size:
        out.write(bytes(size - out.size))
    elif out.size > size:
        out._file.truncate(size)
        out.size = size


def normalise(
    pcm: Chunks,
    rate: int,
    target: Target,
    *,
    headroom_db: float = LIMITER_MARGIN_DB,
    lift_lu: float = 0.0,
    out_rate: int | None = None,
) -> PcmFile:
    """``pcm`` at ``target`` loudness, true-peak limited ``headroom_db`` below its peak.

    At ``out_rate`` (default: ``rate``), with exactly as many samples as ``pcm`` has (scaled to
    ``out_rate``), so every time measured on the timeline stays where it was. Limiting takes
    loudness away, so the gain is corrected by what the result measures, up to
    :data:`GAIN_ROUNDS` times, until it is within :data:`GAIN_TOLERANCE_LU`. ``lift_lu`` aims
    that much louder, for a codec known to take loudness away (:data:`CODEC_LOSS_LU`).
    """
    out_rate = out_rate or rate
    target = Target(target.integrated_lufs + lift_lu, target.true_peak_dbtp)
    measured = measure_pcm(pcm(), rate, peaks=False)
    if not measured.integrated_lufs > SILENCE_LUFS:  # nothing above the meter's gate
        return _limited(pcm, rate, out_rate, 0.0, 0.0)
    ceiling = target.true_peak_dbtp - headroom_db
    gain = target.integrated_lufs - measured.integrated_lufs
    tried: list[tuple[float, float]] = [(0.0, measured.integrated_lufs)]
    while True:
        result = _limited(pcm, rate, out_rate, gain, ceiling)
        level = measure_pcm(result.chunks(), out_rate, peaks=False).integrated_lufs
        offset = target.integrated_lufs - level
        if abs(offset) <= GAIN_TOLERANCE_LU or len(tried) >= GAIN_ROUNDS:
            return result
        result.close()
        # The secant through the last two tries: the limiter takes more as the gain grows.
        (last_gain, last_level), now = tried[-1], (gain, level)
        slope = (now[1] - last_level) / (now[0] - last_gain) if now[0] != last_gain else 1.0
        tried.append(now)
        gain += offset / min(max(slope, 0.2), 1.0)


@dataclass(slots=True)
class _Corrections:
    """Gain changes found by measuring encodings: one for the whole file, others frame by frame."""

    overall_db: float = 0.0
    local: dict[int, float] | None = None
    """Extra gain (dB, negative) by 10 ms cell of the timeline."""

    def turn_down(self, frames: Iterable[tuple[float, float, float]]) -> None:
        """Add ``(start s, end s, dB)`` reductions; where frames overlap a cell, the larger."""
        found: dict[int, float] = {}
        for start_s, end_s, by_db in frames:
            first = math.floor((start_s - SPREAD_S) / RAMP_S)
            for cell in range(first, math.ceil((end_s + SPREAD_S) / RAMP_S)):
                found[cell] = min(found.get(cell, 0.0), by_db)
        cells = self.local if self.local is not None else {}
        for cell, by_db in found.items():
            cells[cell] = cells.get(cell, 0.0) + by_db
        self.local = cells

    def applied(self, pcm: PcmFile, rate: int) -> Chunks:
        """``pcm`` with the corrections, as chunks; gains are linear between 10 ms cell centres."""
        cells = self.local or {}
        if not cells and self.overall_db == 0.0:
            return pcm.chunks
        keys = sorted(cells)
        # Each corrected cell is ramped to from its neighbours, which keep the overall gain.
        points: dict[int, float] = {}
        for cell in keys:
            points.setdefault(cell - 1, 0.0)
            points.setdefault(cell + 1, 0.0)
        points.update(cells)
        xs = np.array([(c + 0.5) * RAMP_S * rate for c in sorted(points)], dtype=np.float64)
        ys = np.array([points[c] for c in sorted(points)], dtype=np.float64) + self.overall_db

        def chunks() -> Iterator[bytes]:
            position = 0
            for chunk in pcm.chunks():
                samples = np.frombuffer(chunk, dtype="<i2").astype(np.float64)
                at = np.arange(position, position + len(samples), dtype=np.float64)
                position += len(samples)
                gain_db = (
                    np.interp(at, xs, ys, left=self.overall_db, right=self.overall_db)
                    if len(xs)
                    else np.full(len(samples), self.overall_db)
                )
                scaled = np.rint(samples * np.power(10.0, gain_db / 20))
                yield np.clip(scaled, -32768, 32767).astype("<i2").tobytes()

        return chunks


Encoder = Callable[[Iterable[bytes], Path], None]
"""Encodes mono s16le PCM (the chunks) into the file at the path."""


def fit(encode: Encoder, pcm: PcmFile, rate: int, target: Target, path: Path) -> Measurement:
    """Encode ``pcm`` into ``path`` so that the file, decoded, meets ``target``; its measurement.

    ``pcm`` is already normalised (:func:`normalise`); this corrects what the codec changed
    (see the module's description). A codec's overshoots move from one encoding to the next, so
    the first encoding that is close enough (true peak :data:`ACCEPT_MARGIN_DB` under the
    target's, loudness within :data:`ACCEPT_LU`) is kept in reserve, and published if no later
    one meets the target with its margins. Raises ValueError if no encoding can be brought under
    the target's true peak (a misbehaving codec would be the cause).
    """
    ceiling = target.true_peak_dbtp - PEAK_MARGIN_DB
    corrections = _Corrections()
    reserve = path.with_name(f"{path.name}.reserve")
    kept: Measurement | None = None

    def encoded() -> Measurement:
        encode(corrections.applied(pcm, rate)(), path)
        return measure_file(path)

    def close_enough(measured: Measurement) -> bool:
        offset = target.integrated_lufs - measured.integrated_lufs
        peak = measured.true_peak_dbtp
        return peak <= target.true_peak_dbtp - ACCEPT_MARGIN_DB and abs(offset) <= ACCEPT_LU

    try:
        measured = encoded()
        for attempt in range(ROUNDS + FALLBACK_ROUNDS):
            over = [(s, e, p) for s, e, p in measured.frames if p > ceiling]
            offset = target.integrated_lufs - measured.integrated_lufs
            silent = not measured.integrated_lufs > SILENCE_LUFS
            if silent or (not over and abs(offset) <= TOLERANCE_LU):
                return measured
            if kept is None and close_enough(measured):
                kept = measured
                shutil.copyfile(path, reserve)
            if attempt == ROUNDS - 1 and kept is not None:
                reserve.replace(path)
                return kept
            if attempt >= ROUNDS - 1:  # turned down frame by frame enough: the whole file
                if not over:
                    return measured
                corrections.overall_db -= measured.true_peak_dbtp - ceiling + PEAK_MARGIN_DB
            else:
                offset = offset if abs(offset) > TOLERANCE_LU else 0.0
                corrections.overall_db += offset
                corrections.turn_down(
                    (start, end, ceiling - peak - offset - STEP_DB) for start, end, peak in over
                )
            measured = encoded()
    finally:
        reserve.unlink(missing_ok=True)
    if measured.true_peak_dbtp > target.true_peak_dbtp:
        raise ValueError(
            f"its true peak stays at {measured.true_peak_dbtp:.1f} dBTP after encoding "
            f"(at most {target.true_peak_dbtp:g} allowed)"
        )
    return measured
