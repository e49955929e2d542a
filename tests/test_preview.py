"""`publisher preview`: in Debian's Chromium a saved edit shows and a broken source shows its error;
it answers only requests named for it, for well-formed paths, and a port in use is named."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.errors import UsageError
from publisher.preview import PreviewServer
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


def _get(port: int, target: str, host: str | None) -> tuple[int, bytes]:
    """Status and body of a raw GET (http.client would tidy the target and the Host)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        named = f"Host: {host}\r\n" if host is not None else ""
        request = f"GET {target} HTTP/1.1\r\n{named}Connection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_only_its_own_name_and_well_formed_paths_are_answered(tmp_path: Path) -> None:
    def build(output: Path) -> None:
        (output / "nota").mkdir(exist_ok=True)
        (output / "nota" / "index.html").write_text("<body>hola</body>", "utf-8")
        (output / "nota" / ".state.json").write_text("{}", "utf-8")

    server = PreviewServer([tmp_path], build, port=0)
    serving = threading.Thread(target=server.serve, args=(60,))
    serving.start()
    try:
        own = f"127.0.0.1:{server.port}"
        status, body = _get(server.port, "/nota/", own)
        assert (status, body.startswith(b"<body>hola")) == (200, True)
        assert _get(server.port, "/nota/", f"localhost:{server.port}")[0] == 200
        for host in ("evil.example", f"evil.example:{server.port}", None, "127.0.0.1"):
            status, body = _get(server.port, "/nota/", host)
            assert status == 403
            assert body == f"publisher preview answers only {server.url}\n".encode()
        for target in ("/%00", "/nota/%00.html", "/%zz", "/%ff"):
            assert _get(server.port, target, own)[0] == 400
        for target in ("/../../etc/passwd", "/%2e%2e/etc/passwd", "/nota/.state.json"):
            assert _get(server.port, target, own)[0] == 404
    finally:
        server.httpd.shutdown()
        serving.join(timeout=20)
    assert not server.output.exists()


def test_a_port_in_use_is_named_and_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"cannot serve on 127.0.0.1:{port}: .*in use"):
            PreviewServer([tmp_path], lambda output: None, port=port)
    assert list(tmp_path.iterdir()) == []
