"""Spoken script -> narrated audio: MP3 (ID3 chapters), Ogg Opus and WebVTT captions.

``build_audio`` writes ``<stem>.mp3``, ``<stem>.opus`` and ``<stem>.vtt`` into ``out_dir``. Each
file is written under a temporary name in the same folder and renamed into place only once all
of them are complete, so on any error none of them is left behind (nor a temporary file).
Encoded audio is kept in the speech cache under the narration's content key, so a build whose
speech is all cached only re-tags and copies.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import av

from publisher.audio import codec
from publisher.audio.captions import Cue, webvtt
from publisher.audio.narration import Narration, Progress, narrate
from publisher.audio.tags import AudioMetadata, Chapter, tag_mp3, tag_opus
from publisher.errors import PublisherError
from publisher.model import Release
from publisher.render.speech import Script
from publisher.tts.cache import SpeechCache, cache_key, default_cache_dir
from publisher.tts.registry import DEFAULT_ENGINE, get_engine

AUDIO_FORMATS = ("mp3", "opus", "vtt")
MEDIA_TYPES = {"mp3": "audio/mpeg", "opus": "audio/ogg; codecs=opus", "vtt": "text/vtt"}
SUFFIXES = {"mp3": ".mp3", "opus": ".opus", "vtt": ".vtt"}


@dataclass(frozen=True, slots=True)
class AudioOptions:
    """Settings of the audio backend."""

    engine: str = DEFAULT_ENGINE
    """Speech engine name (see ``publisher.tts.registry``)."""
    voice: str | None = None
    """Voice id for the script's language; None picks the engine's voice per language."""
    rate: int | None = None
    """Speaking rate in words per minute; None keeps the engine's default."""
    pitch: int | None = None
    """Voice pitch 0-100; None keeps the engine's default."""
    mp3_bitrate_kbps: int = 32
    """Constant MP3 bitrate: 16, 24, 32, 40, 48, 56 or 64."""
    mp3_quality: int = 7
    """LAME algorithm quality, 0 (best, slowest) to 9 (fastest). 7 skips noise shaping, which
    synthetic speech at 32 kbps hardly needs, and encodes about twice as fast as 5."""
    sample_rate: int = 22050
    """Sample rate of the narration and the MP3: 16000, 22050 or 24000."""
    opus_bitrate_kbps: int = 16
    """Opus bitrate (6-64)."""
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    """Speech cache folder; None synthesizes everything afresh and caches nothing."""
    cover: Path | None = None
    """PNG or JPEG picture embedded in the audio files."""
    formats: tuple[str, ...] = AUDIO_FORMATS
    """Which of mp3, opus and vtt to write."""

    def __post_init__(self) -> None:
        """Reject settings the encoders cannot honour."""
        if self.mp3_bitrate_kbps not in codec.MP3_BITRATES_KBPS:
            raise ValueError(f"mp3 bitrate must be one of {codec.MP3_BITRATES_KBPS} kbps")
        if self.sample_rate not in codec.MP3_SAMPLE_RATES:
            raise ValueError(f"sample rate must be one of {codec.MP3_SAMPLE_RATES} Hz")
        if not 0 <= self.mp3_quality <= 9:
            raise ValueError("mp3 quality must be 0-9")
        if not 6 <= self.opus_bitrate_kbps <= 64:
            raise ValueError("opus bitrate must be 6-64 kbps")
        unknown = set(self.formats) - set(AUDIO_FORMATS)
        if unknown:
            raise ValueError(f"unknown audio formats {sorted(unknown)}; known: {AUDIO_FORMATS}")


@dataclass(frozen=True, slots=True)
class AudioFile:
    """One file ``build_audio`` wrote; usable wherever a path is (``os.fspath``)."""

    path: Path
    format: str
    """mp3, opus or vtt."""
    media_type: str
    lang: str
    duration_s: float
    """Playing time of the narration (the captions cover the same span)."""

    def __fspath__(self) -> str:
        """The file's path."""
        return os.fspath(self.path)


def metadata_for(
    script: Script, release: Release, narration: Narration, cover: Path | None = None
) -> AudioMetadata:
    """Tags for a narration: title, issuer, series, date, full text, one chapter per heading."""
    starts = [(s.utterance.chapter, round(s.start_ms)) for s in narration.segments]
    marked = [(title, start) for title, start in starts if title]
    ends = [start for _, start in marked[1:]] + [round(narration.duration_ms)]
    chapters = tuple(
        Chapter(title, start, end) for (title, start), end in zip(marked, ends, strict=True)
    )
    paragraphs = [
        " ".join(u.written.strip() for u in group)
        for _, group in groupby(script.utterances, key=lambda u: u.block_id)
    ]
    return AudioMetadata(
        title=script.title,
        lang=script.lang,
        issuer=release.issuer_in(script.lang),
        series=release.series,
        date=release.date,
        text="\n\n".join(p for p in paragraphs if p),
        cover=cover,
        chapters=chapters,
    )


