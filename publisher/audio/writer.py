"""Spoken script -> narrated audio: MP3 (ID3 chapters), Ogg Opus and WebVTT captions.

``build_audio`` writes ``<stem>.mp3``, ``<stem>.opus`` and ``<stem>.vtt`` into ``out_dir``. Each
file is written under a temporary name in the same folder and renamed into place only once all
of them are complete, so on any error none of them is left behind (nor a temporary file).
The narration is encoded section by section, each section normalised to the loudness target
(:mod:`publisher.audio.loudness`: -16 LUFS, true peak at most -1 dBTP, measured on the encoded
file) and kept in the speech cache on its own (:mod:`publisher.audio.sections`): a build whose
speech is all cached only joins, tags and copies, and an edit encodes its own section again.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path

import av

from publisher.audio import codec, loudness, pcm, sections
from publisher.audio.captions import Sentence, captions, webvtt
from publisher.audio.options import AUDIO_FORMATS, AudioOptions, section_grid
from publisher.audio.tags import AudioMetadata, Chapter, tag_mp3, tag_opus
from publisher.audio.tags import check as check_tags
from publisher.errors import PublisherError
from publisher.interrupts import side_by_side
from publisher.model import Release
from publisher.speech.engines.cache import SpeechCache, cache_key
from publisher.speech.engines.registry import get_engine
from publisher.speech.narration import Narration, Progress, narrate
from publisher.speech.script import Script

__all__ = ["AUDIO_FORMATS", "AudioFile", "AudioOptions", "build_audio"]

MEDIA_TYPES = {"mp3": "audio/mpeg", "opus": "audio/ogg; codecs=opus", "vtt": "text/vtt"}
SUFFIXES = {"mp3": ".mp3", "opus": ".opus", "vtt": ".vtt"}


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
    return AudioMetadata(
        title=script.title,
        lang=script.lang,
        issuer=release.issuer_in(script.lang),
        series=release.series,
        date=release.date,
        text=_full_text(script),
        cover=cover,
        chapters=chapters,
    )


def _full_text(script: Script) -> str:
    """The written text, one paragraph per block."""
    paragraphs = [
        " ".join(u.written.strip() for u in group)
        for _, group in groupby(script.utterances, key=lambda u: u.block_id)
    ]
    return "\n\n".join(p for p in paragraphs if p)


def sentences_of(narration: Narration) -> list[Sentence]:
    """Each utterance's written text with the times its spoken words start (where reported)."""
    return [
        Sentence(
            s.utterance.written,
            s.utterance.spoken,
            s.start_ms,
            s.end_ms,
            [(m.start, pcm.ms_for(m.sample, s.sample_rate)) for m in s.marks if m.kind == "word"],
        )
        for s in narration.segments
    ]


def captions_for(narration: Narration) -> str:
    """WebVTT captions: short cues cut between words, timed by the engine's word marks."""
    return webvtt(captions(sentences_of(narration)))


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


Warn = Callable[[str], None]
"""Called with a message for the user that does not stop the build."""

_LOG = logging.getLogger("publisher.audio")


def warn_damage(cache: SpeechCache | None, warn: Warn | None) -> None:
    """Tell the user once about damaged cache entries (rebuilt) and a cache not written to."""
    for report in cache.reports() if cache is not None else ():
        if warn is not None:
            warn(report)
        else:
            _LOG.warning("warning: %s", report)


def _encoding_key(kind: str, options: AudioOptions) -> str:
    """Names the encoding as ``kind`` with the options' settings (each section adds its key)."""
    if kind == "mp3":
        settings: tuple[str | int, ...] = (options.mp3_bitrate_kbps, options.mp3_quality)
    else:
        settings = (options.opus_bitrate_kbps, codec.OPUS_COMPLEXITY)
    level = (
        options.loudness.key(loudness.VERSION) if options.loudness is not None else "as-synthesized"
    )
    return cache_key("encoded", kind, av.__version__, codec.LAME_VERSION_TAG, level, *settings)


