"""Build benchmark: publisher against the peer pipeline, rebuilds, start-up and archive throughput.

    python benchmarks/bench_build.py [--runs 3] [--archive 200] [--quick] [--json FILE]
                                     [--profile FILE] [--code DIR]

Measured on the seed (source/), each run in fresh temporary folders, the runs interleaved with
the peer pipeline (benchmarks/peer_pipeline.py: pandoc, WeasyPrint, espeak-ng | lame), medians:

- cold ``publisher build`` (empty speech cache) against the peer pipeline: wall and CPU seconds
  (``getrusage(RUSAGE_CHILDREN)`` deltas, so every child process counts) and their ratio;
- a rebuild into the same output folder with nothing changed, and a rebuild after one paragraph
  of the Spanish edition changed: wall seconds and share of the cold build;
- ``publisher --help``: wall seconds.

Then an archive of N releases (scripts/make_archive.py, seed 0) is built cold at ``-j 1``, at
``-j 2`` and through a 2-worker Dask cluster on 127.0.0.1 (``--scheduler``; the workers started
as the README advises: sampling profiler off, allocator settings): releases per minute
and the peak RSS of the largest process (polled from /proc). Options the build does not have
yet (``-j/--jobs``, ``--scheduler``, ``--log``) are found in ``publisher build --help``; what
needs a missing one is skipped with a note. Every build runs with ``SOURCE_DATE_EPOCH`` set (so
a rebuild has nothing to change) and ``PUBLISHER_CACHE`` pointing at the run's own empty folder.
The checkout's modules are compiled to bytecode first, as an installed package's are.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib.util
import json
import os
import platform
import pstats
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "benchmarks" / "peer_pipeline.py"
MAKE_ARCHIVE = ROOT / "scripts" / "make_archive.py"
EPOCH = "1700000000"
TARGETS = {
    "cold_vs_peer": 1.0,  # wall-time ratio, at most
    "noop_share": 0.10,  # of cold, at most (and at most 1 s)
    "noop_s": 1.0,
    "edit_share": 0.30,  # of cold, at most
    "help_s": 0.3,
    "j2_speedup": 1.8,  # -j 2 over -j 1, at least
    "dask_vs_j2": 0.85,  # Dask throughput over -j 2's, at least
    "worker_rss_mb": 300.0,
}


class BenchError(Exception):
    """A command the benchmark runs failed; the message says which and how."""


@dataclass
class Sample:
    """One measured command: wall and CPU seconds, largest process's peak RSS, task counts."""

    wall: float
    cpu: float
    peak_rss_mb: float = 0.0
    peak_process: str = ""
    others: float = 0.0
    tasks: dict[str, int] = field(default_factory=dict)


@dataclass
class Flags:
    """What ``publisher build --help`` offers of the options the benchmark can use."""

    jobs: str | None  # "-j" or "--jobs"
    scheduler: bool
    log: bool


class Watch:
    """Polls /proc for the peak RSS and the CPU ticks of a process tree (and extra trees)."""

    def __init__(self, roots: list[int], interval: float = 0.1) -> None:
        self.roots = roots
        self.interval = interval
        self.peaks: dict[int, tuple[int, str]] = {}
        self.ticks: dict[int, tuple[int, int]] = {}  # pid -> (first, last) utime+stime
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def sample(self) -> None:
        """Read every process of the watched trees once."""
        children: dict[int, list[int]] = {}
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    text = (entry / "stat").read_text()
                    fields = text[text.rindex(")") + 2 :].split()
                    stats[int(entry.name)] = [text[text.index("(") + 1 : text.rindex(")")], *fields]
                    children.setdefault(int(fields[1]), []).append(int(entry.name))
        todo, seen = list(self.roots), set()
        while todo:
            pid = todo.pop()
            if pid in seen or pid not in stats:
                continue
            seen.add(pid)
            todo += children.get(pid, [])
            name, *fields = stats[pid]
            rss_pages, ticks = int(fields[21]), int(fields[11]) + int(fields[12])
            rss_kb = rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024
            if rss_kb > self.peaks.get(pid, (0, ""))[0]:
                self.peaks[pid] = (rss_kb, name)
            first = self.ticks.get(pid, (ticks, ticks))[0]
            self.ticks[pid] = (first, ticks)

    def largest(self) -> tuple[float, str]:
        """The largest peak RSS seen in MB, and the name of its process."""
        rss_kb, name = max(self.peaks.values(), default=(0, ""))
        return rss_kb / 1024, name

    def cpu_seconds(self) -> float:
        """CPU seconds the watched processes used while they were watched."""
        ticks = sum(last - first for first, last in self.ticks.values())
        return ticks / os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (not idle or waiting), from /proc/stat."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def run(command: list[str], env: dict[str, str], cwd: Path, *, watched: bool = False) -> Sample:
    """Run ``command`` to its end; wall and CPU seconds of it and every child it waited for.

    ``watched``: also poll /proc for the peak RSS of its processes. ``others`` is the number of
    cores that other work on the machine kept busy meanwhile, on average.
    """
    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watch = Watch([process.pid]) if watched else None
    with watch or contextlib.nullcontext():
        out, err = process.communicate()
    wall = time.perf_counter() - start
    after, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds() - busy
    if process.returncode != 0:
        tail = "\n".join((out + err).strip().splitlines()[-15:])
        raise BenchError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss, name = watch.largest() if watch else (0.0, "")
    return Sample(wall, cpu, rss, name, others=max(0.0, (busy - cpu) / wall))


