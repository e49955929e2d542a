"""``publisher voices add``: copied, or downloaded from 127.0.0.1; verified; all or nothing."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from publisher.errors import EngineUnavailable, UsageError
from publisher.speech.voices.files import scan
from publisher.speech.voices.install import Pins, add_voice, check_sha256
from tests.speech.piper_voice import NAME, install_test_voice, voice_model


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``/cut/...`` promises more bytes than it sends (a dropped download)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/cut/"):
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test voice served over HTTP on 127.0.0.1 (and nowhere else)."""
    folder = tmp_path_factory.mktemp("served")
    install_test_voice(folder / "voices")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def digest() -> str:
    return hashlib.sha256(voice_model().read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def pins(digest: str) -> Pins:
    """The test voice's model and config, both pinned (as plain http needs)."""
    config = Path(f"{voice_model()}.json").read_bytes()
    return Pins(digest, hashlib.sha256(config).hexdigest())


def assert_empty(folder: Path) -> None:
    assert not folder.exists() or sorted(p.name for p in folder.iterdir()) == []


def test_a_file_is_copied_with_its_config(tmp_path: Path, digest: str) -> None:
    added = add_voice(str(voice_model()), tmp_path / "voices", Pins(digest))
    assert (added.voice.name, added.voice.lang, added.sha256, added.replaced) == (
        NAME,
        "en-US",
        digest,
        False,
    )
    assert sorted(p.name for p in (tmp_path / "voices").iterdir()) == [
        f"{NAME}.onnx",
        f"{NAME}.onnx.json",
    ]
    assert (tmp_path / "voices" / f"{NAME}.onnx").read_bytes() == voice_model().read_bytes()
    assert add_voice(str(voice_model()), tmp_path / "voices").replaced


def test_a_download_is_verified_and_installed(served: str, tmp_path: Path, pins: Pins) -> None:
    added = add_voice(f"{served}/voices/{NAME}.onnx", tmp_path / "voices", pins)
    assert (added.sha256, added.config_sha256) == (pins.model, pins.config)
    (voice,) = scan(tmp_path / "voices").voices
    assert (voice.name, voice.quality, voice.sample_rate) == (NAME, "medium", 22050)


def test_a_download_that_does_not_match_leaves_nothing(
    served: str, tmp_path: Path, pins: Pins
) -> None:
    wrong = "0" * 64
    with pytest.raises(UsageError, match=f"its sha256 is [0-9a-f]{{64}}, not {wrong} as --sha256"):
        add_voice(f"{served}/voices/{NAME}.onnx", tmp_path / "voices", Pins(wrong, pins.config))
    assert_empty(tmp_path / "voices")


def test_a_config_that_does_not_match_leaves_nothing(
    served: str, tmp_path: Path, pins: Pins
) -> None:
    wrong = "0" * 64
    with pytest.raises(
        UsageError,
        match=rf"\.onnx\.json: its sha256 is [0-9a-f]{{64}}, not {wrong} as --json-sha256",
    ):
        add_voice(f"{served}/voices/{NAME}.onnx", tmp_path / "voices", Pins(pins.model, wrong))
    assert_empty(tmp_path / "voices")


def test_a_missing_file_on_the_server_leaves_nothing(
    served: str, tmp_path: Path, pins: Pins
) -> None:
    with pytest.raises(UsageError, match="the server answered HTTP 404"):
        add_voice(f"{served}/voices/es_MX-claude-high.onnx", tmp_path / "voices", pins)
    assert_empty(tmp_path / "voices")


def test_a_dropped_download_leaves_nothing(served: str, tmp_path: Path, pins: Pins) -> None:
    with pytest.raises(EngineUnavailable, match=r"cannot download .*nothing was installed"):
        add_voice(f"{served}/cut/{NAME}.onnx", tmp_path / "voices", pins)
    assert_empty(tmp_path / "voices")


def test_nothing_listens_there(tmp_path: Path) -> None:
    pins = Pins("0" * 64, "1" * 64)
    with pytest.raises(EngineUnavailable, match=r"cannot download http://127\.0\.0\.1:9/"):
        add_voice(f"http://127.0.0.1:9/{NAME}.onnx", tmp_path / "voices", pins, timeout_s=5)
    assert_empty(tmp_path / "voices")


def test_a_corrupt_model_is_not_installed(tmp_path: Path) -> None:
    source = install_test_voice(tmp_path / "source")
    source.unlink()
    source.write_bytes(b"not a model")
    with pytest.raises(UsageError, match=r"\.onnx: is not a Piper voice model"):
        add_voice(str(source), tmp_path / "voices")
    assert_empty(tmp_path / "voices")


def test_a_model_without_its_config_is_not_installed(tmp_path: Path) -> None:
    source = install_test_voice(tmp_path / "source")
    Path(f"{source}.json").unlink()
    with pytest.raises(UsageError, match=r"\.onnx\.json: no such file; nothing was installed"):
        add_voice(str(source), tmp_path / "voices")
    assert_empty(tmp_path / "voices")


@pytest.mark.parametrize(
    ("source", "message"),
    [("voice.bin", "not a Piper voice model"), ("../.hidden.onnx", "is not a voice name")],
)
def test_names_that_are_not_voices(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        add_voice(source, tmp_path / "voices")
    assert_empty(tmp_path / "voices")


def test_check_sha256() -> None:
    assert check_sha256(" " + "AB" * 32) == "ab" * 32
    with pytest.raises(ValueError, match="not a sha256 checksum"):
        check_sha256("abc")
