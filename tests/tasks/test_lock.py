"""The output folder's lock: one build at a time, and no empty folder left by a failed build."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import OutputError
from publisher.tasks.lock import output_lock


def test_a_failed_build_leaves_no_folder_it_created(tmp_path: Path) -> None:
    output = tmp_path / "a" / "b" / "dist"
    seen: list[bool] = []

    def failing_build() -> None:
        with output_lock(output):
            seen.append(output.is_dir())
            raise RuntimeError("the build failed before writing")

    with pytest.raises(RuntimeError):
        failing_build()
    assert seen == [True]
    assert not (tmp_path / "a").exists()


def test_a_folder_that_was_there_stays(tmp_path: Path) -> None:
    output = tmp_path / "dist"
    output.mkdir()
    with output_lock(output):
        pass
    assert output.is_dir()


def test_what_the_build_wrote_stays(tmp_path: Path) -> None:
    output = tmp_path / "new" / "dist"
    with output_lock(output):
        (output / "index.html").write_text("written")
    assert (output / "index.html").read_text() == "written"


def test_a_second_build_is_refused(tmp_path: Path) -> None:
    with (
        output_lock(tmp_path),
        pytest.raises(OutputError, match="another build"),
        output_lock(tmp_path),
    ):
        pass
