"""``publisher preview``: build, serve on 127.0.0.1, rebuild when a source is saved, reload.

The releases are built into a private temporary folder and served from there: the download
pages, the editions and their audio, as they will be published. A watcher (watchfiles) rebuilds
when a file under the sources changes; every HTML page served carries a small script that asks
the server for its build number and reloads the page when it changes. A build that fails does
not leave the last good files on show: every page is replaced by the error (file, line, what is
wrong) until the sources build again.

Only this machine's browser is answered, and only for what it asked by this server's own name
(:mod:`publisher.loopback`): a request whose ``Host`` is not ``127.0.0.1:PORT`` or
``localhost:PORT`` gets 403, so a web page cannot read an embargoed release through DNS
rebinding; a malformed path gets 400, one outside the build folder 404.
"""

from __future__ import annotations

import errno
import html
import json
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from publisher.errors import PublisherError, UsageError
from publisher.loopback import BadRequest, host_allowed, request_path
from publisher.options import BuildOptions

STATE_PATH = "/__preview/state"
"""Where a page asks for the current build number and error."""
STATE_SEGMENTS = tuple(STATE_PATH.strip("/").split("/"))
IDLE_S = 10
"""A connection that sends nothing for this long is closed."""
POLL_MS = 400
RELOAD_SCRIPT = """<script>
(function () {
  var seen = %d;
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) { if (s.version !== seen) { location.reload(); } })
      .catch(function () {});
  }, %d);
})();
</script>"""
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".json": "application/json",
    ".rss": "application/rss+xml",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".mp3": "audio/mpeg",
    ".opus": "audio/ogg",
    ".vtt": "text/vtt",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


@dataclass(slots=True)
class BuildState:
    """The number of the last build and its error, shared by the watcher and the server."""

    version: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def finished(self, error: str | None) -> None:
        """Record a build that ended, with its error (None: it succeeded)."""
        with self.lock:
            self.version += 1
            self.error = error

    def snapshot(self) -> tuple[int, str | None]:
        """(build number, error) as they are now."""
        with self.lock:
            return self.version, self.error


Builder = Callable[[Path], None]
"""Builds the sources into the given folder; raises PublisherError when they are wrong."""


