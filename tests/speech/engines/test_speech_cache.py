from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from publisher.speech.engines import cache as cache_module
from publisher.speech.engines.base import Mark, Speech
from publisher.speech.engines.cache import SpeechCache, default_cache_dir, speech_key

SPEECH = Speech(bytes(range(200)) * 10, 22050, (Mark("sentence", 0, 0, 0), Mark("word", 0, 4, 10)))


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_round_trip(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    key = speech_key("espeak", "espeak-ng 1.52.0 rate=175 pitch=50", "es-419", "es-PE", "Hola.")
    assert cache.get(key) is None
    cache.put(key, SPEECH)
    assert cache.get(key) == SPEECH
    assert [p.name for p in entries(tmp_path)] == [f"{key}.pcm"]
    assert entries(tmp_path)[0].parent.name == key[:2]


def test_key_depends_on_every_part() -> None:
    parts = ["espeak", "v1 rate=175", "es-419", "es-PE", "Hola."]
    keys = {speech_key(*parts)}
    for index in range(len(parts)):
        changed = list(parts)
        changed[index] += "x"
        keys.add(speech_key(*changed))
    assert len(keys) == len(parts) + 1
    assert speech_key("a", "b|c", "d", "e", "f") != speech_key("a|b", "c", "d", "e", "f")


def test_truncated_entry_is_a_miss(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    cache.put("ab" * 32, SPEECH)
    path = entries(tmp_path)[0]
    path.write_bytes(path.read_bytes()[:-7])
    assert cache.get("ab" * 32) is None
    path.write_bytes(b"garbage")
    assert cache.get("ab" * 32) is None


def test_a_full_disk_leaves_nothing_and_is_told_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = SpeechCache(tmp_path)
    tries: list[Path] = []

    def full(self: Path, *_: object) -> None:
        tries.append(self)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "replace", full)
    cache.put("cd" * 32, SPEECH)  # no error: the build goes on without the cache
    cache.put_bytes("ef" * 32, ".mp3", b"ID3")
    assert len(tries) == 1  # after the first failure no write is tried
    assert entries(tmp_path) == []  # the temporary file is gone too
    assert cache.get("cd" * 32) is None
    (report,) = cache.reports()
    assert report.startswith(f"the speech cache {tmp_path} cannot be written (the disk is full)")
    assert "--no-cache" in report
    assert cache.reports() == []  # told once


def test_a_file_in_place_of_the_folder_is_a_miss_and_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = SpeechCache(blocker / "speech")
    assert cache.get("ab" * 32) is None
    assert not cache.get_file("ab" * 32, ".mp3", tmp_path / "out.mp3")
    cache.put("ab" * 32, SPEECH)
    assert cache.damaged == []  # nothing was damaged: there is no cache to read
    assert cache.reports() == [
        f"the speech cache {blocker / 'speech'} cannot be written ({blocker} is a file, not a "
        "folder); this build ran without storing its speech there, so the next one synthesizes "
        "it again: fix the folder, or give another with --cache-dir or $PUBLISHER_CACHE, or "
        "--no-cache"
    ]
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EIO, os.strerror(errno.EIO)),
    ],
)
def test_unwritable_reasons(tmp_path: Path, code: int, reason: str) -> None:
    assert cache_module.unwritable_reason(tmp_path, OSError(code, os.strerror(code))) == reason


def test_bytes_entries(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    cache.put_bytes("ef" * 32, ".mp3", b"ID3")
    assert cache.get_bytes("ef" * 32, ".mp3") == b"ID3"
    assert cache.get_bytes("ef" * 32, ".opus") is None


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the user's cache folder
    assert default_cache_dir() == tmp_path / "xdg" / "publisher" / "speech"
    monkeypatch.setenv(cache_module.ENV_VAR, str(tmp_path))
    assert default_cache_dir() == tmp_path / "speech"


def test_damaged_entries_are_misses_and_noted(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    keys = {name: name * 32 for name in ("aa", "bb", "cc", "dd")}
    for key in keys.values():
        cache.put(key, SPEECH)
    cache.put_bytes("ee" * 32, ".mp3", b"\xff\xfb" * 500)
    paths = {name: tmp_path / key[:2] / f"{key}.pcm" for name, key in keys.items()}
    data = paths["aa"].read_bytes()
    paths["aa"].write_bytes(data[:-100])  # truncated
    paths["bb"].write_bytes(b"")  # emptied
    noise = bytearray(data)
    noise[-400:-200] = b"\x7f" * 200  # overwritten at the same length
    paths["cc"].write_bytes(bytes(noise))
    mp3 = tmp_path / "ee" / f"{'ee' * 32}.mp3"
    mp3.write_bytes(mp3.read_bytes()[:-1] + b"\0")
    assert [cache.get(keys[n]) for n in ("aa", "bb", "cc")] == [None, None, None]
    assert cache.get_bytes("ee" * 32, ".mp3") is None
    assert cache.get(keys["dd"]) == SPEECH
    assert cache.get("ff" * 32) is None  # missing is not damaged
    assert cache.damaged == [paths["aa"], paths["bb"], paths["cc"], mp3]
    report = cache.damage_report()
    assert report is not None
    assert report.startswith("4 damaged speech cache entries")
    cache.get(keys["aa"])
    assert len(cache.damaged) == 4  # each noted once
    cache.put(keys["aa"], SPEECH)
    assert cache.get(keys["aa"]) == SPEECH
    assert SpeechCache(tmp_path).damage_report() is None


def test_bytes_entries_carry_a_checksum(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    cache.put_bytes("ef" * 32, ".opus", b"OggS" * 100)
    path = tmp_path / "ef" / f"{'ef' * 32}.opus"
    assert hashlib.sha256(b"OggS" * 100).hexdigest().encode() in path.read_bytes()


def test_file_entries_are_streamed_and_verified(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path / "cache")
    source = tmp_path / "a.mp3"
    source.write_bytes(bytes(range(256)) * 9000)
    cache.put_file("ab" * 32, ".mp3", source)
    out = tmp_path / "out.mp3"
    assert cache.get_file("ab" * 32, ".mp3", out)
    assert out.read_bytes() == source.read_bytes()
    assert cache.get_bytes("ab" * 32, ".mp3") == source.read_bytes()
    entry = tmp_path / "cache" / "ab" / f"{'ab' * 32}.mp3"
    data = bytearray(entry.read_bytes())
    data[-5000] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert not cache.get_file("ab" * 32, ".mp3", out)
    assert not cache.get_file("cd" * 32, ".mp3", out)
    assert cache.damaged == [entry]
