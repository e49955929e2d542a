"""Sizes and durations as readers of each language write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.bundle.formatting import (
    clock_duration,
    format_duration,
    format_size,
    iso_duration,
    language_in_text,
)
from publisher.bundle.write import BundleOptions, write_site_index


@pytest.mark.parametrize(
    ("size", "lang", "text"),
    [
        (812, "en", "812\xa0B"),
        (9_640, "en", "9.6\xa0KB"),
        (9_640, "es", "9,6\xa0KB"),
        (842_000, "es-PE", "842\xa0KB"),
        (1_420_000, "en", "1.4\xa0MB"),
        (1_420_000, "es", "1,4\xa0MB"),
        (1_420_000, "qu", "1.4\xa0MB"),
    ],
)
def test_format_size(size: int, lang: str, text: str) -> None:
    assert format_size(size, lang) == text


def test_durations() -> None:
    assert format_duration(24.6) == "25\xa0s"
    assert format_duration(185.2) == "3\xa0min 05\xa0s"
    assert format_duration(3725) == "1\xa0h 02\xa0min 05\xa0s"
    assert iso_duration(185.2) == "PT3M5S"
    assert iso_duration(0.2) == "PT0S"
    assert clock_duration(3725) == "01:02:05"


def test_language_names_in_sentences() -> None:
    assert language_in_text("es-PE") == "español"
    assert language_in_text("es", "en") == "Spanish"
    assert language_in_text("en") == "English"


def test_site_index_of_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "index.qu.html").write_text("old", encoding="utf-8")
    site = write_site_index(tmp_path, BundleOptions(base_url="https://example.org/"))
    assert [a.path.name for a in site.artifacts] == ["index.html"]
    assert not (tmp_path / "index.qu.html").exists()
    assert "No releases yet." in (tmp_path / "index.html").read_text("utf-8")


def test_clip_cuts_at_a_word_end_and_marks_the_cut() -> None:
    from publisher.bundle.formatting import clip

    assert clip("corto") == "corto"
    text = "palabra " * 100
    clipped = clip(text, 50)
    assert len(clipped) <= 50
    assert clipped.endswith("palabra…")
    assert clip("a" * 500, 50) == "a" * 49 + "…"
