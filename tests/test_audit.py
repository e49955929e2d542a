"""`publisher check --outputs` runs the real validators over what a build wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from tests.conftest import MakeRelease


def test_check_outputs_passes_a_fresh_build_and_catches_a_tampered_file(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release()
    out = tmp_path / "dist"
    assert main(["build", str(folder), "-o", str(out), "--formats", "pdf", "-q"]) == 0
    assert main(["check", str(folder), "--outputs", str(out)]) == 0
    assert "nota: outputs OK (PDF/UA, axe-core)\n" in capsys.readouterr().err  # no EPUB to check

    pdf = out / "nota" / "nota.en.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%tampered after the build\n")
    assert main(["check", str(folder), "--outputs", str(out)]) == 4
    err = capsys.readouterr().err
    assert "manifest error checksum nota.en.pdf" in err
    assert "finding(s) in the outputs" in err


def test_check_outputs_needs_a_build(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(make_release()), "--outputs", str(tmp_path)]) == 1
    assert "no outputs of nota here; build them first" in capsys.readouterr().err


def test_a_pdf_of_an_edition_the_source_no_longer_has_is_a_finding(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    from publisher.audit import audit_release_outputs
    from publisher.sources import load_release

    folder = tmp_path / "dist" / "nota"
    folder.mkdir(parents=True)
    (folder / "nota.fr.pdf").write_bytes(b"%PDF-1.7\n")
    audit = audit_release_outputs(load_release(make_release()), folder)
    assert [(f.rule, f.location) for f in audit.findings] == [
        ("stale", "nota.fr.pdf"),
        ("missing", str(folder)),  # no manifest.json either
    ]
    assert audit.tools == ()  # the stale PDF is not audited, and there are no pages


def test_an_unreadable_pdf_is_a_finding(make_release: MakeRelease, tmp_path: Path) -> None:
    from publisher.audit import audit_release_outputs
    from publisher.sources import load_release

    folder = tmp_path / "dist" / "nota"
    folder.mkdir(parents=True)
    (folder / "nota.es.pdf").write_bytes(b"%PDF-1.7\ncut short\n")
    audit = audit_release_outputs(load_release(make_release()), folder)
    assert ("pdf-audit", "unreadable", "nota.es.pdf") in {
        (f.tool, f.rule, f.location) for f in audit.findings
    }
    assert audit.tools == ("PDF/UA",)
