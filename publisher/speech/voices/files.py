"""Piper voices on disk: a ``NAME.onnx`` model with its ``NAME.onnx.json`` config beside it.

The config says the voice's language, quality and sample rate; reading it needs no Piper. A
folder of voices is read afresh each time it is asked for, so a voice added while publisher is
not running is simply there.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import EngineUnavailable, SourceError
from publisher.languages import normalize_tag
from publisher.speech.engines.base import Voice

MODEL_SUFFIX = ".onnx"
CONFIG_SUFFIX = ".onnx.json"
VOICES_URL = "https://huggingface.co/rhasspy/piper-voices"
"""Where the Piper voices are published (one folder per language, model and config in each)."""
QUALITIES = ("high", "medium", "low", "x_low")
"""Piper's quality levels, best first."""


def default_folder() -> Path:
    """The user's data folder for voices (``~/.local/share/publisher/voices`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("publisher", appauthor=False)) / "voices"


def voices_folder(setting: str) -> Path:
    """The folder ``[audio.piper] voices`` names (``~`` expanded), or the default one."""
    return Path(setting).expanduser() if setting.strip() else default_folder()


def config_of(model: Path) -> Path:
    """The config file that belongs to ``model``."""
    return model.with_name(model.name + ".json")


@dataclass(frozen=True, slots=True)
class VoiceFile:
    """One installed voice: its model, config and what the config says."""

    name: str
    """The model's file name without ``.onnx``, e.g. ``es_MX-claude-high``."""
    lang: str
    """BCP 47 tag of its language, from the config (``es-MX``)."""
    quality: str
    """``high``, ``medium``, ``low`` or ``x_low`` (empty when the config does not say)."""
    sample_rate: int
    model: Path

    @property
    def config(self) -> Path:
        """The ``.onnx.json`` beside the model."""
        return config_of(self.model)

    @property
    def size(self) -> int:
        """Bytes of model and config together."""
        return self.model.stat().st_size + self.config.stat().st_size

    def voice(self, voice_id: str | None = None) -> Voice:
        """The engine's view of it, under ``voice_id`` (default: its name)."""
        detail = f" ({self.quality})" if self.quality else ""
        return Voice(voice_id or self.name, self.lang, f"{self.name}{detail}")


def read_voice(model: Path) -> VoiceFile:
    """The voice whose model is ``model``.

    EngineUnavailable if the model or its config is not there; SourceError naming the file if
    the config is not a Piper voice config.
    """
    config = config_of(model)
    for path, what in ((model, "model"), (config, "config")):
        if not path.is_file():
            raise EngineUnavailable(
                f"piper voice {model}: its {what} {path} is missing (a Piper voice is NAME.onnx "
                f"with NAME.onnx.json beside it; see {VOICES_URL})"
            )
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(config, f"is not a Piper voice config (JSON): {exc}") from None
    return _voice_from(model, config, data)


def _voice_from(model: Path, config: Path, data: Any) -> VoiceFile:
    def refuse(what: str) -> SourceError:
        return SourceError(config, f"is not a Piper voice config: {what}")

    if not isinstance(data, dict):
        raise refuse("not a JSON object")
    audio, espeak = data.get("audio"), data.get("espeak")
    rate = audio.get("sample_rate") if isinstance(audio, dict) else None
    if not isinstance(rate, int) or isinstance(rate, bool) or not 8000 <= rate <= 96000:
        raise refuse("no audio.sample_rate between 8000 and 96000")
    for key, kind in (("num_symbols", int), ("num_speakers", int), ("phoneme_id_map", dict)):
        if not isinstance(data.get(key), kind):
            raise refuse(f"no {key}")
    espeak_voice = espeak.get("voice") if isinstance(espeak, dict) else None
    if not isinstance(espeak_voice, str):
        raise refuse("no espeak.voice")
    language = data.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    lang = _tag(code if isinstance(code, str) else espeak_voice)
    if lang is None:
        raise refuse(f"its language {code or espeak_voice!r} is not a BCP 47 tag")
    quality = audio.get("quality") if isinstance(audio, dict) else None
    name = model.name.removesuffix(MODEL_SUFFIX)
    if not isinstance(quality, str):
        quality = next((q for q in QUALITIES if name.endswith(f"-{q}")), "")
    return VoiceFile(name, lang, quality, rate, model)


def _tag(code: str) -> str | None:
    try:
        return normalize_tag(code.replace("_", "-"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Scan:
    """What a voices folder holds."""

    folder: Path
    voices: tuple[VoiceFile, ...]
    """The voices that read, by name."""
    problems: tuple[str, ...]
    """One sentence per model that does not (no config, a broken config)."""


def scan(folder: Path) -> Scan:
    """Every ``*.onnx`` with its config in ``folder`` (not its subfolders).

    A folder that does not exist is an empty one.
    """
    voices: list[VoiceFile] = []
    problems: list[str] = []
    try:
        models = sorted(p for p in folder.iterdir() if p.name.endswith(MODEL_SUFFIX))
    except FileNotFoundError:
        models = []
    except OSError as exc:
        raise EngineUnavailable(f"cannot read the voices folder {folder}: {exc}") from exc
    for model in models:
        if model.name.startswith("."):
            continue
        try:
            voices.append(read_voice(model))
        except (EngineUnavailable, SourceError) as exc:
            problems.append(str(exc))
    return Scan(folder, tuple(voices), tuple(problems))


_DIGESTS: dict[tuple[str, int, int], str] = {}
_DIGESTS_LOCK = threading.Lock()


def file_sha256(path: Path) -> str:
    """The sha256 hex digest of ``path``, remembered while its size and mtime stay the same."""
    stat = path.stat()
    key = (os.fspath(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _DIGESTS_LOCK:
        if key in _DIGESTS:
            return _DIGESTS[key]
    hasher = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            hasher.update(chunk)
    digest = hasher.hexdigest()
    with _DIGESTS_LOCK:
        _DIGESTS[key] = digest
    return digest
