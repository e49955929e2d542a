"""The build's side of the espeak helper (:mod:`.espeak_helper`): start it, ask it, end it.

One helper per process, started on the first sentence from a fresh interpreter, in a session
of its own: Ctrl-C on the terminal does not reach it, and killing its process group also kills
the child speaking a sentence. Every wait on it has a deadline: a sentence may take
:data:`TIME_LIMIT` (a helper's first one :data:`STARTUP_S` more). A helper that does not answer
in time is killed, the sentence fails with a SynthesisError naming it, and the next sentence
starts a new helper. A forked process (a build's worker) leaves its parent's helper to the
parent and starts its own. :func:`stop_helper` ends the helper at once, from anywhere.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import EngineUnavailable, SynthesisError
from publisher.speech.engines.base import excerpt
from publisher.speech.engines.espeak_helper import (
    FAILED,
    REPLY,
    SPOKEN,
    TIMED_OUT,
    UNAVAILABLE,
    encode_request,
)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """How long one sentence may take: a base and an allowance per character."""

    base_s: float = 30.0
    per_character_s: float = 0.02

    def for_text(self, text: str) -> float:
        """The limit for ``text``, in seconds."""
        return self.base_s + self.per_character_s * len(text)


TIME_LIMIT = TimeLimit()
"""The limit of every sentence: espeak speaks a few thousand characters a second, so this is
generous for a slow machine under load (a test may replace it)."""
STARTUP_S = 30.0
"""What a new helper's first sentence may take on top of its limit: an interpreter's start and
loading espeak-ng's data (a tenth of a second on an idle machine)."""
REPLY_MARGIN_S = 5.0
"""How long past a sentence's limit the build waits for the helper, which stops its child at
the limit and says so, before it kills the helper."""
STOP_GRACE_S = 1.0
"""How long :func:`stop_helper` waits for the helper to leave before it kills it."""
HELPER_MODULE = "publisher.speech.engines.espeak_helper"
_ROOT = str(Path(__file__).resolve().parents[3])
"""The folder that holds this ``publisher`` package: the helper imports the same code."""


class _Helper:
    """A running helper: its process and the build's ends of its pipes."""

    def __init__(self) -> None:
        # Linux kills a helper with its parent only if the thread that started it lives as long.
        main = threading.current_thread() is threading.main_thread()
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": _ROOT + (os.pathsep + path if path else "")}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-m", HELPER_MODULE, str(os.getpid()), str(int(main))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,
                close_fds=True,
                start_new_session=True,
                env=env,
            )
        except OSError as exc:
            raise EngineUnavailable(f"espeak cannot start its helper process: {exc}") from exc
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.requests = self.process.stdin
        self.replies = self.process.stdout
        os.set_blocking(self.requests.fileno(), False)
        os.set_blocking(self.replies.fileno(), False)
        self.answered = False
        self.usable = True
        """False once a request went wrong: the pipes may be out of step."""

    def ask(self, request: bytes, wait_s: float) -> tuple[int, bytes]:
        """Send ``request``; the reply's status and payload, or TIMED_OUT after ``wait_s``.

        FAILED when the helper ended. Either way it is then no longer :attr:`usable`.
        """
        self.usable = False
        deadline = time.monotonic() + wait_s + (0.0 if self.answered else STARTUP_S)
        try:
            self._send(request, deadline)
            header = self._receive(REPLY.size, deadline)
            status, length = REPLY.unpack(header)
            payload = self._receive(length, deadline)
        except TimeoutError:
            return TIMED_OUT, b""
        except (OSError, EOFError):
            return FAILED, b""
        self.usable = self.answered = True
        return status, payload

    def _send(self, data: bytes, deadline: float) -> None:
        fd = self.requests.fileno()
        view = memoryview(data)
        while view:
            _wait(fd, select.POLLOUT, deadline)
            with contextlib.suppress(BlockingIOError):
                view = view[os.write(fd, view) :]

    def _receive(self, count: int, deadline: float) -> bytes:
        fd = self.replies.fileno()
        chunks: list[bytes] = []
        while count:
            _wait(fd, select.POLLIN, deadline)
            try:
                chunk = os.read(fd, min(count, 1 << 20))
            except BlockingIOError:
                continue
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        """End the helper and the child speaking for it now."""
        if self.process.returncode is None:  # not reaped: its group cannot be another's
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._reap(STOP_GRACE_S)

    def end(self) -> None:
        """Close its requests (it leaves), and kill it if it has not left within a moment."""
        self.requests.close()
        if not self._reap(STOP_GRACE_S):
            self.kill()
        self.close()

    def close(self) -> None:
        """Close the build's ends of the pipes."""
        self.requests.close()
        self.replies.close()

    def _reap(self, timeout: float) -> bool:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True


