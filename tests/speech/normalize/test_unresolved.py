from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from publisher.sources import load_release
from publisher.speech.normalize.unresolved import Finding, leftovers, unresolved
from tests.conftest import MakeRelease


@pytest.mark.parametrize(
    ("spoken", "found"),
    [
        ("todo se lee", []),
        ("el código A4b", [("digits", "A4b")]),
        ("Salud & Vida", [("symbol", "&")]),
        ("quince/ocho", [("symbol", "quince/ocho")]),
        ("la SUCAMEC informó", [("capitals", "SUCAMEC")]),
        ("MINISTERIO DE VIVIENDA INFORMA", []),  # a shouted heading is read as words
        ("el Sgto. Ruiz llegó", [("abbreviation", "Sgto.")]),
        ("son aprx. mil", [("abbreviation", "aprx.")]),
        ("Pedro C. Castillo", []),  # an initial
        ("Llegó. Ayer se fue.", []),  # a sentence end kept in a heading
        ("the P.C.M. said", []),  # English letters, as the rules write them
    ],
)
def test_leftovers(spoken: str, found: list[tuple[str, str]]) -> None:
    assert leftovers(spoken) == found


BODY = (
    "---\ntitle: Título 2024\nlang: es-PE\n---\n\n"
    "Primer párrafo con 9,000 puestos.\n\n"
    "La SUCAMEC atendió\nen el local A4b & otros.\n\n"
    "Llegó el Sgto. Ruiz.\n"
)
EN = "---\ntitle: Title\nlang: en\n---\n\nFirst one.\n\nSecond one.\n\nThird one.\n"


def test_findings_name_file_and_line(make_release: MakeRelease) -> None:
    release = load_release(make_release({"es.md": BODY, "en.md": EN}))
    findings = unresolved(release, release.edition("es"))
    source = release.edition("es").source
    assert [(f.line, f.kind, f.text) for f in findings] == [
        (8, "capitals", "SUCAMEC"),
        (9, "digits", "A4b"),
        (9, "symbol", "&"),
        (11, "abbreviation", "Sgto."),
    ]
    assert all(f.file == source for f in findings)
    assert str(findings[0]).endswith(":8: capitals 'SUCAMEC' left for the voice to guess (b2)")


def test_a_lexicon_entry_resolves_a_finding(make_release: MakeRelease) -> None:
    folder = make_release(
        {"es.md": BODY, "en.md": EN, "lexicon.es.yaml": "words:\n  SUCAMEC: sucamec\n"}
    )
    release = load_release(folder)
    texts = [f.text for f in unresolved(release, release.edition("es"))]
    assert texts == ["A4b", "&", "Sgto."]


def test_finding_without_a_line() -> None:
    finding = Finding(Path("/x/es.md"), None, "title", "digits", "3")
    assert str(finding).endswith("es.md: digits '3' left for the voice to guess (title)")


def test_script_unresolved_and_check_warnings(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release({"es.md": BODY, "en.md": EN})
    assert main(["script", "--unresolved", "--lang", "es", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Título 2024 [es-PE]\n")
    assert "es.md:8: capitals 'SUCAMEC'" in out
    assert "cuarenta" not in out  # the listing replaces the script
    assert main(["script", "--unresolved", "--lang", "en", str(folder)]) == 0
    assert "nothing left for the voice to guess" in capsys.readouterr().out
    assert main(["check", str(folder)]) == 0  # warnings do not change the exit code
    err = capsys.readouterr().err
    assert "warning: nota: " in err
    assert "abbreviation 'Sgto.'" in err
