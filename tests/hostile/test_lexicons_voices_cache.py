"""Hostile input to lexicons, ``voices add`` and the speech cache, run as a user would.

Each case is ``python -m publisher`` in its own process (:mod:`tests.hostile.support`): a bad
lexicon or a voice that cannot be trusted exits 2 with one message; a speech cache that cannot
be written is worked around with one warning and a complete build.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MakeRelease
from tests.hostile.support import Outcome, refused, run_publisher
from tests.speech.voices.file_server import FileServer, serving

# -- lexicons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lexicon", "words"),
    [
        ('words:\n  BID: bid\n  "": HOLA\n', ["lexicon.es.yaml:3", "blank"]),
        ("words:\n  NO: nou\n", ["lexicon.es.yaml:2", "'NO'", "false", '"NO": ...']),
        ("words:\n  BID: bid\n  BID: be\n", ["lexicon.es.yaml:3", "'BID' is given twice"]),
        ("words:\n  a: &x b\n  c: *x\n", ["lexicon.es.yaml:3", "aliases (*x)"]),
        ("words:\n  BID: no\n", ["lexicon.es.yaml:2", "'no' of 'BID'", 'BID: "no"']),
        ("words:\n  BID:\n", ["lexicon.es.yaml:2", "'BID' in words has no text"]),
    ],
    ids=["empty key", "NO key", "duplicate key", "alias", "yes/no value", "no value"],
)
def test_a_bad_lexicon_is_refused_by_check_and_build(
    make_release: MakeRelease, tmp_path: Path, lexicon: str, words: list[str]
) -> None:
    folder = make_release({"lexicon.es.yaml": lexicon})
    for args in (["check", str(folder)], ["build", str(folder), "-o", "out", "--formats", "mp3"]):
        outcome = run_publisher(args, cwd=tmp_path, untouched=[folder])
        message = refused(outcome, *words)
        assert len(message.splitlines()) == 1, message
    assert not (tmp_path / "out").exists()  # refused before anything was written


# -- voices add -------------------------------------------------------------------------------

MODEL = b"not really a model" * 10
CONFIG = b'{"audio": {"sample_rate": 22050}}'


@pytest.fixture
def server() -> Iterator[FileServer]:
    """A server on 127.0.0.1 only, counting requests; stopped when the test ends."""
    with serving({"/x.onnx": MODEL, "/x.onnx.json": CONFIG}) as served:
        yield served


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    """A settings file whose voices folder is ``voices`` in the test's folder."""
    path = tmp_path / "publisher.toml"
    path.write_text(f'[audio.piper]\nvoices = "{tmp_path / "voices"}"\n', encoding="utf-8")
    return path


def voices_add(tmp_path: Path, settings: Path, *args: str, timeout: float = 60) -> Outcome:
    watched = tmp_path / "watched"
    watched.mkdir(exist_ok=True)
    return run_publisher(
        ["voices", "add", *args, "--config", str(settings)],
        cwd=tmp_path,
        untouched=[watched],
        timeout=timeout,
    )


def assert_nothing_installed(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    assert not voices.exists() or list(voices.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_voices_add_of_a_named_pipe_is_refused_at_once(tmp_path: Path, settings: Path) -> None:
    fifo = tmp_path / "watched" / "x.onnx"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    outcome = voices_add(tmp_path, settings, str(fifo), timeout=30)
    refused(outcome, str(fifo), "named pipe", "nothing was installed")
    assert_nothing_installed(tmp_path)


def test_voices_add_over_plain_http_without_checksums_connects_to_nothing(
    server: FileServer, tmp_path: Path, settings: Path
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/x.onnx"
    for pins in ([], ["--sha256", "0" * 64]):
        outcome = voices_add(tmp_path, settings, url, *pins)
        refused(outcome, url, "plain http://", "--sha256", "--json-sha256 for x.onnx.json")
    assert server.requests == 0
    assert_nothing_installed(tmp_path)


def test_voices_add_refuses_a_config_whose_checksum_differs(
    server: FileServer, tmp_path: Path, settings: Path
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/x.onnx"
    model = hashlib.sha256(MODEL).hexdigest()
    outcome = voices_add(tmp_path, settings, url, "--sha256", model, "--json-sha256", "1" * 64)
    refused(outcome, f"{url}.json", "its sha256 is", "--json-sha256", "nothing was installed")
    assert server.requests == 2  # the model, then its config
    assert_nothing_installed(tmp_path)


# -- the speech cache -------------------------------------------------------------------------


def build_with_cache(folder: Path, cache: Path, tmp_path: Path, watched: Path) -> Outcome:
    args = ["build", str(folder), "-o", "out", "--formats", "mp3", "--cache-dir", str(cache)]
    outcome = run_publisher(args, cwd=tmp_path, untouched=[folder, watched])
    assert outcome.returncode == 0, outcome.stderr
    return outcome


def assert_built_without_the_cache(outcome: Outcome, tmp_path: Path, *words: str) -> None:
    warnings = [line for line in outcome.stderr.splitlines() if "cannot be written" in line]
    assert len(warnings) == 1, outcome.stderr  # once, though two languages were narrated
    for word in words:
        assert word in warnings[0], warnings[0]
    for lang in ("es", "en"):
        assert (tmp_path / "out" / "nota" / f"nota.{lang}.mp3").stat().st_size > 1000


def test_a_cache_dir_that_is_a_file_warns_once_and_builds(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    folder = make_release()
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "cache").write_text("a file, not a folder", encoding="utf-8")
    outcome = build_with_cache(folder, blocked / "cache", tmp_path, blocked)
    assert_built_without_the_cache(outcome, tmp_path, str(blocked / "cache"), "not a folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_dir_not_writable_warns_once_and_builds(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    folder = make_release()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        outcome = build_with_cache(folder, locked, tmp_path, locked)
    finally:
        locked.chmod(0o755)
    assert_built_without_the_cache(outcome, tmp_path, str(locked), "permission denied")
