"""The gTTS engine against recorded responses, faked at the HTTP layer gTTS uses."""

from __future__ import annotations

import base64
import itertools
import json
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from publisher.audio import codec
from publisher.errors import EngineUnavailable, SynthesisError
from publisher.speech.engines.gtts import GttsEngine, GttsSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gtts"


def recorded(name: str) -> bytes:
    return (FIXTURES / f"batchexecute-{name}.txt").read_bytes()


def fixture_mp3(name: str) -> bytes:
    line = recorded(name).decode().splitlines()[3]
    payload = json.loads(json.loads(line)[0][2])[0]
    return base64.b64decode(payload)


@dataclass
class Sent:
    host: str
    lang: str
    text: str


@dataclass
class FakeGoogle:
    """Answers gTTS's requests in order from ``replies`` (status, body) or by raising."""

    replies: list[tuple[int, bytes] | Exception]
    sent: list[Sent] = field(default_factory=list)

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        assert request.url is not None
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        rpc = json.loads(urllib.parse.unquote(body.removeprefix("f.req=").rstrip("&")))
        text, lang, _, _ = json.loads(rpc[0][0][1])
        self.sent.append(Sent(urllib.parse.urlsplit(request.url).hostname or "", lang, text))
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        status, content = reply
        response = requests.Response()
        response.status_code = status
        response.reason = {200: "OK", 403: "Forbidden", 429: "Too Many Requests"}.get(
            status, "Error"
        )
        response._content = content
        response._content_consumed = True
        response.url = request.url
        response.request = request
        return response


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Callable[..., FakeGoogle]:
    def install(*replies: tuple[int, bytes] | Exception) -> FakeGoogle:
        fake = FakeGoogle(list(replies))

        def send(
            _session: requests.Session, request: requests.PreparedRequest, **_: Any
        ) -> requests.Response:
            return fake.send(request)

        monkeypatch.setattr(requests.Session, "send", send)
        return fake

    return install


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def engine(sleeps: list[float]) -> GttsEngine:
    return GttsEngine(GttsSettings(tries=4, backoff_s=0.5), sleep=sleeps.append)


@pytest.mark.parametrize(
    ("lang", "host", "code"),
    [
        ("es-PE", "translate.google.com.mx", "es"),
        ("es", "translate.google.com.mx", "es"),
        ("es-AR", "translate.google.com.mx", "es"),
        ("es-ES", "translate.google.es", "es"),
        ("en", "translate.google.com", "en"),
        ("en-GB", "translate.google.co.uk", "en"),
        ("pt-BR", "translate.google.com.br", "pt"),
        ("de", "translate.google.com", "de"),
    ],
)
def test_accent_comes_from_the_host(
    engine: GttsEngine, google: Callable[..., FakeGoogle], lang: str, host: str, code: str
) -> None:
    fake = google((200, recorded("es")))
    engine.synthesize("Buenos días.", lang)
    assert [(s.host, s.lang, s.text) for s in fake.sent] == [(host, code, "Buenos días.")]


def test_reply_is_decoded_to_the_pipeline_pcm(
    engine: GttsEngine, google: Callable[..., FakeGoogle]
) -> None:
    google((200, recorded("es")))
    speech = engine.synthesize("Buenos días.", "es-PE")
    expected = codec.decode(fixture_mp3("es"), 22050)
    assert speech.sample_rate == 22050
    assert speech.pcm == expected
    assert 500 < speech.duration_ms < 3000


def test_long_text_is_sent_in_parts_and_reassembled(
    engine: GttsEngine, google: Callable[..., FakeGoogle]
) -> None:
    fake = google((200, recorded("en")))
    text = (
        "The digital transformation is a commitment of our General Government Policy, "
        "which is reaffirmed with the next publication of the National Digital Transformation "
        "Policy announced by the President of the Republic."
    )
    speech = engine.synthesize(text, "en")
    assert len(fake.sent) >= 2
    assert all(len(s.text) <= 100 for s in fake.sent)
    words = [w.strip(",.") for s in fake.sent for w in s.text.split()]
    assert words == [w.strip(",.") for w in text.split()]
    one = len(codec.decode(fixture_mp3("en"), 22050))
    assert abs(len(speech.pcm) - len(fake.sent) * one) < len(fake.sent) * 2 * 22050 * 0.1


