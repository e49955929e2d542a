"""Stopping a long build, and a --scheduler that is not a Dask scheduler.

A build of half an hour of speech is sent SIGTERM, SIGINT or SIGHUP while it synthesizes or
encodes, at -j 1 and -j 2: it must end within :data:`STOP_S` (and a margin for a busy machine)
with exit 130 and one message, its workers and helpers gone, the previous outputs and the
sources byte for byte as they were, and nothing of its own left beside them. A --scheduler
address where something that is not Dask's listens (silent, hanging up, answering nonsense)
is exit 2 naming the address within :data:`HANDSHAKE_LIMIT_S`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.long_release import write_long_release
from tests.hostile.support import checksums, refused, run_publisher
from tests.processes import group_members, within

STOP_S = 2.0
"""A stop takes effect within this, whenever it comes."""
MARGIN_S = 1.0
"""For a machine busy with other tests."""
HANDSHAKE_LIMIT_S = 20.0
"""The scheduler's handshake time limit (10 s), and the start of the command."""
SLUG = "informe"


def _build_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "publisher", "build", "source", "-o", "dist", *args]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long release whose output folder holds what a build of its short first draft wrote."""
    folder = tmp_path_factory.mktemp("stop")
    release = write_long_release(folder / "source" / SLUG, words=60)
    done = subprocess.run(
        _build_command("--formats", "html,script", "-q", "--budget", "none"),
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    write_long_release(release, words=2400)  # some 23 minutes spoken
    return folder


def _started(dist: Path, cache: Path, point: str) -> bool:
    """Whether the build has reached ``point``: synthesis (sentences reach the speech cache)
    or encoding (the folder the encoder writes its sections into is there)."""
    if point == "synthesis":
        return sum(path.is_file() for path in cache.rglob("*")) >= 3
    return any(dist.glob(f".publisher-staging.{SLUG}.*/.task-*/.publisher-sections-*"))


@dataclass(frozen=True)
class Stop:
    """A signal, sent to the build alone or to its whole group (as a terminal sends it), at
    ``-j jobs``, once the build has reached ``point``."""

    signum: signal.Signals
    jobs: int
    point: str
    group: bool

    def __str__(self) -> str:
        return f"{self.signum.name}-j{self.jobs}-{self.point}{'-group' if self.group else ''}"


STOPS = [
    Stop(signal.SIGTERM, 1, "encoding", group=False),
    Stop(signal.SIGINT, 1, "synthesis", group=True),
    Stop(signal.SIGHUP, 1, "encoding", group=True),
    Stop(signal.SIGTERM, 2, "synthesis", group=False),
    Stop(signal.SIGINT, 2, "encoding", group=True),
    Stop(signal.SIGHUP, 2, "synthesis", group=True),
]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("stop", STOPS, ids=str)
def test_a_signal_stops_a_long_build_at_once(prepared: Path, tmp_path: Path, stop: Stop) -> None:
    work = tmp_path / "work"
    shutil.copytree(prepared, work, symlinks=True)
    dist, source = work / "dist", work / "source"
    before, sources = checksums(dist), checksums(source)
    # -j 2 gets two tasks (the PDF beside the narration): one per worker.
    formats = "mp3,opus" if stop.jobs == 1 else "pdf,mp3,opus"
    cache = tmp_path / "cache"
    args = ("-j", str(stop.jobs), "--formats", formats, "--cache-dir", str(cache))
    process = subprocess.Popen(
        _build_command(*args, "-q", "--budget", "none"),
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        reached = within(
            180, lambda: _started(dist, cache, stop.point) or process.poll() is not None
        )
        assert reached, f"the build never reached {stop.point}"
        assert process.poll() is None, process.communicate()[1]
        time.sleep(0.3)
        sent = time.monotonic()
        if stop.group:
            os.killpg(process.pid, stop.signum)
        else:
            process.send_signal(stop.signum)
        _, err = process.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, err
    assert took <= STOP_S + MARGIN_S, f"{took:.2f} s from {stop.signum.name} to the end"
    assert "Traceback" not in err, err
    assert "interrupted" in err, err
    assert within(1.0, lambda: not group_members(process.pid)), "processes outlived the build"
    assert checksums(dist) == before, "the output folder changed"
    assert checksums(source) == sources, "the sources changed"


@contextmanager
def _listener(answer: str, lifetime_s: float = 60.0) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts and then says nothing, hangs up, or talks
    nonsense; it stops when the block ends, or by itself after ``lifetime_s``."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        deadline = time.monotonic() + lifetime_s
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            if answer == "close":
                connection.close()
                continue
            if answer == "garbage":
                connection.sendall(b"HTTP/1.1 200 OK\r\n\r\n" + bytes(range(256)) * 8)
            held.append(connection)
        for connection in held:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@pytest.mark.parametrize(("answer", "formats"), [
    ("silent", "html,script"),  # two tasks: they would go to the scheduler
    ("silent", "html"),  # one task, which would run here
    ("close", "html,script"),
    ("garbage", "html,script"),
])  # fmt: skip
def test_a_scheduler_that_is_not_dask_is_named_in_moments(
    make_release: Callable[..., Path], tmp_path: Path, answer: str, formats: str
) -> None:
    pytest.importorskip("distributed", reason="publisher[dask] is not installed")
    source = make_release().parent
    with _listener(answer) as address:
        started = time.monotonic()
        outcome = run_publisher(
            ["build", "source", "-o", "dist", "--formats", formats, "--scheduler", address],
            cwd=tmp_path,
            untouched=[source],
            timeout=60,
        )
        took = time.monotonic() - started
    refused(outcome, address)
    assert took <= HANDSHAKE_LIMIT_S, f"{took:.1f} s"
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


@pytest.mark.parametrize(
    "value", ["127.0.0.1:8786", "tcp://", "tcp://127.0.0.1", "http://127.0.0.1:8786", "tcp://h:x"]
)
def test_a_malformed_scheduler_address_is_refused(
    make_release: Callable[..., Path], tmp_path: Path, value: str
) -> None:
    source = make_release().parent
    outcome = run_publisher(
        ["build", "source", "-o", "dist", "--scheduler", value],
        cwd=tmp_path,
        untouched=[source],
        timeout=60,
    )
    refused(outcome, "--scheduler")
