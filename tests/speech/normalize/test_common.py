from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.sources.lexicons import read_lexicon, release_lexicons
from publisher.speech.normalize import load_lexicon, spoken_form
from publisher.speech.normalize.common import (
    Number,
    Rewrite,
    parse_number,
    region,
    roman_value,
    to_roman,
)
from publisher.speech.normalize.lexicon import packaged_lexicon


@pytest.mark.parametrize(
    ("written", "mark", "number"),
    [
        ("9,000", ".", Number(9000)),
        ("9.000", ",", Number(9000)),
        ("9.000", ".", Number(9000)),
        ("9,000", ",", Number(9000)),
        ("1.5", ".", Number(1, "5", ".")),
        ("1,5", ",", Number(1, "5", ",")),
        ("1,5", ".", Number(1, "5", ",")),
        ("1,500.25", ".", Number(1500, "25", ".")),
        ("1.500,25", ".", Number(1500, "25", ",")),
        ("1.000.000", ".", Number(1_000_000)),
        ("1,250", ",", Number(1, "250", ",")),
        ("1,250", ".", Number(1250)),
        ("9\u00a0000", ",", Number(9000)),
    ],
)
def test_parse_number(written: str, mark: str, number: Number) -> None:
    assert parse_number(written, mark) == number


def test_roman_numerals_in_standard_form_only() -> None:
    assert roman_value("VII") == 7
    assert roman_value("XXI") == 21
    assert roman_value("IIII") is None
    assert roman_value("VX") is None
    assert roman_value("CI") is None  # above the limit
    assert all(roman_value(to_roman(n)) == n for n in range(1, 101))


def test_region() -> None:
    assert region("es-PE") == "PE"
    assert region("es-419") == "419"
    assert region("es") == ""
    assert region("zh-Hant-TW") == "TW"


def test_rewrite_never_reads_a_replacement_again() -> None:
    text = Rewrite("a1 b2")
    text.apply(re.compile(r"\d"), lambda m: f"<{m.group()}0>")
    text.apply(re.compile(r"\d"), lambda _: "X")
    assert str(text) == "a<10> b<20>"


def test_other_languages_get_lexicon_and_abbreviations_only(tmp_path: Path) -> None:
    assert spoken_form("Allin p'unchaw 2023 PCM", "ay", {"PCM": "x"}) == "Allin p'unchaw 2023 P C M"
    assert spoken_form("Allin p'unchaw 2023 PCM", "qu", {"PCM": "x"}) == (
        "Allin p'unchaw iskay waranqa iskay chunka kimsayuq pe ce eme"
    )  # Quechua has number rules of its own, and Spanish letter names
    (tmp_path / "lexicon.qu.yaml").write_text(
        "words:\n  p'unchaw: punchaw\nletters:\n  P: pi\n", encoding="utf-8"
    )
    lexicon = load_lexicon("qu", release_lexicons(tmp_path, tmp_path))
    said = spoken_form("Allin p'unchaw PQX", "qu", {"PQX": "x"}, lexicon)
    assert said == "Allin punchaw pi cu equis"
    assert packaged_lexicon("qu").words["MINSA"] == "minsa"  # borrowed from Spanish


def test_packaged_lexicons_load() -> None:
    for lang in ("es", "en", "qu"):
        assert packaged_lexicon(lang) is packaged_lexicon(lang)
    assert packaged_lexicon("es").words["BID"] == "bid"
    assert packaged_lexicon("es").nouns["día"] == "m"
    assert packaged_lexicon("es").letters["P"] == "pe"
    assert packaged_lexicon("en").labels == {}  # the words are in data/labels.yaml
    assert packaged_lexicon("de").words == {}


def test_release_lexicon_wins_tag_over_language(tmp_path: Path) -> None:
    (tmp_path / "lexicon.es.yaml").write_text("words:\n  BID: be i de\n  OEA: oea\n", "utf-8")
    (tmp_path / "lexicon.es-PE.yaml").write_text("words:\n  OEA: o e a\n", "utf-8")
    lexicon = load_lexicon("es-PE", release_lexicons(tmp_path, tmp_path), extra={"PCM": "pcm"})
    assert lexicon.words["BID"] == "be i de"
    assert lexicon.words["OEA"] == "o e a"
    assert lexicon.words["PCM"] == "pcm"
    assert lexicon.letters["M"] == "eme"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n- b\n", "a lexicon holds the sections"),
        ("word:\n  a: b\n", "unknown section 'word'"),
        ("words:\n  a: [b]\n", "'a' in words must be text, not a list"),
        ("nouns:\n  mapa: x\n", "the gender of 'mapa' must be m or f"),
        ("words: [\n", "invalid YAML"),
    ],
)
def test_malformed_lexicon_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lexicon.es.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        read_lexicon(path)
    assert caught.value.path == path


def test_numbers_past_num2words_range_are_read_digit_by_digit() -> None:
    code = "1234567890" * 3  # 30 digits: past num2words' Spanish range (10**27)
    assert spoken_form(f"Código {code}.", "es-PE", {}).startswith("Código uno dos tres")
    assert spoken_form(f"el {code}º lugar", "es-PE", {}).startswith("el uno dos tres")
    code = "1234567890" * 40  # past its English range (10**300 or so)
    assert spoken_form(f"the {code}th", "en", {}).startswith("the one two three")
