"""The broadcast file: WAV for radio, 48 kHz 16-bit mono at EBU R128 loudness.

``<slug>.<lang>.broadcast.wav`` is the edition's narration (the same one the MP3 holds),
resampled to 48 kHz and normalised to -23 LUFS with true peak at most -1 dBTP
(:data:`publisher.audio.loudness.BROADCAST`), in a Broadcast Wave file: a ``bext`` chunk with
the title as description and the issuer as originator, and a RIFF ``INFO`` title (``INAM``).
Uncompressed, so its loudness is exactly the PCM's.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import av

from publisher.audio import codec, loudness
from publisher.errors import PublisherError
from publisher.formats import FORMATS
from publisher.tasks.job import Job, Output

SAMPLE_RATE = 48000
"""Broadcast's sample rate."""
BEXT_TEXT = 256
"""Bytes of the ``bext`` description field."""


def _fit_bytes(text: str, size: int) -> str:
    """``text`` cut to at most ``size`` bytes of UTF-8, at a character boundary."""
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def encode_wav(pcm: Iterable[bytes], path: Path, title: str, originator: str, date: str) -> None:
    """Write 48 kHz s16le mono ``pcm`` as Broadcast Wave with a title, reproducibly."""
    options = {"fflags": "+bitexact", "write_bext": "1"}
    with av.open(str(path), "w", format="wav", options=options) as container:
        container.metadata["title"] = title
        container.metadata["description"] = _fit_bytes(title, BEXT_TEXT)
        if originator:
            container.metadata["originator"] = _fit_bytes(originator, 32)
        if date:
            container.metadata["origination_date"] = date
        stream = container.add_stream("pcm_s16le", rate=SAMPLE_RATE, layout="mono")
        codec.write_frames(container, stream, codec.frames(pcm, SAMPLE_RATE))


def write_broadcast(job: Job) -> list[Output]:
    """The edition's broadcast WAV, ``<stem>.broadcast.wav``."""
    (edition,) = job.editions
    descriptor = FORMATS["broadcast"]
    name = f"{job.stem}{descriptor.suffix}"
    path = job.staging.path(name)
    narration = job.context.narration(edition)
    title = job.context.script(edition).title
    originator = job.release.issuer_in(edition.lang)
    date = job.release.date.isoformat() if job.release.date else ""
    target = loudness.BROADCAST
    level = loudness.normalise(
        narration.audio.chunks, narration.sample_rate, target, out_rate=SAMPLE_RATE
    )
    try:
        loudness.fit(
            lambda pcm, out: encode_wav(pcm, out, title, originator, date),
            level,
            SAMPLE_RATE,
            target,
            path,
        )
    except ValueError as exc:
        raise PublisherError(f"the {edition.lang} broadcast WAV: {exc}") from exc
    finally:
        level.close()
    duration = narration.duration_ms / 1000
    return [Output(name, descriptor.name, descriptor.media_type, job.langs, duration)]
