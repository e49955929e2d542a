"""The Piper engine with the test voice: real piper-tts, real ONNX Runtime, real builds."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import mutagen.id3
import pytest
from mutagen.mp3 import MP3

from publisher.cli import main
from publisher.config import load_config
from publisher.errors import EngineUnavailable, NoVoice, SourceError
from publisher.sources import load_release
from publisher.speech.engines import piper as piper_module
from publisher.speech.engines.base import InstalledVoices
from publisher.speech.engines.cache import SpeechCache
from publisher.speech.engines.piper import INSTALL_HINT, PiperEngine, PiperSettings
from publisher.speech.engines.registry import get_engine, list_engines
from publisher.speech.narration import narrate
from publisher.speech.script import Script, Utterance, speech_script
from publisher.speech.voices.files import file_sha256
from tests.audio.test_writer import decode_with_ffmpeg, vtt_cues
from tests.conftest import SEED, MakeRelease
from tests.epub.test_overlay import pars
from tests.speech.piper_voice import NAME, config_for, install_test_voice, voice_model

SLUG = SEED.name
SENTENCE = "The government of Peru will preside over the network for two years."


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("voices")
    install_test_voice(folder)
    return folder


@pytest.fixture(scope="module")
def engine(voices: Path) -> PiperEngine:
    return PiperEngine(PiperSettings(voices=str(voices)))


def write_config(path: Path, voices: Path, extra: str = "") -> Path:
    path.write_text(f'[audio.piper]\nvoices = "{voices}"\n{extra}', encoding="utf-8")
    return path


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or list(out.iterdir()) == []


# --- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"length_scale": 3.0}, "length_scale must be 0.5-2.0"),
        ({"noise_scale": -0.1}, "noise_scale must be 0-1"),
        ({"noise_w_scale": 1.5}, "noise_w_scale must be 0-1"),
        ({"threads": 0}, "threads must be 1-64"),
    ],
)
def test_settings_refuse_values_piper_does_not_take(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PiperSettings(**changes)


def test_settings_come_from_the_audio_piper_section(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "publisher.toml", tmp_path, "length_scale = 1.2\nthreads = 2\n"
    )
    settings = load_config(config).settings("audio.piper", PiperSettings)
    assert settings == PiperSettings(voices=str(tmp_path), length_scale=1.2, threads=2)
    (tmp_path / "bad.toml").write_text("[audio.piper]\nnoise = 0.5\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"\[audio.piper\] unknown key 'noise'; did you mean"):
        load_config(tmp_path / "bad.toml")


# --- voices ---------------------------------------------------------------------------------


def test_the_voices_language_comes_from_its_config(engine: PiperEngine) -> None:
    assert isinstance(engine, InstalledVoices)
    (voice,) = engine.voices()
    assert (voice.id, voice.lang, voice.name) == (NAME, "en-US", f"{NAME} (medium)")
    assert engine.voice_for("en") == engine.voice_for("en-GB") == NAME
    with pytest.raises(NoVoice, match="piper has no voice for language 'es'"):
        engine.voice_for("es")


def test_no_voice_at_all_says_how_to_add_one(tmp_path: Path) -> None:
    empty = PiperEngine(PiperSettings(voices=str(tmp_path)))
    with pytest.raises(EngineUnavailable, match="publisher voices add URL --sha256") as caught:
        empty.voice_for("en")
    assert not isinstance(caught.value, NoVoice)  # not read by a fallback: nothing to build with
    assert "no voices in" in empty.install_hint()


def test_the_closest_voice_for_a_tag_wins(tmp_path: Path) -> None:
    for name, code in (
        ("es_ES-davefx-medium", "es_ES"),
        ("es_MX-claude-high", "es_MX"),
        ("es_AR-daniela-high", "es_AR"),
    ):
        install_test_voice(tmp_path, name, config_for(code))
    engine = PiperEngine(PiperSettings(voices=str(tmp_path)))
    assert engine.voice_for("es-MX") == "es_MX-claude-high"
    assert engine.voice_for("es-ES") == "es_ES-davefx-medium"
    assert engine.voice_for("es-PE") == "es_AR-daniela-high"  # Latin American, best quality
    assert engine.voice_for("es") == "es_AR-daniela-high"


def test_a_voice_by_path(tmp_path: Path) -> None:
    engine = PiperEngine(PiperSettings(voices=str(tmp_path / "none")))
    found = engine.find_voice(str(voice_model()))
    assert found is not None
    assert (found.id, found.lang) == (str(voice_model()), "en-US")
    assert engine.voice_for("en") == str(voice_model())
    with pytest.raises(EngineUnavailable, match="no such model file"):
        engine.find_voice(str(tmp_path / "missing.onnx"))


def test_fingerprint_holds_the_settings_and_the_model_hash(engine: PiperEngine) -> None:
    assert "length_scale=1.0 noise_scale=0.0 noise_w_scale=0.0" in engine.fingerprint()
    assert "piper-tts 1.8.0" in engine.fingerprint()
    slower = PiperEngine(PiperSettings(voices=engine.settings.voices, length_scale=1.5))
    assert slower.fingerprint() != engine.fingerprint()
    digest = hashlib.sha256(voice_model().read_bytes()).hexdigest()
    assert f"model={digest}" in engine.voice_fingerprint(NAME)
    assert file_sha256(voice_model()) == digest


# --- synthesis ------------------------------------------------------------------------------


def test_synthesis_gives_the_same_samples_every_time(engine: PiperEngine) -> None:
    first = engine.synthesize(SENTENCE, "en")
    assert first.sample_rate == 22050
    assert 2.5 < first.duration_ms / 1000 < 8
    assert first.marks == ()  # Piper reports no word timings
    assert engine.synthesize(SENTENCE, "en").pcm == first.pcm
    code = (
        "import hashlib, sys;"
        "from publisher.speech.engines.piper import PiperEngine, PiperSettings;"
        f"e = PiperEngine(PiperSettings(voices={engine.settings.voices!r}));"
        f"sys.stdout.write(hashlib.sha256(e.synthesize({SENTENCE!r}, 'en').pcm).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert other == hashlib.sha256(first.pcm).hexdigest()


def test_length_scale_slows_the_voice(engine: PiperEngine) -> None:
    slower = PiperEngine(PiperSettings(voices=engine.settings.voices, length_scale=1.5))
    base = engine.synthesize(SENTENCE, "en").duration_ms
    assert slower.synthesize(SENTENCE, "en").duration_ms == pytest.approx(base * 1.5, rel=0.15)


def test_variation_trades_the_same_samples_for_livelier_prosody(engine: PiperEngine) -> None:
    lively = PiperEngine(PiperSettings(voices=engine.settings.voices, variation=True))
    first, second = (lively.synthesize(SENTENCE, "en").pcm for _ in range(2))
    assert first != second
    assert first != engine.synthesize(SENTENCE, "en").pcm
    assert "variation=True" in lively.fingerprint()


def test_a_language_no_piper_voice_speaks_is_read_by_espeak_with_one_warning(
    engine: PiperEngine, tmp_path: Path
) -> None:
    utterances = tuple(
        Utterance(text, text, lang, f"b{i}", 300)
        for i, (text, lang) in enumerate(
            [
                ("Good morning.", "en"),
                ("Allinllachu.", "qu"),
                ("Kamisaki.", "ay"),
                ("Allinllachu.", "qu"),
            ]
        )
    )
    warnings: list[str] = []
    narration = narrate(
        Script("en", "Title", utterances), engine, cache=SpeechCache(tmp_path), warn=warnings.append
    )
    assert warnings == [
        f"piper has no voice for language 'qu' in {engine.folder}: its passages are read by the "
        "qu voice (espeak:qu)",
        f"piper has no voice for language 'ay' in {engine.folder}: its passages are read by the "
        "es voice (espeak:es-419)",
    ]
    assert all(s.end > s.start for s in narration.segments)


def test_a_corrupt_model_is_named(tmp_path: Path) -> None:
    model = install_test_voice(tmp_path, "en_US-broken-medium")
    model.unlink()
    model.write_bytes(b"\x08\x07not an onnx model" * 100)
    engine = PiperEngine(PiperSettings(voices=str(tmp_path)))
    with pytest.raises(SourceError, match=r"broken-medium\.onnx: is not a Piper voice model"):
        engine.synthesize(SENTENCE, "en")


def test_without_piper_tts_the_engine_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)
    assert PiperEngine().unavailable_reason() == INSTALL_HINT
    with pytest.raises(EngineUnavailable, match=r"pip install 'publisher\[piper\]'"):
        get_engine("piper")
    (info,) = [i for i in list_engines() if i.name == "piper"]
    assert info.reason == INSTALL_HINT


def test_publisher_engines_shows_pipers_state(
    voices: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(voices.parent / "data"))
    assert main(["engines"]) == 0
    out = capsys.readouterr().out
    assert "piper (offline): available\n" in out
    assert f"no voices in {voices.parent / 'data' / 'publisher' / 'voices'}" in out
    install_test_voice(voices.parent / "data" / "publisher" / "voices")
    assert main(["engines", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 voice in" in out
    assert f"{NAME} (medium)" in out


# --- the build ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    folder: Path
    again: Path
    config: Path
    cache: Path
    synthesized: list[int]


FORMATS = "mp3,opus,vtt,narrated-epub"


@pytest.fixture(scope="module")
def built(voices: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("piper-build")
    config = write_config(root / "publisher.toml", voices)
    cache = root / "cache"
    calls: list[int] = []
    original = PiperEngine.synthesize

    def counting(self: PiperEngine, text: str, lang: str, voice: str | None = None) -> Any:
        calls[-1] += 1
        return original(self, text, lang, voice)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PiperEngine, "synthesize", counting)
        for name in ("first", "again"):
            calls.append(0)
            args = ["build", str(SEED), "--engine", "piper", "--lang", "en", "--formats", FORMATS]
            args += ["-o", str(root / name), "--config", str(config), "--cache-dir", str(cache)]
            assert main([*args, "-q"]) == 0
    return Built(root / "first" / SLUG, root / "again" / SLUG, config, cache, calls)


def test_the_build_writes_the_english_audio(built: Built) -> None:
    names = {p.name for p in built.folder.iterdir()}
    for ext in ("mp3", "opus", "vtt", "narrated.epub"):
        assert f"{SLUG}.en.{ext}" in names
    assert not [n for n in names if ".es." in n]


def test_duration_is_within_five_percent_of_the_synthesized_audio(built: Built) -> None:
    mp3 = built.folder / f"{SLUG}.en.mp3"
    samples, errors = decode_with_ffmpeg(mp3)
    assert errors == ""
    synthesized_s = len(samples) / 22050
    assert synthesized_s > 60
    assert MP3(mp3).info.length == pytest.approx(synthesized_s, rel=0.05)
    opus, opus_errors = decode_with_ffmpeg(built.folder / f"{SLUG}.en.opus")
    assert opus_errors == ""
    assert len(opus) / 22050 == pytest.approx(synthesized_s, rel=0.05)


def test_chapters_lie_inside_the_audio_in_order(built: Built) -> None:
    mp3 = built.folder / f"{SLUG}.en.mp3"
    length_ms = MP3(mp3).info.length * 1000
    chapters = sorted(mutagen.id3.ID3(mp3).getall("CHAP"), key=lambda c: c.start_time)
    assert len(chapters) >= 2
    assert chapters[0].start_time == 0
    for chapter in chapters:
        assert 0 <= chapter.start_time < chapter.end_time <= length_ms + 50
    assert [c.end_time for c in chapters[:-1]] == [c.start_time for c in chapters[1:]]


def test_captions_are_in_order_and_say_what_is_heard(built: Built) -> None:
    release = load_release(SEED)
    script = speech_script(release, release.edition("en"))
    cues = vtt_cues((built.folder / f"{SLUG}.en.vtt").read_text(encoding="utf-8"))
    length_ms = MP3(built.folder / f"{SLUG}.en.mp3").info.length * 1000
    spoken = [" ".join(u.written.split()) for u in script.utterances if u.written.strip()]
    # Captions are cut within sentences (Piper gives no word times: by characters), never
    # within a word: together they say the script's words, in order.
    assert " ".join(" ".join(text.split()) for _, _, text in cues) == " ".join(spoken)
    assert len(cues) > len(spoken)
    assert all(end - start <= 7000 for start, end, _ in cues)
    assert all(start < end for start, end, _ in cues)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(cues))
    assert cues[-1][1] <= length_ms


def test_the_narrated_epub_is_timed_from_the_synthesis(built: Built) -> None:
    epub = built.folder / f"{SLUG}.en.narrated.epub"
    clips = pars(epub)
    cues = vtt_cues((built.folder / f"{SLUG}.en.vtt").read_text(encoding="utf-8"))
    length_ms = MP3(built.folder / f"{SLUG}.en.mp3").info.length * 1000
    starts = [start for start, _, _ in cues]
    assert len(clips) < len(cues)  # a clip per sentence; a sentence may take several cues
    for _, _, begin, end in clips:
        # Each sentence's clip starts where its first caption does.
        assert min(abs(begin - start) for start in starts) <= 1
        assert begin < end <= length_ms + 50
    assert all(a[3] <= b[2] + 1 for a, b in itertools.pairwise(clips))
    with zipfile.ZipFile(epub) as book:
        opf = ElementTree.fromstring(book.read("EPUB/content.opf"))
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "en"


def test_a_rebuild_is_byte_identical_and_synthesizes_nothing(built: Built) -> None:
    assert built.synthesized[0] > 10
    assert built.synthesized[1] == 0
    first = {p.name: p.read_bytes() for p in built.folder.iterdir()}
    again = {p.name: p.read_bytes() for p in built.again.iterdir()}
    assert sorted(first) == sorted(again)
    assert [name for name in first if first[name] != again[name]] == []


# --- what a build refuses -------------------------------------------------------------------


def build_args(tmp_path: Path, config: Path, *extra: str) -> list[str]:
    return [
        *("build", str(SEED), "--engine", "piper", "--lang", "en", "--formats", "mp3"),
        *("-o", str(tmp_path / "out"), "--config", str(config), "--no-cache", "-q", *extra),
    ]


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def test_missing_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    assert main(build_args(tmp_path, config)) == 3
    assert one_error(capsys) == f"error: {INSTALL_HINT}"
    assert_nothing_written(tmp_path / "out")


def test_missing_voice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    assert main(build_args(tmp_path, config)) == 3
    message = one_error(capsys)
    assert f"piper has no voice installed in {tmp_path / 'voices'}" in message
    assert "publisher voices add URL --sha256 HEX" in message
    assert_nothing_written(tmp_path / "out")


def test_a_voice_not_installed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    install_test_voice(tmp_path / "voices")
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    assert main(build_args(tmp_path, config, "--voice", "es_MX-claude-high")) == 3
    assert one_error(capsys) == (
        f"error: piper has no voice 'es_MX-claude-high'; known voices: {NAME}"
    )
    assert_nothing_written(tmp_path / "out")


def test_corrupt_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = install_test_voice(tmp_path / "voices")
    model.unlink()
    model.write_bytes(b"not a model")
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    assert main(build_args(tmp_path, config)) == 2
    assert one_error(capsys).startswith(f"error: {model}: is not a Piper voice model")
    assert_nothing_written(tmp_path / "out")


def test_corrupt_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = install_test_voice(tmp_path / "voices", config='{"audio": {}}')
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    assert main(build_args(tmp_path, config, "--voice", str(model))) == 2
    assert one_error(capsys) == (
        f"error: {model}.json: is not a Piper voice config: "
        "no audio.sample_rate between 8000 and 96000"
    )
    assert_nothing_written(tmp_path / "out")


def test_voice_variation_is_for_engines_that_have_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build", str(SEED), "--engine", "espeak", "--voice-variation", "-o", str(tmp_path)]
    assert main([*args, "-q"]) == 2
    assert one_error(capsys) == ("error: --voice-variation: the espeak engine has none (piper has)")


def test_the_piper_module_is_not_imported_before_it_is_used() -> None:
    code = (
        "import sys; import publisher.speech.engines.piper;"
        "sys.exit(int('piper' in sys.modules or 'onnxruntime' in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert piper_module.ESPEAK_PREFIX == "espeak:"


def test_a_spanish_voice_reads_the_spanish_edition_and_espeak_the_rest(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The test voice stands in for es_MX-claude-high: choosing a voice reads only its config.
    install_test_voice(tmp_path / "voices", "es_MX-claude-high", config_for("es_MX"))
    config = write_config(tmp_path / "publisher.toml", tmp_path / "voices")
    make_release()
    out = tmp_path / "dist"
    args = ["build", str(tmp_path / "source"), "--engine", "piper", "--formats", "mp3,vtt"]
    args += ["-o", str(out), "--config", str(config), "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert warnings == [
        f"warning: piper has no voice for language 'en' in {tmp_path / 'voices'}: its passages "
        "are read by the en voice (espeak:en-us)"
    ]
    for lang in ("es", "en"):
        assert MP3(out / "nota" / f"nota.{lang}.mp3").info.length > 1
    entries = {p.name for p in (tmp_path / "cache" / "speech").rglob("*.pcm")}
    assert len(entries) >= 4
