from __future__ import annotations

import json
import shutil
from pathlib import Path

import mutagen.oggopus
import pytest

from publisher.audio import loudness
from publisher.audio.clip import MAX_CLIP_S, clip_samples
from publisher.audio.writer import AudioOptions, narrate_script
from publisher.build import build_release
from publisher.model import Release
from publisher.options import BuildOptions
from publisher.speech.script import clip_script
from tests.audio.test_writer import ebur128, make_script


def test_a_clip_per_language_listed_in_the_manifest_and_on_the_page(
    reach_build: tuple[Release, Path],
) -> None:
    _, out = reach_build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    clips = {f["path"]: f for f in manifest["files"] if f["format"] == "clip"}
    assert sorted(clips) == ["nota.en.clip.opus", "nota.es.clip.opus"]
    for name, entry in clips.items():
        assert entry["media_type"] == "audio/ogg; codecs=opus"
        assert 0 < entry["duration_s"] <= MAX_CLIP_S
        info = mutagen.oggopus.OggOpus(out / name)
        assert abs(info.info.length - entry["duration_s"]) < 0.05
        assert info["title"]
        integrated, peak = ebur128(out / name)
        assert -17 <= integrated <= -15
        assert peak <= -1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="nota.es.clip.opus"' in page
    assert "Resumen en audio" in page


def test_the_clip_says_the_title_then_the_summary_or_else_the_lede(
    reach_build: tuple[Release, Path],
) -> None:
    release, _ = reach_build
    spanish = clip_script(release, release.edition("es-PE"))
    assert [u.block_id for u in spanish.utterances] == ["title", "summary"]
    assert "nueve mil" in spanish.utterances[1].spoken
    english = clip_script(release, release.edition("en"))
    lede = next(b for b in release.edition("en").blocks if b.id == english.utterances[-1].block_id)
    assert [u.block_id for u in english.utterances] == ["title", lede.id]


def test_a_clip_keeps_whole_sentences_within_its_limit(tmp_path: Path) -> None:
    narration = narrate_script(make_script(), AudioOptions(cache_dir=tmp_path))
    ends = [s.end for s in narration.segments]
    kept = clip_samples(narration, limit_s=8.0)
    assert kept / narration.sample_rate <= 8.0
    assert any(0 <= kept - end <= narration.sample_rate for end in ends)
    assert clip_samples(narration, limit_s=0.5) <= narration.sample_rate // 2


def _rebuild(release: Release, cache: Path, out: Path) -> list[str]:
    """Build the release's clips again into ``out`` with ``cache``; the warnings heard."""
    heard: list[str] = []
    options = BuildOptions(output=out, formats=("clip",), audio=AudioOptions(cache_dir=cache))
    build_release(release, options, warn=heard.append)
    return heard


def test_a_clip_already_encoded_comes_from_the_speech_cache(
    reach_build: tuple[Release, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, out = reach_build
    encodings: list[Path] = []
    fit = loudness.fit
    monkeypatch.setattr(loudness, "fit", lambda *a, **k: encodings.append(a[-1]) or fit(*a, **k))
    assert _rebuild(release, out.parent.parent / "cache", tmp_path / "dist") == []
    assert encodings == []
    for name in ("nota.es.clip.opus", "nota.en.clip.opus"):
        assert (tmp_path / "dist" / "nota" / name).read_bytes() == (out / name).read_bytes()


def test_a_damaged_cached_clip_is_encoded_again(
    reach_build: tuple[Release, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, out = reach_build
    cache = tmp_path / "cache"
    shutil.copytree(out.parent.parent / "cache", cache)
    entry = sorted(cache.rglob("*.opus"))[0]  # the build made no other Opus than the clips
    entry.write_bytes(entry.read_bytes()[:-100])
    encodings: list[Path] = []
    fit = loudness.fit
    monkeypatch.setattr(loudness, "fit", lambda *a, **k: encodings.append(a[-1]) or fit(*a, **k))
    heard = _rebuild(release, cache, tmp_path / "dist")
    assert len(encodings) == 1
    assert len(heard) == 1
    assert "damaged" in heard[0]
    for name in ("nota.es.clip.opus", "nota.en.clip.opus"):
        assert (tmp_path / "dist" / "nota" / name).read_bytes() == (out / name).read_bytes()
