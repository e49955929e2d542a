"""An EPUB's audit: EPUBCheck (the EPUB 3.3 rules) and DAISY Ace (accessibility)."""

from __future__ import annotations

from pathlib import Path

from publisher.validate import Finding, ensure_ace, ensure_epubcheck, run_ace, run_epubcheck


def audit_epub(epub: Path) -> list[Finding]:
    """Every EPUBCheck message and every Ace violation for ``epub``; empty when it passes.

    Raises :class:`publisher.validate.ValidatorMissing` when either tool cannot run here, so a
    missing validator is never mistaken for a pass.
    """
    ensure_epubcheck()
    ensure_ace()
    return [*run_epubcheck(epub), *run_ace(epub)]
