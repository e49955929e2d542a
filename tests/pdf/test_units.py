"""Small pieces: CMap decoding, contrast, bookmark comparison, short titles, glyph coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.pdf.audit import editions_of
from publisher.pdf.content import multiply
from publisher.pdf.fonts import missing_characters, parse_to_unicode, stylesheet_fonts
from publisher.pdf.legibility import WHITE, contrast
from publisher.pdf.outline import outline_problems
from publisher.pdf.writer import short_title
from publisher.resources import stylesheet
from publisher.sources import load_release
from tests.conftest import SEED

CMAP = b"""/CIDInit /ProcSet findresource begin
2 beginbfchar
<0003> <0020>
<00b5> <00f3>
endbfchar
2 beginbfrange
<0010> <0012> <0041>
<0020> <0021> [<00f1> <D83DDE00>]
endbfrange
endcmap"""


def test_to_unicode_maps_chars_ranges_and_arrays() -> None:
    mapping = parse_to_unicode(CMAP)
    assert mapping[0x03] == " "
    assert mapping[0xB5] == "ó"
    assert [mapping[c] for c in (0x10, 0x11, 0x12)] == ["A", "B", "C"]
    assert mapping[0x20] == "ñ"
    assert mapping[0x21] == "\U0001f600"


def test_matrix_product_applies_the_first_matrix_first() -> None:
    scale = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    move = (1.0, 0.0, 0.0, 1.0, 10.0, 5.0)
    assert multiply(scale, move) == (2.0, 0.0, 0.0, 2.0, 10.0, 5.0)
    assert multiply(move, scale) == (2.0, 0.0, 0.0, 2.0, 20.0, 10.0)


def test_contrast_follows_wcag() -> None:
    assert contrast((0.0, 0.0, 0.0), WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    grey = (0x77 / 255,) * 3
    assert contrast(grey, WHITE) == pytest.approx(4.48, abs=0.01)
    body = (0x11 / 255,) * 3
    assert contrast(body, WHITE) > 18


def test_outline_levels_are_depths_not_heading_numbers() -> None:
    headings = [(1, "Title"), (3, "Deep"), (2, "Section")]
    assert outline_problems([(1, "Title"), (2, "Deep"), (2, "Section")], headings) == []
    problems = outline_problems([(1, "Title"), (2, "Section")], headings)
    assert problems[-1] == "2 bookmarks for 3 headings"


def test_short_title_cuts_at_a_word() -> None:
    title = "El Perú ejercerá el rol de País Presidente de la Red Interamericana de Gobierno"
    short = short_title(title, 40)
    assert short == "El Perú ejercerá el rol de País…"
    assert len(short) <= 40
    assert short_title("Breve", 40) == "Breve"
    assert short_title("Pneumonoultramicroscopicsilicovolcanoconiosis", 10) == "Pneumonou…"


def test_shipped_fonts_cover_spanish_english_and_quechua() -> None:
    fonts = stylesheet_fonts(stylesheet("print.css"))
    assert len(fonts) == 4
    assert all(path.is_file() for path in fonts)
    text = "ñÑáéíóúüÜ¿¡’‘“”«»–—… ch'aska k'anchay p'unchaw q'umir t'ika ch’aska Página 0123456789"
    assert missing_characters(text, fonts) == []
    assert missing_characters("ʼ漢", fonts) == ["ʼ", "漢"]


def test_editions_are_told_by_the_file_name(tmp_path: Path) -> None:
    release = load_release(SEED)
    slug = release.slug
    assert editions_of(release, tmp_path / f"{slug}.bilingual.pdf") == list(release.editions)
    assert editions_of(release, tmp_path / f"{slug}.en.pdf") == [release.edition("en")]
    with pytest.raises(ValueError, match="no edition in 'qu'"):
        editions_of(release, tmp_path / f"{slug}.qu.pdf")
    with pytest.raises(ValueError, match="not a PDF of"):
        editions_of(release, tmp_path / "other.es.pdf")
