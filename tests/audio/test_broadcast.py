from __future__ import annotations

import json
import subprocess
from pathlib import Path

from publisher.model import Release
from tests.audio.test_writer import ebur128


def test_broadcast_wav_is_48_khz_16_bit_at_ebu_r128_with_its_title(
    reach_build: tuple[Release, Path],
) -> None:
    _, out = reach_build
    for lang, title in (("es", "Título"), ("en", "Title")):
        path = out / f"nota.{lang}.broadcast.wav"
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_format", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        info = json.loads(probe.stdout)
        (stream,) = info["streams"]
        assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == (
            "pcm_s16le",
            "48000",
            1,
        )
        assert info["format"]["tags"]["title"] == title
        data = path.read_bytes()
        assert data[:4] == b"RIFF"
        assert b"bext" in data[:64]
        bext = data.index(b"bext") + 8
        assert data[bext : bext + 256].rstrip(b"\0").decode("utf-8") == title
        integrated, peak = ebur128(path)
        assert -24 <= integrated <= -22
        assert peak <= -1


def test_broadcast_is_an_alternative_to_the_mp3_in_the_size_total(
    reach_build: tuple[Release, Path],
) -> None:
    from publisher.formats import ALTERNATIVES, FORMATS

    assert "broadcast" in ALTERNATIVES
    assert FORMATS["broadcast"].alternative_to == ("mp3",)
    assert not FORMATS["broadcast"].default
    _, out = reach_build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["format"] for f in manifest["files"]} >= {"broadcast", "mp3"}
