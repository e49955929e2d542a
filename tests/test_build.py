"""The whole build on the seed release: every file there, readable, complete and in order."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from mutagen.mp3 import MP3

from publisher import build as build_module
from publisher.audio import writer as audio_backend
from publisher.audio.writer import AudioOptions
from publisher.build import build_release
from publisher.cli import main
from publisher.errors import PublisherError
from publisher.model import Paragraph, Release, plain_text
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.speech.narration import Narration
from publisher.speech.script import speech_script
from tests.conftest import EN, ES, SEED, MakeRelease


def _words(text: str) -> str:
    """Words only; hyphens dropped, as pdftotext joins a word hyphenated at a line end."""
    return " ".join(re.sub(r"[^\w]+", " ", text.replace("-", "")).split()).lower()


def _paragraphs(release: Release, lang: str) -> list[str]:
    edition = release.edition(lang)
    return [plain_text(b.children) for b in edition.blocks if isinstance(b, Paragraph)]


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Every needle occurs in the haystack, each after the previous one (words only)."""
    text = _words(haystack)
    position = 0
    for needle in needles:
        found = text.find(_words(needle), position)
        assert found >= 0, f"missing or out of order: {needle[:60]}"
        position = found


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Path]:
    """The seed release built in every format, with a cache of its own."""
    out = tmp_path_factory.mktemp("dist")
    cache = tmp_path_factory.mktemp("cache")
    release = load_release(SEED)
    build_release(release, BuildOptions(output=out, audio=AudioOptions(cache_dir=cache)))
    return release, out / release.slug


def test_the_seed_gives_pdf_epub_and_mp3_in_each_language(
    seed_build: tuple[Release, Path],
) -> None:
    release, folder = seed_build
    for lang in ("es", "en"):
        for ext in ("pdf", "epub", "mp3"):
            assert (folder / f"{release.slug}.{lang}.{ext}").stat().st_size > 0


def test_a_second_build_without_the_cache_is_byte_identical(
    seed_build: tuple[Release, Path], tmp_path: Path
) -> None:
    release, folder = seed_build
    build_release(
        release, BuildOptions(output=tmp_path / "dist", audio=AudioOptions(cache_dir=None))
    )
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "dist" / release.slug).iterdir()}
    assert sorted(second) == sorted(first)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_epub_opf_parses_with_title_and_language(
    seed_build: tuple[Release, Path], lang: str
) -> None:
    release, folder = seed_build
    with zipfile.ZipFile(folder / f"{release.slug}.{lang}.epub") as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        rootfile = container.find(".//{*}rootfile")
        assert rootfile is not None
        opf = ElementTree.fromstring(book.read(rootfile.attrib["full-path"]))
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}title") == (
        release.edition(lang).title
    )
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == (
        release.edition(lang).lang
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_mp3_duration_matches_the_synthesized_audio(
    seed_build: tuple[Release, Path], lang: str
) -> None:
    release, folder = seed_build
    mp3 = folder / f"{release.slug}.{lang}.mp3"
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-"],
        check=True,
        capture_output=True,
    )
    synthesized_s = len(decoded.stdout) / 2 / MP3(mp3).info.sample_rate
    assert synthesized_s > 60
    assert MP3(mp3).info.length == pytest.approx(synthesized_s, rel=0.05)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_text_sent_to_the_voice_holds_every_paragraph_in_order(lang: str) -> None:
    release = load_release(SEED)
    script = speech_script(release, release.edition(lang))
    written = " ".join(u.written for u in script.utterances)
    assert_in_order(written, [release.edition(lang).title, *_paragraphs(release, lang)])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pdf_text_holds_every_paragraph_in_order(
    seed_build: tuple[Release, Path], lang: str
) -> None:
    release, folder = seed_build
    pdf = folder / f"{release.slug}.{lang}.pdf"
    # Only the type area of each A4 page: running headers and footers lie outside it.
    crop = ["-x", "0", "-y", "50", "-W", "595", "-H", "735"]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *crop, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert_in_order(text, [release.edition(lang).title, *_paragraphs(release, lang)])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_epub_xhtml_holds_every_paragraph_in_order(
    seed_build: tuple[Release, Path], lang: str
) -> None:
    release, folder = seed_build
    with zipfile.ZipFile(folder / f"{release.slug}.{lang}.epub") as book:
        pages = [n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n]
        xhtml = "".join(book.read(n).decode("utf-8") for n in sorted(pages))
    text = re.sub(r"<[^>]+>", " ", xhtml)
    assert_in_order(text, _paragraphs(release, lang))


