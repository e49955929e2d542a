"""`publisher import FILE.odt`: OpenDocument text through the Word reader's HTML seam.

The files are the corpus LibreOffice and pandoc wrote (tests/sources/fixtures/corpus); each
keeps what its .docx twin keeps.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.sources import load_release
from publisher.sources.importer import import_release

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _import(name: str, tmp_path: Path) -> tuple[str, list[str]]:
    warnings: list[str] = []
    folder = import_release(
        [CORPUS / name], tmp_path / "out", langs=["es-PE"], warn=warnings.append
    )
    load_release(folder)
    return (folder / "es.md").read_text(encoding="utf-8"), warnings


@pytest.mark.parametrize("program", ["libreoffice", "pandoc-libreoffice"])
def test_an_odt_imports_as_its_docx_twin(program: str, tmp_path: Path) -> None:
    name = "marcas.libreoffice" if program == "libreoffice" else "nota.pandoc-libreoffice"
    odt, _ = _import(f"{name}.odt", tmp_path / "odt")
    docx, _ = _import(f"{name.replace('-libreoffice', '')}.docx", tmp_path / "docx")
    body = odt.split("---\n", 2)[2]
    assert body == docx.split("---\n", 2)[2]


def test_notes_hidden_text_tracked_changes_and_text_boxes(tmp_path: Path) -> None:
    text, warnings = _import("marcas.libreoffice.odt", tmp_path)
    assert "[^1]: Con fondos del canon minero." in text
    assert "[^2]: Según la resolución regional número cuarenta." in text
    assert "La obra nueva reemplaza el pavimento de 1980." in text
    assert "Este texto es visible para todos." in text
    assert "Recuadro con el horario de atención." in text
    assert any("hidden" in w for w in warnings)
    assert any("tracked changes" in w for w in warnings)


def test_merged_cells_lists_and_internal_links(tmp_path: Path) -> None:
    text, _ = _import("tabla.libreoffice.odt", tmp_path)
    assert "| Lima | Ate | 350 |" in text
    assert "\n3. tercero\n4. cuarto\n" in text
    text, _ = _import("nota.pandoc.odt", tmp_path / "nota")
    assert "[Datos](<#datos>)" in text
    assert "párrafo:\n\n4. Parque zonal Huáscar" in text


def test_a_one_paragraph_odt_is_its_body(tmp_path: Path) -> None:
    text, _ = _import("un-parrafo.pandoc-libreoffice.odt", tmp_path)
    assert text.rstrip().endswith("en todos los distritos del sur.")


def test_a_zip_that_is_not_an_odt_and_a_bomb_are_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "otro.odt"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert main(["import", str(other), "--langs", "es-PE", "-o", str(tmp_path / "o")]) == 2
    assert "not an OpenDocument text" in capsys.readouterr().err
    bomb = tmp_path / "bomba.odt"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<a>" + "<b/>" * 200_000 + "</a>")
    assert main(["import", str(bomb), "--langs", "es-PE", "-o", str(tmp_path / "o")]) == 2
    assert "bomba.odt" in capsys.readouterr().err


def test_a_password_protected_odt_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "clave.odt"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
        '"content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:'
        'checksum-type="SHA1/1K" manifest:checksum="AAAA"/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(locked, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", bytes(range(256)) * 4)
        archive.writestr("META-INF/manifest.xml", manifest)
    assert main(["import", str(locked), "--langs", "es-PE", "-o", str(tmp_path / "o")]) == 2
    assert "protected with a password" in capsys.readouterr().err


def test_comments_are_left_out_with_a_warning(tmp_path: Path) -> None:
    with zipfile.ZipFile(CORPUS / "un-parrafo.pandoc.odt") as source:
        content = source.read("content.xml").decode()
        parts = {i.filename: source.read(i) for i in source.infolist()}
    note = (
        '<office:annotation><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ana'
        "</dc:creator><text:p>Revisar la fecha</text:p></office:annotation>"
    )
    parts["content.xml"] = content.replace(
        "La Municipalidad", note + "La Municipalidad", 1
    ).encode()
    commented = tmp_path / "comentado.odt"
    with zipfile.ZipFile(commented, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    warnings: list[str] = []
    folder = import_release([commented], tmp_path / "out", langs=["es-PE"], warn=warnings.append)
    text = (folder / "es.md").read_text(encoding="utf-8")
    assert "Revisar" not in text
    assert "La Municipalidad de Lima informa" in text
    assert any("1 comment(s) left out" in w for w in warnings)
