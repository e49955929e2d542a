"""DAISY Ace really runs: a broken EPUB fails it with located rule ids, a tidy one passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.validate import ValidatorMissing, run_ace
from publisher.validate.ace import parse_report
from publisher.validate.base import chromium_path
from tests.validate.support import Require

pytestmark = pytest.mark.slow


def test_broken_epub_fails_ace(broken_epub: Path, require_validator: Require) -> None:
    findings = require_validator(run_ace, broken_epub)
    rules = {f.rule for f in findings}
    assert {"html-has-lang", "image-alt", "metadata-accessmode"} <= rules
    alt = next(f for f in findings if f.rule == "image-alt")
    assert alt.severity == "critical"
    assert alt.location == "EPUB/page.xhtml img"
    assert alt.failing
    assert "\n" not in alt.message


def test_accessible_epub_passes_ace(
    good_epub: Path, tmp_path: Path, require_validator: Require
) -> None:
    findings = require_validator(run_ace, good_epub, report_dir=tmp_path / "ace")
    assert findings == []
    assert (tmp_path / "ace" / "report.json").is_file()


def test_missing_ace_is_reported(
    broken_epub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_ACE", str(tmp_path / "no-ace-cli"))
    with pytest.raises(ValidatorMissing, match="Ace not available"):
        run_ace(broken_epub)


def test_missing_chromium_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ValidatorMissing, match="Chromium not available"):
        chromium_path()


def test_report_parsing_reads_nested_failures_only() -> None:
    report = {
        "assertions": [
            {
                "earl:testSubject": {"url": "OEBPS/content.opf"},
                "earl:result": {"earl:outcome": "pass"},
                "assertions": [],
            },
            {
                "earl:testSubject": {"url": "text/b.xhtml"},
                "earl:result": {"earl:outcome": "fail"},
                "assertions": [
                    {
                        "earl:test": {"dct:title": "html-has-lang", "earl:impact": "serious"},
                        "earl:result": {"earl:outcome": "fail", "dct:description": "No lang"},
                    }
                ],
            },
            {
                "earl:testSubject": {"url": "/EPUB/a.xhtml"},
                "earl:result": {"earl:outcome": "fail"},
                "assertions": [
                    {
                        "earl:test": {"dct:title": "image-alt", "earl:impact": "critical"},
                        "earl:result": {
                            "earl:outcome": "fail",
                            "dct:description": "No alt\n  No title ",
                            "earl:pointer": {"css": ["img.photo"], "cfi": ["/4/2"]},
                        },
                    },
                    {
                        "earl:test": {"dct:title": "region", "earl:impact": "moderate"},
                        "earl:result": {"earl:outcome": "pass"},
                    },
                ],
            },
        ]
    }
    lang, alt = parse_report(report)
    assert (lang.rule, lang.location) == ("html-has-lang", "OEBPS/text/b.xhtml")
    assert (alt.rule, alt.severity, alt.location) == (
        "image-alt",
        "critical",
        "EPUB/a.xhtml img.photo",
    )
    assert alt.message == "No alt; No title"
