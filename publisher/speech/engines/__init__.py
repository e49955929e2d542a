"""Text-to-speech engines behind one interface, a registry that loads them lazily, and a cache."""

from publisher.speech.engines.base import Engine, Mark, Speech, Voice
from publisher.speech.engines.registry import (
    EngineEntry,
    EngineInfo,
    get_engine,
    list_engines,
    register_engine,
)

__all__ = [
    "Engine",
    "EngineEntry",
    "EngineInfo",
    "Mark",
    "Speech",
    "Voice",
    "get_engine",
    "list_engines",
    "register_engine",
]
