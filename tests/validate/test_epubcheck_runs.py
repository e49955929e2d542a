"""EPUBCheck really runs: a broken EPUB fails it, a tiny valid one passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.validate import Finding, run_epubcheck
from publisher.validate.epubcheck import parse_report
from tests.validate.support import Require

pytestmark = pytest.mark.slow


def test_broken_epub_fails_epubcheck(broken_epub: Path, require_validator: Require) -> None:
    findings = require_validator(run_epubcheck, broken_epub)
    errors = [f for f in findings if f.failing]
    assert errors, "EPUBCheck accepted an EPUB with no identifier or language"
    assert {f.tool for f in findings} == {"epubcheck"}
    assert any("dc:language" in f.message for f in errors)
    assert any(f.location.startswith("EPUB/package.opf") for f in errors)


def test_valid_epub_passes_epubcheck(good_epub: Path, require_validator: Require) -> None:
    findings = require_validator(run_epubcheck, good_epub)
    assert findings == []


def test_corrupt_file_is_a_fatal_finding(tmp_path: Path, require_validator: Require) -> None:
    junk = tmp_path / "junk.epub"
    junk.write_bytes(b"not a zip")
    findings = require_validator(run_epubcheck, junk)
    assert "fatal" in {f.severity for f in findings}


def test_report_parsing_keeps_messages_without_a_location() -> None:
    report = {
        "messages": [
            {
                "ID": "OPF-085",
                "severity": "WARNING",
                "message": "Bad.",
                "suggestion": "Fix.",
                "locations": [{"path": "EPUB/package.opf", "line": 4, "column": 9}],
            },
            {"ID": "PKG-010", "severity": "ERROR", "message": "Spaces.", "locations": []},
        ]
    }
    assert parse_report(report) == [
        Finding("epubcheck", "OPF-085", "warning", "Bad. (Fix.)", "EPUB/package.opf:4:9"),
        Finding("epubcheck", "PKG-010", "error", "Spaces.", ""),
    ]
