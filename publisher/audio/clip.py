"""The short clip: title and summary (or lede) as a voice note, for forwarding in messaging apps.

``<slug>.<lang>.clip.opus`` says the head of the edition and its summary, or its first paragraph
when the source gives no summary (:func:`publisher.speech.script.clip_script`), through the
build's voice and speech cache (the lede's sentences are those of the full narration, so they
are not synthesized twice). It lasts at most :data:`MAX_CLIP_S`: whole sentences are dropped
from the end until it fits, and a first sentence longer than that is cut at the last word that
starts in time. Normalised like the narration (-16 LUFS, true peak at most -1 dBTP), and kept
encoded in the speech cache: a build whose clip says what it said before only tags it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av

from publisher.audio import codec, loudness, pcm
from publisher.audio.options import AudioOptions, Target
from publisher.audio.tags import AudioMetadata, tag_opus
from publisher.audio.writer import (
    Encoding,
    encoder,
    narrate_script,
    publish_cached,
    warn_damage,
)
from publisher.errors import PublisherError
from publisher.formats import FORMATS
from publisher.speech.engines.cache import SpeechCache, cache_key
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
    options = job.options.audio
    cache = SpeechCache(options.cache_dir) if options.cache_dir is not None else None
    narration = narrate_script(script, options, warn=job.warn)
    try:
        samples = clip_samples(narration)
        meta = _metadata(job, script.title, edition.lang)
        encoding = Encoding(
            key=_key(narration, samples, options),
            suffix=".opus",
            seconds=samples / narration.sample_rate,
            name=f"the {edition.lang} clip",
            source="its speech",
            encode=lambda out: _encode(narration, samples, options, out),
            tag=lambda out: tag_opus(out, meta),
        )
        seconds = publish_cached(encoding, cache, path)
    except ValueError as exc:
        raise PublisherError(f"the {edition.lang} clip: {exc}") from exc
    finally:
        narration.audio.close()
        warn_damage(cache, job.warn)
    return [Output(name, descriptor.name, descriptor.media_type, job.langs, round(seconds, 3))]


def _target(options: AudioOptions) -> Target:
    """The clip's loudness: the narration's, or the podcast target when that is left as is."""
    return options.loudness or loudness.PODCAST


def _key(narration: Narration, samples: int, options: AudioOptions) -> str:
    """The cache key of the clip's encoding: its speech, its length, the loudness, the codec."""
    settings = (options.opus_bitrate_kbps, codec.OPUS_COMPLEXITY)
    level = _target(options).key(loudness.VERSION)
    return cache_key("clip", av.__version__, narration.key, samples, level, *settings)


def _encode(narration: Narration, samples: int, options: AudioOptions, path: Path) -> None:
    """The first ``samples`` of ``narration`` at the clip's loudness, encoded to ``path``."""
    rate, target = narration.sample_rate, _target(options)
    level = loudness.normalise(
        lambda: _head(narration, samples),
        rate,
        target,
        headroom_db=loudness.CODEC_HEADROOM_DB,
        lift_lu=loudness.CODEC_LOSS_LU,
    )
    try:
        opus = encoder("opus", rate, options)
        loudness.fit(opus, level, rate, target, path, in_stretches=True)
    finally:
        level.close()


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
