"""Audit a release's written outputs with the real validators (``publisher check --outputs``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.bundle.manifest import MANIFEST_NAME, read_manifest
from publisher.errors import PublisherError
from publisher.formats import FORMATS, Format, load
from publisher.model import Edition, Release
from publisher.validate import BrowserSession, Finding, browser_session

if TYPE_CHECKING:
    from publisher.options import BuildOptions

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
    options: BuildOptions | None = None,
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
    if options is None:
        from publisher.options import BuildOptions

        options = BuildOptions()
    manifest = folder / MANIFEST_NAME
    recorded = read_manifest(manifest) if manifest.is_file() else None
    if recorded is not None:
        findings += settings_findings(recorded.settings, options)
    listed = {f.path: f.langs for f in recorded.files} if recorded is not None else {}
    for path, descriptor in audited_files(folder):
        langs = listed.get(path.name) or langs_in_name(release, path.name, descriptor)
        editions = [e for lang in langs for e in release.editions if e.lang == lang]
        if not editions or len(editions) != len(langs):  # an edition the source no longer has
            message = f"holds no edition of {release.slug} now: remove it, it is left over"
            findings.append(Finding(descriptor.name, "stale", "error", message, path.name))
            continue
        say(f"{', '.join(descriptor.validators)}: {path.name}")
        audit = load(str(descriptor.audit))
        findings += audit(path, release, editions, options, browser=browser)
        ran.update(descriptor.validators)
    if site_pages(folder):
        findings += audit_site_pages(folder, say, browser)
        ran.add("axe-core")
    findings += check_manifest(folder)
    failing = tuple(finding for finding in findings if finding.failing)
    return OutputAudit(failing, tuple(tool for tool in TOOLS if tool in ran))


def audited_files(folder: Path) -> list[tuple[Path, Format]]:
    """The files in ``folder`` of a format that has an audit, each with its format's descriptor.

    A file's format is told by the longest registered suffix its name ends with
    (``.narrated.epub`` before ``.epub``).
    """
    audited = sorted(
        (f for f in FORMATS.values() if f.audit is not None and f.suffix),
        key=lambda f: -len(f.suffix),
    )
    found = []
    for path in sorted(folder.iterdir()):
        descriptor = next((f for f in audited if path.name.endswith(f.suffix)), None)
        if descriptor is not None and path.is_file():
            found.append((path, descriptor))
    return found


def langs_in_name(release: Release, name: str, descriptor: Format) -> tuple[str, ...]:
    """The languages a file holds, told by its name ``<slug>.<lang or bilingual><suffix>``."""
    which = name.removesuffix(descriptor.suffix).removeprefix(f"{release.slug}.")
    if which == "bilingual":
        return tuple(e.lang for e in release.editions)
    return tuple(e.lang for e in release.editions if e.primary_language == which) or (which,)


def settings_findings(
    recorded: Mapping[str, Mapping[str, str | None]], options: BuildOptions
) -> list[Finding]:
    """A finding where the outputs were built with other settings than the audit is given."""
    built = recorded.get("pdf")
    if built is None or dict(built) == options.pdf.record():
        return []
    message = (
        f"the PDFs were built with the stylesheet {built.get('stylesheet')} and page size "
        f"{built.get('page_size') or 'of the stylesheet'}; audit them with the same settings "
        "(--config)"
    )
    return [Finding("pdf-audit", "settings", "error", message, MANIFEST_NAME)]


def audit_pdf_file(
    path: Path,
    release: Release,
    editions: Sequence[Edition],
    options: BuildOptions,
    *,
    browser: BrowserSession | None = None,
) -> list[Finding]:
    """The PDF/UA audit of a built PDF against the editions it holds."""
    from publisher.pdf.audit import audit_pdf

    return audit_pdf(path, release, list(editions), options.pdf)


def audit_epub_file(
    path: Path,
    release: Release,
    editions: Sequence[Edition],
    options: BuildOptions,
    *,
    browser: BrowserSession | None = None,
) -> list[Finding]:
    """EPUBCheck and Ace on a built EPUB."""
    from publisher.epub.audit import audit_epub

    return audit_epub(path)


def audit_html_file(
    path: Path,
    release: Release,
    editions: Sequence[Edition],
    options: BuildOptions,
    *,
    browser: BrowserSession | None = None,
) -> list[Finding]:
    """axe-core on a built HTML edition, at each of :data:`PAGE_WIDTHS`, in ``browser``.

    Without a browser of the caller's, one is started for this file alone.
    """
    if browser is None:
        with browser_session() as own:
            return audit_html_file(path, release, editions, options, browser=own)
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
