"""Tasks on a Dask distributed cluster (the optional ``publisher[dask]``).

Workers read the sources at the paths the build gives (a folder shared with them, or this
machine) and return each task's files as bytes; the build stages them as it does its own, so a
failed task or a lost worker leaves the previous outputs as they were.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import Sequence
from typing import Any

from publisher.errors import UsageError
from publisher.tasks.executors import Done, ScratchFor, longest_first
from publisher.tasks.plan import Task
from publisher.tasks.run import run_detached

HANDSHAKE_S = 10.0
"""How long the scheduler has to say who it is, from the first connection attempt."""
CLOSE_S = 1.0
"""How long a stopped build gives the scheduler to hear that its tasks are cancelled."""


def check_scheduler(address: str, seconds: float = HANDSHAKE_S) -> None:
    """Raise UsageError unless a Dask scheduler at ``address`` says so within ``seconds``.

    Asked before anything is planned, whatever the number of tasks: a port where nothing
    listens, or a server that says nothing, hangs up or answers something else, is named at
    once rather than waited on.
    """
    _distributed()
    started = time.monotonic()
    try:
        _reachable(address, seconds)
        left = max(seconds - (time.monotonic() - started), 0.1)
        reply = asyncio.run(asyncio.wait_for(_identity(address, left), left))
    except TimeoutError:
        reason = f"no answer within {seconds:.0f} s"
    except OSError as error:  # refused, unreachable, reset, closed
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    except Exception:  # whatever a server that is not Dask's makes the client raise
        reason = "what listens there does not speak Dask's protocol"
    else:
        if isinstance(reply, dict) and reply.get("type") == "Scheduler":
            return
        reason = "what answers there is not a Dask scheduler"
    raise UsageError(f"--scheduler {address}: no Dask scheduler answers ({reason})")


def _reachable(address: str, seconds: float) -> None:
    """Connect to the address's host and port once: OSError at once if nothing listens."""
    host, _, port = address.partition("://")[2].rpartition(":")
    with socket.create_connection((host.strip("[]"), int(port)), timeout=seconds):
        pass


async def _identity(address: str, seconds: float) -> Any:
    """The scheduler's own description of itself."""
    from distributed import Security
    from distributed.comm.core import connect

    args = Security().get_connection_args("client")
    comm = await connect(address, timeout=seconds, **args)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise UsageError(
            "--scheduler needs Dask: pip install 'publisher[dask]' (dask and distributed)"
        ) from error


class Dask:
    """Tasks on a Dask distributed cluster: workers return the files' bytes."""

    def __init__(self, address: str, retries: int = 2) -> None:
        """The scheduler at ``address`` (``tcp://host:port``).

        A task whose worker dies is tried again on another, up to ``retries`` times.
        """
        self.address = address
        self.retries = retries

    def run(self, tasks: Sequence[Task], scratch_for: ScratchFor, done: Done) -> None:
        """Submit every task, then take the results as they come.

        A stop cancels the tasks not yet finished and lets the scheduler go, in moments.
        """
        _distributed()
        from distributed import Client, as_completed

        try:
            client = Client(self.address, timeout=f"{HANDSHAKE_S:.0f}s")
        except (OSError, TimeoutError) as error:
            raise UsageError(
                f"--scheduler {self.address}: no Dask scheduler answers ({error})"
            ) from None
        futures = {
            client.submit(run_detached, task, pure=False, retries=self.retries): task
            for task in longest_first(tasks)
        }
        try:
            for future in as_completed(futures):
                done(futures[future], future.result())
        except BaseException:
            _let_go(client, list(futures))
            raise
        client.close()


def _let_go(client: Any, futures: list[Any]) -> None:
    """Cancel ``futures`` and close ``client``: the scheduler drops the tasks not yet run.

    A scheduler that no longer answers is not waited on for long (:data:`CLOSE_S`; a stop's
    watchdog ends the build in any case).
    """
    with contextlib.suppress(Exception):
        client.cancel(futures)
    with contextlib.suppress(Exception):
        client.close(timeout=CLOSE_S)
