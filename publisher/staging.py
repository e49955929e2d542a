"""Atomic output: everything is written to a staging folder, then swapped into place at the end.

A build that fails, is interrupted or is killed leaves the previous outputs as they were:

- files are written into a staging folder beside the target, named
  ``.publisher-staging.<name>.<pid>.<random>``, so nothing in the target is touched until every
  file has been written;
- the finished folder takes the target's place in one atomic step (``renameat2`` with
  ``RENAME_EXCHANGE`` on Linux). Where the file system cannot exchange, the target is first
  renamed to ``.publisher-retired.<name>.<pid>.<random>``, and :func:`recover` puts it back if
  the build was killed before the new folder took its place;
- :func:`recover`, run at the start of every build, deletes staging folders whose build is no
  longer running. Nothing else in the output folder is ever deleted by it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.errors import PublisherError

STAGING_PREFIX = ".publisher-staging."
RETIRED_PREFIX = ".publisher-retired."
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _owned_name(prefix: str, target: Path) -> str:
    return f"{prefix}{target.name}.{os.getpid()}."


def _owner_alive(entry: Path, prefix: str) -> bool:
    """Whether the build that made ``entry`` (its process id is in the name) is still running."""
    parts = entry.name.removeprefix(prefix).rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    return process_alive(int(parts[1]))


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (this one included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def restore(output: Path) -> list[Path]:
    """Put back the release folders a build killed between its two renames left retired."""
    if not output.is_dir():
        return []
    restored: list[Path] = []
    for entry in sorted(output.iterdir()):
        if entry.name.startswith(RETIRED_PREFIX) and not _owner_alive(entry, RETIRED_PREFIX):
            name = entry.name.removeprefix(RETIRED_PREFIX).rsplit(".", 2)[0]
            if name and not (output / name).exists():
                entry.replace(output / name)
                restored.append(output / name)
    return restored


def leftover_stagings(target: Path) -> list[Path]:
    """Staging folders for ``target`` of builds that are no longer running, oldest name first."""
    if not target.parent.is_dir():
        return []
    prefix = f"{STAGING_PREFIX}{target.name}."
    return [
        entry
        for entry in sorted(target.parent.iterdir())
        if entry.name.startswith(prefix)
        and entry.is_dir()
        and not entry.is_symlink()
        and not _owner_alive(entry, STAGING_PREFIX)
    ]


def recover(output: Path) -> list[Path]:
    """Undo what killed builds left in ``output``; returns the folders restored or removed.

    A retired folder whose target is missing is the previous release folder of a build killed
    between its two renames: it is put back. Other leftovers of builds that are no longer
    running are deleted.
    """
    if not output.is_dir():
        return []
    touched: list[Path] = []
    # The site index is staged beside the output folder, named after it.
    beside = f"{STAGING_PREFIX}{output.name}."
    for entry in sorted(output.parent.iterdir()):
        if entry.name.startswith(beside) and not _owner_alive(entry, STAGING_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            touched.append(entry)
    for entry in sorted(output.iterdir()):
        if entry.name.startswith(RETIRED_PREFIX) and not _owner_alive(entry, RETIRED_PREFIX):
            name = entry.name.removeprefix(RETIRED_PREFIX).rsplit(".", 2)[0]
            if name and not (output / name).exists():
                entry.replace(output / name)
            else:
                shutil.rmtree(entry, ignore_errors=True)
            touched.append(entry)
        elif entry.name.startswith(STAGING_PREFIX) and not _owner_alive(entry, STAGING_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            touched.append(entry)
    return touched


def is_leftover(name: str) -> bool:
    """Whether a folder name is one of a build's own staging or retired folders."""
    return name.startswith((STAGING_PREFIX, RETIRED_PREFIX))


class Staging:
    """A folder beside the output folder where a build's files are written first."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        prefix = _owned_name(STAGING_PREFIX, target)
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))

    def path(self, name: str) -> Path:
        """Where to write the file that will become ``target/name``."""
        return self.folder / name

    def commit(self) -> list[Path]:
        """Move every staged file into the target folder (each move is an atomic rename).

        Files already in the target folder that were not staged stay as they are.
        """
        self.target.mkdir(parents=True, exist_ok=True)
        moved = []
        for staged in sorted(self.folder.iterdir()):
            final = self.target / staged.name
            staged.replace(final)
            moved.append(final)
        self.discard()
        return moved

    def replace_target(self) -> None:
        """Make the staging folder the target folder, so it holds exactly what was staged.

        The target is never missing and never a mix of old and new files, even if the process
        is killed during the swap (see the module's docstring).
        """
        self.folder.chmod(0o755)
        if not self.target.exists():
            self.folder.replace(self.target)
            return
        if not _exchange(self.folder, self.target):
            retired = Path(
                tempfile.mkdtemp(
                    prefix=_owned_name(RETIRED_PREFIX, self.target), dir=self.target.parent
                )
            )
            self.target.replace(retired)
            self.folder.replace(self.target)
            self.folder = retired
        self.discard()  # the previous files, now under the staging name

    def discard(self) -> None:
        """Delete the staging folder and whatever it holds."""
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def staged(target: Path) -> Iterator[Staging]:
    """A staging folder for ``target`` that is discarded if the block raises.

    A file system error (a read-only or full disk, a file where a folder should be) becomes a
    PublisherError naming the file, so the user sees one message rather than a traceback.
    """
    try:
        staging = Staging(target)
    except OSError as error:
        raise file_error(error, target) from error
    try:
        yield staging
    except OSError as error:
        staging.discard()
        raise file_error(error, target) from error
    except BaseException:
        staging.discard()
        raise


class Batch:
    """Staging folders for several targets, swapped into place only when all were built.

    Used as a context manager: if the block raises, every staging folder is discarded and no
    target is touched.
    """

    def __init__(self) -> None:
        self._stagings: list[Staging] = []

    def stage(self, target: Path) -> Staging:
        """A new staging folder for ``target``, discarded with the batch if the build fails."""
        try:
            staging = Staging(target)
        except OSError as error:
            raise file_error(error, target) from error
        self._stagings.append(staging)
        return staging

    @property
    def targets(self) -> list[Path]:
        """The folders this batch will replace."""
        return [s.target for s in self._stagings]

    def replace_targets(self) -> None:
        """Swap every staged folder into place, in the order they were staged."""
        while self._stagings:
            staging = self._stagings[0]
            try:
                staging.replace_target()
            except OSError as error:
                raise file_error(error, staging.target) from error
            self._stagings.pop(0)

    def discard(self) -> None:
        """Delete every staging folder not yet swapped into place."""
        for staging in self._stagings:
            staging.discard()
        self._stagings.clear()

    def __enter__(self) -> Batch:
        """Start the batch."""
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        """Discard what was not swapped into place (all of it, if the block raised)."""
        with contextlib.suppress(OSError):
            self.discard()
        if isinstance(error, OSError) and not isinstance(error, PublisherError):
            raise file_error(error, Path(error.filename or ".")) from error


def file_error(error: OSError, target: Path) -> PublisherError:
    """One message for a file system error while writing ``target``."""
    where = error.filename if error.filename is not None else target
    return PublisherError(f"{where}: {error.strerror or error} (while writing {target})")
