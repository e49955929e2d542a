"""Package metadata: identifier, titles, languages, dates, issuer and accessibility properties.

Everything is derived from the release, so two builds of the same source agree; what the
source does not say (issuer, date) is left out, never guessed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from ebooklib import epub

from publisher.clock import release_time
from publisher.epub.accessibility import AccessibilityMetadata
from publisher.epub.options import EpubOptions
from publisher.model import Edition, Release

NAMESPACE = uuid.UUID("6f1c3f4e-1d52-4c1e-9a53-5c0e0b7e4a10")
"""Namespace of the name-based (version 5) UUIDs that identify the EPUBs."""
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
"""The ``xml:lang`` attribute in the Clark notation of ElementTree and lxml."""


def identifier(release: Release, editions: Sequence[Edition], variant: str = "") -> str:
    """A URN that names this release in these languages, the same on every build.

    ``variant`` names another EPUB of the same editions (``narrated``), which gets its own.
    """
    name = f"{release.slug}/{'+'.join(e.lang for e in editions)}"
    if variant:
        name += f"/{variant}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def modified_time(release: Release) -> dt.datetime:
    """``dcterms:modified``: the release's date, else SOURCE_DATE_EPOCH, else the build's time."""
    return release_time(release.date)


def _lang_attr(lang: str, package_lang: str) -> dict[str, str]:
    return {} if lang == package_lang else {XML_LANG: lang}


def add_dublin_core(
    book: epub.EpubBook, release: Release, editions: Sequence[Edition], variant: str = ""
) -> None:
    """Identifier, titles and languages (the first edition's first), date, issuer, summary."""
    lead = editions[0].lang
    book.set_identifier(identifier(release, editions, variant))
    book.title = editions[0].title
    for number, edition in enumerate(editions, 1):
        attrs = {"id": f"title-{number}", **_lang_attr(edition.lang, lead)}
        book.add_metadata("DC", "title", edition.title, attrs)
    for edition in editions:
        book.set_language(edition.lang)
    book.language = lead
    for number, (_, value) in enumerate(sorted(release.identifiers.items()), 1):
        book.add_metadata("DC", "identifier", value, {"id": f"release-id-{number}"})
    if release.date is not None:
        book.add_metadata("DC", "date", release.date.isoformat())
    issuers = {release.issuer_in(e.lang): e.lang for e in editions if release.issuer_in(e.lang)}
    for issuer, lang in issuers.items():
        book.add_metadata("DC", "publisher", issuer, _lang_attr(lang, lead))
    for edition in editions:
        if edition.summary:
            book.add_metadata("DC", "description", edition.summary, _lang_attr(edition.lang, lead))


def _meta(book: epub.EpubBook, prop: str, value: str, **attrs: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop, **attrs})


def add_accessibility(
    book: epub.EpubBook, metadata: AccessibilityMetadata, options: EpubOptions, lang: str
) -> None:
    """The schema.org properties, and a conformance claim when an evaluator is configured."""
    for mode in metadata.access_modes:
        _meta(book, "schema:accessMode", mode)
    for modes in metadata.sufficient:
        _meta(book, "schema:accessModeSufficient", modes)
    for feature in metadata.features:
        _meta(book, "schema:accessibilityFeature", feature)
    for hazard in metadata.hazards:
        _meta(book, "schema:accessibilityHazard", hazard)
    for summary_lang, text in metadata.summaries:
        attrs = {"property": "schema:accessibilitySummary", **_lang_attr(summary_lang, lang)}
        book.add_metadata(None, "meta", text, attrs)
    if not options.certified_by:
        return
    _meta(book, "dcterms:conformsTo", options.conformance, id="conformance")
    _meta(book, "a11y:certifiedBy", options.certified_by, id="certifier", refines="#conformance")
    if options.certifier_credential:
        _meta(book, "a11y:certifierCredential", options.certifier_credential, refines="#certifier")
    if options.certifier_report:
        book.add_metadata(
            None,
            "link",
            "",
            {
                "rel": "a11y:certifierReport",
                "refines": "#certifier",
                "href": options.certifier_report,
            },
        )
