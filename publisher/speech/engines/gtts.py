"""Online speech through the gTTS library (Google Translate's voice), imported on first use.

Accents come from the Google host (``tld``): Latin American Spanish is asked of google.com.mx.
Busy or failing servers (HTTP 429, 5xx, timeouts) are retried with exponential backoff; an
unreachable network stops at once with EngineUnavailable. The MP3 that comes back is decoded to
the same PCM the offline engine gives, so nothing after the engine depends on which one spoke.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from publisher.errors import EngineUnavailable, NoVoice, SynthesisError
from publisher.speech.engines.base import Speech, Voice, excerpt

SAMPLE_RATE = 22050
"""Rate of the PCM this engine returns."""
INSTALL_HINT = "gtts engine not available: pip install 'publisher[online]'"
ACCENTS: dict[str, tuple[str, str, str]] = {
    "es-419": ("es", "com.mx", "Spanish (Latin America)"),
    "es-es": ("es", "es", "Spanish (Spain)"),
    "es-us": ("es", "us", "Spanish (United States)"),
    "en-us": ("en", "com", "English (United States)"),
    "en-gb": ("en", "co.uk", "English (United Kingdom)"),
    "en-au": ("en", "com.au", "English (Australia)"),
    "en-ca": ("en", "ca", "English (Canada)"),
    "en-in": ("en", "co.in", "English (India)"),
    "en-ie": ("en", "ie", "English (Ireland)"),
    "en-za": ("en", "co.za", "English (South Africa)"),
    "en-ng": ("en", "com.ng", "English (Nigeria)"),
    "fr-fr": ("fr", "fr", "French (France)"),
    "fr-ca": ("fr", "ca", "French (Canada)"),
    "pt-br": ("pt", "com.br", "Portuguese (Brazil)"),
    "pt-pt": ("pt", "pt", "Portuguese (Portugal)"),
}
"""Voice id -> (gTTS language, Google host suffix, name): the accents Google gives per host."""
DEFAULT_VOICES = {"es": "es-419", "en": "en-us", "fr": "fr-fr", "pt": "pt-br", "zh": "zh-cn"}
"""Voice for a language tag without a region."""
LATIN_AMERICA = frozenset(
    {"419", "ar", "bo", "cl", "co", "cr", "cu", "do", "ec", "gt", "hn", "mx", "ni", "pa", "pe"}
    | {"pr", "py", "sv", "us", "uy", "ve"}
)
"""Regions whose Spanish is read with the Latin American accent."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class GttsSettings:
    """The ``[audio.gtts]`` section of ``publisher.toml``."""

    tries: int = 4
    """How many times a request is tried before the build gives up (at least 1)."""
    backoff_s: float = 1.0
    """Seconds waited after the first failed try; each later wait is twice as long."""
    timeout_s: float = 30.0
    """Seconds one request may take."""

    def __post_init__(self) -> None:
        """Refuse values that cannot work."""
        if self.tries < 1:
            raise ValueError("tries must be at least 1")
        if self.backoff_s < 0 or self.timeout_s <= 0:
            raise ValueError("backoff_s must be 0 or more and timeout_s more than 0")


def _gtts() -> ModuleType:
    try:
        import gtts
    except ImportError as exc:
        raise EngineUnavailable(INSTALL_HINT) from exc
    module: ModuleType = gtts
    return module


class GttsEngine:
    """Google Translate's voice through gTTS: needs the network, sounds natural."""

    name = "gtts"
    online = True

    def __init__(
        self, settings: GttsSettings | None = None, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Speak with ``settings`` (None: :class:`GttsSettings`' defaults).

        ``sleep`` does the waiting between tries (tests pass one that does not). The voice has a
        fixed rate and pitch, so the settings have neither.
        """
        settings = settings or GttsSettings()
        self.tries = settings.tries
        self.backoff_s = settings.backoff_s
        self.timeout_s = settings.timeout_s
        self.sleep = sleep

    def unavailable_reason(self) -> str | None:
        """None when gTTS is installed (the network is only tried when speaking)."""
        try:
            _gtts()
        except EngineUnavailable as exc:
            return str(exc)
        return None

    def _voices(self) -> dict[str, tuple[str, str, str]]:
        from gtts.lang import tts_langs

        known = dict(ACCENTS)
        for code, language in sorted(tts_langs().items()):
            known.setdefault(code.lower(), (code, "com", language))
        return known

    def voices(self) -> list[Voice]:
        """Accents per Google host, then every other language gTTS knows."""
        _gtts()
        return [Voice(vid, vid, name) for vid, (_, _, name) in self._voices().items()]

    def voice_for(self, lang: str) -> str:
        """The accent for the tag's region, else the usual one for its language."""
        _gtts()
        known = self._voices()
        tag = lang.lower()
        primary, _, rest = tag.partition("-")
        region = rest.split("-")[-1] if rest else ""
        if primary == "es" and (not region or region in LATIN_AMERICA):
            return "es-419"
        for candidate in (tag, f"{primary}-{region}", DEFAULT_VOICES.get(primary), primary):
            if candidate in known:
                return str(candidate)
        raise NoVoice(f"gtts has no voice for language '{lang}'; use --engine espeak")

    def fingerprint(self) -> str:
        """The gTTS version (the voice itself is Google's and may change unannounced)."""
        return f"gTTS {_gtts().__version__}"

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        """Speak one sentence through Google; PCM at 22050 Hz."""
        gtts = _gtts()
        voice_id = (voice or self.voice_for(lang)).lower()
        known = self._voices()
        if voice_id not in known:
            raise EngineUnavailable(
                f"gtts has no voice '{voice_id}'; known voices: {', '.join(known)}"
            )
        code, tld, _ = known[voice_id]
        if not any(ch.isalnum() for ch in text):
            return Speech(b"", SAMPLE_RATE)
        mp3 = self._fetch(gtts, text, code, tld)
        from publisher.audio.codec import decode

        try:
            return Speech(decode(mp3, SAMPLE_RATE), SAMPLE_RATE)
        except Exception as exc:  # any FFmpeg decoding failure
            raise SynthesisError(f"gtts sent audio that cannot be decoded: {exc}") from exc

    def _fetch(self, gtts: ModuleType, text: str, code: str, tld: str) -> bytes:
        """The MP3 for ``text``, retrying busy or failing servers."""
        import requests

        host = f"translate.google.{tld}"
        failure = ""
        for attempt in range(1, self.tries + 1):
            buffer = io.BytesIO()
            try:
                speaker = gtts.gTTS(
                    text, tld=tld, lang=code, lang_check=False, timeout=self.timeout_s
                )
                speaker.write_to_fp(buffer)
                return buffer.getvalue()
            except gtts.gTTSError as exc:
                response = exc.rsp
                if response is None:
                    if isinstance(exc.__context__, requests.ConnectionError):
                        raise EngineUnavailable(
                            f"gtts engine not available: cannot reach {host} "
                            "(no network?); use --engine espeak to speak offline"
                        ) from exc
                    failure = f"{type(exc.__context__).__name__} from {host}"
                elif response.status_code in RETRY_STATUSES:
                    failure = f"HTTP {response.status_code} from {host}"
                else:
                    raise SynthesisError(f"gtts failed speaking {excerpt(text)}: {exc}") from exc
            if attempt < self.tries:
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
        raise SynthesisError(
            f"gtts gave up after {self.tries} tries ({failure}) speaking {excerpt(text)}"
        )
