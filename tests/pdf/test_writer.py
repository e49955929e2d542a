"""The PDF backend: what it refuses before rendering, what it reads, and byte-identical builds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from publisher.errors import SourceError
from publisher.fetch import RestrictedFetcher, refusal
from publisher.model import Block, Figure, Paragraph, Release, Text
from publisher.pdf.writer import write_pdf
from publisher.resources import styles_dir
from publisher.sources import load_release
from tests.conftest import SEED, MakeRelease


def _with_block(release: Release, block: Block) -> Release:
    """``release`` with ``block`` appended to its original edition, alone."""
    edition = release.original
    changed = dataclasses.replace(edition, blocks=(*edition.blocks, block))
    return dataclasses.replace(release, editions=(changed,))


@pytest.fixture
def release(make_release: MakeRelease) -> Release:
    return load_release(make_release())


@pytest.mark.parametrize(
    "src", ["../outside.png", "https://example.org/logo.png", "/etc/hostname", "missing.png"]
)
def test_an_image_the_reader_did_not_resolve_fails_before_rendering(
    release: Release, tmp_path: Path, caplog: pytest.LogCaptureFixture, src: str
) -> None:
    """Images are resolved and checked once, by the reader (tests/sources/test_paths.py); one
    the model does not carry a checked file for is refused, never resolved again here."""
    reason = "is not a file in the release folder"
    (release.root.parent / "outside.png").write_bytes(b"not read")
    target = tmp_path / "out.pdf"
    broken = _with_block(release, Figure("b9", "es-PE", src, "Un logotipo"))
    with caplog.at_level(logging.INFO, logger="weasyprint"), pytest.raises(SourceError) as error:
        write_pdf(broken, broken.editions, target)
    assert f"image '{src}' {reason}" in str(error.value)
    assert str(error.value).startswith(str(release.original.source))
    assert not target.exists()
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]  # never started


def _styles_with(tmp_path: Path, extra_css: str) -> Path:
    folder = tmp_path / "styles"
    shutil.copytree(styles_dir(), folder)
    with (folder / "print.css").open("a", encoding="utf-8") as css:
        css.write(f"\n{extra_css}\n")
    return folder


@pytest.mark.parametrize(
    ("css", "reason"),
    [
        ('body { background-image: url("https://example.invalid/bg.png"); }', "network"),
        ('body { background-image: url("file:///etc/hostname"); }', "outside the release folder"),
    ],
)
def test_a_stylesheet_reaching_out_fails_with_a_clear_error(
    release: Release,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    css: str,
    reason: str,
) -> None:
    monkeypatch.setenv("PUBLISHER_STYLES", str(_styles_with(tmp_path, css)))
    with pytest.raises(SourceError, match="refused to read") as error:
        write_pdf(release, release.editions[:1], tmp_path / "out.pdf")
    assert reason in str(error.value)


def test_renderer_warnings_fail_the_build(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_STYLES", str(_styles_with(tmp_path, "p { colour: red; }")))
    with pytest.raises(SourceError, match=r"the PDF renderer reported: .*colour"):
        write_pdf(release, release.editions[:1], tmp_path / "out.pdf")


def test_an_image_without_alt_text_fails_the_build(release: Release, tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (8, 8), (0, 0, 0)).save(release.root / "dot.png")
    dot = release.root / "dot.png"
    broken = _with_block(release, Figure("b9", "es-PE", "dot.png", "", path=dot))
    with pytest.raises(SourceError, match="no required alt description"):
        write_pdf(broken, broken.editions, tmp_path / "out.pdf")


def test_a_character_without_a_glyph_fails_the_build(release: Release, tmp_path: Path) -> None:
    text = (Text("Rimaykullayki, chʼaska 漢", "qu"),)
    broken = _with_block(release, Paragraph("b9", "es-PE", text))
    with pytest.raises(SourceError, match=r"no glyph for U\+02BC 'ʼ', U\+6F22 '漢'"):
        write_pdf(broken, broken.editions, tmp_path / "out.pdf")


def test_the_fetcher_serves_only_the_release_and_the_styles(tmp_path: Path) -> None:
    inside = tmp_path / "release"
    inside.mkdir()
    (inside / "a.png").write_bytes(b"x")
    (tmp_path / "b.png").write_bytes(b"x")
    roots = [inside]
    assert refusal(f"file://{inside}/a.png", roots) is None
    assert refusal("data:image/png;base64,AAAA", roots) is None
    assert "outside the release folder" in str(refusal(f"file://{inside}/../b.png", roots))
    assert "no such file" in str(refusal(f"file://{inside}/c.png", roots))
    assert "network" in str(refusal("https://example.org/a.png", roots))
    assert "other hosts" in str(refusal(f"file://server{inside}/a.png", roots))
    fetcher = RestrictedFetcher(roots)
    assert fetcher.fetch(f"file://{inside}/a.png").read() == b"x"
    assert fetcher.served == [f"file://{inside}/a.png"]


BUILD = """
import sys
from pathlib import Path
from publisher.pdf.writer import write_pdf
from publisher.sources import load_release
release = load_release(Path(sys.argv[1]))
write_pdf(release, release.editions, Path(sys.argv[2]))
"""


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"bilingual-{seed}.pdf"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", BUILD, str(SEED), str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    with pikepdf.open(tmp_path / "bilingual-1.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320Z"


def test_svg_text_is_set_in_the_shipped_font_unless_it_names_its_own(tmp_path: Path) -> None:
    plain = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>A</text></svg>'
    named = b'<svg xmlns="http://www.w3.org/2000/svg" font-family="Serif"><text>A</text></svg>'
    (tmp_path / "plain.svg").write_bytes(plain)
    (tmp_path / "named.svg").write_bytes(named)
    fetcher = RestrictedFetcher([tmp_path], svg_font="Atkinson Hyperlegible Next")
    served = fetcher.fetch(f"file://{tmp_path}/plain.svg").read()
    assert served == plain.replace(b"<svg", b'<svg font-family="Atkinson Hyperlegible Next"')
    assert fetcher.fetch(f"file://{tmp_path}/named.svg").read() == named


@pytest.mark.parametrize(
    ("content", "name"), [(b"not an image", "roto.png"), (b"<svg><unclosed", "roto.svg")]
)
def test_an_unreadable_image_names_the_edition_and_the_image(
    release: Release, tmp_path: Path, content: bytes, name: str
) -> None:
    (release.root / name).write_bytes(content)
    broken = _with_block(release, Figure("b9", "es-PE", name, "Un mapa", path=release.root / name))
    with pytest.raises(SourceError) as error:
        write_pdf(broken, broken.editions, tmp_path / "out.pdf")
    assert error.value.path == release.original.source
    assert f"image '{name}' cannot be read" in error.value.message


def test_a_missing_harfbuzz_subset_library_is_a_warning_not_an_error(
    release: Release,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # As on a machine without libharfbuzz-subset: WeasyPrint subsets with fontTools and says so.
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    target = tmp_path / "out.pdf"
    with caplog.at_level(logging.WARNING, logger="publisher"):
        write_pdf(release, release.editions[:1], target)
    assert target.stat().st_size > 0
    logged = [r for r in caplog.records if r.name.startswith("publisher")]
    assert ["HarfBuzz-Subset" in r.getMessage() for r in logged] == [True]
    said: list[str] = []
    write_pdf(release, release.editions[:1], target, warn=said.append)
    assert len(said) == 1
    assert "Using fontTools instead of HarfBuzz-Subset" in said[0]
    # A content fault is still an error on such a machine.
    (release.root / "roto.png").write_bytes(b"not an image")
    broken = _with_block(
        release, Figure("b9", "es-PE", "roto.png", "Un mapa", path=release.root / "roto.png")
    )
    with pytest.raises(SourceError, match=r"image 'roto\.png' cannot be read"):
        write_pdf(broken, broken.editions, tmp_path / "broken.pdf", warn=said.append)


def _dates(pdf_path: Path) -> dict[str, str]:
    """The PDF's Info dates and XMP dates, by name."""
    with pikepdf.open(pdf_path) as pdf:
        info = {key: str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate")}
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
    for name in ("CreateDate", "ModifyDate", "MetadataDate"):
        info[name] = xmp.split(f"<xmp:{name}>")[1].split("<")[0]
    return info


@pytest.mark.parametrize(
    "case",
    [
        ("date: 2023-03-15\n", "1700000000", "D:20230315120000Z", "2023-03-15T12:00:00Z"),
        ("", "1700000000", "D:20231114221320Z", "2023-11-14T22:13:20Z"),
    ],
    ids=["release-date", "source-date-epoch"],
)
def test_pdf_dates_are_the_release_date_else_source_date_epoch(
    make_release: MakeRelease,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, str, str, str],
) -> None:
    yaml_date, epoch, pdf_date, xmp_date = case
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    release = load_release(make_release({"release.yaml": f"original: es-PE\n{yaml_date}"}))
    target = tmp_path / "out.pdf"
    write_pdf(release, release.editions[:1], target)
    dates = _dates(target)
    assert dates == {
        "/CreationDate": pdf_date,
        "/ModDate": pdf_date,
        "CreateDate": xmp_date,
        "ModifyDate": xmp_date,
        "MetadataDate": xmp_date,
    }


def test_an_undated_build_without_source_date_epoch_is_dated_now(
    make_release: MakeRelease, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    release = load_release(make_release())
    target = tmp_path / "out.pdf"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
    write_pdf(release, release.editions[:1], target)
    dates = _dates(target)
    created = dt.datetime.strptime(dates["/CreationDate"], "D:%Y%m%d%H%M%SZ").replace(tzinfo=dt.UTC)
    assert before <= created <= dt.datetime.now(dt.UTC)
    assert dates["/ModDate"] == dates["/CreationDate"]
    assert dates["CreateDate"] == created.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert not any(value.startswith(("D:2000", "2000")) for value in dates.values())
