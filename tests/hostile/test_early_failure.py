"""A build that fails before writing anything leaves no output folder behind."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeRelease
from tests.hostile.support import run_publisher


def test_a_missing_voice_leaves_no_empty_output_folder(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = make_release()
    outcome = run_publisher(
        ["build", str(release), "-o", "out/dist", "--engine", "piper", "--voice", "nobody"],
        cwd=tmp_path,
        untouched=[release],
    )
    assert outcome.returncode == 3, outcome.stderr
    assert "nobody" in outcome.stderr
    assert not (tmp_path / "out").exists()
