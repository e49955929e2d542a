"""Hostile releases: each ends with its exit code and one message; never 1, a traceback, a hang.

The releases are folders in tests/fixtures/hostile/ (their expectations in cases.yaml); those too
large or not plain files to keep in the repository are made here. Every build runs as a user
runs it, in a subprocess, with a previous output folder in place: a failed build must leave the
sources and the outputs byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
CASES: dict[str, dict[str, object]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text())
TIME_LIMIT_S = 240
ES_HEAD = "---\ntitle: Título\nlang: es-PE\n---\n\n"


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def build(
    release: Path, dist: Path, cache: Path, formats: str | None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "publisher", "build", str(release), "-o", str(dist)]
    command += ["--cache-dir", str(cache), "--quiet", "--budget", "none"]
    if formats:
        command += ["--formats", formats]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S,
        env={**os.environ, **(env or {})},
        check=False,
    )


def previous_outputs(dist: Path, slug: str) -> None:
    """An output folder as an earlier build left it: this release's folder and another's."""
    (dist / slug).mkdir(parents=True)
    (dist / slug / f"{slug}.es.pdf").write_bytes(b"%PDF- an earlier build")
    (dist / slug / "manifest.json").write_text("{}")
    (dist / "index.html").write_text("<!doctype html><title>earlier</title>")


def run_case(
    tmp_path: Path, folder: Path, exit_code: int, message: str | None, formats: str | None = None
) -> subprocess.CompletedProcess[str]:
    release = tmp_path / "source" / folder.name
    if not release.exists():
        shutil.copytree(folder, release, symlinks=True)
    dist = tmp_path / "dist"
    previous_outputs(dist, folder.name)
    source_before, dist_before = checksums(release), checksums(dist)
    done = build(release, dist, tmp_path / "cache", formats)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == exit_code, done.stderr
    assert checksums(release) == source_before
    if exit_code != 0:
        assert checksums(dist) == dist_before
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert message is not None
        assert re.search(message, lines[0]), lines[0]
    else:
        assert sorted(p.name for p in dist.iterdir()) == sorted(["index.html", folder.name])
        written = checksums(dist / folder.name)
        assert "manifest.json" in written
        assert (
            f"{folder.name}.es.pdf" not in written
            or written[f"{folder.name}.es.pdf"]
            != (dist_before[f"{folder.name}/{folder.name}.es.pdf"])
        )
    return done


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_release(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    run_case(
        tmp_path,
        HOSTILE / name,
        int(str(case["exit"])),
        str(case["message"]) if "message" in case else None,
        str(case["formats"]) if "formats" in case else None,
    )


def _made(
    tmp_path: Path, slug: str, es_body: str, extra: Callable[[Path], None] | None = None
) -> Path:
    folder = tmp_path / "source" / slug
    folder.mkdir(parents=True)
    (folder / "release.yaml").write_text("original: es-PE\n")
    (folder / "es.md").write_text(ES_HEAD + es_body, encoding="utf-8")
    if extra is not None:
        extra(folder)
    return folder


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    folder = _made(tmp_path, "tuberia", "Texto.\n", lambda f: os.mkfifo(f / "qu.md"))
    run_case(tmp_path, folder, 2, r"qu\.md: is not a regular file \(a pipe, socket or device\)")


def test_emphasis_three_thousand_deep_is_refused(tmp_path: Path) -> None:
    folder = _made(tmp_path, "enfasis", "*" * 3000 + "texto" + "*" * 3000 + "\n")
    run_case(tmp_path, folder, 2, r"es\.md:6: lists, quotes or emphasis nested more than 12")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    folder = _made(tmp_path, "enorme", "Texto largo. " * 100_000 + "\n")
    run_case(tmp_path, folder, 2, r"es\.md: is 1\.3 MB; a release file may be at most 1024 KB")


def test_three_hundred_headings_build_every_format(tmp_path: Path) -> None:
    body = "".join(f"## Parte {n}\n\nTexto {n}.\n\n" for n in range(1, 301))
    folder = _made(tmp_path, "secciones", body)
    run_case(tmp_path, folder, 0, None, "pdf,epub,mp3,opus,vtt")
    mp3 = tmp_path / "dist" / "secciones" / "secciones.es.mp3"
    assert mp3.stat().st_size > 0


def test_source_date_epoch_after_2107_still_builds_an_epub(tmp_path: Path) -> None:
    folder = _made(tmp_path, "futuro", "Texto.\n")
    dist = tmp_path / "dist"
    done = build(folder, dist, tmp_path / "cache", "epub", {"SOURCE_DATE_EPOCH": "4354819200"})
    assert done.returncode == 0, done.stderr
    assert (dist / "futuro" / "futuro.es.epub").is_file()
