"""Ordinary documents that once could not get a PDF: long tables, labelled charts, invisible
characters, languages the program labels in letters the font lacks, very long words."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage

from publisher.errors import SourceError
from publisher.model import Release
from publisher.pdf.audit import audit_pdf
from publisher.pdf.content import read_pages
from publisher.pdf.fonts import pdf_fonts
from publisher.pdf.outline import read_outline
from publisher.pdf.structure import Element
from publisher.pdf.writer import write_pdf
from publisher.sources import load_release
from tests.conftest import MakeRelease
from tests.pdf.support import tree_of

YAML = "original: es-PE\n"
SHIPPED = {"Atkinson-Hyperlegible-Next", "Atkinson-Hyperlegible-Next-Bold"}


def _edition(body: str, lang: str = "es-PE", title: str = "Título") -> str:
    return f"---\ntitle: {title}\nlang: {lang}\n---\n\n{body}\n"


def _build(make_release: MakeRelease, files: dict[str, str | bytes | None], out: Path) -> Release:
    """Write a one-edition release, build its PDF at ``out`` and check it passes the audit."""
    release = load_release(make_release({"release.yaml": YAML, "en.md": None, **files}))
    write_pdf(release, release.editions, out)
    assert audit_pdf(out, release, release.editions) == []
    return release


def _by_role(tree: Element, role: str) -> list[Element]:
    return [element for element in tree.walk() if element.role == role]


def _text(element: Element, pdf: pikepdf.Pdf) -> str:
    pages = read_pages(pdf)
    return "".join(pages[ref.page].texts.get(ref.mcid, "") for _, ref in element.content())


ROWS = 70


def test_a_table_across_pages_is_one_table_with_its_header_on_every_page(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    rows = "".join(f"| Distrito {i} | {i * 3} |\n" for i in range(ROWS))
    body = f"| Lugar | Localidades |\n|---|---|\n{rows}\nDespués de la tabla."
    target = tmp_path / "tabla.pdf"
    _build(make_release, {"es.md": _edition(body)}, target)
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) >= 3
        tree = tree_of(pdf)
        [table] = _by_role(tree, "/Table")
        assert [kid.role for kid in table.kids] == ["/THead", "/TBody"]
        [head] = _by_role(table, "/THead")
        assert len(head.kids) == 1
        assert len(_by_role(table, "/TR")) == ROWS + 1
        assert len(_by_role(table, "/TH")) == 2
        assert len(_by_role(table, "/TD")) == 2 * ROWS
        ids = {str(th.obj.get("/ID")) for th in _by_role(table, "/TH")}
        for td in _by_role(table, "/TD"):
            assert {str(ref) for ref in td.obj["/A"]["/Headers"]} <= ids
        # The header row is painted again at the top of every later page, as an artifact.
        later = [p for p in read_pages(pdf)[1:] if any("Distrito" in s.text for s in p.shows)]
        assert len(later) >= 2
        for page in later:
            first = next(show for show in page.shows if show.text.strip())
            assert first.artifact
            assert first.text.startswith("Lugar")


def test_two_long_tables_with_the_same_head_keep_both_heads(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    table = "| Lugar | Localidades |\n|---|---|\n" + "".join(
        f"| Distrito {i} | {i} |\n" for i in range(45)
    )
    target = tmp_path / "tablas.pdf"
    _build(make_release, {"es.md": _edition(f"{table}\n{table}")}, target)
    with pikepdf.open(target) as pdf:
        tables = _by_role(tree_of(pdf), "/Table")
        assert [len(_by_role(table, "/THead")) for table in tables] == [1, 1]
        assert [len(_by_role(table, "/TR")) for table in tables] == [46, 46]


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
    '<rect x="10" y="10" width="80" height="90" fill="#124"/>'
    '<text x="100" y="60" font-size="11">Ventas 2023</text></svg>'
)


def test_an_svg_chart_with_text_labels_builds(make_release: MakeRelease, tmp_path: Path) -> None:
    body = "Antes del gráfico.\n\n![Ventas de 2023: 80 unidades](grafico.svg)\n\nDespués."
    target = tmp_path / "grafico.pdf"
    _build(make_release, {"es.md": _edition(body), "grafico.svg": SVG}, target)
    with pikepdf.open(target) as pdf:
        [figure] = _by_role(tree_of(pdf), "/Figure")
        assert str(figure.obj["/Alt"]) == "Ventas de 2023: 80 unidades"


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"],
    ids=["zwsp", "zwnj", "zwj", "word-joiner", "bom", "soft-hyphen"],
)
def test_invisible_characters_in_the_text_build(
    make_release: MakeRelease, tmp_path: Path, char: str
) -> None:
    body = f"Una pala{char}bra con un carácter invisible, y otra{char} más.\n\n## Títu{char}lo"
    _build(make_release, {"es.md": _edition(body)}, tmp_path / "invisible.pdf")


def test_a_word_of_soft_hyphens_longer_than_a_line_builds(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    word = "\u00ad".join(["pa", "la", "bra"] * 40)  # the reader removes them: one long word
    target = tmp_path / "shy.pdf"
    _build(make_release, {"es.md": _edition(f"Una {word} larga.")}, target)
    with pikepdf.open(target) as pdf:
        shown = "".join(show.text for show in read_pages(pdf)[0].shows)
    assert "\u00ad" not in shown
    assert "palabrapalabra" in shown


GUARANI = "Mba’éichapa. Ñe’ẽ ha ĩ, ũ, ỹ, g̃uahẽ: avañe’ẽ ha Ẽ, Ĩ, Ũ, Ỹ, G̃."


def test_a_guarani_edition_builds_in_the_shipped_font(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    files: dict[str, str | bytes | None] = {
        "release.yaml": "original: gn\ndate: 2023-03-15\n",
        "es.md": None,
        "gn.md": _edition(
            f"## Ñe’ẽ\n\n{GUARANI}\n\n![Ta’anga ñe’ẽ](ta.png)", lang="gn", title="Marandu"
        ),
    }
    folder = make_release({**files, "en.md": None})
    PILImage.new("RGB", (40, 20), (20, 60, 120)).save(folder / "ta.png")
    target = tmp_path / "gn.pdf"
    _build(make_release, files, target)
    with pikepdf.open(target) as pdf:
        assert {font.name.split("+")[-1] for font in pdf_fonts(pdf)} <= SHIPPED
        shown = "".join(show.text for page in read_pages(pdf) for show in page.shows)
    assert "Avañe’ẽ" in unicodedata.normalize("NFC", shown)  # the running head's language


def test_a_label_the_font_cannot_draw_never_blames_the_user(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    # Amharic calls itself "አማርኛ", which the shipped font cannot draw; the text is Latin.
    files: dict[str, str | bytes | None] = {
        "release.yaml": "original: am\n",
        "es.md": None,
        "am.md": _edition("Selam, dehna neh?", lang="am", title="Zena"),
    }
    _build(make_release, files, tmp_path / "am.pdf")


def test_a_missing_glyph_in_the_text_names_the_file_the_line_and_the_character(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(
        make_release({"en.md": None, "es.md": _edition("Uno.\n\nDos con 漢 aquí.")})
    )
    with pytest.raises(SourceError) as error:
        write_pdf(release, release.editions, tmp_path / "out.pdf")
    assert error.value.path == release.original.source
    assert error.value.line == 8
    assert "U+6F22 '漢'" in error.value.message


def test_a_missing_glyph_in_the_issuer_blames_release_yaml(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    yaml = "original: es-PE\nissuer: Oficina 漢\n"  # line 2
    release = load_release(make_release({"en.md": None, "release.yaml": yaml}))
    with pytest.raises(SourceError) as error:
        write_pdf(release, release.editions, tmp_path / "out.pdf")
    assert error.value.path == release.root / "release.yaml"
    assert error.value.line == 2
    assert "U+6F22 '漢'" in error.value.message


def _word_boxes(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word poppler finds in ``pdf``."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', out
    )
    return [(float(low), float(high), word) for low, high, word in found]


@pytest.mark.parametrize("length", [3_000, 200_000])
def test_a_very_long_word_stays_on_the_page(
    make_release: MakeRelease, tmp_path: Path, length: int
) -> None:
    word = ("Ab" * length)[:length]
    body = (
        f"## Sección {word[:150]}\n\nAntes {word} después.\n\n"
        f"| Celda | {word[:400]} |\n|---|---|\n| a | b |"
    )
    target = tmp_path / "largo.pdf"
    _build(make_release, {"es.md": _edition(body)}, target)
    with pikepdf.open(target) as pdf:
        width = float(pdf.pages[0].mediabox[2])
    boxes = _word_boxes(target)
    assert sum(len(w) for _, _, w in boxes if set(w) <= set("Ab")) >= length + 550
    assert all(low >= 0 and high <= width for low, high, _ in boxes)


def test_three_hundred_headings_get_three_hundred_bookmarks(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    body = "".join(f"## Sección {i}\n\nTexto {i}.\n\n" for i in range(300))
    target = tmp_path / "secciones.pdf"
    _build(make_release, {"es.md": _edition(body)}, target)
    with pikepdf.open(target) as pdf:
        assert len(read_outline(pdf)) == 301


def test_a_thousand_paragraphs_without_headings_build(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    body = "".join(f"Párrafo número {i} de la nota.\n\n" for i in range(1000))
    target = tmp_path / "parrafos.pdf"
    _build(make_release, {"es.md": _edition(body)}, target)
    with pikepdf.open(target) as pdf:
        assert len(_by_role(tree_of(pdf), "/P")) == 1000
