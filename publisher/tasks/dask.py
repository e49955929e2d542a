"""Tasks on a Dask distributed cluster (the optional ``publisher[dask]``).

Workers read the sources at the paths the build gives (a folder shared with them, or this
machine) and return each task's files as bytes; the build stages them as it does its own, so a
failed task or a lost worker leaves the previous outputs as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

from publisher.errors import UsageError
from publisher.tasks.executors import Done, ScratchFor, longest_first
from publisher.tasks.plan import Task
from publisher.tasks.run import run_detached


class Dask:
    """Tasks on a Dask distributed cluster: workers return the files' bytes."""

    def __init__(self, address: str, retries: int = 2) -> None:
        """The scheduler at ``address`` (``tcp://host:port``).

        A task whose worker dies is tried again on another, up to ``retries`` times.
        """
        self.address = address
        self.retries = retries

    def run(self, tasks: Sequence[Task], scratch_for: ScratchFor, done: Done) -> None:
        """Submit every task, then take the results as they come."""
        try:
            from distributed import Client, as_completed
        except ImportError as error:
            raise UsageError(
                "--scheduler needs Dask: pip install 'publisher[dask]' (dask and distributed)"
            ) from error
        try:
            client = Client(self.address, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise UsageError(
                f"--scheduler {self.address}: no Dask scheduler answers ({error})"
            ) from None
        with client:
            futures = {
                client.submit(run_detached, task, pure=False, retries=self.retries): task
                for task in longest_first(tasks)
            }
            try:
                for future in as_completed(futures):
                    done(futures[future], future.result())
            except BaseException:
                client.cancel(list(futures))
                raise
