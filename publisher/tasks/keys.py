"""Content keys: one sha256 over everything a task's output depends on.

A key covers the task's editions (their parsed content, so editing one language changes only
that language's keys), the release's shared metadata, the bytes of every file the model or
the options name (images, stylesheets, covers), the options its formats read, the speech
engine's fingerprint for narrated formats, and the code and library versions that write it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

NOT_CONTENT = frozenset({"cache_dir", "encoders", "formats", "root", "source"})
"""Fields that say where files are (the release folder, an edition's source file, the cache),
which are written or how many are made at once, never what a file holds: the content they lead
to is keyed instead."""

LIBRARIES = ("weasyprint", "pikepdf", "fonttools", "ebooklib", "av", "mutagen", "num2words")
"""Libraries whose version can change the bytes a writer produces."""


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def canonical(value: Any) -> Any:
    """``value`` as JSON-ready data that equals for equal content: files by their bytes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "type": type(value).__name__,
            **{
                f.name: canonical(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in NOT_CONTENT
            },
        }
    if isinstance(value, Path):
        return {"file": value.name, "sha256": _file_digest(value)}
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return [[canonical(k), canonical(v)] for k, v in value.items()]
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(json.dumps(canonical(v)) for v in value)
    raise TypeError(f"no content key for a {type(value).__name__}")


def digest(*parts: Any) -> str:
    """The sha256 hex digest of ``parts`` in canonical form."""
    text = json.dumps([canonical(p) for p in parts], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _package_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


@cache
def code_fingerprint() -> str:
    """The publisher's own files (code, data, styles, templates) and the writing libraries."""
    import publisher

    root = Path(publisher.__file__).parent
    hasher = hashlib.sha256()
    for path in _package_files(root):
        hasher.update(path.relative_to(root).as_posix().encode())
        hasher.update(b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        hasher.update(f"{name}={version}\0".encode())
    return hasher.hexdigest()
