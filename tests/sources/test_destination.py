"""import and new write one real folder inside -o, whole or not at all, and clean up after kills."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.errors import OutputError, SourceError
from publisher.sources import destination as module
from publisher.sources.destination import (
    STAGING_PREFIX,
    clean_leftovers,
    destination,
    write_release,
)


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def _staging(output: Path, name: str, age_s: float = 0.0) -> Path:
    folder = output / name
    (folder / "nota").mkdir(parents=True)
    (folder / "nota" / "es.md").write_text("half", encoding="utf-8")
    when = time.time() - age_s
    os.utime(folder, (when, when))
    return folder


def test_a_link_for_the_output_or_the_release_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link; give the real folder"):
        destination(tmp_path / "link", "nota")
    (real / "nota").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="nota: is a symbolic link"):
        destination(real, "nota")


def test_a_relative_output_through_a_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="link is a symbolic link"):
        destination(Path("link/sub"), "nota")


def test_a_file_or_a_folder_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        destination(tmp_path / "file", "nota")
    (tmp_path / "out" / "nota").mkdir(parents=True)
    assert destination(tmp_path / "out", "nota") == tmp_path / "out" / "nota", "empty: allowed"
    (tmp_path / "out" / "nota" / "x").write_text("x", encoding="utf-8")
    with pytest.raises(SourceError, match="already exists and is not empty"):
        destination(tmp_path / "out", "nota")


def test_a_refusal_while_writing_leaves_nothing(tmp_path: Path) -> None:
    output = tmp_path / "a" / "b"

    def fill(staging: Path) -> None:
        (staging / "es.md").write_text("x", encoding="utf-8")
        raise SourceError(staging / "es.md", "refused")

    with pytest.raises(SourceError):
        write_release(output / "nota", fill)
    assert list(tmp_path.iterdir()) == [], "the folders made for -o are removed too"


def test_an_interrupt_while_writing_leaves_nothing(tmp_path: Path) -> None:
    def fill(staging: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_release(tmp_path / "nota", fill)
    assert list(tmp_path.iterdir()) == []


def test_the_release_is_renamed_into_place(tmp_path: Path) -> None:
    folder = write_release(
        tmp_path / "out" / "nota", lambda s: (s / "es.md").write_text("x", encoding="utf-8")
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["nota"]
    assert (folder / "es.md").read_text(encoding="utf-8") == "x"


def test_leftovers_of_ended_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    host = module._host()
    dead = _staging(tmp_path, f"{STAGING_PREFIX}{_dead_pid()}-{host}.abc")
    running = _staging(tmp_path, f"{STAGING_PREFIX}{os.getpid()}-{host}.abc")
    elsewhere = _staging(tmp_path, f"{STAGING_PREFIX}{_dead_pid()}-00000000.abc")
    elsewhere_old = _staging(tmp_path, f"{STAGING_PREFIX}1-00000000.abc", age_s=7200)
    earlier_old = _staging(tmp_path, ".nota.import-ab_cd123", age_s=7200)
    earlier_new = _staging(tmp_path, ".nota.import-ef_gh456")
    unrelated = _staging(tmp_path, ".git", age_s=7200)
    (tmp_path / f"{STAGING_PREFIX}1-{host}.link").symlink_to(unrelated)
    removed = clean_leftovers(tmp_path)
    assert sorted(removed) == sorted([dead, elsewhere_old, earlier_old])
    for kept in (running, elsewhere, earlier_new, unrelated):
        assert kept.exists()
