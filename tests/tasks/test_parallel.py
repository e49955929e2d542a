"""Worker processes and Dask give the files a one-job build gives, byte for byte."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.build import build_releases
from publisher.errors import OutputError
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.tasks.lock import output_lock
from publisher.tasks.state import JOURNAL_NAME
from tests.conftest import ROOT, MakeRelease
from tests.test_hostile import checksums


def _tree(output: Path) -> dict[str, str]:
    return {
        f"{folder.name}/{name}": digest
        for folder in sorted(output.iterdir())
        if folder.is_dir()
        for name, digest in checksums(folder).items()
    }


def _three(make_release: MakeRelease) -> list[Path]:
    return [
        make_release(slug="uno"),
        make_release({"en.md": None}, slug="dos"),
        make_release(slug="tres"),
    ]


def test_two_jobs_write_the_bytes_one_job_writes(make_release: MakeRelease, tmp_path: Path) -> None:
    releases = [load_release(folder) for folder in _three(make_release)]
    one = build_releases(releases, BuildOptions(output=tmp_path / "one", jobs=1))
    two = build_releases(releases, BuildOptions(output=tmp_path / "two", jobs=2))
    assert one.ran == two.ran > 10
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert checksums(tmp_path / "one") == checksums(tmp_path / "two")  # the site index too


def test_a_second_build_into_the_same_folder_is_refused(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(make_release())
    output = tmp_path / "dist"
    with output_lock(output), pytest.raises(OutputError, match="another build is writing"):
        build_releases([release], BuildOptions(output=output, formats=("html",)))
    build_releases([release], BuildOptions(output=output, formats=("html",)))  # free again


def test_the_lock_waits_when_asked(tmp_path: Path) -> None:
    with output_lock(tmp_path / "dist"):
        started = time.monotonic()
        with pytest.raises(OutputError), output_lock(tmp_path / "dist", wait_s=0.5):
            pass
        assert time.monotonic() - started >= 0.5


def _cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _log(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_after_a_kill_the_next_build_runs_only_the_unfinished_tasks(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    make_release()
    dist = tmp_path / "dist"
    process = _cli("source", "-o", "dist", "-j", "1", "--formats", "html,pdf,epub", cwd=tmp_path)
    deadline = time.monotonic() + 60
    journals: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        journals = list(dist.glob(f".publisher-staging.nota.*/{JOURNAL_NAME}"))
        if journals and len(json.loads(journals[0].read_text())["outputs"]) >= 2:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert journals, "the build finished no task before it was killed"
    done = {o["name"] for o in json.loads(journals[0].read_text())["outputs"]}
    assert not (dist / "nota").exists()  # never replaced: the build did not finish
    log = tmp_path / "build.jsonl"
    again = _cli(
        "source",
        "-o",
        "dist",
        "-j",
        "1",
        "--formats",
        "html,pdf,epub",
        "--log",
        str(log),
        cwd=tmp_path,
    )
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    lines = _log(log)
    cached = {str(line["task"]) for line in lines if line["status"] == "cached"}
    built = [line for line in lines if line["status"] == "built"]
    assert len(cached) == len(done) >= 2
    assert len(built) == 9 - len(done)
    assert all(float(str(line["seconds"])) > 0 for line in built)
    assert [p.name for p in dist.iterdir() if p.name.startswith(".publisher")] == []
    assert sorted(o for o in checksums(dist / "nota") if o.startswith("nota.")) == sorted(
        f"nota.{stem}.{suffix}"
        for stem in ("es", "en", "bilingual")
        for suffix in ("html", "pdf", "epub")
    )


def dies(*_: object) -> None:
    """A writer that kills the process it runs in."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_task_is_one_message(
    make_release: MakeRelease, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.errors import PublisherError
    from publisher.formats import FORMATS

    # Workers start from a fork server, not from this process: they find the writer by name.
    dying = dataclasses.replace(FORMATS["epub"], writer=f"{__name__}:dies")
    monkeypatch.setitem(FORMATS, "epub", dying)
    release = load_release(make_release())
    output = tmp_path / "dist"
    build_releases([release], BuildOptions(output=output, formats=("html",)))
    before = checksums(output / "nota")
    with pytest.raises(PublisherError, match="a worker process stopped while building"):
        build_releases([release], BuildOptions(output=output, formats=("html", "epub"), jobs=2))
    assert checksums(output / "nota") == before
    assert [p.name for p in output.iterdir() if p.name.startswith(".publisher")] == []


def test_a_release_with_its_own_lexicon_builds_on_workers(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    folder = make_release({"lexicon.es.yaml": "words:\n  PCM: pe ce eme\n"})
    release = load_release(folder)
    assert release.lexicons  # read-only tables, sent to the workers
    one = build_releases([release], BuildOptions(output=tmp_path / "one", formats=("script",)))
    two = build_releases(
        [release], BuildOptions(output=tmp_path / "two", formats=("script", "html"), jobs=2)
    )
    assert two.ran > one.ran
    assert (tmp_path / "two" / "nota" / "nota.es.script.txt").read_bytes() == (
        tmp_path / "one" / "nota" / "nota.es.script.txt"
    ).read_bytes()
