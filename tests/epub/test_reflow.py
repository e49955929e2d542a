"""The EPUB's XHTML with its own stylesheet reflows at 200 % text size in a 320 px window.

This is WCAG 1.4.4 (resize text) and 1.4.10 (reflow) in headless Chromium: the reader's text
size doubles the default font, the way a reading system's font setting does, and the page must
not scroll sideways. The text size is applied with CDP ``Page.setFontSizes``; Playwright's
full-page capture resets it, so screenshots enlarge the window to the page height instead.

Regenerate the screenshots in docs/ with PUBLISHER_REGEN_DOCS=1 and look at them.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from publisher.sources import load_release
from publisher.validate import ensure_browser
from publisher.validate.base import chromium_path
from tests.conftest import SEED
from tests.epub.fixtures import build_three, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

pytestmark = pytest.mark.slow

WIDTH = 320
"""The narrow window of WCAG 1.4.10 (reflow)."""
ZOOM = 2.0
"""200 % text size, WCAG 1.4.4 (resize text)."""
BASE_FONT_PX = 16
"""Chromium's default text size."""
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOT_HEIGHT = 1600
"""Height of the screenshots kept in docs/ (the first screens of the text)."""
DOCUMENTS = {
    "es": "es/EPUB/es.xhtml",
    "en": "en/EPUB/en.xhtml",
    "bilingual-es": "bilingual/EPUB/es.xhtml",
    "bilingual-en": "bilingual/EPUB/en.xhtml",
    "nav": "bilingual/EPUB/nav.xhtml",
}
"""The XHTML documents checked, by name, inside the unpacked EPUBs."""
DOC_SHOTS = {
    "es": "epub-reflow-es-320px-200pct.png",
    "bilingual-en": "epub-reflow-bilingual-en-320px-200pct.png",
}
"""Documents whose screenshots are kept in docs/."""


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's three EPUBs, unpacked side by side."""
    require(ensure_browser)
    out = tmp_path_factory.mktemp("reflow")
    for kind, epub in build_three(load_release(SEED), out / "epub").items():
        with zipfile.ZipFile(epub) as book:
            book.extractall(out / kind)
    return out


@pytest.fixture(scope="module")
def browser(unpacked: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=["--disable-gpu", "--no-first-run"]
        )
        yield launched
        launched.close()


def _local_only(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def render(browser: Browser, page_file: Path, shot: Path | None = None) -> dict[str, Any]:
    """Font size, page width and height of ``page_file`` at 200 % text in a 320 px window."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1)
    try:
        context.route("**/*", _local_only)
        page = context.new_page()
        size = round(BASE_FONT_PX * ZOOM)
        context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size}}
        )
        page.goto(page_file.as_uri(), wait_until="load")
        metrics: dict[str, Any] = page.evaluate(
            """() => ({
                font: parseFloat(getComputedStyle(document.body).fontSize),
                width: document.documentElement.scrollWidth,
                height: document.documentElement.scrollHeight,
            })"""
        )
        if shot is not None:
            page.set_viewport_size({"width": WIDTH, "height": min(metrics["height"], SHOT_HEIGHT)})
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
        return metrics
    finally:
        context.close()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_reflows_at_200_percent_text_in_320_px(
    unpacked: Path, browser: Browser, tmp_path: Path, name: str
) -> None:
    regen = os.environ.get("PUBLISHER_REGEN_DOCS")
    shot = None
    if name in DOC_SHOTS:
        shot = (DOCS if regen else tmp_path) / DOC_SHOTS[name]
    metrics = render(browser, unpacked / DOCUMENTS[name], shot)
    assert metrics["font"] == BASE_FONT_PX * ZOOM, "the text size setting was not applied"
    assert metrics["width"] <= WIDTH, f"scrolls sideways: {metrics['width']} px wide"
    if shot is not None:
        assert shot.stat().st_size > 0


def test_the_check_sees_a_page_that_scrolls_sideways(
    unpacked: Path, browser: Browser, tmp_path: Path
) -> None:
    source = (unpacked / DOCUMENTS["es"]).read_text(encoding="utf-8")
    wide = source.replace("<main>", '<main><div style="width: 30em">ancho fijo</div>', 1)
    page = unpacked / "es" / "EPUB" / "wide.xhtml"
    page.write_text(wide, encoding="utf-8")
    assert render(browser, page)["width"] > WIDTH


def test_a_long_unbroken_word_wraps_instead_of_widening_the_page(
    unpacked: Path, browser: Browser
) -> None:
    source = (unpacked / DOCUMENTS["es"]).read_text(encoding="utf-8")
    word = "Transformación" * 12
    long_word = source.replace("<main>", f"<main><p>{word}</p>", 1)
    page = unpacked / "es" / "EPUB" / "long-word.xhtml"
    page.write_text(long_word, encoding="utf-8")
    assert render(browser, page)["width"] <= WIDTH
