"""``publisher voices add``: a voice model and its config into the voices folder, all or nothing.

The model and config are copied or downloaded, the model's checksum verified.

Both files are first written to a temporary folder inside the voices folder, checked (the
checksum, the config, and the model loaded once when piper-tts is installed), then renamed into
place, config first: a voice is only seen once its model is there, and a failed or mismatching
download leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from publisher.errors import EngineUnavailable, PublisherError, SourceError, UsageError
from publisher.speech.voices.files import (
    CONFIG_SUFFIX,
    MODEL_SUFFIX,
    VoiceFile,
    config_of,
    read_voice,
)

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
"""What a voice's file name may be made of (Piper's are like ``es_MX-claude-high``)."""
MAX_BYTES = 1 << 30
"""Largest file accepted (Piper's largest models are about 120 MB)."""
TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Added:
    """A voice now in the voices folder."""

    voice: VoiceFile
    sha256: str
    """The model's checksum, as verified (or, without ``--sha256``, as computed)."""
    replaced: bool
    """Whether a voice of the same name was there before."""


def is_url(source: str) -> bool:
    """Whether ``source`` is a web address rather than a file."""
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


def check_sha256(value: str) -> str:
    """``value`` as 64 lowercase hex digits; ValueError if it is not a sha256 digest."""
    digest = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError(f"'{value}' is not a sha256 checksum (64 hexadecimal digits)")
    return digest


def add_voice(
    source: str, folder: Path, sha256: str | None = None, *, timeout_s: float = TIMEOUT_S
) -> Added:
    """Install the voice whose model is the file or ``http(s)`` address ``source``.

    Its config is the same name with ``.json`` added. ``sha256`` (of the model) is checked
    when given. UsageError (bad source, checksum mismatch, not a Piper voice) or
    EngineUnavailable (the network) if it cannot be done; then nothing is written.
    """
    name = _name(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=folder))
    except OSError as exc:
        raise PublisherError(f"cannot write the voices folder {folder}: {exc}") from exc
    try:
        model = staging / f"{name}{MODEL_SUFFIX}"
        digest = _fetch(source, model, timeout_s)
        if sha256 is not None and digest != sha256:
            raise UsageError(
                f"{source}: its sha256 is {digest}, not {sha256} as --sha256 says "
                "(a damaged or different file); nothing was installed"
            )
        _fetch(_config_source(source), config_of(model), timeout_s)
        _checked(model, source)
        final = folder / model.name
        replaced = final.exists()
        config_of(model).replace(config_of(final))
        model.replace(final)
        return Added(read_voice(final), digest, replaced)
    except OSError as exc:
        raise PublisherError(f"cannot install {source} in {folder}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


def _fetch(source: str, destination: Path, timeout_s: float) -> str:
    """Copy or download ``source`` to ``destination``; its sha256."""
    if not is_url(source):
        try:
            with Path(source).open("rb") as data:
                return _copy(data, destination, source)
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file; nothing was installed") from None
        except IsADirectoryError:
            raise UsageError(f"{source}: is a folder, not a file; nothing was installed") from None
    request = urllib.request.Request(source, headers={"User-Agent": "publisher"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            digest = _copy(response, destination, source)
            promised = response.headers.get("Content-Length")
            if promised is not None and promised.isdigit():
                got = destination.stat().st_size
                if got != int(promised):
                    raise http.client.IncompleteRead(b"", int(promised) - got)
            return digest
    except urllib.error.HTTPError as exc:
        raise UsageError(
            f"{source}: the server answered HTTP {exc.code} {exc.reason}; nothing was installed"
        ) from None
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise EngineUnavailable(
            f"cannot download {source}: {reason or type(exc).__name__}; nothing was installed"
        ) from None


def _copy(data: BinaryIO, destination: Path, source: str) -> str:
    hasher, total = hashlib.sha256(), 0
    with destination.open("wb") as out:
        while chunk := data.read(1 << 20):
            total += len(chunk)
            if total > MAX_BYTES:
                raise UsageError(f"{source}: larger than {MAX_BYTES >> 20} MB; not a voice model")
            hasher.update(chunk)
            out.write(chunk)
    return hasher.hexdigest()


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