def captions_for(narration: Narration) -> str:
    """WebVTT with one cue per utterance: its written text while it is spoken."""
    return webvtt(Cue(s.start_ms, s.end_ms, s.utterance.written) for s in narration.segments)


class _Staged:
    """Temporary files in the output folder, renamed into place together or removed."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder, self.stem = folder, stem
        self.pending: dict[Path, Path] = {}

    def path_for(self, final: Path) -> Path:
        handle, name = tempfile.mkstemp(prefix=f".{self.stem}.", suffix=".part", dir=self.folder)
        os.close(handle)
        path = Path(name)
        path.chmod(0o644)
        self.pending[final] = path
        return path

    def commit(self) -> None:
        for final, temporary in self.pending.items():
            temporary.replace(final)
        self.pending.clear()

    def discard(self) -> None:
        for temporary in self.pending.values():
            temporary.unlink(missing_ok=True)
        self.pending.clear()


def _encoded(
    kind: str, narration: Narration, options: AudioOptions, cache: SpeechCache | None, path: Path
) -> None:
    """Write the narration encoded as ``kind`` to ``path``, reusing a cached encoding."""
    if kind == "mp3":
        settings: tuple[str | int, ...] = (options.mp3_bitrate_kbps, options.mp3_quality)
    else:
        settings = (options.opus_bitrate_kbps,)
    key = cache_key(
        "encoded", kind, av.__version__, codec.LAME_VERSION_TAG, narration.key, *settings
    )
    cached = cache.get_bytes(key, SUFFIXES[kind]) if cache is not None else None
    if cached is not None:
        path.write_bytes(cached)
        return
    if kind == "mp3":
        codec.encode_mp3(
            narration.pcm,
            narration.sample_rate,
            path,
            bitrate_kbps=options.mp3_bitrate_kbps,
            quality=options.mp3_quality,
        )
    else:
        codec.encode_opus(
            narration.pcm, narration.sample_rate, path, bitrate_kbps=options.opus_bitrate_kbps
        )
    if cache is not None:
        cache.put_bytes(key, SUFFIXES[kind], path.read_bytes())


def _speech_cache(options: AudioOptions) -> SpeechCache | None:
    return SpeechCache(options.cache_dir) if options.cache_dir is not None else None


def narrate_script(
    script: Script, options: AudioOptions, *, progress: Progress | None = None
) -> Narration:
    """``script`` spoken by the options' engine and voice, through their speech cache."""
    settings = {
        k: v for k, v in (("rate", options.rate), ("pitch", options.pitch)) if v is not None
    }
    return narrate(
        script,
        get_engine(options.engine, **settings),
        voice=options.voice,
        cache=_speech_cache(options),
        sample_rate=options.sample_rate,
        progress=progress,
    )


def build_audio(
    script: Script,
    release: Release,
    out_dir: Path,
    stem: str,
    options: AudioOptions,
    *,
    progress: Progress | None = None,
    narration: Narration | None = None,
) -> list[AudioFile]:
    """Narrate ``script`` and write ``<stem>.mp3``, ``.opus`` and ``.vtt`` into ``out_dir``.

    ``narration``, when given, is ``script`` already narrated with these options (by
    :func:`narrate_script`), and is used instead of narrating it again. ``progress`` is told
    (utterances done, utterances in all) during synthesis. Raises EngineUnavailable or
    SynthesisError when speech fails, PublisherError when writing fails; either way no output
    file is left behind.
    """
    cache = _speech_cache(options)
    if narration is None:
        narration = narrate_script(script, options, progress=progress)
    meta = metadata_for(script, release, narration, options.cover)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = _Staged(out_dir, stem)
    finals = {kind: out_dir / f"{stem}{SUFFIXES[kind]}" for kind in options.formats}
    try:
        audio = [kind for kind in ("mp3", "opus") if kind in finals]
        paths = {kind: staged.path_for(finals[kind]) for kind in audio}
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(_encoded, k, narration, options, cache, paths[k]) for k in audio]
            for job in jobs:
                job.result()
        if "mp3" in paths:
            tag_mp3(paths["mp3"], meta)
        if "opus" in paths:
            tag_opus(paths["opus"], meta)
        if "vtt" in finals:
            staged.path_for(finals["vtt"]).write_text(captions_for(narration), encoding="utf-8")
        staged.commit()
    except PublisherError:
        raise
    except Exception as exc:  # an encoder or the file system: explained, nothing left behind
        raise PublisherError(f"writing the {script.lang} audio failed: {exc}") from exc
    finally:
        staged.discard()
    duration = narration.duration_ms / 1000
    return [
        AudioFile(path, kind, MEDIA_TYPES[kind], script.lang, duration)
        for kind, path in finals.items()
    ]
