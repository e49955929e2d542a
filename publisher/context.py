"""The work shared by a release's writers, done once per edition and handed to each that asks.

The audio writer and the EPUB with narration both need an edition's spoken script, its narration
and its MP3. The build context makes each once, on first request, and gives every writer the
same object: an edition is scripted, narrated and encoded once per build whatever formats are
asked for.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.model import Edition, Release
from publisher.speech.script import Script, speech_script

if TYPE_CHECKING:
    from publisher.audio.options import AudioOptions
    from publisher.speech.narration import Narration

Warn = Callable[[str], None]


class BuildContext:
    """Memoised per-edition work for one release in one build; close it when the build ends."""

    def __init__(self, release: Release, audio: AudioOptions, warn: Warn) -> None:
        """Work for ``release`` with the build's audio settings; ``warn`` hears what is noted."""
        self.release = release
        self.audio = audio
        self.warn = warn
        self._scripts: dict[str, Script] = {}
        self._narrations: dict[str, Narration] = {}
        self._mp3: dict[str, Path] = {}
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    def script(self, edition: Edition) -> Script:
        """The edition's spoken script."""
        if edition.lang not in self._scripts:
            self._scripts[edition.lang] = speech_script(self.release, edition)
        return self._scripts[edition.lang]

    def narration(self, edition: Edition) -> Narration:
        """The edition's script spoken by the build's engine and voice."""
        from publisher.audio.writer import narrate_script

        if edition.lang not in self._narrations:
            narration = narrate_script(self.script(edition), self.audio, warn=self.warn)
            self._narrations[edition.lang] = narration
        return self._narrations[edition.lang]

    def keep_mp3(self, edition: Edition, path: Path) -> None:
        """Remember the MP3 a writer made of the edition, for the writers that need it too."""
        self._mp3[edition.lang] = path

    def mp3(self, edition: Edition, stem: str) -> Path:
        """The edition's MP3, as the audio writer publishes it (made now if it was not asked)."""
        from publisher.audio.writer import build_audio

        if edition.lang not in self._mp3:
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="publisher-mp3-")
            (mp3,) = build_audio(
                self.script(edition),
                self.release,
                Path(self._scratch.name),
                stem,
                replace(self.audio, formats=("mp3",)),
                narration=self.narration(edition),
                warn=self.warn,
            )
            self.keep_mp3(edition, mp3.path)
        return self._mp3[edition.lang]

    def close(self) -> None:
        """Delete what the context made outside the staging folder."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