def encoder(kind: str, sample_rate: int, options: AudioOptions) -> loudness.Encoder:
    """Encodes PCM at ``sample_rate`` as ``kind`` (mp3 or opus) with the options' settings."""
    if kind == "mp3":
        return lambda pcm, path: codec.encode_mp3(
            pcm,
            sample_rate,
            path,
            bitrate_kbps=options.mp3_bitrate_kbps,
            quality=options.mp3_quality,
        )
    return lambda pcm, path: codec.encode_opus(
        pcm, sample_rate, path, bitrate_kbps=options.opus_bitrate_kbps
    )


def _encode(kind: str, levels: sections.Levels, cache: SpeechCache | None, path: Path) -> None:
    narration, options = levels.narration, levels.options
    try:
        sections.encode_sections(
            kind,
            levels,
            encoder(kind, narration.sample_rate, options),
            key=_encoding_key(kind, options),
            cache=cache,
            path=path,
        )
    except ValueError as exc:
        raise PublisherError(f"the {narration.lang} {kind.upper()}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Encoding:
    """One encoded audio file to publish through the speech cache."""

    key: str
    """Its speech cache key (the untagged encoding is stored)."""
    suffix: str
    seconds: float
    """How long it must play."""
    name: str
    """What messages call it (``the es MP3``)."""
    source: str
    """What messages call what it encodes (``the narration``)."""
    encode: Callable[[Path], None]
    """Writes the untagged encoding to the path."""
    tag: Callable[[Path], None]
    """Tags the file at the path in place."""


def publish_cached(encoding: Encoding, cache: SpeechCache | None, path: Path) -> float:
    """Write ``encoding``, tagged, to ``path``, checked to play in full; its playing time.

    A cached encoding is reused when its entry verifies and, once tagged, it plays for as long as
    it should; otherwise it is a damaged entry: encoded afresh and replaced. A fresh encoding
    that does not play in full is an error (nothing is published), and is not cached.
    """
    if cache is not None and cache.get_file(encoding.key, encoding.suffix, path):
        encoding.tag(path)
        seconds = codec.playing_time(path)
        if seconds is not None and codec.plays(seconds, encoding.seconds):
            return seconds
        cache.reject(encoding.key, encoding.suffix)
    encoding.encode(path)
    untagged = path.with_name(f"{path.name}.untagged")
    try:
        if cache is not None:
            shutil.copyfile(path, untagged)
        encoding.tag(path)
        seconds = codec.playing_time(path)
        if seconds is None or not codec.plays(seconds, encoding.seconds):
            heard = "does not decode" if seconds is None else f"plays {seconds:.3f} s"
            raise PublisherError(
                f"{encoding.name} {heard}; {encoding.source} lasts {encoding.seconds:.3f} s: "
                "nothing was published"
            )
        if cache is not None:
            cache.put_file(encoding.key, encoding.suffix, untagged)
        return seconds
    finally:
        untagged.unlink(missing_ok=True)


def _publishable(
    kind: str,
    levels: sections.Levels,
    *,
    cache: SpeechCache | None,
    path: Path,
    meta: AudioMetadata,
) -> None:
    """Write the narration encoded as ``kind``, tagged, to ``path`` (:func:`publish_cached`)."""
    narration, options = levels.narration, levels.options
    tag = tag_mp3 if kind == "mp3" else tag_opus
    encoding = Encoding(
        key=_encoding_key(kind, options),
        suffix=SUFFIXES[kind],
        seconds=narration.duration_ms / 1000,
        name=f"the {narration.lang} {kind.upper()}",
        source="the narration",
        encode=lambda out: _encode(kind, levels, cache, out),
        tag=lambda out: tag(out, meta),
    )
    publish_cached(encoding, None, path)  # its sections are cached, and joining them is cheap


def _speech_cache(options: AudioOptions) -> SpeechCache | None:
    return SpeechCache(options.cache_dir) if options.cache_dir is not None else None


def planned_metadata(
    script: Script, release: Release | None, cover: Path | None = None
) -> AudioMetadata:
    """The tags of ``script``'s audio as planned before synthesis (chapter times placeholders)."""
    titles = [u.chapter for u in script.utterances if u.chapter]
    return AudioMetadata(
        title=script.title,
        lang=script.lang,
        issuer=release.issuer_in(script.lang) if release is not None else "",
        series=release.series if release is not None else None,
        date=release.date if release is not None else None,
        text=_full_text(script),
        cover=cover,
        chapters=tuple(Chapter(t, n, n + 1) for n, t in enumerate(titles)),
    )


def check_script(script: Script, options: AudioOptions, release: Release | None = None) -> None:
    """Raise PublisherError now if the audio of ``script`` could not be tagged after synthesis."""
    try:
        check_tags(planned_metadata(script, release, options.cover))
    except (ValueError, OSError, UnicodeError, OverflowError) as exc:
        raise PublisherError(f"the {script.lang} audio cannot be tagged: {exc}") from exc


def narrate_script(
    script: Script,
    options: AudioOptions,
    *,
    progress: Progress | None = None,
    warn: Warn | None = None,
) -> Narration:
    """``script`` spoken by the options' engine and voice, through their speech cache.

    Checks first that the audio can be tagged (see :func:`check_script`). Damaged cache entries
    are rebuilt; ``warn`` is told once about them (without it, the ``publisher.audio`` logger).
    """
    check_script(script, options)
    cache = _speech_cache(options)
    narration = _narrate(script, options, cache, progress, warn)
    warn_damage(cache, warn)
    return narration


def _narrate(
    script: Script,
    options: AudioOptions,
    cache: SpeechCache | None,
    progress: Progress | None,
    warn: Warn | None,
) -> Narration:
    return narrate(
        script,
        get_engine(options.engine, options.engine_settings),
        voice=options.voice,
        cache=cache,
        sample_rate=options.sample_rate,
        progress=progress,
        warn=warn,
        grid=section_grid(options.sample_rate),
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
    warn: Warn | None = None,
) -> list[AudioFile]:
    """Narrate ``script`` and write ``<stem>.mp3``, ``.opus`` and ``.vtt`` into ``out_dir``.

    ``narration``, when given, is ``script`` already narrated with these options (by
    :func:`narrate_script`), and is used instead of narrating it again. ``progress`` is told
    (utterances done, utterances in all) during synthesis. What can be checked before synthesis
    is (the tags, chapters and cover). Each MP3 and Opus file is decoded before it is published
    and must play for as long as the narration. Damaged speech cache entries are rebuilt and
    replaced, and ``warn`` is told once about them (without it, the ``publisher.audio``
    logger). Raises EngineUnavailable or SynthesisError when speech fails, PublisherError when
    writing fails; either way no output file is left behind.
    """
    check_script(script, options, release)
    cache = _speech_cache(options)
    if narration is None:
        narration = _narrate(script, options, cache, progress, warn)
    meta = metadata_for(script, release, narration, options.cover)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = _Staged(out_dir, stem)
    finals = {kind: out_dir / f"{stem}{SUFFIXES[kind]}" for kind in options.formats}
    levels = sections.Levels(narration, options)
    try:
        audio = [kind for kind in ("mp3", "opus") if kind in finals]
        paths = {kind: staged.path_for(finals[kind]) for kind in audio}
        side_by_side(
            [
                partial(_publishable, k, levels, cache=cache, path=paths[k], meta=meta)
                for k in audio
            ],
            options.encoders,
        )
        if "vtt" in finals:
            staged.path_for(finals["vtt"]).write_text(captions_for(narration), encoding="utf-8")
        staged.commit()
    except PublisherError:
        raise
    except Exception as exc:  # an encoder or the file system: explained, nothing left behind
        raise PublisherError(f"writing the {script.lang} audio failed: {exc}") from exc
    finally:
        levels.close()
        staged.discard()
        warn_damage(cache, warn)
    duration = narration.duration_ms / 1000
    return [
        AudioFile(path, kind, MEDIA_TYPES[kind], script.lang, duration)
        for kind, path in finals.items()
    ]
