from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config
from publisher.errors import SourceError
from publisher.settings import CommandLine, resolve
from publisher.speech.engines.cache import default_cache_dir
from publisher.speech.engines.espeak import EspeakSettings
from publisher.speech.engines.gtts import GttsSettings


def config(**sections: dict[str, object]) -> Config:
    return Config(Path("/etc/publisher/publisher.toml"), dict(sections))


def test_defaults_without_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLISHER_CACHE", raising=False)
    options = resolve(CommandLine(output=Path("dist")), Config())
    assert options.formats == ("html", "pdf", "epub", "mp3", "opus", "vtt", "clip", "script")
    assert options.audio.engine == "espeak"
    assert options.audio.mp3_bitrate_kbps == 32
    assert options.audio.cache_dir == default_cache_dir()  # the user's cache folder
    assert options.budgets.per_language == 1_500_000
    assert options.epub.certified_by is None


def test_the_command_line_overrides_the_file() -> None:
    settings = config(
        audio={"engine": "gtts", "mp3_kbps": 48, "cover": "cover.jpg"},
        epub={"certified_by": "Oficina de Prensa"},
        budgets={"per_language": "2 MB", "per_format": {"mp3": "1 MB"}},
        build={"formats": ["pdf"], "base_url": "https://example.org/notas/"},
    )
    options = resolve(
        CommandLine(output=Path("out"), engine="espeak", no_cache=True, budget="3 MB"), settings
    )
    assert options.audio.engine == "espeak"
    assert options.audio.mp3_bitrate_kbps == 48
    assert options.audio.cover == Path("/etc/publisher/cover.jpg")
    assert options.audio.cache_dir is None
    assert options.formats == ("pdf",)
    assert options.base_url == "https://example.org/notas/"
    assert options.epub.certified_by == "Oficina de Prensa"
    assert options.budgets.per_language == 3_000_000
    assert options.budgets.per_format["mp3"] == 1_000_000


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"audio": {"mp3_kbps": "32"}}, r"\[audio\] mp3_kbps: must be int"),
        ({"audio": {"mp3_kbps": 33}}, r"\[audio\]: mp3 bitrate must be one of"),
        ({"audio.espeak": {"rate": 999}}, r"\[audio\.espeak\]: espeak rate must be 80-450"),
        ({"audio.gtts": {"tries": 0}}, r"\[audio\.gtts\]: tries must be at least 1"),
        ({"build": {"formats": ["pdf", "docx"]}}, r"\[build\] formats: unknown format 'docx'"),
        ({"build": {"base_url": "ftp://x"}}, r"\[build\] base_url: "),
        ({"budgets": {"per_language": "lots"}}, r"\[budgets\] per_language or per_format: "),
    ],
)
def test_bad_values_name_the_file_and_key(
    sections: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        resolve(CommandLine(output=Path("dist")), config(**sections))
    assert "publisher.toml" in str(raised.value)


BAD_BASE_URLS = [
    ("https://example.org/a b/", "a space"),
    ('https://example.org/"x"/', 'a quote (")'),
    ("https://example.org/'x'/", "a quote (')"),
    ("https://example.org/<script>/", "'<'"),
    ("https://example.org/\n<item>", "line break"),
    (" https://example.org/", "a space"),
    ("https://example.org/\u202e/", "U+202E"),
    ("https://example.org/año/", "percent-encode"),
    ("https://example.org/%zz/", "two hex digits"),
    ("https://example.org/?page=1", "'?'"),
    ("https://user:pw@example.org/", "names a user"),
    ("https://example.org:99999/", "port"),
    ("ftp://example.org/", "not an absolute http(s) address"),
    ("/press/", "not an absolute http(s) address"),
    ("example.org/press/", "not an absolute http(s) address"),
]


@pytest.mark.parametrize(("url", "words"), BAD_BASE_URLS)
def test_a_base_url_is_one_plain_address(url: str, words: str) -> None:
    with pytest.raises(SourceError) as raised:
        resolve(CommandLine(output=Path("dist")), config(build={"base_url": url}))
    message = str(raised.value)
    assert "publisher.toml: [build] base_url: " in message
    assert words in message
    assert "\n" not in message  # shown escaped, never raw
    assert "\u202e" not in message


@pytest.mark.parametrize(("url", "words"), BAD_BASE_URLS)
def test_base_url_option_is_refused_naming_it(
    url: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from publisher.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["build", "--base-url", url, "-o", "dist"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "argument --base-url:" in error
    assert words in error


@pytest.mark.parametrize(
    "url", ["https://example.org/press/", "http://127.0.0.1:8000", "https://x.pe/a%C3%B1o/"]
)
def test_a_plain_base_url_is_kept_as_given(url: str) -> None:
    options = resolve(CommandLine(output=Path("dist")), config(build={"base_url": url}))
    assert options.base_url == url


def test_feed_image_and_cache_folder_from_file_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path))
    image = "https://example.org/notas/cover.jpg"
    options = resolve(CommandLine(output=Path("dist")), config(build={"feed_image_url": image}))
    assert options.feed_image_url == image
    assert options.audio.cache_dir == tmp_path / "speech"
    explicit = resolve(CommandLine(output=Path("dist"), cache_dir=Path("c")), Config())
    assert explicit.audio.cache_dir == Path("c/speech")


def test_the_chosen_engine_gets_its_own_section() -> None:
    settings = config(**{"audio.espeak": {"rate": 160}, "audio.gtts": {"tries": 2}})
    espeak = resolve(CommandLine(output=Path("dist")), settings).audio
    assert espeak.engine_settings == EspeakSettings(rate=160)
    gtts = resolve(CommandLine(output=Path("dist"), engine="gtts"), settings).audio
    assert gtts.engine_settings == GttsSettings(tries=2)


def test_an_engine_without_a_section_gets_its_defaults() -> None:
    audio = resolve(CommandLine(output=Path("dist")), Config()).audio
    assert audio.engine_settings == EspeakSettings()
