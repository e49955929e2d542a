"""Loudness: EBU R128 measurement and normalisation of the PCM timeline before it is encoded.

Measurement is FFmpeg's ``ebur128`` filter (through PyAV's filter graph), the same meter
``ffmpeg -af ebur128=peak=true`` runs, so what the build aims at is what a listener's tools read.

Normalisation, in three steps, each deterministic (same PCM in, same PCM out):

1. **Gain and true-peak limiter** (:func:`normalise`): the gain that brings the integrated
   loudness to the target, then FFmpeg's look-ahead ``alimiter`` run at four times the sample
   rate (so it catches the peaks between samples), its ceiling :data:`LIMITER_MARGIN_DB` below the
   target's true peak. Limiting takes loudness away, so the gain is searched for, each try
   corrected by what the last measured (metered as the limiter writes). The search runs on a
   sketch, limited at the sample rate (a third of the cost; on a long narration, a fifth of it
   in :data:`EXCERPT_S` excerpts), then once or twice at four times the rate on all of it.
2. **The encoded file is measured** (:func:`fit`): a codec changes the waveform; at speech
   bitrates Opus (SILK) overshoots the limited input by up to 3 dB, and the codecs' low-pass
   takes about half a decibel of loudness away (both allowed for in step 1).
3. **Corrections, re-encoded**: the 20 ms frames of the decoded file whose true peak is above
   the ceiling are turned down where they are (10 ms gain ramps around them), and an integrated
   loudness off by more than :data:`TOLERANCE_LU` is corrected with gain; then the PCM is encoded
   again, up to :data:`ROUNDS` times (an Opus file only in the stretches around the frames
   turned down: :mod:`publisher.audio.splice`). If a file still peaks too high, the whole file
   is turned down by what is left and encoded once more.

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
from typing import IO, Any, NamedTuple

import av
import av.filter
import numpy as np

from publisher.audio import codec, splice
from publisher.audio.options import BROADCAST, PODCAST, Target
from publisher.interrupts import check

__all__ = ["BROADCAST", "PODCAST", "Measurement", "Target", "fit", "measure_file", "normalise"]

VERSION = 5
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
GAIN_TOLERANCE_LU = 0.25
"""How close to the target the normalised PCM's integrated loudness is brought: with the codecs'
loss (:data:`CODEC_LOSS_LU`, known to 0.2 LU) still within :data:`TOLERANCE_LU` of the target,
so that the encoding is not redone for loudness alone."""
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
EXCERPT_S = 3.0
"""Length of the excerpts of a long narration the gain is searched on first."""
EXCERPT_EVERY = 5
"""One excerpt is taken in this many."""
EXCERPTS_FROM_S = 90.0
"""Narrations shorter than this are searched on whole."""
PEAK_RATE = 192000
"""True peaks are read on the signal upsampled to at least this rate (BS.1770: 4 x 48 kHz), by
a whole factor of its own rate."""
_CHUNK_SAMPLES = 1 << 18
_PEAK_BLOCK_FRAMES = 10
"""Frames of the upsampled signal read at a time (0.2 s: 150 KB at 192 kHz)."""


@dataclass(frozen=True, slots=True, eq=False)
class Measurement:
    """What the meter reads: integrated loudness, highest true peak, true peak frame by frame."""

    integrated_lufs: float
    true_peak_dbtp: float
    peaks: Any = None
    """The true peak (dBTP, float32) of each :data:`FRAME_S` from the start, in order: an array,
    so that hours of audio (a million frames) take megabytes."""
    length_s: float = 0.0
    """How long the measured audio is (the last frame may be shorter)."""

    @property
    def frames(self) -> list[tuple[float, float, float]]:
        """(start s, end s, true peak dBTP) of each frame, in order."""
        return self.above(-math.inf)

    def above(self, ceiling_db: float) -> list[tuple[float, float, float]]:
        """(start s, end s, true peak dBTP) of each frame whose true peak is above the ceiling."""
        if self.peaks is None:
            return []
        found = np.flatnonzero(self.peaks > ceiling_db).tolist()
        return [
            (i * FRAME_S, min((i + 1) * FRAME_S, self.length_s), float(self.peaks[i]))
            for i in found
        ]


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

    def chunks(self, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """The content from sample ``start`` to ``stop`` (default: all; several may read)."""
        self._file.flush()
        descriptor = self._file.fileno()
        end = self.size if stop is None else min(self.size, 2 * stop)
        for offset in range(2 * start, end, 2 * _CHUNK_SAMPLES):
            chunk = os.pread(descriptor, min(2 * _CHUNK_SAMPLES, end - offset), offset)
            if not chunk:
                raise OSError(f"the normalised audio's temporary file ends at {offset} bytes")
            yield chunk

    def close(self) -> None:
        """Remove the file now."""
        self._file.close()


def _pull(sink: Any) -> Iterator[av.AudioFrame]:
    """The frames a graph (or one of its sinks) has ready."""
    while True:
        check()  # graphs run for as long as the audio lasts: a stopped build leaves here
        try:
            frame = sink.pull()
        except (av.BlockingIOError, av.EOFError):
            return
        if isinstance(frame, av.AudioFrame):
            yield frame


def _graph(fmt: str, rate: int, chain: Sequence[tuple[str, str]]) -> av.filter.Graph:
    graph = av.filter.Graph()
    source = graph.add_abuffer(format=fmt, sample_rate=rate, layout="mono")
    _chained(graph, source, chain).link_to(graph.add("abuffersink"))
    graph.configure()
    return graph


def _chained(
    graph: av.filter.Graph, node: Any, chain: Sequence[tuple[str, str]], pad: int = 0
) -> Any:
    """``chain``'s filters added to ``graph`` one after another from ``node``'s output ``pad``."""
    for name, args in chain:
        following = graph.add(name, args)
        node.link_to(following, pad, 0)
        node, pad = following, 0
    return node


class _MeterGraph(NamedTuple):
    """A meter's filter graph (kept alive while its ends are used) and its ends."""

    graph: av.filter.Graph
    source: Any
    loudness: Any
    """The ``ebur128`` branch's sink."""
    upsampled: Any
    """The upsampled branch's sink (None when only loudness is measured)."""


