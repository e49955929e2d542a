"""Signed 16-bit little-endian mono PCM: silence, sample arithmetic and where the sound is."""

from __future__ import annotations

import array
import sys

TRIM_THRESHOLD = 64
"""Samples at or below this magnitude (about -54 dBFS) count as silence at the ends."""
TRIM_MARGIN_MS = 20
"""Silence kept before the first and after the last audible sample, so onsets are not cut."""


def samples_for(ms: float, sample_rate: int) -> int:
    """Number of samples in ``ms`` milliseconds, rounded to the nearest sample."""
    return round(ms * sample_rate / 1000)


def ms_for(samples: int, sample_rate: int) -> float:
    """Milliseconds in ``samples`` samples."""
    return samples * 1000 / sample_rate


def silence(samples: int) -> bytes:
    """``samples`` samples of digital silence."""
    return bytes(2 * max(samples, 0))


def _as_samples(pcm: bytes) -> array.array[int]:
    values = array.array("h")
    values.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def audible_bounds(pcm: bytes, threshold: int = TRIM_THRESHOLD) -> tuple[int, int]:
    """First and one-past-last sample louder than ``threshold``; (0, 0) if there is none."""
    values = _as_samples(pcm)
    first = next((i for i, v in enumerate(values) if abs(v) > threshold), None)
    if first is None:
        return 0, 0
    last = next(i for i in range(len(values) - 1, first - 1, -1) if abs(values[i]) > threshold)
    return first, last + 1
