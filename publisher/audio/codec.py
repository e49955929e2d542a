"""Encoding and decoding through FFmpeg (PyAV): MP3 with a LAME/Info header, Ogg Opus, any input.

Outputs are reproducible: containers and codecs run bit-exact (no library version strings, Ogg
serial numbers from the stream index), so identical PCM gives identical bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import av

from publisher.audio.options import MP3_BITRATES_KBPS, MP3_SAMPLE_RATES
from publisher.interrupts import check

__all__ = ["MP3_BITRATES_KBPS", "MP3_SAMPLE_RATES", "decode", "encode_mp3", "encode_opus"]

OPUS_COMPLEXITY = 10
"""libopus's default: at 5, SILK at 16 kbps now and then rings to +4 dBTP on speech peaking at
-5 dBTP, which no loudness normalisation can prevent."""
OPUS_SAMPLE_RATE = 16000
"""Opus input rate: wideband, all that 16 kbps speech keeps."""
LAME_VERSION_TAG = "LAME3.100"
"""Encoder field of the Info header. Readers (mutagen, FFmpeg, players) honour the encoder delay
and padding stored after it only behind a LAME version string, and the encoder is libmp3lame."""

_BITEXACT = {"fflags": "+bitexact"}
CONTAINERS = {
    "mp3": ("mp3", {**_BITEXACT, "id3v2_version": "0", "write_id3v1": "0", "write_xing": "1"}),
    "opus": ("ogg", _BITEXACT),
}
"""The container format and muxer options each encoding is written with (also when remuxed)."""
PLAYING_TIME_TOLERANCE_S = 0.02
"""How far an encoded file's playing time may be from its PCM's length (about one frame)."""


def plays(seconds: float | None, expected: float) -> bool:
    """Whether a file that plays ``seconds`` (None: does not decode) lasts ``expected``."""
    return seconds is not None and abs(seconds - expected) <= PLAYING_TIME_TOLERANCE_S


_FRAME_SAMPLES = 16384


Pcm = bytes | Iterable[bytes]
"""Mono s16le PCM: in one piece, or as consecutive chunks (streamed from a file)."""


def blocks(pcm: Pcm, size: int) -> Iterator[bytes]:
    """``pcm`` cut into blocks of ``size`` bytes (the last may be shorter), whatever its chunks."""
    if isinstance(pcm, bytes | bytearray | memoryview):
        view = memoryview(pcm)
        for start in range(0, len(view), size):
            yield bytes(view[start : start + size])
        return
    pending = bytearray()
    for chunk in pcm:
        pending += chunk
        while len(pending) >= size:
            yield bytes(pending[:size])
            del pending[:size]
    if pending:
        yield bytes(pending)


def frames(pcm: Pcm, sample_rate: int) -> Iterator[av.AudioFrame]:
    """PCM as PyAV frames with running timestamps."""
    start = 0
    for block in blocks(pcm, 2 * _FRAME_SAMPLES):
        check()  # every frame a stopped build's encoder may leave at
        chunk = block[: len(block) // 2 * 2]
        if not chunk:
            continue
        frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
        frame.planes[0].update(chunk)
        frame.sample_rate = sample_rate
        frame.pts = start
        start += len(chunk) // 2
        yield frame


def write_frames(container: Any, stream: Any, frames: Iterator[av.AudioFrame]) -> None:
    """Encode ``frames`` into ``stream`` and mux them, then flush the encoder."""
    for frame in frames:
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)


def encode_mp3(
    pcm: Pcm, sample_rate: int, path: Path, *, bitrate_kbps: int = 32, quality: int = 5
) -> None:
    """Write CBR mono MP3 to ``path`` (a seekable file) with an Info header giving its length.

    ``quality`` is LAME's algorithm quality, 0 (best, slowest) to 9 (fastest). No ID3 tag is
    written; tags are added afterwards. Without the bit reservoir every frame holds its own
    data, so frames of files encoded apart can be joined (:mod:`publisher.audio.sections`).
    """
    if bitrate_kbps not in MP3_BITRATES_KBPS:
        raise ValueError(f"MP3 bitrate must be one of {MP3_BITRATES_KBPS} kbps")
    fmt, options = CONTAINERS["mp3"]
    with av.open(str(path), "w", format=fmt, options=options) as container:
        stream = container.add_stream(
            "libmp3lame",
            rate=sample_rate,
            layout="mono",
            options={"flags": "+bitexact", "compression_level": str(quality), "reservoir": "0"},
        )
        stream.bit_rate = bitrate_kbps * 1000
        stream.format = "s16p"
        stream.metadata["encoder"] = LAME_VERSION_TAG
        write_frames(container, stream, frames(pcm, sample_rate))


def encode_opus(pcm: Pcm, sample_rate: int, path: Path, *, bitrate_kbps: int = 16) -> None:
    """Write mono Ogg Opus for speech (application voip) to ``path``; no tags."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_SAMPLE_RATE)
    fmt, options = CONTAINERS["opus"]
    with av.open(str(path), "w", format=fmt, options=options) as container:
        stream = container.add_stream(
            "libopus",
            rate=OPUS_SAMPLE_RATE,
            layout="mono",
            options={
                "flags": "+bitexact",
                "application": "voip",
                "compression_level": str(OPUS_COMPLEXITY),
            },
        )
        stream.bit_rate = bitrate_kbps * 1000

        def resampled() -> Iterator[av.AudioFrame]:
            for frame in frames(pcm, sample_rate):
                yield from resampler.resample(frame)
            yield from resampler.resample(None)

        write_frames(container, stream, resampled())