def _meter_graph(fmt: str, layout: str, rate: int, peaks: bool) -> _MeterGraph:
    """One graph for a meter: the signal to ``ebur128``, and upsampled for its true peaks.

    The signal is split once: one branch to the meter, one upsampled to :data:`PEAK_RATE` in
    single precision (a peak read to 1e-6 dB), in blocks of :data:`_PEAK_BLOCK_FRAMES` frames,
    so the working set stays in a core's cache when several builds share a machine.
    """
    graph = av.filter.Graph()
    source: Any = graph.add_abuffer(format=fmt, sample_rate=rate, layout=layout)
    mono = graph.add("aformat", "channel_layouts=mono")
    source.link_to(mono)
    loud = graph.add("abuffersink")
    meter = graph.add("ebur128", "metadata=1")
    meter.link_to(loud)
    if not peaks:
        mono.link_to(meter)
        graph.configure()
        return _MeterGraph(graph, source, loud, None)
    split = graph.add("asplit", "2")
    mono.link_to(split)
    split.link_to(meter, 0, 0)
    peak_rate = _peak_rate(rate)
    chain = [
        ("aformat", "sample_fmts=flt"),
        ("aresample", str(peak_rate)),
        ("aformat", "sample_fmts=flt"),
        ("asetnsamples", f"n={_PEAK_BLOCK_FRAMES * round(FRAME_S * peak_rate)}:p=0"),
    ]
    upsampled = graph.add("abuffersink")
    _chained(graph, split, chain, pad=1).link_to(upsampled)
    graph.configure()
    return _MeterGraph(graph, source, loud, upsampled)


def _peak_rate(rate: int) -> int:
    """The rate true peaks are read at: a whole multiple of ``rate``, at least :data:`PEAK_RATE`."""
    return rate * math.ceil(PEAK_RATE / rate)


