"""Writing the bundle: each release's pages and manifest, then the site index and podcast feeds."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from publisher.artifact import Artifact, describe
from publisher.bundle.address import check_base_url
from publisher.bundle.feed import absolute, feed_name, podcast_feed
from publisher.bundle.manifest import (
    MANIFEST_NAME,
    Manifest,
    manifest_for,
    read_manifest,
)
from publisher.bundle.page import LOGO_NAME, PageSite, page_names, release_page, site_page
from publisher.formats import FORMATS
from publisher.languages import primary
from publisher.model import Release
from publisher.office import Office
from publisher.staging import Staging, staged

_OWN_SITE_FILE = re.compile(r"^(index\.[a-z]{2,8}\.html|podcast\.[a-z]{2,8}\.rss)$")


@dataclass(frozen=True, slots=True)
class BundleOptions:
    """Settings of the download pages and feeds."""

    base_url: str | None = None
    """Web address the output folder is published at (``https://example.org/press/``).

    Podcast apps need absolute addresses, so without it no feed is written.
    """
    feed_image_url: str | None = None
    """Square cover art (JPEG or PNG, 1400-3000 px) for podcast directories that require one."""
    office: Office = field(default_factory=Office)
    """The press office the pages name, with its logo and contact."""
    templates: Path | None = None
    """A folder of templates replacing the package's page templates of the same name."""

    def __post_init__(self) -> None:
        """Refuse a base URL podcast apps could not use (ValueError)."""
        if self.base_url is not None:
            check_base_url(self.base_url)


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """What :func:`write_site_index` wrote, and what the user should know about it."""

    artifacts: list[Artifact]
    notes: list[str] = field(default_factory=list)


def page_languages(manifest: Manifest) -> list[str]:
    """Editions that get a page: those with at least one file; the original when none has."""
    langs = [e.lang for e in manifest.editions if manifest.downloads(e.lang)]
    return langs or [manifest.editions[0].lang]


def _site(staging: Staging, options: BundleOptions) -> PageSite:
    """The pages' shared settings, the office's logo copied beside them if there is one."""
    logo = _logo_name(options)
    if options.office.logo is not None and logo is not None:
        shutil.copyfile(options.office.logo, staging.path(logo))
    return PageSite(options.office, options.templates, options.base_url, logo)


def _logo_name(options: BundleOptions) -> str | None:
    """The name the office's logo is copied under beside the pages, if there is one."""
    logo = options.office.logo
    return None if logo is None else LOGO_NAME + logo.suffix.lower()


def _write(staging: Staging, name: str, data: bytes, *, fmt: str, lang: str) -> Artifact:
    staging.path(name).write_bytes(data)
    return _described(staging, name, fmt, lang)


PAGE_LIBRARIES = ("jinja2", "babel", "langcodes")
"""Libraries whose version can change the pages' bytes."""


def bundle_key(
    release: Release,
    artifacts: Sequence[Artifact],
    options: BundleOptions,
    settings: Mapping[str, Mapping[str, str | None]] | None = None,
) -> str:
    """What the release's pages and manifest are made from: equal keys, equal files.

    The manifest the pages show (the release and every output, by checksum), the page settings
    (the office's logo and the templates folder by their bytes), the code and the libraries.
    """
    manifest = manifest_for(release, artifacts, settings)
    return _pages_key("bundle", [manifest.to_json().decode("utf-8")], options)


def site_key(manifests: Sequence[Manifest], options: BundleOptions) -> str:
    """What the site index and feeds are made from: every release's manifest, as for a release.

    The feeds are not covered: they carry the build's date, so they are written every time.
    """
    return _pages_key("site", [m.to_json().decode("utf-8") for m in manifests], options)


@cache
def _page_library_versions() -> tuple[str, ...]:
    """``name=version`` of each of :data:`PAGE_LIBRARIES` (read once: it scans the installs)."""
    from importlib import metadata

    versions = []
    for name in PAGE_LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return tuple(versions)


def _pages_key(kind: str, manifests: Sequence[str], options: BundleOptions) -> str:
    from publisher.tasks.keys import code_fingerprint, digest

    templates = options.templates
    folder = (
        sorted(
            (p.relative_to(templates).as_posix(), p) for p in templates.rglob("*") if p.is_file()
        )
        if templates is not None and templates.is_dir()
        else []
    )
    return digest(
        kind,
        code_fingerprint(),
        _page_library_versions(),
        *manifests,
        replace(options, templates=None),
        folder,
    )


def _bundle_names(manifest: Manifest, options: BundleOptions) -> list[str]:
    """The files :func:`write_bundle` writes for the release: pages, logo, manifest."""
    names = list(page_names(page_languages(manifest)).values())
    logo = _logo_name(options)
    return [*names, *([logo] if logo else []), MANIFEST_NAME]


def write_bundle(
    release: Release,
    artifacts: Sequence[Artifact],
    staging: Staging,
    options: BundleOptions,
    settings: Mapping[str, Mapping[str, str | None]] | None = None,
    *,
    reuse: Path | None = None,
) -> list[Artifact]:
    """Write the release's download pages and manifest.json into its staging folder.

    ``artifacts`` are the release's outputs, already written; returns the files added (pages
    first, the manifest last), with paths in the staging folder like the others. ``reuse`` is
    a folder that holds this very bundle (its :func:`bundle_key` is unchanged): its files are
    linked into the staging folder instead of being rendered again, when they are all there.
    """
    manifest = manifest_for(release, artifacts, settings)
    if reuse is not None and (kept := _reused(manifest, staging, options, reuse)) is not None:
        return kept
    langs = page_languages(manifest)
    names = page_names(langs)
    site = _site(staging, options)
    written = []
    for lang in langs:
        feed = None
        if options.base_url and manifest.single("mp3", lang):
            feed = absolute(options.base_url, feed_name(lang))
        data = release_page(manifest, lang, names, feed, site)
        written.append(_write(staging, names[lang], data, fmt="page", lang=lang))
    manifest = manifest.with_files(written)
    if options.templates is not None:
        _try_site_pages(manifest, site)
    all_langs = " ".join(e.lang for e in manifest.editions)
    written.append(
        _write(staging, MANIFEST_NAME, manifest.to_json(), fmt="manifest", lang=all_langs)
    )
    return written


def _try_site_pages(manifest: Manifest, site: PageSite) -> None:
    """Render the site index's pages with this release alone, and drop them.

    The index is written after the release folders took their places; a site template that
    fails on this release fails here, while the release is still staged.
    """
    langs = site_languages([manifest])
    names = page_names(langs)
    for lang in langs:
        feed = None
        if site.base_url and manifest.single("mp3", lang):
            feed = absolute(site.base_url, feed_name(lang))
        site_page([manifest], lang, names, feed, site)


def _reused(
    manifest: Manifest, staging: Staging, options: BundleOptions, folder: Path
) -> list[Artifact] | None:
    """The bundle's files linked from ``folder`` into the staging folder; None if one is gone."""
    names = _bundle_names(manifest, options)
    if not all((folder / name).is_file() for name in names):
        return None
    for name in names:
        destination = staging.path(name)
        destination.unlink(missing_ok=True)
        try:
            os.link(folder / name, destination)
        except OSError:
            shutil.copy2(folder / name, destination)
    langs = page_languages(manifest)
    pages = page_names(langs)
    kept = [_described(staging, pages[lang], "page", lang) for lang in langs]
    all_langs = " ".join(e.lang for e in manifest.editions)
    return [*kept, _described(staging, MANIFEST_NAME, "manifest", all_langs)]


def _described(staging: Staging, name: str, fmt: str, lang: str) -> Artifact:
    return describe(staging.path(name), fmt, FORMATS[fmt].media_type, lang)


def _release_folders(output: Path) -> list[Path]:
    """The release folders in ``output``: those with a manifest, never a build's hidden ones."""
    if not output.is_dir():
        return []
    return [
        folder
        for folder in sorted(output.iterdir())
        if not folder.name.startswith(".") and (folder / MANIFEST_NAME).is_file()
    ]


def check_site(output: Path, rebuilt: Collection[str]) -> None:
    """Read the manifest of every release in ``output`` but ``rebuilt``; OutputError if one fails.

    Run before a build replaces anything, so a broken manifest stops it while the output
    folder is still as it was.
    """
    for folder in _release_folders(output):
        if folder.name not in rebuilt:
            read_manifest(folder / MANIFEST_NAME)


def read_site(output: Path) -> list[Manifest]:
    """The manifests of every release folder in ``output``, newest release first."""
    manifests = [
        replace(read_manifest(folder / MANIFEST_NAME), slug=folder.name)
        for folder in _release_folders(output)
    ]
    return sorted(
        manifests, key=lambda m: (m.date is None, -(m.date.toordinal() if m.date else 0), m.slug)
    )


def site_languages(manifests: Sequence[Manifest]) -> list[str]:
    """The languages of the site pages and feeds, the one most releases were written in first.

    A language is given as the tag every release uses for it (``es-PE``), or as its primary
    subtag when releases differ (``es``).
    """
    tags: dict[str, set[str]] = {}
    for manifest in manifests:
        for tag in manifest.pages():
            tags.setdefault(primary(tag), set()).add(tag)
    if not tags:
        return ["en"]
    originals = Counter(primary(e.lang) for m in manifests for e in m.editions if e.original)
    order = sorted(tags, key=lambda p: (-originals[p], list(tags).index(p)))
    return [next(iter(tags[p])) if len(tags[p]) == 1 else p for p in order]


def write_site_index(output: Path, options: BundleOptions) -> SiteIndex:
    """Write ``output/index.html`` (and one page per other language) and the podcast feeds.

    Lists every release folder in ``output`` that has a manifest. Files of earlier runs named
    like ours (``index.xx.html``, ``podcast.xx.rss``) that this run did not write are removed.
    Pages made from what they would be made from now (:func:`site_key`, kept at the end of
    ``index.html``), all in place, are kept as they are.
    """
    output.mkdir(parents=True, exist_ok=True)
    manifests = read_site(output)
    langs = site_languages(manifests)
    names = page_names(langs)
    feeds: dict[str, tuple[str, bytes]] = {}
    notes = []
    if options.base_url:
        for lang in langs:
            data = podcast_feed(
                manifests, lang, options.base_url, names[lang], options.feed_image_url
            )
            if data is not None:
                feeds[lang] = (absolute(options.base_url, feed_name(lang)), data)
    elif any(m.single("mp3", e.lang) for m in manifests for e in m.editions):
        notes.append(
            "podcast feeds not written: podcast apps need absolute addresses, so give the "
            "web address the output folder is published at (--base-url https://...)"
        )
    key = site_key(manifests, options)
    kept = _kept_pages(output, langs, names, key, options)
    written: list[Artifact] = []
    if feeds or kept is None:
        with staged(output) as staging:
            written += [
                _write(staging, feed_name(lang), data, fmt="feed", lang=lang)
                for lang, (_, data) in feeds.items()
            ]
            if kept is None:
                urls = {lang: url for lang, (url, _) in feeds.items()}
                written += _site_pages(
                    staging, manifests, names, feeds=urls, key=key, options=options
                )
            staging.commit()
    site = [replace(a, path=output / a.path.name) for a in written] + (kept or [])
    current = {a.path.name for a in site}
    for stale in sorted(output.iterdir()):
        if stale.is_file() and _OWN_SITE_FILE.match(stale.name) and stale.name not in current:
            stale.unlink()
    return SiteIndex(site, notes)


def _site_pages(
    staging: Staging,
    manifests: Sequence[Manifest],
    names: Mapping[str, str],
    *,
    feeds: Mapping[str, str],
    key: str,
    options: BundleOptions,
) -> list[Artifact]:
    """The site's page in each language of ``names``, linking the feed ``feeds`` has for it.

    The first page's last line is ``key`` (:func:`_kept_pages` reads it back).
    """
    site = _site(staging, options)
    pages = []
    for index, lang in enumerate(names):
        data = site_page(manifests, lang, names, feeds.get(lang), site)
        if index == 0:
            data = data.rstrip(b"\n") + f"\n<!-- site key: {key} -->\n".encode("ascii")
        pages.append(_write(staging, names[lang], data, fmt="page", lang=lang))
    return pages


_SITE_MARK = re.compile(rb"<!-- site key: ([0-9a-f]{64}) -->\n\Z")
"""The last line of ``index.html``: the key of what the site's pages were made from."""


def _kept_pages(
    output: Path, langs: Sequence[str], names: Mapping[str, str], key: str, options: BundleOptions
) -> list[Artifact] | None:
    """The site's pages already in ``output``, if they were made from ``key`` and are all there."""
    try:
        with (output / names[langs[0]]).open("rb") as index:
            index.seek(max(index.seek(0, os.SEEK_END) - 256, 0))
            found = _SITE_MARK.search(index.read())
    except OSError:
        return None
    logo = _logo_name(options)
    needed = [names[lang] for lang in langs] + ([logo] if logo else [])
    if found is None or found[1].decode("ascii") != key:
        return None
    if not all((output / name).is_file() for name in needed):
        return None
    media_type = FORMATS["page"].media_type
    return [describe(output / names[lang], "page", media_type, lang) for lang in langs]
