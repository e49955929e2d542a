"""Project configuration: ``publisher.toml`` settings that command-line options override.

Every key is optional; an unknown key or a wrong value is an error naming the file and the key.
See ``publisher.toml`` in the project root for the settings and their meaning.

Each speech engine owns a section, ``[audio.<engine>]``, generated from the settings dataclass
its registry entry names: the fields are the keys, their annotations the types, their defaults
the defaults (:func:`fields_of`), so a new engine's settings need no code here.
"""

from __future__ import annotations

import difflib
import tomllib
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from publisher.errors import SourceError
from publisher.office import OFFICE_KEYS
from publisher.speech.engines.registry import ENGINES

CONFIG_NAME = "publisher.toml"
SECTIONS: dict[str, frozenset[str]] = {
    "build": frozenset({"formats", "base_url", "feed_image_url", "jobs", "scheduler"}),
    "audio": frozenset({"engine", "voice", "mp3_kbps", "opus_kbps", "cover"}),
    "epub": frozenset({"certified_by", "certifier_credential", "certifier_report"}),
    "pdf": frozenset({"stylesheet", "page_size"}),
    "budgets": frozenset({"per_language", "per_format", "warn_only"}),
    "page": frozenset({"templates"}),
    "office": OFFICE_KEYS,
}
"""The fixed sections and their keys; ``[audio.<engine>]`` sections come from the registry."""
MOVED: dict[tuple[str, str], str] = {("audio", "rate"): "espeak", ("audio", "pitch"): "espeak"}
"""Keys that moved to an engine's own section: (section, key) -> engine."""


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

    def settings(self, section: str, kind: type) -> Any:
        """The dataclass ``kind`` made from ``section`` (keys and types checked at load)."""
        try:
            return kind(**self.sections.get(section, {}))
        except ValueError as error:
            raise SourceError(self.path or CONFIG_NAME, f"[{section}]: {error}") from None


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


def fields_of(kind: type) -> dict[str, type]:
    """A settings dataclass's keys and the TOML type each takes (``X | None`` taken as ``X``)."""
    hints = get_type_hints(kind)
    found: dict[str, type] = {}
    for item in fields(kind):
        hint = hints[item.name]
        if get_origin(hint) in (Union, types.UnionType):
            hint = next(arg for arg in get_args(hint) if arg is not type(None))
        found[item.name] = hint
    return found


def _unknown(path: Path, section: str, key: str, known: Iterable[str]) -> SourceError:
    names = sorted(known)
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return SourceError(path, f"[{section}] unknown key '{key}'{hint} (known: {', '.join(names)})")


def _typed(path: Path, section: str, key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise SourceError(path, f"[{section}] {key}: must be {kind.__name__}, not {value!r}")


def _engine_section(path: Path, engine: str, table: Any) -> dict[str, Any]:
    section = f"audio.{engine}"
    if not isinstance(table, dict):
        raise SourceError(path, f"[{section}] must be a table of settings")
    known = fields_of(ENGINES[engine].settings_type())
    checked: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise _unknown(path, section, key, known)
        checked[key] = _typed(path, section, key, value, known[key])
    return checked


def _checked(path: Path, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise SourceError(path, f"unknown section [{name}] (known: {', '.join(SECTIONS)})")
        if not isinstance(table, dict):
            raise SourceError(path, f"[{name}] must be a table of settings")
        plain: dict[str, Any] = {}
        for key, value in table.items():
            if name == "audio" and isinstance(value, dict):
                if key not in ENGINES:
                    engines = ", ".join(f"[audio.{e}]" for e in sorted(ENGINES))
                    raise SourceError(path, f"unknown section [audio.{key}] (known: {engines})")
                sections[f"audio.{key}"] = _engine_section(path, key, value)
            elif (name, key) in MOVED:
                engine = MOVED[name, key]
                raise SourceError(
                    path,
                    f"[{name}] {key}: is an engine setting now; write it under "
                    f"[audio.{engine}] ({key} = {value!r})",
                )
            elif key not in SECTIONS[name]:
                raise _unknown(path, name, key, SECTIONS[name])
            else:
                plain[key] = value
        sections[name] = plain
    return sections
