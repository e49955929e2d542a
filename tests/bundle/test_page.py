"""Download pages: small, static, one per language, every file described, axe-clean."""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from publisher.render.labels import own_labels
from publisher.validate import run_axe, screenshot
from tests.bundle.conftest import SECOND_SLUG, Built
from tests.validate.support import require

PAGE_LIMIT = 15_000
"""15 KB, the stylesheet included (it is inlined)."""


class _Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(path.read_text("utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _pages(built: Built) -> list[Path]:
    return sorted(built.output.rglob("index*.html"))


def test_page_files_per_language(built: Built) -> None:
    names = {p.relative_to(built.output).as_posix() for p in _pages(built)}
    seed = next(iter(built.releases))
    assert names == {
        "index.html",
        "index.es.html",
        "index.qu.html",
        f"{seed}/index.html",
        f"{seed}/index.en.html",
        f"{SECOND_SLUG}/index.html",
        f"{SECOND_SLUG}/index.es.html",
        f"{SECOND_SLUG}/index.qu.html",
    }


def test_pages_are_small_static_and_self_contained(built: Built) -> None:
    for path in _pages(built):
        text = path.read_text("utf-8")
        assert path.stat().st_size <= PAGE_LIMIT, f"{path}: {path.stat().st_size} bytes"
        page = _Page(path)
        assert not page.all("script"), path
        assert not page.all("img"), path
        assert not page.all("iframe"), path
        assert all(a.get("rel") != "stylesheet" for a in page.all("link")), path
        assert "<style>" in text, path
        assert not re.search(r"\son[a-z]+=", text), f"{path}: event handler attribute"


def test_each_page_has_its_language_and_links_the_others(built: Built) -> None:
    folder = built.output / SECOND_SLUG
    expected = {"index.html": "en", "index.es.html": "es", "index.qu.html": "qu"}
    for name, lang in expected.items():
        page = _Page(folder / name)
        assert page.all("html")[0]["lang"] == lang
        alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("hreflang")}
        assert alternates == {t: n for n, t in expected.items() if t != lang}
        switch = [a for a in page.all("a") if a.get("hreflang")]
        assert [a["href"] for a in switch] == list(expected)
        assert [a["href"] for a in switch if a.get("aria-current") == "page"] == [name]


def test_every_file_in_the_language_with_size_duration_and_purpose(built: Built) -> None:
    text = (built.output / SECOND_SLUG / "index.es.html").read_text("utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", text)
    assert headings == [
        "Leer en el teléfono",
        "Escuchar",
        "Descargar para lectores de libros electrónicos",
        "Imprimir",
    ]
    listed = {a["href"] for a in _Page(built.output / SECOND_SLUG / "index.es.html").all("a")}
    for artifact in built.outputs[SECOND_SLUG]:
        in_spanish = "es" in artifact.lang.split()
        assert (artifact.path.name in listed) == in_spanish, artifact.path.name
    mp3 = next(a for a in built.outputs[SECOND_SLUG] if a.format == "mp3" and a.lang == "es")
    row = next(line for line in text.splitlines() if f'<li><a href="{mp3.path.name}' in line)
    assert re.search(r"MP3 · Español · \d+\sKB · <time datetime=\"PT20S\">20\ss</time>", row), row
    assert ">Descargar el audio</a>" in row
    assert "1 de marzo de 2024" in text
    assert "Oficina de Gobierno Digital" in text
    assert "https://example.org/prensa/podcast.es.rss" in text


def test_html_edition_linked_first(built: Built) -> None:
    page = _Page(built.output / SECOND_SLUG / "index.es.html")
    downloads = [a["href"] for a in page.all("a") if a.get("type")]
    assert downloads[:2] == [f"{SECOND_SLUG}.es.html", f"{SECOND_SLUG}.bilingual.html"]


def test_player_opus_first_then_mp3_with_captions(built: Built) -> None:
    page = _Page(built.output / SECOND_SLUG / "index.es.html")
    (audio,) = page.all("audio")
    assert audio == {"controls": None, "preload": "none"}
    sources = [(s["src"], s["type"]) for s in page.all("source")]
    assert sources == [
        (f"{SECOND_SLUG}.es.opus", "audio/ogg; codecs=opus"),
        (f"{SECOND_SLUG}.es.mp3", "audio/mpeg"),
    ]
    (track,) = page.all("track")
    assert track["kind"] == "captions"
    assert track["src"] == f"{SECOND_SLUG}.es.vtt"
    assert track["srclang"] == "es"
    assert track["label"] in ("español", "Español")


def test_open_graph_description_and_canonical(built: Built) -> None:
    page = _Page(built.output / SECOND_SLUG / "index.es.html")
    meta = {
        m.get("property") or m.get("name"): m["content"] for m in page.all("meta") if "content" in m
    }
    assert meta["description"] == "El año en cifras."
    assert meta["og:title"] == "Informe anual"
    assert meta["og:description"] == "El año en cifras."
    assert meta["og:locale"] == "es"
    assert meta["og:type"] == "article"
    url = f"https://example.org/prensa/{SECOND_SLUG}/index.es.html"
    assert meta["og:url"] == url
    assert [link["href"] for link in page.all("link") if link.get("rel") == "canonical"] == [url]


def test_quechua_page_in_quechua_with_no_english_label(built: Built) -> None:
    text = (built.output / SECOND_SLUG / "index.qu.html").read_text("utf-8")
    assert '<html lang="qu">' in text
    assert "<h1>Watapi willakuy</h1>" in text
    assert "<h2>Uyariy</h2>" in text
    assert ">Uyariyta uraqachiy</a>" in text
    assert "Llapanmi" in text  # "Everything in ...", in Quechua
    english = own_labels("en")
    others = {text for lang in ("es", "qu") for text in own_labels(lang).values()}
    for key, words in english.items():
        shown = words.split("{")[0].strip()
        if len(shown) > 4 and words not in others:
            assert shown not in text, key


def test_every_local_link_resolves(built: Built) -> None:
    for path in _pages(built):
        for anchor in _Page(path).all("a"):
            href = anchor["href"] or ""
            if not href.startswith("https://"):
                assert (path.parent / href).is_file(), f"{path}: {href}"


def test_site_index_lists_every_release_newest_first(built: Built) -> None:
    page = _Page(built.output / "index.es.html")
    links = [a["href"] for a in page.all("a") if "/" in (a["href"] or "")]
    seed = next(iter(built.releases))
    assert links[:2] == [f"{SECOND_SLUG}/index.es.html", f"{seed}/index.html"]


def _png_width(path: Path) -> int:
    width: int = struct.unpack(">I", path.read_bytes()[16:20])[0]
    return width


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_violation(built: Built, width: int) -> None:
    findings = [f for page in _pages(built) for f in require(run_axe, page, width)]
    assert findings == [], "\n".join(str(f) for f in findings)


@pytest.mark.slow
def test_readable_at_320_px_with_text_doubled(built: Built, tmp_path: Path) -> None:
    seed = next(iter(built.releases))
    shots = {
        "page-320.png": (built.output / seed / "index.html", 320, 1.0),
        "page-1280.png": (built.output / seed / "index.html", 1280, 1.0),
        "page-320-text-200.png": (built.output / seed / "index.html", 320, 2.0),
        "page-site-320.png": (built.output / "index.html", 320, 1.0),
    }
    for name, (page, width, zoom) in shots.items():
        out = require(screenshot, page, width, tmp_path / name, text_zoom=zoom)
        assert _png_width(out) == width, f"{name}: the page scrolls sideways"
