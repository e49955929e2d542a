"""A spoken script -> one timeline of PCM, each utterance timed from the synthesis itself.

Every utterance is synthesized on its own (through the cache), trimmed of the engine's own
leading and trailing silence, and followed by exactly its ``pause_after_ms`` of silence. An
utterance therefore starts at the sum of the lengths and pauses before it, to the sample.

Given a ``grid`` (in samples), the timeline is also cut into :class:`Section` s, each starting on
the grid in the middle of a long pause, so that they can be encoded one by one and joined
(:mod:`publisher.audio.sections`). Where a section ends is decided by what it says, not by where
it falls: after a paragraph's (or a heading's) pause, once the section lasts
:data:`SECTION_MIN_S`, when the last utterance's key picks it (one in :data:`CUT_EVERY`), or
in any case once it lasts :data:`SECTION_MAX_S`. The pause there is lengthened to the next grid
point (by less than one step), and the next section starts with :data:`LEAD_MS` of silence. An
edit therefore changes its own section (and rarely the next); every other section is the same
PCM, to the sample, wherever it now starts.

The timeline is written to an unnamed temporary file as it is made (:class:`PcmStore`) and read
back in chunks by the encoders, so memory does not grow with the length of the narration: five
thousand paragraphs are hours of audio, gigabytes of PCM.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from publisher.audio import codec, pcm
from publisher.errors import EngineUnavailable, NoVoice, PublisherError, SynthesisError
from publisher.languages import fallback_languages, primary
from publisher.speech.engines.base import Engine, InstalledVoices, Mark, Speech
from publisher.speech.engines.cache import SpeechCache, cache_key, speech_key
from publisher.speech.script import Script, Utterance

LOGGER = logging.getLogger("publisher.audio")

Progress = Callable[[int, int], None]
"""Called with (utterances done, utterances in all) as synthesis goes on."""

CUT_PAUSE_MS = 600
"""Only pauses at least this long (after a paragraph, a heading, the head) end a section."""
SECTION_MIN_S = 10.0
"""A section lasts at least this long (but the last one)."""
SECTION_MAX_S = 60.0
"""A section that has lasted this long ends at the next pause that may end one, picked or not."""
CUT_EVERY = 3
"""One in this many of the pauses that may end a section does (picked by the utterance's key)."""
LEAD_MS = 350
"""Silence at the start of a section before its first speech: a cut is this deep in a pause."""


@dataclass(frozen=True, slots=True)
class Section:
    """Samples ``start`` to ``stop`` of a narration: a stretch encoded on its own."""

    start: int
    stop: int
    key: str
    """Content key: equal keys mean equal PCM, wherever in a narration the section is."""


@dataclass(frozen=True, slots=True)
class Segment:
    """Where one utterance sits in the narration."""

    utterance: Utterance
    start: int
    """First sample of its speech."""
    end: int
    """One past its last sample of speech; its pause follows."""
    sample_rate: int
    marks: tuple[Mark, ...] = ()
    """Word and sentence starts, samples counted from the start of the narration."""

    @property
    def start_ms(self) -> float:
        """Start in milliseconds."""
        return pcm.ms_for(self.start, self.sample_rate)

    @property
    def end_ms(self) -> float:
        """End of the speech (before the pause) in milliseconds."""
        return pcm.ms_for(self.end, self.sample_rate)


class PcmStore:
    """PCM appended to an unnamed temporary file, read back in chunks (by several threads)."""

    CHUNK_BYTES = 1 << 20

    def __init__(self) -> None:
        """An empty store; the file goes when the store does."""
        # Open for the store's whole life: the encoders read it after the narration is made.
        self._file = tempfile.TemporaryFile(prefix="publisher-narration-")  # noqa: SIM115
        self._lock = threading.Lock()
        self.size = 0
        """Bytes stored."""

    def append(self, data: bytes) -> None:
        """Add ``data`` at the end."""
        with self._lock:
            self._file.write(data)
            self.size += len(data)

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The content from the start, ``size`` bytes at a time (the last chunk may be shorter)."""
        return self.span(0, self.size // 2, size)

    def span(self, start: int, stop: int, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """Samples ``start`` to ``stop``, in chunks of at most ``size`` bytes."""
        with self._lock:
            self._file.flush()
        descriptor = self._file.fileno()
        end = min(2 * stop, self.size)
        for offset in range(2 * start, end, size):
            chunk = os.pread(descriptor, min(size, end - offset), offset)
            if not chunk:
                raise OSError(f"the narration's temporary file ends at {offset} bytes")
            yield chunk

    def read(self) -> bytes:
        """All of the content (for short narrations and tests)."""
        return b"".join(self.chunks())

    def close(self) -> None:
        """Remove the file now rather than when the store is collected."""
        self._file.close()


@dataclass(frozen=True, slots=True, eq=False)
class Narration:
    """A script read aloud: mono PCM (in a temporary file) and the timing of every utterance."""

    lang: str
    audio: PcmStore
    sample_rate: int
    segments: tuple[Segment, ...]
    key: str
    """Content key: equal keys mean equal PCM (used to reuse encoded audio)."""
    sections: tuple[Section, ...] = ()
    """The stretches that cover the narration, in order (one when it was not cut)."""

    @property
    def pcm(self) -> bytes:
        """All of the PCM, read into memory: for short narrations; encoders stream ``audio``."""
        return self.audio.read()

    @property
    def samples(self) -> int:
        """Number of samples."""
        return self.audio.size // 2

    @property
    def duration_ms(self) -> float:
        """Length in milliseconds, pauses included."""
        return pcm.ms_for(self.samples, self.sample_rate)


def choose_voices(
    script: Script,
    engine: Engine,
    voice: str | None,
    warn: Callable[[str], None] | None = None,
) -> dict[str, str]:
    """The voice for every language in ``script``: ``voice`` for the script's own language.

    ``voice`` is used only where it speaks the script's language, so one ``--voice es-419``
    reads the Spanish edition and leaves the English one to the English voice. A language the
    engine has no voice for is read by the voice of its fallback language
    (:func:`~publisher.languages.fallback_languages`), and ``warn`` is told once per language.
    Raises EngineUnavailable before anything is spoken if a voice is unknown, or if not even
    a fallback has a voice.
    """
    if voice is not None:
        known = {v.id.lower(): v for v in engine.voices()}
        given = (
            engine.find_voice(voice)
            if isinstance(engine, InstalledVoices)
            else known.get(voice.lower())
        )
        if given is None:
            raise EngineUnavailable(
                f"{engine.name} has no voice '{voice}'; "
                f"known voices: {', '.join(v.id for v in known.values()) or 'none'}"
            )
        voice = given.id if primary(given.lang) == primary(script.lang) else None
    chosen: dict[str, str] = {}
    for lang in dict.fromkeys([script.lang, *(u.lang for u in script.utterances)]):
        own = primary(lang) == primary(script.lang)
        chosen[lang] = (
            voice
            if (voice is not None and own)
            else _voice_or_fallback(engine, lang, script.lang, warn)
        )
    return chosen


def _voice_or_fallback(
    engine: Engine, lang: str, edition_lang: str, warn: Callable[[str], None] | None
) -> str:
    try:
        return engine.voice_for(lang)
    except NoVoice as missing:
        for other, find in _fallbacks(engine, lang, edition_lang):
            try:
                found = find(other)
            except NoVoice:
                continue
            message = f"{missing}: its passages are read by the {other} voice ({found})"
            (warn or LOGGER.warning)(message)
            return found
        raise


def _fallbacks(
    engine: Engine, lang: str, edition_lang: str
) -> Iterator[tuple[str, Callable[[str], str]]]:
    """(language, how to find its voice) to try in turn for a language the engine lacks.

    An engine with installed voices first offers a built-in engine's voice for the language
    itself; then each fallback language, by the engine's voices and then by the built-in one.
    """
    stand_in = engine.stand_in if isinstance(engine, InstalledVoices) else None
    if stand_in is not None:
        yield lang, stand_in
    for other in fallback_languages(lang, edition_lang):
        yield other, engine.voice_for
        if stand_in is not None:
            yield other, stand_in


def _speak(engine: Engine, utterance: Utterance, voice: str, number: int, total: int) -> Speech:
    try:
        return engine.synthesize(utterance.spoken, utterance.lang, voice)
    except PublisherError:
        raise
    except Exception as exc:  # an engine's own failure, explained with where it happened
        raise SynthesisError(
            f"{engine.name} failed on utterance {number} of {total} "
            f"(block '{utterance.block_id}'): {exc}"
        ) from exc


def narrate(
    script: Script,
    engine: Engine,
    *,
    voice: str | None = None,
    cache: SpeechCache | None = None,
    sample_rate: int = 22050,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    grid: int | None = None,
) -> Narration:
    """Synthesize ``script`` utterance by utterance into one timeline at ``sample_rate``.

    ``warn`` is told about a language read by a fallback voice (see :func:`choose_voices`).
    With ``grid``, the timeline is cut into sections on it (see the module's description).
    """
    voices = choose_voices(script, engine, voice, warn)
    fingerprint = engine.fingerprint()
    fingerprints = {
        chosen: engine.voice_fingerprint(chosen)
        if isinstance(engine, InstalledVoices)
        else fingerprint
        for chosen in dict.fromkeys(voices.values())
    }
    audio = PcmStore()
    segments: list[Segment] = []
    keys: list[str | int] = []
    cuts = _Cuts(grid, sample_rate)
    position = 0
    total = len(script.utterances)
    for number, utterance in enumerate(script.utterances, start=1):
        chosen = voices[utterance.lang]
        spoken = utterance.spoken
        key = speech_key(engine.name, fingerprints[chosen], chosen, utterance.lang, spoken)
        speech = cache.get(key) if cache is not None else None
        if speech is None:
            speech = Speech(b"", sample_rate)
            if utterance.spoken.strip():
                speech = _speak(engine, utterance, voices[utterance.lang], number, total)
            if cache is not None:
                cache.put(key, speech)
        if speech.sample_rate != sample_rate:
            ratio = sample_rate / speech.sample_rate
            resampled = codec.resample(speech.pcm, speech.sample_rate, sample_rate)
            marks = tuple(
                Mark(m.kind, m.start, m.length, round(m.sample * ratio)) for m in speech.marks
            )
            speech = Speech(resampled, sample_rate, marks)
        speech = trim(speech)
        pause = pcm.samples_for(utterance.pause_after_ms, sample_rate)
        if number < total:
            pause = cuts.pause(key, utterance.pause_after_ms, position + speech.samples, pause)
        marks = tuple(Mark(m.kind, m.start, m.length, m.sample + position) for m in speech.marks)
        segments.append(Segment(utterance, position, position + speech.samples, sample_rate, marks))
        audio.append(speech.pcm)
        audio.append(pcm.silence(pause))
        position += speech.samples + pause
        keys += [key, pause]
        cuts.add(key, pause)
        if progress is not None:
            progress(number, total)
    narration_key = cache_key(
        "narration", sample_rate, pcm.TRIM_THRESHOLD, pcm.TRIM_MARGIN_MS, grid or 0, *keys
    )
    sections = cuts.sections(position)
    return Narration(script.lang, audio, sample_rate, tuple(segments), narration_key, sections)


class _Cuts:
    """Where a narration being made is cut into sections, and the pauses the cuts lengthen."""

    def __init__(self, grid: int | None, sample_rate: int) -> None:
        self.grid, self.rate = grid, sample_rate
        self.lead = pcm.samples_for(LEAD_MS, sample_rate)
        self.start = 0
        self.keys: list[str | int] = []
        self.found: list[Section] = []
        self.cut_at: int | None = None

    def pause(self, key: str, pause_ms: int, speech_end: int, pause: int) -> int:
        """The pause after speech ending at ``speech_end``, lengthened if a cut goes in it."""
        lasted = (speech_end - self.start) / self.rate
        picked = int(key[:8], 16) % CUT_EVERY == 0 or lasted >= SECTION_MAX_S
        if self.grid is None or pause_ms < CUT_PAUSE_MS or lasted < SECTION_MIN_S or not picked:
            return pause
        cut = -(-(speech_end + pause - self.lead) // self.grid) * self.grid
        self.cut_at = cut
        return cut + self.lead - speech_end

    def add(self, key: str, pause: int) -> None:
        """Count an utterance and its pause into the section; close it if a cut was placed."""
        self.keys += [key, pause]
        if self.cut_at is None:
            return
        self.keys[-1] = pause - self.lead  # the section's own share of the pause
        self.found.append(Section(self.start, self.cut_at, self._key()))
        self.start, self.keys, self.cut_at = self.cut_at, [self.lead], None

    def sections(self, end: int) -> tuple[Section, ...]:
        """Every section, the last one to ``end``."""
        return (*self.found, Section(self.start, end, self._key()))

    def _key(self) -> str:
        return cache_key(
            "section", self.rate, pcm.TRIM_THRESHOLD, pcm.TRIM_MARGIN_MS, self.grid or 0, *self.keys
        )


def trim(speech: Speech, margin_ms: float = pcm.TRIM_MARGIN_MS) -> Speech:
    """``speech`` without its leading and trailing silence beyond ``margin_ms``; marks follow."""
    first, end = pcm.audible_bounds(speech.pcm)
    if first == end:
        return replace(speech, pcm=b"", marks=())
    margin = pcm.samples_for(margin_ms, speech.sample_rate)
    start = max(first - margin, 0)
    stop = min(end + margin, speech.samples)
    marks = tuple(
        Mark(m.kind, m.start, m.length, min(max(m.sample - start, 0), stop - start))
        for m in speech.marks
    )
    return replace(speech, pcm=speech.pcm[2 * start : 2 * stop], marks=marks)
