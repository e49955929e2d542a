"""The audio backend end to end: real espeak-ng speech and encoders, checked by ffmpeg, mutagen."""

from __future__ import annotations

import array
import datetime as dt
import itertools
import logging
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import mutagen.id3
import mutagen.mp3
import mutagen.oggopus
import pytest
import requests

from publisher.audio import codec, pcm
from publisher.audio import writer as backend
from publisher.audio.writer import AudioFile, AudioOptions, build_audio
from publisher.errors import EngineUnavailable, PublisherError, SynthesisError
from publisher.model import Edition, Release
from publisher.speech.engines import registry
from publisher.speech.engines.base import Speech
from publisher.speech.engines.cache import SpeechCache
from publisher.speech.engines.espeak import EspeakEngine, EspeakSettings
from publisher.speech.engines.registry import EngineEntry
from publisher.speech.narration import trim
from publisher.speech.script import Script, Utterance

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "source" / "peru-preside-red-gobierno-electronico-2023"

SENTENCES = [
    (
        "El Perú ejercerá el rol de País Presidente de la Red Interamericana de Gobierno.",
        "Título",
    ),
    ("Nos sentimos muy orgullosos y recibimos con mucha humildad la gran tarea.", "Parte 1"),
    ("Será un honor para nosotros seguir realizando todos los esfuerzos necesarios.", None),
    (
        "El avance del proceso de transformación digital ha permitido impulsar la reactivación.",
        None,
    ),
    ("Más de nueve mil puestos de mercados comenzaron a utilizar billeteras digitales.", None),
    ("Todo ello, en beneficio de miles de familias afectadas por la crisis sanitaria.", "Parte 2"),
    ("Hemos venido dando pasos importantes frente a los riesgos digitales.", None),
    ("La transformación digital es un compromiso de nuestra Política General de Gobierno.", None),
    (
        "El premier explicó que el Perú ha venido avanzando en los indicadores internacionales.",
        None,
    ),
    ("El país ha invertido en la Plataforma Nacional de Gobierno Digital.", "Parte 3"),
    ("Hay que remarcar el valioso aporte de la cooperación internacional.", None),
    ("Aún hay mucho por hacer para cerrar la enorme brecha digital que tenemos.", None),
]


def make_script(sentences: list[tuple[str, str | None]] = SENTENCES) -> Script:
    utterances = []
    for index, (text, chapter) in enumerate(sentences):
        next_chapter = index + 1 < len(sentences) and sentences[index + 1][1] is not None
        pause = 1200 if index == 0 else (700 if next_chapter else 300)
        written = text.replace("nueve mil", "9,000")
        utterances.append(Utterance(text, written, "es-PE", f"b{index}", pause, chapter))
    return Script("es-PE", "El Perú ejercerá el rol de País Presidente", tuple(utterances))


RELEASE = Release(
    slug="nota",
    root=ROOT,
    issuer={"es": "Presidencia del Consejo de Ministros"},
    editions=(Edition("es-PE", "El Perú ejercerá el rol", (), ROOT / "es.md", is_original=True),),
    date=dt.date(2023, 5, 4),
    series="Notas de prensa",
)


def options(cache: Path | None, **changes: Any) -> AudioOptions:
    return AudioOptions(cache_dir=cache, **changes)


