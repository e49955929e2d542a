"""Labels in every language, and what a language without a label reads instead."""

from __future__ import annotations

import pytest

from publisher.render.labels import (
    chain,
    combined_edition,
    label,
    label_language,
    own_labels,
    translated,
)


@pytest.mark.parametrize("lang", ["es", "qu"])
def test_every_label_has_a_text_in_each_shipped_language(lang: str) -> None:
    assert set(own_labels(lang)) == set(own_labels("en"))


def test_quechua_falls_back_to_spanish_then_english() -> None:
    assert chain("qu") == ("qu", "es", "en")
    assert chain("quz-PE") == ("quz", "es", "en")
    assert chain("es-PE") == ("es", "en")
    assert chain("ay") == ("ay", "en")


def test_label_is_taken_from_the_first_language_that_has_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = {"en": {"x": "X", "y": "Y"}, "es": {"x": "equis"}, "qu": {}}
    monkeypatch.setattr("publisher.render.labels._labels", lambda: tables)
    assert label("x", "qu") == "equis"
    assert label_language("x", "qu") == "es"
    assert label("y", "qu") == "Y"
    assert label_language("y", "qu") == "en"
    assert not translated("x", "qu")
    with pytest.raises(KeyError):
        label("z", "qu")


def test_quechua_labels_are_quechua() -> None:
    assert label("page_total", "qu").startswith("Llapanmi")
    assert label_language("page_total", "qu") == "qu"


@pytest.mark.parametrize(
    ("count", "lang", "expected"),
    [
        (2, "es", "edición bilingüe"),
        (3, "es", "edición multilingüe"),
        (3, "en", "multilingual edition"),
        (3, "qu", "achka simipi qillqa"),
        (2, "qu", "iskay simipi qillqa"),
    ],
)
def test_combined_edition_is_named_for_its_count(count: int, lang: str, expected: str) -> None:
    assert label(combined_edition(count), lang) == expected
