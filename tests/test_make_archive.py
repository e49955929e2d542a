"""scripts/make_archive.py: a deterministic archive of releases that publisher accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "make_archive.py"


def make_archive(out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(out), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_same_count_and_seed_give_byte_identical_folders(tmp_path: Path) -> None:
    for name in ("a", "b"):
        done = make_archive(tmp_path / name, "-n", "40", "--seed", "7")
        assert done.returncode == 0, done.stderr
    first, second = contents(tmp_path / "a"), contents(tmp_path / "b")
    assert len({Path(name).parent for name in first}) == 40
    assert first == second


def test_another_seed_gives_another_archive_and_a_larger_one_extends_it(tmp_path: Path) -> None:
    for name, options in (("small", ()), ("large", ("-n", "30")), ("other", ("--seed", "1"))):
        done = make_archive(tmp_path / name, "-n", "20", *options)
        assert done.returncode == 0, done.stderr
    small, large = contents(tmp_path / "small"), contents(tmp_path / "large")
    assert small.items() <= large.items()
    assert len(large) > len(small)
    assert contents(tmp_path / "other").keys() != small.keys()


def test_the_archive_varies_languages_dates_and_passages(tmp_path: Path) -> None:
    assert make_archive(tmp_path / "archive", "-n", "40").returncode == 0
    releases = sorted((tmp_path / "archive").iterdir())
    spanish_only = [r for r in releases if not (r / "en.md").exists()]
    quechua = [r for r in releases if "]{lang=qu}" in (r / "es.md").read_text(encoding="utf-8")]
    years = {line for r in releases for line in (r / "release.yaml").read_text().splitlines()}
    titles = {(r / "es.md").read_text(encoding="utf-8").splitlines()[1] for r in releases}
    assert 0 < len(spanish_only) < len(releases)
    assert 0 < len(quechua) < len(releases)
    assert len({line[6:10] for line in years if line.startswith("date: ")}) >= 5
    assert len(titles) >= 5


def test_publisher_check_accepts_every_generated_release(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    assert make_archive(archive, "-n", "60", "--seed", "3").returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "check", str(archive)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).count("source OK") == 60


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "archive"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    done = make_archive(out, "-n", "5")
    assert done.returncode == 2
    assert f"{out}: exists and is not an empty folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert contents(out) == {"notes.txt": b"mine\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]
