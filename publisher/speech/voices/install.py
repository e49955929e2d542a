"""``publisher voices add``: a voice model and its config into the voices folder, all or nothing.

The model (``NAME.onnx``) and its config (``NAME.onnx.json``) are copied or downloaded
(:mod:`.transfer`), and each one's sha256 is checked when it is given: ``--sha256`` for the model,
``--json-sha256`` for the config. A plain ``http://`` address needs both, since anyone on the way
could change either file: without them it is refused before any connection. ``https://`` and
local files may go without; the checksums computed are then printed, to pin next time.

Both files are first written to a temporary folder inside the voices folder, checked (the
checksums, the config, and the model loaded once when piper-tts is installed), then renamed into
place, config first: a voice is only seen once its model is there, and a failed or mismatching
download leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import EngineUnavailable, SourceError, UsageError
from publisher.speech.voices.files import (
    CONFIG_SUFFIX,
    MODEL_SUFFIX,
    VoiceFile,
    config_of,
    read_voice,
)
from publisher.speech.voices.transfer import NOTHING, check_regular, fetch, is_url, scheme

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
"""What a voice's file name may be made of (Piper's are like ``es_MX-claude-high``)."""
MAX_BYTES = 1 << 30
"""Largest model accepted (Piper's largest models are about 120 MB)."""
MAX_CONFIG_BYTES = 4 << 20
"""Largest config accepted (Piper's are a few KB)."""
TIMEOUT_S = 60.0
"""Limit on connecting and on each read of a download."""


@dataclass(frozen=True, slots=True)
class Pins:
    """The checksums a user gave: the model's (``--sha256``), its config's (``--json-sha256``)."""

    model: str | None = None
    config: str | None = None

    @property
    def both(self) -> bool:
        """Whether every file of the voice is pinned."""
        return self.model is not None and self.config is not None


@dataclass(frozen=True, slots=True)
class Added:
    """A voice now in the voices folder."""

    voice: VoiceFile
    sha256: str
    """The model's checksum, as verified (or, without ``--sha256``, as computed)."""
    config_sha256: str
    """The config's checksum, as verified (or, without ``--json-sha256``, as computed)."""
    replaced: bool
    """Whether a voice of the same name was there before."""


def check_sha256(value: str) -> str:
    """``value`` as 64 lowercase hex digits; ValueError if it is not a sha256 digest."""
    digest = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError(f"'{value}' is not a sha256 checksum (64 hexadecimal digits)")
    return digest


def add_voice(
    source: str, folder: Path, pins: Pins | None = None, *, timeout_s: float = TIMEOUT_S
) -> Added:
    """Install the voice whose model is the file or ``http(s)`` address ``source``.

    Its config is the same name with ``.json`` added. Each checksum in ``pins`` is checked.
    UsageError (bad source, plain http without both checksums, a checksum mismatch, not a Piper
    voice) or EngineUnavailable (the network) if it cannot be done; then nothing is written.
    """
    pins = pins or Pins()
    name = _name(source)
    _check_source(source, name, pins)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=folder))
    except OSError as exc:
        raise UsageError(
            f"cannot write the voices folder {folder}: {exc.strerror or exc}"
        ) from None
    try:
        model = staging / f"{name}{MODEL_SUFFIX}"
        config = config_of(model)
        digest = fetch(source, model, limit=MAX_BYTES, timeout_s=timeout_s, downgrade=pins.both)
        _verify(source, digest, pins.model, "--sha256")
        config_source = _config_source(source)
        config_digest = fetch(
            config_source, config, limit=MAX_CONFIG_BYTES, timeout_s=timeout_s, downgrade=pins.both
        )
        _verify(config_source, config_digest, pins.config, "--json-sha256")
        _checked(model, source)
        final = folder / model.name
        replaced = final.exists()
        config.replace(config_of(final))
        model.replace(final)
        return Added(read_voice(final), digest, config_digest, replaced)
    except OSError as exc:
        raise UsageError(
            f"cannot install {source} in {folder}: {exc.strerror or exc}; {NOTHING}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_source(source: str, name: str, pins: Pins) -> None:
    """Refuse, before any connection or any file is opened, what cannot be installed safely."""
    if scheme(source) == "http" and not pins.both:
        raise UsageError(
            f"{source}: a plain http:// download can be changed on the way; give the sha256 of "
            f"both files (--sha256 for {name}{MODEL_SUFFIX}, --json-sha256 for "
            f"{name}{CONFIG_SUFFIX}) or an https:// address; nothing was downloaded"
        )
    if not is_url(source):
        check_regular(source)
        check_regular(_config_source(source))


def _verify(source: str, digest: str, expected: str | None, option: str) -> None:
    if expected is not None and digest != expected:
        raise UsageError(
            f"{source}: its sha256 is {digest}, not {expected} as {option} says "
            f"(a damaged or different file); {NOTHING}"
        )


def _name(source: str) -> str:
    path = urllib.parse.urlsplit(source).path if is_url(source) else source
    base = urllib.parse.unquote(path.replace("\\", "/").rsplit("/", 1)[-1])
    if not base.endswith(MODEL_SUFFIX):
        raise UsageError(
            f"{source}: not a Piper voice model (NAME{MODEL_SUFFIX}, with NAME{CONFIG_SUFFIX} "
            "beside it)"
        )
    name = base.removesuffix(MODEL_SUFFIX)
    if not NAME.fullmatch(name):
        raise UsageError(f"{source}: '{name}' is not a voice name (letters, digits, _ . + -)")
    return name


def _config_source(source: str) -> str:
    if not is_url(source):
        return str(config_of(Path(source)))
    parts = urllib.parse.urlsplit(source)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path + ".json"))


def _checked(model: Path, source: str) -> VoiceFile:
    """The staged voice, its config read and (with piper-tts installed) its model loaded."""
    try:
        voice = read_voice(model)
    except SourceError as exc:
        raise UsageError(f"{_config_source(source)}: {exc.message}") from None
    try:
        from publisher.speech.engines.piper import load_voice

        load_voice(voice)
    except EngineUnavailable:  # piper-tts is not installed: the config alone is checked
        pass
    except SourceError as exc:
        raise UsageError(f"{source}: {exc.message}") from None
    return voice
