"""Outputs are dated by the release's date, else SOURCE_DATE_EPOCH, else the build's own time."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from publisher.cli import main
from tests.conftest import RELEASE_YAML, MakeRelease


def _modified(epub: Path) -> str:
    with zipfile.ZipFile(epub) as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        found = re.search(r'property="dcterms:modified">([^<]+)<', book.read(opf).decode())
    assert found is not None
    return found.group(1)


def _build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    out = tmp_path / "dist"
    code = main(["build", str(tmp_path / "source"), "-o", str(out), "--formats", "pdf,epub"])
    assert code == 0
    return out / "nota", capsys.readouterr().err


def test_the_release_date_dates_every_output(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release({"release.yaml": RELEASE_YAML + "date: 2023-03-15\n"})
    folder, err = _build(tmp_path, capsys)
    assert _modified(folder / "nota.es.epub") == "2023-03-15T12:00:00Z"
    with pikepdf.open(folder / "nota.es.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230315120000")
    assert "nota: dated 2023-03-15T12:00:00Z (the release's date)" in err


def test_without_a_date_or_epoch_the_build_time_is_written(
    make_release: MakeRelease,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    make_release()
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    folder, err = _build(tmp_path, capsys)
    stamp = dt.datetime.fromisoformat(_modified(folder / "nota.es.epub"))
    assert before - dt.timedelta(days=1) <= stamp <= dt.datetime.now(dt.UTC)
    with pikepdf.open(folder / "nota.es.pdf") as pdf:
        assert not str(pdf.docinfo["/CreationDate"]).startswith("D:2000")
    assert "(the build's time)" in err


def test_source_date_epoch_dates_an_undated_release(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release()
    folder, err = _build(tmp_path, capsys)
    assert _modified(folder / "nota.es.epub") == "2023-11-14T22:13:20Z"
    assert "(SOURCE_DATE_EPOCH)" in err
