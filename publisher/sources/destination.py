"""Where ``import`` and ``new`` write: one new release folder inside ``-o``, whole or not at all.

The release is written into a hidden staging folder in ``-o``
(``.publisher-writing.<pid>-<host>.<random>/<slug>``), checked, then renamed into place in one
step. A refusal or an interrupt removes the staging folder and the ``-o`` folders the run made;
the staging folder of a run that was killed is removed by the next ``import`` or ``new`` into the
same ``-o``, once its process has ended (or, for one started on another machine sharing the
folder, an hour after it began). Symbolic links are refused: ``-o`` and the release folder must be
real folders, so nothing is ever written where a link points.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from publisher.errors import OutputError, SourceError
from publisher.staging import process_alive

STAGING_PREFIX = ".publisher-writing."
_OURS = re.compile(r"^(?P<pid>\d+)-(?P<host>[0-9a-f]{8})\.")
_EARLIER = re.compile(r"^\.[a-z0-9][a-z0-9-]*\.import-[A-Za-z0-9_]{8}$")
"""The staging folders of imports before this module (no process id in the name)."""
STALE_AFTER_S = 3600.0
"""An import or a scaffold takes seconds; a staging folder this old belongs to no running one."""


def destination(output: Path, slug: str) -> Path:
    """The release folder ``output/slug``, refused if it or ``-o`` is a link, a file, or in use."""
    _no_links(output)
    if output.exists() and not output.is_dir():
        raise OutputError(f"-o {output}: is a file, not a folder; give the folder to write into")
    folder = output / slug
    if folder.is_symlink():
        raise OutputError(f"{folder}: is a symbolic link; a release is written to a real folder")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SourceError(folder, "already exists and is not empty: choose another name or -o")
    return folder


def _no_links(output: Path) -> None:
    """Refuse ``-o`` when it is a link (or, given as a relative path, passes through one)."""
    steps = [output] if output.is_absolute() else [output, *output.parents[:-1]]
    for step in steps:
        if step.is_symlink():
            raise OutputError(
                f"-o {output}: {step} is a symbolic link; give the real folder it points to"
            )


def write_release(folder: Path, fill: Callable[[Path], None]) -> Path:
    """Have ``fill`` write and check the release in a staging folder, then rename it to ``folder``.

    Whatever ``fill`` raises, nothing is left behind: neither the staging folder nor the
    folders made for ``-o``.
    """
    output = folder.parent
    made = _make_folders(output)
    done = False
    holder: Path | None = None
    try:
        clean_leftovers(output)
        holder = Path(tempfile.mkdtemp(prefix=_staging_prefix(), dir=output))
        staging = holder / folder.name  # named as it will be: the folder name is the slug
        staging.mkdir()
        fill(staging)
        staging.rename(folder)
        done = True
    except OSError as error:
        raise _refusal(error, folder) from None
    finally:
        if holder is not None:
            shutil.rmtree(holder, ignore_errors=True)
        if not done:
            for made_folder in reversed(made):
                _remove_empty(made_folder)
    return folder


def _make_folders(output: Path) -> list[Path]:
    """Make ``output`` and its missing parents; the folders made, outermost first."""
    missing = [p for p in (output, *output.parents) if not p.exists() and not p.is_symlink()]
    made: list[Path] = []
    try:
        for step in reversed(missing):
            step.mkdir()
            made.append(step)
    except OSError as error:
        for step in reversed(made):
            _remove_empty(step)
        raise OutputError(f"-o {output}: cannot make {step}: {error.strerror or error}") from None
    return made


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # something else was written there meanwhile: it stays
        folder.rmdir()


def _refusal(error: OSError, folder: Path) -> SourceError | OutputError:
    if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
        return SourceError(folder, "already exists and is not empty: choose another name or -o")
    if error.errno == errno.ENOTDIR:
        return OutputError(f"{folder}: became a file or a link while the release was written")
    where = error.filename or folder
    return OutputError(f"{where}: {error.strerror or error} (while writing {folder})")


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _staging_prefix() -> str:
    return f"{STAGING_PREFIX}{os.getpid()}-{_host()}."


def clean_leftovers(output: Path) -> list[Path]:
    """Remove the staging folders killed runs left in ``output``; the folders removed."""
    removed: list[Path] = []
    try:
        entries = sorted(output.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_symlink() and entry.is_dir() and _stale(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _stale(entry: Path) -> bool:
    """Whether ``entry`` is a staging folder of ours whose run is over."""
    name = entry.name
    if name.startswith(STAGING_PREFIX):
        ours = _OURS.match(name.removeprefix(STAGING_PREFIX))
        if ours is not None and ours["host"] == _host() and not process_alive(int(ours["pid"])):
            return True
    elif not _EARLIER.match(name):
        return False
    try:
        return time.time() - entry.stat().st_mtime > STALE_AFTER_S
    except OSError:
        return False
