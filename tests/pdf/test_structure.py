"""The finished PDFs: audit-clean, with languages, artifacts, metadata and bookmarks in place."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from publisher.model import Release
from publisher.pdf.audit import audit_pdf
from publisher.pdf.content import read_pages
from publisher.pdf.fonts import pdf_fonts
from publisher.pdf.legibility import MIN_CONTRAST, WHITE, contrast
from publisher.pdf.outline import read_outline
from publisher.pdf.structure import AnnotRef, Element
from tests.pdf.support import NAMES, editions, tree_of

SIZE_BUDGET = {"es": 40 * 1024, "en": 40 * 1024, "bilingual": 60 * 1024}


def _by_role(tree: Element, role: str) -> list[Element]:
    return [element for element in tree.walk() if element.role == role]


@pytest.mark.parametrize("name", NAMES)
def test_seed_pdfs_pass_the_audit_with_no_finding(
    seed: Release, seed_pdfs: dict[str, Path], name: str
) -> None:
    assert audit_pdf(seed_pdfs[name], seed, editions(seed, name)) == []


@pytest.mark.parametrize("name", NAMES)
def test_rich_pdfs_pass_the_audit_with_no_finding(
    rich: Release, rich_pdfs: dict[str, Path], name: str
) -> None:
    assert audit_pdf(rich_pdfs[name], rich, editions(rich, name)) == []


@pytest.mark.parametrize("name", NAMES)
def test_seed_pdfs_fit_their_size_budget(seed_pdfs: dict[str, Path], name: str) -> None:
    assert seed_pdfs[name].stat().st_size <= SIZE_BUDGET[name]


def test_bilingual_pdf_reads_the_original_then_the_translation(
    seed: Release, seed_pdfs: dict[str, Path]
) -> None:
    with pikepdf.open(seed_pdfs["bilingual"]) as pdf:
        assert str(pdf.Root.Lang) == "es-PE"
        articles = _by_role(tree_of(pdf), "/Art")
        assert [a.effective_lang("es-PE") for a in articles] == ["es-PE", "en"]
        assert articles[0].lang is None  # same as the document: no /Lang repeated
        assert articles[1].lang == "en"
        first_pages = [min(ref.page for _, ref in a.content()) for a in articles]
        assert first_pages[1] > first_pages[0]


def test_inline_passages_carry_their_language(rich_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(rich_pdfs["bilingual"]) as pdf:
        tree = tree_of(pdf)
        pages = read_pages(pdf)
        tagged = {}
        for element in tree.walk():
            if element.lang and element.role == "/Span":
                parts = [pages[r.page].texts.get(r.mcid, "") for _, r in element.content()]
                tagged[" ".join(" ".join(parts).split())] = element.lang
    quechua = "Allin p'unchaw, ch'aska, k'anchay, q'umir, t'ika, ñuqa"
    assert tagged[quechua] == "qu"
    assert tagged["good morning"] == "en"
    assert tagged["buenos días"] == "es-PE"


def test_running_head_and_folio_are_pagination_artifacts(seed_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(seed_pdfs["es"]) as pdf:
        pages = read_pages(pdf)
        artifacts = [s for s in pages[1].shows if s.artifact]
        texts = {s.text.replace("\xa0", " ") for s in artifacts}
        assert "Página 2 de 3" in texts
        assert "Español" in texts
        assert all(not s.artifact for s in pages[1].shows if s.mcid is not None)
        kinds = {
            str(op.operands[1].get("/Subtype"))
            for op in pikepdf.parse_content_stream(pdf.pages[1])
            if str(op.operator) == "BDC" and str(op.operands[0]) == "/Artifact"
        }
        assert kinds == {"/Header", "/Footer"}


def test_a_paragraph_across_pages_is_one_element(rich_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(rich_pdfs["es"]) as pdf:
        tree = tree_of(pdf)
        pages = read_pages(pdf)
        long_ones = [
            p
            for p in _by_role(tree, "/P")
            if "cruce de una página" in "".join(pages[r.page].texts[r.mcid] for _, r in p.content())
        ]
        assert len(long_ones) == 1
        assert len({ref.page for _, ref in long_ones[0].content()}) >= 2
        assert len(_by_role(tree, "/Art")) == 1
        assert len(_by_role(tree, "/Part")) == 1


def test_abbreviations_links_and_header_cells_are_described(rich_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(rich_pdfs["es"]) as pdf:
        tree = tree_of(pdf)
        expansions = {str(e.obj["/E"]) for e in tree.walk() if "/E" in e.obj}
        assert expansions == {"Presidencia del Consejo de Ministros"}
        annots = [
            item.annot
            for link in _by_role(tree, "/Link")
            for item in link.items
            if isinstance(item, AnnotRef)
        ]
        said = {str(a.Contents): str(a.A.URI) if "/A" in a else str(a.Dest) for a in annots}
        assert said == {"anexo": "anexo.txt", "la sección": "b1", "un enlace": "https://www.gob.pe"}
        scopes = {str(th.obj.A.Scope) for th in _by_role(tree, "/TH")}
        assert scopes == {"/Column"}
        (figure,) = _by_role(tree, "/Figure")
        assert str(figure.obj.Alt) == "Un rectángulo azul"


def test_metadata_names_title_languages_creator_and_pdfua(
    rich_pdfs: dict[str, Path], seed_pdfs: dict[str, Path]
) -> None:
    with pikepdf.open(rich_pdfs["bilingual"]) as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
        assert '<rdf:li xml:lang="x-default">Prueba de estructura: ñandú y pingüino' in xmp
        assert '<rdf:li xml:lang="en">Structure test: rhea and penguin</rdf:li>' in xmp
        assert "<rdf:Bag><rdf:li>es-PE</rdf:li><rdf:li>en</rdf:li></rdf:Bag>" in xmp
        assert "<rdf:li>Presidencia del Consejo de Ministros</rdf:li>" in xmp
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Author).startswith("Presidencia del Consejo de Ministros")
    with pikepdf.open(seed_pdfs["es"]) as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
        assert "dc:creator" not in xmp  # the seed does not say who issued it
        assert "/Author" not in pdf.docinfo


def test_bookmarks_follow_the_headings(rich: Release, rich_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(rich_pdfs["bilingual"]) as pdf:
        outline = read_outline(pdf)
        assert str(pdf.Root.PageMode) == "/UseOutlines"
    titles = [e.title for e in rich.editions]
    assert outline == [
        (1, titles[0]),
        (2, "Sección con énfasis"),
        (3, "Subsección"),
        (1, titles[1]),
        (2, "Section with emphasis"),
        (3, "Subsection"),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_text_is_large_dark_and_set_in_the_shipped_font(
    seed_pdfs: dict[str, Path], name: str
) -> None:
    with pikepdf.open(seed_pdfs[name]) as pdf:
        shows = [s for page in read_pages(pdf) for s in page.shows if s.text.strip()]
        fonts = pdf_fonts(pdf)
    body = [s for s in shows if not s.artifact]
    assert min(s.size for s in shows) >= 11.0 - 0.01
    assert sorted({round(s.size, 1) for s in body})[0] == 12.0
    assert min(contrast(s.fill, WHITE) for s in shows) >= MIN_CONTRAST
    assert fonts
    for font in fonts:
        assert font.embedded
        assert font.subset
        assert "Atkinson-Hyperlegible-Next" in font.name
