from __future__ import annotations

import sys

import pytest

from publisher.errors import EngineUnavailable
from publisher.speech.engines import registry
from publisher.speech.engines.base import Engine, Speech, Voice
from publisher.speech.engines.espeak import EspeakEngine


class Silent:
    """An engine that speaks silence (registered by the tests only)."""

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
        return Speech(bytes(2000), 22050)


def test_the_literal_registry() -> None:
    assert set(registry.ENGINES) >= {"espeak", "gtts"}
    assert registry.DEFAULT_ENGINE == "espeak"


def test_get_engine_passes_settings() -> None:
    engine = registry.get_engine("espeak", rate=200, pitch=40)
    assert isinstance(engine, EspeakEngine)
    assert (engine.rate, engine.pitch) == (200, 40)


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(
        EngineUnavailable, match="unknown speech engine 'festival'; known engines: espeak, gtts"
    ):
        registry.get_engine("festival")


def test_unknown_setting() -> None:
    with pytest.raises(EngineUnavailable, match="does not take these settings"):
        registry.get_engine("espeak", volume=3)


def test_registered_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.ENGINES, "silent", lambda **_: Silent())
    engine: Engine = registry.get_engine("silent")
    assert engine.synthesize("x", "es").samples == 1000
    assert "silent" in {info.name for info in registry.list_engines()}


def test_register_engine_adds_to_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "ENGINES", dict(registry.ENGINES))
    registry.register_engine("silent", lambda **_: Silent())
    assert registry.ENGINES["silent"]().name == "silent"


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