class Bench:
    """The commands of one benchmark: publisher from ``code``, the peer pipeline, the archive."""

    def __init__(self, code: Path, scratch: Path) -> None:
        self.code = code
        self.scratch = scratch
        self.python = sys.executable
        self._compile()
        self.flags = self._flags()

    def _compile(self) -> None:
        """Compile the checkout's modules to bytecode, as pip does when it installs a wheel.

        Where ``PYTHONDONTWRITEBYTECODE`` is set, every run would otherwise compile them again
        (a sixth of a rebuild with nothing to do), which an installed package never does.
        """
        command = [self.python, "-m", "compileall", "-q", str(self.code / "publisher")]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BenchError(f"compileall exited {done.returncode}:\n{done.stdout}{done.stderr}")

    def env(self, cache: Path) -> dict[str, str]:
        """The environment of every command: this checkout, a fixed epoch, its own cache."""
        return {
            **os.environ,
            "PYTHONPATH": str(self.code),
            "SOURCE_DATE_EPOCH": EPOCH,
            "PUBLISHER_CACHE": str(cache),
        }

    def publisher(self, *args: str) -> list[str]:
        """The command line of ``publisher ARGS`` from this checkout."""
        return [self.python, "-m", "publisher", *args]

    def _flags(self) -> Flags:
        done = subprocess.run(
            self.publisher("build", "--help"),
            env=self.env(self.scratch / "help-cache"),
            cwd=self.scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"publisher build --help exited {done.returncode}:\n{done.stderr}")
        found = set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", done.stdout))
        jobs = "-j" if "-j" in found else "--jobs" if "--jobs" in found else None
        return Flags(jobs=jobs, scheduler="--scheduler" in found, log="--log" in found)

    def build(
        self, source: Path, out: Path, cache: Path, *options: str, watched: bool = False
    ) -> Sample:
        """``publisher build SOURCE -o OUT -q OPTIONS`` with its own cache (tasks from --log)."""
        log = out.parent / f"{out.name}.log.jsonl"
        logging = ("--log", str(log)) if self.flags.log else ()
        command = self.publisher("build", str(source), "-o", str(out), "-q", *logging, *options)
        sample = run(command, self.env(cache), out.parent, watched=watched)
        if self.flags.log and log.is_file():
            sample.tasks = dict(task_counts(log))
            log.unlink()
        return sample

    def peer(self, source: Path, out: Path) -> Sample:
        """The peer pipeline of ``source`` into ``out``."""
        command = [self.python, str(PEER), str(source), "-o", str(out)]
        return run(command, self.env(out.parent / "cache"), out.parent)

    def help(self) -> float:
        """Wall seconds of ``publisher --help``."""
        command = self.publisher("--help")
        return run(command, self.env(self.scratch / "help-cache"), self.scratch).wall


def task_counts(log: Path) -> Counter[str]:
    """Tasks of a ``--log`` JSON-lines file by status (``built``, ``cached``, ...)."""
    counts: Counter[str] = Counter()
    for line in log.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError, AttributeError):
            record = json.loads(line)
            status = record.get("status") or ("cached" if record.get("cached") else "built")
            counts[str(status)] += 1
    return counts


