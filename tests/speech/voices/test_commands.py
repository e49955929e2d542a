"""``publisher voices list`` and ``publisher voices add`` from the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from publisher.cli import main
from tests.speech.piper_voice import NAME, install_test_voice, voice_model


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "publisher.toml"
    path.write_text(f'[audio.piper]\nvoices = "{tmp_path / "voices"}"\n', encoding="utf-8")
    return path


def test_list_without_voices_says_how_to_add_one(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["voices", "list", "--config", str(config)]) == 0
    assert "no voices in" in capsys.readouterr().out


def test_add_then_list(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = hashlib.sha256(voice_model().read_bytes()).hexdigest()
    args = [
        "voices",
        "add",
        str(voice_model()),
        "--sha256",
        digest.upper(),
        "--config",
        str(config),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"{NAME} (en-US, medium) added in {tmp_path / 'voices'}" in out
    assert f"--voice {NAME}" in out
    assert "sha256 of the model" not in out  # given, and checked
    config_digest = hashlib.sha256(Path(f"{voice_model()}.json").read_bytes()).hexdigest()
    assert f"sha256 of the config copied: {config_digest} (give it with --json-sha256" in out
    install_test_voice(tmp_path / "voices", "half-low", "[]")
    assert main(["voices", "list", "--config", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["engine", "name", "language", "quality", "size", "path"]
    assert lines[1].split() == [
        "piper",
        NAME,
        "en-US",
        "medium",
        "63.2",
        "MB",
        str(tmp_path / "voices" / f"{NAME}.onnx"),
    ]
    assert lines[2].startswith("warning: ")
    assert "half-low.onnx.json" in lines[2]


def test_bad_checksum_exits_2_and_installs_nothing(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["voices", "add", str(voice_model()), "--sha256", "1" * 64, "--config", str(config)]
    assert main(args) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(err) == 1
    assert err[0].startswith(f"error: {voice_model()}: its sha256 is ")
    assert not (tmp_path / "voices").exists() or list((tmp_path / "voices").iterdir()) == []


def test_a_malformed_checksum_is_refused_by_the_parser(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["voices", "add", str(voice_model()), "--sha256", "xyz", "--config", str(config)])
    assert stopped.value.code == 2
    assert "not a sha256 checksum" in capsys.readouterr().err


def test_both_checksums_pin_the_voice_and_print_nothing_to_pin(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = voice_model()
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (model, Path(f"{model}.json"))]
    args = ["voices", "add", str(model), "--sha256", digests[0], "--json-sha256", digests[1]]
    assert main([*args, "--config", str(config)]) == 0
    assert "sha256 of the" not in capsys.readouterr().out


def test_plain_http_without_both_checksums_exits_2(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["voices", "add", "http://127.0.0.1:9/x.onnx", "--sha256", "1" * 64]
    assert main([*args, "--config", str(config)]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(err) == 1
    assert "--json-sha256 for x.onnx.json" in err[0]
    assert not (tmp_path / "voices").exists()
