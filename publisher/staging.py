"""Atomic output: everything is written to a staging folder, then moved into place at the end.

A build that fails or is interrupted leaves the previous outputs as they were: the staged files
are deleted and nothing in the output folder is touched until every file has been written.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.errors import PublisherError


class Staging:
    """A folder beside the output folder where a build's files are written first."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))

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

        The previous folder is renamed aside first and deleted last: the target is never a
        mix of old and new files.
        """
        previous = None
        if self.target.exists():
            previous = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}.old.", dir=self.folder.parent)
            )
            self.target.replace(previous / self.target.name)
        self.folder.chmod(0o755)
        self.folder.replace(self.target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)

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
        raise _file_error(error, target) from error
    try:
        yield staging
    except OSError as error:
        staging.discard()
        raise _file_error(error, target) from error
    except BaseException:
        staging.discard()
        raise


def _file_error(error: OSError, target: Path) -> PublisherError:
    where = error.filename if error.filename is not None else target
    return PublisherError(f"{where}: {error.strerror or error} (while writing {target})")
