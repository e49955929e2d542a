"""A WeasyPrint URL fetcher that reads only files under allowed folders and nothing from the web."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

LOCAL_HOSTS = frozenset({"", "localhost"})
SVG_ROOT = re.compile(rb"<svg\b([^>]*)>")
FONT_SET = re.compile(rb"\bfont(-family)?\s*[=:]")


class ResourceRefused(Exception):
    """The document asked for a resource outside the allowed folders or on the network."""


def refusal(url: str, roots: Sequence[Path]) -> str | None:
    """Why ``url`` may not be read (None when it may): not a local file under one of ``roots``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return f"{url}: nothing is fetched from the network or other URL schemes"
    if parts.netloc not in LOCAL_HOSTS:
        return f"{url}: files on other hosts are not read"
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        return f"{path} is outside the release folder"
    if not path.is_file():
        return f"{path}: no such file"
    return None


def with_default_font(svg: bytes, family: str) -> bytes:
    """``svg`` with ``family`` as the font of the text it does not give a font to.

    The font is set on the root element, so it is inherited by every ``<text>`` that names no
    font of its own; an SVG whose root already names one is left as it is.
    """
    root = SVG_ROOT.search(svg)
    if root is None or FONT_SET.search(root.group(1)):
        return svg
    value = family.replace("&", "&amp;").replace('"', "&quot;").encode("utf-8")
    end = root.start() + len(b"<svg")
    return svg[:end] + b' font-family="' + value + b'"' + svg[end:]


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file:`` URLs under ``roots`` and ``data:`` URLs; refuses everything else.

    Every refusal is recorded in ``refused`` and stops the rendering, so a document never
    renders with a silently missing resource; every URL served is recorded in ``served``.
    An SVG image is served with ``svg_font`` as the font of its text where it names none, so
    that a chart's labels are set in a font the project ships, not in one the machine has.
    """

    def __init__(self, roots: Sequence[Path], svg_font: str | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.svg_font = svg_font
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` if it is allowed, else record why and raise ResourceRefused."""
        reason = refusal(url, self.roots)
        if reason is not None:
            self.refused.append(reason)
            raise ResourceRefused(reason)
        self.served.append(url)
        response = super().fetch(url, headers)
        if self.svg_font is None or not urlsplit(url).path.lower().endswith(".svg"):
            return response
        try:
            body = response.read()
        finally:
            response.close()
        svg = with_default_font(body, self.svg_font)
        return URLFetcherResponse(response.url, svg, response.headers, response.status)
