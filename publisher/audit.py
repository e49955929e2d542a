"""Audit a release's written outputs with the real validators (``publisher check --outputs``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.bundle.manifest import MANIFEST_NAME, read_manifest
from publisher.errors import PublisherError
from publisher.formats import FORMATS, load
from publisher.model import Edition, Release
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

    PDFs get the PDF/UA audit against the model, EPUBs EPUBCheck and Ace, HTML editions and
    pages axe-core at each of :data:`PAGE_WIDTHS` (pages in ``browser``, or a browser of their
    own), and every file listed in the manifest its checksum.
    """
    if not folder.is_dir():
        raise PublisherError(f"{folder}: no outputs of {release.slug} here; build them first")
    say = progress or (lambda _: None)
    findings: list[Finding] = []
    ran: set[str] = set()
    manifest = folder / MANIFEST_NAME
    entries = read_manifest(manifest).files if manifest.is_file() else ()
    by_lang = {e.lang: e for e in release.editions}
    for entry in entries:
        descriptor = FORMATS.get(entry.format)
        if descriptor is None or descriptor.audit is None:
            continue
        editions = [by_lang[lang] for lang in entry.langs if lang in by_lang]
        if len(editions) != len(entry.langs):  # left from an edition the source no longer has
            message = f"holds no edition of {release.slug} now: remove it, it is left over"
            findings.append(Finding(entry.format, "stale", "error", message, entry.path))
            continue
        say(f"{', '.join(descriptor.validators)}: {entry.path}")
        findings += load(descriptor.audit)(folder / entry.path, release, editions)
        ran.update(descriptor.validators)
    if site_pages(folder):
        findings += audit_site_pages(folder, say, browser)
        ran.add("axe-core")
    findings += check_manifest(folder)
    failing = tuple(finding for finding in findings if finding.failing)
    return OutputAudit(failing, tuple(tool for tool in TOOLS if tool in ran))


def audit_pdf_file(path: Path, release: Release, editions: Sequence[Edition]) -> list[Finding]:
    """The PDF/UA audit of a built PDF against the editions it holds."""
    from publisher.pdf.audit import audit_pdf

    return audit_pdf(path, release, list(editions))


def audit_epub_file(path: Path, release: Release, editions: Sequence[Edition]) -> list[Finding]:
    """EPUBCheck and Ace on a built EPUB."""
    from publisher.epub.audit import audit_epub

    return audit_epub(path)


def audit_html_file(path: Path, release: Release, editions: Sequence[Edition]) -> list[Finding]:
    """axe-core on a built HTML edition, at each of :data:`PAGE_WIDTHS`."""
    with browser_session() as browser:
        findings = [f for width in PAGE_WIDTHS for f in browser.axe(path, width)]
    return [finding for finding in findings if finding.failing]


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
