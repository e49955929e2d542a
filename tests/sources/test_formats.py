"""What the Markdown says reaches every format: HTML edition, EPUB, PDF, narration, captions.

The release in ``fixtures/formats`` writes code spans, a numbered list starting at 3, a tight and
a loose list, a link with a title to a heading's own id, an image whose description has
emphasis, and a line block (an address).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from publisher.audio.captions import Sentence, captions, webvtt
from publisher.epub.content import content_documents
from publisher.model import Release
from publisher.pdf.audit import audit_pdf
from publisher.pdf.content import read_pages
from publisher.pdf.writer import write_pdf
from publisher.sources import load_release
from publisher.speech.script import speech_script
from publisher.web.edition import html_edition

FIXTURE = Path(__file__).parent / "fixtures" / "formats"
MARKUP = ("{#", "`", "| ", "**", "*Perú*")
"""Source markup that must never be printed or read."""


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    folder = tmp_path_factory.mktemp("src") / "formats"
    shutil.copytree(FIXTURE, folder)
    return load_release(folder)


def _markup_of_the_text(markup: str) -> None:
    for mark in MARKUP:
        assert mark not in markup.replace("<code>", "").replace("</code>", ""), mark


@pytest.mark.parametrize("kind", ["html", "epub"])
def test_the_text_formats_write_every_construct(release: Release, kind: str) -> None:
    if kind == "html":
        page = html_edition(release, release.editions)
    else:
        page = content_documents(release, release.editions)[0].xhtml.decode("utf-8")
    body = page[page.index("</header>") :]
    assert '<h2 id="b1">Contacto</h2>' in body
    assert "Use <code>publisher check</code> ahora; la <abbr" in body
    assert "no <code>PCM</code>." in body  # code is printed as written: no abbreviation in it
    assert '<a href="#b1" title="Volver al contacto">arriba</a>' in body
    assert '<p id="b3"><code>uno</code> <code>dos</code></p>' in body
    assert '<ol id="b4" start="3">\n<li><span id="b4.1.1">tercero</span></li>' in body
    assert '<ul id="b5">\n<li><p id="b5.1.1">primero</p></li>' in body
    assert 'alt="Mapa del Perú con regiones" title="El mapa"' in body
    assert '<p id="b7">Av. Arequipa 123<br/>Lima</p>' in body
    _markup_of_the_text(body)


def test_the_pdf_numbers_from_the_start_prints_code_and_passes_its_audit(
    release: Release, tmp_path: Path
) -> None:
    target = tmp_path / "formats.pdf"
    write_pdf(release, release.editions, target)
    assert audit_pdf(target, release, release.editions) == []
    with pikepdf.open(target) as pdf:
        texts = [t for page in read_pages(pdf) for t in page.texts.values()]
    assert "publisher check" in texts
    assert [t for t in texts if t.strip() in ("1.", "2.", "3.", "4.")] == ["3. ", "4. "]
    _markup_of_the_text("".join(texts))


def test_the_narration_and_captions_read_the_real_numbers_and_the_whole_alt_text(
    release: Release,
) -> None:
    script = speech_script(release, release.original)
    written = [u.written for u in script.utterances]
    assert "3. tercero" in written
    assert "4. cuarto" in written
    assert "Imagen: Mapa del Perú con regiones" in written
    assert any("publisher check" in w for w in written)
    assert "uno dos" in written
    assert "Av. Arequipa 123 Lima" in written
    spoken = " ".join(u.spoken for u in script.utterances)
    assert "tres" in spoken
    _markup_of_the_text(spoken)
    sentences = [
        Sentence(u.written, u.spoken, 1000 * n, 1000 * n + 900)
        for n, u in enumerate(script.utterances)
    ]
    vtt = webvtt(captions(sentences))
    assert "3. tercero" in vtt
    _markup_of_the_text(vtt)
