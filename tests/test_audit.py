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
    assert "nota: outputs OK" in capsys.readouterr().err

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