def _meter(frames: Iterable[av.AudioFrame], rate: int, *, peaks: bool = True) -> Measurement:
    """Run ``frames`` through ``ebur128``, and find the true peak of every :data:`FRAME_S`.

    The integrated loudness is the meter's (read at its last frame). Its frame metadata gives
    only running maxima of the true peak, so the peak of each frame is found the way the meter
    finds it, on the signal upsampled to :data:`PEAK_RATE`; the highest of them is the true
    peak. Without ``peaks``, only the integrated loudness is measured (the true peak reads -inf).
    Frames may be of any sample format and layout (mono is metered, as FFmpeg downmixes).
    """
    peak_rate = _peak_rate(rate)
    size = round(FRAME_S * peak_rate)
    found: list[Any] = []
    pending = np.zeros(0, dtype=np.float32)
    metadata: dict[str, str] = {}
    samples = 0
    graph: _MeterGraph | None = None  # made for the first frame's format

    def read(final: bool = False) -> None:
        nonlocal pending, metadata, samples
        assert graph is not None
        for frame in _pull(graph.loudness):
            if "lavfi.r128.I" in frame.metadata:
                metadata = dict(frame.metadata)
        if graph.upsampled is None:
            return
        upsampled = _pull(graph.upsampled)
        parts = [pending, *(f.to_ndarray().reshape(-1)[: f.samples] for f in upsampled)]
        pending = np.concatenate(parts)
        whole = len(pending) // size * size
        if whole:
            block = pending[:whole].reshape(-1, size)
            found.append(np.maximum(block.max(axis=1), -block.min(axis=1)))
        if final and len(pending) > whole:
            found.append(np.abs(pending[whole:]).max(keepdims=True))
            whole = len(pending)
        samples += whole
        pending = pending[whole:]

    for frame in frames:
        if graph is None:
            graph = _meter_graph(frame.format.name, frame.layout.name, rate, peaks)
        graph.source.push(frame)
        read()
    if graph is None:
        return Measurement(-math.inf, -math.inf, np.zeros(0, np.float32) if peaks else None)
    graph.source.push(None)
    read(final=True)
    integrated = float(metadata.get("lavfi.r128.I", "-inf"))
    if not peaks:
        return Measurement(integrated, -math.inf)
    with np.errstate(divide="ignore"):
        levels = 20 * np.log10(np.concatenate(found)) if found else np.zeros(0, np.float32)
    top = float(levels.max()) if len(levels) else -math.inf
    return Measurement(integrated, top, levels.astype(np.float32), samples / peak_rate)


def measure_pcm(pcm: Iterable[bytes], rate: int, *, peaks: bool = True) -> Measurement:
    """The loudness of mono s16le PCM at ``rate`` (without ``peaks``: integrated only)."""
    return _meter(codec.frames(pcm, rate), rate, peaks=peaks)


def measure_file(path: Path) -> Measurement:
    """The loudness of an audio file (MP3, Ogg Opus, WAV, ...) as FFmpeg decodes it (mono).

    Metered at the file's own sample rate, as ``ffmpeg -af ebur128`` meters it; the decoder's
    frames go to the meter as they are.
    """
    with av.open(str(path), "r") as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate

        def decoded() -> Iterator[av.AudioFrame]:
            position = 0
            for frame in container.decode(stream):
                frame.pts, position = position, position + frame.samples
                yield frame

        return _meter(decoded(), rate)


def _limited(
    pcm: Chunks,
    rate: int,
    out_rate: int,
    gain_db: float,
    ceiling_db: float,
    *,
    oversampling: int = OVERSAMPLING,
) -> tuple[PcmFile, float]:
    """``pcm`` with ``gain_db`` applied, true-peak limited to ``ceiling_db``, at ``out_rate``.

    With it, the result's integrated loudness, metered as it is written (no second reading).
    The limiter runs at ``oversampling`` times ``out_rate`` (1: it limits sample peaks only).
    """
    limit = min(max(10 ** (ceiling_db / 20), 0.0625), 1.0)
    limiter = ("alimiter", f"limit={limit:.6f}:attack=2:release=80:level=0:latency=1")
    at_rate = [("aresample", str(out_rate * oversampling)), limiter, ("aresample", str(out_rate))]
    chain = [
        ("aformat", "sample_fmts=dbl"),
        ("volume", f"volume={gain_db:.4f}dB:precision=double"),
        *(at_rate if oversampling > 1 or out_rate != rate else [limiter]),
        ("aformat", "sample_fmts=s16"),
    ]
    graph = _graph("s16", rate, chain)
    meter = _graph("s16", out_rate, [("ebur128", "metadata=1")])
    metadata: dict[str, str] = {}
    out = PcmFile()
    samples_in = 0

    def drain() -> None:
        nonlocal metadata
        for done in _pull(graph):
            out.write(bytes(done.planes[0])[: done.samples * 2])
            meter.push(done)
        for metered in _pull(meter):
            if "lavfi.r128.I" in metered.metadata:
                metadata = dict(metered.metadata)

    for frame in codec.frames(pcm(), rate):
        samples_in += frame.samples
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    expected = 2 * round(samples_in * out_rate / rate)
    if out.size != expected:
        _fit_length(out, expected)
        return out, measure_pcm(out.chunks(), out_rate, peaks=False).integrated_lufs
    meter.push(None)
    drain()
    return out, float(metadata.get("lavfi.r128.I", "-inf"))


