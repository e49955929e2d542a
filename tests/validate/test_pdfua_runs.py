"""pdfua really runs on WeasyPrint output, and a rule that crashes is reported as skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.validate import Finding, run_pdfua
from publisher.validate.pdfua import findings_from
from tests.validate.support import Require

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Tiny</title></head>
<body><h1>Heading</h1><p>Some text.</p></body></html>"""


def _pdf(path: Path, variant: str | None) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    weasyprint.HTML(string=PAGE).write_pdf(path, pdf_variant=variant)
    return path


def test_untagged_pdf_fails_pdfua(tmp_path: Path, require_validator: Require) -> None:
    findings = require_validator(run_pdfua, _pdf(tmp_path / "plain.pdf", None))
    failing = {f.rule for f in findings if f.failing}
    assert "UA-01-005" in failing  # no structure tree
    assert {f.tool for f in findings} == {"pdfua"}


def test_crashing_rule_is_skipped_and_the_others_still_run(
    tmp_path: Path, require_validator: Require
) -> None:
    findings = require_validator(run_pdfua, _pdf(tmp_path / "ua.pdf", "pdf/ua-1"))
    skipped = [f for f in findings if f.severity == "skipped"]
    # pdfua 0.1.3's empty-heading rule raises on the /K arrays WeasyPrint writes.
    assert {f.rule for f in skipped} <= {"UA-14-001"}
    for finding in skipped:
        assert not finding.failing
        assert finding.message.startswith("rule could not run on this file: rule raised")
    assert "UA-01-005" not in {f.rule for f in findings}  # tagged: that rule ran and passed


def test_skipped_rules_become_explicit_findings() -> None:
    pdfua = pytest.importorskip("pdfua")
    from pdfua.model import RuleOutcome

    report = pdfua.Report(
        path="x.pdf",
        outcomes=(
            RuleOutcome("UA-14-001", skipped_reason="rule raised ValueError: boom"),
            RuleOutcome(
                "UA-06-001",
                findings=(pdfua.Finding("UA-06-001", pdfua.Severity.ERROR, "No /Lang."),),
            ),
        ),
    )
    assert findings_from(report) == [
        Finding(
            "pdfua",
            "UA-14-001",
            "skipped",
            "rule could not run on this file: rule raised ValueError: boom",
            "document",
        ),
        Finding("pdfua", "UA-06-001", "error", "No /Lang.", "document"),
    ]


def test_unreadable_pdf_is_a_fatal_finding(tmp_path: Path, require_validator: Require) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    [finding] = require_validator(run_pdfua, junk)
    assert (finding.rule, finding.severity) == ("unreadable", "fatal")
