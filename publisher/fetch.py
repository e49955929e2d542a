"""A WeasyPrint URL fetcher that reads only files under allowed folders and nothing from the web."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class ResourceRefused(Exception):
    """The document asked for a resource outside the allowed folders or on the network."""


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file:`` URLs under ``roots`` and ``data:`` URLs; refuses everything else.

    Every refusal is recorded in ``refused`` and stops the rendering, so a document never
    renders with a silently missing resource.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` if it is allowed, else record it and raise ResourceRefused."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                self.refused.append(url)
                raise ResourceRefused(f"{path} is outside the release folder")
        elif parts.scheme != "data":
            self.refused.append(url)
            raise ResourceRefused(f"{url}: nothing is fetched from the network")
        return super().fetch(url, headers)
