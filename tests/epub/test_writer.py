"""The EPUB writer: container, package metadata, navigation, content and reproducibility.

Structure is checked on the parsed OPF, nav, NCX and XHTML, not on bytes. The validators
(EPUBCheck, Ace) and the browser reflow check are in tests/epub/.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from publisher.epub.accessibility import summary, survey
from publisher.epub.images import is_animated
from publisher.epub.metadata import identifier
from publisher.epub.overlay import Timed
from publisher.epub.writer import EpubOptions, Recording, write_epub, write_narrated_epub
from publisher.errors import SourceError
from publisher.model import Heading, Paragraph, Release, plain_text
from publisher.render.labels import _labels
from publisher.resources import stylesheet
from publisher.sources import load_release
from publisher.speech.script import speech_script
from tests.conftest import SEED, MakeRelease
from tests.epub.fixtures import (
    EPUB_TYPE,
    NS,
    XML_LANG,
    build_three,
    read_xml,
    rich_files,
    tiny_png,
)

KINDS = ("es", "en", "bilingual")
MAX_BYTES = 20 * 1024
FIXED_STAMP = (2023, 11, 14, 22, 13, 20)
"""The tests' SOURCE_DATE_EPOCH (tests/conftest.py) as a zip entry's date."""


@pytest.fixture(scope="module")
def seed() -> Release:
    return load_release(SEED)


@pytest.fixture(scope="module")
def seed_epubs(tmp_path_factory: pytest.TempPathFactory, seed: Release) -> dict[str, Path]:
    return build_three(seed, tmp_path_factory.mktemp("epub"))


@pytest.fixture
def rich(make_release: MakeRelease) -> Release:
    return load_release(make_release(rich_files(), slug="rica"))


def opf(epub: Path) -> ElementTree.Element:
    return read_xml(epub, "EPUB/content.opf")


def metas(epub: Path, prop: str) -> list[ElementTree.Element]:
    return [m for m in opf(epub).iterfind("opf:metadata/opf:meta", NS) if m.get("property") == prop]


def meta_values(epub: Path, prop: str) -> list[str]:
    return [m.text or "" for m in metas(epub, prop)]


def dc(epub: Path, name: str) -> list[ElementTree.Element]:
    return opf(epub).findall(f"opf:metadata/dc:{name}", NS)


def manifest(epub: Path) -> dict[str, ElementTree.Element]:
    return {i.get("id", ""): i for i in opf(epub).iterfind("opf:manifest/opf:item", NS)}


def spine(epub: Path) -> list[tuple[str, str | None]]:
    items = manifest(epub)
    return [
        (items[ref.get("idref", "")].get("href", ""), ref.get("linear"))
        for ref in opf(epub).iterfind("opf:spine/opf:itemref", NS)
    ]


def xhtml_text(epub: Path) -> str:
    """The text of the content documents in spine order, as a reader gets it."""
    pages = [href for href, linear in spine(epub) if linear != "no"]
    text = " ".join("".join(read_xml(epub, f"EPUB/{href}").itertext()) for href in pages)
    return " ".join(text.split())


def passages(release: Release, lang: str) -> list[str]:
    edition = release.edition(lang)
    texts = [plain_text(b.children) for b in edition.blocks if isinstance(b, Paragraph | Heading)]
    return [edition.title, *texts]


def in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(" ".join(needle.split()), position)
        assert found >= 0, f"missing or out of order: {needle[:60]}"
        position = found + 1


# --- Container and reproducibility ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_zip_is_an_epub_container_with_fixed_order_and_dates(
    seed_epubs: dict[str, Path], kind: str
) -> None:
    with zipfile.ZipFile(seed_epubs[kind]) as book:
        infos = book.infolist()
        first = infos[0]
        assert (first.filename, first.compress_type, first.extra) == (
            "mimetype",
            zipfile.ZIP_STORED,
            b"",
        )
        assert book.read(first) == b"application/epub+zip"
        names = [i.filename for i in infos]
        assert names[1:3] == ["META-INF/container.xml", "EPUB/content.opf"]
        assert {i.date_time for i in infos} == {FIXED_STAMP}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])
        assert book.testzip() is None


def test_two_builds_are_byte_identical(
    seed_epubs: dict[str, Path], seed: Release, tmp_path: Path
) -> None:
    again = build_three(seed, tmp_path)
    for kind in KINDS:
        assert again[kind].read_bytes() == seed_epubs[kind].read_bytes(), kind


def test_source_date_epoch_dates_the_zip_and_the_package(
    seed: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 12:26:40 UTC
    first = build_three(seed, tmp_path / "a")
    second = build_three(seed, tmp_path / "b")
    for kind in KINDS:
        assert first[kind].read_bytes() == second[kind].read_bytes()
        with zipfile.ZipFile(first[kind]) as book:
            assert {i.date_time for i in book.infolist()} == {(2020, 9, 13, 12, 26, 40)}
        assert meta_values(first[kind], "dcterms:modified") == ["2020-09-13T12:26:40Z"]


@pytest.mark.parametrize("kind", KINDS)
def test_text_epubs_stay_small(seed_epubs: dict[str, Path], kind: str) -> None:
    assert seed_epubs[kind].stat().st_size <= MAX_BYTES


# --- Package metadata -------------------------------------------------------------------------


def test_package_language_identity_and_titles(seed_epubs: dict[str, Path], seed: Release) -> None:
    expected_lang = {"es": "es-PE", "en": "en", "bilingual": "es-PE"}
    ids = set()
    for kind in KINDS:
        root = opf(seed_epubs[kind])
        assert root.get(XML_LANG) == expected_lang[kind]
        unique = root.get("unique-identifier")
        (main,) = [i for i in dc(seed_epubs[kind], "identifier") if i.get("id") == unique]
        editions = list(seed.editions) if kind == "bilingual" else [seed.edition(kind)]
        assert main.text == identifier(seed, editions)
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", main.text or "")
        ids.add(main.text)
        assert [t.text for t in dc(seed_epubs[kind], "title")] == [e.title for e in editions]
        assert [t.text for t in dc(seed_epubs[kind], "language")] == [e.lang for e in editions]
    assert len(ids) == len(KINDS)
    english_title = dc(seed_epubs["bilingual"], "title")[1]
    assert english_title.get(XML_LANG) == "en"


def test_seed_states_no_issuer_or_date_it_does_not_have(seed_epubs: dict[str, Path]) -> None:
    for kind in KINDS:
        assert dc(seed_epubs[kind], "publisher") == []
        assert dc(seed_epubs[kind], "date") == []
        assert meta_values(seed_epubs[kind], "dcterms:modified") == ["2023-11-14T22:13:20Z"]


@pytest.mark.parametrize("kind", KINDS)
def test_accessibility_metadata_of_a_text_only_release(
    seed_epubs: dict[str, Path], kind: str
) -> None:
    epub = seed_epubs[kind]
    assert meta_values(epub, "schema:accessMode") == ["textual"]
    assert meta_values(epub, "schema:accessModeSufficient") == ["textual"]
    features = meta_values(epub, "schema:accessibilityFeature")
    assert set(features) == {
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "ARIA",
        "displayTransformability",
    }
    assert "alternativeText" not in features  # no images, so nothing to claim
    assert meta_values(epub, "schema:accessibilityHazard") == ["none"]


def test_accessibility_summary_is_in_each_editions_language(
    seed_epubs: dict[str, Path], seed: Release
) -> None:
    (es,) = metas(seed_epubs["es"], "schema:accessibilitySummary")
    assert es.get(XML_LANG) is None  # the package language, es-PE
    assert (es.text or "").startswith("Solo texto")
    assert "otra lengua" not in (es.text or "")
    (en,) = metas(seed_epubs["en"], "schema:accessibilitySummary")
    assert (en.text or "").startswith("Text only")
    both = metas(seed_epubs["bilingual"], "schema:accessibilitySummary")
    assert [m.get(XML_LANG) for m in both] == [None, "en"]
    facts = survey(list(seed.editions), animated_images=0, translation_links=True)
    assert [m.text for m in both] == [summary(facts, "es-PE"), summary(facts, "en")]
    assert "other language" in (both[1].text or "")


def test_no_conformance_claim_without_an_evaluator(seed_epubs: dict[str, Path]) -> None:
    for kind in KINDS:
        assert metas(seed_epubs[kind], "dcterms:conformsTo") == []
        assert metas(seed_epubs[kind], "a11y:certifiedBy") == []


def test_conformance_claim_names_the_configured_evaluator(seed: Release, tmp_path: Path) -> None:
    options = EpubOptions(
        certified_by="Oficina de Accesibilidad",
        certifier_credential="Evaluador acreditado",
        certifier_report="https://example.org/informe",
    )
    epub = tmp_path / "claim.epub"
    write_epub(seed, [seed.edition("es")], epub, options)
    (claim,) = metas(epub, "dcterms:conformsTo")
    assert claim.text == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
    (certifier,) = metas(epub, "a11y:certifiedBy")
    assert certifier.text == "Oficina de Accesibilidad"
    assert certifier.get("refines") == f"#{claim.get('id')}"
    (credential,) = metas(epub, "a11y:certifierCredential")
    assert credential.get("refines") == f"#{certifier.get('id')}"
    (report,) = [
        link
        for link in opf(epub).iterfind("opf:metadata/opf:link", NS)
        if link.get("rel") == "a11y:certifierReport"
    ]
    assert report.get("href") == "https://example.org/informe"


# --- Navigation -------------------------------------------------------------------------------


def _targets(epub: Path) -> dict[str, set[str]]:
    """Every content document and navigation document with the ids it holds."""
    ids: dict[str, set[str]] = {}
    with zipfile.ZipFile(epub) as book:
        for item in manifest(epub).values():
            if item.get("media-type") == "application/xhtml+xml":
                root = ElementTree.fromstring(book.read(f"EPUB/{item.get('href')}"))
                ids[item.get("href", "")] = {e.get("id", "") for e in root.iter() if e.get("id")}
    return ids


@pytest.mark.parametrize("kind", KINDS)
def test_nav_has_a_toc_and_landmarks_that_resolve(seed_epubs: dict[str, Path], kind: str) -> None:
    epub = seed_epubs[kind]
    (nav_item,) = [i for i in manifest(epub).values() if i.get("properties") == "nav"]
    nav = read_xml(epub, f"EPUB/{nav_item.get('href')}")
    assert nav.get(XML_LANG) == nav.get("lang") == opf(epub).get(XML_LANG)
    navs = {n.get(EPUB_TYPE): n for n in nav.iterfind(".//x:nav", NS)}
    assert set(navs) == {"toc", "landmarks"}
    assert navs["toc"].get("role") == "doc-toc"
    targets = _targets(epub)
    links = [a.get("href", "") for n in navs.values() for a in n.iterfind(".//x:a", NS)]
    for href in links:
        path, _, fragment = href.partition("#")
        assert path in targets, href
        assert not fragment or fragment in targets[path], href
    landmark_types = [a.get(EPUB_TYPE) for a in navs["landmarks"].iterfind(".//x:a", NS)]
    assert landmark_types == ["toc", "bodymatter"]
    toc_items = navs["toc"].findall("x:ol/x:li", NS)
    assert len(toc_items) == (2 if kind == "bilingual" else 1)
    if kind == "bilingual":
        assert toc_items[1].get("lang") == toc_items[1].get(XML_LANG) == "en"


def test_ncx_lists_the_same_entries_as_the_nav(seed_epubs: dict[str, Path]) -> None:
    epub = seed_epubs["bilingual"]
    ncx = read_xml(epub, "EPUB/toc.ncx")
    sources = [c.get("src") for c in ncx.iterfind(".//ncx:navPoint/ncx:content", NS)]
    assert sources == ["es.xhtml#title-es-PE", "en.xhtml#title-en"]
    (uid,) = [
        m.get("content") for m in ncx.iterfind(".//ncx:meta", NS) if m.get("name") == "dtb:uid"
    ]
    assert uid == dc(epub, "identifier")[0].text


def test_spine_reads_the_original_first_and_skips_the_nav(seed_epubs: dict[str, Path]) -> None:
    assert spine(seed_epubs["bilingual"]) == [
        ("es.xhtml", None),
        ("en.xhtml", None),
        ("nav.xhtml", "no"),
    ]
    assert spine(seed_epubs["en"]) == [("en.xhtml", None), ("nav.xhtml", "no")]


# --- Content documents ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_content_has_epub_semantics_with_matching_roles(
    seed_epubs: dict[str, Path], kind: str
) -> None:
    epub = seed_epubs[kind]
    for href, linear in spine(epub):
        if linear == "no":
            continue
        root = read_xml(epub, f"EPUB/{href}")
        assert root.get("lang") == root.get(XML_LANG)
        body = root.find("x:body", NS)
        assert body is not None
        assert body.get(EPUB_TYPE) == "bodymatter"
        (section,) = body.iterfind(".//x:section", NS)
        assert (section.get(EPUB_TYPE), section.get("role")) == ("chapter", "doc-chapter")
        (title,) = section.iterfind(".//x:h1", NS)
        assert title.get(EPUB_TYPE) == "title"
        assert section.get("aria-labelledby") == title.get("id")
        for element in root.iter():
            assert element.get("lang") == element.get(XML_LANG), element.tag


@pytest.mark.parametrize("kind", KINDS)
def test_xhtml_holds_every_passage_in_order(
    seed_epubs: dict[str, Path], seed: Release, kind: str
) -> None:
    langs = ["es", "en"] if kind == "bilingual" else [kind]
    in_order(xhtml_text(seed_epubs[kind]), [p for lang in langs for p in passages(seed, lang)])


def test_bilingual_passages_link_to_each_other(seed_epubs: dict[str, Path]) -> None:
    epub = seed_epubs["bilingual"]
    docs = {"es.xhtml": ("en.xhtml", "en"), "en.xhtml": ("es.xhtml", "es-PE")}
    targets = _targets(epub)
    for href, (other, other_lang) in docs.items():
        root = read_xml(epub, f"EPUB/{href}")
        blocks = [e for e in root.iter() if e.tag in (f"{{{NS['x']}}}p", f"{{{NS['x']}}}h2")]
        blocks = [b for b in blocks if b.get("id")]
        assert blocks, href
        for block in blocks:
            (link,) = block.iterfind("x:a[@class='translation']", NS)
            assert link.get("href") == f"{other}#{block.get('id')}"
            assert block.get("id") in targets[other]
            assert link.get("hreflang") == link.get("lang") == link.get(XML_LANG) == other_lang
            assert (link.get("aria-label") or "").startswith(f"{link.text}: ")


def test_single_language_epubs_have_no_translation_links(seed_epubs: dict[str, Path]) -> None:
    for kind in ("es", "en"):
        with zipfile.ZipFile(seed_epubs[kind]) as book:
            assert b'class="translation"' not in book.read(f"EPUB/{kind}.xhtml")


def test_stylesheet_leaves_fonts_sizes_and_colours_to_the_reader(
    seed_epubs: dict[str, Path],
) -> None:
    css = stylesheet("epub.css").read_text(encoding="utf-8")
    with zipfile.ZipFile(seed_epubs["es"]) as book:
        assert book.read("EPUB/css/epub.css").decode("utf-8") == css
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\d(px|pt|pc|cm|mm|in|q)\b", rules, flags=re.I), "absolute units"
    for forbidden in ("font-family", "color:", "background", "!important", "position: fixed"):
        assert forbidden not in rules, forbidden


# --- Releases with more in them ---------------------------------------------------------------


def test_issuer_date_summary_and_identifiers_are_stated(rich: Release, tmp_path: Path) -> None:
    paths = build_three(rich, tmp_path)
    es = paths["es"]
    assert [p.text for p in dc(es, "publisher")] == ["Presidencia del Consejo de Ministros"]
    assert [d.text for d in dc(es, "date")] == ["2023-03-15"]
    assert [d.text for d in dc(es, "description")] == ["Un resumen breve."]
    assert "NP-123" in [i.text for i in dc(es, "identifier")]
    assert meta_values(es, "dcterms:modified") == ["2023-03-15T12:00:00Z"]
    publishers = dc(paths["bilingual"], "publisher")
    assert [(p.text, p.get(XML_LANG)) for p in publishers] == [
        ("Presidencia del Consejo de Ministros", None),
        ("Presidency of the Council of Ministers", "en"),
    ]


def test_images_are_packaged_and_claimed_only_with_alt_text(rich: Release, tmp_path: Path) -> None:
    epub = tmp_path / "rica.es.epub"
    write_epub(rich, [rich.edition("es")], epub)
    images = [i for i in manifest(epub).values() if i.get("media-type") == "image/png"]
    assert [i.get("href") for i in images] == ["images/mapa.png"]
    with zipfile.ZipFile(epub) as book:
        assert book.read("EPUB/images/mapa.png") == tiny_png()
    page = read_xml(epub, "EPUB/es.xhtml")
    (img,) = page.iterfind(".//x:img", NS)
    assert (img.get("src"), img.get("alt")) == ("images/mapa.png", "Mapa de la provincia de Purús")
    assert meta_values(epub, "schema:accessMode") == ["textual", "visual"]
    assert meta_values(epub, "schema:accessModeSufficient") == ["textual,visual", "textual"]
    assert "alternativeText" in meta_values(epub, "schema:accessibilityFeature")
    assert meta_values(epub, "schema:accessibilityHazard") == ["none"]  # a still PNG
    (text,) = meta_values(epub, "schema:accessibilitySummary")
    assert text.startswith("Todas las imágenes tienen una descripción en texto.")


def test_toc_nests_section_headings_under_the_title(rich: Release, tmp_path: Path) -> None:
    epub = tmp_path / "rica.en.epub"
    write_epub(rich, [rich.edition("en")], epub)
    nav = read_xml(epub, "EPUB/nav.xhtml")
    toc = next(n for n in nav.iterfind(".//x:nav", NS) if n.get(EPUB_TYPE) == "toc")
    title = toc.find("x:ol/x:li", NS)
    assert title is not None
    section = title.find("x:ol/x:li", NS)
    assert section is not None
    detail = section.find("x:ol/x:li/x:a", NS)
    assert detail is not None
    assert [title[0].text, section[0].text, detail.text] == [
        "Test title",
        "First section",
        "Detail",
    ]


# --- With narration (timing made up here; tests/epub/test_overlay.py has the real one) --------


def made_up_recording(release: Release, lang: str) -> Recording:
    """One second per utterance, 800 ms of it speech, and bytes standing in for the MP3."""
    script = speech_script(release, release.edition(lang))
    timeline = tuple(Timed(u, 1000 * n, 1000 * n + 800) for n, u in enumerate(script.utterances))
    return Recording(b"ID3" + bytes(100), "audio/mpeg", ".mp3", timeline, 1000.0 * len(timeline))


def smil_targets(epub: Path) -> list[str]:
    smil = read_xml(epub, "EPUB/es.smil")
    return [t.get("src", "") for t in smil.iter("{http://www.w3.org/ns/SMIL}text")]


def test_narrated_rich_release_points_every_utterance_at_its_text(
    rich: Release, tmp_path: Path
) -> None:
    epub = tmp_path / "rica.es.narrated.epub"
    overlay = write_narrated_epub(rich, rich.edition("es"), epub, made_up_recording(rich, "es"))
    targets = [src.partition("#")[2] for src in smil_targets(epub)]
    assert targets == [p.fragment for p in overlay.pars]
    assert targets[:3] == ["issuer-es-PE", "title-es-PE", "date-es-PE"]
    assert "b3" in targets  # the figure, while its alt text is read
    assert "b7-r1" in targets  # the table row, read as "header: cell"
    assert {"b2-s1", "b2-s2", "b6.1-s1"} <= set(targets)
    ids = _targets(epub)["es.xhtml"]
    assert set(targets) <= ids
    assert [(p.clip_begin_ms, p.clip_end_ms) for p in overlay.pars[:2]] == [(0, 1000), (1000, 2000)]
    sentences = {p.fragment for p in overlay.pars if p.sentence}
    assert sentences == {t for t in targets if "-s" in t}


def test_narration_that_skips_a_text_is_not_claimed_sufficient(
    rich: Release, tmp_path: Path
) -> None:
    epub = tmp_path / "rica.es.narrated.epub"
    overlay = write_narrated_epub(rich, rich.edition("es"), epub, made_up_recording(rich, "es"))
    assert not overlay.fully_narrated  # the summary is shown, not read
    assert meta_values(epub, "schema:accessMode") == ["textual", "visual", "auditory"]
    assert meta_values(epub, "schema:accessModeSufficient") == ["textual,visual", "textual"]
    (text,) = meta_values(epub, "schema:accessibilitySummary")
    assert text.endswith("No todo el texto se narra; algunas partes solo se pueden leer.")


def test_a_numbered_item_is_synchronised_without_its_spoken_number(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    files = rich_files()
    for name, old, new in (
        ("es.md", "- Uno\n- Dos", "1. Uno. Otro\n2. Dos"),
        ("en.md", "- One\n- Two", "1. One\n2. Two"),
    ):
        text = files[name]
        assert isinstance(text, str)
        files[name] = text.replace(old, new)
    release = load_release(make_release(files, slug="lista"))
    epub = tmp_path / "lista.es.narrated.epub"
    write_narrated_epub(release, release.edition("es"), epub, made_up_recording(release, "es"))
    page = read_xml(epub, "EPUB/es.xhtml")
    spans = {s.get("id"): s.text for s in page.iter(f"{{{NS['x']}}}span") if s.get("id")}
    assert spans["b5.1.1-s1"] == "Uno."
    assert spans["b5.1.1-s2"] == "Otro"
    assert spans["b5.2.1-s1"] == "Dos"


def _apng() -> bytes:
    png = tiny_png()
    # An acTL chunk (1 frame, loop forever) right after IHDR makes it an animated PNG.
    actl = b"\x00\x00\x00\x08acTL\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00"
    return png[:33] + actl + png[33:]


def _gif(frames: int) -> bytes:
    image = b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00"
    head = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    return head + image * frames + b"\x3b"


def test_animation_is_detected_from_the_image_data() -> None:
    assert not is_animated(tiny_png(), "image/png")
    assert is_animated(_apng(), "image/png")
    assert not is_animated(_gif(1), "image/gif")
    assert is_animated(_gif(2), "image/gif")
    assert is_animated(b"<svg><animate attributeName='x'/></svg>", "image/svg+xml")
    assert not is_animated(b"<svg><rect/></svg>", "image/svg+xml")
    assert not is_animated(b"\xff\xd8\xff", "image/jpeg")


def test_animated_images_make_hazards_unknown(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release({**rich_files(), "mapa.png": _apng()}, slug="animada"))
    epub = tmp_path / "animada.en.epub"
    write_epub(release, [release.edition("en")], epub)
    assert meta_values(epub, "schema:accessibilityHazard") == ["unknown"]
    (text,) = meta_values(epub, "schema:accessibilitySummary")
    assert "animated" in text


def test_an_image_readers_cannot_show_is_refused(make_release: MakeRelease, tmp_path: Path) -> None:
    files = rich_files()
    for name in ("es.md", "en.md"):
        text = files[name]
        assert isinstance(text, str)
        files[name] = text.replace("mapa.png", "mapa.bmp")
    files["mapa.bmp"] = b"BM"
    release = load_release(make_release(files, slug="bmp"))
    with pytest.raises(SourceError, match=r"mapa\.bmp"):
        write_epub(release, [release.edition("es")], tmp_path / "bmp.epub")


def test_every_epub_label_exists_in_spanish_english_and_quechua() -> None:
    keys = [
        "contents",
        "landmarks",
        "start_of_content",
        "translation_of_passage",
        *(k for k in _labels()["en"] if k.startswith("a11y_")),
    ]
    for lang in ("es", "en", "qu"):
        missing = [k for k in keys if k not in _labels()[lang]]
        assert not missing, (lang, missing)
