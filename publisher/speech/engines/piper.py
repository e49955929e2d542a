"""Offline neural speech with Piper (piper-tts, ONNX voice models), imported on first use.

Voices are files a user installs once (:mod:`publisher.speech.voices`): a model and its config,
named by path (``--voice /path/NAME.onnx``) or by name from the voices folder. Each voice is
loaded once per process into an ONNX Runtime session.

Reproducible by default: with both noise scales at 0 and a single-threaded, sequential session
the same model, settings and text give the same samples, so the speech cache and rebuilds work
as with espeak-ng. ``variation`` uses the voice's own noise settings instead: livelier prosody,
audio that differs from one synthesis to the next.

Piper reports no word timings (only phoneme alignments, and only from specially patched
models), so :class:`~publisher.speech.engines.base.Speech` carries no marks: captions and the
narrated EPUB are timed per utterance, from where each one's audio starts and ends.

A language no installed Piper voice speaks is read by espeak-ng (voice ids ``espeak:<id>``,
with espeak's default settings), through the narration's fallback and with its warning.
"""

from __future__ import annotations

import importlib.metadata
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from publisher.errors import EngineUnavailable, NoVoice, SourceError
from publisher.languages import primary
from publisher.speech.engines.base import Speech, Voice
from publisher.speech.engines.espeak import EspeakEngine
from publisher.speech.engines.gtts import LATIN_AMERICA
from publisher.speech.voices.files import (
    MODEL_SUFFIX,
    QUALITIES,
    VOICES_URL,
    VoiceFile,
    file_sha256,
    read_voice,
    scan,
    voices_folder,
)

INSTALL_HINT = "piper engine not available: pip install 'publisher[piper]' (piper-tts)"
ESPEAK_PREFIX = "espeak:"
"""Voice ids of the espeak-ng voices that read languages no Piper voice speaks."""


@dataclass(frozen=True, slots=True)
class PiperSettings:
    """The ``[audio.piper]`` section of ``publisher.toml``."""

    voices: str = ""
    """Folder of installed voices (NAME.onnx with NAME.onnx.json); empty: the user's data folder
    (~/.local/share/publisher/voices on Linux). A relative path is taken from the folder
    publisher runs in."""
    length_scale: float = 1.0
    """Length of each sound: above 1 speaks slower, below 1 faster (0.5-2.0)."""
    noise_scale: float = 0.0
    """Variation in the voice's sound (0-1); 0 gives the same samples every time, above 0
    audio that differs from build to build."""
    noise_w_scale: float = 0.0
    """Variation in the rhythm (0-1); 0 gives the same samples every time."""
    variation: bool = False
    """Livelier prosody: the voice's own noise settings (from its config) instead of the two
    above; the audio then differs from one synthesis to the next (the cache keeps the first)."""
    threads: int = 1
    """ONNX Runtime threads per voice (1-64); 1 guarantees the same samples every time, more
    may be faster on a machine with several cores."""

    def __post_init__(self) -> None:
        """Refuse values Piper does not take."""
        if not 0.5 <= self.length_scale <= 2.0:
            raise ValueError(f"piper length_scale must be 0.5-2.0, not {self.length_scale}")
        noises = (("noise_scale", self.noise_scale), ("noise_w_scale", self.noise_w_scale))
        for label, value in noises:
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"piper {label} must be 0-1, not {value}")
        if not 1 <= self.threads <= 64:
            raise ValueError(f"piper threads must be 1-64, not {self.threads}")


def _piper() -> ModuleType:
    try:
        import piper
    except ImportError as exc:
        raise EngineUnavailable(INSTALL_HINT) from exc
    module: ModuleType = piper
    return module


@dataclass(slots=True)
class _Loaded:
    voice: Any
    """A ``piper.PiperVoice``."""
    sample_rate: int
    lock: threading.Lock


_LOADED: dict[tuple[str, str, int], _Loaded] = {}
_LOAD_LOCK = threading.Lock()


