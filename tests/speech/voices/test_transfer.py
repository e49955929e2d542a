"""What ``voices add`` refuses before it copies or downloads: plain http, pipes, devices, sizes."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.errors import UsageError
from publisher.speech.voices import transfer
from publisher.speech.voices.install import Pins, add_voice
from tests.speech.voices.file_server import FileServer, serving

FILES = {"/v/x.onnx": b"model" * 20, "/v/x.onnx.json": b"{}"}


@pytest.fixture
def server() -> Iterator[FileServer]:
    """A server on 127.0.0.1 that counts the requests it gets."""
    with serving(FILES) as served:
        yield served


def url(server: FileServer, path: str) -> str:
    return server.url(path)


@pytest.mark.parametrize("pins", [Pins(), Pins("0" * 64), Pins(None, "0" * 64)])
def test_plain_http_needs_both_checksums_before_any_connection(
    server: FileServer, tmp_path: Path, pins: Pins
) -> None:
    with pytest.raises(
        UsageError, match=r"plain http:// .*--sha256 for x\.onnx, --json-sha256 for x\.onnx\.json"
    ):
        add_voice(url(server, "/v/x.onnx"), tmp_path / "voices", pins)
    assert server.requests == 0
    assert not (tmp_path / "voices").exists()


def test_a_config_that_does_not_match_is_named(server: FileServer, tmp_path: Path) -> None:
    model = hashlib.sha256(FILES["/v/x.onnx"]).hexdigest()
    with pytest.raises(UsageError, match=r"x\.onnx\.json: its sha256 is .* as --json-sha256 says"):
        add_voice(url(server, "/v/x.onnx"), tmp_path / "voices", Pins(model, "0" * 64))
    assert list((tmp_path / "voices").iterdir()) == []


def _refused_promptly(source: Path, tmp_path: Path, words: str) -> None:
    """add_voice refuses ``source`` within seconds (a pipe must not be waited on)."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            add_voice(str(source), tmp_path / "voices")
        except BaseException as exc:
            caught.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "voices add waited on a pipe"
    assert len(caught) == 1, caught
    assert isinstance(caught[0], UsageError), caught
    assert words in str(caught[0])
    assert not (tmp_path / "voices").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.onnx")
    _refused_promptly(tmp_path / "x.onnx", tmp_path, "is a named pipe (FIFO), not a file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_config_that_is_a_named_pipe_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.onnx").write_bytes(b"model")
    os.mkfifo(tmp_path / "x.onnx.json")
    _refused_promptly(tmp_path / "x.onnx", tmp_path, "x.onnx.json: is a named pipe")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.onnx").symlink_to("/dev/zero")
    _refused_promptly(tmp_path / "x.onnx", tmp_path, "is a device, not a file")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.onnx").mkdir()
    _refused_promptly(tmp_path / "x.onnx", tmp_path, "is a folder, not a file")


def test_a_promised_length_over_the_limit_is_refused_unread(
    server: FileServer, tmp_path: Path
) -> None:
    destination = tmp_path / "x.onnx"
    with pytest.raises(UsageError, match="larger than"):
        transfer.fetch(url(server, "/v/x.onnx"), destination, limit=10, timeout_s=5, downgrade=True)
    assert not destination.exists()


def test_a_download_over_the_limit_is_cut(server: FileServer, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="larger than"):
        transfer.fetch(
            url(server, "/chunked/v/x.onnx"), tmp_path / "x", limit=10, timeout_s=5, downgrade=True
        )
    digest = transfer.fetch(
        url(server, "/chunked/v/x.onnx"), tmp_path / "x", limit=1000, timeout_s=5, downgrade=True
    )
    assert digest == hashlib.sha256(FILES["/v/x.onnx"]).hexdigest()


def test_https_sent_on_to_plain_http_is_refused() -> None:
    transfer._refuse_downgrade("https://a.example/x.onnx", "https://b.example/x.onnx")
    transfer._refuse_downgrade("http://a.example/x.onnx", "http://b.example/x.onnx")
    with pytest.raises(UsageError, match="not https; give --sha256 and --json-sha256"):
        transfer._refuse_downgrade("https://a.example/x.onnx", "http://b.example/x.onnx")
