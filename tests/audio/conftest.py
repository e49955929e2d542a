"""A small release built with the clip, the announcer's script and the broadcast WAV."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.audio.writer import AudioOptions
from publisher.build import build_release
from publisher.model import Release
from publisher.options import BuildOptions
from publisher.sources import load_release
from tests.conftest import EN, ES, RELEASE_YAML

SUMMARY_ES = ES.replace(
    "lang: es-PE\n",
    "lang: es-PE\nsummary: El Perú presidirá la red en 2023 con 9,000 puestos digitales.\n",
)
EN_QUECHUA = EN.replace("Second paragraph.", "They said [Allin p'unchaw]{lang=qu} to everyone.")


@pytest.fixture(scope="module")
def reach_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Path]:
    """The release built with clip, script and broadcast; (release, its output folder)."""
    root = tmp_path_factory.mktemp("reach")
    folder = root / "source" / "nota"
    folder.mkdir(parents=True)
    (folder / "release.yaml").write_text(RELEASE_YAML, encoding="utf-8")
    (folder / "es.md").write_text(SUMMARY_ES, encoding="utf-8")
    (folder / "en.md").write_text(EN_QUECHUA, encoding="utf-8")
    release = load_release(folder)
    options = BuildOptions(
        output=root / "dist",
        formats=("mp3", "clip", "script", "broadcast"),
        audio=AudioOptions(cache_dir=root / "cache"),
    )
    build_release(release, options)
    return release, root / "dist" / "nota"
