"""`publisher import` (plain text) and `publisher new`: from a press office's files to a release."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import SourceError
from publisher.sources import load_release
from publisher.sources.importer import import_release
from tests.conftest import SEED

SEED_TEXT = Path(__file__).resolve().parents[3] / "shared" / "seed" / "press-release-es-en.txt"


def _without_abbreviations(folder: Path, tmp_path: Path) -> Path:
    """The shipped release with release.yaml's abbreviation list left out (a text file has none)."""
    copy = tmp_path / "shipped" / folder.name
    copy.mkdir(parents=True)
    for name in ("es.md", "en.md"):
        shutil.copy(folder / name, copy / name)
    (copy / "release.yaml").write_text("original: es-PE\n", encoding="utf-8")
    return copy


def test_the_seed_text_imports_to_the_shipped_release_block_for_block(tmp_path: Path) -> None:
    if not SEED_TEXT.exists():
        pytest.skip("the shared seed text is not beside this checkout")
    out = tmp_path / "imported"
    code = main(
        ["import", str(SEED_TEXT), "--langs", "es-PE,en", "-o", str(out), "--slug", SEED.name]
    )
    assert code == 0
    imported = load_release(out / SEED.name)
    shipped = load_release(_without_abbreviations(SEED, tmp_path))
    for got, want in zip(imported.editions, shipped.editions, strict=True):
        assert (got.lang, got.title, got.blocks) == (want.lang, want.title, want.blocks)
    assert (imported.date, imported.identifiers) == (None, {}), "no header: nothing invented"


def test_an_office_header_goes_into_release_yaml(tmp_path: Path) -> None:
    text = tmp_path / "nota.txt"
    text.write_text(
        "NOTA DE PRENSA N.° 123-2023\n\nLima, 15 de marzo de 2023\n\nTítulo\n\nUno.\n\n"
        "Traducción al inglés\n\nTitle\n\nOne.\n",
        encoding="utf-8",
    )
    folder = import_release([text], tmp_path / "source", langs=["es-PE"])
    release = load_release(folder)
    assert folder.name == "nota"
    assert release.date is not None
    assert release.date.isoformat() == "2023-03-15"
    assert release.identifiers == {"press-office": "123-2023"}
    assert [e.lang for e in release.editions] == ["es-PE", "en"], "en detected from the line"
    assert release.original.title == "Título"


def test_a_split_pattern_names_the_separator(tmp_path: Path) -> None:
    text = tmp_path / "willakuy.txt"
    text.write_text("Título\n\nUno.\n\n=== qu ===\n\nSutin\n\nHuk.\n", encoding="utf-8")
    folder = import_release([text], tmp_path / "s", langs=["es-PE", "qu"], split="=== qu ===")
    assert [e.lang for e in load_release(folder).editions] == ["es-PE", "qu"]


def test_an_edition_without_a_language_is_refused_by_line(tmp_path: Path) -> None:
    text = tmp_path / "nota.txt"
    text.write_text("Título\n\nUno.\n\n---\n\nOtro\n\nDos.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="edition 2 has no language: give --langs") as caught:
        import_release([text], tmp_path / "s", langs=["es-PE"], split="---")
    assert caught.value.line == 6


def test_markup_characters_in_plain_text_stay_text(tmp_path: Path) -> None:
    text = tmp_path / "nota.txt"
    text.write_text("Título *no*\n\n1. No es lista; [ni] <b>html</b> # ni_esto\n", "utf-8")
    release = load_release(import_release([text], tmp_path / "s", langs=["es-PE"]))
    assert release.original.title == "Título *no*"
    paragraph = release.original.blocks[0]
    assert paragraph.children[0].text == "1. No es lista; [ni] <b>html</b> # ni_esto"  # type: ignore[union-attr]


def test_new_writes_a_commented_scaffold_that_passes_check(tmp_path: Path) -> None:
    assert main(["new", "nota-nueva", "--langs", "es-PE,en", "-o", str(tmp_path)]) == 0
    folder = tmp_path / "nota-nueva"
    assert "# original: the language the release was written in" in (
        folder / "release.yaml"
    ).read_text(encoding="utf-8")
    assert "# title: the headline in" in (folder / "en.md").read_text(encoding="utf-8")
    assert main(["check", str(folder), "-q"]) == 0
    assert main(["new", "nota-nueva", "--langs", "es-PE", "-o", str(tmp_path)]) == 2


def test_a_text_file_in_a_release_folder_is_an_attachment_not_an_edition(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "source" / "nota"
    folder.mkdir(parents=True)
    (folder / "release.yaml").write_text("original: es-PE\n", encoding="utf-8")
    (folder / "es.md").write_text(
        "---\ntitle: Título\nlang: es-PE\n---\n\nVer el [anexo](anexo.txt).\n", encoding="utf-8"
    )
    (folder / "anexo.txt").write_text("Título\n\nUno.\n", encoding="utf-8")
    release = load_release(folder)
    assert [e.lang for e in release.editions] == ["es-PE"]


def test_every_construct_is_written_back_as_markdown_that_reads_the_same(tmp_path: Path) -> None:
    from publisher.dump import to_data
    from publisher.sources import markdown
    from publisher.sources.draft import ReadContext
    from publisher.sources.importer import edition_markdown

    features = Path(__file__).resolve().parents[1] / "fixtures" / "features"
    copy = tmp_path / "features"
    shutil.copytree(features, copy)
    for name in ("es.md", "en.md"):
        (draft,) = markdown.read(copy / name, ReadContext(copy.resolve(), "es-PE"))
        (copy / name).write_text(edition_markdown(draft), encoding="utf-8")
    again, before = load_release(copy), load_release(features)
    for got, want in zip(again.editions, before.editions, strict=True):
        assert to_data(got.blocks, again.root) == to_data(want.blocks, before.root)
    assert "::: {lang=qu}\nAllin" in (copy / "es.md").read_text(encoding="utf-8")


def test_a_refusal_names_the_text_file_and_its_line_not_the_markdown(tmp_path: Path) -> None:
    text = tmp_path / "nota.txt"
    text.write_text(
        "Título\n\nUno.\n\nDos.\n\nEnglish translation\n\nTitle\n\nOne.\n", encoding="utf-8"
    )
    with pytest.raises(SourceError) as caught:
        import_release([text], tmp_path / "s", langs=["es-PE"])
    assert str(caught.value) == (
        f"{text}:11: block 2 does not align with the original: here nothing (the translation "
        "has ended), but nota.txt:5 has a paragraph"
    )
    assert not (tmp_path / "s").exists()
