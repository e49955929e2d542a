"""Offline speech with espeak-ng, through ctypes on the library and data espeakng-loader ships.

The library (:mod:`.espeak_library`) is process-global and not thread-safe: one instance is
initialised on first use and every call goes through a lock. Its wave generator keeps state
from one call to the next (pitch flutter and modulation counters), so the same sentence would
sound slightly different depending on what was spoken before. Where the platform can fork, each
sentence is therefore spoken in a short-lived child process that starts from an untouched state:
the audio of a sentence depends only on its text, voice and settings, which keeps builds and
cache entries reproducible.

Those children are forked by a helper process (:mod:`.espeak_helper`), which the build starts
from a fresh interpreter and talks to through pipes with a time limit on every sentence
(:mod:`.espeak_client`). The build never forks for speech: a fork copies the native threads'
locks of whatever the build holds (FFmpeg filter graphs, ONNX Runtime), which can block the
child for ever, and copies the page tables of its whole memory, which made each sentence cost
more as the narration grew.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from publisher.errors import EngineUnavailable, NoVoice, SynthesisError
from publisher.speech.engines import espeak_client
from publisher.speech.engines.base import Mark, Speech, Voice, excerpt
from publisher.speech.engines.espeak_client import helper_pid, stop_helper
from publisher.speech.engines.espeak_library import (
    EVENT_KINDS,
    HEADER,
    MARK,
    Library,
    VoiceInfo,
)

__all__ = ["EspeakEngine", "EspeakSettings", "helper_pid", "stop_helper"]

_RATE_RANGE = (80, 450)
_PITCH_RANGE = (0, 100)


@dataclass(frozen=True, slots=True)
class EspeakSettings:
    """The ``[audio.espeak]`` section of ``publisher.toml``."""

    rate: int = 175
    """Speaking rate in words per minute (80-450)."""
    pitch: int = 50
    """Voice pitch (0-100)."""

    def __post_init__(self) -> None:
        """Refuse values espeak-ng does not take."""
        for label, value, (low, high) in (
            ("rate", self.rate, _RATE_RANGE),
            ("pitch", self.pitch, _PITCH_RANGE),
        ):
            if not low <= value <= high:
                raise ValueError(f"espeak {label} must be {low}-{high}, not {value}")


DEFAULT_VOICES = {"es": "es-419", "en": "en-us", "qu": "qu"}
"""Voice for a primary language when espeak-ng has no voice for the exact tag."""
EXACT_VOICES = {"es-es": "es"}
"""Tags whose voice is not the one DEFAULT_VOICES gives their primary language."""


def _unpack(packed: bytes, text: str, sample_rate: int) -> Speech:
    status, count = HEADER.unpack_from(packed)
    if status != 0:
        raise SynthesisError(f"espeak failed (error {status}) while speaking: {excerpt(text)}")
    marks: list[Mark] = []
    offset = HEADER.size
    for _ in range(count):
        kind, position, length, sample = MARK.unpack_from(packed, offset)
        offset += MARK.size
        marks.append(Mark(EVENT_KINDS[kind], max(position - 1, 0), length, sample))  # type: ignore[arg-type]
    return Speech(packed[offset:], sample_rate, tuple(marks))


def _speaking(known: dict[str, VoiceInfo], tag: str) -> str | None:
    """The voice that lists ``tag`` among its languages with the best priority."""
    ranked = [
        (priority, voice_id)
        for voice_id, info in known.items()
        for priority, spoken in info.languages
        if spoken == tag
    ]
    return min(ranked)[1] if ranked else None


_LOCK = threading.Lock()
_STATE: dict[str, Library] = {}


def _library() -> Library:
    """The process's espeak-ng library, initialised on first use (call with ``_LOCK`` held)."""
    if "lib" not in _STATE:
        _STATE["lib"] = Library()
    return _STATE["lib"]


def _new_lock() -> None:
    """In a forked process: a lock another thread held at the fork would stay held."""
    global _LOCK  # noqa: PLW0603
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock)


class EspeakEngine:
    """espeak-ng: offline, fast, many languages (es-419, en-us, qu, ...)."""

    name = "espeak"
    online = False

    def __init__(self, settings: EspeakSettings | None = None) -> None:
        """Speak with ``settings`` (None: :class:`EspeakSettings`' defaults)."""
        settings = settings or EspeakSettings()
        self.rate = settings.rate
        self.pitch = settings.pitch

    def unavailable_reason(self) -> str | None:
        """None when the library loads, else why it does not."""
        try:
            with _LOCK:
                _library()
        except EngineUnavailable as exc:
            return str(exc)
        return None

    def voices(self) -> list[Voice]:
        """Every espeak-ng voice in the bundled data."""
        with _LOCK:
            return [info.voice for info in _library().voices.values()]

    def voice_for(self, lang: str) -> str:
        """The exact tag's voice, else the preferred one for its primary language."""
        with _LOCK:
            known = _library().voices
        tag = lang.lower()
        primary = tag.split("-")[0]
        regional = (EXACT_VOICES.get(tag), tag, _speaking(known, tag)) if tag != primary else ()
        for candidate in (
            *regional,
            DEFAULT_VOICES.get(primary),
            primary,
            _speaking(known, primary),
        ):
            if candidate in known:
                return str(candidate)
        raise NoVoice(f"espeak has no voice for language '{lang}'")

    def fingerprint(self) -> str:
        """Library version and settings."""
        with _LOCK:
            version = _library().version
        return f"espeak-ng {version} rate={self.rate} pitch={self.pitch}"

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        """Speak one sentence; PCM at the library's rate (22050 Hz) with word marks.

        SynthesisError naming the sentence if espeak fails on it or runs over its time limit.
        """
        voice_id = voice or self.voice_for(lang)
        spoken = text.replace("\0", " ")
        with _LOCK:
            lib = _library()
            info = lib.voices.get(voice_id.lower())
            if info is None:
                raise EngineUnavailable(
                    f"espeak has no voice '{voice_id}'; known voices: {', '.join(lib.voices)}"
                )
            if not hasattr(os, "fork"):  # no children: spoken here, after what came before
                lib.select(info.identifier, self.rate, self.pitch)
                return _unpack(lib.speak(spoken), text, lib.sample_rate)
        packed = espeak_client.speak(info.identifier, self.rate, self.pitch, spoken)
        return _unpack(packed, text, lib.sample_rate)
