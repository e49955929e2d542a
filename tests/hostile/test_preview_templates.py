"""Hostile page templates, base URLs and preview requests, each run as a user runs publisher.

A template that reaches for a file or for Python's internals, divides by zero, is not UTF-8
or does not parse; a base URL that would break a feed; a port that cannot be served; a web
page asking the preview under another name or for a malformed path. Each ends with exit 2 and
one message, or with the status it should get, never exit 1, a traceback, or a changed
source or output folder.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.preview import STATE_PATH
from tests.conftest import ROOT, MakeRelease
from tests.hostile.support import TIME_LIMIT_S, Outcome, refused, run_publisher

ENV = {"PYTHONPATH": str(ROOT)}
MAIN = '{% extends "base.html" %}{% block main %}\n'
END = "\n{% endblock %}"
SECRET = "do-not-publish-4711"


def _site(tmp_path: Path, make_release: MakeRelease, **templates: str | bytes) -> Path:
    """A release, a templates folder and the publisher.toml naming it; built once into dist."""
    make_release()
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "publisher.toml").write_text('[page]\ntemplates = "templates"\n', "utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    assert _build(tmp_path, writes=True).returncode == 0  # a previous output, to stay as it is
    for name, content in templates.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder


def _build(tmp_path: Path, *options: str, writes: bool = False) -> Outcome:
    """``publisher build`` of the release into dist; only if it ``writes`` may dist change."""
    command = ["build", "source", "-o", "dist", "--formats", "html", "-q", *options]
    watched = [tmp_path / "source", tmp_path / "templates"]
    if not writes:
        watched.append(tmp_path / "dist")
    return run_publisher(command, cwd=tmp_path, untouched=watched, env=ENV)


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ('{{ cycler.__init__.__globals__.os.popen("id").read() }}', "refused by the sandbox"),
        ("{{ lipsum.__globals__['os'].system('touch pwned') }}", "refused by the sandbox"),
        ('{{ "{0.__class__}".format(1) }}', "refused by the sandbox"),
        ('{% include "../secret.txt" %}', "no template '../secret.txt'"),
    ],
)
def test_a_template_reaching_past_its_values_is_refused(
    tmp_path: Path, make_release: MakeRelease, template: str, words: str
) -> None:
    _site(tmp_path, make_release, **{"release.html": MAIN + template + END})
    message = refused(_build(tmp_path), "templates/release.html:2", words)
    assert SECRET not in message
    assert not (tmp_path / "pwned").exists()


def test_a_template_linked_to_a_file_outside_is_not_read(
    tmp_path: Path, make_release: MakeRelease
) -> None:
    folder = _site(
        tmp_path, make_release, **{"release.html": MAIN + '{% include "x.html" %}' + END}
    )
    (folder / "x.html").symlink_to(tmp_path / "secret.txt")
    message = refused(_build(tmp_path), "templates/x.html", "outside the templates folder")
    assert SECRET not in message


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("site.html", MAIN + "\n{{ 1/0 }}" + END, ("templates/site.html:3", "division by zero")),
        ("release.html", MAIN + "{{ edition.nope }}" + END, (":2", "has no attribute 'nope'")),
        ("release.html", b"<p>\n<p>caf\xe9</p>\n", ("templates/release.html:2", "not UTF-8")),
        ("release.html", "<p>\n\n{% if x %}<p>{{ x }</p>\n", ("release.html:3", "not parse")),
    ],
)
def test_a_broken_template_is_named_and_nothing_is_written(
    tmp_path: Path,
    make_release: MakeRelease,
    name: str,
    content: str | bytes,
    words: tuple[str, ...],
) -> None:
    _site(tmp_path, make_release, **{name: content})
    message = refused(_build(tmp_path), *words)
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://example.org/a b/", "a space"),
        ('https://example.org/"x/', "a quote"),
        ("https://example.org/<x>/", "'<'"),
        ("https://example.org/x\n<item>", "line break"),
        ("ftp://example.org/", "not an absolute http(s) address"),
        ("press/", "not an absolute http(s) address"),
    ],
)
def test_a_base_url_that_would_break_a_feed_is_refused(
    tmp_path: Path, make_release: MakeRelease, url: str, words: str
) -> None:
    make_release()
    refused(_build(tmp_path, "--base-url", url), "--base-url", words)
    toml = 'base_url = "' + url.replace('"', '\\"').replace("\n", "\\n") + '"'
    (tmp_path / "publisher.toml").write_text(f"[build]\n{toml}\n", "utf-8")
    refused(_build(tmp_path), "publisher.toml", "[build] base_url", words)
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("port", ["70000", "-1", "http", "8000.5"])
def test_a_port_that_is_not_one_is_refused(
    tmp_path: Path, make_release: MakeRelease, port: str
) -> None:
    make_release()
    outcome = run_publisher(["preview", "source", "--port", port], cwd=tmp_path, env=ENV)
    refused(outcome, "--port", port, "1 to 65535")


def test_a_port_in_use_is_named_and_leaves_no_folder(
    tmp_path: Path, make_release: MakeRelease
) -> None:
    make_release()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        outcome = run_publisher(
            ["preview", "source", "--port", port, "--stop-after", "30"],
            cwd=tmp_path,
            env={**ENV, "TMPDIR": str(temporary)},
        )
    refused(outcome, f"127.0.0.1:{port}", "in use")
    assert list(temporary.iterdir()) == []


def _get(port: int, target: str, host: str | None) -> int:
    """The status of a raw GET, sent as a hostile page or client would write it."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        named = f"Host: {host}\r\n" if host is not None else ""
        request = f"GET {target} HTTP/1.1\r\n{named}Connection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        head = connection.recv(65536)
    return int(head.split()[1])


def _body(port: int, target: str, host: str) -> bytes:
    """The body of a GET answered in full."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        request = f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n\r\n", 1)[1]


def test_the_preview_answers_only_its_own_name_and_well_formed_paths(
    tmp_path: Path, make_release: MakeRelease
) -> None:
    make_release()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    command = [sys.executable, "-m", "publisher", "preview", "source", "--port", "0"]
    command += ["--formats", "html", "--stop-after", "20"]
    env = {**os.environ, **ENV, "TMPDIR": str(temporary)}
    with subprocess.Popen(
        command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    ) as preview:
        assert preview.stderr is not None
        line = preview.stderr.readline()
        assert line.startswith("preview: http://127.0.0.1:"), line
        port = int(line.split(":")[3].split("/")[0])
        own = f"127.0.0.1:{port}"
        assert _get(port, "/nota/", own) == 200
        state = json.loads(_body(port, STATE_PATH, own))
        assert state["error"] is None, state["error"]
        assert _get(port, "/nota/", f"localhost:{port}") == 200
        for host in (f"rebound.example:{port}", "rebound.example", "127.0.0.1", "", None):
            assert _get(port, "/nota/", host) == 403, host
        for target in ("/%00", "/nota/%00", "/nota/index%00.html", "/%zz", "/%", "/%c3%28"):
            assert _get(port, target, own) == 400, target
        for target in ("/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/nota/.."):
            assert _get(port, target, own) == 404, target
        assert _get(port, "/nota/", own) == 200  # still serving
        code = preview.wait(timeout=TIME_LIMIT_S)
        errors = preview.stderr.read()
    assert code == 0, errors
    assert "Traceback" not in errors
    assert list(temporary.iterdir()) == []  # the build folder went with the preview
