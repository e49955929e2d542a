"""Content-addressed cache of synthesized speech (and of audio encoded from it).

An entry's name is the sha256 of everything that determines its content, so an entry never
goes stale: a changed text, voice, engine version or setting simply names another entry. Entries
are written to a temporary file and renamed into place, so a crash leaves no half-written entry.

Every entry (speech PCM and encoded MP3 or Opus alike) starts with a line giving the sha256 and
length of what follows, and is verified on every read. One that does not verify (truncated,
emptied, overwritten in place, unreadable) is a miss: it is noted in :attr:`SpeechCache.damaged`,
and the caller rebuilds it, and its ``put`` replaces it atomically.

A cache that cannot be written (a read-only folder, a file where the folder should be, a full
disk) never fails a build: it is only a cache, and the outputs are the same without it. The
first failed write is remembered (:attr:`SpeechCache.unwritable`), no more writes are tried, and
the caller tells the user once (:meth:`SpeechCache.reports`) that the build ran without storing
its speech and what to fix.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from publisher.errors import UsageError
from publisher.speech.engines.base import Mark, Speech

_MAGIC = b"publisher-cache 2\n"
FORMAT = 2
"""Version of the entry layout; part of every key, so entries of another layout are never read."""
ENV_VAR = "PUBLISHER_CACHE"
"""Environment variable naming the cache root (default: the user's cache folder)."""


def default_cache_root() -> Path:
    """``$PUBLISHER_CACHE``, else the user's cache folder (``~/.cache/publisher`` on Linux)."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_path

    return user_cache_path("publisher", appauthor=False)


def default_cache_dir() -> Path:
    """The speech cache: ``speech`` in :func:`default_cache_root`."""
    return default_cache_root() / "speech"


@dataclass(frozen=True, slots=True)
class Usage:
    """How much a cache folder holds."""

    entries: int
    bytes: int
    oldest: float | None
    """Last use of the least recently used entry (seconds since the epoch), None if empty."""
    newest: float | None


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.glob("??/*") if p.is_file() and not p.name.startswith(".tmp-")]


def usage(root: Path) -> Usage:
    """The entries in the cache folder ``root``, their size and their last use."""
    stats = [p.stat() for p in _entries(root)]
    used = [s.st_mtime for s in stats]
    return Usage(
        len(stats), sum(s.st_size for s in stats), min(used, default=None), max(used, default=None)
    )


def prune(root: Path, older_than_s: float, now: float | None = None) -> Usage:
    """Delete the entries not used for ``older_than_s`` seconds; returns what was deleted.

    An entry's use is its modification time: it is set when it is written and when a build
    reads it.
    """
    cutoff = (time.time() if now is None else now) - older_than_s
    removed: list[os.stat_result] = []
    for path in _entries(root):
        stat = path.stat()
        if stat.st_mtime < cutoff:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                reason = unwritable_reason(root, exc)
                raise UsageError(f"cannot delete from the speech cache {root}: {reason}") from None
            removed.append(stat)
    used = [s.st_mtime for s in removed]
    return Usage(
        len(removed),
        sum(s.st_size for s in removed),
        min(used, default=None),
        max(used, default=None),
    )


def _touch(path: Path) -> None:
    """Mark an entry as used now (what :func:`prune` goes by)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def cache_key(*parts: str | int | float) -> str:
    """The sha256 hex digest naming an entry made from ``parts``."""
    encoded = json.dumps([FORMAT, *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def speech_key(engine: str, fingerprint: str, voice: str, lang: str, text: str) -> str:
    """The key of one utterance's speech."""
    return cache_key("speech", engine, fingerprint, voice, lang, text)


class SpeechCache:
    """A folder of entries named by key: ``<root>/<key[:2]>/<key><suffix>``."""

    def __init__(self, root: Path) -> None:
        """Use (and create on first write) the folder ``root``."""
        self.root = root
        self.damaged: list[Path] = []
        """Entries found damaged by this object's reads, in order (each once)."""
        self.unwritable: str | None = None
        """Why the first write failed (then no more are tried); None while writes succeed."""
        self._told = False

    def _path(self, key: str, suffix: str) -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def _reject(self, path: Path) -> None:
        if path not in self.damaged:
            self.damaged.append(path)

    def reject(self, key: str, suffix: str) -> None:
        """Note that the entry under ``key`` and ``suffix`` verified but holds wrong content.

        For a check the cache cannot make itself (encoded audio that does not play for as long as
        it should); the caller rebuilds the entry and puts it again.
        """
        self._reject(self._path(key, suffix))

    def get_bytes(self, key: str, suffix: str) -> bytes | None:
        """The content stored under ``key`` and ``suffix``; None if absent or damaged."""
        path = self._path(key, suffix)
        try:
            data = path.read_bytes()
        except _ABSENT:
            return None
        except OSError:
            self._reject(path)
            return None
        payload = _verified(data)
        if payload is None:
            self._reject(path)
        else:
            _touch(path)
        return payload

    def get_file(self, key: str, suffix: str, destination: Path) -> bool:
        """Copy the content stored under ``key`` and ``suffix`` to ``destination``, in chunks.

        True if it was there and verified; False (``destination`` then holds nothing useful) if
        it is absent or damaged.
        """
        path = self._path(key, suffix)
        try:
            with path.open("rb") as entry, destination.open("wb") as out:
                header = entry.readline(len(_MAGIC)) + entry.readline(200)
                digest, length = _header(header)
                hasher, copied = hashlib.sha256(), 0
                while chunk := entry.read(1 << 20):
                    hasher.update(chunk)
                    out.write(chunk)
                    copied += len(chunk)
        except _ABSENT:
            return False
        except (OSError, ValueError):
            self._reject(path)
            return False
        if copied != length or hasher.hexdigest().encode("ascii") != digest:
            self._reject(path)
            return False
        _touch(path)
        return True

    def put_file(self, key: str, suffix: str, source: Path) -> None:
        """Store the content of the file ``source`` under ``key`` and ``suffix``, in chunks."""
        hasher, length = hashlib.sha256(), 0
        with source.open("rb") as data:
            while chunk := data.read(1 << 20):
                hasher.update(chunk)
                length += len(chunk)

        def copy(out: BinaryIO) -> None:
            with source.open("rb") as data:
                shutil.copyfileobj(data, out, 1 << 20)

        self._write(key, suffix, hasher.hexdigest(), length, copy)

    def put_bytes(self, key: str, suffix: str, data: bytes) -> None:
        """Store ``data`` under ``key`` and ``suffix``, atomically, with its checksum."""
        self._write(
            key, suffix, hashlib.sha256(data).hexdigest(), len(data), lambda out: out.write(data)
        )

    def _write(
        self, key: str, suffix: str, digest: str, length: int, body: Callable[[BinaryIO], object]
    ) -> None:
        if self.unwritable is not None:
            return
        path = self._path(key, suffix)
        temporary: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            temporary = Path(name)
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + f"{digest} {length}\n".encode("ascii"))
                body(out)
            temporary.replace(path)
        except OSError as exc:
            self.unwritable = unwritable_reason(self.root, exc)
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)

    def get(self, key: str) -> Speech | None:
        """The speech stored under ``key``, or None (also for an entry that does not verify)."""
        data = self.get_bytes(key, ".pcm")
        if data is None:
            return None
        header_end = data.find(b"\n")
        try:
            header = json.loads(data[:header_end])
            pcm = data[header_end + 1 :]
            if header_end < 0 or len(pcm) != 2 * header["samples"]:
                raise ValueError("length")
            marks = tuple(Mark(*mark) for mark in header["marks"])
            return Speech(pcm, int(header["sample_rate"]), marks)
        except (ValueError, KeyError, TypeError):
            self._reject(self._path(key, ".pcm"))
            return None

    def put(self, key: str, speech: Speech) -> None:
        """Store ``speech`` under ``key``."""
        header = {
            "sample_rate": speech.sample_rate,
            "samples": speech.samples,
            "marks": [[m.kind, m.start, m.length, m.sample] for m in speech.marks],
        }
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        self.put_bytes(key, ".pcm", encoded + b"\n" + speech.pcm[: speech.samples * 2])

    def reports(self) -> list[str]:
        """What the user should hear about this cache that was not said yet, each once.

        The damaged entries found (and rebuilt), and whether writing failed.
        """
        found = [report] if (report := self.damage_report()) is not None else []
        self.damaged.clear()
        if self.unwritable is not None and not self._told:
            self._told = True
            found.append(
                f"the speech cache {self.root} cannot be written ({self.unwritable}); this build "
                "ran without storing its speech there, so the next one synthesizes it again: fix "
                "the folder, or give another with --cache-dir or $PUBLISHER_CACHE, or --no-cache"
            )
        return found

    def damage_report(self) -> str | None:
        """One sentence about the damaged entries found so far, or None if there were none."""
        if not self.damaged:
            return None
        count = len(self.damaged)
        entries = "entry" if count == 1 else "entries"
        return (
            f"{count} damaged speech cache {entries} (truncated, emptied or overwritten) "
            f"rebuilt and replaced in {self.root}, e.g. {self.damaged[0].name}"
        )


_ABSENT = (FileNotFoundError, NotADirectoryError, PermissionError)
"""A read failing so is a miss, not a damaged entry: the entry or its folder is not ours to read."""


def unwritable_reason(root: Path, error: OSError) -> str:
    """Why the cache folder ``root`` cannot be written, in words (the same for every entry)."""
    for folder in (root, *root.parents):
        if folder.exists():
            if not folder.is_dir():
                return f"{folder} is a file, not a folder"
            break
    reasons = {
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return reasons.get(error.errno or 0) or error.strerror or str(error)


def _header(lines: bytes) -> tuple[bytes, int]:
    """(sha256 hex digest, payload length) from an entry's first two lines; ValueError if bad."""
    if not lines.startswith(_MAGIC) or not lines.endswith(b"\n"):
        raise ValueError("not an entry")
    digest, _, length = lines[len(_MAGIC) : -1].partition(b" ")
    if len(digest) != 64 or not length.isdigit():
        raise ValueError("not an entry")
    return digest, int(length)


def _verified(data: bytes) -> bytes | None:
    """The payload of a stored entry if its checksum and length hold, else None."""
    if not data.startswith(_MAGIC):
        return None
    line_end = data.find(b"\n", len(_MAGIC))
    if line_end < 0:
        return None
    digest, _, length = data[len(_MAGIC) : line_end].partition(b" ")
    payload = data[line_end + 1 :]
    if not length.isdigit() or len(payload) != int(length):
        return None
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        return None
    return payload
