"""Download pages: static HTML, no scripts, the stylesheet inlined, one page per language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from publisher.bundle.formatting import (
    format_duration,
    format_size,
    iso_duration,
    language_in_text,
    language_names,
)
from publisher.bundle.manifest import MANIFEST_NAME, FileEntry, Manifest
from publisher.formats import ALTERNATIVES, sections
from publisher.languages import primary
from publisher.render.labels import FALLBACK, format_date, label
from publisher.resources import stylesheet

SECTIONS = sections()
"""What each format is for, in the order the page lists them."""
FORMAT_ORDER = tuple(f for _, formats in SECTIONS for f in formats)


def page_css() -> str:
    """The page stylesheet with comments and spacing removed."""
    css = stylesheet("page.css").read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    return css.replace(";}", "}").strip()


def page_names(langs: Sequence[str]) -> dict[str, str]:
    """File name of each language's page: ``index.html`` for the first, ``index.en.html``..."""
    return {
        tag: "index.html" if i == 0 else f"index.{primary(tag)}.html" for i, tag in enumerate(langs)
    }


def _say(key: str, lang: str, **values: str) -> str:
    """A label as HTML, marked as English where ``lang`` has no translation of its own."""
    text = label(key, lang)
    html = escape(text.format(**values) if values else text)
    if primary(lang) != FALLBACK and text == label(key, FALLBACK):
        return f'<span lang="{FALLBACK}">{html}</span>'
    return html


def _lang_attr(tag: str, page_lang: str) -> str:
    return "" if tag == page_lang else f' lang="{escape(tag)}"'


def _document(lang: str, title: str, head: Sequence[str], body: Sequence[str], css: str) -> bytes:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(title)}</title>",
        *head,
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _head(lang: str, pages: Mapping[str, str], feed_url: str | None) -> list[str]:
    """Links to the page in the other languages and to the podcast feed."""
    head = [
        f'<link rel="alternate" hreflang="{escape(tag)}" href="{escape(name)}">'
        for tag, name in pages.items()
        if tag != lang
    ]
    if feed_url:
        head.append(
            f'<link rel="alternate" type="application/rss+xml" href="{escape(feed_url)}" '
            f'title="{escape(label("podcast_title", lang))}">'
        )
    return head


def _switch(lang: str, pages: Mapping[str, str]) -> list[str]:
    """The language switch: every language's page, the current one marked."""
    if len(pages) < 2:
        return []
    items = []
    for tag, name in language_names(list(pages)):
        current = ' aria-current="page"' if tag == lang else ""
        items.append(
            f'<li><a href="{escape(pages[tag])}" hreflang="{escape(tag)}"'
            f"{_lang_attr(tag, lang)}{current}>{escape(name)}</a></li>"
        )
    return [
        "<header>",
        f'<nav aria-label="{escape(label("page_languages", lang))}"><ul>',
        *items,
        "</ul></nav>",
        "</header>",
    ]


def _languages(tags: Sequence[str], page_lang: str) -> str:
    return ", ".join(
        f'<span lang="{escape(tag)}">{escape(name)}</span>' if tag != page_lang else escape(name)
        for tag, name in language_names(tags)
    )


def _format_label(entry: FileEntry, lang: str) -> str:
    try:
        text = _say(f"format_{entry.format}", lang)
    except KeyError:
        text = escape(entry.format.upper())
    return f"{text}, {_say('page_bilingual', lang)}" if len(entry.langs) > 1 else text


def _file_item(entry: FileEntry, lang: str) -> str:
    facts = [_languages(entry.langs, lang), escape(format_size(entry.bytes, lang))]
    if entry.duration_s is not None:
        facts.append(
            f'<time datetime="{iso_duration(entry.duration_s)}">'
            f"{escape(format_duration(entry.duration_s))}</time>"
        )
    return (
        f'<li><a href="{escape(entry.path)}" type="{escape(entry.media_type)}">'
        f"{_format_label(entry, lang)}</a>"
        f' <span class="m">{" · ".join(facts)}</span></li>'
    )


def _file_key(entry: FileEntry) -> tuple[int, int, str]:
    rank = FORMAT_ORDER.index(entry.format) if entry.format in FORMAT_ORDER else len(FORMAT_ORDER)
    return rank, len(entry.langs), entry.path


