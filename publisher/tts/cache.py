"""Content-addressed cache of synthesized speech (and of audio encoded from it).

An entry's name is the sha256 of everything that determines its content, so an entry never
goes stale: a changed text, voice, engine version or setting simply names another entry. Entries
are written to a temporary file and renamed into place, so a crash leaves no half-written entry;
one that fails its length check on reading (a disk that lost power) is treated as missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from publisher.errors import PublisherError
from publisher.tts.base import Mark, Speech

_MAGIC = b"publisher-speech 1\n"
ENV_VAR = "PUBLISHER_CACHE"
"""Environment variable naming the cache root (default ``.cache/publisher``)."""


def default_cache_dir() -> Path:
    """``$PUBLISHER_CACHE/speech``, else ``.cache/publisher/speech`` under the current folder."""
    return Path(os.environ.get(ENV_VAR) or ".cache/publisher") / "speech"


def cache_key(*parts: str | int | float) -> str:
    """The sha256 hex digest naming an entry made from ``parts``."""
    encoded = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def speech_key(engine: str, fingerprint: str, voice: str, lang: str, text: str) -> str:
    """The key of one utterance's speech."""
    return cache_key("speech", engine, fingerprint, voice, lang, text)


class SpeechCache:
    """A folder of entries named by key: ``<root>/<key[:2]>/<key><suffix>``."""

    def __init__(self, root: Path) -> None:
        """Use (and create on first write) the folder ``root``."""
        self.root = root

    def _path(self, key: str, suffix: str) -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def get_bytes(self, key: str, suffix: str) -> bytes | None:
        """The content stored under ``key`` and ``suffix``, or None."""
        try:
            return self._path(key, suffix).read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, suffix: str, data: bytes) -> None:
        """Store ``data`` under ``key`` and ``suffix``, atomically."""
        path = self._path(key, suffix)
        temporary: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            temporary = Path(name)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            temporary.replace(path)
        except OSError as exc:
            raise PublisherError(f"cannot write the speech cache in {self.root}: {exc}") from exc
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)

    def get(self, key: str) -> Speech | None:
        """The speech stored under ``key``, or None (also for an entry that does not check)."""
        data = self.get_bytes(key, ".pcm")
        if data is None or not data.startswith(_MAGIC):
            return None
        header_end = data.find(b"\n", len(_MAGIC))
        try:
            header = json.loads(data[len(_MAGIC) : header_end])
            pcm = data[header_end + 1 :]
            if header_end < 0 or len(pcm) != 2 * header["samples"]:
                return None
            marks = tuple(Mark(*mark) for mark in header["marks"])
            return Speech(pcm, int(header["sample_rate"]), marks)
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, speech: Speech) -> None:
        """Store ``speech`` under ``key``."""
        header = {
            "sample_rate": speech.sample_rate,
            "samples": speech.samples,
            "marks": [[m.kind, m.start, m.length, m.sample] for m in speech.marks],
        }
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        self.put_bytes(key, ".pcm", _MAGIC + encoded + b"\n" + speech.pcm[: speech.samples * 2])
