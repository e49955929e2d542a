"""Import memory benchmark: Word decompression bombs against a normal document.

    python benchmarks/bench_import_memory.py [--code DIR] [--timeout 300]

Each case is a .docx written by tests/sources/docx_parts.py, small on disk: a press release of 30
paragraphs; a long document just under the element limit (19,000 paragraphs as Word writes them,
95,000 elements and 76,000 attributes); a document.xml of 180 MB of one repeated paragraph; tables
nested 10,000 deep; 600,000 elements that pack only 3:1 (so no ratio check catches them); and
entities that expand a billion times. Each is imported with ``python -m publisher import FILE
--langs es-PE -o OUT`` as a subprocess, measured alone in a child of its own: wall time and peak
RSS (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``). ``--code`` imports with another
checkout (e.g. one exported with ``git archive`` from before the limits), killed after
``--timeout`` seconds. Target: every case under 500 MB, every bomb refused (exit 2) in seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sources import docx_parts  # noqa: E402

TARGET_RSS_MB = 500.0
CASES: dict[str, Callable[[Path], Path]] = {
    "release, 30 paragraphs": lambda p: docx_parts.release(p, 30),
    "long, 19,000 paragraphs": lambda p: docx_parts.dense(p, 19_000),
    "repeated, 180 MB": lambda p: docx_parts.repeated(p, 180),
    "nested 10,000 deep": lambda p: docx_parts.nested(p, 10_000),
    "600,000 elements": lambda p: docx_parts.many_elements(p, 600_000),
    "billion laughs": docx_parts.laughs,
}
RUNNER = """
import resource, subprocess, sys, time
timeout, log, command = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
start = time.perf_counter()
with open(log, "w") as err:
    try:
        status = str(subprocess.run(command, stderr=err, check=False, timeout=timeout).returncode)
    except subprocess.TimeoutExpired:
        status = "killed"
wall = time.perf_counter() - start
print(status, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(source: Path, folder: Path, code: Path, timeout: float) -> tuple[str, float, float]:
    """Import ``source``: (exit status, wall seconds, peak RSS in MB) of the command alone."""
    log = folder / "stderr.txt"
    command = [sys.executable, "-m", "publisher", "import", str(source), "--langs", "es-PE"]
    command += ["-o", str(folder / "out"), "-q"]
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(timeout), str(log), *command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    status, wall, rss_kb = done.stdout.split()
    return status, float(wall), int(rss_kb) / 1024


def outcome(status: str, log: Path) -> str:
    """What the import said, shortened: 'imported', or the refusal's reason."""
    if status == "0":
        return "imported"
    if status == "killed":
        return "killed at the timeout"
    text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    last = text[-1] if text else ""
    reason = re.split(r", | \(|; ", last.split(": ", 2)[-1])[0]
    return reason.replace("its part word/document.xml ", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to import with")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a kill")
    args = parser.parse_args()
    print(
        f"{'case':<24} {'docx KB':>8} {'XML MB':>7} {'exit':>6} {'wall s':>7} {'peak MB':>8}"
        "  outcome"
    )
    failed = False
    for name, build in CASES.items():
        with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
            folder = Path(scratch)
            source = build(folder / "case.docx")
            with zipfile.ZipFile(source) as archive:
                unpacked = archive.getinfo("word/document.xml").file_size / 1024 / 1024
            status, wall, rss = measure(source, folder, args.code, args.timeout)
            said = outcome(status, folder / "stderr.txt")
            print(
                f"{name:<24} {source.stat().st_size / 1024:>8.0f} {unpacked:>7.1f} {status:>6}"
                f" {wall:>7.1f} {rss:>8.0f}  {said}",
                flush=True,
            )
            failed |= rss > TARGET_RSS_MB or status not in ("0", "2")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
