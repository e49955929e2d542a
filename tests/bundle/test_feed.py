"""Podcast feeds parse, carry exact enclosure lengths, durations, languages and dates."""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from publisher.bundle.feed import ITUNES_NS, PODCAST_NS, published
from publisher.bundle.manifest import Manifest
from publisher.bundle.write import BundleOptions
from publisher.clock import build_time
from tests.bundle.conftest import BASE_URL, SECOND_SLUG, Built, bundle

ATOM_NS = "http://www.w3.org/2005/Atom"


def _local(built: Built, url: str) -> Path:
    assert url.startswith(BASE_URL), url
    return built.output / url.removeprefix(BASE_URL)


def _feeds(built: Built) -> dict[str, Path]:
    return {a.lang: a.path for a in built.site.artifacts if a.format == "feed"}


def test_one_feed_per_language(built: Built) -> None:
    assert sorted(p.name for p in _feeds(built).values()) == [
        "podcast.en.rss",
        "podcast.es.rss",
        "podcast.qu.rss",
    ]
    assert built.site.notes == []


def test_feeds_parse_and_enclosure_lengths_equal_file_sizes(built: Built) -> None:
    enclosures = 0
    for path in _feeds(built).values():
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "rss20"
        for entry in feed.entries:
            (enclosure,) = entry.enclosures
            local = _local(built, enclosure.href)
            assert int(enclosure.length) == local.stat().st_size
            assert enclosure.type == "audio/mpeg"
            assert local.suffix == ".mp3"
            enclosures += 1
    assert enclosures == 5  # seed: es, en; second: en, es, qu


def test_namespaces_podcast_apps_expect(built: Built) -> None:
    feed = feedparser.parse(_feeds(built)["en"].read_bytes())
    assert {ITUNES_NS, PODCAST_NS, ATOM_NS} <= set(feed.namespaces.values())
    channel = ElementTree.parse(_feeds(built)["en"]).getroot()[0]
    assert channel.findtext(f"{{{ITUNES_NS}}}explicit") == "false"
    assert feed.feed.tags[0].term == "News"
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == f"{BASE_URL}podcast.en.rss"
    assert feed.feed.link == f"{BASE_URL}index.html"  # English is the site's first language
    spanish = feedparser.parse(_feeds(built)["es"].read_bytes())
    assert spanish.feed.link == f"{BASE_URL}index.es.html"


def test_language_titles_durations_and_dates(built: Built) -> None:
    feed = feedparser.parse(_feeds(built)["es"].read_bytes())
    assert feed.feed.language == "es"
    newest, oldest = feed.entries
    assert newest.title == "Informe anual"
    assert newest.itunes_duration == "00:00:20"
    assert newest.author == "Oficina de Gobierno Digital"
    assert newest.published == "Fri, 01 Mar 2024 12:00:00 +0000"
    assert newest.summary == "El año en cifras."
    assert newest.link == f"{BASE_URL}{SECOND_SLUG}/index.es.html"
    # The seed release has no date: the build time stands in, never the clock.
    assert oldest.title.startswith("El Perú ejercerá")
    assert oldest.itunes_duration == "00:03:20"
    assert calendar.timegm(oldest.published_parsed) == build_time().timestamp()
    assert feed.feed.updated_parsed[:6] == build_time().timetuple()[:6]


def test_transcript_links_the_webvtt_file(built: Built) -> None:
    root = ElementTree.parse(_feeds(built)["qu"]).getroot()
    (transcript,) = root.iter(f"{{{PODCAST_NS}}}transcript")
    assert transcript.get("type") == "text/vtt"
    assert transcript.get("language") == "qu"
    assert transcript.get("rel") == "captions"
    assert _local(built, transcript.get("url", "")).read_text("utf-8").startswith("WEBVTT")


def test_source_date_epoch_sets_undated_episode_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    undated = Manifest(slug="x", date=None, editions=(), files=())
    assert published(undated) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    dated = Manifest(slug="x", date=dt.date(2023, 5, 4), editions=(), files=())
    assert published(dated) == dt.datetime(2023, 5, 4, 12, tzinfo=dt.UTC)


def test_without_base_url_no_feed_and_a_note(built: Built, tmp_path: Path) -> None:
    copy = Built(tmp_path / "dist", built.releases, built.outputs, {}, built.site)
    shutil.copytree(built.output, copy.output)
    bundle(copy, BundleOptions())
    assert not list(copy.output.glob("*.rss"))  # the old feeds are removed, not left stale
    assert "--base-url" in copy.site.notes[0]
    for page in copy.output.rglob("*.html"):
        assert "rss" not in page.read_text("utf-8")


@pytest.mark.parametrize(
    "url", ["example.org/prensa", "ftp://example.org/", "https://", "/prensa/"]
)
def test_base_url_must_be_a_web_address(url: str) -> None:
    with pytest.raises(ValueError, match=r"https://example\.org/press/"):
        BundleOptions(base_url=url)
