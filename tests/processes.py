"""Reading the process table (Linux ``/proc``): which processes a test's build left running."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ENDED = {"Z", "X"}
"""States of a process that has ended (a zombie nobody reaped has ended too)."""


def stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command's name (state, parent, group, ...)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def _running(match: Callable[[list[str]], bool]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        fields = stat_fields(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and fields[0] not in ENDED and match(fields):
            found.append(int(entry.name))
    return found


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended."""
    fields = stat_fields(pid)
    return fields is None or fields[0] in ENDED


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run."""
    return _running(lambda fields: int(fields[1]) == pid)


def group_members(leader: int) -> list[int]:
    """The processes still running in the process group ``leader`` leads."""
    return _running(lambda fields: int(fields[2]) == leader)


def within(seconds: float, check: Callable[[], bool]) -> bool:
    """Whether ``check()`` holds at some point within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
