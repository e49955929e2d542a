"""DAISY Ace (EPUB accessibility) run from the pinned npm install in tools/ace."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from publisher.validate.base import (
    Finding,
    ValidatorFailed,
    chromium_path,
    pinned_tool,
    require_file,
    which,
)

TIMEOUT_S = 600
"""Longest a single Ace run may take."""

EXIT_VIOLATIONS = 2
"""What ace-cli exits with, given ``-E``, when the report has violations."""


def ace_cli() -> Path:
    """The ace-cli executable: ``$PUBLISHER_ACE`` or tools/ace/node_modules/.bin/ace-cli."""
    return pinned_tool("PUBLISHER_ACE", "node_modules/.bin/ace-cli", "Ace")


def ensure_ace() -> None:
    """Raise ValidatorMissing unless Ace can run here."""
    ace_cli()
    which("node", "Ace (needs Node.js)")
    chromium_path()


def run_ace(epub: Path, report_dir: Path | None = None) -> list[Finding]:
    """Check ``epub`` with Ace; one finding per failed assertion.

    The full report (report.json, report.html) is kept in ``report_dir`` when given.
    """
    target = require_file(epub)
    ensure_ace()
    with tempfile.TemporaryDirectory(prefix="publisher-ace-") as scratch:
        out = report_dir.resolve() if report_dir is not None else Path(scratch) / "report"
        command = [
            str(ace_cli()),
            "--silent",
            "--force",
            "--exiterror2",
            "--tempdir",
            str(Path(scratch) / "tmp"),
            "--outdir",
            str(out),
            str(target),
        ]
        env = {
            **os.environ,
            "PUPPETEER_EXECUTABLE_PATH": str(chromium_path()),
            "PUPPETEER_SKIP_DOWNLOAD": "1",
        }
        (Path(scratch) / "tmp").mkdir()
        done = _run(command, env, Path(scratch), epub)
        report_file = out / "report.json"
        if done.returncode not in (0, EXIT_VIOLATIONS) or not report_file.is_file():
            detail = (done.stdout + done.stderr).decode(errors="replace").strip()[-2000:]
            raise ValidatorFailed(
                f"Ace failed on {epub} (exit {done.returncode}): {detail or 'no output'}"
            )
        try:
            report = json.loads(report_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValidatorFailed(f"Ace wrote no readable report for {epub}: {error}") from None
    findings = parse_report(report)
    if done.returncode == EXIT_VIOLATIONS and not findings:
        raise ValidatorFailed(f"Ace reported violations in {epub} but none could be read")
    return findings


def parse_report(report: dict[str, Any]) -> list[Finding]:
    """Findings from an Ace ``report.json``: every assertion whose outcome is ``fail``.

    Locations are paths inside the EPUB: Ace names content documents relative to the
    package document, so they are joined to its folder.
    """
    assertions: list[dict[str, Any]] = report.get("assertions", [])
    urls = [str(a.get("earl:testSubject", {}).get("url", "")) for a in assertions]
    package = next((url for url in urls if url.endswith(".opf")), "")
    return list(_failures(assertions, "", PurePosixPath(package.lstrip("/")).parent))


def _failures(
    assertions: list[dict[str, Any]], subject: str, base: PurePosixPath
) -> Iterator[Finding]:
    """Walk nested EARL assertions, carrying the document they are about."""
    for assertion in assertions:
        url = assertion.get("earl:testSubject", {}).get("url")
        where = _in_epub(str(url), base) if url else subject
        test = assertion.get("earl:test")
        result = assertion.get("earl:result", {})
        if test is not None and result.get("earl:outcome") == "fail":
            yield Finding(
                tool="ace",
                rule=str(test.get("dct:title", "")),
                severity=str(test.get("earl:impact") or "unknown"),
                message=_one_line(result.get("dct:description") or test.get("dct:description")),
                location=_location(where, result.get("earl:pointer")),
            )
        yield from _failures(assertion.get("assertions", []), where, base)


def _in_epub(url: str, base: PurePosixPath) -> str:
    """A path from the EPUB's root: ``/x`` and ``EPUB/x.opf`` as they are, others under ``base``."""
    if url.startswith("/") or url.endswith(".opf") or str(base) in ("", "."):
        return url.lstrip("/")
    return str(base / url)


def _location(url: str, pointer: dict[str, Any] | None) -> str:
    """``document selector`` for an assertion, or the document alone."""
    if not pointer:
        return url
    css = " ".join(str(part) for part in pointer.get("css", []))
    return f"{url} {css}".strip()


def _one_line(text: object) -> str:
    """Ace's multi-line descriptions (one line per failed check) joined with semicolons."""
    return "; ".join(line.strip() for line in str(text or "").splitlines() if line.strip())


def _run(
    command: list[str], env: dict[str, str], cwd: Path, epub: Path
) -> subprocess.CompletedProcess[bytes]:
    """Run ace-cli in its own process group, so a timeout also ends the browser it started."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ValidatorFailed(f"Ace took longer than {TIMEOUT_S} s on {epub}") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