def load_voice(voice: VoiceFile, threads: int = 1) -> Any:
    """A ``piper.PiperVoice`` for ``voice`` on a CPU session of ``threads`` threads, sequential.

    SourceError naming the model if ONNX Runtime cannot load it.
    """
    piper = _piper()
    import json

    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            str(voice.model), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # ONNX Runtime's own errors (InvalidProtobuf, Fail, ...)
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            voice.model,
            f"is not a Piper voice model ONNX Runtime can load ({detail}); "
            "install it again with publisher voices add",
        ) from None
    try:
        config = piper.PiperConfig.from_dict(json.loads(voice.config.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(voice.config, f"is not a Piper voice config: {exc}") from None
    return piper.PiperVoice(session=session, config=config)


def _loaded(voice: VoiceFile, threads: int) -> _Loaded:
    key = (str(voice.model.resolve()), file_sha256(voice.model), threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = _Loaded(load_voice(voice, threads), voice.sample_rate, threading.Lock())
        return _LOADED[key]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _looks_like_path(voice: str) -> bool:
    return voice.endswith(MODEL_SUFFIX) or "/" in voice or "\\" in voice


def _rank(voice: VoiceFile, tag: str) -> tuple[int, int, str]:
    """Sort key for the voices of one primary language.

    The tag's own region first, then its variety (Latin American Spanish for es-419 and Latin
    American regions), then quality and name.
    """
    region = tag.partition("-")[2].split("-")[-1]
    latin = region in LATIN_AMERICA
    own_latin = voice.lang.partition("-")[2].lower() in LATIN_AMERICA
    if voice.lang.lower() == tag:
        closeness = 0
    elif primary(tag) == "es" and region and latin == own_latin:
        closeness = 1
    else:
        closeness = 2
    quality = QUALITIES.index(voice.quality) if voice.quality in QUALITIES else len(QUALITIES)
    return closeness, quality, voice.name


class PiperEngine:
    """Piper: offline neural voices from ONNX models the user installs."""

    name = "piper"
    online = False

    def __init__(self, settings: PiperSettings | None = None) -> None:
        """Speak with ``settings`` (None: :class:`PiperSettings`' defaults)."""
        self.settings = settings or PiperSettings()
        self.folder = voices_folder(self.settings.voices)
        self._given: dict[str, VoiceFile] = {}
        """Voices named by their model's path, by id (the resolved path)."""
        self._espeak: EspeakEngine | None = None

    def unavailable_reason(self) -> str | None:
        """None when piper-tts can be imported (voices are checked when one is needed)."""
        try:
            _piper()
        except EngineUnavailable as exc:
            return str(exc)
        return None

    def _installed(self) -> dict[str, VoiceFile]:
        found = {v.name: v for v in scan(self.folder).voices}
        found.update(self._given)
        return found

    def voices(self) -> list[Voice]:
        """The voices in the voices folder (and any named by path)."""
        return [v.voice(voice_id) for voice_id, v in self._installed().items()]

    def install_hint(self) -> str:
        """How many voices the folder holds, and how to add one."""
        count = len(scan(self.folder).voices)
        add = (
            "add one with: publisher voices add URL --sha256 HEX --json-sha256 HEX "
            f"(voices: {VOICES_URL})"
        )
        if not count:
            return f"no voices in {self.folder}; {add}"
        return f"{count} voice{'s' if count != 1 else ''} in {self.folder}; {add}"

    def _no_voices(self) -> EngineUnavailable:
        return EngineUnavailable(
            f"piper has no voice installed in {self.folder}: add one with "
            "'publisher voices add URL --sha256 HEX --json-sha256 HEX' or put NAME.onnx and "
            "NAME.onnx.json there "
            f"(voices: {VOICES_URL}), or give a model with --voice /path/NAME.onnx"
        )

    def find_voice(self, voice: str) -> Voice | None:
        """An installed voice by name (any case), or the model at a path (which must exist)."""
        if _looks_like_path(voice):
            model = Path(voice).expanduser()
            if not model.is_file():
                raise EngineUnavailable(
                    f"piper voice {voice}: no such model file (a Piper voice is NAME.onnx with "
                    f"NAME.onnx.json beside it; see {VOICES_URL})"
                )
            found = read_voice(model)
            voice_id = str(model.resolve())
            self._given[voice_id] = found
            return found.voice(voice_id)
        installed = {name.lower(): v for name, v in self._installed().items()}
        match = installed.get(voice.lower())
        return match.voice() if match is not None else None

    def voice_for(self, lang: str) -> str:
        """The installed voice for the tag, else for its primary language; best quality first.

        NoVoice if none speaks the language (the narration's fallback then looks further);
        EngineUnavailable, saying how to add one, if no voice is installed at all.
        """
        installed = self._installed()
        if not installed:
            raise self._no_voices()
        tag = lang.lower()
        speaking = [v for v in installed.values() if primary(v.lang) == primary(tag)]
        if not speaking:
            raise NoVoice(f"piper has no voice for language '{lang}' in {self.folder}")
        best = min(speaking, key=lambda v: _rank(v, tag))
        return next(voice_id for voice_id, v in installed.items() if v is best)

    def stand_in(self, lang: str) -> str:
        """espeak-ng's voice for ``lang``, as ``espeak:<id>``; NoVoice if it has none either."""
        return ESPEAK_PREFIX + self._espeak_engine().voice_for(lang)

    def _espeak_engine(self) -> EspeakEngine:
        if self._espeak is None:
            self._espeak = EspeakEngine()
        return self._espeak

    def fingerprint(self) -> str:
        """piper-tts and ONNX Runtime versions and the synthesis settings."""
        s = self.settings
        return (
            f"piper-tts {_version('piper-tts')} onnxruntime {_version('onnxruntime')} "
            f"length_scale={s.length_scale} noise_scale={s.noise_scale} "
            f"noise_w_scale={s.noise_w_scale} variation={s.variation} threads={s.threads}"
        )

    def voice_fingerprint(self, voice: str) -> str:
        """The fingerprint with the sha256 of the voice's model and config.

        For espeak-ng's stand-in voices, espeak's own fingerprint.
        """
        if voice.startswith(ESPEAK_PREFIX):
            return self._espeak_engine().fingerprint()
        found = self._voice_file(voice)
        return (
            f"{self.fingerprint()} model={file_sha256(found.model)} "
            f"config={file_sha256(found.config)}"
        )

    def _voice_file(self, voice: str) -> VoiceFile:
        if voice in self._given:
            return self._given[voice]
        if self.find_voice(voice) is None:
            raise EngineUnavailable(
                f"piper has no voice '{voice}' in {self.folder}; known voices: "
                f"{', '.join(self._installed()) or 'none'}"
            )
        if voice in self._given:
            return self._given[voice]
        return {n.lower(): v for n, v in self._installed().items()}[voice.lower()]

    def _synthesis_config(self) -> Any:
        piper = _piper()
        s = self.settings
        noise = (None, None) if s.variation else (s.noise_scale, s.noise_w_scale)
        return piper.SynthesisConfig(
            length_scale=s.length_scale, noise_scale=noise[0], noise_w_scale=noise[1]
        )

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        """Speak one sentence; PCM at the voice's rate, no marks (Piper gives no word timings)."""
        voice_id = voice or self.voice_for(lang)
        if voice_id.startswith(ESPEAK_PREFIX):
            return self._espeak_engine().synthesize(
                text, lang, voice_id.removeprefix(ESPEAK_PREFIX)
            )
        loaded = _loaded(self._voice_file(voice_id), self.settings.threads)
        config = self._synthesis_config()
        with loaded.lock:
            chunks = [c.audio_int16_bytes for c in loaded.voice.synthesize(text, config)]
        return Speech(b"".join(chunks), loaded.sample_rate)
