"""Fixtures of the engines' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.speech.engines import espeak
from tests.speech.engines.espeak_support import hook_folder


@pytest.fixture
def hooked_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The espeak helpers started meanwhile run the hook of :mod:`.espeak_support`."""
    monkeypatch.setenv("PYTHONPATH", hook_folder(tmp_path / "hook"))
    espeak.stop_helper()
    yield
    espeak.stop_helper()
