"""What every validator wrapper shares: the finding record, its errors and tool lookup."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import EXIT_FAILURE, EXIT_UNAVAILABLE, PublisherError

SETUP_HINT = "run `make test` (its set-up step) or scripts/install-validators.sh"
"""What a user does to install a missing validator."""

NON_FAILING = frozenset({"warning", "info", "usage", "skipped"})
"""Severities reported for information only; every other severity fails a check."""

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, used by Ace and by the browser checks (never a downloaded build)."""


class ValidatorMissing(PublisherError):
    """A validator (or what it runs on: Java, Node, Chromium) is not installed here."""

    exit_code = EXIT_UNAVAILABLE


class ValidatorFailed(PublisherError):
    """A validator started but crashed or wrote no readable report."""

    exit_code = EXIT_FAILURE


@dataclass(frozen=True, slots=True)
class Finding:
    """One message from a validator about one place in an output."""

    tool: str
    """Which validator said it: ``epubcheck``, ``ace``, ``pdfua`` or ``axe``."""
    rule: str
    """The validator's own rule or message id, e.g. ``RSC-005``, ``image-alt``, ``UA-13-004``."""
    severity: str
    """EPUBCheck and pdfua levels (``fatal``, ``error``, ``warning``, ``usage``, ``info``),
    ``skipped`` for a pdfua rule that could not run, or an Ace/axe impact
    (``critical``, ``serious``, ``moderate``, ``minor``)."""
    message: str
    """What is wrong, in the validator's words."""
    location: str = ""
    """Where: a path inside the output with line/column, a CSS selector or a PDF page."""

    @property
    def failing(self) -> bool:
        """True when this finding makes the output fail (anything but warnings, notes, skips)."""
        return self.severity not in NON_FAILING

    def __str__(self) -> str:
        where = f" {self.location}" if self.location else ""
        return f"{self.tool} {self.severity} {self.rule}{where}: {self.message}"


def project_root() -> Path:
    """The source tree this package was installed from in editable mode (holds tools/)."""
    return Path(__file__).resolve().parents[2]


def pinned_tool(variable: str, relative: str, what: str) -> Path:
    """A validator file: ``$variable`` if set, else ``relative`` under tools/ace.

    tools/ace holds the pinned npm install; ValidatorMissing names ``what`` when it is missing.
    """
    configured = os.environ.get(variable)
    path = Path(configured) if configured else project_root() / "tools" / "ace" / relative
    if not path.is_file():
        raise ValidatorMissing(f"{what} not available (no {path}): {SETUP_HINT}")
    return path


def chromium_path() -> Path:
    """Chromium to drive: ``$PUBLISHER_CHROMIUM`` or Debian's; ValidatorMissing if absent."""
    path = Path(os.environ.get("PUBLISHER_CHROMIUM", str(DEFAULT_CHROMIUM)))
    if not path.is_file():
        raise ValidatorMissing(
            f"Chromium not available at {path}: run scripts/install-system-deps.sh "
            "(Debian package chromium) or set PUBLISHER_CHROMIUM"
        )
    return path


def which(program: str, what: str) -> Path:
    """The full path of ``program`` on PATH; ValidatorMissing naming ``what`` needs it."""
    found = shutil.which(program)
    if found is None:
        raise ValidatorMissing(f"{what} not available ({program} not found on PATH): {SETUP_HINT}")
    return Path(found)


def require_file(path: Path) -> Path:
    """``path`` resolved; a missing output is the caller's error, not a finding."""
    if not path.is_file():
        raise PublisherError(f"no such file to validate: {path}")
    return path.resolve()
