from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.staging import STAGING_PREFIX, _exchange, recover, staged
from tests.conftest import MakeRelease
from tests.test_hostile import checksums


def test_files_appear_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    with staged(target) as staging:
        staging.path("a.txt").write_text("nuevo")
        assert not target.exists()
        staging.commit()
    assert (target / "a.txt").read_text() == "nuevo"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]


def test_a_failure_keeps_the_previous_outputs(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    target.mkdir(parents=True)
    (target / "a.txt").write_text("anterior")

    def interrupted_build() -> None:
        with staged(target) as staging:
            staging.path("a.txt").write_text("a medias")
            raise RuntimeError("falla a mitad")

    with pytest.raises(RuntimeError):
        interrupted_build()
    assert (target / "a.txt").read_text() == "anterior"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]


def test_replacing_the_target_drops_files_the_build_no_longer_writes(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    target.mkdir(parents=True)
    (target / "nota.qu.pdf").write_text("de una edición retirada")
    (target / "nota.es.pdf").write_text("anterior")
    with staged(target) as staging:
        staging.path("nota.es.pdf").write_text("nuevo")
        staging.replace_target()
    assert sorted(p.name for p in target.iterdir()) == ["nota.es.pdf"]
    assert (target / "nota.es.pdf").read_text() == "nuevo"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]


KILLER = """
import os, pathlib, signal, sys
import publisher.staging as staging
moment = sys.argv[1]
if moment == "between-renames":
    staging._exchange = lambda first, second: False
original = pathlib.Path.replace
def replace(self, target):
    result = original(self, target)
    name = pathlib.Path(target).name
    if moment == "between-renames" and name.startswith(staging.RETIRED_PREFIX):
        os.kill(os.getpid(), signal.SIGKILL)
    return result
pathlib.Path.replace = replace
if moment == "after-exchange":
    exchange = staging._exchange
    def exchange_then_die(first, second):
        exchange(first, second)
        os.kill(os.getpid(), signal.SIGKILL)
    staging._exchange = exchange_then_die
from publisher.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _build(tmp_path: Path, *args: str, moment: str = "none") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", KILLER, moment, "build", "source", "-o", "dist", "-q"]
    return subprocess.run(
        [*command, "--formats", "pdf", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def _leftovers(dist: Path) -> list[str]:
    return sorted(p.name for p in dist.iterdir() if p.name.startswith("."))


def _built_then_edited(make_release: MakeRelease, tmp_path: Path, *args: str) -> dict[str, str]:
    """Build a release, then edit it; returns the checksums of the first build's folder."""
    make_release()
    assert _build(tmp_path, *args).returncode == 0
    previous = checksums(tmp_path / "dist" / "nota")
    _edit(tmp_path)
    return previous


def _start_build(tmp_path: Path, formats: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "publisher", "build", "source", "-o", "dist", "-q"]
    return subprocess.Popen(
        [*command, "--formats", formats],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _edit(tmp_path: Path) -> None:
    es = tmp_path / "source" / "nota" / "es.md"
    es.write_text(es.read_text() + "\nUn párrafo nuevo.\n")
    en = tmp_path / "source" / "nota" / "en.md"
    en.write_text(en.read_text() + "\nA new paragraph.\n")


@pytest.mark.parametrize("moment", ["between-renames", "after-exchange"])
def test_a_kill_during_the_swap_never_loses_the_release_folder(
    make_release: MakeRelease, tmp_path: Path, moment: str
) -> None:
    dist = tmp_path / "dist"
    previous = _built_then_edited(make_release, tmp_path)
    killed = _build(tmp_path, moment=moment)
    assert killed.returncode == -signal.SIGKILL
    if moment == "between-renames":  # the one instant without an exchange: recovery mends it
        assert not (dist / "nota").exists()
        recover(dist)
        assert checksums(dist / "nota") == previous
    else:  # the exchange is one step: the new folder is whole, the old one waits to be deleted
        assert checksums(dist / "nota") != previous
        assert "manifest.json" in checksums(dist / "nota")
    assert _build(tmp_path).returncode == 0
    assert _leftovers(dist) == []
    assert "nota" in (dist / "index.html").read_text()


@pytest.mark.parametrize("delay_s", [0.3, 1.0, 2.0, 3.5])
def test_a_kill_at_any_moment_leaves_the_previous_or_the_new_folder_whole(
    make_release: MakeRelease, tmp_path: Path, delay_s: float
) -> None:
    dist = tmp_path / "dist"
    previous = _built_then_edited(make_release, tmp_path, "--formats", "pdf,epub")
    process = _start_build(tmp_path, "pdf,epub")
    time.sleep(delay_s)
    process.kill()
    process.communicate(timeout=60)
    recover(dist)
    now = checksums(dist / "nota")
    manifest = json.loads((dist / "nota" / "manifest.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert now == previous or all(now[name] == digest for name, digest in listed.items())
    assert _build(tmp_path, "--formats", "pdf,epub").returncode == 0
    assert _leftovers(dist) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_termination_signals_stop_cleanly(
    make_release: MakeRelease, tmp_path: Path, signum: int
) -> None:
    dist = tmp_path / "dist"
    previous = _built_then_edited(make_release, tmp_path)
    process = _start_build(tmp_path, "pdf,epub,mp3")
    deadline = time.monotonic() + 60
    while not _leftovers(dist) and time.monotonic() < deadline:  # staging: the build is under way
        time.sleep(0.02)
    time.sleep(0.2)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert checksums(dist / "nota") == previous
    assert _leftovers(dist) == []


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "uno").write_text("1")
    (second / "dos").write_text("2")
    assert _exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["dos"]
    assert [p.name for p in second.iterdir()] == ["uno"]


def test_recover_removes_only_leftovers_of_builds_that_are_not_running(tmp_path: Path) -> None:
    dead = tmp_path / f"{STAGING_PREFIX}nota.999999.x1"
    alive = tmp_path / f"{STAGING_PREFIX}nota.{os.getpid()}.x2"
    user = tmp_path / ".git"
    for folder in (dead, alive, user):
        folder.mkdir()
    assert recover(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, user.name])


def test_recover_removes_a_killed_site_index_staging_beside_the_output(tmp_path: Path) -> None:
    output = tmp_path / "dist"
    output.mkdir()
    dead = tmp_path / f"{STAGING_PREFIX}dist.999999.x3"
    other = tmp_path / f"{STAGING_PREFIX}otro.999999.x4"
    dead.mkdir()
    other.mkdir()
    assert recover(output) == [dead]
    assert other.exists()
