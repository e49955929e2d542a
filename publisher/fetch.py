"""A WeasyPrint URL fetcher that reads only files under allowed folders and nothing from the web."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

LOCAL_HOSTS = frozenset({"", "localhost"})


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


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file:`` URLs under ``roots`` and ``data:`` URLs; refuses everything else.

    Every refusal is recorded in ``refused`` and stops the rendering, so a document never
    renders with a silently missing resource; every URL served is recorded in ``served``.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` if it is allowed, else record why and raise ResourceRefused."""
        reason = refusal(url, self.roots)
        if reason is not None:
            self.refused.append(reason)
            raise ResourceRefused(reason)
        self.served.append(url)
        return super().fetch(url, headers)
