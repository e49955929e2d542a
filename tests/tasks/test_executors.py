"""How many encoder threads a narrated task gets, and that the count never shows in the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.audio.options import AudioOptions
from publisher.build import build_releases
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.tasks.executors import encoder_threads
from tests.conftest import MakeRelease
from tests.test_hostile import checksums


@pytest.mark.parametrize(
    ("jobs", "scheduler", "narrated", "threads"),
    [
        (1, None, 1, 1),  # -j 1 is one core
        (2, None, 1, 2),  # one narration on two cores: MP3 and Opus side by side
        (2, None, 2, 1),  # two narrations keep both cores busy
        (2, None, 40, 1),
        (4, None, 2, 2),
        (4, None, 3, 1),
        (8, None, 1, 2),  # never more than its two codecs
        (2, None, 0, 1),
        (2, "tcp://127.0.0.1:8786", 1, 1),  # a Dask worker's thread is one core
    ],
)
def test_encoder_threads(jobs: int, scheduler: str | None, narrated: int, threads: int) -> None:
    options = BuildOptions(output=Path("dist"), jobs=jobs, scheduler=scheduler)
    assert encoder_threads(options, narrated) == threads


def test_one_or_two_encoder_threads_write_the_same_bytes(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(make_release({"en.md": None}))
    formats = ("mp3", "opus")
    # Each with its own speech cache: the second build encodes rather than reuses sections.
    one = BuildOptions(
        output=tmp_path / "one",
        jobs=1,
        formats=formats,
        audio=AudioOptions(cache_dir=tmp_path / "c1"),
    )
    two = BuildOptions(
        output=tmp_path / "two",
        jobs=2,
        formats=formats,
        audio=AudioOptions(cache_dir=tmp_path / "c2"),
    )
    assert encoder_threads(two, 1) == 2
    build_releases([release], one)
    build_releases([release], two)
    assert checksums(tmp_path / "one") == checksums(tmp_path / "two")
