"""What a server on 127.0.0.1 answers: requests named for it, for paths inside its folder.

Binding to 127.0.0.1 keeps other machines out, but not web pages: a page on any site can make
the visitor's browser ask ``http://127.0.0.1:PORT/``, and a page whose name the attacker
points at 127.0.0.1 (DNS rebinding) can read the answers as its own. Such a request carries
the attacker's name in its ``Host`` header, so a request is answered only when ``Host`` is
``127.0.0.1:PORT`` or ``localhost:PORT`` (either without the port when it is 80, as browsers
send it then); any other, or none, is refused.

A path is read strictly: a malformed ``%`` escape, escapes that are not UTF-8, or a control
character (``%00``...) make a bad request; a segment starting with ``.`` (``..``, hidden files)
names nothing.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost")
_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadRequest(ValueError):
    """A request target that is not a well-formed path (answered 400)."""


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host`` values a server on 127.0.0.1:``port`` answers."""
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if port == 80:
        hosts.update(LOOPBACK_NAMES)
    return frozenset(hosts)


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request with this ``Host`` header was meant for this server."""
    return host is not None and host.strip().lower() in allowed_hosts(port)


def request_path(target: str) -> tuple[str, ...] | None:
    """The segments of the path a request target names; None if it names nothing servable.

    BadRequest if the target is malformed. ``/`` is ``()``; ``/a/b/`` is ``("a", "b")``.
    """
    path = urlsplit(target).path
    if not path.startswith("/") or _ESCAPE.search(path) or _CONTROL.search(path):
        raise BadRequest(target)
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(target) from None
    if _CONTROL.search(text):
        raise BadRequest(target)
    segments = tuple(s for s in text.split("/") if s)
    if any(s.startswith(".") or "\\" in s for s in segments):
        return None
    return segments
