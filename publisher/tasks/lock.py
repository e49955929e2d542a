"""One build at a time per output folder: an advisory lock on the folder itself.

The lock (``flock`` on the folder) leaves no file behind and is let go by the system when the
build ends, however it ends (a killed build holds nothing). A folder the lock had to create is
removed again if the build left it empty (a build that failed before writing anything).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.errors import OutputError
from publisher.staging import file_error


@contextmanager
def output_lock(output: Path, wait_s: float = 0) -> Iterator[None]:
    """Hold ``output``'s lock; refuse at once (or after ``wait_s``) if another build holds it."""
    created = _missing_folders(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise file_error(error, output) from None
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"{output}: another build is writing into this folder; wait for it "
                        "to finish or choose another -o"
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(descriptor)
        _remove_if_empty(created)


def _missing_folders(output: Path) -> list[Path]:
    """``output`` and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    folder = output.absolute()
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders this build created, deepest first, while they are empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
