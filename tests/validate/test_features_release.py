"""Footnotes, struck/raised/lowered text, heading ids and a passage in another language, in every
format: the release in tests/fixtures/features built and judged by every validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import EXIT_UNAVAILABLE
from tests.validate.support import in_ci

FEATURES = Path(__file__).resolve().parents[1] / "fixtures" / "features"


def test_every_validator_passes_the_release_that_uses_every_construct(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = tmp_path / "dist"
    formats = "html,pdf,epub"
    assert main(["build", str(FEATURES), "-o", str(dist), "--formats", formats, "-q"]) == 0
    code = main(["check", str(FEATURES), "--outputs", str(dist)])
    out = capsys.readouterr()
    if code == EXIT_UNAVAILABLE and not in_ci():
        pytest.skip(out.err.strip())
    assert code == 0, out.out + out.err
    assert "outputs OK (PDF/UA, EPUBCheck, Ace, axe-core)" in out.out + out.err
