"""Fixtures for the validator tests: hand-made inputs and the skip-locally/fail-in-CI rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.validate.support import Require, require, write_epub, write_page


@pytest.fixture
def require_validator() -> Require:
    """``require_validator(run_x, path, ...)``: the findings, or skip (locally) / fail (in CI)."""
    return require


@pytest.fixture(scope="session")
def broken_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An EPUB missing required metadata, lang attributes and an image's alt text."""
    return write_epub(tmp_path_factory.mktemp("epub") / "broken.epub", broken=True)


@pytest.fixture(scope="session")
def good_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page EPUB 3 that EPUBCheck and Ace both accept."""
    return write_epub(tmp_path_factory.mktemp("epub") / "good.epub", broken=False)


@pytest.fixture
def broken_page(tmp_path: Path) -> Path:
    """An HTML page with no lang and an image without alt text."""
    return write_page(tmp_path / "broken.html", broken=True)


@pytest.fixture
def good_page(tmp_path: Path) -> Path:
    """An HTML page axe accepts."""
    return write_page(tmp_path / "good.html", broken=False)