def edit_one_paragraph(markdown: Path) -> str:
    """Change the last sentence of the middle paragraph of an edition; the paragraph's new text."""
    text = markdown.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    blocks = body.split("\n\n")
    paragraphs = [
        i for i, b in enumerate(blocks) if b.strip() and b.strip()[0] not in "#>-|!*0123456789"
    ]
    if not paragraphs:
        raise BenchError(f"{markdown}: no paragraph to change")
    index = paragraphs[len(paragraphs) // 2]
    block = blocks[index].rstrip()
    ending = ", según informó hoy la oficina de prensa."
    blocks[index] = block[:-1] + ending if block.endswith(".") else block + ending
    markdown.write_text(head + "\n---\n" + "\n\n".join(blocks), encoding="utf-8")
    return blocks[index]


def original_edition(release: Path) -> Path:
    """The Spanish edition of a release folder (es.md), else its first Markdown file."""
    spanish = release / "es.md"
    return spanish if spanish.is_file() else sorted(release.glob("*.md"))[0]


def seed_run(bench: Bench, source: Path, index: int) -> dict[str, Any]:
    """One interleaved run on the seed: publisher cold, no-op, one-paragraph edit; the peer."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="run-", dir=bench.scratch) as scratch:
        folder = Path(scratch)
        copy = folder / "source"
        shutil.copytree(source, copy)
        out, cache = folder / "dist", folder / "cache"

        def publisher_side() -> None:
            results["cold"] = bench.build(copy, out, cache)
            results["noop"] = bench.build(copy, out, cache)
            release = next(p for p in sorted(copy.iterdir()) if (p / "release.yaml").is_file())
            edit_one_paragraph(original_edition(release))
            results["edit"] = bench.build(copy, out, cache)

        def peer_side() -> None:
            results["peer"] = bench.peer(source, folder / "peer")

        sides = (publisher_side, peer_side) if index % 2 == 0 else (peer_side, publisher_side)
        for side in sides:
            side()
    results["help"] = [bench.help() for _ in range(3)]
    return results


DASK_WORKER_ENV = {
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "MALLOC_TRIM_THRESHOLD_": "134217728",
    "MALLOC_MMAP_THRESHOLD_": "16777216",
}
"""The environment the README advises starting Dask workers in."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def dask_cluster(bench: Bench, cache: Path) -> Iterator[tuple[str, list[int]]]:
    """A Dask scheduler and two one-thread workers on 127.0.0.1: the address and worker pids."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    # As the README advises: the workers' sampling profiler off (8 to 17% of their CPU), and
    # glibc's allocator keeping freed memory rather than Dask's 64 KB trim threshold, which
    # faulted in fresh pages for every large buffer (7 times the page faults of -j 2).
    env = {**bench.env(cache), **DASK_WORKER_ENV}
    logs = bench.scratch / "dask-logs"
    logs.mkdir(exist_ok=True)
    dask = [bench.python, "-m", "dask"]
    scheduler_cmd = [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    scheduler_cmd += ["--dashboard-address", ":0"]
    worker_cmd = [*dask, "worker", address, "--nthreads", "1", "--nworkers", "1"]
    worker_cmd += ["--memory-limit", "0"]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with (logs / "scheduler.log").open("wb") as log:
            processes.append(subprocess.Popen(scheduler_cmd, env=env, stdout=log, stderr=log))
        wait_for_port(port, 60)
        for number in range(2):
            with (logs / f"worker-{number}.log").open("wb") as log:
                processes.append(subprocess.Popen(worker_cmd, env=env, stdout=log, stderr=log))
        from distributed import Client

        with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=120)
        yield address, [p.pid for p in processes[1:]]
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_port(port: int, seconds: float) -> None:
    """Return once something listens on 127.0.0.1:``port``; raise after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise BenchError(f"the Dask scheduler did not listen on 127.0.0.1:{port} in {seconds:.0f} s")


def archive_runs(bench: Bench, count: int, notes: list[str]) -> dict[str, Any]:
    """Generate the archive and build it cold in every configuration the CLI offers."""
    folder = bench.scratch / "archive-runs"
    folder.mkdir()
    archive = folder / "archive"
    made = run(
        [bench.python, str(MAKE_ARCHIVE), str(archive), "-n", str(count)],
        bench.env(folder / "cache"),
        folder,
    )
    results: dict[str, Any] = {"releases": count, "generate_s": made.wall, "configs": {}}
    configs: list[tuple[str, list[str]]] = []
    jobs = bench.flags.jobs
    configs.append(("-j 1", [jobs, "1"] if jobs else []))
    if jobs:
        configs.append(("-j 2", [jobs, "2"]))
    else:
        notes.append("-j 1 is today's sequential build; -j 2 skipped: build has no -j/--jobs")
    for name, options in configs:
        print(f"archive of {count}: building with {name} ...", flush=True)
        sample = bench.build(
            archive,
            folder / f"dist{len(results['configs'])}",
            folder / f"cache{len(results['configs'])}",
            "--budget",
            "none",
            *options,
            watched=True,
        )
        results["configs"][name] = asdict(sample)
    if not bench.flags.scheduler:
        notes.append("Dask skipped: build has no --scheduler")
    elif not all(importlib.util.find_spec(m) for m in ("dask", "distributed")):
        notes.append("Dask skipped: the dask and distributed packages are not installed")
    else:
        print(f"archive of {count}: building through a 2-worker Dask cluster ...", flush=True)
        cache = folder / "cache-dask"
        with dask_cluster(bench, cache) as (address, workers), Watch(workers) as on_workers:
            sample = bench.build(
                archive, folder / "dist-dask", cache, "--budget", "none", "--scheduler", address
            )
        sample.cpu += on_workers.cpu_seconds()
        sample.others = max(0.0, sample.others - on_workers.cpu_seconds() / sample.wall)
        sample.peak_rss_mb, sample.peak_process = on_workers.largest()
        results["configs"]["dask 2 workers"] = asdict(sample)
    for config in results["configs"].values():
        config["releases_per_min"] = count / config["wall"] * 60
    return results


def median(values: list[float]) -> float:
    """The median of ``values``."""
    return float(statistics.median(values))


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of the seed runs and the ratios the targets are stated in."""
    figures: dict[str, Any] = {}
    for key in ("cold", "noop", "edit", "peer"):
        figures[key] = {
            "wall": median([r[key].wall for r in runs]),
            "cpu": median([r[key].cpu for r in runs]),
            "others": median([r[key].others for r in runs]),
            "samples": [asdict(r[key]) for r in runs],
        }
    figures["help"] = {"wall": median([s for r in runs for s in r["help"]])}
    cold = figures["cold"]["wall"]
    figures["cold_vs_peer"] = cold / figures["peer"]["wall"]
    figures["cpu_vs_peer"] = figures["cold"]["cpu"] / figures["peer"]["cpu"]
    figures["noop_share"] = figures["noop"]["wall"] / cold
    figures["edit_share"] = figures["edit"]["wall"] / cold
    return figures


def verdict(ok: bool) -> str:
    """The table's last column."""
    return "yes" if ok else "NO"


def print_table(seed: dict[str, Any], archive: dict[str, Any] | None, runs: int) -> None:
    """The figures, their targets and whether each is met."""
    t = TARGETS
    cold, peer = seed["cold"], seed["peer"]
    print(f"\nseed release, median of {runs} interleaved run(s)")
    print(f"{'':34} {'wall s':>8} {'cpu s':>8} {'others':>6}  {'figure':>14}  {'target':>12}  met")
    rows = [
        (
            "publisher build, cold",
            cold,
            f"{seed['cold_vs_peer']:.2f}x peer",
            "<= 1.00x",
            seed["cold_vs_peer"] <= t["cold_vs_peer"],
        ),
        ("peer pipeline", peer, f"cpu {seed['cpu_vs_peer']:.2f}x", "", None),
        (
            "rebuild, nothing changed",
            seed["noop"],
            f"{seed['noop_share']:.0%} of cold",
            "<= 10%, 1 s",
            seed["noop_share"] <= t["noop_share"] and seed["noop"]["wall"] <= t["noop_s"],
        ),
        (
            "rebuild, one Spanish paragraph",
            seed["edit"],
            f"{seed['edit_share']:.0%} of cold",
            "<= 30%",
            seed["edit_share"] <= t["edit_share"],
        ),
    ]
    for label, figure, text, target, ok in rows:
        met = "" if ok is None else verdict(ok)
        times = f"{figure['wall']:>8.2f} {figure['cpu']:>8.2f} {figure['others']:>6.1f}"
        print(f"{label:34} {times}  {text:>14}  {target:>12}  {met}")
    help_s = seed["help"]["wall"]
    print(
        f"{'publisher --help':34} {help_s:>8.2f} {'':>8} {'':>6}  {'':>14}  {'<= 0.30 s':>12}  "
        f"{verdict(help_s <= t['help_s'])}"
    )
    if archive is None:
        return
    print(
        f"\narchive of {archive['releases']} releases, cold (one build each; generated in "
        f"{archive['generate_s']:.1f} s)"
    )
    print(
        f"{'':34} {'wall s':>8} {'cpu s':>8} {'others':>6}  {'releases/min':>14}  "
        f"{'peak MB':>12}  process"
    )
    for name, config in archive["configs"].items():
        print(
            f"{name:34} {config['wall']:>8.1f} {config['cpu']:>8.1f} {config['others']:>6.1f}  "
            f"{config['releases_per_min']:>14.1f}  {config['peak_rss_mb']:>12.0f}  "
            f"{config['peak_process']}"
        )
    configs = archive["configs"]
    if "-j 1" in configs and "-j 2" in configs:
        speedup = configs["-j 2"]["releases_per_min"] / configs["-j 1"]["releases_per_min"]
        print(
            f"-j 2 over -j 1: {speedup:.2f}x (target >= {t['j2_speedup']}x: "
            f"{verdict(speedup >= t['j2_speedup'])})"
        )
    if "-j 2" in configs and "dask 2 workers" in configs:
        share = configs["dask 2 workers"]["releases_per_min"] / configs["-j 2"]["releases_per_min"]
        print(f"Dask over -j 2: {share:.0%} (target >= 85%: {verdict(share >= t['dask_vs_j2'])})")
    print(
        "others: cores kept busy by other work on the machine meanwhile, on average "
        f"(of {os.cpu_count()}); figures taken while it is above 0.2 are not comparable"
    )
    largest = max(c["peak_rss_mb"] for c in configs.values())
    print(
        f"largest process: {largest:.0f} MB (target <= 300 MB: "
        f"{verdict(largest <= t['worker_rss_mb'])})"
    )


def profile_cold_build(bench: Bench, source: Path, target: Path) -> None:
    """A cold build of the seed in this process under cProfile; the top of it printed."""
    with tempfile.TemporaryDirectory(prefix="profile-", dir=bench.scratch) as scratch:
        folder = Path(scratch)
        os.environ.update(SOURCE_DATE_EPOCH=EPOCH, PUBLISHER_CACHE=str(folder / "cache"))
        sys.path.insert(0, str(bench.code))
        from publisher.cli import main as publisher_main

        arguments = ["build", str(source), "-o", str(folder / "dist"), "-q"]
        profiler = cProfile.Profile()
        profiler.runcall(publisher_main, arguments)
        profiler.dump_stats(target)
    print(f"\nprofile of one cold build (this process only) in {target}; top by cumulative time:")
    pstats.Stats(str(target)).sort_stats("cumulative").print_stats(20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs (default: 3)")
    parser.add_argument("--archive", type=int, default=200, help="releases (0: skip; 200)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 run, archive of 10")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--profile", type=Path, help="also profile one cold build into FILE")
    parser.add_argument("--source", type=Path, default=ROOT / "source", help="default: source/")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to build with")
    args = parser.parse_args()
    runs, count = (1, 10) if args.quick else (args.runs, args.archive)
    if runs < 1 or count < 0:
        parser.error("--runs must be at least 1 and --archive at least 0")
    missing = [tool for tool in ("pandoc", "espeak-ng", "lame") if shutil.which(tool) is None]
    if missing:
        print(
            f"bench_build: {', '.join(missing)} not found: run scripts/install-system-deps.sh test",
            file=sys.stderr,
        )
        return 3
    source, notes = args.source.resolve(), list[str]()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        try:
            bench = Bench(args.code.resolve(), Path(scratch))
            print(
                f"publisher build options found: -j/--jobs {bench.flags.jobs or 'no'}, "
                f"--scheduler {'yes' if bench.flags.scheduler else 'no'}, "
                f"--log {'yes' if bench.flags.log else 'no'}",
                flush=True,
            )
            samples = []
            for index in range(runs):
                print(f"seed run {index + 1}/{runs} ...", flush=True)
                samples.append(seed_run(bench, source, index))
            seed = summarize(samples)
            archive = archive_runs(bench, count, notes) if count else None
        except BenchError as exc:
            print(f"bench_build: {exc}", file=sys.stderr)
            return 1
        print_table(seed, archive, runs)
        for note in notes:
            print(f"note: {note}")
        if args.profile:
            profile_cold_build(bench, source, args.profile)
    if args.json:
        report = {
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "flags": asdict(bench.flags),
            "runs": runs,
            "targets": TARGETS,
            "seed": seed,
            "archive": archive,
            "notes": notes,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
