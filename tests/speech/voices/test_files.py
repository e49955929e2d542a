"""Voices on disk: a model and its config, read without Piper."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import EngineUnavailable, SourceError
from publisher.speech.voices.files import read_voice, scan, voices_folder
from tests.speech.piper_voice import NAME, config_for, install_test_voice


def test_scan_reads_voices_and_names_the_broken_ones(tmp_path: Path) -> None:
    install_test_voice(tmp_path)
    install_test_voice(tmp_path, "es_MX-claude-high", config_for("es_MX"))
    install_test_voice(tmp_path, "broken-low", "{not json")
    (tmp_path / "lonely.onnx").write_bytes(b"")
    found = scan(tmp_path)
    assert [(v.name, v.lang, v.quality) for v in found.voices] == [
        (NAME, "en-US", "medium"),
        ("es_MX-claude-high", "es-MX", "medium"),
    ]
    assert len(found.problems) == 2
    assert "broken-low.onnx.json: is not a Piper voice config (JSON)" in found.problems[0]
    assert "its config" in found.problems[1]
    assert "lonely.onnx.json is missing" in found.problems[1]


def test_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert scan(tmp_path / "none").voices == ()


def test_read_voice_refuses_what_piper_could_not_load(tmp_path: Path) -> None:
    model = install_test_voice(tmp_path, config='{"audio": {"sample_rate": 22050}}')
    with pytest.raises(SourceError, match="is not a Piper voice config: no num_symbols"):
        read_voice(model)
    with pytest.raises(EngineUnavailable, match=r"its model .* is missing"):
        read_voice(tmp_path / "none.onnx")


def test_the_default_folder_is_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert voices_folder("") == tmp_path / "publisher" / "voices"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert voices_folder("~/v") == tmp_path / "v"
