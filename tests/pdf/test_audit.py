"""The audit catches what is wrong: each test breaks a good PDF one way, then looks for it."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from publisher.model import Release
from publisher.pdf.audit import audit_pdf
from publisher.pdf.content import read_pages
from publisher.pdf.structure import AnnotRef, Element
from publisher.pdf.writer import render_pdf
from publisher.validate import Finding
from tests.pdf.support import altered, editions, tree_of


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _first(tree: Element, role: str, lang: str | None = None) -> Element:
    for element in tree.walk():
        if element.role == role and (lang is None or element.effective_lang("") == lang):
            return element
    raise AssertionError(f"no {role}")


def _footer_as_paragraph(pdf: pikepdf.Pdf) -> None:
    """Tag page 1's footer as a paragraph at the end of the document, as real content."""
    page = pdf.pages[0]
    mcid = len(read_pages(pdf)[0].mcids)
    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = list(instruction.operands)
        is_footer = (
            str(instruction.operator) == "BDC"
            and operands[0] == "/Artifact"
            and operands[1].get("/Subtype") == "/Footer"
        )
        if is_footer:
            operands = [pikepdf.Name("/P"), pikepdf.Dictionary({"/MCID": mcid})]
        instructions.append(pikepdf.ContentStreamInstruction(operands, instruction.operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    document = tree_of(pdf).kids[0]
    footer = pdf.make_indirect(
        pikepdf.Dictionary(
            {
                "/Type": pikepdf.Name("/StructElem"),
                "/S": pikepdf.Name("/P"),
                "/P": document.obj,
                "/Pg": page.obj,
                "/K": pikepdf.Array([mcid]),
            }
        )
    )
    document.obj.K.append(footer)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    nums[1].append(footer)


def test_footer_tagged_as_content_is_caught(
    seed: Release, seed_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    broken = altered(seed_pdfs["es"], tmp_path / "footer.pdf", _footer_as_paragraph)
    findings = audit_pdf(broken, seed, editions(seed, "es"))
    reading = [f for f in findings if f.rule == "reading-order"]
    assert reading, findings
    assert "Página" in reading[0].message


def test_english_paragraph_tagged_spanish_is_caught(
    seed: Release, seed_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    def mislabel(pdf: pikepdf.Pdf) -> None:
        article = _first(tree_of(pdf), "/Art", "en")
        article.kids[1].obj.Lang = pikepdf.String("es-PE")

    broken = altered(seed_pdfs["bilingual"], tmp_path / "lang.pdf", mislabel)
    findings = audit_pdf(broken, seed, editions(seed, "bilingual"))
    assert _rules(findings) == {"lang"}
    (finding,) = findings
    assert "tagged 'es-PE'; the source says 'en'" in finding.message
    assert finding.location.startswith("page 4 /P")


def test_weasyprint_output_without_the_fixups_fails(seed: Release, tmp_path: Path) -> None:
    raw = tmp_path / "raw.pdf"
    raw.write_bytes(render_pdf(seed, list(seed.editions)))
    findings = audit_pdf(raw, seed, list(seed.editions))
    assert {"orphan-content", "lang", "metadata"} <= _rules(findings)
    orphans = [f for f in findings if f.rule == "orphan-content"]
    assert len(orphans) == 6  # running head and folio on each of the six pages
    assert any("English" in f.message for f in orphans)


def test_missing_alt_text_is_caught(
    rich: Release, rich_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    def drop_alt(pdf: pikepdf.Pdf) -> None:
        del _first(tree_of(pdf), "/Figure").obj["/Alt"]

    broken = altered(rich_pdfs["es"], tmp_path / "alt.pdf", drop_alt)
    findings = audit_pdf(broken, rich, editions(rich, "es"))
    assert {"figure-alt", "UA-13-004"} <= _rules(findings)


def test_link_without_description_is_caught(
    rich: Release, rich_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    def drop_contents(pdf: pikepdf.Pdf) -> None:
        link = _first(tree_of(pdf), "/Link")
        for item in link.items:
            if isinstance(item, AnnotRef):
                del item.annot["/Contents"]

    broken = altered(rich_pdfs["es"], tmp_path / "link.pdf", drop_contents)
    assert "link-contents" in _rules(audit_pdf(broken, rich, editions(rich, "es")))


def test_skipped_heading_level_is_caught(
    rich: Release, rich_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    def demote(pdf: pikepdf.Pdf) -> None:
        _first(tree_of(pdf), "/H2").obj.S = pikepdf.Name("/H4")

    broken = altered(rich_pdfs["es"], tmp_path / "heading.pdf", demote)
    findings = audit_pdf(broken, rich, editions(rich, "es"))
    skips = [f for f in findings if f.rule == "heading-skip"]
    assert [f.message for f in skips] == ["H4 follows H1"]


def test_paragraphs_out_of_order_are_caught(
    seed: Release, seed_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    def swap(pdf: pikepdf.Pdf) -> None:
        article = _first(tree_of(pdf), "/Art")
        kids = article.obj.K
        kids[1], kids[2] = kids[2], kids[1]

    broken = altered(seed_pdfs["es"], tmp_path / "order.pdf", swap)
    findings = audit_pdf(broken, seed, editions(seed, "es"))
    assert _rules(findings) == {"reading-order"}


def test_untagged_text_is_caught(seed: Release, seed_pdfs: dict[str, Path], tmp_path: Path) -> None:
    def scribble(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        font = next(iter(page.Resources.Font.keys()))
        extra = f"BT {font} 12 Tf 100 100 Td <0039> Tj ET".encode()
        data = bytes(page.obj.Contents.read_bytes()) + b"\n" + extra
        page.obj.Contents = pdf.make_stream(data)

    broken = altered(seed_pdfs["es"], tmp_path / "untagged.pdf", scribble)
    findings = audit_pdf(broken, seed, editions(seed, "es"))
    assert {"untagged-content", "UA-01-003"} <= _rules(findings)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_edition_checked_against_the_wrong_model_fails(
    seed: Release, seed_pdfs: dict[str, Path], lang: str
) -> None:
    other = "en" if lang == "es" else "es"
    findings = audit_pdf(seed_pdfs[lang], seed, editions(seed, other))
    assert {"reading-order", "document-lang", "metadata", "outline"} <= _rules(findings)
