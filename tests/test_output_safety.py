"""An output folder never replaces a source, a folder publisher did not write, or half a site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main
from tests.conftest import MakeRelease
from tests.test_hostile import checksums


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize(
    ("output", "relation"),
    [
        ("source", "holds"),
        ("source/nota", "is"),
        ("source/nota/out", "is inside"),
        (".", "holds"),
    ],
)
def test_an_output_folder_that_touches_a_release_is_refused(
    make_release: MakeRelease, tmp_path: Path, output: str, relation: str
) -> None:
    folder = make_release()
    before = checksums(tmp_path)
    done = run("build", "source", "-o", output, "--formats", "pdf", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"the output folder {relation} the release folder" in done.stderr
    assert checksums(tmp_path) == before
    assert (folder / "release.yaml").is_file()


def test_a_folder_publisher_did_not_write_is_not_replaced(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    make_release()
    mine = tmp_path / "home" / "nota"
    mine.mkdir(parents=True)
    (mine / "tesis.docx").write_bytes(b"not ours")
    done = run("build", "source", "-o", "home", "--formats", "pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert "was not written by publisher" in done.stderr
    assert (mine / "tesis.docx").read_bytes() == b"not ours"


def test_an_empty_format_list_in_the_settings_is_an_error(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    make_release()
    (tmp_path / "publisher.toml").write_text("[build]\nformats = []\n")
    done = run("build", "source", "-o", "dist", cwd=tmp_path)
    assert done.returncode == 2
    assert "publisher.toml: [build] formats: is empty" in done.stderr
    assert not (tmp_path / "dist").exists()


def test_a_broken_manifest_elsewhere_stops_the_build_before_anything_is_replaced(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    make_release()
    assert run("build", "source", "-o", "dist", "--formats", "pdf", cwd=tmp_path).returncode == 0
    other = tmp_path / "dist" / "otra"
    other.mkdir()
    (other / "manifest.json").write_text("{not json")
    before = checksums(tmp_path / "dist")
    done = run("build", "source", "-o", "dist", "--formats", "pdf,epub", cwd=tmp_path)
    assert done.returncode == 2
    assert "otra/manifest.json: not a readable manifest" in done.stderr
    assert checksums(tmp_path / "dist") == before


def test_a_build_of_several_releases_replaces_all_or_none(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    make_release(slug="a-primera")
    make_release(slug="b-segunda")
    assert run("build", "source", "-o", "dist", "--formats", "pdf", cwd=tmp_path).returncode == 0
    before = checksums(tmp_path / "dist")
    # The second release fails only while its PDF is written: a character the font lacks.
    broken = tmp_path / "source" / "b-segunda" / "es.md"
    broken.write_text(broken.read_text() + "\nUn carácter sin glifo: \u4e2d.\n")
    done = run("build", "source", "-o", "dist", "--formats", "pdf", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "b-segunda" in done.stderr
    assert checksums(tmp_path / "dist") == before
    assert not [p for p in (tmp_path / "dist").iterdir() if p.name.startswith(".")]


def test_site_index_never_lists_a_hidden_folder(make_release: MakeRelease, tmp_path: Path) -> None:
    make_release()
    dist = tmp_path / "dist"
    assert run("build", "source", "-o", "dist", "--formats", "pdf", cwd=tmp_path).returncode == 0
    leftover = dist / ".publisher-staging.nota.999999.abc"
    shutil.copytree(dist / "nota", leftover)
    manifest = json.loads((leftover / "manifest.json").read_text())
    manifest["release"]["slug"] = "bogus"
    (leftover / "manifest.json").write_text(json.dumps(manifest))
    assert main(["build", str(tmp_path / "source"), "-o", str(dist), "--formats", "pdf", "-q"]) == 0
    assert not leftover.exists()
    assert "bogus" not in (dist / "index.html").read_text()