def test_a_failing_format_leaves_earlier_outputs_intact(
    make_release: MakeRelease, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = load_release(make_release())
    out = tmp_path / "dist"
    build_release(release, BuildOptions(output=out, formats=("pdf",)))
    before = {p.name: p.read_bytes() for p in (out / release.slug).iterdir()}

    def broken(*_: object) -> None:
        raise PublisherError("the EPUB writer failed")

    monkeypatch.setattr(build_module, "write_epub", broken)
    with pytest.raises(PublisherError, match="EPUB writer failed"):
        build_release(release, BuildOptions(output=out, formats=("pdf", "epub")))
    after = {p.name: p.read_bytes() for p in (out / release.slug).iterdir()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == [release.slug]


def test_lang_option_picks_editions(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release())
    artifacts = build_release(
        release, BuildOptions(output=tmp_path / "dist", formats=("pdf",), langs=("en",))
    )
    assert [a.path.name for a in artifacts if a.format == "pdf"] == ["nota.en.pdf"]
    upper = build_release(
        release, BuildOptions(output=tmp_path / "dist", formats=("pdf",), langs=("ES-pe",))
    )
    # The English PDF built before stays: a build of one language keeps the others' files.
    assert [a.path.name for a in upper if a.format == "pdf"] == ["nota.es.pdf", "nota.en.pdf"]
    with pytest.raises(PublisherError, match="no edition in 'qu' \\(it has es-PE, en\\)"):
        build_release(release, BuildOptions(output=tmp_path / "dist", langs=("qu",)))


@pytest.mark.parametrize(
    "formats",
    [("narrated-epub",), ("mp3", "narrated-epub"), ("mp3", "opus", "vtt", "narrated-epub")],
    ids=["narrated-epub", "mp3-and-narrated-epub", "every-audio-format"],
)
@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_every_writer_shares_one_narration_and_one_mp3_per_edition(
    formats: tuple[str, ...],
    cache: bool,
    make_release: MakeRelease,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each edition is narrated once and encoded to MP3 once, whatever formats are asked for."""
    narrations: list[str] = []
    encodings: list[str] = []
    narrate, encode = audio_backend.narrate, audio_backend._encode

    def counting_narrate(script: Any, *args: Any, **kwargs: Any) -> Narration:
        narrations.append(script.lang)
        return narrate(script, *args, **kwargs)

    def counting_encode(kind: str, *args: Any, **kwargs: Any) -> Any:
        if kind == "mp3":  # one publishable encoding (however many tries its loudness takes)
            encodings.append(kind)
        return encode(kind, *args, **kwargs)

    monkeypatch.setattr(audio_backend, "narrate", counting_narrate)
    monkeypatch.setattr(audio_backend, "_encode", counting_encode)
    release = load_release(make_release())
    audio = AudioOptions(cache_dir=tmp_path / "cache" if cache else None)
    options = BuildOptions(output=tmp_path / "dist", formats=formats, audio=audio)
    build_release(release, options)
    assert sorted(narrations) == ["en", "es-PE"]
    assert encodings == ["mp3", "mp3"]


def test_a_passage_in_a_language_without_a_voice_is_read_by_its_fallback(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release(
        {
            "es.md": ES.replace("Segundo párrafo.", "Dijo [Kamisaki]{lang=ay} al llegar."),
            "en.md": EN.replace("Second paragraph.", "He said [Kamisaki]{lang=ay} on arrival."),
        }
    )
    out = tmp_path / "dist"
    code = main(["build", str(tmp_path / "source"), "-o", str(out), "--formats", "mp3", "-q"])
    assert code == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "'ay'" in line]
    assert warnings == [
        "warning: espeak has no voice for language 'ay': its passages are read by the es voice "
        "(es-419)"
    ]
    assert (out / "nota" / "nota.es.mp3").stat().st_size > 0
