from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from publisher.errors import EngineUnavailable
from publisher.speech.engines import registry
from publisher.speech.engines.base import Engine, Speech, Voice
from publisher.speech.engines.espeak import EspeakEngine, EspeakSettings
from publisher.speech.engines.gtts import GttsSettings
from publisher.speech.engines.registry import EngineEntry


@dataclass(frozen=True, slots=True)
class SilentSettings:
    """The silent engine's settings: how long its silence is."""

    samples: int = 1000


class Silent:
    """An engine that speaks silence (registered by the tests only)."""

    def __init__(self, settings: SilentSettings) -> None:
        self.samples = settings.samples

    name = "silent"
    online = False

    def unavailable_reason(self) -> str | None:
        return None

    def voices(self) -> list[Voice]:
        return [Voice("x", "es", "Silence")]

    def voice_for(self, lang: str) -> str:
        return "x"

    def fingerprint(self) -> str:
        return "silent 1"

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        return Speech(bytes(2 * self.samples), 22050)


def test_the_literal_registry() -> None:
    assert set(registry.ENGINES) >= {"espeak", "gtts"}
    assert registry.DEFAULT_ENGINE == "espeak"


def test_get_engine_passes_settings() -> None:
    engine = registry.get_engine("espeak", EspeakSettings(rate=200, pitch=40))
    assert isinstance(engine, EspeakEngine)
    assert (engine.rate, engine.pitch) == (200, 40)


def test_defaults_come_from_the_settings_dataclass() -> None:
    engine = registry.get_engine("espeak")
    assert isinstance(engine, EspeakEngine)
    assert (engine.rate, engine.pitch) == (EspeakSettings().rate, EspeakSettings().pitch)


def test_each_entry_names_its_settings_without_importing_the_engine() -> None:
    assert registry.ENGINES["espeak"].settings_type() is EspeakSettings
    assert registry.ENGINES["gtts"].settings_type() is GttsSettings
    assert all(isinstance(e.engine, str) for e in registry.ENGINES.values())


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(
        EngineUnavailable, match="unknown speech engine 'festival'; known engines: espeak, gtts"
    ):
        registry.get_engine("festival")


def test_another_engines_settings_are_a_programming_error() -> None:
    with pytest.raises(TypeError, match="GttsSettings given where EspeakSettings is expected"):
        registry.get_engine("espeak", GttsSettings())


def test_registered_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.ENGINES, "silent", EngineEntry(Silent, SilentSettings))
    engine: Engine = registry.get_engine("silent", SilentSettings(samples=10))
    assert engine.synthesize("x", "es").samples == 10
    assert "silent" in {info.name for info in registry.list_engines()}


def test_register_engine_adds_to_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "ENGINES", dict(registry.ENGINES))
    registry.register_engine(
        "silent",
        EngineEntry(
            "tests.speech.engines.test_registry:Silent",
            "tests.speech.engines.test_registry:SilentSettings",
        ),
    )
    assert registry.ENGINES["silent"].create().name == "silent"


def test_list_engines() -> None:
    infos = {info.name: info for info in registry.list_engines()}
    espeak = infos["espeak"]
    assert espeak.available
    assert not espeak.online
    assert "es-419" in {v.id for v in espeak.voices}
    assert infos["gtts"].online


def test_engine_that_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gtts", None)
    with pytest.raises(EngineUnavailable, match=r"pip install 'publisher\[online\]'"):
        registry.get_engine("gtts")
    gtts = {info.name: info for info in registry.list_engines()}["gtts"]
    assert not gtts.available
    assert "publisher[online]" in (gtts.reason or "")
    assert gtts.voices == ()
