"""The audio writer's settings, and the loudness targets they name (no codec is loaded here)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from publisher.speech.engines.cache import default_cache_dir
from publisher.speech.engines.registry import DEFAULT_ENGINE

AUDIO_FORMATS = ("mp3", "opus", "vtt")
MP3_BITRATES_KBPS = (16, 24, 32, 40, 48, 56, 64)
"""MPEG-2 Layer III bitrates offered for speech."""
MP3_SAMPLE_RATES = (16000, 22050, 24000)
"""MPEG-2 Layer III sample rates (576 samples a frame)."""
MP3_FRAME_SAMPLES = 576
"""Samples in an MPEG-2 Layer III frame."""
OPUS_PACKET_S = 0.02
"""Length of an Opus packet (libopus's default frame)."""
SECTION_GRID_MAX_S = 0.25
"""The longest grid worth cutting a narration on: each cut lengthens a pause by up to one."""


def section_grid(sample_rate: int) -> int | None:
    """The step, in samples, on which both an MP3 frame and an Opus packet start; None if too long.

    A narration cut into sections on this grid can be encoded section by section and joined
    packet for packet (:mod:`publisher.audio.sections`): 120 ms at 24 kHz, 180 ms at 16 kHz. At
    22.05 kHz the frames (26.1 ms) and the packets (20 ms) meet only every 1.28 s: no sections.
    """
    packet = sample_rate * OPUS_PACKET_S
    if not packet.is_integer():
        return None
    grid = math.lcm(MP3_FRAME_SAMPLES, int(packet))
    return grid if grid <= SECTION_GRID_MAX_S * sample_rate else None


@dataclass(frozen=True, slots=True)
class Target:
    """A loudness to normalise to: integrated loudness and the highest true peak allowed."""

    integrated_lufs: float
    true_peak_dbtp: float

    def key(self, version: int) -> str:
        """Names the target and the processing (its ``version``) in cache keys."""
        return f"loudness-v{version}:{self.integrated_lufs:g}LUFS:{self.true_peak_dbtp:g}dBTP"


PODCAST = Target(-16.0, -1.0)
"""Phones, podcast apps, messaging apps (the usual streaming recommendation)."""
BROADCAST = Target(-23.0, -1.0)
"""EBU R128, for radio."""


@dataclass(frozen=True, slots=True)
class AudioOptions:
    """Settings of the audio backend."""

    engine: str = DEFAULT_ENGINE
    """Speech engine name (see ``publisher.speech.engines.registry``)."""
    voice: str | None = None
    """Voice id for the script's language; None picks the engine's voice per language."""
    engine_settings: object | None = None
    """The engine's own settings, an instance of the dataclass its registry entry names (e.g.
    ``EspeakSettings``); None: that dataclass's defaults."""
    mp3_bitrate_kbps: int = 32
    """Constant MP3 bitrate: 16, 24, 32, 40, 48, 56 or 64."""
    mp3_quality: int = 7
    """LAME algorithm quality, 0 (best, slowest) to 9 (fastest). 7 skips noise shaping, which
    synthetic speech at 32 kbps hardly needs, and encodes about twice as fast as 5."""
    sample_rate: int = 16000
    """Sample rate of the narration and the MP3: 16000, 22050 or 24000. 16 kHz is wideband
    speech, all that Opus keeps and nearly all that MP3 keeps at 32 kbps (LAME's low-pass at
    22.05 kHz is 9 kHz). At 16000 and 24000 the narration is encoded in sections
    (:func:`section_grid`), so that an edit encodes one section again."""
    opus_bitrate_kbps: int = 16
    """Opus bitrate (6-64)."""
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    """Speech cache folder; None synthesizes everything afresh and caches nothing."""
    cover: Path | None = None
    """PNG or JPEG picture embedded in the audio files."""
    formats: tuple[str, ...] = AUDIO_FORMATS
    """Which of mp3, opus and vtt to write."""
    loudness: Target | None = PODCAST
    """What the MP3 and Opus are normalised to; None leaves the engine's level as it is."""
    encoders: int = 2
    """How many of the MP3 and the Opus are encoded at once: 1 encodes one after the other (a
    build at ``-j 1`` keeps to one core). Says how the files are made, not what they hold."""

    def __post_init__(self) -> None:
        """Reject settings the encoders cannot honour."""
        if self.mp3_bitrate_kbps not in MP3_BITRATES_KBPS:
            raise ValueError(f"mp3 bitrate must be one of {MP3_BITRATES_KBPS} kbps")
        if self.sample_rate not in MP3_SAMPLE_RATES:
            raise ValueError(f"sample rate must be one of {MP3_SAMPLE_RATES} Hz")
        if not 0 <= self.mp3_quality <= 9:
            raise ValueError("mp3 quality must be 0-9")
        if self.encoders < 1:
            raise ValueError("encoders must be at least 1")
        if not 6 <= self.opus_bitrate_kbps <= 64:
            raise ValueError("opus bitrate must be 6-64 kbps")
        unknown = set(self.formats) - set(AUDIO_FORMATS)
        if unknown:
            raise ValueError(f"unknown audio formats {sorted(unknown)}; known: {AUDIO_FORMATS}")
