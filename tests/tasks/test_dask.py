"""A real Dask scheduler and two workers on 127.0.0.1 build what a local build builds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.build import build_releases
from publisher.errors import UsageError
from publisher.options import BuildOptions
from publisher.sources import load_release
from tests.conftest import ROOT, MakeRelease
from tests.tasks.test_parallel import _three, _tree

pytest.importorskip("distributed", reason="publisher[dask] is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes, as an operator would start them."""

    def __init__(self, folder: Path, workers: int = 2) -> None:
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
        }
        self.folder = folder
        self.scheduler = self._start(
            "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"
        )
        self.workers = [self._worker(n) for n in range(workers)]
        self._wait_for(workers)

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{args[0]}-{len(list(self.folder.iterdir()))}.log").open("wb")
        command = [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]
        return subprocess.Popen(command, env=self.env, stdout=log, stderr=log, cwd=self.folder)

    def _worker(self, number: int) -> subprocess.Popen[bytes]:
        return self._start(
            "worker",
            self.address,
            "--nthreads",
            "1",
            "--no-nanny",
            "--memory-limit",
            "0",
            "--name",
            f"w{number}",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
        )

    def _wait_for(self, workers: int) -> None:
        from distributed import Client

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with Client(self.address, timeout="2s") as client:
                    if len(client.scheduler_info()["workers"]) >= workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the cluster at {self.address} did not start")

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    folder = tmp_path / "cluster"
    folder.mkdir()
    running = Cluster(folder)
    try:
        yield running
    finally:
        running.stop()


def test_a_cluster_builds_what_a_local_build_builds(
    make_release: MakeRelease, tmp_path: Path, cluster: Cluster
) -> None:
    releases = [load_release(folder) for folder in _three(make_release)]
    local = build_releases(releases, BuildOptions(output=tmp_path / "local", jobs=1))
    remote = build_releases(
        releases, BuildOptions(output=tmp_path / "remote", scheduler=cluster.address)
    )
    assert remote.ran == local.ran > 10
    assert _tree(tmp_path / "remote") == _tree(tmp_path / "local")
    again = build_releases(
        releases, BuildOptions(output=tmp_path / "remote", scheduler=cluster.address)
    )
    assert again.ran == 0


def test_a_worker_that_dies_has_its_task_run_elsewhere(
    make_release: MakeRelease, tmp_path: Path, cluster: Cluster
) -> None:
    releases = [load_release(folder) for folder in _three(make_release)]
    build_releases(releases, BuildOptions(output=tmp_path / "local", jobs=1))
    import threading

    killed: list[float] = []

    def kill_one() -> None:
        time.sleep(1.0)
        cluster.workers[0].kill()
        killed.append(time.monotonic())

    killer = threading.Thread(target=kill_one)
    killer.start()
    build_releases(releases, BuildOptions(output=tmp_path / "remote", scheduler=cluster.address))
    finished = time.monotonic()
    killer.join()
    assert cluster.workers[0].poll() is not None
    assert killed[0] < finished  # the worker died while the build was under way, not after it
    assert _tree(tmp_path / "remote") == _tree(tmp_path / "local")


def test_no_scheduler_is_one_clear_error(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release())
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(UsageError, match="no Dask scheduler answers"):
        build_releases([release], BuildOptions(output=tmp_path / "dist", scheduler=address))
    assert not (tmp_path / "dist" / "nota").exists()


def test_a_signal_stops_a_build_on_the_cluster_at_once(tmp_path: Path, cluster: Cluster) -> None:
    from tests.hostile.long_release import write_long_release

    write_long_release(tmp_path / "source" / "informe", words=2400)
    cache, dist = tmp_path / "cache", tmp_path / "dist"
    command = [sys.executable, "-m", "publisher", "build", "source", "-o", "dist", "-q"]
    command += ["--scheduler", cluster.address, "--formats", "pdf,mp3,opus", "--budget", "none"]
    process = subprocess.Popen(
        [*command, "--cache-dir", str(cache)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while sum(p.is_file() for p in cache.rglob("*")) < 3:  # a worker is speaking
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "no sentence was synthesized"
            time.sleep(0.05)
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, err
    assert took <= 3.0, f"{took:.2f} s"
    assert "Traceback" not in err, err
    assert not dist.exists() or list(dist.iterdir()) == []
