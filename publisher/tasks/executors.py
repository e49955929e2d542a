"""Running many tasks: in this process, on a pool of worker processes, or on a Dask cluster.

Every executor hands each finished task's result to ``done`` in the build's own process, which
moves the files into the staging folder: a task that fails stops the build before anything is
swapped into place, whichever executor ran it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from publisher.errors import PublisherError
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
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=context, initializer=_worker_signals
        )
        running: dict[Future[TaskResult], Task] = {}
        try:
            # Workers are forked while the tasks are submitted: a Ctrl-C in the middle of a
            # fork would interrupt the interpreter's own fork handlers, so it waits until after.
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                for task in longest_first(tasks):
                    running[pool.submit(run_task, task, scratch_for(task))] = task
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        raise PublisherError(
                            f"a worker process stopped while building {task.id} (killed, or "
                            "out of memory?); nothing was replaced: build again, or with -j 1"
                        ) from None
                    done(task, result)
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the build's to handle (it stops the workers), SIGTERM ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: end this worker when the build's process ends, even by ``kill -9``."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the build ended before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: their scratch folders are about to be deleted."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


def executor_for(jobs: int, scheduler: str | None) -> Executor:
    """The executor for ``-j`` and ``--scheduler``."""
    if scheduler is not None:
        from publisher.tasks.dask import Dask

        return Dask(scheduler)
    if jobs <= 1:
        return InProcess()
    return Processes(jobs)
