from __future__ import annotations

import array

from publisher.audio import pcm


def tone(samples: int, level: int = 5000) -> bytes:
    return array.array("h", [level if i % 2 else -level for i in range(samples)]).tobytes()


def test_sample_arithmetic() -> None:
    assert pcm.samples_for(1000, 22050) == 22050
    assert pcm.samples_for(400, 22050) == 8820
    assert pcm.ms_for(11025, 22050) == 500
    assert pcm.silence(3) == bytes(6)
    assert pcm.silence(-1) == b""
