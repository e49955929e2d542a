"""Translation staleness: aligned.json, `publisher aligned`, and `check` (with --strict)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.sources import load_release
from publisher.sources.staleness import ALIGNED_FILE, stale_blocks
from tests.conftest import MakeRelease


def test_no_record_no_report(make_release: MakeRelease) -> None:
    assert stale_blocks(load_release(make_release())) == []


def test_a_changed_original_block_names_the_translations_block(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release()
    assert main(["aligned", str(folder), "-q"]) == 0
    recorded = json.loads((folder / ALIGNED_FILE).read_text(encoding="utf-8"))
    assert set(recorded["translations"]["en"]) == {"b1", "b2", "b3"}
    assert main(["check", str(folder), "--strict", "-q"]) == 0, "nothing changed yet"

    es = folder / "es.md"
    es.write_text(es.read_text(encoding="utf-8").replace("Segundo", "Nuevo segundo"), "utf-8")
    capsys.readouterr()
    assert main(["check", str(folder)]) == 0, "a warning, not a failure"
    err = capsys.readouterr().err
    assert 'en.md:10: block b3 ("Second paragraph....") may be stale' in " ".join(err.split())
    assert "changed since the translation was aligned" in " ".join(err.split())
    assert err.count("may be stale") == 1, "only the changed block"
    assert main(["check", str(folder), "--strict"]) == 2

    assert main(["aligned", str(folder), "--lang", "en", "-q"]) == 0
    assert main(["check", str(folder), "--strict", "-q"]) == 0


def test_a_broken_record_is_refused_by_name(make_release: MakeRelease) -> None:
    folder = make_release()
    (folder / ALIGNED_FILE).write_text("{not json", encoding="utf-8")
    assert main(["check", str(folder), "-q"]) == 2


def test_import_records_the_editions_it_wrote_as_aligned(tmp_path: Path) -> None:
    text = tmp_path / "nota.txt"
    text.write_text("Título\n\nUno.\n\nEnglish translation\n\nTitle\n\nOne.\n", "utf-8")
    assert main(["import", str(text), "--langs", "es-PE", "-o", str(tmp_path / "s"), "-q"]) == 0
    folder = tmp_path / "s" / "nota"
    assert (folder / ALIGNED_FILE).exists()
    assert stale_blocks(load_release(folder)) == []
