"""Session fixtures: the seed release and a release with every kind of block, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.model import Release
from publisher.sources import load_release
from tests.conftest import SEED
from tests.pdf.support import build_all, write_rich_release


@pytest.fixture(scope="session")
def seed() -> Release:
    return load_release(SEED)


@pytest.fixture(scope="session")
def seed_pdfs(seed: Release, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(seed, tmp_path_factory.mktemp("seed-pdf"))


@pytest.fixture(scope="session")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return load_release(write_rich_release(tmp_path_factory.mktemp("source") / "nota"))


@pytest.fixture(scope="session")
def rich_pdfs(rich: Release, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(rich, tmp_path_factory.mktemp("rich-pdf"))
