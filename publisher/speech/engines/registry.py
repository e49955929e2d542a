"""The engines by name: a literal table of factories that import their engine on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from publisher.errors import EngineUnavailable
from publisher.speech.engines.base import Engine, Voice

Factory = Callable[..., Engine]


def _espeak(**settings: Any) -> Engine:
    from publisher.speech.engines.espeak import EspeakEngine

    return EspeakEngine(**settings)


def _gtts(**settings: Any) -> Engine:
    from publisher.speech.engines.gtts import GttsEngine

    return GttsEngine(**settings)


ENGINES: dict[str, Factory] = {"espeak": _espeak, "gtts": _gtts}
"""Engine name -> factory taking the engine's settings as keywords."""
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

    @property
    def available(self) -> bool:
        """Whether it can run here."""
        return self.reason is None


def register_engine(name: str, factory: Factory) -> None:
    """Add an engine under ``name`` (or replace the one there)."""
    ENGINES[name] = factory


def get_engine(name: str, **settings: Any) -> Engine:
    """A ready engine; EngineUnavailable if the name is unknown or the engine cannot run here."""
    factory = ENGINES.get(name)
    if factory is None:
        known = ", ".join(sorted(ENGINES))
        raise EngineUnavailable(f"unknown speech engine '{name}'; known engines: {known}")
    try:
        engine = factory(**settings)
    except TypeError as exc:
        raise EngineUnavailable(f"engine '{name}' does not take these settings: {exc}") from exc
    reason = engine.unavailable_reason()
    if reason is not None:
        raise EngineUnavailable(reason)
    return engine


def list_engines() -> list[EngineInfo]:
    """Every registered engine, whether it can run here, and its voices."""
    found: list[EngineInfo] = []
    for name in sorted(ENGINES):
        try:
            engine = ENGINES[name]()
            reason = engine.unavailable_reason()
            online = engine.online
            voices = tuple(engine.voices()) if reason is None else ()
        except EngineUnavailable as exc:
            reason, online, voices = str(exc), False, ()
        found.append(EngineInfo(name, online, reason, voices))
    return found
