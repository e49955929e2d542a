"""A file server on 127.0.0.1 for download tests: it serves given bytes and counts requests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


class FileServer(http.server.ThreadingHTTPServer):
    """Serves :attr:`files` by path; ``/chunked/PATH`` serves PATH without a Content-Length."""

    files: Mapping[str, bytes] = {}
    requests = 0

    def url(self, path: str) -> str:
        """The address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FileServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests += 1
        chunked = self.path.startswith("/chunked/")
        body = self.server.files.get(self.path.removeprefix("/chunked"))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        if not chunked:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True


@contextmanager
def serving(files: Mapping[str, bytes]) -> Iterator[FileServer]:
    """A server of ``files`` for the block's length, stopped when it ends."""
    served = FileServer(("127.0.0.1", 0), _Handler)
    served.files = files
    served.timeout = 5
    thread = threading.Thread(
        target=served.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    try:
        yield served
    finally:
        served.shutdown()
        served.server_close()
        thread.join(10)
