"""Links are checked like images: a file the release folder lacks, or an anchor no heading
defines, is an error naming the file and the line; a site-root address is refused plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import SourceError
from publisher.model import Link, Paragraph
from publisher.sources import load_release
from tests.conftest import MakeRelease

HEAD = "---\ntitle: Título\nlang: es-PE\n---\n\n"


def _refusal(make_release: MakeRelease, body: str, files: dict[str, str | bytes | None]) -> str:
    folder = make_release({"es.md": HEAD + body, "en.md": None, **files})
    with pytest.raises(SourceError) as caught:
        load_release(folder)
    return str(caught.value).replace(str(folder), "<release>")


def test_a_link_to_an_anchor_no_heading_defines_is_an_error(make_release: MakeRelease) -> None:
    body = "## Contacto {#contacto}\n\nTexto.\n\nVer [allá](#nada).\n"
    message = _refusal(make_release, body, {})
    assert message.startswith("<release>/es.md:10: link '#nada' leads to no heading")
    assert "{#nada}" in message


def test_a_link_to_a_missing_file_is_an_error(make_release: MakeRelease) -> None:
    message = _refusal(make_release, "Uno.\n\nVer el [informe](informe.pdf).\n", {})
    assert message == (
        "<release>/es.md:8: link 'informe.pdf': the release folder has no file 'informe.pdf'; "
        "add the file, or correct the link"
    )


def test_a_link_names_its_own_line_inside_a_paragraph(make_release: MakeRelease) -> None:
    message = _refusal(make_release, "Uno,\ndos,\n*tres* y [x](falta.pdf).\n", {})
    assert message.startswith("<release>/es.md:8: link 'falta.pdf'")


def test_links_to_a_heading_and_to_a_present_file_pass(make_release: MakeRelease) -> None:
    body = '## Contacto {#contacto}\n\n[Arriba](#contacto) y [informe](docs/informe.pdf "PDF").\n'
    release = load_release(
        make_release({"es.md": HEAD + body, "en.md": None, "docs/informe.pdf": b"%PDF"})
    )
    paragraph = release.original.blocks[1]
    assert isinstance(paragraph, Paragraph)
    links = [n for n in paragraph.children if isinstance(n, Link)]
    assert [(link.href, link.title) for link in links] == [
        ("#b1", None),
        ("docs/informe.pdf", "PDF"),
    ]


def test_a_site_root_link_asks_for_a_full_address_and_prints_no_path(
    make_release: MakeRelease,
) -> None:
    message = _refusal(make_release, "Ver [prensa](/prensa).\n", {})
    assert message == (
        "<release>/es.md:6: link '/prensa' starts with '/', a page of some website's own: write "
        "the full address, 'https://<the website>/prensa', or link to a file in the release folder"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ver [nada]().\n", "link '' leads nowhere"),
        ("Ver [nada](?q=1).\n", "link '?q=1' leads nowhere"),
        ("Ver [nada](#).\n", "link '#' leads to no heading"),
        ("Ver [](https://www.gob.pe).\n", "link 'https://www.gob.pe' has no text"),
        ("## A {#a}\n\n## B {#a}\n", "two headings have the id {#a} (the other on line 6)"),
    ],
)
def test_a_link_that_leads_nowhere_is_an_error(
    make_release: MakeRelease, body: str, expected: str
) -> None:
    assert expected in _refusal(make_release, body, {})


def test_check_reports_a_missing_anchor_and_a_missing_file(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    anchor = make_release({"es.md": HEAD + "Ver [allá](#nada).\n", "en.md": None}, slug="uno")
    missing = make_release({"es.md": HEAD + "Ver [x](informe.pdf).\n", "en.md": None}, slug="dos")
    assert main(["check", str(anchor)]) == 2
    assert "es.md:6: link '#nada' leads to no heading" in capsys.readouterr().err
    assert main(["check", str(missing)]) == 2
    assert "es.md:6: link 'informe.pdf': the release folder has no file" in (
        capsys.readouterr().err
    )
