"""A site's templates tried on a sample release before a build writes anything.

The release pages are rendered into each release's staging folder, but the site index is
rendered after the release folders took their places: a site template that fails on any
release should fail here first, while the output folder is as it was.
"""

from __future__ import annotations

import datetime as dt

from publisher.bundle.feed import absolute, feed_name
from publisher.bundle.manifest import EditionEntry, FileEntry, Manifest
from publisher.bundle.page import PageSite, page_names, release_page, site_page
from publisher.bundle.templates import compile_folder
from publisher.formats import FORMATS

SAMPLE_LANGS = ("es-PE", "en")
SAMPLE_FORMATS = ("html", "pdf", "epub", "mp3", "opus", "vtt", "script")
AUDIO_S = 61.5


def sample_manifest() -> Manifest:
    """A bilingual release with every kind of file a page lists, in both languages."""
    files = [
        FileEntry(
            path=f"sample.{lang}{FORMATS[fmt].suffix}",
            format=fmt,
            media_type=FORMATS[fmt].media_type,
            langs=(lang,),
            bytes=12_345,
            sha256="0" * 64,
            duration_s=AUDIO_S if FORMATS[fmt].narrated else None,
        )
        for lang in SAMPLE_LANGS
        for fmt in SAMPLE_FORMATS
    ]
    files.append(FileEntry("sample.bilingual.html", "html", "text/html", SAMPLE_LANGS, 1, "0" * 64))
    editions = tuple(
        EditionEntry(lang, "Título de muestra", "Resumen.", "Oficina", original=i == 0)
        for i, lang in enumerate(SAMPLE_LANGS)
    )
    return Manifest("sample", dt.date(2023, 11, 14), editions, tuple(files))


def try_templates(site: PageSite) -> None:
    """Parse every template of the site's folder and render its pages of the sample release.

    A TemplateError names the first template that fails and its line.
    """
    if site.templates is None:
        return
    compile_folder(site.templates)
    manifest = sample_manifest()
    pages = page_names(SAMPLE_LANGS)
    for lang in SAMPLE_LANGS:
        feed = absolute(site.base_url, feed_name(lang)) if site.base_url else None
        release_page(manifest, lang, pages, feed, site)
        site_page([manifest], lang, pages, feed, site)