def _fit_length(out: PcmFile, size: int) -> None:
    """Pad with silence or cut ``out`` to exactly ``size`` bytes: the timeline keeps its length."""
    if out.size < size:
        out.write(bytes(size - out.size))
    elif out.size > size:
        out._file.truncate(size)
        out.size = size


def _excerpts(pcm: Chunks, rate: int) -> Chunks | None:
    """Every :data:`EXCERPT_EVERY`-th :data:`EXCERPT_S` of ``pcm``, faded in and out, joined.

    None when ``pcm`` is shorter than :data:`EXCERPTS_FROM_S` (the search runs on all of it).
    """
    block = 2 * round(EXCERPT_S * rate)
    fade = np.linspace(0.0, 1.0, round(0.005 * rate))
    total = sum(len(chunk) for chunk in pcm())
    if total < 2 * round(EXCERPTS_FROM_S * rate):
        return None

    def chunks() -> Iterator[bytes]:
        for index, excerpt in enumerate(codec.blocks(pcm(), block)):
            if index % EXCERPT_EVERY or len(excerpt) < block:
                continue
            samples = np.frombuffer(excerpt, dtype="<i2").astype(np.float64)
            samples[: len(fade)] *= fade
            samples[len(samples) - len(fade) :] *= fade[::-1]
            yield np.rint(samples).astype("<i2").tobytes()

    return chunks


@dataclass(frozen=True, slots=True)
class _Limiter:
    """What a gain search limits: the PCM, its rate, the rate to write, the ceiling."""

    pcm: Chunks
    rate: int
    out_rate: int
    ceiling_db: float
    oversampling: int = OVERSAMPLING

    def run(self, gain_db: float) -> tuple[PcmFile, float]:
        """The PCM with ``gain_db`` applied and limited, and its integrated loudness."""
        return _limited(
            self.pcm,
            self.rate,
            self.out_rate,
            gain_db,
            self.ceiling_db,
            oversampling=self.oversampling,
        )


