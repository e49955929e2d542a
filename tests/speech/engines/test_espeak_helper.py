"""The espeak helper: a fresh process, a time limit on every sentence, and a prompt end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.errors import SynthesisError
from publisher.speech.engines import espeak, espeak_client
from publisher.speech.engines.espeak import EspeakEngine
from publisher.speech.engines.espeak_client import TimeLimit
from tests.conftest import ROOT
from tests.processes import children, gone, within
from tests.speech.engines.espeak_support import STALL, hook_folder

linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


@pytest.fixture
def quick_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Three seconds a sentence, half a second more before the build kills a silent helper."""
    monkeypatch.setattr(espeak_client, "TIME_LIMIT", TimeLimit(base_s=3.0, per_character_s=0.0))
    monkeypatch.setattr(espeak_client, "REPLY_MARGIN_S", 0.5)
    yield
    espeak.stop_helper()


def _helper(engine: EspeakEngine) -> int:
    """The running helper's process id, after it has answered once."""
    engine.synthesize("Hola.", "es")
    pid = espeak.helper_pid()
    assert pid is not None
    return pid


def _env(pythonpath: str | None = None) -> dict[str, str]:
    path = pythonpath or os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), path]))}


def _run_for_at_most(seconds: float, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter; its whole process group is killed at ``seconds``."""
    with subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"still running after {seconds} s")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@linux
def test_the_helper_is_a_fresh_interpreter_of_one_thread(engine: EspeakEngine) -> None:
    """Nothing of the build's is in the process that forks: no PyAV, no NumPy, no threads."""
    from publisher.audio import loudness

    assert loudness.np is not None  # this process holds both
    espeak.stop_helper()
    pid = _helper(engine)
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    mapped = {line.split()[-1] for line in maps if "/" in line}
    assert any("libespeak-ng" in path for path in mapped)
    assert not [p for p in mapped if "/av/" in p or "libav" in p or "numpy" in p]
    assert [task.name for task in Path(f"/proc/{pid}/task").iterdir()] == [str(pid)]
    assert os.getsid(pid) == pid != os.getsid(0)


GARBAGE_GRAPHS = """
import gc
from publisher.audio import loudness
from publisher.speech.engines.espeak import EspeakEngine

engine = EspeakEngine()
engine.voices()  # the library is loaded: its many objects set the collector off now
for _ in range(3):  # FFmpeg filter graphs (slice threads) left to the garbage collector
    held = {"graph": loudness._meter_graph("s16", "mono", 16000, True)}
    held["self"] = held
    del held
# A thousand marks: enough allocations that the collector runs while the sentence is spoken.
engine.synthesize(" ".join(["uno"] * 1000), "es")
for n in range(5):
    engine.synthesize(f"Frase número {n}.", "es")
    gc.collect()
print("spoken")
"""


def test_filter_graphs_left_to_the_collector_do_not_stall_speech() -> None:
    """A forked child that freed a graph it inherited blocked for ever in pthread_cond_destroy."""
    done = _run_for_at_most(120, GARBAGE_GRAPHS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "spoken"


def test_the_limit_grows_with_the_sentence() -> None:
    limit = espeak_client.TIME_LIMIT
    assert limit.for_text("") == limit.base_s > 0
    assert limit.for_text("x" * 1000) == pytest.approx(limit.base_s + 1000 * limit.per_character_s)
    assert limit.for_text("x" * 1000) < 120


@pytest.mark.usefixtures("hooked_helper", "quick_limit")
def test_a_sentence_over_its_limit_is_named_and_the_next_is_spoken(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    started = time.monotonic()
    with pytest.raises(SynthesisError, match=rf"'{STALL} en esta frase\.' within 3 s"):
        engine.synthesize(f"{STALL} en esta frase.", "es")
    assert time.monotonic() - started < 3 + 0.5 + 1
    assert not children(pid)
    assert engine.synthesize("Hola.", "es").samples > 0


@pytest.mark.usefixtures("quick_limit")
def test_a_helper_that_does_not_answer_is_killed_and_replaced(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(SynthesisError, match=r"'Hola\.' within 3 s"):
        engine.synthesize("Hola.", "es")
    assert time.monotonic() - started < 3 + 0.5 + 2
    assert gone(pid)
    assert engine.synthesize("Hola.", "es").samples > 0
    assert espeak.helper_pid() not in (None, pid)


def _speak_in_background(engine: EspeakEngine, text: str) -> tuple[threading.Thread, list[object]]:
    """Speak ``text`` in a thread; the list receives what it returned or raised."""
    outcome: list[object] = []

    def speak() -> None:
        try:
            outcome.append(engine.synthesize(text, "es"))
        except Exception as exc:  # handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=speak)
    thread.start()
    return thread, outcome


def _stalled_child(pid: int) -> int:
    assert within(5, lambda: bool(children(pid)))
    return children(pid)[0]


@linux
@pytest.mark.usefixtures("hooked_helper", "quick_limit")
def test_a_helper_stalled_with_its_child_is_killed_with_it(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    thread, outcome = _speak_in_background(engine, f"{STALL}.")
    child = _stalled_child(pid)
    os.kill(pid, signal.SIGSTOP)  # it cannot stop its child at the limit any more
    thread.join(10)
    assert isinstance(outcome[0], SynthesisError)
    assert STALL in str(outcome[0])
    assert within(5, lambda: gone(pid) and gone(child))


@pytest.mark.usefixtures("hooked_helper")
def test_stop_helper_while_a_sentence_waits_ends_both_at_once(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    thread, outcome = _speak_in_background(engine, f"{STALL}.")
    child = _stalled_child(pid)
    started = time.monotonic()
    espeak.stop_helper()
    thread.join(5)
    assert time.monotonic() - started < 3
    assert isinstance(outcome[0], SynthesisError)
    assert "espeak stopped while speaking" in str(outcome[0])
    assert within(5, lambda: gone(pid) and gone(child))
    assert espeak.helper_pid() is None


def test_stop_helper_ends_an_idle_helper(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    started = time.monotonic()
    espeak.stop_helper()
    assert time.monotonic() - started < 1
    assert gone(pid)
    assert espeak.helper_pid() is None
    espeak.stop_helper()  # none runs: nothing to do


def test_stop_helper_kills_a_helper_that_does_not_leave(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    espeak.stop_helper()
    assert time.monotonic() - started < espeak_client.STOP_GRACE_S + 1
    assert gone(pid)


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(), reason="signals need it"
)
@pytest.mark.usefixtures("hooked_helper")
def test_stop_helper_after_ctrl_c_in_the_middle_of_a_sentence(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            engine.synthesize(f"{STALL}.", "es")
        espeak.stop_helper()
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert within(5, lambda: gone(pid))
    assert not [child for child in children(pid) if not gone(child)]
    assert engine.synthesize("Hola.", "es").samples > 0


def test_ctrl_c_is_not_the_helpers_to_act_on(engine: EspeakEngine) -> None:
    pid = _helper(engine)
    os.kill(pid, signal.SIGINT)
    assert engine.synthesize("Hola.", "es").samples > 0
    assert espeak.helper_pid() == pid


SPEAK_AND_WAIT = """
import sys, time
from publisher.speech.engines import espeak
engine = espeak.EspeakEngine()
engine.synthesize("Hola.", "es")
print(espeak.helper_pid(), flush=True)
if len(sys.argv) > 1:
    engine.synthesize(sys.argv[1], "es")
time.sleep(600)
"""


@linux
@pytest.mark.parametrize("state", ["idle", "speaking", "stopped"])
def test_the_helper_ends_with_a_killed_build(tmp_path: Path, state: str) -> None:
    """Killed while the helper waits, while its (stalled) child speaks, or while it cannot run."""
    stall = [f"{STALL}."] if state == "speaking" else []
    command = [sys.executable, "-c", SPEAK_AND_WAIT, *stall]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env=_env(hook_folder(tmp_path / "hook"))
    ) as build:
        assert build.stdout is not None
        pid = int(build.stdout.readline())
        child = _stalled_child(pid) if state == "speaking" else None
        if state == "stopped":
            os.kill(pid, signal.SIGSTOP)
        build.kill()
        build.wait()
    assert within(5, lambda: gone(pid) and (child is None or gone(child)))
