from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config, fields_of, load_config
from publisher.errors import SourceError
from publisher.speech.engines.espeak import EspeakSettings
from publisher.speech.engines.gtts import GttsSettings

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
        (
            "[audio.espeak]\nrat = 160\n",
            r"bad\.toml: \[audio\.espeak\] unknown key 'rat'; did you mean 'rate'\? "
            r"\(known: pitch, rate\)",
        ),
        ("[audio.espeak]\nrate = '160'\n", r"\[audio\.espeak\] rate: must be int, not '160'"),
        ("[audio.espeak]\nrate = true\n", r"\[audio\.espeak\] rate: must be int"),
        ("[audio.gtts]\ntries = 2.5\n", r"\[audio\.gtts\] tries: must be int"),
        ("[audio.gtts]\nrate = 200\n", r"\[audio\.gtts\] unknown key 'rate'"),
        (
            "[audio.festival]\nrate = 1\n",
            r"unknown section \[audio\.festival\] \(known: \[audio\.espeak\]",
        ),
        ("[audio]\nrate = 160\n", r"\[audio\] rate: .*under \[audio\.espeak\] \(rate = 160\)"),
        ("[audio]\npitch = 40\n", r"\[audio\] pitch: .*under \[audio\.espeak\]"),
    ],
)
def test_bad_files_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_config(path)


def test_engine_sections_take_their_keys_from_the_settings_dataclass(tmp_path: Path) -> None:
    path = tmp_path / "publisher.toml"
    path.write_text("[audio.espeak]\nrate = 160\n[audio.gtts]\nbackoff_s = 2\n", encoding="utf-8")
    config = load_config(path)
    assert config.sections["audio.espeak"] == {"rate": 160}
    assert config.sections["audio.gtts"] == {"backoff_s": 2.0}
    assert fields_of(EspeakSettings) == {"rate": int, "pitch": int}
    assert fields_of(GttsSettings) == {"tries": int, "backoff_s": float, "timeout_s": float}
