"""The Markdown reader, as input/expected fixture files (fixtures/markdown/*.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.fixture_files import cases, check


@pytest.mark.parametrize("source", cases("markdown", ".md"))
def test_markdown_fixture(source: Path, tmp_path: Path) -> None:
    check(source, tmp_path)