def decode_with_ffmpeg(path: Path) -> tuple[array.array[int], str]:
    done = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            "22050",
            "-",
        ],
        capture_output=True,
        check=False,
    )
    samples = array.array("h")
    samples.frombytes(done.stdout[: len(done.stdout) // 2 * 2])
    return samples, done.stderr.decode() + (
        "" if done.returncode == 0 else f"exit {done.returncode}"
    )


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def ms(stamp: str) -> float:
        hours, minutes, seconds = stamp.split(":")
        return (int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000

    cues = []
    for block in text.strip().split("\n\n")[1:]:
        _, timing, *lines = block.split("\n")
        start, end = timing.split(" --> ")
        cues.append((ms(start), ms(end), " ".join(lines)))
    return cues


def expected_segments(script: Script) -> list[tuple[int, int]]:
    """(start, end) of every utterance: each spoken on its own and laid end to end with pauses."""
    engine = EspeakEngine()
    bounds, position = [], 0
    for utterance in script.utterances:
        length = trim(engine.synthesize(utterance.spoken, utterance.lang)).samples
        bounds.append((position, position + length))
        position += length + pcm.samples_for(utterance.pause_after_ms, 22050)
    return bounds


def cache_is_sound(root: Path) -> int:
    """Number of cache entries, after checking none is partial or unreadable."""
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert not [p for p in files if p.name.startswith(".tmp-")]
    cache = SpeechCache(root)
    for path in files:
        if path.suffix == ".pcm":
            assert cache.get(path.stem) is not None, path
    return len(files)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[AudioFile], Path]:
    out = tmp_path_factory.mktemp("out")
    return build_audio(
        make_script(), RELEASE, out, "nota-es", options(tmp_path_factory.mktemp("cache"))
    ), out


def test_writes_mp3_opus_and_captions(built: tuple[list[AudioFile], Path]) -> None:
    files, out = built
    assert [(f.format, f.media_type, f.lang) for f in files] == [
        ("mp3", "audio/mpeg", "es-PE"),
        ("opus", "audio/ogg; codecs=opus", "es-PE"),
        ("vtt", "text/vtt", "es-PE"),
    ]
    assert sorted(p.name for p in out.iterdir()) == ["nota-es.mp3", "nota-es.opus", "nota-es.vtt"]
    assert [os.fspath(f) for f in files] == [
        str(out / f"nota-es.{s}") for s in ("mp3", "opus", "vtt")
    ]
    assert all((f.path.stat().st_mode & 0o777) == 0o644 for f in files)


def test_mp3_duration_is_the_sum_of_segments_and_pauses(
    built: tuple[list[AudioFile], Path],
) -> None:
    files, _ = built
    script = make_script()
    segments = expected_segments(script)
    total_ms = pcm.ms_for(segments[-1][1], 22050) + script.utterances[-1].pause_after_ms
    assert files[0].duration_s * 1000 == pytest.approx(total_ms, abs=1)
    assert mutagen.mp3.MP3(files[0].path).info.length * 1000 == pytest.approx(total_ms, abs=50)
    assert mutagen.oggopus.OggOpus(files[1].path).info.length * 1000 == pytest.approx(
        total_ms, abs=50
    )
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            str(files[0].path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert float(probe.stdout) * 1000 == pytest.approx(total_ms, abs=100)


def test_chapter_frames_are_in_time_order_and_the_first_starts_at_zero(
    built: tuple[list[AudioFile], Path],
) -> None:
    files, _ = built
    tags = mutagen.id3.ID3(files[0].path)
    in_file_order = [frame for frame in tags.values() if frame.FrameID == "CHAP"]
    starts = [c.start_time for c in in_file_order]
    assert len(starts) == 4
    assert starts == sorted(starts)
    assert starts[0] == 0


def test_chapters_start_where_their_utterance_is_heard(built: tuple[list[AudioFile], Path]) -> None:
    files, _ = built
    script = make_script()
    segments = expected_segments(script)
    tags = mutagen.id3.ID3(files[0].path)
    chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    heads = [i for i, u in enumerate(script.utterances) if u.chapter]
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == [
        script.utterances[i].chapter for i in heads
    ]
    assert tags.getall("CTOC")[0].child_element_ids == [c.element_id for c in chapters]
    for chapter, index in zip(chapters, heads, strict=True):
        assert chapter.start_time == pytest.approx(pcm.ms_for(segments[index][0], 22050), abs=100)
    assert [c.end_time for c in chapters[:-1]] == [c.start_time for c in chapters[1:]]
    samples, errors = decode_with_ffmpeg(files[0].path)
    assert errors == ""
    for chapter in chapters[1:]:
        search_from = int((chapter.start_time - 150) * 22.05)
        onset = next(i for i in range(search_from, len(samples)) if abs(samples[i]) > 300)
        assert abs(onset / 22.05 - chapter.start_time) <= 100


def test_captions_are_short_cues_cut_between_words_at_the_voice_s_word_marks(
    built: tuple[list[AudioFile], Path],
) -> None:
    files, _ = built
    script = make_script()
    segments = expected_segments(script)
    text = files[2].path.read_text(encoding="utf-8")
    cues = vtt_cues(text)
    assert " ".join(t for _, _, t in cues) == " ".join(u.written for u in script.utterances)
    assert "9,000" in " ".join(t for _, _, t in cues)
    assert len(cues) > len(script.utterances)
    spans = [(pcm.ms_for(a, 22050), pcm.ms_for(b, 22050)) for a, b in segments]
    for start, end, words in cues:
        assert end - start <= 7000
        assert any(a - 1 <= start < end <= b + 1 for a, b in spans), (start, end, words)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(cues))
    assert cues[-1][1] <= files[0].duration_s * 1000
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")[2:]
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 for line in lines)
    # Each cue but a sentence's first starts where espeak-ng said its first word.
    starts = {round(pcm.ms_for(m.sample, 22050)) for m in _word_marks(script)}
    inner = [s for s, _, _ in cues if all(abs(s - a) > 1 for a, _ in spans)]
    assert inner
    assert all(any(abs(s - m) <= 60 for m in starts) for s in inner)


def _word_marks(script: Script) -> list[Any]:
    from publisher.speech.narration import narrate

    narration = narrate(script, EspeakEngine())
    return [m for s in narration.segments for m in s.marks if m.kind == "word"]


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128 filter reads them."""
    done = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated is not None, summary
    assert peak is not None, summary
    return float(integrated.group(1)), float(peak.group(1))


def test_mp3_and_opus_are_at_podcast_loudness(built: tuple[list[AudioFile], Path]) -> None:
    files, _ = built
    for file in files[:2]:
        integrated, peak = ebur128(file.path)
        assert -17 <= integrated <= -15, file.path.name
        assert peak <= -1, file.path.name


def test_the_loudness_target_is_part_of_the_encoded_audio_s_cache_key(tmp_path: Path) -> None:
    from publisher.audio.loudness import BROADCAST

    keys = {
        backend._encoding_key("mp3", options(tmp_path, loudness=level))
        for level in (None, BROADCAST, backend.loudness.PODCAST)
    }
    assert len(keys) == 3


def test_ffmpeg_decodes_both_without_errors(built: tuple[list[AudioFile], Path]) -> None:
    files, _ = built
    for audio in files[:2]:
        samples, errors = decode_with_ffmpeg(audio.path)
        assert errors == ""
        assert len(samples) == pytest.approx(audio.duration_s * 22050, abs=0.05 * 22050)


def test_sizes_suit_slow_links(built: tuple[list[AudioFile], Path]) -> None:
    files, _ = built
    minutes = files[0].duration_s / 60
    assert files[0].path.stat().st_size / 1024 / minutes <= 250
    assert files[1].path.stat().st_size / 1024 / minutes <= 130


def test_tags(built: tuple[list[AudioFile], Path]) -> None:
    files, _ = built
    assert files[0].path.read_bytes()[:4] == b"ID3\x03"
    tags = mutagen.id3.ID3(files[0].path)
    assert str(tags["TIT2"]) == "El Perú ejercerá el rol de País Presidente"
    assert str(tags["TPE1"]) == str(tags["TPUB"]) == "Presidencia del Consejo de Ministros"
    assert str(tags["TALB"]) == "Notas de prensa"
    assert str(tags["TLAN"]) == "spa"
    lyrics = tags.getall("USLT")[0]
    assert lyrics.lang == "spa"
    assert lyrics.text.split() == " ".join(u.written for u in make_script().utterances).split()
    opus = mutagen.oggopus.OggOpus(files[1].path).tags
    assert opus["TITLE"] == [str(tags["TIT2"])]
    assert opus["CHAPTER004NAME"] == ["Parte 3"]


def test_builds_are_byte_identical(built: tuple[list[AudioFile], Path], tmp_path: Path) -> None:
    files, _ = built
    cache = tmp_path / "cache"
    for name, cache_dir in (("cold", cache), ("warm", cache), ("uncached", None)):
        out = tmp_path / name
        again = build_audio(make_script(), RELEASE, out, "nota-es", options(cache_dir))
        assert [a.path.read_bytes() for a in again] == [f.path.read_bytes() for f in files], name


class Counting:
    """espeak-ng, counting the sentences it is asked to speak and failing on one if told."""

    def __init__(self, fail_on: int | None = None, settings: EspeakSettings | None = None) -> None:
        self.inner = EspeakEngine(settings)
        self.name, self.online = "counting", False
        self.fail_on = fail_on
        self.calls = 0

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("voice server crashed")
        return self.inner.synthesize(text, lang, voice)


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Counting]]:
    def install(**settings: Any) -> list[Counting]:
        made: list[Counting] = []

        def factory(engine_settings: EspeakSettings) -> Counting:
            made.append(Counting(**settings, settings=engine_settings))
            return made[-1]

        monkeypatch.setitem(registry.ENGINES, "counting", EngineEntry(factory, EspeakSettings))
        return made

    return install


def test_second_run_synthesizes_nothing(
    tmp_path: Path, register: Callable[..., list[Counting]]
) -> None:
    made = register()
    for name in ("first", "second"):
        build_audio(
            make_script(),
            RELEASE,
            tmp_path / name,
            "nota-es",
            options(tmp_path / "cache", engine="counting"),
        )
    assert [engine.calls for engine in made] == [len(SENTENCES), 0]
    first, second = (sorted((tmp_path / n).iterdir()) for n in ("first", "second"))
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_narration_given_is_not_narrated_again(
    built: tuple[list[AudioFile], Path], tmp_path: Path, register: Callable[..., list[Counting]]
) -> None:
    made = register()
    settings = options(None, engine="counting")
    narration = backend.narrate_script(make_script(), settings)
    files = build_audio(make_script(), RELEASE, tmp_path, "nota-es", settings, narration=narration)
    assert [engine.calls for engine in made] == [len(SENTENCES)]
    assert [f.path.read_bytes() for f in files] == [f.path.read_bytes() for f in built[0]]


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or list(out.iterdir()) == []


def test_engine_failing_on_the_tenth_sentence(
    tmp_path: Path, register: Callable[..., list[Counting]]
) -> None:
    register(fail_on=10)
    out, cache = tmp_path / "out", tmp_path / "cache"
    with pytest.raises(
        SynthesisError,
        match=r"counting failed on utterance 10 of 12 \(block 'b9'\): voice server crashed",
    ):
        build_audio(make_script(), RELEASE, out, "nota-es", options(cache, engine="counting"))
    assert_nothing_written(out)
    assert cache_is_sound(cache) == 9


def test_gtts_with_the_network_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_: Any, **__: Any) -> requests.Response:
        raise requests.ConnectionError("[Errno 101] Network is unreachable")

    monkeypatch.setattr(requests.Session, "send", unreachable)
    out, cache = tmp_path / "out", tmp_path / "cache"
    with pytest.raises(
        EngineUnavailable, match=r"gtts.*cannot reach translate\.google\.com\.mx.*--engine espeak"
    ) as caught:
        build_audio(make_script(), RELEASE, out, "nota-es", options(cache, engine="gtts"))
    assert isinstance(caught.value, PublisherError)
    assert_nothing_written(out)
    assert cache_is_sound(cache) == 0


def test_unknown_voice(tmp_path: Path, register: Callable[..., list[Counting]]) -> None:
    made = register()
    out = tmp_path / "out"
    with pytest.raises(EngineUnavailable, match=r"no voice 'es-xx'; known voices: .*es-419"):
        build_audio(
            make_script(),
            RELEASE,
            out,
            "nota-es",
            options(tmp_path / "cache", engine="counting", voice="es-xx"),
        )
    assert made[0].calls == 0
    assert_nothing_written(out)


def test_unknown_engine(tmp_path: Path) -> None:
    with pytest.raises(
        EngineUnavailable, match="unknown speech engine 'nope'; known engines: espeak, gtts"
    ):
        build_audio(make_script(), RELEASE, tmp_path, "nota-es", options(None, engine="nope"))


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = tmp_path / "nota-es.mp3"
    previous.write_bytes(b"the last good build")

    def full_disk(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backend, "tag_opus", full_disk)
    with pytest.raises(PublisherError, match=r"writing the es-PE audio failed: .*No space left"):
        build_audio(make_script(SENTENCES[:2]), RELEASE, tmp_path, "nota-es", options(None))
    assert [p.name for p in tmp_path.iterdir()] == ["nota-es.mp3"]
    assert previous.read_bytes() == b"the last good build"


def test_formats_and_settings(tmp_path: Path) -> None:
    files = build_audio(
        make_script(SENTENCES[:2]),
        RELEASE,
        tmp_path,
        "s",
        options(None, formats=("vtt",), engine_settings=EspeakSettings(rate=220, pitch=40)),
    )
    assert [f.format for f in files] == ["vtt"]
    assert [p.name for p in tmp_path.iterdir()] == ["s.vtt"]


@pytest.mark.parametrize(
    "bad",
    [
        {"mp3_bitrate_kbps": 33},
        {"mp3_bitrate_kbps": 128},
        {"sample_rate": 44100},
        {"formats": ("wav",)},
        {"mp3_quality": 10},
    ],
)
def test_options_are_checked(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=re.escape(next(iter(bad)).split("_")[0])):
        AudioOptions(**bad)


def test_seed_release_in_both_languages(tmp_path: Path) -> None:
    from publisher.sources import load_release
    from publisher.speech.script import speech_script

    release = load_release(SEED)
    for edition in release.editions:
        script = speech_script(release, edition)
        files = build_audio(script, release, tmp_path, f"seed-{edition.lang}", options(None))
        minutes = files[0].duration_s / 60
        assert 2 < minutes < 8
        assert mutagen.mp3.MP3(files[0].path).info.length == pytest.approx(
            files[0].duration_s, abs=0.05
        )
        assert files[0].path.stat().st_size / 1024 / minutes <= 250
        assert files[1].path.stat().st_size / 1024 / minutes <= 130
        cues = vtt_cues(files[2].path.read_text(encoding="utf-8"))
        assert len(cues) > len([u for u in script.utterances if u.written.strip()])
        assert max(end - start for start, end, _ in cues) <= 7000
        for file in files[:2]:
            integrated, peak = ebur128(file.path)
            assert -17 <= integrated <= -15
            assert peak <= -1


def test_three_hundred_headings(tmp_path: Path) -> None:
    """More chapters than one ID3 table of contents holds: every one is in the MP3, in order."""
    words = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]
    sentences = [(f"{words[n % 10].capitalize()}.", f"Sección {n}") for n in range(300)]
    files = build_audio(make_script(sentences), RELEASE, tmp_path, "s", options(None))
    tags = mutagen.id3.ID3(files[0].path)
    chapters = tags.getall("CHAP")
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == [title for _, title in sentences]
    assert [c.start_time for c in chapters] == sorted(c.start_time for c in chapters)
    assert len(tags.getall("CTOC")) == 3
    opus = mutagen.oggopus.OggOpus(files[1].path).tags
    assert opus["CHAPTER300NAME"] == ["Sección 299"]


def test_untaggable_audio_fails_before_synthesis(
    tmp_path: Path, register: Callable[..., list[Counting]]
) -> None:
    made = register()
    cover = tmp_path / "cover.gif"
    cover.write_bytes(b"GIF89a")
    settings = options(tmp_path / "cache", engine="counting", cover=cover)
    with pytest.raises(PublisherError, match=r"es-PE audio cannot be tagged: .*PNG or JPEG"):
        build_audio(make_script(), RELEASE, tmp_path / "out", "nota-es", settings)
    with pytest.raises(PublisherError, match=r"es-PE audio cannot be tagged: .*PNG or JPEG"):
        backend.narrate_script(make_script(), settings)
    assert all(engine.calls == 0 for engine in made)
    assert_nothing_written(tmp_path / "out")


def corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    else:  # overwritten in place, same length: noise where speech was
        middle = len(data) // 2
        path.write_bytes(data[:middle] + os.urandom(2000) + data[middle + 2000 :])


def cached(root: Path, suffix: str) -> list[Path]:
    return sorted(root.rglob(f"*{suffix}"), key=lambda p: p.stat().st_size)


@pytest.mark.parametrize(
    ("suffix", "how"),
    [
        (".mp3", "truncate"),
        (".mp3", "empty"),
        (".mp3", "overwrite"),
        (".opus", "truncate"),
        (".opus", "overwrite"),
        (".pcm", "overwrite"),
        (".pcm", "truncate"),
        (".pcm", "empty"),
    ],
)
def test_damaged_cache_entries_are_rebuilt(
    built: tuple[list[AudioFile], Path], tmp_path: Path, suffix: str, how: str
) -> None:
    """Real entries damaged on disk: the build publishes the good audio, replaces the entry, and
    warns once; the next build is quiet and reuses the rebuilt entry."""
    cache = tmp_path / "cache"
    script = make_script(SENTENCES[:4])
    first = build_audio(script, RELEASE, tmp_path / "first", "nota-es", options(cache))
    good = [f.path.read_bytes() for f in first]
    victim = cached(cache, suffix)[-1]
    corrupt(victim, how)
    warnings: list[str] = []
    again = build_audio(
        script, RELEASE, tmp_path / "second", "nota-es", options(cache), warn=warnings.append
    )
    assert [f.path.read_bytes() for f in again] == good
    assert len(warnings) == 1
    assert warnings[0].startswith("1 damaged speech cache entry")
    assert victim.name in warnings[0]
    assert cache_is_sound(cache) == len(script.utterances) + 2
    for file in again[:2]:
        assert codec.playing_time(file.path) == pytest.approx(file.duration_s, abs=0.02)
    quiet: list[str] = []
    build_audio(script, RELEASE, tmp_path / "third", "nota-es", options(cache), warn=quiet.append)
    assert quiet == []


def test_damage_without_a_warning_channel_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    script = make_script(SENTENCES[:2])
    build_audio(script, RELEASE, tmp_path / "first", "nota-es", options(cache))
    for path in cached(cache, ".pcm"):
        corrupt(path, "overwrite")
    with caplog.at_level(logging.WARNING, logger="publisher.audio"):
        backend.narrate_script(script, options(cache))
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"warning: 2 damaged speech cache entries (truncated, emptied or overwritten) rebuilt "
        f"and replaced in {cache}, e.g. {Path(record.getMessage().rsplit(' ', 1)[1]).name}"
    )
    assert record.getMessage().rsplit(" ", 1)[1] in {p.name for p in cached(cache, ".pcm")}


def test_encoded_audio_that_does_not_play_in_full_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An encoder that writes a short file (a full disk, a crash) fails the build."""
    real = codec.encode_opus

    def short(pcm_data: codec.Pcm, rate: int, path: Path, **settings: Any) -> None:
        whole = pcm_data if isinstance(pcm_data, bytes) else b"".join(pcm_data)
        real(whole[: len(whole) // 2], rate, path, **settings)

    monkeypatch.setattr(codec, "encode_opus", short)
    out, cache = tmp_path / "out", tmp_path / "cache"
    short_section = r"the es-PE OPUS: section 1 of 1 plays .* s; it lasts"
    with pytest.raises(PublisherError, match=short_section):
        build_audio(make_script(SENTENCES[:2]), RELEASE, out, "nota-es", options(cache))
    assert_nothing_written(out)
    assert cached(cache, ".opus") == []


def test_id3_and_opus_date_is_the_release_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The date of issue, whatever SOURCE_DATE_EPOCH or the clock say; none without one."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01: must not show
    script = make_script(SENTENCES[:1])
    dated = build_audio(script, RELEASE, tmp_path / "dated", "s", options(None))
    assert str(mutagen.id3.ID3(dated[0].path)["TDRC"]) == "2023-05-04"
    raw = mutagen.id3.ID3(dated[0].path, translate=False)
    assert (str(raw["TYER"]), str(raw["TDAT"])) == ("2023", "0405")
    assert mutagen.oggopus.OggOpus(dated[1].path).tags["DATE"] == ["2023-05-04"]
    command = ["ffprobe", "-v", "error", "-show_entries", "format_tags=date", "-of", "csv=p=0"]
    probe = subprocess.run(
        [*command, str(dated[0].path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "2023-05-04"
    undated = replace(RELEASE, date=None)
    files = build_audio(script, undated, tmp_path / "undated", "s", options(None))
    tags = mutagen.id3.ID3(files[0].path, translate=False)
    assert not {"TDRC", "TYER", "TDAT"} & set(tags.keys())
    assert "DATE" not in mutagen.oggopus.OggOpus(files[1].path).tags
    assert b"2000" not in files[0].path.read_bytes()[:4096]
