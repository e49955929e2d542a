"""The text-to-speech engine interface shared by every voice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice an engine offers."""

    id: str
    """What ``--voice`` takes, e.g. ``es-419``."""
    lang: str
    """BCP 47 tag of the language it speaks."""
    name: str
    """A name for people."""


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a word or sentence of the spoken text starts in the audio."""

    kind: Literal["word", "sentence"]
    """What starts here."""
    start: int
    """Offset of its first character in the spoken text (0-based, in code points)."""
    length: int
    """Its length in code points (0 when the engine does not say)."""
    sample: int
    """Index of the sample where it starts."""


@dataclass(frozen=True, slots=True)
class Speech:
    """Synthesized audio of one utterance: signed 16-bit little-endian mono PCM."""

    pcm: bytes
    sample_rate: int
    marks: tuple[Mark, ...] = ()
    """Word and sentence starts, in order, where the engine reports them."""

    @property
    def samples(self) -> int:
        """Number of samples."""
        return len(self.pcm) // 2

    @property
    def duration_ms(self) -> float:
        """Length of the audio in milliseconds."""
        return len(self.pcm) / 2 / self.sample_rate * 1000


class Engine(Protocol):
    """A text-to-speech engine; implementations are imported lazily through the registry."""

    name: str
    online: bool

    def unavailable_reason(self) -> str | None:
        """None when the engine can run here, else why not (missing package, ...)."""

    def voices(self) -> list[Voice]:
        """The voices this engine offers."""

    def voice_for(self, lang: str) -> str:
        """The default voice id for a BCP 47 language tag; EngineUnavailable if there is none."""

    def fingerprint(self) -> str:
        """Everything besides voice and text that changes the audio: version and settings.

        Part of the speech cache key, so a new engine version or setting never reuses old audio.
        """

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        """Speak ``text`` in ``lang`` (with ``voice`` if given)."""


def excerpt(text: str) -> str:
    """``text`` quoted for an error message, cut to 60 characters."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


@runtime_checkable
class InstalledVoices(Protocol):
    """What an engine whose voices are files a user installs (Piper) adds to :class:`Engine`.

    The narration asks these where the engine has them: a voice may be named by its model's
    path, the model's content belongs in the cache key, and a language none of the installed
    voices speaks can be read by a built-in engine's voice.
    """

    def find_voice(self, voice: str) -> Voice | None:
        """The voice ``voice`` names (an installed voice's id or a model's path); None if none."""

    def voice_fingerprint(self, voice: str) -> str:
        """:meth:`Engine.fingerprint` and what identifies the voice's files (its model's hash)."""

    def stand_in(self, lang: str) -> str:
        """A built-in engine's voice for ``lang`` (``espeak:<id>``); NoVoice if there is none."""

    def install_hint(self) -> str:
        """Where the voices are looked for and how to add one, for ``publisher engines``."""