def test_busy_server_is_retried_with_backoff(
    engine: GttsEngine, google: Callable[..., FakeGoogle], sleeps: list[float]
) -> None:
    fake = google((429, b""), (503, b""), (500, b""), (200, recorded("es")))
    assert engine.synthesize("Buenos días.", "es").samples > 0
    assert len(fake.sent) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_gives_up_after_the_last_try(
    engine: GttsEngine, google: Callable[..., FakeGoogle], sleeps: list[float]
) -> None:
    fake = google((503, b""))
    with pytest.raises(SynthesisError, match=r"gave up after 4 tries \(HTTP 503"):
        engine.synthesize("Buenos días.", "es")
    assert len(fake.sent) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_read_timeouts_are_retried(
    engine: GttsEngine, google: Callable[..., FakeGoogle], sleeps: list[float]
) -> None:
    google(requests.ReadTimeout("read timed out"), (200, recorded("es")))
    assert engine.synthesize("Buenos días.", "es").samples > 0
    assert sleeps == [0.5]


def test_unreachable_network_is_unavailable_at_once(
    engine: GttsEngine, google: Callable[..., FakeGoogle], sleeps: list[float]
) -> None:
    fake = google(requests.ConnectionError("[Errno 101] Network is unreachable"))
    with pytest.raises(
        EngineUnavailable, match=r"gtts.*translate\.google\.com\.mx.*--engine espeak"
    ):
        engine.synthesize("Buenos días.", "es-PE")
    assert len(fake.sent) == 1
    assert sleeps == []


def test_refused_request_is_not_retried(
    engine: GttsEngine, google: Callable[..., FakeGoogle], sleeps: list[float]
) -> None:
    fake = google((403, b""))
    with pytest.raises(SynthesisError, match="403"):
        engine.synthesize("Buenos días.", "es")
    assert len(fake.sent) == 1


def test_reply_without_audio(engine: GttsEngine, google: Callable[..., FakeGoogle]) -> None:
    google((200, b')]}\'\n\n[["wrb.fr","jQ1olc",null]]\n'))
    with pytest.raises(SynthesisError):
        engine.synthesize("Buenos días.", "es")


def test_punctuation_alone_is_silence(
    engine: GttsEngine, google: Callable[..., FakeGoogle]
) -> None:
    fake = google((200, recorded("es")))
    assert engine.synthesize("…", "es").samples == 0
    assert fake.sent == []


def test_language_without_a_voice(engine: GttsEngine) -> None:
    with pytest.raises(EngineUnavailable, match=r"no voice for language 'qu'.*--engine espeak"):
        engine.voice_for("qu")


def test_unknown_voice(engine: GttsEngine) -> None:
    with pytest.raises(EngineUnavailable, match=r"no voice 'xx'.*es-419"):
        engine.synthesize("Hola.", "es", "xx")


def test_settings_that_cannot_work_are_refused() -> None:
    with pytest.raises(ValueError, match="tries must be at least 1"):
        GttsSettings(tries=0)


def test_missing_gtts_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gtts", None)
    engine = GttsEngine()
    assert (
        engine.unavailable_reason() == "gtts engine not available: pip install 'publisher[online]'"
    )
    with pytest.raises(EngineUnavailable, match=r"pip install 'publisher\[online\]'"):
        engine.synthesize("Hola.", "es")


def test_voices_and_fingerprint(engine: GttsEngine) -> None:
    ids = {v.id for v in engine.voices()}
    assert {"es-419", "es-es", "en-us", "en-gb", "fr"} <= ids
    assert engine.online
    assert engine.fingerprint().startswith("gTTS 2.")


def test_speech_without_word_marks_still_gets_valid_captions(
    engine: GttsEngine, google: Callable[..., FakeGoogle]
) -> None:
    """gTTS reports no word marks: cues are timed in proportion to characters instead."""
    from publisher.audio.writer import captions_for
    from publisher.speech.narration import narrate
    from publisher.speech.script import Script, Utterance
    from tests.audio.test_writer import vtt_cues

    google((200, recorded("es")))
    text = (
        "Será un honor para nosotros seguir realizando todos los esfuerzos necesarios, a "
        "través de la Secretaría de Gobierno y Transformación Digital de la Presidencia."
    )
    script = Script("es-PE", "Título", (Utterance(text, text, "es-PE", "b1", 300),))
    narration = narrate(script, engine)
    assert not any(s.marks for s in narration.segments)
    vtt = captions_for(narration)
    cues = vtt_cues(vtt)
    assert len(cues) >= 2
    assert " ".join(t for _, _, t in cues) == text
    (segment,) = narration.segments
    assert cues[0][0] == pytest.approx(segment.start_ms, abs=1)
    assert cues[-1][1] == pytest.approx(segment.end_ms, abs=1)
    for (_, end, _), (start, _, _) in itertools.pairwise(cues):
        assert end <= start
    for block in vtt.strip().split("\n\n")[1:]:
        lines = block.split("\n")[2:]
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 for line in lines)
