"""The XHTML shared by the PDF, EPUB and HTML edition: the constructs beyond plain CommonMark."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.model import Release
from publisher.render.html import HtmlOptions, document
from publisher.sources import load_release

FEATURES = Path(__file__).resolve().parents[1] / "fixtures" / "features"


@pytest.fixture(scope="module")
def features() -> Release:
    return load_release(FEATURES)


def test_struck_raised_and_lowered_text(features: Release) -> None:
    html = document(features, [features.original], HtmlOptions())
    assert "x<sub>i</sub>" in html
    assert "1<sup>er</sup> lugar" in html
    assert "<s>segundo</s> primero" in html
    assert '<th scope="col">Valor<sup>a</sup></th>' in html


def test_footnotes_are_called_by_a_named_link_and_listed_after_their_section(
    features: Release,
) -> None:
    html = document(features, [features.original], HtmlOptions())
    call = '<sup><a href="#note-1" role="doc-noteref" aria-label="Nota 1">1</a></sup>'
    assert f"primero{call}" in html
    notes = html.index('<ol id="b5" class="notes">')
    assert html.index(call) < notes < html.index('<h2 id="b6">Datos</h2>')
    assert '<li id="note-1" value="1"><p>Según la <em><abbr' in html
    assert '<ol id="b9" class="notes">\n<li id="note-2" value="2">' in html


def test_epub_marks_the_call_as_a_noteref_and_bilingual_ids_stay_unique(
    features: Release,
) -> None:
    html = document(features, list(features.editions), HtmlOptions(epub=True))
    assert 'href="#es-note-1" role="doc-noteref" epub:type="noteref" aria-label="Nota 1"' in html
    assert 'href="#en-note-1" role="doc-noteref" epub:type="noteref" aria-label="Note 1"' in html
    assert html.count('id="es-note-1"') == html.count('id="en-note-1"') == 1


def test_a_heading_id_link_goes_to_the_headings_block_and_a_div_sets_the_language(
    features: Release,
) -> None:
    html = document(features, [features.original], HtmlOptions())
    assert '<a href="#b1">el contexto</a>' in html
    assert '<p id="b3" lang="qu" xml:lang="qu">Allin p\'unchaw, llaqta masiykuna.</p>' in html