def _gain_for(
    limiter: _Limiter,
    target: Target,
    start: tuple[float, float],
    tolerance: float,
    gain: float | None = None,
) -> tuple[PcmFile, float, float]:
    """The limited PCM within ``tolerance`` of the target, its gain, and its slope.

    The slope is the loudness gained per decibel of gain near it; the last of
    :data:`GAIN_ROUNDS` tries is taken if none is within ``tolerance``. ``start`` is a (gain,
    loudness) pair already known; the first try is at ``gain`` (default: what ``start``
    lacks), each next one on the secant through the last two: the limiter takes more loudness
    away as the gain grows.
    """
    previous = start
    gain = start[0] + target.integrated_lufs - start[1] if gain is None else gain
    slope = 1.0
    for attempt in range(GAIN_ROUNDS):
        result, level = limiter.run(gain)
        if gain != previous[0]:
            slope = min(max((level - previous[1]) / (gain - previous[0]), 0.2), 1.0)
        offset = target.integrated_lufs - level
        if abs(offset) <= tolerance or attempt == GAIN_ROUNDS - 1:
            return result, gain, slope
        result.close()
        previous, gain = (gain, level), gain + offset / slope
    raise AssertionError("unreachable")


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
    loudness away, so the gain is searched for: on a sketch first (limited at the sample rate,
    on excerpts of a long narration: a fifth of it), then on all of it, each try corrected by
    what the last measured, until the result is within :data:`GAIN_TOLERANCE_LU`. ``lift_lu``
    aims that much louder, for a codec known to take loudness away (:data:`CODEC_LOSS_LU`).
    """
    out_rate = out_rate or rate
    target = Target(target.integrated_lufs + lift_lu, target.true_peak_dbtp)
    measured = measure_pcm(pcm(), rate, peaks=False).integrated_lufs
    if not measured > SILENCE_LUFS:  # nothing above the meter's gate
        return _limited(pcm, rate, out_rate, 0.0, 0.0)[0]
    ceiling = target.true_peak_dbtp - headroom_db
    excerpts = _excerpts(pcm, rate)
    sampled = measure_pcm(excerpts(), rate, peaks=False).integrated_lufs if excerpts else -math.inf
    searched = excerpts
    if searched is None or not sampled > SILENCE_LUFS:  # short, or the excerpts missed the speech
        searched, sampled = pcm, measured
    # The search runs on a sketch: the excerpts (or all of it) limited at the sample rate, a
    # third of the cost of a try, a tenth or two of a decibel louder than the true-peak limiter.
    sketch = _Limiter(searched, rate, out_rate, ceiling, oversampling=1)
    trial, gain, slope = _gain_for(sketch, target, (0.0, sampled), GAIN_TOLERANCE_LU / 2)
    trial.close()
    # Where the excerpts' loudness differs from the whole's, the whole needs that much more.
    gain += (sampled - measured) / slope
    start = (gain - 1.0, target.integrated_lufs - slope)  # the slope the sketch showed
    whole = _Limiter(pcm, rate, out_rate, ceiling)
    return _gain_for(whole, target, start, GAIN_TOLERANCE_LU, gain)[0]


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

    def applied(self, pcm: PcmFile, rate: int, start: int = 0, stop: int | None = None) -> Chunks:
        """``pcm`` with the corrections, as chunks; gains are linear between 10 ms cell centres.

        From sample ``start`` to sample ``stop`` (default: all of it).
        """
        cells = self.local or {}
        if not cells and self.overall_db == 0.0 and start == 0 and stop is None:
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
            position = start
            for chunk in pcm.chunks(start, stop):
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


def fit(
    encode: Encoder,
    pcm: PcmFile,
    rate: int,
    target: Target,
    path: Path,
    *,
    in_stretches: bool = False,
) -> Measurement:
    """Encode ``pcm`` into ``path`` so that the file, decoded, meets ``target``; its measurement.

    With ``in_stretches`` (``encode`` writes Ogg Opus), a correction of overshoots alone encodes
    again only the stretches of speech around them (:mod:`publisher.audio.splice`): the cost of
    a correction then grows with the overshoots, not with the length of the narration.

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

    quiet: list[tuple[int, int]] | None = None

    def encoded_around(over: list[tuple[float, float, float]]) -> Measurement:
        nonlocal quiet
        if quiet is None:
            quiet = splice.silences(pcm.chunks(), rate)
        total = pcm.size // 2
        margin = SPREAD_S + 2 * RAMP_S + splice.PACKET_S
        spans = [(start - margin, end + margin) for start, end, _ in over]
        found = splice.stretches(spans, quiet, rate, total)
        if splice.respliced(
            path,
            found,
            read=lambda first, stop: corrections.applied(pcm, rate, first, stop)(),
            encode=encode,
            rate=rate,
            total=total,
        ):
            return measure_file(path)
        return encoded()

    def close_enough(measured: Measurement) -> bool:
        offset = target.integrated_lufs - measured.integrated_lufs
        peak = measured.true_peak_dbtp
        return peak <= target.true_peak_dbtp - ACCEPT_MARGIN_DB and abs(offset) <= ACCEPT_LU

    try:
        measured = encoded()
        for attempt in range(ROUNDS + FALLBACK_ROUNDS):
            over = measured.above(ceiling)
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
                if in_stretches and offset == 0.0:
                    measured = encoded_around(over)
                    continue
            measured = encoded()
    finally:
        reserve.unlink(missing_ok=True)
    if measured.true_peak_dbtp > target.true_peak_dbtp:
        raise ValueError(
            f"its true peak stays at {measured.true_peak_dbtp:.1f} dBTP after encoding "
            f"(at most {target.true_peak_dbtp:g} allowed)"
        )
    return measured
