"""Hostile synthesis: a speech helper that stops answering ends the build with one message.

The build runs as a user runs it (:func:`~tests.hostile.support.run_publisher`). A
``sitecustomize`` on its ``PYTHONPATH`` stops (SIGSTOP) every espeak helper the build starts, once
it has loaded espeak-ng, and shortens the time limits; nothing of it is in the project's code.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import MakeRelease
from tests.hostile.support import run_publisher
from tests.processes import gone, within
from tests.speech.engines.espeak_support import hook_folder

STALL_EVERY_HELPER = """
import os
import signal
import sys
import time

# The build, and its workers: they start from a fork server (or as fresh interpreters).
if sys.orig_argv[1:3] == ["-m", "publisher"] or "multiprocessing.forkserver" in str(sys.orig_argv) \
        or "multiprocessing.spawn" in str(sys.orig_argv):
    from publisher.speech.engines import espeak_client

    espeak_client.TIME_LIMIT = espeak_client.TimeLimit(base_s=1.0, per_character_s=0.0)
    espeak_client.STARTUP_S = 0.0
    espeak_client.REPLY_MARGIN_S = 0.5
    _start = espeak_client._Helper.__init__

    def _stalled(self):
        _start(self)
        deadline = time.monotonic() + 20
        with open(f"/proc/{{self.process.pid}}/maps") as maps:
            while "libespeak-ng" not in maps.read() and time.monotonic() < deadline:
                time.sleep(0.01)
                maps.seek(0)
        os.kill(self.process.pid, signal.SIGSTOP)
        with open({pids!r}, "a") as listed:
            listed.write(f"{{self.process.pid}}\\n")

    espeak_client._Helper.__init__ = _stalled
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stalled_helper_ends_the_build_with_one_message(
    make_release: MakeRelease, tmp_path: Path, jobs: str
) -> None:
    release = make_release()
    pids = tmp_path / "helpers.txt"
    path = hook_folder(tmp_path / "hook", STALL_EVERY_HELPER.format(pids=str(pids)))
    started = time.monotonic()
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    build = ["build", str(release), "-o", str(dist), "--cache-dir", str(cache), "-j", jobs]
    outcome = run_publisher(
        [*build, "--formats", "mp3", "-q"],
        cwd=tmp_path,
        untouched=[release],
        env={"PYTHONPATH": path},
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert outcome.returncode == 3, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("error: espeak did not finish speaking '"), lines[0]
    assert "within 1 s and was stopped" in lines[0]
    helpers = [int(pid) for pid in pids.read_text().split()]
    assert helpers
    assert within(5, lambda: all(gone(pid) for pid in helpers)), helpers
    assert not (dist / "nota" / "nota.es.mp3").exists()
