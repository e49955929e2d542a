"""Project configuration: ``publisher.toml`` settings that command-line options override.

Every key is optional; an unknown key or a wrong value is an error naming the file and the key.
See ``publisher.toml`` in the project root for the settings and their meaning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import SourceError
from publisher.office import OFFICE_KEYS

CONFIG_NAME = "publisher.toml"
SECTIONS: dict[str, frozenset[str]] = {
    "build": frozenset({"formats", "base_url", "feed_image_url"}),
    "audio": frozenset({"engine", "voice", "rate", "pitch", "mp3_kbps", "opus_kbps", "cover"}),
    "epub": frozenset({"certified_by", "certifier_credential", "certifier_report"}),
    "pdf": frozenset({"stylesheet", "page_size"}),
    "budgets": frozenset({"per_language", "per_format", "warn_only"}),
    "page": frozenset({"templates"}),
    "office": OFFICE_KEYS,
}


@dataclass(frozen=True, slots=True)
class Config:
    """The settings read from a configuration file, by section; empty when there is none."""

    path: Path | None = None
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        """Where relative paths in the file are taken from: the file's own folder."""
        return self.path.parent if self.path else Path()

    def get(self, section: str, key: str, default: Any = None) -> Any:
        """A setting, or ``default`` when the file does not set it."""
        return self.sections.get(section, {}).get(key, default)

    def error(self, section: str, key: str, message: str) -> SourceError:
        """An error about one setting, naming the file and the key."""
        return SourceError(self.path or CONFIG_NAME, f"[{section}] {key}: {message}")


def load_config(path: Path | None) -> Config:
    """Read ``path``, or ``publisher.toml`` in the working folder if it exists, else no config."""
    if path is None:
        default = Path(CONFIG_NAME)
        if not default.is_file():
            return Config()
        path = default
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(path, "no such configuration file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, f"cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(path, f"invalid TOML: {error}") from None
    return Config(path, _checked(path, data))


def _checked(path: Path, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise SourceError(path, f"unknown section [{name}] (known: {', '.join(SECTIONS)})")
        if not isinstance(table, dict):
            raise SourceError(path, f"[{name}] must be a table of settings")
        unknown = sorted(set(table) - SECTIONS[name])
        if unknown:
            known = ", ".join(sorted(SECTIONS[name]))
            raise SourceError(path, f"[{name}] unknown key '{unknown[0]}' (known: {known})")
        sections[name] = dict(table)
    return sections
