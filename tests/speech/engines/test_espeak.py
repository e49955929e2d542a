from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from publisher.errors import EngineUnavailable, SynthesisError
from publisher.speech.engines import espeak
from publisher.speech.engines.espeak import EspeakEngine, EspeakSettings
from tests.speech.engines.espeak_support import CRASH

SENTENCE = "Será un honor para nosotros seguir realizando todos los esfuerzos necesarios."


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def test_available_offline_with_the_voices_the_releases_need(engine: EspeakEngine) -> None:
    assert engine.unavailable_reason() is None
    assert not engine.online
    ids = {voice.id for voice in engine.voices()}
    assert {"es-419", "es", "en-us", "qu"} <= ids


@pytest.mark.parametrize(
    ("lang", "voice"),
    [
        ("es-PE", "es-419"),
        ("es", "es-419"),
        ("es-MX", "es-419"),
        ("es-ES", "es"),
        ("en", "en-us"),
        ("en-US", "en-us"),
        ("en-GB", "en"),
        ("qu", "qu"),
        ("qu-PE", "qu"),
        ("pt-BR", "pt-br"),
    ],
)
def test_voice_for_language(engine: EspeakEngine, lang: str, voice: str) -> None:
    assert engine.voice_for(lang) == voice


def test_no_voice_for_an_unknown_language(engine: EspeakEngine) -> None:
    with pytest.raises(EngineUnavailable, match="no voice for language 'tlh'"):
        engine.voice_for("tlh")


def test_unknown_voice_names_the_known_ones(engine: EspeakEngine) -> None:
    with pytest.raises(EngineUnavailable, match=r"no voice 'xx-nope'.*es-419"):
        engine.synthesize("Hola.", "es", "xx-nope")


def test_speech_is_22050_hz_mono_pcm_with_word_marks(engine: EspeakEngine) -> None:
    speech = engine.synthesize(SENTENCE, "es-PE")
    assert speech.sample_rate == 22050
    assert 3000 < speech.duration_ms < 8000
    words = [m for m in speech.marks if m.kind == "word"]
    assert [SENTENCE[m.start : m.start + m.length] for m in words[:3]] == ["Será", "un", "honor"]
    samples = [m.sample for m in words]
    assert samples == sorted(samples)
    assert samples[-1] < speech.samples


def test_same_text_same_audio_whatever_was_spoken_before(engine: EspeakEngine) -> None:
    first = engine.synthesize(SENTENCE, "es-PE")
    engine.synthesize("Something else entirely, in English.", "en")
    engine.synthesize("Otra cosa, con erres: perro, carro, ferrocarril.", "es-PE")
    assert engine.synthesize(SENTENCE, "es-PE").pcm == first.pcm


def test_rate_changes_the_length() -> None:
    slow = EspeakEngine(EspeakSettings(rate=120)).synthesize(SENTENCE, "es-PE")
    fast = EspeakEngine(EspeakSettings(rate=260)).synthesize(SENTENCE, "es-PE")
    assert fast.duration_ms < 0.7 * slow.duration_ms


def test_settings_change_the_fingerprint() -> None:
    prints = {
        EspeakEngine(EspeakSettings(rate=r, pitch=p)).fingerprint()
        for r, p in [(175, 50), (200, 50), (175, 40)]
    }
    assert len(prints) == 3
    assert all(p.startswith("espeak-ng 1.") for p in prints)


@pytest.mark.parametrize(("rate", "pitch"), [(30, 50), (500, 50), (175, 101), (175, -1)])
def test_settings_out_of_range(rate: int, pitch: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        EspeakSettings(rate=rate, pitch=pitch)


def test_threads_share_the_library_safely(engine: EspeakEngine) -> None:
    texts = [f"Frase número {n}." for n in range(8)]
    expected = {t: engine.synthesize(t, "es").pcm for t in texts}
    results: dict[str, bytes] = {}

    def speak(text: str) -> None:
        results[text] = engine.synthesize(text, "es").pcm

    threads = [threading.Thread(target=speak, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_empty_and_odd_text(engine: EspeakEngine) -> None:
    assert engine.synthesize("", "es").samples < 2000
    assert engine.synthesize("a\0b <b>x</b> & ;", "es").samples > 0


def test_quechua(engine: EspeakEngine) -> None:
    speech = engine.synthesize("Allinllachu kachkanki. Sulpayki.", "qu")
    assert speech.duration_ms > 1000


@pytest.mark.usefixtures("hooked_helper")
def test_a_crash_while_speaking_is_a_synthesis_error(engine: EspeakEngine) -> None:
    with pytest.raises(SynthesisError, match=rf"espeak stopped while speaking: '{CRASH}\.'"):
        engine.synthesize(f"{CRASH}.", "es")
    assert engine.synthesize("Hola.", "es").samples > 0


def test_a_killed_helper_is_replaced(engine: EspeakEngine) -> None:
    expected = engine.synthesize("Hola.", "es")
    pid = espeak.helper_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with pytest.raises(SynthesisError, match="espeak stopped"):
        engine.synthesize("Hola.", "es")
    assert engine.synthesize("Hola.", "es") == expected
    assert espeak.helper_pid() not in (None, pid)


def test_cost_per_sentence_does_not_grow_with_the_process(engine: EspeakEngine) -> None:
    """Each sentence is spoken in a fresh process; forking a big parent for each one made the
    cost of a sentence grow with the narration held in memory (quadratic in its length)."""
    texts = [f"Punto {n}." for n in range(40)]
    engine.synthesize("Hola.", "es")

    def per_sentence() -> float:
        started = time.perf_counter()
        for text in texts:
            engine.synthesize(text, "es")
        return (time.perf_counter() - started) / len(texts)

    small = min(per_sentence() for _ in range(2))
    ballast = [bytearray(b"\1" * (64 << 20)) for _ in range(16)]  # 1 GB, touched
    big = min(per_sentence() for _ in range(2))
    del ballast
    assert big < 3 * small + 0.005, (small, big)
