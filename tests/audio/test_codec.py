from __future__ import annotations

import subprocess
from pathlib import Path

import mutagen.mp3
import mutagen.oggopus
import pytest

from publisher.audio import codec
from publisher.speech.engines.espeak import EspeakEngine

RATE = 22050


@pytest.fixture(scope="module")
def speech_pcm() -> bytes:
    engine = EspeakEngine()
    text = "El Perú ejercerá el rol de País Presidente de la Red Interamericana de Gobierno."
    return engine.synthesize(text, "es-PE").pcm * 4


def ffmpeg_errors(path: Path) -> str:
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr + ("" if done.returncode == 0 else f"exit {done.returncode}")


def test_mp3_has_an_info_header_with_the_exact_length(tmp_path: Path, speech_pcm: bytes) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(speech_pcm, RATE, path, bitrate_kbps=32)
    info = mutagen.mp3.MP3(path).info
    assert not info.sketchy
    assert info.bitrate_mode == mutagen.mp3.BitrateMode.CBR
    assert (info.sample_rate, info.channels, info.bitrate) == (RATE, 1, 32000)
    assert info.encoder_info.startswith("LAME")
    assert info.length == pytest.approx(len(speech_pcm) / 2 / RATE, abs=0.001)
    assert path.read_bytes()[:3] != b"ID3"
    assert ffmpeg_errors(path) == ""


def test_mp3_decodes_gapless(tmp_path: Path, speech_pcm: bytes) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(speech_pcm, RATE, path)
    assert len(codec.decode(path.read_bytes(), RATE)) == len(speech_pcm)


@pytest.mark.parametrize("kbps", [16, 32, 64])
def test_mp3_bitrate_sets_the_size(tmp_path: Path, speech_pcm: bytes, kbps: int) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(speech_pcm, RATE, path, bitrate_kbps=kbps)
    seconds = len(speech_pcm) / 2 / RATE
    assert path.stat().st_size == pytest.approx(kbps * 1000 / 8 * seconds, rel=0.05)


def test_mp3_bitrate_must_be_mpeg2(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bitrate"):
        codec.encode_mp3(b"\0\0" * 100, RATE, tmp_path / "a.mp3", bitrate_kbps=33)


def test_encodings_are_reproducible(tmp_path: Path, speech_pcm: bytes) -> None:
    for name in ("a", "b"):
        codec.encode_mp3(speech_pcm, RATE, tmp_path / f"{name}.mp3")
        codec.encode_opus(speech_pcm, RATE, tmp_path / f"{name}.opus")
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    assert (tmp_path / "a.opus").read_bytes() == (tmp_path / "b.opus").read_bytes()
    assert b"Lavf5" not in (tmp_path / "a.opus").read_bytes()
    assert b"Lavc" not in (tmp_path / "a.mp3").read_bytes()


def test_opus_is_voip_16k_and_keeps_the_length(tmp_path: Path, speech_pcm: bytes) -> None:
    path = tmp_path / "a.opus"
    codec.encode_opus(speech_pcm, RATE, path, bitrate_kbps=16)
    seconds = len(speech_pcm) / 2 / RATE
    assert mutagen.oggopus.OggOpus(path).info.length == pytest.approx(seconds, abs=0.03)
    assert path.stat().st_size / 1024 / (seconds / 60) <= 130
    assert ffmpeg_errors(path) == ""
    decoded = codec.decode(path.read_bytes(), RATE)
    assert abs(len(decoded) - len(speech_pcm)) <= 2 * 10


def test_resample_keeps_the_duration(speech_pcm: bytes) -> None:
    up = codec.resample(speech_pcm, RATE, 24000)
    assert len(up) / 2 == pytest.approx(len(speech_pcm) / 2 * 24000 / RATE, abs=2)
    assert codec.resample(speech_pcm, RATE, RATE) is speech_pcm


def test_no_lameenc_dependency() -> None:
    """MP3 is encoded by FFmpeg's libmp3lame through PyAV: lameenc is not needed, nor declared."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    declared = " ".join(project["project"]["dependencies"])
    overrides = [m for o in project["tool"]["mypy"]["overrides"] for m in o["module"]]
    assert "lameenc" not in declared
    assert "lameenc" not in overrides
    sources = (root / "publisher").rglob("*.py")
    assert not [p for p in sources if "lameenc" in p.read_text(encoding="utf-8")]
