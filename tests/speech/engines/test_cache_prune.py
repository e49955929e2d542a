"""The speech cache's size and pruning, from the API and the command line."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.speech.engines.base import Speech
from publisher.speech.engines.cache import SpeechCache, cache_key, prune, usage


def _filled(root: Path) -> tuple[SpeechCache, str, str]:
    cache = SpeechCache(root)
    old, new = cache_key("viejo"), cache_key("nuevo")
    cache.put(old, Speech(b"\0\1" * 100, 22050))
    cache.put(new, Speech(b"\0\1" * 50, 22050))
    long_ago = time.time() - 40 * 86400
    os.utime(root / old[:2] / f"{old}.pcm", (long_ago, long_ago))
    return cache, old, new


def test_prune_deletes_only_entries_unused_for_longer_than_asked(tmp_path: Path) -> None:
    cache, old, new = _filled(tmp_path)
    before = usage(tmp_path)
    assert before.entries == 2
    gone = prune(tmp_path, 30 * 86400)
    assert gone.entries == 1
    assert cache.get(old) is None
    assert cache.get(new) is not None
    assert usage(tmp_path).bytes == before.bytes - gone.bytes


def test_a_read_counts_as_a_use(tmp_path: Path) -> None:
    cache, old, _ = _filled(tmp_path)
    assert cache.get(old) is not None  # read: used now
    assert prune(tmp_path, 30 * 86400).entries == 0


def test_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _filled(tmp_path / "speech")
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    assert "2 entries" in capsys.readouterr().out
    assert main(["cache", "prune", "--older-than", "30d", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "deleted 1 entries" in out
    assert "1 entries" in out.splitlines()[-1]
    with pytest.raises(SystemExit) as exit_info:
        main(["cache", "prune", "--older-than", "soon"])
    assert exit_info.value.code == 2
    assert "is not an age" in capsys.readouterr().err


def test_a_prune_that_cannot_delete_exits_2_naming_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(tmp_path / "speech")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    assert main(["cache", "prune", "--older-than", "30d", "--cache-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err
        == f"error: cannot delete from the speech cache {tmp_path / 'speech'}: permission denied"
    )
