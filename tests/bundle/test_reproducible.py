"""Rebuilding gives byte-identical pages, manifests and feeds, wherever the output folder is."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from publisher.bundle.formatting import summary_rows
from publisher.bundle.write import BundleOptions
from tests.bundle.conftest import BASE_URL, Built, bundle

BUNDLE_FILES = ("index*.html", "*/index*.html", "*/manifest.json", "*.rss")


def _rebuild(built: Built, folder: Path) -> dict[str, bytes]:
    copy = Built(folder, built.releases, built.outputs, {}, built.site)
    shutil.copytree(built.output, folder)
    bundle(copy, BundleOptions(base_url=BASE_URL))
    return _contents(folder)


def _contents(folder: Path) -> dict[str, bytes]:
    files = sorted(p for pattern in BUNDLE_FILES for p in folder.glob(pattern))
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_rebuild_is_byte_identical(built: Built, tmp_path: Path) -> None:
    original = _contents(built.output)
    assert len(original) == 13  # 8 pages, 2 manifests, 3 feeds
    time.sleep(1.1)  # a clock second later: nothing may depend on the wall clock
    assert _rebuild(built, tmp_path / "a") == original
    assert _rebuild(built, tmp_path / "elsewhere" / "b") == original


def test_source_date_epoch_changes_only_the_feeds(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    first = _rebuild(built, tmp_path / "a")
    assert first == _rebuild(built, tmp_path / "b")
    original = _contents(built.output)
    changed = sorted(name for name in original if original[name] != first[name])
    assert changed == ["podcast.en.rss", "podcast.es.rss", "podcast.qu.rss"]
    assert b"Sun, 13 Sep 2020 12:26:40 +0000" in first["podcast.es.rss"]


def test_summary_rows(built: Built) -> None:
    slug = next(iter(built.releases))
    rows = summary_rows(built.outputs[slug] + built.bundles[slug])
    mp3 = next(r for r in rows if r[0].endswith(".es.mp3"))
    size = next(a.size for a in built.outputs[slug] if a.path.name.endswith(".es.mp3"))
    assert mp3[1:] == ("mp3", "es-PE", f"{round(size / 1000)}\xa0KB", "3\xa0min 20\xa0s")
    totals = [r for r in rows if r[0].endswith("(total)")]
    assert [r[2] for r in totals] == ["es-PE", "en"]
    assert all(r[3].endswith("KB") for r in totals)
