"""Running many tasks: in this process, on a pool of worker processes, or on a Dask cluster.

Every executor hands each finished task's result to ``done`` in the build's own process, which
moves the files into the staging folder: a task that fails stops the build before anything is
swapped into place, whichever executor ran it.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

from publisher.errors import PublisherError
from publisher.interrupts import on_stop
from publisher.options import BuildOptions
from publisher.tasks.plan import Task
from publisher.tasks.run import TaskResult, run_task

Done = Callable[[Task, TaskResult], None]
"""Called in the build's process with each task as it finishes."""
ScratchFor = Callable[[Task], Path]
"""The scratch folder a task writes into (inside its release's staging folder)."""


class Executor(Protocol):
    """Runs tasks and reports each as it finishes."""

    def run(self, tasks: Sequence[Task], scratch_for: ScratchFor, done: Done) -> None:
        """Run every task; raise the first failure after stopping the others."""
        ...


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def encoder_threads(options: BuildOptions, narrated: int) -> int:
    """Threads each narrated task encodes with: one, or two (MP3 and Opus side by side).

    Two only when there are cores to spare: when the narrated tasks alone keep every core
    busy, a second thread per task costs more than it saves. A Dask worker runs each task on
    one of its threads, so a task there encodes on one.
    """
    if options.scheduler is not None or options.jobs <= 1 or narrated == 0:
        return 1
    return max(1, min(MAX_ENCODERS, options.jobs // narrated))


MAX_ENCODERS = 2
"""A narration has two codecs to encode at once (MP3 and Opus)."""


def longest_first(tasks: Sequence[Task]) -> list[Task]:
    """Tasks in the order that keeps workers busy to the end: the costliest first."""
    return sorted(tasks, key=lambda t: -t.cost)


class InProcess:
    """Tasks one after the other in the build's own process (``-j 1``)."""

    def run(self, tasks: Sequence[Task], scratch_for: ScratchFor, done: Done) -> None:
        """Run each task here, in the plan's order."""
        try:
            for task in tasks:
                done(task, run_task(task, scratch_for(task)))
        except KeyboardInterrupt:
            end_helpers()
            raise


def end_helpers() -> None:
    """End the helper processes a speech engine started in this process, if any."""
    espeak = sys.modules.get("publisher.speech.engines.espeak")
    if espeak is not None:
        espeak.stop_helper()


class Processes:
    """Tasks on a pool of ``jobs`` worker processes on this machine."""

    def __init__(self, jobs: int) -> None:
        """A pool of ``jobs`` workers, started when the first task is submitted."""
        self.jobs = jobs

    def run(self, tasks: Sequence[Task], scratch_for: ScratchFor, done: Done) -> None:
        """Run the tasks, costliest first, on up to ``jobs`` workers at once."""
        pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=worker_context(),
            initializer=_worker_signals,
            initargs=(os.getpid(),),
        )
        running: dict[Future[TaskResult], Task] = {}
        with on_stop(lambda: _kill(_processes(pool))):
            try:
                for task in longest_first(tasks):
                    running[pool.submit(run_task, task, scratch_for(task))] = task
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        task = running.pop(future)
                        done(task, _result(future, task))
            except BaseException:
                _stop(pool)
                raise
        pool.shutdown(wait=True)


PRELOAD = ("publisher.tasks.run", "publisher.build", "publisher.web.edition")
"""Imported once by the fork server, so each worker starts with them. Modules that start
native threads when imported (NumPy's BLAS) or hold native state (PyAV) are left to the
workers: the fork server must hold only what forks cleanly."""


def worker_context() -> BaseContext:
    """Where workers start from: a fork server (else a fresh interpreter), never this process.

    The build's process may hold threads by the time its workers start (the progress bar's, a
    preview's server; FFmpeg's, once a task ran here), and a forked copy of a process keeps
    only the thread that forked. The fork server is a fresh interpreter that imports
    :data:`PRELOAD` and nothing else, and forks the workers from that known state.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods() or not _socket_fits():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    from multiprocessing import forkserver

    # A closed terminal sends SIGHUP to the whole group; the resource tracker (started with the
    # fork server) must outlive it, to unlink the pool's semaphores as the build stops.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return context


_SOCKET_PATH_MAX = 107
"""The longest path a Unix socket may have on Linux (``sun_path`` less its NUL)."""
_SOCKET_NAME = len("/pymp-12345678/listener-12345678")
"""What the fork server adds to the temporary folder to name its socket."""


def _socket_fits() -> bool:
    """Whether the fork server's socket can be made in the temporary folder.

    A long ``TMPDIR`` makes the socket's path too long to bind: the workers then start as fresh
    interpreters.
    """
    import tempfile

    return len(os.fsencode(tempfile.gettempdir())) + _SOCKET_NAME <= _SOCKET_PATH_MAX


def _worker_signals(build: int) -> None:
    """In a worker: Ctrl-C is the build's to handle (it stops the workers), SIGTERM ends it.

    The worker ends with the build's process ``build``, however that ends.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _die_with(build)


def _die_with_parent() -> None:
    """Linux: end this worker when the fork server that started it ends, even by ``kill -9``."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the fork server ended before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _die_with(build: int) -> None:
    """End this worker when the process ``build`` ends (Linux 5.3+: a pidfd; else nothing).

    Not the worker's parent (the fork server), which outlives the build while a worker holds
    the pipe it watches: without this, a killed build's workers and fork server would wait on
    each other for ever.
    """
    try:
        handle = os.pidfd_open(build)
    except ProcessLookupError:  # the build has ended already
        os._exit(1)
    except (OSError, AttributeError):
        return
    watcher = threading.Thread(target=_exit_when_readable, args=(handle,), daemon=True)
    watcher.start()


def _exit_when_readable(handle: int) -> None:
    select.select([handle], [], [])
    os._exit(1)


def _result(future: Future[TaskResult], task: Task) -> TaskResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise PublisherError(
            f"a worker process stopped while building {task.id} (killed, or out of memory?); "
            "nothing was replaced: build again, or with -j 1"
        ) from None


def _processes(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    """The pool's worker processes (none once it is shut down)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _kill(processes: Sequence[BaseProcess]) -> None:
    """Kill the workers, and the fork server with any worker it is still starting."""
    for process in processes:
        if process.is_alive():
            process.kill()
    from multiprocessing import forkserver

    server = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if isinstance(server, int):  # started again by the next pool that needs it
        with contextlib.suppress(OSError):
            os.kill(server, signal.SIGKILL)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: their scratch folders are about to be deleted."""
    processes = _processes(pool)
    _kill(processes)  # first: a worker still starting needs the pool's queues to be there
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=1)


def executor_for(jobs: int, scheduler: str | None) -> Executor:
    """The executor for ``-j`` and ``--scheduler``."""
    if scheduler is not None:
        from publisher.tasks.dask import Dask

        return Dask(scheduler)
    if jobs <= 1:
        return InProcess()
    return Processes(jobs)
