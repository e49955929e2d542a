"""Stopping: SIGINT, SIGTERM and SIGHUP end a build within moments, the outputs as they were.

The first signal sets the stop flag and raises KeyboardInterrupt in the main thread, which
unwinds the build: worker processes are killed, the staging folders removed. Other threads check
the flag (:func:`check`) between frames of audio and leave. Later signals do not interrupt that
cleanup. Should the process still run :data:`GRACE_S` after the signal (a long C call, a
swallowed interrupt), a watchdog runs what was registered with :func:`on_stop` and ends it.
While finished folders are swapped into place (:func:`deferred`) a signal waits for the swap.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl-C, and what ``timeout``, CI runners and a closed terminal send."""
EXIT_INTERRUPTED = 130
"""128 + SIGINT, whichever signal stopped it (as :mod:`publisher.errors` says)."""
GRACE_S = 1.5
"""How long after the first signal the process may take to end by itself."""
JOIN_S = 0.5
"""How long a stopped caller waits for its threads to leave before it goes on."""


class Stopped(KeyboardInterrupt):
    """Raised by :func:`check` once the process, or the calling thread, is to stop."""


_STOP = threading.Event()
_RAISED = threading.Event()
_SWAPPING = threading.Event()
_SWAPPED = threading.Event()
_LEAVING = threading.Event()
_LOCAL = threading.local()
_LOCK = threading.Lock()
_CLEANUPS: list[Callable[[], None]] = []
_FORKS: list[bool] = []


def requested() -> bool:
    """Whether a stop was asked for, of the process or of this thread."""
    own: threading.Event | None = getattr(_LOCAL, "cancel", None)
    return _STOP.is_set() or (own is not None and own.is_set())


def check() -> None:
    """Raise :class:`Stopped` if a stop was asked for: long loops call it as they go."""
    if requested():
        raise Stopped


def message() -> str:
    """What the command line says when a stop ended it."""
    if _SWAPPED.is_set():
        return "interrupted after the build had put its outputs in place: they are the new ones"
    return "interrupted: no release folder was replaced; the outputs are as they were"


def interrupt_on_signals() -> None:
    """Make SIGINT, SIGTERM and SIGHUP stop the process (call in the main thread).

    A process forked from this one (a speech engine's helper) ignores them: a terminal sends
    them to the whole group, and ending the helpers is the stop's own work.
    """
    _LEAVING.clear()
    for number in SIGNALS:
        signal.signal(number, _interrupt)
    if not _FORKS:
        _FORKS.append(True)
        os.register_at_fork(after_in_child=_forked)


def _forked() -> None:
    if signal.getsignal(signal.SIGINT) is _interrupt:
        with contextlib.suppress(ValueError):  # not forked from a thread Python calls main
            for number in SIGNALS:
                signal.signal(number, signal.SIG_IGN)


def exit_if_signalled(code: int) -> None:
    """After a signal's stop has cleaned up: end the process now, with ``code``.

    What is left is the interpreter's own teardown (collecting every object of the libraries
    a build loads), which a stopped build need not wait for. Without a signal, returns.
    """
    if not _RAISED.is_set():
        return
    processes = sys.modules.get("multiprocessing.util")
    if processes is not None:  # what it does at exit: its semaphores unlinked, children joined
        with contextlib.suppress(Exception):
            processes._exit_function()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def leaving() -> None:
    """The command has ended: a signal now only makes sure the process does not linger."""
    _LEAVING.set()


def _interrupt(number: int, frame: FrameType | None) -> None:
    _STOP.set()
    if _SWAPPING.is_set() or _RAISED.is_set():
        return
    _RAISED.set()
    threading.Thread(target=_watchdog, name="publisher-stop", daemon=True).start()
    if not _LEAVING.is_set():
        raise KeyboardInterrupt(signal.Signals(number).name)


@contextmanager
def on_stop(cleanup: Callable[[], None]) -> Iterator[None]:
    """Within the block, the watchdog runs ``cleanup`` should a stop overrun its grace.

    Newest first: workers are killed before the folders they write in are removed.
    """
    with _LOCK:
        _CLEANUPS.append(cleanup)
    try:
        yield
    finally:
        with _LOCK:
            _CLEANUPS.remove(cleanup)


@contextmanager
def deferred() -> Iterator[None]:
    """A signal that arrives within the block (in the main thread) does not interrupt it.

    For the swap of finished folders into place: it takes moments, and once it has begun the
    build is done; the command then ends as it would have.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _SWAPPING.set()
    try:
        yield
        _SWAPPED.set()
    finally:
        _SWAPPING.clear()


def _watchdog() -> None:
    """End the process if the stop has not ended it after :data:`GRACE_S`."""
    threading.Event().wait(GRACE_S)
    while _SWAPPING.is_set():
        threading.Event().wait(0.05)
    with _LOCK:
        cleanups = list(reversed(_CLEANUPS))
    for cleanup in cleanups:
        try:
            cleanup()
        except Exception:  # the others still run, and the process still ends
            continue
    try:
        sys.stderr.write(f"{message()}\n")
        sys.stderr.flush()
    finally:
        os._exit(EXIT_INTERRUPTED)


def side_by_side(calls: Sequence[Callable[[], None]], threads: int) -> None:
    """Run ``calls``, up to ``threads`` at once; raise the first one's failure when all ended.

    With one thread they run here, in order. Otherwise on daemon threads that a stop reaches
    through :func:`check`; an interrupted caller waits at most :data:`JOIN_S` for them, so a
    thread in a long C call holds neither the stop nor the exit.
    """
    if threads <= 1 or len(calls) <= 1:
        for call in calls:
            call()
        return
    errors: list[BaseException | None] = [None] * len(calls)
    pending = iter(enumerate(calls))
    taking = threading.Lock()
    cancel = threading.Event()

    def work() -> None:
        _LOCAL.cancel = cancel
        while not cancel.is_set():
            with taking:
                item = next(pending, None)
            if item is None:
                return
            try:
                item[1]()
            except BaseException as error:  # handed to the caller
                errors[item[0]] = error

    pool = [
        threading.Thread(target=work, name=f"publisher-{n}", daemon=True)
        for n in range(min(threads, len(calls)))
    ]
    try:
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    except BaseException:
        cancel.set()
        deadline = time.monotonic() + JOIN_S
        for thread in pool:
            if thread.ident is not None:
                thread.join(max(deadline - time.monotonic(), 0))
        raise
    for error in errors:
        if error is not None:
            raise error
