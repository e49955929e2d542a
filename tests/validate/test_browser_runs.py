"""axe-core really runs in Debian Chromium, and screenshots honour width and text zoom."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from publisher.validate import (
    BrowserSession,
    ValidatorMissing,
    browser_session,
    ensure_axe,
    run_axe,
    screenshot,
)
from tests.validate.support import Require

pytestmark = pytest.mark.slow


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_inaccessible_page_fails_axe(broken_page: Path, require_validator: Require) -> None:
    findings = require_validator(run_axe, broken_page, 320)
    rules = {f.rule for f in findings}
    assert {"html-has-lang", "image-alt"} <= rules
    alt = next(f for f in findings if f.rule == "image-alt")
    assert alt.severity == "critical"
    assert alt.location == "broken.html @320px img"


def test_accessible_page_passes_axe(good_page: Path, require_validator: Require) -> None:
    assert require_validator(run_axe, good_page, 1024) == []


def test_screenshot_at_width_and_text_zoom(
    good_page: Path, tmp_path: Path, require_validator: Require
) -> None:
    normal = require_validator(screenshot, good_page, 320, tmp_path / "normal.png")
    zoomed = require_validator(screenshot, good_page, 320, tmp_path / "zoom.png", text_zoom=3.0)
    assert _png_size(normal)[0] == 320
    assert _png_size(zoomed)[0] == 320
    assert normal.read_bytes() != zoomed.read_bytes()


def test_missing_axe_is_reported(
    broken_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_AXE", str(tmp_path / "no-axe.js"))
    with pytest.raises(ValidatorMissing, match="axe-core not available"):
        run_axe(broken_page, 320)


def test_one_session_checks_several_pages_in_one_browser(
    broken_page: Path,
    good_page: Path,
    tmp_path: Path,
    require_validator: Require,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_validator(ensure_axe)
    import playwright.sync_api

    starts: list[object] = []
    start = playwright.sync_api.sync_playwright

    def counting() -> Any:
        starts.append(None)
        return start()

    monkeypatch.setattr(playwright.sync_api, "sync_playwright", counting)
    with browser_session() as session:
        broken = require_validator(session.axe, broken_page, 320)
        good = require_validator(session.axe, good_page, 1280)
        wide = require_validator(session.axe, broken_page, 1280)
        shot = require_validator(session.screenshot, good_page, 320, tmp_path / "good.png")
    assert len(starts) == 1
    assert {"html-has-lang", "image-alt"} <= {f.rule for f in broken}
    assert good == []
    assert {f.location for f in wide if f.rule == "image-alt"} == {"broken.html @1280px img"}
    assert _png_size(shot)[0] == 320


def test_a_session_that_checks_no_page_starts_no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_: BrowserSession) -> Any:
        raise AssertionError("a browser was started")

    monkeypatch.setattr(BrowserSession, "_launch", refuse)
    with browser_session():
        pass


def test_content_width_shows_sideways_scrolling(
    good_page: Path, tmp_path: Path, require_validator: Require
) -> None:
    wide = tmp_path / "wide.html"
    wide.write_text(
        '<!DOCTYPE html><html lang="en"><title>Wide</title><div style="width:900px">x</div>',
        encoding="utf-8",
    )
    with browser_session() as session:
        assert require_validator(session.content_width, good_page, 320) <= 320
        assert require_validator(session.content_width, wide, 320) >= 900
