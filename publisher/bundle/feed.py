"""Podcast feeds: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, one per language.

Each release with an MP3 in the feed's language is one episode: the MP3 as enclosure with its exact
length in bytes, its duration, and its WebVTT transcript where there is one. Feeds need absolute
addresses, so they are only written when the address the output folder is published at is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from publisher import __version__
from publisher.bundle.formatting import clock_duration, language_in_text
from publisher.bundle.manifest import GENERATOR, Manifest
from publisher.clock import build_time, release_time
from publisher.formats import FORMATS
from publisher.languages import primary
from publisher.render.labels import label

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
FEED_MEDIA_TYPE = FORMATS["feed"].media_type
CATEGORY = "News"


def feed_name(lang: str) -> str:
    """File name of the feed in ``lang``, at the top of the output folder: ``podcast.es.rss``."""
    return f"podcast.{primary(lang)}.rss"


def absolute(base_url: str, *parts: str) -> str:
    """``base_url`` joined with path parts, each percent-encoded."""
    return base_url.rstrip("/") + "/" + "/".join(quote(p) for p in parts)


def published(manifest: Manifest) -> dt.datetime:
    """When an episode was published: the release's date (noon UTC), else the build's date."""
    return release_time(manifest.date)


class ChannelExtras(BaseExtension):  # type: ignore[misc]
    """What feedgen 1.0 lacks on the channel: the ``podcast:`` namespace, explicit as true/false."""

    def extend_ns(self) -> dict[str, str]:
        """The namespace prefix."""
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed: Any) -> Any:
        """Add ``itunes:explicit``, in the true/false form Apple's specification now asks for."""
        channel = feed[0]
        xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "false"
        return feed


class EpisodeExtras(BaseEntryExtension):  # type: ignore[misc]
    """``podcast:transcript`` on an item: the WebVTT captions of the episode."""

    def __init__(self) -> None:
        self.transcripts: list[dict[str, str]] = []

    def transcript(self, url: str, media_type: str, lang: str) -> None:
        """Add a transcript of the episode."""
        self.transcripts.append({"url": url, "type": media_type, "language": lang})

    def extend_rss(self, entry: Any) -> Any:
        """Write the transcripts into the item."""
        for attributes in self.transcripts:
            xml_elem(f"{{{PODCAST_NS}}}transcript", entry, rel="captions", **attributes)
        return entry


def _episodes(manifests: Sequence[Manifest], lang: str) -> list[Manifest]:
    chosen = []
    for manifest in manifests:
        edition = manifest.edition(primary(lang))
        if edition and manifest.single("mp3", edition.lang):
            chosen.append(manifest)
    return chosen


def podcast_feed(
    manifests: Sequence[Manifest],
    lang: str,
    base_url: str,
    page: str,
    image_url: str | None = None,
) -> bytes | None:
    """The feed in ``lang`` (a tag), newest episode first; None when no release has an MP3 in it.

    ``page`` is the site page in that language, relative to ``base_url``. Nothing in the feed
    depends on the clock: dates come from the releases and :func:`build_time`.
    """
    episodes = sorted(_episodes(manifests, lang), key=published, reverse=True)
    if not episodes:
        return None
    language = language_in_text(lang)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("extras", ChannelExtras, EpisodeExtras)
    fg.title(label("podcast_title", lang))
    fg.description(label("podcast_description", lang).format(language=language))
    fg.link(href=absolute(base_url, feed_name(lang)), rel="self", type=FEED_MEDIA_TYPE)
    fg.link(href=absolute(base_url, page), rel="alternate")  # the last link is the RSS <link>
    fg.language(lang)
    fg.generator(f"{GENERATOR} {__version__}")
    fg.lastBuildDate(build_time())
    fg.pubDate(published(episodes[0]))
    fg.podcast.itunes_category(CATEGORY)
    fg.podcast.itunes_type("episodic")
    issuers = {e.issuer for m in episodes if (e := m.edition(primary(lang))) and e.issuer}
    if len(issuers) == 1:
        fg.podcast.itunes_author(issuers.pop())
    if image_url:
        fg.podcast.itunes_image(image_url)
    for manifest in episodes:
        _add_episode(fg, manifest, lang, base_url)
    return bytes(fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def _add_episode(fg: Any, manifest: Manifest, lang: str, base_url: str) -> None:
    edition = manifest.edition(primary(lang))
    mp3 = manifest.single("mp3", edition.lang) if edition else None
    if edition is None or mp3 is None:
        return
    url = absolute(base_url, manifest.slug, mp3.path)
    pages = manifest.pages()
    entry = fg.add_entry(order="append")
    entry.guid(url, permalink=False)
    entry.title(edition.title)
    entry.description(edition.description)
    entry.link(href=absolute(base_url, manifest.slug, pages.get(edition.lang, "index.html")))
    entry.enclosure(url, str(mp3.bytes), mp3.media_type)
    entry.pubDate(published(manifest))
    if mp3.duration_s is not None:
        entry.podcast.itunes_duration(clock_duration(mp3.duration_s))
    if edition.issuer:
        entry.podcast.itunes_author(edition.issuer)
    vtt = manifest.single("vtt", edition.lang)
    if vtt is not None:
        entry.extras.transcript(
            absolute(base_url, manifest.slug, vtt.path), vtt.media_type, edition.lang
        )
