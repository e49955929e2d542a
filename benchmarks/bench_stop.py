"""Stop benchmark: how soon a long build ends after SIGTERM, and what it leaves behind.

    python benchmarks/bench_stop.py [--at 1,3,6,10,15] [--jobs 1,2] [--words 2400]
                                    [--signal TERM] [--code DIR] [--limit 300]

A Spanish release of some 23 minutes of speech (``tests/hostile/long_release.py``: 2,400 words)
is built with ``--formats pdf,mp3,opus`` into an output folder that holds what a build of its
short first draft wrote, with an empty speech cache, at each ``-j``. At each point (seconds
after the start) the build is sent the signal, and the table gives: the phase it was in (start:
no staging folder yet; tasks: staged, no sentence synthesized; synthesis; encoding: the encoder
writes its sections), seconds from the signal to the end, the exit code, whether the output
folder is byte for byte as it was (no staging folder left either), and how many processes of the
build's group were still alive 1 s after it ended (read from /proc). ``--code`` builds with
another checkout (its ``publisher`` package), to compare; a build still running ``--limit``
seconds after the signal is killed and shown as ``>LIMIT``.

Target: every stop within 2 s, exit 130, outputs unchanged, no process left.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.long_release import write_long_release  # noqa: E402
from tests.processes import group_members  # noqa: E402

SLUG = "informe"
FORMATS = "pdf,mp3,opus"
TARGET_S = 2.0


@dataclass(frozen=True, slots=True)
class Stop:
    """One stopped build."""

    jobs: int
    at_s: float
    phase: str
    latency_s: float | None
    """None: still running at the limit (then killed)."""
    code: int
    unchanged: bool
    left: int


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file (and the name of every folder) under ``folder``."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def phase(dist: Path, cache: Path) -> str:
    """Where the build is, read from its staging folder and the speech cache."""
    staging = list(dist.glob(f".publisher-staging.{SLUG}.*"))
    if not staging:
        return "start"
    if any(staging[0].glob(".task-*/.publisher-sections-*")):
        return "encoding"
    if any(p.is_file() for p in cache.rglob("*")):
        return "synthesis"
    return "tasks"


def prepare(folder: Path, words: int, env: dict[str, str]) -> Path:
    """The release, and an output folder as a build of its short first draft left it."""
    release = write_long_release(folder / "source" / SLUG, words=60)
    command = [sys.executable, "-m", "publisher", "build", "source", "-o", "dist", "-q"]
    subprocess.run(
        [*command, "--formats", "html,script", "--budget", "none"], cwd=folder, env=env, check=True
    )
    write_long_release(release, words=words)
    return folder


def stop_once(
    template: Path, jobs: int, at_s: float, *, signum: int, env: dict[str, str], limit_s: float
) -> Stop:
    """Build, send ``signum`` ``at_s`` seconds in, measure the stop."""
    with tempfile.TemporaryDirectory(prefix="bench-stop-") as scratch:
        work = Path(scratch) / "work"
        shutil.copytree(template, work)
        dist, cache = work / "dist", Path(scratch) / "cache"
        before = checksums(dist)
        command = [sys.executable, "-m", "publisher", "build", "source", "-o", "dist", "-q"]
        command += ["-j", str(jobs), "--formats", FORMATS, "--budget", "none"]
        command += ["--cache-dir", str(cache)]
        process = subprocess.Popen(
            command,
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(at_s)
        where = phase(dist, cache)
        sent = time.monotonic()
        process.send_signal(signum)
        try:
            process.wait(timeout=limit_s)
            latency: float | None = time.monotonic() - sent
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            latency = None
        time.sleep(1.0)
        left = len(group_members(process.pid))
        if left:
            os.killpg(process.pid, signal.SIGKILL)
        return Stop(jobs, at_s, where, latency, process.returncode, checksums(dist) == before, left)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--at", default="1,3,6,10,15", help="seconds after the start")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--words", type=int, default=2400)
    parser.add_argument("--signal", default="TERM", help="TERM, INT or HUP")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to build with")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds to wait for a stop")
    args = parser.parse_args()
    signum = signal.Signals[f"SIG{args.signal.upper()}"]
    env = {**os.environ, "PYTHONPATH": str(args.code.resolve()), "SOURCE_DATE_EPOCH": "1700000000"}
    print(f"{signum.name} to a build of {args.words} words ({FORMATS}), code: {args.code}")
    print(
        f"{'-j':>3} {'at s':>5} {'phase':>10} {'stop s':>7} {'exit':>5} {'outputs':>9} {'left':>5}"
    )
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-stop-") as folder:
        template = prepare(Path(folder), args.words, env)
        for jobs in (int(j) for j in args.jobs.split(",")):
            for at_s in (float(a) for a in args.at.split(",")):
                stop = stop_once(template, jobs, at_s, signum=signum, env=env, limit_s=args.limit)
                took = f">{args.limit:.0f}" if stop.latency_s is None else f"{stop.latency_s:.2f}"
                same = "same" if stop.unchanged else "CHANGED"
                print(
                    f"{jobs:>3} {at_s:>5.0f} {stop.phase:>10} {took:>7} {stop.code:>5}"
                    f" {same:>9} {stop.left:>5}",
                    flush=True,
                )
                failed |= (
                    stop.latency_s is None
                    or stop.latency_s > TARGET_S
                    or stop.code != 130
                    or not stop.unchanged
                    or stop.left > 0
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
