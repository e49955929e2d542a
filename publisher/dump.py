"""The model as JSON, for ``publisher inspect`` and golden tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.model import Release


def to_data(value: Any, root: Path | None = None) -> Any:
    """Plain JSON data for a model value; every dataclass gets a ``type`` key.

    Paths are written relative to ``root`` so a dump does not depend on where the source lies.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: to_data(getattr(value, f.name), root) for f in dataclasses.fields(value)}
        return {"type": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [to_data(v, root) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_data(v, root) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value.relative_to(root)) if root and value.is_relative_to(root) else value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def release_json(release: Release) -> str:
    """The release as indented JSON with stable key order."""
    data = to_data(release, release.root)
    data["root"] = release.slug
    return json.dumps(data, ensure_ascii=False, indent=2)
