"""Real validators for written outputs: EPUBCheck, DAISY Ace, pdfua and axe-core.

Each ``run_*`` returns a list of :class:`Finding` (empty when the output passes) and
raises :class:`ValidatorMissing` when the tool is not installed, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable

from publisher.validate.ace import ensure_ace, run_ace
from publisher.validate.base import Finding, ValidatorFailed, ValidatorMissing
from publisher.validate.browser import (
    BrowserSession,
    browser_session,
    ensure_axe,
    ensure_browser,
    run_axe,
    screenshot,
)
from publisher.validate.epubcheck import ensure_epubcheck, run_epubcheck
from publisher.validate.pdfua import ensure_pdfua, run_pdfua

CHECKS: dict[str, Callable[[], None]] = {
    "epubcheck": ensure_epubcheck,
    "ace": ensure_ace,
    "pdfua": ensure_pdfua,
    "axe": ensure_axe,
}
"""Each validator's name and the function that raises ValidatorMissing if it cannot run."""


def missing_validators() -> dict[str, str]:
    """Validators that cannot run here, each with the reason and how to install it."""
    missing: dict[str, str] = {}
    for name, ensure in CHECKS.items():
        try:
            ensure()
        except ValidatorMissing as exc:
            missing[name] = str(exc)
    return missing


__all__ = [
    "CHECKS",
    "BrowserSession",
    "Finding",
    "ValidatorFailed",
    "ValidatorMissing",
    "browser_session",
    "ensure_ace",
    "ensure_axe",
    "ensure_browser",
    "ensure_epubcheck",
    "ensure_pdfua",
    "missing_validators",
    "run_ace",
    "run_axe",
    "run_epubcheck",
    "run_pdfua",
    "screenshot",
]
