"""The EPUB with narration: Media Overlays timed to the narration, sentence by sentence.

The seed's Spanish edition is built once with real speech (espeak-ng), its EPUB with narration
checked by EPUBCheck and Ace, its SMIL against the XHTML and against the narration itself.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import mutagen.mp3
import pytest

from publisher.artifact import describe
from publisher.audio.writer import AudioOptions, narrate_script
from publisher.build import build_release
from publisher.bundle.budget import Budgets, check_budgets
from publisher.epub.audit import audit_epub
from publisher.epub.overlay import ACTIVE_CLASS, clock, parse_clock
from publisher.formats import BUILDABLE, DEFAULT_FORMATS
from publisher.model import Emphasis, Inline, Link, Paragraph, Release, Span, Text
from publisher.options import BuildOptions
from publisher.render.html import HtmlOptions, _Writer
from publisher.sources import load_release
from publisher.speech.narration import Narration
from publisher.speech.script import speech_script
from publisher.validate import Finding, ensure_ace, ensure_epubcheck
from tests.conftest import SEED
from tests.epub.fixtures import NS, require

NARRATED_EPUB = "narrated-epub"

SMIL = "{http://www.w3.org/ns/SMIL}"
SLUG = "peru-preside-red-gobierno-electronico-2023"
FORMATS = ("epub", "mp3", NARRATED_EPUB)


@dataclass(frozen=True)
class Seed:
    release: Release
    narrated: Path
    again: Path
    """The EPUB with narration of a second build."""
    text: Path
    """The text EPUB of the build with narration."""
    text_alone: Path
    """The text EPUB of a build without narration."""
    mp3: Path
    narration: Narration


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    release = load_release(SEED)
    cache = tmp_path_factory.mktemp("speech")
    folders = {}
    for name, formats in (("first", FORMATS), ("second", FORMATS), ("plain", ("epub",))):
        folders[name] = tmp_path_factory.mktemp(name)
        options = BuildOptions(
            output=folders[name],
            formats=formats,
            langs=("es",),
            audio=AudioOptions(cache_dir=cache),
        )
        build_release(release, options)
    narration = narrate_script(
        speech_script(release, release.edition("es")), AudioOptions(cache_dir=cache)
    )
    out = {name: folder / SLUG for name, folder in folders.items()}
    return Seed(
        release=release,
        narrated=out["first"] / f"{SLUG}.es.narrated.epub",
        again=out["second"] / f"{SLUG}.es.narrated.epub",
        text=out["first"] / f"{SLUG}.es.epub",
        text_alone=out["plain"] / f"{SLUG}.es.epub",
        mp3=out["first"] / f"{SLUG}.es.mp3",
        narration=narration,
    )


@pytest.fixture(scope="module")
def audit(seed: Seed) -> list[Finding]:
    require(ensure_epubcheck, ensure_ace)
    return audit_epub(seed.narrated)


def entry(epub: Path, name: str) -> bytes:
    with zipfile.ZipFile(epub) as book:
        return book.read(name)


def opf(epub: Path) -> ElementTree.Element:
    return ElementTree.fromstring(entry(epub, "EPUB/content.opf"))


def metas(epub: Path, prop: str) -> list[ElementTree.Element]:
    return [m for m in opf(epub).iterfind("opf:metadata/opf:meta", NS) if m.get("property") == prop]


def items(epub: Path) -> dict[str, ElementTree.Element]:
    return {i.get("id", ""): i for i in opf(epub).iterfind("opf:manifest/opf:item", NS)}


def pars(epub: Path) -> list[tuple[str, str, float, float]]:
    """(text src, audio src, clipBegin ms, clipEnd ms) of every par, in order."""
    (smil,) = [i for i in items(epub).values() if i.get("media-type") == "application/smil+xml"]
    root = ElementTree.fromstring(entry(epub, f"EPUB/{smil.get('href')}"))
    found = []
    for par in root.iter(f"{SMIL}par"):
        text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
        assert text is not None
        assert audio is not None
        found.append(
            (
                text.get("src", ""),
                audio.get("src", ""),
                parse_clock(audio.get("clipBegin", "")),
                parse_clock(audio.get("clipEnd", "")),
            )
        )
    return found


def xhtml_ids(epub: Path, href: str) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(entry(epub, f"EPUB/{href}"))
    return {e.get("id", ""): e for e in root.iter() if e.get("id")}


def words(text: str) -> str:
    return " ".join(text.split())


# --- Validators -------------------------------------------------------------------------------


@pytest.mark.slow
def test_epubcheck_has_nothing_to_say(audit: list[Finding]) -> None:
    assert [str(f) for f in audit if f.tool == "epubcheck"] == []


@pytest.mark.slow
def test_ace_finds_no_violation(audit: list[Finding]) -> None:
    assert [str(f) for f in audit if f.tool == "ace"] == []


# --- Synchronisation --------------------------------------------------------------------------


def test_every_text_src_points_to_an_existing_id(seed: Seed) -> None:
    found = pars(seed.narrated)
    assert len(found) == len(seed.narration.segments)
    for src, audio, _, _ in found:
        href, _, fragment = src.partition("#")
        assert fragment in xhtml_ids(seed.narrated, href), src
        assert audio == "audio/es.mp3"


def test_each_sentence_is_a_span_holding_what_is_said(seed: Seed) -> None:
    ids = xhtml_ids(seed.narrated, "es.xhtml")
    for (src, *_), segment in zip(pars(seed.narrated), seed.narration.segments, strict=True):
        fragment = src.partition("#")[2]
        utterance = segment.utterance
        if utterance.block_id == "title":
            assert fragment == "title-es-PE"
        else:
            assert fragment.startswith(f"{utterance.block_id}-s"), fragment
            assert ids[fragment].get("class") == "sentence"
        assert words("".join(ids[fragment].itertext())) == utterance.written


def test_clips_run_in_order_within_the_audio(seed: Seed) -> None:
    audio_ms = mutagen.mp3.MP3(io.BytesIO(entry(seed.narrated, "EPUB/audio/es.mp3"))).info.length
    audio_ms *= 1000
    found = pars(seed.narrated)
    assert found[0][2] == 0
    for (_, _, begin, end), following in zip(found, [*found[1:], None], strict=True):
        assert begin < end <= audio_ms
        if following is not None:
            assert end == following[2]  # no gap for a player to skip: pauses are kept
    assert found[-1][3] == pytest.approx(audio_ms, abs=1)


def test_clips_are_the_narrations_own_times(seed: Seed) -> None:
    segments = seed.narration.segments
    next_starts = [s.start_ms for s in segments[1:]] + [seed.narration.duration_ms]
    found = pars(seed.narrated)
    for (_, _, begin, end), segment, next_start in zip(found, segments, next_starts, strict=True):
        assert begin == pytest.approx(segment.start_ms, abs=1)
        # The clip ends where the next utterance starts: the speech and the pause after it.
        assert end == pytest.approx(next_start, abs=1)
        assert end >= segment.end_ms - 1


def test_media_durations_add_up_to_the_narration(seed: Seed) -> None:
    manifest = items(seed.narrated)
    smil_ids = {
        i for i, item in manifest.items() if item.get("media-type") == "application/smil+xml"
    }
    durations = metas(seed.narrated, "media:duration")
    each = [parse_clock(m.text or "") for m in durations if m.get("refines")]
    assert {m.get("refines") for m in durations if m.get("refines")} == {f"#{i}" for i in smil_ids}
    (total,) = [parse_clock(m.text or "") for m in durations if not m.get("refines")]
    assert sum(each) == pytest.approx(total, abs=50)
    assert total == pytest.approx(seed.narration.duration_ms, abs=50)
    clips = sum(end - begin for _, _, begin, end in pars(seed.narrated))
    assert clips == pytest.approx(total, abs=1)


def test_clock_values() -> None:
    assert clock(0) == "0:00:00.000"
    assert clock(3_723_045) == "1:02:03.045"
    assert parse_clock("1:02:03.045") == 3_723_045
    assert parse_clock("02:03.5") == 123_500
    assert parse_clock("7.25s") == 7250
    assert parse_clock("120ms") == 120


# --- Package ----------------------------------------------------------------------------------


def test_package_links_the_overlay_audio_and_highlight_class(seed: Seed) -> None:
    manifest = items(seed.narrated)
    (text,) = [i for i in manifest.values() if i.get("href") == "es.xhtml"]
    overlay = manifest[text.get("media-overlay", "")]
    assert overlay.get("media-type") == "application/smil+xml"
    (audio,) = [i for i in manifest.values() if i.get("href") == "audio/es.mp3"]
    assert audio.get("media-type") == "audio/mpeg"
    assert all(i.get("duration") is None for i in manifest.values())
    (active,) = metas(seed.narrated, "media:active-class")
    assert active.text == ACTIVE_CLASS
    css = entry(seed.narrated, "EPUB/css/epub.css").decode()
    assert f".{ACTIVE_CLASS} {{" in css


def test_the_audio_is_the_published_mp3_stored_as_it_is(seed: Seed) -> None:
    with zipfile.ZipFile(seed.narrated) as book:
        info = book.getinfo("EPUB/audio/es.mp3")
        assert info.compress_type == zipfile.ZIP_STORED
        assert book.read(info) == seed.mp3.read_bytes()


def test_accessibility_metadata_claims_the_narration_honestly(seed: Seed) -> None:
    def values(prop: str) -> list[str]:
        return [m.text or "" for m in metas(seed.narrated, prop)]

    assert values("schema:accessMode") == ["textual", "auditory"]
    # The seed has no summary or series: the narration reads every text, so either is enough.
    assert values("schema:accessModeSufficient") == ["textual", "auditory"]
    assert "synchronizedAudioText" in values("schema:accessibilityFeature")
    (text,) = values("schema:accessibilitySummary")
    assert text.startswith("Texto con su narración en audio")
    assert "sin imágenes, audio" not in text


def test_its_own_identifier(seed: Seed) -> None:
    def identifier(epub: Path) -> str | None:
        return opf(epub).findtext("opf:metadata/dc:identifier", namespaces=NS)

    assert identifier(seed.narrated) != identifier(seed.text)


def test_two_builds_are_byte_identical(seed: Seed) -> None:
    assert seed.again.read_bytes() == seed.narrated.read_bytes()


def test_the_text_epub_is_unchanged_by_the_narrated_one(seed: Seed) -> None:
    assert seed.text.read_bytes() == seed.text_alone.read_bytes()
    with zipfile.ZipFile(seed.text) as book:
        names = book.namelist()
        assert not [n for n in names if n.endswith((".smil", ".mp3"))]
        assert b'class="sentence"' not in book.read("EPUB/es.xhtml")
    assert b"media:" not in entry(seed.text, "EPUB/content.opf")


def test_the_xhtml_differs_from_the_text_epubs_only_by_the_sentence_spans(seed: Seed) -> None:
    def text_of(epub: Path) -> str:
        return "".join(ElementTree.fromstring(entry(epub, "EPUB/es.xhtml")).itertext())

    assert text_of(seed.narrated) == text_of(seed.text)


# --- Formats, budgets -------------------------------------------------------------------------


def test_narrated_epub_is_known_but_not_built_by_default() -> None:
    assert NARRATED_EPUB in BUILDABLE
    assert NARRATED_EPUB not in DEFAULT_FORMATS
    assert (
        BuildOptions().formats
        == DEFAULT_FORMATS
        == (
            "html",
            "pdf",
            "epub",
            "mp3",
            "opus",
            "vtt",
            "clip",
            "script",
        )
    )


def test_the_language_budget_counts_the_epub_and_mp3_once(seed: Seed) -> None:
    files = [
        describe(seed.text, "epub", "application/epub+zip", "es-PE"),
        describe(seed.mp3, "mp3", "audio/mpeg", "es-PE", 300),
        describe(seed.narrated, NARRATED_EPUB, "application/epub+zip", "es-PE", 300),
    ]
    counted = seed.text.stat().st_size + seed.mp3.stat().st_size
    assert check_budgets(files, Budgets(per_language=counted)) == []
    assert check_budgets(files, Budgets(per_language=counted - 1)) != []


# --- Sentence spans in the XHTML --------------------------------------------------------------


def _wrapped(children: tuple[Inline, ...], ranges: list[tuple[int, int]]) -> str:
    paragraph = Paragraph("b1", "es", children)
    writer = _Writer(HtmlOptions(sentences={"b1": ranges}), "")
    return writer.block(paragraph, "es")


def test_sentence_spans_close_and_reopen_the_inlines_they_cut() -> None:
    children = (
        Text("Uno ", "es"),
        Emphasis((Text("dos. ", "es"), Span((Text("Kimsa", "qu"),), "qu"), Text(".", "es")), "es"),
        Text(" <Cuatro>", "es"),
    )
    markup = _wrapped(children, [(0, 8), (9, 15), (16, 24)])
    root = ElementTree.fromstring(markup)
    spans = {s.get("id"): "".join(s.itertext()) for s in root.iter("span") if s.get("id")}
    assert spans == {"b1-s1": "Uno dos.", "b1-s2": "Kimsa.", "b1-s3": "<Cuatro>"}
    assert "".join(root.itertext()) == "Uno dos. Kimsa. <Cuatro>"
    emphasised = "".join("".join(e.itertext()) for e in root.iter("em"))
    assert emphasised == "dos. Kimsa."


def test_a_sentence_boundary_inside_a_link_leaves_the_block_as_it_was() -> None:
    children = (Text("Ver ", "es"), Link("https://example.org", (Text("a. B", "es"),), "es"))
    plain = _Writer(HtmlOptions(), "").block(Paragraph("b1", "es", children), "es")
    assert _wrapped(children, [(0, 6), (7, 8)]) == plain
    assert 'id="b1-s1"' in _wrapped(children, [(0, 8)])


def test_the_sentences_do_not_change_the_text_epubs_markup() -> None:
    children = (Text("Uno. ", "es"), Emphasis((Text("Dos", "es"),), "es"))
    plain = _Writer(HtmlOptions(), "").block(Paragraph("b1", "es", children), "es")
    other = _Writer(HtmlOptions(sentences={"b9": [(0, 4)]}), "")
    assert other.block(Paragraph("b1", "es", children), "es") == plain
