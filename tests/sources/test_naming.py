"""One rule for a new release's name and languages, in import and new alike."""

from __future__ import annotations

import pytest

from publisher.errors import UsageError
from publisher.sources.importer import slug_of
from publisher.sources.naming import MAX_SLUG, check_slug, parse_langs


@pytest.mark.parametrize("slug", ["../x", "/tmp/x", "x/y", ".", "..", "", "Nota", "-x", "a" * 65])
def test_a_slug_is_one_release_name(slug: str) -> None:
    with pytest.raises(UsageError, match=r"--slug '.*': a release name is one folder name"):
        check_slug(slug, "--slug")


def test_a_good_slug_passes_and_a_file_name_always_makes_one() -> None:
    assert check_slug("nota-123-2023", "SLUG") == "nota-123-2023"
    for name in ("Nota de prensa Nº 5", "...", "ÁÉÍ", "x" * 300 + "-y"):
        assert check_slug(slug_of(name), "--slug")
    assert len(slug_of("x" * 300)) == MAX_SLUG


def test_languages_are_tags_and_a_name_gets_its_tag_suggested() -> None:
    assert parse_langs("es-pe, en ,qu") == ["es-PE", "en", "qu"]
    assert parse_langs(None) == parse_langs(",") == []
    with pytest.raises(UsageError) as caught:
        parse_langs("spanish,en")
    assert str(caught.value) == (
        "--langs: 'spanish' is not a language tag; write BCP 47 tags, original first, such as "
        "es-PE,en (for Spanish write es)"
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [("es-PE,es-MX", "es-MX and es-PE are one language"), ("en,en", "en is given twice")],
)
def test_one_tag_per_language(value: str, words: str) -> None:
    with pytest.raises(UsageError, match=f"--langs: {words}; each edition is one file"):
        parse_langs(value)
