"""The engines by name: a literal table naming each engine and its settings, imported on first use.

An engine is one module holding its engine class and its settings dataclass, and one
:data:`ENGINES` entry. The settings dataclass is the engine's ``[audio.<name>]`` section of
``publisher.toml``: its fields are the keys, their types and defaults (see
:func:`publisher.config.settings_from`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, is_dataclass
from typing import Any

from publisher.errors import EngineUnavailable
from publisher.speech.engines.base import Engine, InstalledVoices, Voice


@dataclass(frozen=True, slots=True)
class EngineEntry:
    """One engine: where its class and its settings dataclass live, as ``module:name``.

    Strings keep the registry light: nothing of an engine is imported until it is used. A test
    may give the objects themselves.
    """

    engine: str | Callable[[Any], Engine]
    """Called with one instance of the settings dataclass."""
    settings: str | type
    """A frozen dataclass of the engine's settings, every field with a default."""

    def settings_type(self) -> type:
        """The settings dataclass."""
        found = _load(self.settings)
        if not (isinstance(found, type) and is_dataclass(found)):
            raise TypeError(f"{self.settings!r} is not a settings dataclass")
        return found

    def create(self, settings: object | None = None) -> Engine:
        """The engine with ``settings`` (None: the dataclass's defaults)."""
        kind = self.settings_type()
        if settings is None:
            settings = kind()
        elif not isinstance(settings, kind):
            raise TypeError(f"{type(settings).__name__} given where {kind.__name__} is expected")
        factory: Callable[[Any], Engine] = _load(self.engine)
        return factory(settings)


def _load(ref: Any) -> Any:
    if not isinstance(ref, str):
        return ref
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


ENGINES: dict[str, EngineEntry] = {
    "espeak": EngineEntry(
        "publisher.speech.engines.espeak:EspeakEngine",
        "publisher.speech.engines.espeak:EspeakSettings",
    ),
    "gtts": EngineEntry(
        "publisher.speech.engines.gtts:GttsEngine",
        "publisher.speech.engines.gtts:GttsSettings",
    ),
    "piper": EngineEntry(
        "publisher.speech.engines.piper:PiperEngine",
        "publisher.speech.engines.piper:PiperSettings",
    ),
}
"""Engine name -> its entry; the name is also its settings section, ``[audio.<name>]``."""
DEFAULT_ENGINE = "espeak"
"""The engine a build uses when neither the command line nor ``publisher.toml`` names one."""


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """What ``publisher engines`` shows about one engine."""

    name: str
    online: bool
    """Whether it needs the network."""
    reason: str | None
    """None when it can run here, else why not."""
    voices: tuple[Voice, ...]
    """Its voices (empty when it cannot run)."""
    note: str | None = None
    """Where an engine with installed voices looks for them, and how to add one."""

    @property
    def available(self) -> bool:
        """Whether it can run here."""
        return self.reason is None


def register_engine(name: str, entry: EngineEntry) -> None:
    """Add an engine under ``name`` (or replace the one there)."""
    ENGINES[name] = entry


def entry_for(name: str) -> EngineEntry:
    """The registry entry of ``name``; EngineUnavailable naming the known ones if there is none."""
    entry = ENGINES.get(name)
    if entry is None:
        known = ", ".join(sorted(ENGINES))
        raise EngineUnavailable(f"unknown speech engine '{name}'; known engines: {known}")
    return entry


def get_engine(name: str, settings: object | None = None) -> Engine:
    """A ready engine with ``settings`` (an instance of its settings dataclass; None: defaults).

    EngineUnavailable if the name is unknown or the engine cannot run here; TypeError if the
    settings are another engine's.
    """
    engine = entry_for(name).create(settings)
    reason = engine.unavailable_reason()
    if reason is not None:
        raise EngineUnavailable(reason)
    return engine


def list_engines() -> list[EngineInfo]:
    """Every registered engine, whether it can run here, and its voices."""
    found: list[EngineInfo] = []
    for name in sorted(ENGINES):
        try:
            engine = ENGINES[name].create()
            reason = engine.unavailable_reason()
            online = engine.online
            voices = tuple(engine.voices()) if reason is None else ()
            note = engine.install_hint() if isinstance(engine, InstalledVoices) else None
        except EngineUnavailable as exc:
            reason, online, voices, note = str(exc), False, (), None
        found.append(EngineInfo(name, online, reason, voices, note))
    return found
