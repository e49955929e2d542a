"""Download pages: static HTML, no scripts, the stylesheet inlined, one page per language.

The pages come from Jinja2 templates (``publisher/templates``, autoescaped); a site overrides
any of them with a file of the same name in its own templates folder (``[page] templates`` in
publisher.toml). This module gathers what a page says, as plain data the templates lay out
(listed in :mod:`publisher.bundle.templates`, which renders them in a sandbox).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from publisher.bundle.formatting import (
    clip,
    format_duration,
    format_size,
    iso_duration,
    language_in_text,
    language_names,
)
from publisher.bundle.manifest import MANIFEST_NAME, EditionEntry, FileEntry, Manifest
from publisher.bundle.templates import render as render_template
from publisher.formats import ALTERNATIVES, FORMATS, sections
from publisher.languages import display_name, primary
from publisher.office import Office
from publisher.render.labels import combined_edition, format_date, label, label_language
from publisher.resources import inline_stylesheet

SECTIONS = sections()
"""What each format is for, in the order the page lists them."""
FORMAT_ORDER = tuple(f for _, formats in SECTIONS for f in formats)


def page_css() -> str:
    """The page stylesheet with comments and spacing removed (it goes in ``<style>`` as is)."""
    return inline_stylesheet("web.css", "page.css").replace("</", "<\\/")


def page_names(langs: Sequence[str]) -> dict[str, str]:
    """File name of each language's page: ``index.html`` for the first, ``index.en.html``..."""
    return {
        tag: "index.html" if i == 0 else f"index.{primary(tag)}.html" for i, tag in enumerate(langs)
    }


PLAYER_SOURCES = ("opus", "mp3")
"""The player's sources, in the order a browser tries them: the smaller Opus, then MP3."""
LOGO_NAME = "office-logo"
"""File name (without suffix) of the office's logo beside the pages."""


class Say(NamedTuple):
    """Words on a page, with their language where it is not the page's."""

    text: str
    lang: str | None = None
    datetime: str | None = None
    """For a date or a duration: its machine-readable form (``<time datetime>``)."""


@dataclass(frozen=True, slots=True)
class PageSite:
    """What every page of a site shares: the office, the templates, the published address."""

    office: Office = field(default_factory=Office)
    templates: Path | None = None
    """A folder whose templates replace the package's ones of the same name."""
    base_url: str | None = None
    """Where the output folder is published; gives each page its canonical address."""
    logo: str | None = None
    """The logo's file name beside the page, once it is copied there."""


def _say(key: str, lang: str, **values: str) -> Say:
    """A label, marked with its language where ``lang`` has no translation of its own."""
    text = label(key, lang)
    words = text.format(**values) if values else text
    found = label_language(key, lang)
    if found != primary(lang):
        return Say(words, found)
    return Say(words)


def render(site: PageSite, template: str, **context: Any) -> bytes:
    """A page from ``template`` (the site's own, or the package's), as UTF-8.

    The templates run sandboxed (:mod:`publisher.bundle.templates`); a failure is a
    TemplateError naming the template's file and line.
    """
    return render_template(site.templates, template, context)


def _office(site: PageSite, lang: str) -> dict[str, Any]:
    office = site.office
    return {
        "name": office.name_in(lang),
        "logo": site.logo if office.name_in(lang) else None,
        "email": office.email,
        "phone": office.phone,
        "phone_href": office.phone_href,
        "website": office.website,
        "has_contact": office.has_contact,
    }


