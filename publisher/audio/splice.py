"""Re-encoding parts of an Ogg Opus file: the packets between two silences, replaced in place.

When the encoded narration overshoots the loudness target's true peak in a few places
(:func:`publisher.audio.loudness.fit`), only the stretches of speech around them are encoded
again, with the corrections, instead of the whole file: a stretch runs from a silence before the
overshoot to a silence after it. The narration's pauses are digital silence, and an Opus
encoder's packets are on a fixed grid of 20 ms from the start of its input, so a stretch encoded
on its own from the same grid point, started in silence with :data:`PREROLL_S` of that silence
before it, gives packets that take the place of the old ones: the decoder enters and leaves the
stretch in silence. The file keeps its header, its length and every packet outside the
stretches, byte for byte.
"""

from __future__ import annotations

import bisect
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from publisher.audio import codec

PACKET_S = 0.02
"""Length of an Opus packet (libopus's default frame): the grid stretches are cut on."""
PREROLL_S = 0.2
"""Silence encoded before and after a stretch (then dropped), and needed around its ends."""
MIN_SILENCE_S = 0.3
"""Silences shorter than this are not cut in."""

Span = tuple[float, float]
"""A stretch of the timeline, in seconds: (start, end)."""
Reader = Callable[[int, int], Iterable[bytes]]
"""The (corrected) mono s16le PCM from sample ``start`` to sample ``stop``, in chunks."""
Encoder = Callable[[Iterable[bytes], Path], None]
"""Encodes mono s16le PCM into an Ogg Opus file at the path."""


def silences(chunks: Iterable[bytes], rate: int) -> list[tuple[int, int]]:
    """The runs of digital silence of at least :data:`MIN_SILENCE_S`, as (first, stop) samples."""
    shortest = round(MIN_SILENCE_S * rate)
    found: list[tuple[int, int]] = []
    position, run_start, previous = 0, 0, False
    for chunk in chunks:
        zero = np.frombuffer(chunk, dtype="<i2") == 0
        if not len(zero):
            continue
        changes = np.flatnonzero(np.concatenate(([previous], zero[:-1])) != zero)
        for index in changes.tolist():
            if zero[index]:
                run_start = position + index
            elif position + index - run_start >= shortest:
                found.append((run_start, position + index))
        previous = bool(zero[-1])
        position += len(zero)
    if previous and position - run_start >= shortest:
        found.append((run_start, position))
    return found


@dataclass(frozen=True, slots=True)
class Stretch:
    """Samples ``start`` to ``stop`` of the timeline (both on the packet grid), to encode again."""

    start: int
    stop: int


def stretches(
    spans: list[Span], quiet: list[tuple[int, int]], rate: int, total: int
) -> list[Stretch]:
    """The stretches, from silence to silence, that cover ``spans``.

    A stretch starts on a grid point with :data:`PREROLL_S` of silence before it and a packet
    of silence after it (or at the very start), and stops on one with a packet of silence before
    it and :data:`PREROLL_S` after it (or at the very end).
    """
    frame, preroll = round(PACKET_S * rate), round(PREROLL_S * rate)
    starts: list[int] = [0]
    stops: list[int] = [total]
    for first, stop in quiet:
        latest = (stop - frame) // frame * frame  # the last grid point with silence after it
        if latest >= first + preroll:
            starts.append(latest)
        earliest = -(-(first + frame) // frame) * frame  # the first with silence before it
        if earliest + preroll <= stop and earliest < total:
            stops.append(earliest)
    starts, stops = sorted(set(starts)), sorted(set(stops))
    found: list[Stretch] = []
    for span_start, span_end in sorted(spans):
        begin, end = max(0, round(span_start * rate)), min(total, round(span_end * rate))
        # The start (0) and the end (total) are always there: i >= 0, j < len(stops).
        i = bisect.bisect_right(starts, begin) - 1
        j = bisect.bisect_left(stops, end)
        if found and starts[i] <= found[-1].stop:
            found[-1] = Stretch(found[-1].start, max(found[-1].stop, stops[j]))
        else:
            found.append(Stretch(starts[i], stops[j]))
    return found


def _packets(path: Path) -> list[Any]:
    """The packets of a (short) file, held in memory."""
    with av.open(str(path), "r") as container:
        stream = container.streams.audio[0]
        return [packet for packet in container.demux(stream) if packet.size]


def _count(path: Path) -> int:
    """How many packets the file holds, read one at a time."""
    with av.open(str(path), "r") as container:
        stream = container.streams.audio[0]
        return sum(1 for packet in container.demux(stream) if packet.size)


def respliced(
    path: Path, stretches_: list[Stretch], *, read: Reader, encode: Encoder, rate: int, total: int
) -> bool:
    """Encode each stretch again from ``read`` and put its packets in place of ``path``'s.

    False (``path`` untouched) if an encoding does not give the packets the stretch needs.
    """
    frame, preroll = round(PACKET_S * rate), round(PREROLL_S * rate)
    count = _count(path)
    replacements: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory(prefix=".publisher-splice-", dir=path.parent) as scratch:
        for number, stretch in enumerate(stretches_):
            before = min(preroll, stretch.start)
            after = min(preroll, total - stretch.stop)
            part = Path(scratch) / f"{number}.opus"
            encode(read(stretch.start - before, stretch.stop + after), part)
            encoded = _packets(part)
            first, wanted = before // frame, (stretch.stop - stretch.start) // frame
            if stretch.stop == total:  # to the end: as many packets as the file has left
                wanted = count - stretch.start // frame
                if len(encoded) - first != wanted:
                    return False
            kept = encoded[first : first + wanted]
            if len(kept) != wanted:
                return False
            for offset, packet in enumerate(kept):
                replacements[stretch.start // frame + offset] = bytes(packet)
        _rewrite(path, replacements, Path(scratch) / "whole.opus")
    return True


def _rewrite(path: Path, replacements: dict[int, bytes], scratch: Path) -> None:
    """Write ``path`` again with the packets numbered in ``replacements`` replaced (streamed)."""
    with av.open(str(path), "r") as source:
        stream = source.streams.audio[0]
        packets = (packet for packet in source.demux(stream) if packet.size)
        fmt, options = codec.CONTAINERS["opus"]
        with av.open(str(scratch), "w", format=fmt, options=options) as out:
            copy = out.add_stream_from_template(stream)
            for index, old in enumerate(packets):
                packet: Any = old
                if index in replacements:
                    packet = av.Packet(replacements[index])
                    packet.pts, packet.dts = old.pts, old.dts
                    packet.duration, packet.time_base = old.duration, old.time_base
                packet.stream = copy
                out.mux(packet)
    scratch.replace(path)
