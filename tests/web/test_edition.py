"""The HTML edition: the whole text as one small page, the EPUB's markup, axe-clean in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.audit import audit_html_file
from publisher.build import build_release
from publisher.bundle.budget import Budgets, check_budgets
from publisher.formats import DEFAULT_FORMATS, FORMATS
from publisher.model import Release
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.validate import browser_session
from tests.conftest import SEED, MakeRelease
from tests.validate.support import PNG_1PX, require

LIMIT = 15_000
"""The seed's edition per language, without images."""
STEM = SEED.name

WITH_IMAGE = (
    "---\ntitle: Con imagen\nlang: es-PE\n---\n\nTexto de la PCM.\n\n"
    "![Mapa de la región con sus tres provincias](img/mapa.png)\n\n"
    "Un icono en línea ![punto](img/mapa.png) en el texto.\n"
)


@pytest.fixture(scope="module")
def seed_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built as HTML alone: Spanish, English and the bilingual edition."""
    output = tmp_path_factory.mktemp("dist")
    build_release(load_release(SEED), BuildOptions(output=output, formats=("html",)))
    return output / STEM


def _html(folder: Path, name: str) -> str:
    return (folder / name).read_text("utf-8")


def test_registered_as_a_default_alternative_to_the_epub() -> None:
    html = FORMATS["html"]
    assert html.default
    assert "html" in DEFAULT_FORMATS
    assert html.multilingual
    assert html.alternative_to == ("epub",)
    assert html.writer == "publisher.web.edition:write_html"
    assert next(iter(FORMATS)) == "html"  # linked first on the download page


def test_one_file_per_language_and_a_bilingual_one(seed_editions: Path) -> None:
    names = sorted(p.name for p in seed_editions.glob(f"{STEM}.*.html"))
    assert names == [f"{STEM}.bilingual.html", f"{STEM}.en.html", f"{STEM}.es.html"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_small_static_and_self_contained(seed_editions: Path, lang: str) -> None:
    path = seed_editions / f"{STEM}.{lang}.html"
    assert path.stat().st_size <= LIMIT, path.stat().st_size
    text = path.read_text("utf-8")
    assert "<script" not in text
    assert not re.search(r"\son[a-z]+=", text)
    assert "<style>" in text
    assert 'rel="stylesheet"' not in text
    assert '<meta name="viewport"' in text
    assert '<meta name="description"' in text


def test_same_markup_and_languages_as_the_epub(seed_editions: Path) -> None:
    spanish = _html(seed_editions, f"{STEM}.es.html")
    assert '<html lang="es-PE">' in spanish
    assert '<abbr title="Presidencia del Consejo de Ministros">PCM</abbr>' in spanish
    assert spanish.count("<h1") == 1
    assert '<a href="index.html">' in spanish
    english = _html(seed_editions, f"{STEM}.en.html")
    assert '<html lang="en">' in english
    assert '<a href="index.en.html">' in english  # back to the page in its own language
    both = _html(seed_editions, f"{STEM}.bilingual.html")
    assert '<html lang="es-PE">' in both
    assert '<article lang="en" xml:lang="en" aria-labelledby="title-en">' in both
    # Block ids stay unique with two editions in one page.
    ids = re.findall(r' id="([^"]+)"', both)
    assert len(ids) == len(set(ids))


def test_alternative_to_the_epub_in_the_language_budget(seed_editions: Path) -> None:
    from publisher.artifact import describe

    html = describe(seed_editions / f"{STEM}.es.html", "html", "text/html", "es-PE")
    assert check_budgets([html], Budgets(per_language=1)) == []


@pytest.fixture
def illustrated(make_release: MakeRelease, tmp_path: Path) -> Path:
    folder = make_release({"es.md": WITH_IMAGE, "en.md": None, "img/mapa.png": PNG_1PX})
    release: Release = load_release(folder)
    build_release(release, BuildOptions(output=tmp_path / "dist", formats=("html",)))
    return tmp_path / "dist" / release.slug


def test_images_copied_beside_the_page_with_their_alt_text(illustrated: Path) -> None:
    text = (illustrated / "nota.es.html").read_text("utf-8")
    assert (
        '<img src="images/img/mapa.png" alt="Mapa de la región con sus tres provincias"/>' in text
    )
    assert 'alt="punto"' in text
    assert (illustrated / "images" / "img" / "mapa.png").read_bytes() == PNG_1PX


@pytest.mark.slow
def test_axe_finds_nothing_at_320_and_1280(seed_editions: Path, illustrated: Path) -> None:
    release = load_release(SEED)
    pages = [*sorted(seed_editions.glob(f"{STEM}.*.html")), illustrated / "nota.es.html"]
    for page in pages:
        findings = require(audit_html_file, page, release, list(release.editions), BuildOptions())
        assert findings == [], "\n".join(str(f) for f in findings)


@pytest.mark.slow
def test_reflows_at_320_px_with_text_doubled(seed_editions: Path) -> None:
    with browser_session() as browser:
        for name in (f"{STEM}.es.html", f"{STEM}.bilingual.html"):
            width = require(browser.content_width, seed_editions / name, 320, text_zoom=2.0)
            assert width <= 320, f"{name} scrolls sideways: {width} px wide"