def _common(
    site: PageSite, lang: str, title: str, pages: Mapping[str, str], feed_url: str | None
) -> dict[str, Any]:
    """What the frame of every page needs: head links, the office, the language switch."""
    switch = [
        {
            "href": pages[tag],
            "tag": tag,
            "name": name,
            "lang": None if tag == lang else tag,
            "current": tag == lang,
        }
        for tag, name in language_names(list(pages))
    ]
    feed = {"url": feed_url, "title": label("podcast_title", lang)} if feed_url else None
    return {
        "lang": lang,
        "title": title,
        "css": page_css(),
        "description": None,
        "meta": [],
        "canonical": None,
        "alternates": [(tag, name) for tag, name in pages.items() if tag != lang],
        "feed": feed,
        "office": _office(site, lang),
        "switch": switch if len(pages) > 1 else [],
        "switch_label": _say("page_languages", lang),
        "labels": {
            "contact": _say("page_press_contact", lang),
            "all_releases": _say("page_all_releases", lang),
            "no_player": _say("page_no_player", lang),
        },
        "links": False,
    }


def _edition(edition: EditionEntry) -> dict[str, Any]:
    return {
        "lang": edition.lang,
        "title": edition.title,
        "description": edition.description,
        "issuer": edition.issuer,
        "original": edition.original,
    }


def _languages(tags: Sequence[str], page_lang: str) -> list[Say]:
    return [Say(name, None if tag == page_lang else tag) for tag, name in language_names(tags)]


def _format_label(entry: FileEntry, lang: str) -> Say:
    try:
        words = _say(f"format_{entry.format}", lang)
    except KeyError:
        words = Say(entry.format.upper())
    if len(entry.langs) > 1:
        bilingual = _say(combined_edition(len(entry.langs)), lang)
        if words.lang == bilingual.lang:
            return Say(f"{words.text}, {bilingual.text}", words.lang)
        # One language per Say: the page's when they differ.
        return Say(f"{words.text}, {bilingual.text}") if words.lang is None else words
    return words


def _technical(entry: FileEntry, lang: str) -> Say:
    try:
        return _say(f"tech_{entry.format}", lang)
    except KeyError:
        return Say(FORMATS[entry.format].media_type if entry.format in FORMATS else entry.format)


def _file_item(entry: FileEntry, lang: str) -> dict[str, Any]:
    facts = [_technical(entry, lang), *_languages(entry.langs, lang)]
    facts.append(Say(format_size(entry.bytes, lang)))
    if entry.duration_s is not None:
        facts.append(Say(format_duration(entry.duration_s), None, iso_duration(entry.duration_s)))
    return {
        "href": entry.path,
        "type": entry.media_type,
        "label": _format_label(entry, lang),
        "facts": facts,
    }


def _file_key(entry: FileEntry) -> tuple[int, int, str]:
    rank = FORMAT_ORDER.index(entry.format) if entry.format in FORMAT_ORDER else len(FORMAT_ORDER)
    return rank, len(entry.langs), entry.path


def _player(manifest: Manifest, lang: str) -> dict[str, Any] | None:
    """The audio player of ``lang``'s page: Opus first, MP3 as fallback, captions as a track."""
    sources = [
        {"href": entry.path, "type": entry.media_type}
        for entry in (manifest.single(f, lang) for f in PLAYER_SOURCES)
        if entry is not None
    ]
    if not sources:
        return None
    captions = manifest.single("vtt", lang)
    return {
        "sources": sources,
        "captions": captions.path if captions else None,
        "language": display_name(lang),
    }


def _file_sections(manifest: Manifest, files: Sequence[FileEntry], lang: str) -> list[Any]:
    out: list[dict[str, Any]] = []
    known = set(FORMAT_ORDER)
    groups = [(key, [f for f in files if f.format in formats]) for key, formats in SECTIONS]
    groups.append(("page_other", [f for f in files if f.format not in known]))
    for key, entries in groups:
        if entries:
            out.append(
                {
                    "heading": _say(key, lang),
                    "player": _player(manifest, lang) if key == "page_listen" else None,
                    "files": [_file_item(f, lang) for f in sorted(entries, key=_file_key)],
                }
            )
    return out


def _byline(issuer: str | None, manifest: Manifest, lang: str) -> list[Say]:
    """The issuer and the date, as far as they are known."""
    facts = [Say(issuer)] if issuer else []
    if manifest.date:
        facts.append(Say(format_date(manifest.date, lang), None, manifest.date.isoformat()))
    return facts


