"""For the espeak helper's tests: code a helper runs at its start, and looks at processes.

The hook is a ``sitecustomize`` module on ``PYTHONPATH``, which a helper inherits from the
build's environment: the helper's children then stall on a sentence holding :data:`STALL` and
crash on one holding :data:`CRASH`. Nothing of it is in the project's code.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

STALL = "Tardanza"
"""A hooked helper's child never finishes a sentence holding this word."""
CRASH = "Quiebre"
"""A hooked helper's child fails on a sentence holding this word."""
HOOK = f"""
import sys
import time

if "publisher.speech.engines.espeak_helper" in sys.orig_argv:
    from publisher.speech.engines import espeak_library

    _speak = espeak_library.Library.speak

    def speak(self, text):
        if {STALL!r} in text:
            time.sleep(3600)
        if {CRASH!r} in text:
            raise MemoryError
        return _speak(self, text)

    espeak_library.Library.speak = speak
"""


def hook_folder(folder: Path, code: str = HOOK) -> str:
    """Write ``code`` as ``folder``'s sitecustomize; the PYTHONPATH that runs it, then ours."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(code, encoding="utf-8")
    return os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command's name (state, parent, ...)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie nobody reaped has ended too)."""
    fields = _stat(pid)
    return fields is None or fields[0] in {"Z", "X"}


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run."""
    found = []
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == pid and fields[0] not in {"Z", "X"}:
            found.append(int(entry.name))
    return found


def within(seconds: float, check: Callable[[], bool]) -> bool:
    """Whether ``check()`` holds at some point within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
