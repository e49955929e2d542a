"""Time the three PDFs of a release: ours next to pandoc + WeasyPrint on the same text.

    python benchmarks/bench_pdf.py [--release source/<slug>] [--runs 5] [--json]

"ours" is publisher's whole PDF path per edition (checks, WeasyPrint with the print stylesheet
and its font, the pikepdf fix-ups, metadata), split into rendering and finishing. "pandoc" turns
the same Markdown files into standalone HTML with pandoc (a subprocess, as it is used), then
WeasyPrint renders that HTML with its pdf/ua-1 variant and pandoc's default styles. Each figure
is the median over the runs, in seconds, measured in one warm process; the first (cold) run of
ours, which loads the fonts and WeasyPrint's caches, is reported on its own. "From the shell"
times whole commands, imports and start-up included: one Python process writing our three PDFs,
against pandoc then the weasyprint command for each PDF.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

from publisher.model import Edition, Release
from publisher.pdf.writer import finish_pdf, render_pdf
from publisher.sources import load_release

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "peru-preside-red-gobierno-electronico-2023"
NAMES = ("es", "en", "bilingual")


def editions(release: Release, name: str) -> list[Edition]:
    return list(release.editions) if name == "bilingual" else [release.edition(name)]


def timed(action: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    size = action()
    return time.perf_counter() - start, size


def ours(release: Release, name: str, out: Path) -> dict[str, float]:
    chosen = editions(release, name)
    start = time.perf_counter()
    raw = render_pdf(release, chosen)
    rendered = time.perf_counter()
    data = finish_pdf(raw, release, chosen)
    (out / f"ours.{name}.pdf").write_bytes(data)
    end = time.perf_counter()
    return {
        "render": rendered - start,
        "finish": end - rendered,
        "total": end - start,
        "size": len(data),
    }


def pandoc(release: Release, name: str, out: Path) -> dict[str, float]:
    sources = [edition.source for edition in editions(release, name)]
    html = out / f"pandoc.{name}.html"
    start = time.perf_counter()
    subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "html5", "-s", "-o", str(html), *map(str, sources)],
        check=True,
        capture_output=True,
    )
    converted = time.perf_counter()
    data = HTML(filename=str(html)).write_pdf(pdf_variant="pdf/ua-1")
    (out / f"pandoc.{name}.pdf").write_bytes(data)
    end = time.perf_counter()
    return {
        "render": end - converted,
        "pandoc": converted - start,
        "total": end - start,
        "size": len(data),
    }


OURS_SCRIPT = """
import sys
from pathlib import Path
from publisher.pdf.writer import write_pdf
from publisher.sources import load_release
release = load_release(Path(sys.argv[1]))
out = Path(sys.argv[2])
for edition in release.editions:
    write_pdf(release, [edition], out / f"{edition.primary_language}.pdf")
write_pdf(release, release.editions, out / "bilingual.pdf")
"""


def from_shell(release: Release, out: Path, have_pandoc: bool) -> dict[str, float]:
    """Wall time of the commands a user would run, start-up included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", OURS_SCRIPT, str(release.root), str(out)], check=True)
    figures = {"ours": time.perf_counter() - start}
    if have_pandoc:
        start = time.perf_counter()
        for name in NAMES:
            sources = [str(edition.source) for edition in editions(release, name)]
            html = out / f"shell.{name}.html"
            command = ["pandoc", "-f", "markdown", "-t", "html5", "-s", "-o", str(html)]
            subprocess.run([*command, *sources], check=True, capture_output=True)
            weasyprint = [sys.executable, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1"]
            target = str(out / f"shell.{name}.pdf")
            subprocess.run([*weasyprint, str(html), target], check=True, capture_output=True)
        figures["pandoc_weasyprint"] = time.perf_counter() - start
    return figures


def run(release: Release, runs: int) -> dict[str, object]:
    have_pandoc = shutil.which("pandoc") is not None
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cold = {name: ours(release, name, out) for name in NAMES}
        results["ours_cold_total_s"] = sum(r["total"] for r in cold.values())
        for label, method in (("ours", ours), ("pandoc_weasyprint", pandoc)):
            if label == "pandoc_weasyprint" and not have_pandoc:
                results[label] = "pandoc not installed"
                continue
            samples = [{name: method(release, name, out) for name in NAMES} for _ in range(runs)]
            per_file = {
                name: {
                    key: statistics.median(sample[name][key] for sample in samples)
                    for key in samples[0][name]
                }
                for name in NAMES
            }
            totals = [sum(sample[name]["total"] for name in NAMES) for sample in samples]
            results[label] = {"files": per_file, "three_pdfs_s": statistics.median(totals)}
        shell = [from_shell(release, out, have_pandoc) for _ in range(runs)]
        results["from_shell_s"] = {
            key: statistics.median(sample[key] for sample in shell) for key in shell[0]
        }
    return results


def report(results: dict[str, object]) -> str:
    lines = [f"ours, first run in this process: {results['ours_cold_total_s']:.2f} s"]
    for label in ("ours", "pandoc_weasyprint"):
        value = results[label]
        if not isinstance(value, dict):
            lines.append(f"{label}: {value}")
            continue
        lines.append(f"{label}: three PDFs in {value['three_pdfs_s']:.2f} s (median)")
        for name, figures in value["files"].items():
            parts = ", ".join(
                f"{key} {figures[key]:.3f} s" for key in figures if key not in ("size",)
            )
            lines.append(f"  {name:9} {figures['size'] / 1024:6.1f} KB  {parts}")
    shell = results["from_shell_s"]
    assert isinstance(shell, dict)
    said = ", ".join(f"{key} {value:.2f} s" for key, value in shell.items())
    lines.append(f"from the shell, three PDFs (median): {said}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results = run(load_release(args.release), max(1, args.runs))
    sys.stdout.write((json.dumps(results, indent=2) if args.json else report(results)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
