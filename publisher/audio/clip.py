"""The short clip: title and summary (or lede) as a voice note, for forwarding in messaging apps.

``<slug>.<lang>.clip.opus`` says the head of the edition and its summary, or its first paragraph
when the source gives no summary (:func:`publisher.speech.script.clip_script`), through the
build's voice and speech cache (the lede's sentences are those of the full narration, so they
are not synthesized twice). It lasts at most :data:`MAX_CLIP_S`: whole sentences are dropped
from the end until it fits, and a first sentence longer than that is cut at the last word that
starts in time. Normalised like the narration (-16 LUFS, true peak at most -1 dBTP).
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.audio import codec, loudness, pcm
from publisher.audio.tags import AudioMetadata, tag_opus
from publisher.audio.writer import encoder, narrate_script
from publisher.errors import PublisherError
from publisher.formats import FORMATS
from publisher.speech.narration import Narration
from publisher.speech.script import clip_script
from publisher.tasks.job import Job, Output

MAX_CLIP_S = 60.0
"""The longest a clip may play."""
TAIL_MS = 500
"""Silence kept after the last sentence."""


def clip_samples(narration: Narration, limit_s: float = MAX_CLIP_S) -> int:
    """How many samples of ``narration`` the clip keeps: whole sentences within ``limit_s``."""
    rate = narration.sample_rate
    limit = pcm.samples_for(limit_s * 1000, rate)
    tail = pcm.samples_for(TAIL_MS, rate)
    ends = [s.end + tail for s in narration.segments if s.end + tail <= limit]
    if ends:
        return min(max(ends), narration.samples)
    words = [m.sample for s in narration.segments for m in s.marks if m.kind == "word"]
    fitting = [sample for sample in words if 0 < sample <= limit]
    return max(fitting) if fitting else min(limit, narration.samples)


def _head(narration: Narration, samples: int) -> Iterator[bytes]:
    left = 2 * samples
    for chunk in narration.audio.chunks():
        if left <= 0:
            return
        yield chunk[:left]
        left -= len(chunk)


def write_clip(job: Job) -> list[Output]:
    """The edition's clip, ``<stem>.clip.opus``."""
    (edition,) = job.editions
    descriptor = FORMATS["clip"]
    name = f"{job.stem}{descriptor.suffix}"
    path = job.staging.path(name)
    script = clip_script(job.release, edition)
    narration = narrate_script(script, job.options.audio, warn=job.warn)
    try:
        samples = clip_samples(narration)
        rate = narration.sample_rate
        target = job.options.audio.loudness or loudness.PODCAST
        level = loudness.normalise(
            lambda: _head(narration, samples),
            rate,
            target,
            headroom_db=loudness.CODEC_HEADROOM_DB,
            lift_lu=loudness.CODEC_LOSS_LU,
        )
        try:
            loudness.fit(encoder("opus", rate, job.options.audio), level, rate, target, path)
        finally:
            level.close()
        tag_opus(path, _metadata(job, script.title, edition.lang))
    except ValueError as exc:
        raise PublisherError(f"the {edition.lang} clip: {exc}") from exc
    finally:
        narration.audio.close()
    seconds = codec.playing_time(path)
    if seconds is None:
        raise PublisherError(f"the {edition.lang} clip does not decode: nothing was published")
    return [Output(name, descriptor.name, descriptor.media_type, job.langs, round(seconds, 3))]


def _metadata(job: Job, title: str, lang: str) -> AudioMetadata:
    release = job.release
    return AudioMetadata(
        title=title,
        lang=lang,
        issuer=release.issuer_in(lang),
        series=release.series,
        date=release.date,
        cover=job.options.audio.cover,
    )
