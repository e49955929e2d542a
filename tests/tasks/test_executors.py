"""How many encoder threads a narrated task gets, that the count never shows in the files, and
that encoder threads never hold a stop."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from publisher.audio.options import AudioOptions
from publisher.build import build_releases
from publisher.interrupts import JOIN_S, check, requested, side_by_side
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.tasks.executors import encoder_threads
from tests.conftest import MakeRelease
from tests.test_hostile import checksums


@pytest.mark.parametrize(
    ("jobs", "scheduler", "narrated", "threads"),
    [
        (1, None, 1, 1),  # -j 1 is one core
        (2, None, 1, 2),  # one narration on two cores: MP3 and Opus side by side
        (2, None, 2, 1),  # two narrations keep both cores busy
        (2, None, 40, 1),
        (4, None, 2, 2),
        (4, None, 3, 1),
        (8, None, 1, 2),  # never more than its two codecs
        (2, None, 0, 1),
        (2, "tcp://127.0.0.1:8786", 1, 1),  # a Dask worker's thread is one core
    ],
)
def test_encoder_threads(jobs: int, scheduler: str | None, narrated: int, threads: int) -> None:
    options = BuildOptions(output=Path("dist"), jobs=jobs, scheduler=scheduler)
    assert encoder_threads(options, narrated) == threads


def test_one_or_two_encoder_threads_write_the_same_bytes(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(make_release({"en.md": None}))
    formats = ("mp3", "opus")
    # Each with its own speech cache: the second build encodes rather than reuses sections.
    one = BuildOptions(
        output=tmp_path / "one",
        jobs=1,
        formats=formats,
        audio=AudioOptions(cache_dir=tmp_path / "c1"),
    )
    two = BuildOptions(
        output=tmp_path / "two",
        jobs=2,
        formats=formats,
        audio=AudioOptions(cache_dir=tmp_path / "c2"),
    )
    assert encoder_threads(two, 1) == 2
    build_releases([release], one)
    build_releases([release], two)
    assert checksums(tmp_path / "one") == checksums(tmp_path / "two")


def test_encoders_on_one_thread_run_here_in_order() -> None:
    ran: list[tuple[str, int]] = []
    calls = [lambda n=n: ran.append((threading.current_thread().name, n)) for n in range(3)]
    side_by_side(calls, 1)
    assert ran == [(threading.current_thread().name, n) for n in range(3)]


def test_the_first_failure_is_raised_once_every_encoder_ended() -> None:
    finished = threading.Event()

    def fails() -> None:
        raise ValueError("the MP3")

    def slow() -> None:
        time.sleep(0.2)
        finished.set()

    with pytest.raises(ValueError, match="the MP3"):
        side_by_side([fails, slow], 2)
    assert finished.is_set()


def test_an_interrupted_caller_does_not_wait_for_its_encoders() -> None:
    """Ctrl-C while two encoders run: one leaves at its next check, the other is stuck in a
    long call; the caller goes on within JOIN_S either way."""
    left = threading.Event()

    def encoding() -> None:
        try:
            while True:
                check()
                time.sleep(0.01)
        finally:
            left.set()

    def stuck() -> None:
        time.sleep(5)

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            side_by_side([encoding, stuck], 2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 0.2 + JOIN_S + 0.5
    assert left.wait(1)
    assert not requested()  # the stop was the caller's threads', not the process's


def test_a_long_temporary_folder_starts_workers_as_fresh_interpreters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from publisher.tasks.executors import worker_context

    long = tmp_path / ("t" * 90)
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    assert worker_context().get_start_method() == "spawn"


def test_a_build_at_j2_with_a_long_temporary_folder(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    from tests.hostile.support import run_publisher

    release = make_release()
    long = tmp_path / ("t" * 90)
    long.mkdir()
    outcome = run_publisher(
        ["build", str(release), "-o", "dist", "--formats", "html,script", "-j", "2", "-q"],
        cwd=tmp_path,
        untouched=[release],
        env={"TMPDIR": str(long)},
    )
    assert outcome.returncode == 0, outcome.stderr
    assert (tmp_path / "dist" / "nota" / "nota.es.html").is_file()
