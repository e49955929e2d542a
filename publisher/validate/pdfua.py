"""The PyPI ``pdfua`` checker: the machine-checkable subset of PDF/UA-1, in process."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.validate.base import SETUP_HINT, Finding, ValidatorMissing, require_file

if TYPE_CHECKING:
    from pdfua import Report


def ensure_pdfua() -> None:
    """Raise ValidatorMissing unless the pdfua package is importable."""
    if find_spec("pdfua") is None:
        raise ValidatorMissing(
            f"pdfua not available (Python package pdfua not installed): {SETUP_HINT}"
        )


def run_pdfua(pdf: Path) -> list[Finding]:
    """Check ``pdf`` with every pdfua rule.

    Each rule runs on its own: one that raises (UA-14-001 does on WeasyPrint's
    structure trees) becomes a ``skipped`` finding with the reason, and the
    other rules still run. A file that cannot be parsed is one ``fatal`` finding.
    """
    target = require_file(pdf)
    ensure_pdfua()
    from pdfua import PdfuaError, Validator

    try:
        report = Validator().validate(str(target))
    except PdfuaError as exc:
        return [Finding("pdfua", "unreadable", "fatal", str(exc), pdf.name)]
    return findings_from(report)


def findings_from(report: Report) -> list[Finding]:
    """Findings and skipped rules of a pdfua report, in the report's rule order."""
    findings: list[Finding] = []
    for outcome in report.outcomes:
        if outcome.skipped_reason is not None:
            findings.append(
                Finding(
                    tool="pdfua",
                    rule=outcome.rule_id,
                    severity="skipped",
                    message=f"rule could not run on this file: {outcome.skipped_reason}",
                    location="document",
                )
            )
        for item in outcome.findings:
            heuristic = item.confidence.value != "certain"
            findings.append(
                Finding(
                    tool="pdfua",
                    rule=item.rule_id,
                    severity=item.severity.name.lower(),
                    message=f"{'[needs review] ' if heuristic else ''}{item.message}",
                    location=item.location.describe(),
                )
            )
    return findings
