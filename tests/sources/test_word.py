"""`publisher import FILE.docx`: Word documents (tests/fixtures/word/make_docx.py) to releases."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import SourceError
from publisher.sources import load_release
from publisher.sources.importer import import_release
from tests.conftest import SEED
from tests.fixtures.word import make_docx
from tests.sources.test_importer import SEED_TEXT, _without_abbreviations

EXPECTED = Path(__file__).parent / "fixtures" / "word"


def _expected(name: str, got: str) -> str:
    path = EXPECTED / name
    if os.environ.get("PUBLISHER_REGEN_FIXTURES"):
        path.write_text(got, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_every_construct_maps_to_the_expected_markdown(tmp_path: Path) -> None:
    source = make_docx.features(tmp_path / "features.docx")
    warnings: list[str] = []
    folder = import_release([source], tmp_path / "out", warn=warnings.append)
    written = (folder / "es.md").read_text(encoding="utf-8")
    assert written == _expected("features.es.md", written)
    release_yaml = (folder / "release.yaml").read_text(encoding="utf-8")
    assert release_yaml == _expected("features.release.yaml", release_yaml)
    assert (folder / "images" / "image1.png").read_bytes().startswith(b"\x89PNG")
    release = load_release(folder)
    assert release.original.lang == "es-PE", "the language comes from the document's styles"
    assert release.original.summary == "Un resumen breve."
    assert warnings == [
        f"{source}: Unrecognised paragraph style: Aviso oficial (Style ID: Avisooficial)",
        f"{source}: imported as es-PE, the language the document declares (give --langs to "
        "choose another)",
    ]


def test_the_seed_as_a_word_document_imports_to_the_shipped_blocks(tmp_path: Path) -> None:
    if not SEED_TEXT.exists():
        pytest.skip("the shared seed text is not beside this checkout")
    source = make_docx.from_text(tmp_path / "nota.docx", SEED_TEXT.read_text(encoding="utf-8"))
    out = tmp_path / "imported"
    code = main(["import", str(source), "--langs", "es-PE,en", "-o", str(out), "--slug", SEED.name])
    assert code == 0
    imported = load_release(out / SEED.name)
    shipped = load_release(_without_abbreviations(SEED, tmp_path))
    for got, want in zip(imported.editions, shipped.editions, strict=True):
        assert (got.lang, got.title, got.blocks) == (want.lang, want.title, want.blocks)


def _zip_without_document(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    path.write_bytes(buffer.getvalue())
    return path


def _damaged(path: Path) -> Path:
    """A real document whose main part is cut in half."""
    whole = make_docx.features(path.with_name("whole.docx"))
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(
                item, data[: len(data) // 2] if item.filename == "word/document.xml" else data
            )
    return path


BAD = {
    "damaged": (lambda d: _damaged(d / "nota.docx"), "is damaged and cannot be read"),
    "not-a-zip": (
        lambda d: (d / "nota.docx").write_text("just text", "utf-8") and d / "nota.docx",
        "is not a Word .docx file",
    ),
    "empty": (lambda d: (d / "nota.docx").write_bytes(b"") or d / "nota.docx", "is empty"),
    "doc": (
        lambda d: (d / "nota.doc").write_bytes(b"\xd0\xcf\x11\xe0") and d / "nota.doc",
        "is a Word 97-2003 .doc file",
    ),
    "zip-not-word": (
        lambda d: _zip_without_document(d / "nota.docx"),
        "is a zip archive but not a Word document",
    ),
    "encrypted": (
        lambda d: make_docx.encrypted(d / "nota.docx", make_docx.features(d / "plain.docx")),
        "is protected with a password",
    ),
    "image-without-alt": (
        lambda d: make_docx.without_alt(d / "nota.docx"),
        "image 2 (counting from the start) without alt text: in Word, right-click",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_message_naming_the_file_exit_2_and_nothing_written(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = BAD[case]
    source = make(tmp_path)
    out = tmp_path / "out"
    assert main(["import", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source}: " in err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir()), "nothing written"


def test_a_failed_check_of_the_imported_folder_leaves_nothing(tmp_path: Path) -> None:
    source = make_docx.features(tmp_path / "nota.docx")
    other = make_docx.from_text(tmp_path / "other.docx", "Title\n\nOnly a paragraph.\n")
    out = tmp_path / "out"
    with pytest.raises(SourceError, match="does not align with the original") as caught:
        import_release([source, other], out, langs=["es-PE", "en"])
    assert not out.exists(), "the -o folder it made is removed too"
    assert str(caught.value).startswith(f"{other}: paragraph "), "the Word file and its place"
    assert ".md" not in str(caught.value)


def test_a_linked_picture_is_named_by_paragraph_with_what_to_do(tmp_path: Path) -> None:
    from tests.sources import docx_parts

    source = docx_parts.linked_picture(tmp_path / "nota.docx", "file:///C:/Fotos/foto.jpg")
    with pytest.raises(SourceError) as caught:
        import_release([source], tmp_path / "out", langs=["es-PE"])
    message = str(caught.value)
    assert message.startswith(f"{source}: paragraph 3: the picture is linked to an outside file")
    assert "(file:///C:/Fotos/foto.jpg), not embedded in the document" in message
    assert "Insert > Pictures" in message
    assert "format" not in message


def test_paragraphs_are_numbered_as_in_word_blank_ones_included(tmp_path: Path) -> None:
    from tests.sources import docx_parts

    body = [docx_parts.title("Título")]
    body += [docx_parts.paragraph(t) for t in ("", "Uno.", "English translation")]
    body += [docx_parts.paragraph(t) for t in ("Title", "One.", "", "Two.")]
    source = docx_parts.package(tmp_path / "nota.docx", body, parts=docx_parts.TITLED)
    with pytest.raises(SourceError) as caught:
        import_release([source], tmp_path / "out", langs=["es-PE", "en"])
    assert str(caught.value) == (
        f"{source}: paragraph 8 ('Two.'): block 2 does not align with the original: here a "
        "paragraph, but nota.docx paragraph 3 has nothing (the original has ended)"
    )


def test_a_document_another_program_wrote_passes_the_limits_and_imports(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (scripts/install-system-deps.sh test installs it)")
    Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "logo.png")
    (tmp_path / "nota.md").write_text(
        "# Título de la nota\n\nPrimer párrafo con una nota.[^1]\n\n## Sección\n\n"
        "- uno\n    - uno y medio\n- dos\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "![Un logotipo rojo](logo.png)\n\n[^1]: El texto de la nota.\n",
        encoding="utf-8",
    )
    subprocess.run(["pandoc", "nota.md", "-o", "nota.docx"], cwd=tmp_path, check=True, timeout=60)
    folder = import_release([tmp_path / "nota.docx"], tmp_path / "out", langs=["es-PE"])
    release = load_release(folder)
    assert release.original.title == "Título de la nota"
    assert (folder / "images" / "image1.png").read_bytes().startswith(b"\x89PNG")