def builder(sources: Sequence[Path], options_for: Callable[[Path], BuildOptions]) -> Builder:
    """Read the releases again and build them, as ``publisher build`` does."""

    def build(output: Path) -> None:
        from publisher.build import build_releases
        from publisher.sources import find_releases, load_release

        releases = [load_release(f) for source in sources for f in find_releases(source)]
        build_releases(releases, options_for(output))

    return build


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """One line for a request that failed, never a traceback; nothing for a hang-up."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            sys.stderr.write(f"preview: a request failed: {error!r}\n")


def bind(port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:``port``; UsageError naming the port if it cannot listen there."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: give 1 to 65535, or 0 for any free port")
    try:
        return _Server(("127.0.0.1", port), handler)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRINUSE:
            reason += ": another program listens there; give another --port, or 0 for any free one"
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {reason}") from None


class PreviewServer:
    """The server, the watcher and the build folder of one preview."""

    def __init__(self, sources: Sequence[Path], build: Builder, port: int = 8000) -> None:
        self.sources = list(sources)
        self.build = build
        self.state = BuildState()
        self.stop = threading.Event()
        self.httpd = bind(port, self._handler())  # first: a port in use leaves no folder behind
        try:
            self.output = Path(tempfile.mkdtemp(prefix="publisher-preview-"))
        except OSError:
            self.httpd.server_close()
            raise

    @property
    def port(self) -> int:
        """The port served on (the one the system chose, for ``--port 0``)."""
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        """The address the pages are served at."""
        return f"http://127.0.0.1:{self.port}/"

    def rebuild(self) -> None:
        """Build once; record the error instead of raising it."""
        try:
            self.build(self.output)
        except PublisherError as error:
            self.state.finished(str(error))
        else:
            self.state.finished(None)

    def watch(self) -> None:
        """Rebuild whenever a file under the sources changes, until stopped."""
        from watchfiles import watch

        for _ in watch(*self.sources, stop_event=self.stop, debounce=200, yield_on_timeout=False):
            self.rebuild()

    def serve(self, stop_after: float | None = None) -> None:
        """Build, then serve and watch until Ctrl-C or ``stop_after`` seconds."""
        watcher = threading.Thread(target=self.watch, name="preview-watch", daemon=True)
        timer = threading.Timer(stop_after, self.httpd.shutdown) if stop_after else None
        try:
            self.rebuild()
            watcher.start()
            if timer is not None:
                timer.start()
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.stop.set()
            if timer is not None:
                timer.cancel()
            self.httpd.server_close()
            watcher.join(timeout=5)
            shutil.rmtree(self.output, ignore_errors=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        preview = self

        class Handler(BaseHTTPRequestHandler):
            timeout = IDLE_S

            def do_GET(self) -> None:
                preview.respond(self)

            def log_message(self, format: str, *args: object) -> None:
                return  # the terminal shows builds, not requests

        return Handler

    def respond(self, request: BaseHTTPRequestHandler) -> None:
        """Answer one GET: the build state, an error page, or a built file."""
        if not host_allowed(request.headers.get("Host"), self.port):
            body = f"publisher preview answers only {self.url}\n".encode()
            return _send(request, HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", body)
        try:
            segments = request_path(request.path)
        except BadRequest:
            return _send(request, HTTPStatus.BAD_REQUEST, "text/plain", b"bad request\n")
        version, error = self.state.snapshot()
        if segments == STATE_SEGMENTS:
            body = json.dumps({"version": version, "error": error}).encode()
            return _send(request, HTTPStatus.OK, "application/json", body)
        if segments is None:  # a hidden name or ``..``: nothing of the build, error or not
            return _send(request, HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
        target = self._file(segments)
        is_page = target is None or target.suffix == ".html"
        if error is not None and is_page:
            return _send(request, HTTPStatus.OK, TYPES[".html"], error_page(error, version))
        try:
            data = b"" if target is None else target.read_bytes()
        except OSError:  # replaced by a rebuild while being read
            target = None
        if target is None:
            return _send(request, HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
        if target.suffix == ".html":
            data = inject(data, version)
        kind = TYPES.get(target.suffix, "application/octet-stream")
        return _send(request, HTTPStatus.OK, kind, data)

    def _file(self, segments: Sequence[str]) -> Path | None:
        """The built file a URL path names, never one outside the build folder."""
        root = self.output.resolve()
        try:
            candidate = root.joinpath(*segments).resolve()
            if candidate.is_dir():
                candidate = candidate / "index.html"
            if not candidate.is_relative_to(root) or not candidate.is_file():
                return None
        except OSError:  # a name too long, a loop of links
            return None
        return candidate


def inject(page: bytes, version: int) -> bytes:
    """The page with the reload script before ``</body>``."""
    script = (RELOAD_SCRIPT % (version, STATE_PATH, POLL_MS)).encode()
    end = page.rfind(b"</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def error_page(error: str, version: int) -> bytes:
    """A page that shows the build error in place of the last good build."""
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        "<title>Build failed - publisher preview</title>\n</head>\n<body>\n<main>\n"
        "<h1>The build failed</h1>\n<p>Fix the source and save it: this page reloads by itself."
        f'</p>\n<pre id="publisher-preview-error">{html.escape(error)}</pre>\n</main>\n'
        "</body>\n</html>\n"
    )
    return inject(page.encode(), version)


def _send(request: BaseHTTPRequestHandler, status: HTTPStatus, kind: str, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", kind)
    request.send_header("Content-Length", str(len(body)))
    request.send_header("Cache-Control", "no-store")
    request.send_header("X-Content-Type-Options", "nosniff")
    request.send_header("Cross-Origin-Resource-Policy", "same-origin")
    request.end_headers()
    request.wfile.write(body)
