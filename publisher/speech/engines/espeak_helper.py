"""The espeak helper: a small process that speaks each sentence in a child forked for it.

The build starts it from a fresh interpreter (``python -P -m`` this module with its own process
id, see :mod:`.espeak_client`), never by forking itself: a fork copies a process whose native
threads (FFmpeg's slice threads, ONNX Runtime's pools) may hold locks, and the child can then
block for ever, as when the garbage collector of a forked child freed an FFmpeg filter graph.
The helper imports the standard library, espeak-ng and light modules of this package (never
PyAV or NumPy) and runs one thread, so forking it is safe.

Each sentence is spoken in a child forked from the helper's unchanging state: espeak's wave
generator keeps state from one call to the next, so the audio of a sentence then depends only on
its text, voice and settings. The child gets the sentence's time limit; one that runs over is
killed and the reply says so.

The helper leaves at the end of its requests (the build closed the pipe, or ended), or when its
parent is no longer the process that started it (checked every :data:`PARENT_CHECK_S`). Started
from a main thread, it also asks Linux to kill it when its parent ends (``PR_SET_PDEATHSIG``),
which ends even a helper that cannot run; not from other threads, as the signal comes when the
*thread* that started it ends. It ignores Ctrl-C (it also runs in a session of its own): the
build ends it.

Both ways, a message is its length (:data:`LENGTH`) and its bytes. A request is voice, rate,
pitch, limit and text, NUL-separated, in UTF-8; a reply starts with its status (:data:`REPLY`).
"""

from __future__ import annotations

import ctypes
import math
import os
import select
import signal
import struct
import sys
import time
from collections.abc import Callable

from publisher.errors import EngineUnavailable
from publisher.speech.engines.espeak_library import Library

SPOKEN, FAILED, UNAVAILABLE, TIMED_OUT = 0, 1, 2, 3
"""Reply statuses: the packed speech; the child failed; the voice or library did not load (the
reply is the message); the child ran over its time limit and was killed."""
LENGTH = struct.Struct("<I")
REPLY = struct.Struct("<iI")
"""A reply's status and the length of what follows."""
PARENT_CHECK_S = 1.0
"""How often an idle helper checks that the process that started it still runs."""
_PR_SET_PDEATHSIG = 1


def encode_request(identifier: str, rate: int, pitch: int, limit_s: float, text: str) -> bytes:
    """A request to speak ``text`` (no NUL) with that voice and settings within ``limit_s``."""
    body = "\0".join((identifier, str(rate), str(pitch), repr(limit_s), text)).encode("utf-8")
    return LENGTH.pack(len(body)) + body


def read_exactly(fd: int, count: int) -> bytes | None:
    """``count`` bytes from the blocking ``fd``; None at end of file before them."""
    chunks: list[bytes] = []
    while count:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    """All of ``data`` to the blocking ``fd``."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _BuildGone(Exception):
    """The build closed the requests (or ended) while a child was speaking."""


class _Helper:
    """The helper's state: espeak-ng (or why it did not load) and its own process id."""

    def __init__(self, library: Library | EngineUnavailable) -> None:
        self.library = library
        self.pid = os.getpid()
        self.pipes: tuple[int, ...] = ()
        """The helper's ends of its pipes to the build, which its children close."""
        self.prctl = _prctl()

    def serve(self, requests: int, replies: int, parent: int) -> None:
        """Answer requests until their end, or until the parent is gone."""
        self.pipes = (requests, replies)
        poller = select.poll()
        poller.register(requests, select.POLLIN)
        while True:
            while not poller.poll(round(PARENT_CHECK_S * 1000)):
                if os.getppid() != parent:
                    return
            size = read_exactly(requests, LENGTH.size)
            body = read_exactly(requests, LENGTH.unpack(size)[0]) if size else None
            if body is None:
                return
            try:
                status, payload = self.answer(body)
            except _BuildGone:
                return
            write_all(replies, REPLY.pack(status, len(payload)) + payload)

    def answer(self, body: bytes) -> tuple[int, bytes]:
        """A reply's status and payload for one request."""
        identifier, rate, pitch, limit, text = body.decode("utf-8").split("\0", 4)
        library = self.library
        if isinstance(library, EngineUnavailable):
            return UNAVAILABLE, str(library).encode("utf-8")
        try:
            library.select(identifier, int(rate), int(pitch))
        except EngineUnavailable as exc:
            return UNAVAILABLE, str(exc).encode("utf-8")
        return self.speak_in_child(library, text, float(limit))

    def speak_in_child(self, library: Library, text: str, limit_s: float) -> tuple[int, bytes]:
        """Speak ``text`` in a child forked for it, killed if it runs over ``limit_s``."""
        deadline = time.monotonic() + limit_s
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: synthesize, hand the result over, leave without cleanup
            status = 1
            try:
                for fd in (read_end, *self.pipes):
                    os.close(fd)
                if self.prctl is not None:  # killing the helper kills its child
                    self.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
                if os.getppid() == self.pid:
                    packed = library.speak(text)
                    write_all(write_end, LENGTH.pack(len(packed)) + packed)
                    status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        try:
            received = self.receive(read_end, deadline)
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        finally:
            os.close(read_end)
        if received is None or not _reaped(pid, deadline):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if received is None:
            return TIMED_OUT, b""
        size = LENGTH.unpack_from(received)[0] if len(received) >= LENGTH.size else -1
        if size != len(received) - LENGTH.size:  # the child failed before it wrote it all
            return FAILED, b""
        return SPOKEN, received[LENGTH.size :]

    def receive(self, fd: int, deadline: float) -> bytes | None:
        """Everything the child writes up to its end; None if that comes after ``deadline``.

        _BuildGone when the requests end meanwhile: the build sends nothing while it waits.
        """
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        poller.register(self.pipes[0], select.POLLIN)
        chunks: list[bytes] = []
        while (left := deadline - time.monotonic()) > 0:
            ready = dict(poller.poll(math.ceil(left * 1000)))
            if self.pipes[0] in ready:
                raise _BuildGone
            if fd in ready:
                if not (chunk := os.read(fd, 1 << 20)):
                    return b"".join(chunks)
                chunks.append(chunk)
        return None


def _prctl() -> Callable[[int, int], int] | None:
    """Linux's ``prctl``; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[[int, int], int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def _reaped(pid: int, deadline: float) -> bool:
    """Whether the child ``pid``, whose pipe has ended, exited by ``deadline`` (it is reaped)."""
    while True:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.0005)


def main(argv: list[str] | None = None) -> int:
    """Serve the requests on stdin, replies on stdout.

    ``argv``: the parent's process id, and ``1`` if the helper is to die with its parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_SETMASK, ())
    parent, die_with_parent = (sys.argv[1:] if argv is None else argv)[:2]
    if die_with_parent == "1" and (prctl := _prctl()) is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # The pipes move off 0 and 1, so that nothing printed can mix with the replies.
    requests, replies = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    if os.getppid() != int(parent):  # the build ended while this started
        return 0
    try:
        library: Library | EngineUnavailable = Library()
    except EngineUnavailable as exc:
        library = exc
    try:
        _Helper(library).serve(requests, replies, int(parent))
    except OSError:  # the build is gone (a broken pipe)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