def _pcm_of(frames: Iterator[av.AudioFrame]) -> bytes:
    return b"".join(bytes(frame.planes[0])[: frame.samples * 2] for frame in frames)


def decode(data: bytes, sample_rate: int) -> bytes:
    """Decode any audio FFmpeg reads (MP3, Ogg, WAV, ...) to mono PCM at ``sample_rate``."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
    with av.open(io.BytesIO(data), "r") as container:
        stream = container.streams.audio[0]

        def resampled() -> Iterator[av.AudioFrame]:
            for frame in container.decode(stream):
                yield from resampler.resample(frame)
            yield from resampler.resample(None)

        return _pcm_of(resampled())


def resample(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """Mono PCM at ``from_rate`` converted to ``to_rate``."""
    if from_rate == to_rate:
        return pcm
    resampler = av.AudioResampler(format="s16", layout="mono", rate=to_rate)

    def resampled() -> Iterator[av.AudioFrame]:
        for frame in frames(pcm, from_rate):
            yield from resampler.resample(frame)
        yield from resampler.resample(None)

    return _pcm_of(resampled())


def playing_time(path: Path) -> float | None:
    """Seconds of audio the MP3 or Ogg Opus file ``path`` plays; None if it does not read.

    MP3 is decoded in full (a damaged frame fails the decoder; the Info header's encoder delay
    and padding are honoured). Ogg Opus is only demuxed: every page's checksum is verified, so a
    damaged page is dropped and shortens the total, which is the packets' durations less the
    pre-skip. Either way a truncated file plays for less than it should.
    """
    try:
        with av.open(str(path), "r") as container:
            stream = container.streams.audio[0]
            if stream.codec_context.name == "opus":
                ticks = sum(p.duration or 0 for p in container.demux(stream) if p.size)
                skip = stream.codec_context.delay or 0
                return float((ticks - skip) * stream.time_base) if stream.time_base else None
            samples, rate = 0, stream.codec_context.sample_rate
            for frame in container.decode(stream):
                check()
                samples += frame.samples
            return samples / rate if rate else None
    except (av.error.FFmpegError, IndexError, OSError, ValueError):
        return None
