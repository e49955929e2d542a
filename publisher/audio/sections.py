"""A narration encoded section by section, each section kept in the speech cache, then joined.

A narration made on a grid (:func:`publisher.audio.options.section_grid`) is cut into sections
that start on it, in the middle of pauses (:class:`publisher.speech.narration.Section`). Each
section is normalised to the loudness target on its own, encoded with :data:`PREROLL_STEPS`
grid steps of its silence before and after it (then dropped), checked against the target as a
whole file would be (:func:`publisher.audio.loudness.fit`), and cached under its own content
key. The published file is the sections' packets in order, muxed once: MP3 frames (encoded
without the bit reservoir, so each frame stands alone) and Opus packets both start on the grid,
and the decoder passes from one section to the next in silence. An edit to one paragraph thus
encodes one section again, whatever the length of the narration.

Each section lands within the target's tolerance, so the whole does too; every section's true
peak is under the ceiling, and the joins are in digital silence.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from publisher.audio import codec, loudness
from publisher.audio.options import MP3_FRAME_SAMPLES, OPUS_PACKET_S, AudioOptions, section_grid
from publisher.interrupts import check
from publisher.speech.engines.cache import SpeechCache, cache_key
from publisher.speech.narration import Narration, Section

__all__ = ["Levels", "encode_sections"]

PREROLL_STEPS = 2
"""Grid steps of silence encoded before and after a section (within its pauses), then dropped."""

SectionEncoder = Callable[[Any, Path], None]
"""Encodes mono s16le PCM chunks into the file at the path (as the writer's encoders do)."""


class Levels:
    """Each section's PCM at the loudness target, made once on first use (by either encoder)."""

    def __init__(self, narration: Narration, options: AudioOptions) -> None:
        """Nothing is computed until :meth:`pcm` is called."""
        self.narration, self.options = narration, options
        self.grid = section_grid(narration.sample_rate) or 0
        self.sections = narration.sections or (Section(0, narration.samples, narration.key),)
        """The narration's sections (one, all of it, for a narration that was not cut)."""
        self._locks = [threading.Lock() for _ in self.sections]
        self._made: dict[int, loudness.PcmFile] = {}

    def padding(self, index: int) -> tuple[int, int]:
        """Samples of silence before and after section ``index`` in its encoding."""
        steps = PREROLL_STEPS * self.grid
        last = len(self.sections) - 1
        return (0 if index == 0 else steps), (0 if index == last else steps)

    def chunks(self, index: int) -> Iterator[bytes]:
        """Section ``index`` as synthesized, with its padding."""
        section = self.sections[index]
        before, after = self.padding(index)
        yield bytes(2 * before)
        yield from self.narration.audio.span(section.start, section.stop)
        yield bytes(2 * after)

    def pcm(self, index: int) -> loudness.PcmFile:
        """Section ``index``, padded, normalised to the options' target."""
        assert self.options.loudness is not None
        with self._locks[index]:
            if index not in self._made:
                self._made[index] = loudness.normalise(
                    lambda: self.chunks(index),
                    self.narration.sample_rate,
                    self.options.loudness,
                    headroom_db=loudness.CODEC_HEADROOM_DB,
                    lift_lu=loudness.CODEC_LOSS_LU,
                )
            return self._made[index]

    def close(self) -> None:
        """Remove the normalised sections' files."""
        for made in self._made.values():
            made.close()
        self._made.clear()


@dataclass(frozen=True, slots=True)
class _Part:
    path: Path
    first: int
    """Index of the first packet of the section itself."""
    count: int | None
    """How many packets are the section's (None: all from ``first`` on, the last section)."""


def packet_samples(kind: str, sample_rate: int) -> int:
    """Samples of the narration in one MP3 frame or one Opus packet."""
    return MP3_FRAME_SAMPLES if kind == "mp3" else round(OPUS_PACKET_S * sample_rate)


def encode_sections(
    kind: str,
    levels: Levels,
    encode: SectionEncoder,
    *,
    key: str,
    cache: SpeechCache | None,
    path: Path,
) -> None:
    """Write the narration encoded as ``kind`` to ``path``, section by section, then joined.

    ``key`` names the encoding (codec, settings, loudness); with it, each section's own key
    names its cached encoding. A section found in ``cache`` is not encoded again; one encoded
    afresh must play for as long as it lasts (else ValueError, and it is not cached).
    """
    narration = levels.narration
    suffix = f".{kind}"
    frame = packet_samples(kind, narration.sample_rate)
    parts: list[_Part] = []
    with tempfile.TemporaryDirectory(prefix=".publisher-sections-", dir=path.parent) as scratch:
        for index, section in enumerate(levels.sections):
            check()
            before, after = levels.padding(index)
            part = Path(scratch) / f"{index}{suffix}"
            entry = cache_key("section-encoded", key, section.key, before, after)
            if cache is None or not cache.get_file(entry, suffix, part):
                seconds = _encode_one(kind, levels, index, encode, part)
                expected = (before + section.stop - section.start + after) / narration.sample_rate
                _check_length(seconds, expected, index, len(levels.sections))
                if cache is not None:
                    cache.put_file(entry, suffix, part)
            count = None if after == 0 else (section.stop - section.start) // frame
            parts.append(_Part(part, before // frame, count))
        join(kind, parts, path)


def _encode_one(
    kind: str, levels: Levels, index: int, encode: SectionEncoder, path: Path
) -> float | None:
    """Encode section ``index`` to ``path``; how long the file plays (None: it does not decode)."""
    target = levels.options.loudness
    if target is None:
        encode(levels.chunks(index), path)
        return codec.playing_time(path)
    rate = levels.narration.sample_rate
    level = levels.pcm(index)
    return loudness.fit(encode, level, rate, target, path, in_stretches=kind == "opus").length_s


def _check_length(seconds: float | None, expected: float, index: int, sections: int) -> None:
    """Raise ValueError unless an encoded section plays for as long as it lasts."""
    if not codec.plays(seconds, expected):
        heard = "does not decode" if seconds is None else f"plays {seconds:.3f} s"
        raise ValueError(
            f"section {index + 1} of {sections} {heard}; it lasts {expected:.3f} s: "
            "nothing was published"
        )


def _packets(path: Path, first: int, count: int | None) -> Iterator[Any]:
    with av.open(str(path), "r") as container:
        stream = container.streams.audio[0]
        packets = (packet for packet in container.demux(stream) if packet.size)
        for index, packet in enumerate(packets):
            if index < first:
                continue
            if count is not None and index >= first + count:
                return
            yield packet


def join(kind: str, parts: list[_Part], path: Path) -> None:
    """Mux the sections' own packets, in order, into one file at ``path``.

    Timestamps run on from one section to the next; the side data that tells the decoder the
    encoder's delay (on the very first packet) and padding (on the very last) comes along.
    """
    fmt, options = codec.CONTAINERS[kind]
    with av.open(str(parts[0].path), "r") as first:
        template = first.streams.audio[0]
        with av.open(str(path), "w", format=fmt, options=options) as out:
            stream = out.add_stream_from_template(template)
            if kind == "mp3":
                stream.metadata["encoder"] = codec.LAME_VERSION_TAG
            pts: int | None = None
            for part in parts:
                check()
                for old in _packets(part.path, part.first, part.count):
                    packet = av.Packet(bytes(old))
                    for side in old.iter_sidedata():
                        packet.set_sidedata(side)
                    pts = old.pts if pts is None else pts
                    packet.pts = packet.dts = pts
                    packet.duration, packet.time_base = old.duration, old.time_base
                    pts += old.duration
                    packet.stream = stream
                    out.mux(packet)
