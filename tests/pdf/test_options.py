"""PDF settings: the page size and the stylesheet are used, recorded and audited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from publisher.audit import audit_release_outputs
from publisher.build import build_release
from publisher.options import BuildOptions
from publisher.pdf.options import PdfOptions
from publisher.resources import styles_dir
from publisher.sources import load_release
from tests.conftest import MakeRelease

A5_POINTS = (419.528, 595.276)


def _width_height(pdf: Path) -> tuple[float, float]:
    with pikepdf.open(pdf) as document:
        box = [float(v) for v in document.pages[0].mediabox]
    return round(box[2] - box[0], 3), round(box[3] - box[1], 3)


def test_a_page_size_is_used_and_recorded(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release())
    options = BuildOptions(
        output=tmp_path / "dist", formats=("pdf",), pdf=PdfOptions(page_size="A5")
    )
    build_release(release, options)
    folder = tmp_path / "dist" / "nota"
    assert _width_height(folder / "nota.es.pdf") == pytest.approx(A5_POINTS, abs=0.01)
    recorded = json.loads((folder / "manifest.json").read_text())["settings"]["pdf"]
    assert recorded["page_size"] == "A5"
    assert recorded["stylesheet"] == "print.css"


def test_an_office_stylesheet_is_used_and_the_audit_checks_what_was_built(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(make_release())
    office = tmp_path / "office"
    shutil.copytree(styles_dir(), office)
    sheet = office / "print.css"
    sheet.write_text(sheet.read_text() + "\nh2 { color: #123456; }\n")
    built = BuildOptions(output=tmp_path / "dist", formats=("pdf",), pdf=PdfOptions(sheet))
    build_release(release, built)
    folder = tmp_path / "dist" / "nota"
    recorded = json.loads((folder / "manifest.json").read_text())["settings"]["pdf"]
    assert recorded == PdfOptions(sheet).record()
    same = audit_release_outputs(release, folder, options=built)
    assert [f for f in same.findings if f.rule == "settings"] == []
    other = audit_release_outputs(release, folder, options=BuildOptions())
    assert [f.rule for f in other.findings if f.rule == "settings"] == ["settings"]


def test_an_unknown_page_size_is_refused() -> None:
    with pytest.raises(ValueError, match="page size 'A9' is not one of"):
        PdfOptions(page_size="A9")


def test_the_command_line_sets_the_page_size_over_the_settings_file(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    from publisher.cli import main

    source = make_release()
    config = tmp_path / "publisher.toml"
    config.write_text('[pdf]\npage_size = "letter"\n', encoding="utf-8")
    out = tmp_path / "dist"
    argv = ["build", str(source), "-o", str(out), "--formats", "pdf", "-q", "-j", "1"]
    assert main([*argv, "--config", str(config), "--page-size", "A5"]) == 0
    assert _width_height(out / "nota" / "nota.es.pdf") == pytest.approx(A5_POINTS, abs=0.01)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--page-size", "A9"], "is not one of"),
        (["--pdf-stylesheet", "missing.css"], "not a file"),
    ],
)
def test_bad_pdf_options_are_one_message(
    make_release: MakeRelease,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: list[str],
    message: str,
) -> None:
    from publisher.cli import main

    source = make_release()
    argv = ["build", str(source), "-o", str(tmp_path / "dist"), "--formats", "pdf", "-q"]
    try:
        code = main([*argv, *option])
    except SystemExit as exit_info:
        code = int(str(exit_info.code))
    assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "dist" / "nota").exists()