def _subscribe(lang: str, feed_url: str | None) -> Say | None:
    if not feed_url:
        return None
    return _say("page_subscribe", lang, language=language_in_text(lang))


def og_locale(lang: str) -> str:
    """An Open Graph locale (``es_PE``) from a language tag (``es-PE``)."""
    parts = lang.split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return f"{parts[0].lower()}_{region.upper()}" if region else parts[0].lower()


def release_page(
    manifest: Manifest,
    lang: str,
    pages: Mapping[str, str],
    feed_url: str | None,
    site: PageSite | None = None,
) -> bytes:
    """The download page of one release in ``lang``: the files holding that language.

    ``pages`` maps each edition tag to its page file; ``feed_url`` is the podcast feed in
    ``lang``, or None when there is none.
    """
    site = site or PageSite()
    edition = manifest.edition(lang)
    if edition is None:
        raise KeyError(lang)
    files = manifest.downloads(lang)
    singles = sum(f.bytes for f in files if f.langs == (lang,) and f.format not in ALTERNATIVES)
    language = language_in_text(lang)
    title = f"{edition.title} · {label('page_downloads', lang)}"
    context = _common(site, lang, title, pages, feed_url)
    canonical = None
    if site.base_url:
        from publisher.bundle.feed import absolute

        canonical = absolute(site.base_url, manifest.slug, pages.get(lang, "index.html"))
    meta = [
        ("og:type", "article"),
        ("og:title", edition.title),
        ("og:description", clip(edition.description)),
        ("og:locale", og_locale(lang)),
        *(("og:locale:alternate", og_locale(tag)) for tag in pages if tag != lang),
    ]
    if canonical:
        meta.append(("og:url", canonical))
    if site.office.name_in(lang):
        meta.append(("og:site_name", site.office.name_in(lang)))
    context.update(
        description=clip(edition.description),
        meta=meta,
        canonical=canonical,
        edition=_edition(edition),
        byline=_byline(edition.issuer, manifest, lang),
        total=_say("page_total", lang, language=language, size=format_size(singles, lang))
        if singles
        else None,
        sections=_file_sections(manifest, files, lang),
        subscribe=_subscribe(lang, feed_url),
        checksums={
            "href": MANIFEST_NAME,
            "label": _say("page_checksums", lang),
            "tech": _say("tech_checksums", lang),
        },
        links=True,
    )
    return render(site, "release.html", **context)


def _release_item(manifest: Manifest, lang: str) -> dict[str, Any]:
    """One release in the site list: its page in ``lang``'s language, else its first page."""
    pages = manifest.pages()
    tag = next((t for t in pages if primary(t) == primary(lang)), next(iter(pages), None))
    edition = (manifest.edition(tag) if tag else None) or manifest.editions[0]
    href = f"{manifest.slug}/{pages.get(edition.lang, 'index.html')}"
    facts = _byline(None, manifest, lang)
    facts += _languages(list(pages) or [edition.lang], lang)
    singles = sum(
        f.bytes
        for f in manifest.downloads(edition.lang)
        if f.langs == (edition.lang,) and f.format not in ALTERNATIVES
    )
    if singles:
        language = language_in_text(edition.lang, lang)
        facts.append(_say("page_total", lang, language=language, size=format_size(singles, lang)))
    other = edition.lang if primary(edition.lang) != primary(lang) else None
    return {"href": href, "lang": other, "title": edition.title, "facts": facts}


def site_page(
    manifests: Sequence[Manifest],
    lang: str,
    pages: Mapping[str, str],
    feed_url: str | None,
    site: PageSite | None = None,
) -> bytes:
    """The list of every release in ``lang``, each linked to its page in that language if any."""
    site = site or PageSite()
    context = _common(site, lang, label("site_title", lang), pages, feed_url)
    context.update(
        heading=_say("site_title", lang),
        releases=[_release_item(m, lang) for m in manifests],
        empty=_say("page_empty", lang),
        subscribe=_subscribe(lang, feed_url),
    )
    return render(site, "site.html", **context)
