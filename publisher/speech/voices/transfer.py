"""Bringing one file of a voice in: copied from a regular file or downloaded, bounded, hashed.

A local source must be a regular file: a named pipe would wait for a writer for ever, a device
(``/dev/zero``) never ends, and a folder is no model; each is refused before it is opened. A
download has a time limit on connecting and on each read, and a size limit checked against the
promised length before the first byte and against the bytes as they come. Every byte is hashed
as it is written, so the caller compares checksums without reading the file again.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import stat
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path
from typing import IO, BinaryIO

from publisher.errors import EngineUnavailable, UsageError

NOTHING = "nothing was installed"


def is_url(source: str) -> bool:
    """Whether ``source`` is a web address rather than a file."""
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


def scheme(source: str) -> str:
    """``http`` or ``https`` (lower case) for a web address; empty for a file."""
    return urllib.parse.urlsplit(source).scheme.lower() if is_url(source) else ""


def check_regular(source: str) -> None:
    """UsageError unless ``source`` is a regular file (or a link to one); nothing is opened."""
    try:
        mode = Path(source).stat().st_mode
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file; {NOTHING}") from None
    except OSError as exc:
        raise UsageError(f"{source}: cannot be read ({exc.strerror}); {NOTHING}") from None
    _refuse_unless_regular(source, mode)


def _refuse_unless_regular(source: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise UsageError(f"{source}: is {kind}, not a file; give the voice's file; {NOTHING}")


def fetch(source: str, destination: Path, *, limit: int, timeout_s: float, downgrade: bool) -> str:
    """Copy or download ``source`` to ``destination``; its sha256.

    At most ``limit`` bytes. ``downgrade``: whether an ``https`` address may send the download on
    to plain ``http`` (only when the caller checks every file's checksum itself); else the
    download is refused before its first byte is read.
    """
    if not is_url(source):
        with _open_regular(source) as data:
            return _copy(data, destination, source, limit)
    request = urllib.request.Request(source, headers={"User-Agent": "publisher"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            if not downgrade:
                _refuse_downgrade(source, response.geturl())
            promised = _length(response.headers)
            if promised is not None and promised > limit:
                raise _too_large(source, limit)
            digest = _copy(response, destination, source, limit)
            got = destination.stat().st_size
            if promised is not None and got != promised:
                raise http.client.IncompleteRead(b"", promised - got)
            return digest
    except urllib.error.HTTPError as exc:
        raise UsageError(
            f"{source}: the server answered HTTP {exc.code} {exc.reason}; {NOTHING}"
        ) from None
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise EngineUnavailable(
            f"cannot download {source}: {reason or type(exc).__name__}; {NOTHING}"
        ) from None


def _open_regular(source: str) -> IO[bytes]:
    """``source`` opened for reading, refused (and closed) unless it is a regular file.

    Checked before opening, and again on what was opened (without waiting, should a pipe have
    taken the file's place in between).
    """
    check_regular(source)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(source, flags)
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file; {NOTHING}") from None
    try:
        _refuse_unless_regular(source, os.fstat(descriptor).st_mode)
    except UsageError:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def _refuse_downgrade(source: str, landed: str) -> None:
    """UsageError if an ``https`` address sent the download on to one that is not."""
    if scheme(source) == "https" and scheme(landed) != "https":
        raise UsageError(
            f"{source}: the server sends it on to {landed}, which is not https; give --sha256 "
            f"and --json-sha256 to accept it from there; {NOTHING}"
        )


def _length(headers: Message) -> int | None:
    promised = headers.get("Content-Length")
    return int(promised) if promised is not None and promised.isdigit() else None


def _too_large(source: str, limit: int) -> UsageError:
    return UsageError(f"{source}: larger than {limit >> 20} MB; not a voice's file; {NOTHING}")


def _copy(data: BinaryIO | IO[bytes], destination: Path, source: str, limit: int) -> str:
    hasher, total = hashlib.sha256(), 0
    with destination.open("wb") as out:
        while chunk := data.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise _too_large(source, limit)
            hasher.update(chunk)
            out.write(chunk)
    return hasher.hexdigest()