def _wait(fd: int, event: int, deadline: float) -> None:
    """Return when ``fd`` is ready for ``event`` (or has ended); TimeoutError at ``deadline``."""
    poller = select.poll()
    poller.register(fd, event)
    while not poller.poll(math.ceil(max(deadline - time.monotonic(), 0) * 1000)):
        if time.monotonic() >= deadline:
            raise TimeoutError


_LOCK = threading.Lock()
"""One sentence at a time: held while a request and its reply are on the pipes."""
_CURRENT: list[_Helper] = []
"""The running helper (none, or one)."""
_INHERITED: list[_Helper] = []
"""Helpers a forked process inherited: its parent's to end, kept here so nothing reaps them."""


def speak(identifier: str, rate: int, pitch: int, text: str) -> bytes:
    """``text`` (no NUL) spoken with that voice and settings by a child of the helper.

    What :meth:`.espeak_library.Library.speak` returns; SynthesisError naming the sentence if
    the helper fails on it or does not answer within its time limit.
    """
    limit = TIME_LIMIT.for_text(text)
    request = encode_request(identifier, rate, pitch, limit, text)
    with _LOCK:
        helper = _CURRENT[0] if _CURRENT else _start()
        try:
            status, payload = helper.ask(request, limit + REPLY_MARGIN_S)
        finally:
            if not helper.usable:
                _drop(helper)
    if status == SPOKEN:
        return payload
    if status == UNAVAILABLE:
        raise EngineUnavailable(payload.decode("utf-8", "replace"))
    if status == TIMED_OUT:
        raise SynthesisError(
            f"espeak did not finish speaking {excerpt(text)} within {limit:.3g} s and was "
            "stopped (a machine short of CPU or memory, or a fault in espeak-ng)"
        )
    raise SynthesisError(f"espeak stopped while speaking: {excerpt(text)}")


def _start() -> _Helper:
    helper = _Helper()
    _CURRENT[:] = [helper]
    return helper


def _drop(helper: _Helper) -> None:
    """Forget ``helper`` and end it now (with ``_LOCK`` held)."""
    if helper in _CURRENT:
        _CURRENT.clear()
    helper.kill()
    helper.close()


def helper_pid() -> int | None:
    """The process id of the helper, None when none runs."""
    current = list(_CURRENT)
    return current[0].process.pid if current else None


def stop_helper() -> None:
    """End the helper now if one runs; the next sentence starts another.

    Safe from any thread and at any point, also from a signal handler or while a
    KeyboardInterrupt unwinds: when a sentence is on its way, the helper is killed at once
    (that sentence fails, and its thread drops the helper); otherwise its requests are closed
    and it is killed if it has not left within :data:`STOP_GRACE_S`.
    """
    current = list(_CURRENT)
    if not current:
        return
    if not _LOCK.acquire(blocking=False):
        current[0].kill()
        return
    try:
        if current[0] in _CURRENT:
            _CURRENT.clear()
        current[0].end()
    finally:
        _LOCK.release()


def _forget_parents_helper() -> None:
    """In a forked process: leave the parent's helper to the parent.

    Sharing its pipes would mix two processes' requests; this process starts its own helper on
    its first sentence.
    """
    global _LOCK  # noqa: PLW0603 - a lock another thread held at the fork stays held
    _LOCK = threading.Lock()
    for helper in _CURRENT:
        helper.close()
        _INHERITED.append(helper)
    _CURRENT.clear()


atexit.register(stop_helper)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parents_helper)
