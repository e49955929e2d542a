"""Running a hostile case as a user would: a subprocess with a time limit, checked for harm.

Every case runs ``python -m publisher ...`` in its own process with a wall-clock limit. It must
not exit 1, print a traceback or outlive its limit, and the folders it was not told to write to
must hold the same bytes afterwards (checksums before and after).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TIME_LIMIT_S = 120
"""No hostile case may run longer than this (none needs more than a few seconds)."""


def checksums(*folders: Path) -> dict[str, str]:
    """sha256 of every file and the target of every link under ``folders``, by path."""
    found: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            key = str(path)
            if path.is_symlink():
                found[key] = "-> " + str(path.readlink())
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                found[key] = "dir"
    return found


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a hostile case ended."""

    returncode: int
    stdout: str
    stderr: str


def run_publisher(
    args: Iterable[str],
    *,
    cwd: Path,
    untouched: Iterable[Path] = (),
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = TIME_LIMIT_S,
) -> Outcome:
    """Run ``publisher ARGS`` in ``cwd``; check it ended in time, cleanly, harming nothing.

    ``untouched`` are the folders the command was not told to write to: their checksums must be
    the same afterwards.
    """
    watched = tuple(untouched)
    before = checksums(*watched)
    done = subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin if stdin is not None else "",
        env={**os.environ, **(env or {})},
        check=False,
    )
    outcome = Outcome(done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 1, done.stderr
    assert done.returncode >= 0, f"killed by signal {-done.returncode}: {done.stderr}"
    assert checksums(*watched) == before, "a folder it was not told to write to changed"
    return outcome


def refused(outcome: Outcome, *words: str) -> str:
    """Assert exit 2 with one message naming each of ``words``; the message."""
    assert outcome.returncode == 2, outcome.stderr
    message = outcome.stderr.strip()
    assert message, "no message"
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    return message
