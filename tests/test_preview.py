"""`publisher preview` in Debian's Chromium: a saved edit shows, a broken source shows its error."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.validate import ValidatorMissing
from publisher.validate.base import chromium_path
from publisher.validate.browser import LAUNCH_ARGS, ensure_browser
from tests.conftest import ROOT, MakeRelease
from tests.validate.support import missing

STOP_AFTER_S = 120
"""The preview stops by itself after this long, whatever happens to the test."""


def _start(folder: Path, stop_after: float) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "publisher", "preview", str(folder), "--port", "0"]
    command += ["--formats", "html", "--stop-after", str(stop_after)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert process.stderr is not None
    line = process.stderr.readline()  # the first line names the address
    assert line.startswith("preview: http://127.0.0.1:"), line
    return process, line.split()[1]


@pytest.fixture
def preview(make_release: MakeRelease) -> Iterator[tuple[Path, str]]:
    try:
        ensure_browser()
    except ValidatorMissing as error:
        missing(error)
    folder = make_release()
    process, url = _start(folder, STOP_AFTER_S)
    yield folder, url
    process.terminate()
    assert process.wait(timeout=20) == 0


def test_an_edit_shows_and_a_broken_source_shows_its_error_in_the_page(
    preview: tuple[Path, str],
) -> None:
    from playwright.sync_api import sync_playwright

    folder, url = preview
    es = folder / "es.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=list(LAUNCH_ARGS)
        )
        page = browser.new_page()
        page.goto(f"{url}nota/nota.es.html")
        assert "Segundo párrafo." in page.inner_text("main")

        es.write_text(es.read_text(encoding="utf-8").replace("Segundo", "Otro"), "utf-8")
        page.wait_for_selector("text=Otro párrafo.", timeout=30_000)

        es.write_text("---\ntitlex: Título\nlang: es-PE\n---\n\nTexto.\n", encoding="utf-8")
        error = page.wait_for_selector("#publisher-preview-error", timeout=30_000)
        assert error is not None
        message = error.inner_text()
        assert f"{es}:2: unknown key 'titlex' (did you mean 'title'?)" in message

        page.goto(f"{url}index.html")  # every page shows the error, not the last good build
        assert page.query_selector("#publisher-preview-error") is not None
        browser.close()


def test_a_preview_stops_by_itself(make_release: MakeRelease) -> None:
    process, url = _start(make_release(), 3)
    started = time.monotonic()
    assert process.wait(timeout=60) == 0
    assert url.startswith("http://127.0.0.1:")
    assert time.monotonic() - started < 60
