from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config, load_config
from publisher.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent


def test_the_projects_own_file_loads() -> None:
    config = load_config(ROOT / "publisher.toml")
    assert config.get("audio", "engine") == "espeak"
    assert config.get("budgets", "per_language") == "1.5 MB"


def test_no_file_means_no_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config(None) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audio\n", r"bad\.toml: invalid TOML: .*line 1"),
        ("[video]\nfps = 1\n", r"unknown section \[video\]"),
        ("[audio]\nvoise = 'x'\n", r"\[audio\] unknown key 'voise'"),
        ("audio = 1\n", r"unknown section \[audio\]|\[audio\] must be a table"),
    ],
)
def test_bad_files_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_config(path)