def _file_sections(files: Sequence[FileEntry], lang: str) -> list[str]:
    out: list[str] = []
    known = set(FORMAT_ORDER)
    groups = [(key, [f for f in files if f.format in formats]) for key, formats in SECTIONS]
    groups.append(("page_other", [f for f in files if f.format not in known]))
    for key, entries in groups:
        if entries:
            out.append(f"<h2>{_say(key, lang)}</h2>")
            out.append("<ul>")
            out.extend(_file_item(f, lang) for f in sorted(entries, key=_file_key))
            out.append("</ul>")
    return out


def _byline(issuer: str | None, manifest: Manifest, lang: str) -> list[str]:
    """The issuer and the date, as far as they are known."""
    facts = [escape(issuer)] if issuer else []
    if manifest.date:
        facts.append(
            f'<time datetime="{manifest.date.isoformat()}">'
            f"{escape(format_date(manifest.date, lang))}</time>"
        )
    return facts


def _subscribe(lang: str, feed_url: str | None) -> list[str]:
    if not feed_url:
        return []
    text = _say("page_subscribe", lang, language=language_in_text(lang))
    return [f'<p><a href="{escape(feed_url)}" type="application/rss+xml">{text}</a></p>']


def release_page(
    manifest: Manifest, lang: str, pages: Mapping[str, str], feed_url: str | None, css: str
) -> bytes:
    """The download page of one release in ``lang``: the files holding that language.

    ``pages`` maps each edition tag to its page file; ``feed_url`` is the podcast feed in
    ``lang``, or None when there is none.
    """
    edition = manifest.edition(lang)
    if edition is None:
        raise KeyError(lang)
    files = manifest.downloads(lang)
    byline = _byline(edition.issuer, manifest, lang)
    singles = sum(f.bytes for f in files if f.langs == (lang,) and f.format not in ALTERNATIVES)
    total = _say(
        "page_total", lang, language=language_in_text(lang), size=format_size(singles, lang)
    )
    body = [
        *_switch(lang, pages),
        "<main>",
        f"<h1>{escape(edition.title)}</h1>",
        f'<p class="m">{" · ".join(byline)}</p>' if byline else "",
        f"<p>{escape(edition.description)}</p>" if edition.description != edition.title else "",
        f"<p>{total}</p>" if singles else "",
        *_file_sections(files, lang),
        *_subscribe(lang, feed_url),
        "</main>",
        "<footer><p>",
        f'<a href="../index.html">{_say("page_all_releases", lang)}</a><br>',
        f'<a href="{MANIFEST_NAME}" type="application/json">{_say("page_checksums", lang)}</a>',
        "</p></footer>",
    ]
    title = f"{edition.title} · {label('page_downloads', lang)}"
    head = _head(lang, pages, feed_url)
    return _document(lang, title, head, [line for line in body if line], css)


def _release_item(manifest: Manifest, lang: str) -> str:
    """One release in the site list: its page in ``lang``'s language, else its first page."""
    pages = manifest.pages()
    tag = next((t for t in pages if primary(t) == primary(lang)), next(iter(pages), None))
    edition = (manifest.edition(tag) if tag else None) or manifest.editions[0]
    href = f"{manifest.slug}/{pages.get(edition.lang, 'index.html')}"
    facts = _byline(None, manifest, lang)
    facts.append(_languages(list(pages) or [edition.lang], lang))
    singles = sum(
        f.bytes
        for f in manifest.downloads(edition.lang)
        if f.langs == (edition.lang,) and f.format not in ALTERNATIVES
    )
    if singles:
        language = language_in_text(edition.lang, lang)
        facts.append(_say("page_total", lang, language=language, size=format_size(singles, lang)))
    other = ""
    if primary(edition.lang) != primary(lang):
        other = f' hreflang="{escape(edition.lang)}" lang="{escape(edition.lang)}"'

    return (
        f'<li><a href="{escape(href)}"{other}>{escape(edition.title)}</a>'
        f' <span class="m">{" · ".join(facts)}</span></li>'
    )


def site_page(
    manifests: Sequence[Manifest],
    lang: str,
    pages: Mapping[str, str],
    feed_url: str | None,
    css: str,
) -> bytes:
    """The list of every release in ``lang``, each linked to its page in that language if any."""
    title = label("site_title", lang)
    head = _head(lang, pages, feed_url)
    items = [_release_item(m, lang) for m in manifests]
    body = [
        *_switch(lang, pages),
        "<main>",
        f"<h1>{_say('site_title', lang)}</h1>",
        *(["<ul>", *items, "</ul>"] if items else [f"<p>{_say('page_empty', lang)}</p>"]),
        *_subscribe(lang, feed_url),
        "</main>",
    ]
    return _document(lang, title, head, body, css)
