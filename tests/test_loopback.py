"""The preview answers requests named for it, for well-formed paths inside its folder only."""

from __future__ import annotations

import pytest

from publisher.loopback import BadRequest, host_allowed, request_path


@pytest.mark.parametrize(
    ("host", "port", "allowed"),
    [
        ("127.0.0.1:8000", 8000, True),
        ("localhost:8000", 8000, True),
        ("LocalHost:8000", 8000, True),
        ("127.0.0.1", 80, True),
        ("127.0.0.1", 8000, False),
        ("127.0.0.1:8001", 8000, False),
        ("evil.example:8000", 8000, False),
        ("127.0.0.1:8000.evil.example", 8000, False),
        ("localhost.evil.example:8000", 8000, False),
        ("[::1]:8000", 8000, False),
        ("", 8000, False),
        (None, 8000, False),
    ],
)
def test_only_requests_named_for_the_server_are_answered(
    host: str | None, port: int, allowed: bool
) -> None:
    assert host_allowed(host, port) is allowed


@pytest.mark.parametrize(
    ("target", "segments"),
    [
        ("/", ()),
        ("/nota/index.html?x=1#y", ("nota", "index.html")),
        ("/nota/a%20b.html", ("nota", "a b.html")),
        ("/t%C3%ADtulo/", ("título",)),
        ("//etc/passwd", ("passwd",)),
        ("/../../etc/passwd", None),
        ("/%2e%2e/%2E%2E/etc/passwd", None),
        ("/nota/.publisher-build.json", None),
        ("/nota/..%5c..%5cetc", None),
    ],
)
def test_paths_name_segments_inside_the_folder(
    target: str, segments: tuple[str, ...] | None
) -> None:
    assert request_path(target) == segments


@pytest.mark.parametrize(
    "target", ["/%00", "/nota/%00.html", "/%zz", "/%", "/a%2", "/%ff%fe", "/%0a", "/\x7f", "x"]
)
def test_malformed_paths_are_bad_requests(target: str) -> None:
    with pytest.raises(BadRequest):
        request_path(target)
