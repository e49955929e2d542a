"""Audit a release's written outputs with the real validators (``publisher check --outputs``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from publisher.bundle.manifest import MANIFEST_NAME, read_manifest
from publisher.errors import PublisherError
from publisher.model import Release
from publisher.validate import Finding

PAGE_WIDTHS = (320, 1280)
"""Widths the download pages are checked at: a small phone and a desktop."""

Progress = Callable[[str], None]


def audit_release_outputs(
    release: Release, folder: Path, progress: Progress | None = None
) -> list[Finding]:
    """Every finding about the files in ``folder`` (``<output>/<slug>``); empty when all pass.

    PDFs get the PDF/UA audit against the model, EPUBs EPUBCheck and Ace, pages axe-core at
    each of :data:`PAGE_WIDTHS`, and every file listed in the manifest its checksum.
    """
    from publisher.epub.audit import audit_epub
    from publisher.pdf.audit import audit_pdf, editions_of

    if not folder.is_dir():
        raise PublisherError(f"{folder}: no outputs of {release.slug} here; build them first")
    say = progress or (lambda _: None)
    findings: list[Finding] = []
    for pdf in sorted(folder.glob(f"{release.slug}.*.pdf")):
        try:
            editions = editions_of(release, pdf)
        except ValueError:  # left from a build of an edition the source no longer has
            message = f"holds no edition of {release.slug} now: remove it, it is left over"
            findings.append(Finding("pdf-audit", "stale", "error", message, pdf.name))
            continue
        say(f"PDF/UA audit: {pdf.name}")
        findings += audit_pdf(pdf, release, editions)
    for epub in sorted(folder.glob(f"{release.slug}.*.epub")):
        say(f"EPUBCheck and Ace: {epub.name}")
        findings += audit_epub(epub)
    findings += audit_site_pages(folder, say)
    findings += check_manifest(folder)
    return [finding for finding in findings if finding.failing]


def audit_site_pages(folder: Path, progress: Progress | None = None) -> list[Finding]:
    """axe-core findings about the download pages directly in ``folder``."""
    from publisher.validate import run_axe

    findings: list[Finding] = []
    for page in sorted(folder.glob("index*.html")):
        for width in PAGE_WIDTHS:
            if progress:
                progress(f"axe-core at {width} px: {page.name}")
            findings += run_axe(page, width)
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
