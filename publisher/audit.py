"""Audit a release's written outputs with the real validators (``publisher check --outputs``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publisher.bundle.manifest import MANIFEST_NAME, read_manifest
from publisher.errors import PublisherError
from publisher.model import Release
from publisher.validate import BrowserSession, Finding, browser_session

PAGE_WIDTHS = (320, 1280)
"""Widths the download pages are checked at: a small phone and a desktop."""

Progress = Callable[[str], None]


TOOLS = ("PDF/UA", "EPUBCheck", "Ace", "axe-core")
"""The validators an audit can run, as :attr:`OutputAudit.tools` names them."""


@dataclass(frozen=True, slots=True)
class OutputAudit:
    """What :func:`audit_release_outputs` found, and which validators ran to find it."""

    findings: tuple[Finding, ...]
    """The failing findings; empty when every output passes."""
    tools: tuple[str, ...]
    """The validators that ran, in the order of :data:`TOOLS`; the manifest is always checked."""


def audit_release_outputs(
    release: Release,
    folder: Path,
    progress: Progress | None = None,
    browser: BrowserSession | None = None,
) -> OutputAudit:
    """Every finding about the files in ``folder`` (``<output>/<slug>``), and the tools run.

    PDFs get the PDF/UA audit against the model, EPUBs EPUBCheck and Ace, pages axe-core at
    each of :data:`PAGE_WIDTHS` (in ``browser``, or a browser of their own), and every file
    listed in the manifest its checksum.
    """
    from publisher.epub.audit import audit_epub
    from publisher.pdf.audit import audit_pdf, editions_of

    if not folder.is_dir():
        raise PublisherError(f"{folder}: no outputs of {release.slug} here; build them first")
    say = progress or (lambda _: None)
    findings: list[Finding] = []
    ran: set[str] = set()
    for pdf in sorted(folder.glob(f"{release.slug}.*.pdf")):
        try:
            editions = editions_of(release, pdf)
        except ValueError:  # left from a build of an edition the source no longer has
            message = f"holds no edition of {release.slug} now: remove it, it is left over"
            findings.append(Finding("pdf-audit", "stale", "error", message, pdf.name))
            continue
        say(f"PDF/UA audit: {pdf.name}")
        findings += audit_pdf(pdf, release, editions)
        ran.add("PDF/UA")
    for epub in sorted(folder.glob(f"{release.slug}.*.epub")):
        say(f"EPUBCheck and Ace: {epub.name}")
        findings += audit_epub(epub)
        ran.update(("EPUBCheck", "Ace"))
    if site_pages(folder):
        findings += audit_site_pages(folder, say, browser)
        ran.add("axe-core")
    findings += check_manifest(folder)
    failing = tuple(finding for finding in findings if finding.failing)
    return OutputAudit(failing, tuple(tool for tool in TOOLS if tool in ran))


def site_pages(folder: Path) -> list[Path]:
    """The download pages directly in ``folder``, in name order."""
    return sorted(folder.glob("index*.html"))


def audit_site_pages(
    folder: Path, progress: Progress | None = None, browser: BrowserSession | None = None
) -> list[Finding]:
    """axe-core findings about the download pages directly in ``folder``.

    All pages are checked in ``browser``, or in one browser of their own when none is given.
    """
    if browser is None:
        with browser_session() as own:
            return audit_site_pages(folder, progress, own)
    findings: list[Finding] = []
    for page in site_pages(folder):
        for width in PAGE_WIDTHS:
            if progress:
                progress(f"axe-core at {width} px: {page.name}")
            findings += browser.axe(page, width)
    return [finding for finding in findings if finding.failing]


def check_manifest(folder: Path) -> list[Finding]:
    """A finding for every file whose size or checksum differs from the manifest."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return [Finding("manifest", "missing", "error", "no manifest.json", str(folder))]
    findings = []
    for entry in read_manifest(path).files:
        file = folder / entry.path
        if not file.exists():
            findings.append(Finding("manifest", "missing-file", "error", "not found", entry.path))
            continue
        data = file.read_bytes()
        if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
            message = "size or checksum differs from the manifest"
            findings.append(Finding("manifest", "checksum", "error", message, entry.path))
    return findings
