"""Shared fixtures: the seed release and small releases written on the fly."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

FIXED_EPOCH = "1700000000"
"""2023-11-14T22:13:20Z: the date tests build with, so that builds are reproducible."""
os.environ.setdefault("SOURCE_DATE_EPOCH", FIXED_EPOCH)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "peru-preside-red-gobierno-electronico-2023"

RELEASE_YAML = (
    "original: es-PE\nabbreviations:\n  es:\n    PCM: Presidencia del Consejo de Ministros\n"
)
ES = (
    "---\ntitle: Título\nlang: es-PE\n---\n\n## Sección\n\n"
    "Primer párrafo de la PCM.\n\nSegundo párrafo.\n"
)
EN = "---\ntitle: Title\nlang: en\n---\n\n## Section\n\nFirst paragraph.\n\nSecond paragraph.\n"

MakeRelease = Callable[..., Path]


@pytest.fixture
def make_release(tmp_path: Path) -> MakeRelease:
    """Write a release folder; ``files`` replaces or adds files by name (None leaves one out)."""

    def make(files: dict[str, str | bytes | None] | None = None, slug: str = "nota") -> Path:
        folder = tmp_path / "source" / slug
        folder.mkdir(parents=True, exist_ok=True)
        contents: dict[str, str | bytes | None] = {
            "release.yaml": RELEASE_YAML,
            "es.md": ES,
            "en.md": EN,
        }
        contents.update(files or {})
        for name, content in contents.items():
            path = folder / name
            if content is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make
