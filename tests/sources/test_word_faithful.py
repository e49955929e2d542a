"""Word import keeps every word, and says what it leaves out (the "faithful to any source" cases).

Documents are written part by part (:mod:`tests.sources.docx_parts`) for what only Word writes,
or taken from the corpus LibreOffice and pandoc wrote (tests/sources/fixtures/corpus).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.sources import load_release
from publisher.sources.importer import import_release
from tests.sources import docx_parts

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
CORE = (
    b'<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
    b'openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Agua en Lima Sur</dc:title>'
    b"</cp:coreProperties>"
)
RUN = '<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*runs: str) -> bytes:
    return ("<w:p>" + "".join(runs) + "</w:p>").encode()


def _run(text: str, props: str = "") -> str:
    return RUN.format(text=text, props=f"<w:rPr>{props}</w:rPr>" if props else "")


def _import(source: Path, tmp_path: Path, **kwargs: object) -> tuple[str, list[str]]:
    warnings: list[str] = []
    folder = import_release(
        [source], tmp_path / "out", langs=["es-PE"], warn=warnings.append, **kwargs
    )
    return (folder / "es.md").read_text(encoding="utf-8"), warnings


def test_a_one_paragraph_document_is_its_body_titled_by_its_title_property(
    tmp_path: Path,
) -> None:
    body = [docx_parts.paragraph("El servicio de agua vuelve el lunes.")]
    source = docx_parts.package(tmp_path / "aviso.docx", body, parts={"docProps/core.xml": CORE})
    text, _ = _import(source, tmp_path)
    assert 'title: "Agua en Lima Sur"' in text
    assert text.endswith("---\n\nEl servicio de agua vuelve el lunes.\n")


def test_without_a_title_property_the_file_name_is_the_title(tmp_path: Path) -> None:
    source = docx_parts.package(tmp_path / "aviso-agua.docx", [docx_parts.paragraph("Uno.")])
    text, _ = _import(source, tmp_path)
    assert 'title: "aviso-agua"' in text
    assert text.endswith("\nUno.\n")


def test_a_normal_first_paragraph_is_body_text_not_the_title(tmp_path: Path) -> None:
    body = [docx_parts.paragraph("Primero."), docx_parts.paragraph("Segundo.")]
    source = docx_parts.package(tmp_path / "nota.docx", body, parts={"docProps/core.xml": CORE})
    text, _ = _import(source, tmp_path)
    assert "\nPrimero.\n\nSegundo.\n" in text


@pytest.mark.parametrize("name", ["un-parrafo.pandoc.docx", "un-parrafo.pandoc-libreoffice.docx"])
def test_one_paragraph_files_other_programs_wrote_import(name: str, tmp_path: Path) -> None:
    text, _ = _import(CORPUS / name, tmp_path)
    assert "servicio de agua se restablecerá" in text


def test_the_main_part_is_found_through_the_package_relationships(tmp_path: Path) -> None:
    plain = docx_parts.package(tmp_path / "plain.docx", [docx_parts.paragraph("Texto del aviso.")])
    moved = tmp_path / "movido.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(moved, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            name = info.filename.replace("word/", "contenido/")
            data = data.replace(b"word/document.xml", b"contenido/principal.xml")
            name = name.replace("document.xml", "principal.xml")
            target.writestr(name, data)
    text, _ = _import(moved, tmp_path)
    assert text.endswith("\nTexto del aviso.\n")


def test_footnotes_and_endnotes_keep_distinct_numbers(tmp_path: Path) -> None:
    text, _ = _import(CORPUS / "marcas.libreoffice.docx", tmp_path)
    assert "[^1]: Con fondos del canon minero." in text
    assert "[^2]: Según la resolución regional número cuarenta." in text
    assert "pavimentación[^1] de doce calles del centro histórico[^2]." in text


def test_hidden_text_is_left_out_with_a_warning(tmp_path: Path) -> None:
    text, warnings = _import(CORPUS / "marcas.libreoffice.docx", tmp_path)
    assert "Este texto es visible para todos." in text
    assert "este no" not in text
    assert any("hidden" in w for w in warnings)


def test_tracked_changes_read_as_accept_all_with_a_warning(tmp_path: Path) -> None:
    body = [
        _p(
            _run("La obra "),
            f"<w:ins w:id='1' w:author='A'>{_run('nueva')}</w:ins>",
            _run(" reemplaza "),
            "<w:del w:id='2' w:author='A'><w:r><w:delText>el borrador </w:delText></w:r></w:del>",
            "<w:moveFrom w:id='3' w:author='A'>" + _run("antiguo ") + "</w:moveFrom>",
            _run("el pavimento"),
            "<w:moveTo w:id='4' w:author='A'>" + _run(" antiguo") + "</w:moveTo>",
            _run("."),
        )
    ]
    source = docx_parts.package(tmp_path / "cambios.docx", body)
    text, warnings = _import(source, tmp_path)
    assert text.endswith("\nLa obra nueva reemplaza el pavimento antiguo.\n")
    assert any("tracked changes" in w and "Accept All" in w for w in warnings)


def test_a_cell_merged_down_keeps_the_next_cells_in_their_columns(tmp_path: Path) -> None:
    text, _ = _import(CORPUS / "tabla.libreoffice.docx", tmp_path)
    assert "| Lima | Comas | 200 |\n| Lima | Ate | 350 |\n| Total general |  | 550 |" in text


def test_a_link_to_a_heading_stays_a_link_and_the_release_checks(tmp_path: Path) -> None:
    folder = import_release(
        [CORPUS / "nota.pandoc.docx"], tmp_path / "out", langs=["es-PE"], warn=lambda m: None
    )
    text = (folder / "es.md").read_text(encoding="utf-8")
    assert "### Datos {#datos}" in text
    assert "[Datos](<#datos>)" in text
    load_release(folder)


def test_list_paragraphs_in_body_styles_stay_lists(tmp_path: Path) -> None:
    text, _ = _import(CORPUS / "nota.pandoc.docx", tmp_path)
    assert "1. Plaza principal de Villa El Salvador\n2. Mercado central de San Juan" in text


def _graphic(uri: str) -> bytes:
    return (
        "<w:p><w:r><w:drawing><wp:inline><wp:docPr id='1' name='G' descr='Ventas'/>"
        f"<a:graphic><a:graphicData uri='{uri}'/></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    ).encode()


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (_graphic("http://schemas.openxmlformats.org/drawingml/2006/chart"), "a chart"),
        (_graphic("http://schemas.openxmlformats.org/drawingml/2006/diagram"), "SmartArt"),
        (b"<w:altChunk r:id='rId9'/>", "embedded HTML"),
        (b"<w:p><w:r><w:object/></w:r></w:p>", "an embedded object"),
    ],
)
def test_what_the_model_cannot_hold_is_refused_never_dropped(
    body: bytes, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = docx_parts.package(tmp_path / "nota.docx", [docx_parts.paragraph("Texto."), body])
    code = main(["import", str(source), "--langs", "es-PE", "-o", str(tmp_path / "out")])
    assert code == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_more_langs_than_editions_writes_a_stub_to_translate_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = [docx_parts.title("Título")]
    body += [docx_parts.paragraph(t) for t in ("Uno.", "English translation", "Title", "One.")]
    source = docx_parts.package(tmp_path / "nota.docx", body, parts=docx_parts.TITLED)
    out = tmp_path / "out"
    code = main(["import", str(source), "--langs", "es-PE,en,qu", "-o", str(out)])
    assert code == 0
    assert "no qu edition: qu.md is a stub" in capsys.readouterr().err
    stub = (out / "nota" / "qu.md").read_text(encoding="utf-8")
    assert stub.endswith("---\n\n::: {lang=es-PE}\nUno.\n:::\n")
    aligned = (out / "nota" / "aligned.json").read_text(encoding="utf-8")
    assert '"qu"' in aligned
    assert [e.lang for e in load_release(out / "nota").editions] == ["es-PE", "en", "qu"]


def _hyperlink(href: str) -> tuple[bytes, str]:
    rel = (
        f'<Relationship Id="rId7" Type="{docx_parts.R}/hyperlink" Target="{href}" '
        'TargetMode="External"/>'
    )
    body = _p(_run("Vea "), f'<w:hyperlink r:id="rId7">{_run("el anexo")}</w:hyperlink>')
    return body, rel


@pytest.mark.parametrize(
    ("href", "written"),
    [
        ("https://example.org/a&#10;b?x=1&gt;2", "[el anexo](<https://example.org/ab?x=1%3E2>)"),
        ("\\\\servidor\\prensa\\anexo.pdf", "Vea el anexo"),
        ("file:///C:/prensa/anexo.pdf", "Vea el anexo"),
    ],
)
def test_link_addresses_never_break_the_markdown(href: str, written: str, tmp_path: Path) -> None:
    body, rel = _hyperlink(href)
    source = docx_parts.package(tmp_path / "nota.docx", [body], relationships=rel)
    text, _ = _import(source, tmp_path)
    assert written in text


@pytest.mark.parametrize("name", ["nota.pandoc.docx", "nota.pandoc-libreoffice.docx"])
def test_a_list_continued_after_a_paragraph_keeps_counting(name: str, tmp_path: Path) -> None:
    text, _ = _import(CORPUS / name, tmp_path)
    assert "párrafo:\n\n4. Parque zonal Huáscar\n5. Estadio municipal" in text


def test_a_list_starting_at_three_starts_at_three(tmp_path: Path) -> None:
    text, _ = _import(CORPUS / "tabla.libreoffice.docx", tmp_path)
    assert "\n3. tercero\n4. cuarto\n" in text


def _declared(lang: str) -> dict[str, bytes]:
    return {
        "docProps/core.xml": CORE.replace(
            b"</cp:coreProperties>",
            f"<dc:language>{lang}</dc:language></cp:coreProperties>".encode(),
        )
    }


def test_a_declared_language_the_text_contradicts_is_a_warning_asking_for_langs(
    tmp_path: Path,
) -> None:
    text = "La oficina de la municipalidad informa que el servicio de agua vuelve a los distritos."
    source = docx_parts.package(
        tmp_path / "nota.docx", [docx_parts.paragraph(text)], parts=_declared("en-US")
    )
    warnings: list[str] = []
    import_release([source], tmp_path / "out", warn=warnings.append)
    assert any("en-US (English), but its text reads as Spanish" in w for w in warnings)
    assert any("--langs es-PE" in w for w in warnings)


def test_a_declared_language_is_said_when_the_text_agrees(tmp_path: Path) -> None:
    text = "La oficina de la municipalidad informa que el servicio de agua vuelve a los distritos."
    source = docx_parts.package(
        tmp_path / "nota.docx", [docx_parts.paragraph(text)], parts=_declared("es-PE")
    )
    warnings: list[str] = []
    import_release([source], tmp_path / "out", warn=warnings.append)
    assert warnings == [
        f"{source}: imported as es-PE, the language the document declares "
        "(give --langs to choose another)"
    ]


def test_an_odt_saved_by_an_english_office_warns(tmp_path: Path) -> None:
    warnings: list[str] = []
    import_release([CORPUS / "tabla.libreoffice.odt"], tmp_path / "out", warn=warnings.append)
    assert any("reads as Spanish" in w for w in warnings)


def test_field_results_are_kept_and_comments_left_out_with_a_warning(tmp_path: Path) -> None:
    body = [
        _p(
            _run("Lima, "),
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            _run("3 de marzo de 2024"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            _run(" y "),
            f'<w:fldSimple w:instr=" DATE ">{_run("4 de marzo")}</w:fldSimple>',
            _run("."),
            '<w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
        )
    ]
    source = docx_parts.package(tmp_path / "campos.docx", body)
    text, warnings = _import(source, tmp_path)
    assert text.endswith("\nLima, 3 de marzo de 2024 y 4 de marzo.\n")
    assert any("1 comment(s) left out" in w for w in warnings)
    assert not any("fldSimple" in w for w in warnings)


@pytest.mark.parametrize(
    ("mark", "shown"), [("del", "splitParagraph."), ("ins", "split\n\nParagraph.")]
)
def test_a_tracked_paragraph_mark_reads_as_accept_all(
    mark: str, shown: str, tmp_path: Path
) -> None:
    body = [
        f'<w:p><w:pPr><w:rPr><w:{mark} w:id="1" w:author="A"/></w:rPr></w:pPr>'.encode()
        + _run("split").encode()
        + b"</w:p>",
        _p(_run("Paragraph.")),
    ]
    source = docx_parts.package(tmp_path / "marca.docx", body)
    text, warnings = _import(source, tmp_path)
    assert text.endswith(f"\n{shown}\n")
    assert any("tracked changes" in w for w in warnings)


def test_links_to_bookmarks_lead_to_their_heading_or_stay_text_with_a_warning(
    tmp_path: Path,
) -> None:
    body = [
        docx_parts.title("Nota"),
        b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="1" '
        b'w:name="_Toc123"/><w:r><w:t>Contexto</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>',
        b'<w:p><w:bookmarkStart w:id="2" w:name="detalle"/><w:r><w:t>Texto con detalle.</w:t>'
        b'</w:r><w:bookmarkEnd w:id="2"/></w:p>',
        _p(
            '<w:hyperlink w:anchor="_Toc123">' + _run("el contexto") + "</w:hyperlink>",
            _run(", "),
            '<w:hyperlink w:anchor="detalle">' + _run("el detalle") + "</w:hyperlink>",
            _run(", "),
            '<w:hyperlink w:anchor="nada">' + _run("nada") + "</w:hyperlink>",
        ),
    ]
    source = docx_parts.package(tmp_path / "nota.docx", body, parts=docx_parts.TITLED)
    warnings: list[str] = []
    folder = import_release([source], tmp_path / "out", langs=["es-PE"], warn=warnings.append)
    text = (folder / "es.md").read_text(encoding="utf-8")
    assert "## Contexto {#Toc123}" in text
    assert "[el contexto](<#Toc123>), [el detalle](<#Toc123>), nada" in text
    assert any("(#nada); kept as plain text" in w for w in warnings)
    load_release(folder)


def test_text_hidden_by_its_character_style_is_left_out(tmp_path: Path) -> None:
    body = [
        docx_parts.title("Nota"),
        _p(
            _run("Visible"),
            _run(" y oculto", '<w:rStyle w:val="Oculto"/>'),
            _run(" y "),
            _run("mostrado", '<w:rStyle w:val="Oculto"/><w:vanish w:val="0"/>'),
            _run("."),
        ),
    ]
    source = docx_parts.package(tmp_path / "nota.docx", body, parts=docx_parts.TITLED)
    text, warnings = _import(source, tmp_path)
    assert text.endswith("\nVisible y mostrado.\n")
    assert any("1 pieces of text formatted as hidden" in w for w in warnings)


def test_macros_never_run_and_a_macro_enabled_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parts = {"word/vbaProject.bin": b'\xd0\xcf\x11\xe0 Sub AutoOpen() Kill "C:\\\\" End Sub'}
    body = [docx_parts.paragraph("Texto con macro al lado.")]
    source = docx_parts.package(tmp_path / "macro.docx", body, parts=parts)
    text, _ = _import(source, tmp_path)
    assert text.endswith("\nTexto con macro al lado.\n")
    assert sorted(p.name for p in (tmp_path / "out" / "macro").iterdir()) == [
        "es.md",
        "release.yaml",
    ]
    docm = source.with_suffix(".docm")
    docm.write_bytes(source.read_bytes())
    assert main(["import", str(docm), "--langs", "es-PE", "-o", str(tmp_path / "o")]) == 2
    assert "macro-enabled" in capsys.readouterr().err


def test_a_main_part_in_the_default_namespace_survives_the_rewrite(tmp_path: Path) -> None:
    w = docx_parts.W
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><document xmlns="{w}" xmlns:w="{w}"><body>'
        '<p><pPr><pStyle w:val="Title"/></pPr><r><t>Nota</t></r></p>'
        '<p><r><t xml:space="preserve">Visible</t></r>'
        '<r><rPr><vanish/></rPr><t xml:space="preserve"> oculto</t></r>'
        "<r><t>.</t></r></p></body></document>"
    )
    plain = docx_parts.package(tmp_path / "plain.docx", [], parts=docx_parts.TITLED)
    source = tmp_path / "defecto.docx"
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(source, "w") as target:
        for info in original.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else original.read(info)
            target.writestr(info.filename, data)
    text, _ = _import(source, tmp_path)
    assert 'title: "Nota"' in text
    assert text.endswith("\nVisible.\n")
