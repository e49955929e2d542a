"""Bad input: one message naming the file, the line and the fault; exit code 2; nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.cli import main
from tests.conftest import EN, ES, MakeRelease

CASES: dict[str, tuple[dict[str, str | bytes | None], str]] = {
    "invalid YAML front matter": (
        {"es.md": "---\ntitle: [sin cerrar\nlang: es-PE\n---\n\nTexto.\n"},
        r"es\.md:\d+: invalid YAML",
    ),
    "invalid YAML metadata": (
        {"release.yaml": "original: es-PE\nissuer: {es: a\n"},
        r"release\.yaml:\d+: invalid YAML",
    ),
    "missing title": (
        {"es.md": ES.replace("title: Título\n", "")},
        r"es\.md:2: front matter has no title",
    ),
    "invalid language tag": (
        {"en.md": EN.replace("lang: en", "lang: english-please")},
        r"en\.md:3: lang: 'english-please' is not a valid BCP 47 language tag",
    ),
    "translation out of line": (
        {"en.md": EN.replace("## Section\n\n", "")},
        r"en\.md:6: block 1 does not align with the original: here a paragraph, "
        r"but es\.md:6 has a level-2 heading",
    ),
    "image without alt text": (
        {"es.md": ES + "\n![](foto.png)\n", "foto.png": b"\x89PNG"},
        r"es\.md:12: image 'foto\.png' has no alt text",
    ),
    "image outside the release folder": (
        {"es.md": ES + "\n![Mapa](../../secreto.png)\n"},
        r"es\.md:12: image '\.\./\.\./secreto\.png' leads outside the release folder",
    ),
    "local link outside the release folder": (
        {"es.md": ES + "\nVer [datos](../../datos.csv).\n"},
        r"es\.md:12: link '\.\./\.\./datos\.csv' leads outside the release folder$",
    ),
    "site-root link": (
        {"es.md": ES + "\nVer [datos](/etc/passwd).\n"},
        r"es\.md:12: link '/etc/passwd' starts with '/'.*write the full address, "
        r"'https://<the website>/etc/passwd'",
    ),
    "link with another scheme": (
        {"es.md": ES + "\nVer [datos](ftp://example.org/datos.csv).\n"},
        r"es\.md:12: link 'ftp://example\.org/datos\.csv': 'ftp' addresses are not allowed",
    ),
    "image on the web": (
        {"es.md": ES + "\n![Mapa](https://example.org/mapa.png)\n"},
        r"es\.md:12: image 'https://example\.org/mapa\.png' is on the web",
    ),
    "empty document": (
        {"es.md": "---\ntitle: Título\nlang: es-PE\n---\n\n"},
        r"es\.md: the document is empty",
    ),
    "not UTF-8": (
        {"es.md": ES.replace("Segundo", "Tercer").encode("utf-8") + "Año\n".encode("latin-1")},
        r"es\.md:11: is not UTF-8 text \(byte 0xf1\)",
    ),
    "20 MB source": (
        {"es.md": ES + ("palabra " * 2_500_000)},
        r"es\.md: is 20\.0 MB; a release file may be at most 1024 KB",
    ),
    "unreadable file": (
        {"es.md": None, "release.yaml": None},
        r"nota: no release here",
    ),
    "missing original language": (
        {"release.yaml": "abbreviations: {}\n"},
        r"release\.yaml: 'original' is missing",
    ),
    "image that is not what its name says": (
        {"es.md": ES + "\n![Mapa](mapa.png)\n", "mapa.png": b"GIF89a"},
        r"es\.md:12: image 'mapa\.png' is not a PNG file",
    ),
    "link naming a NUL character": (
        {"es.md": ES + "\nVer [datos](datos%00.csv).\n"},
        r"es\.md:12: link 'datos%00\.csv' cannot name a file",
    ),
    "date with a time of day": (
        {"release.yaml": "original: es-PE\ndate: 2023-03-15 10:00:00\n"},
        r"release\.yaml:2: date '2023-03-15 10:00:00' is not a date",
    ),
    "level-1 heading in the body": (
        {"es.md": ES.replace("## Sección", "# Sección")},
        r"es\.md:6: a level-1 heading \('# Title', or a line of '===' under text\) is not "
        r"supported: the title comes from the front matter; start sections at '##'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_with_one_clear_message_and_writes_nothing(
    case: str, make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, expected = CASES[case]
    folder = make_release(files)
    out = tmp_path / "dist"
    code = main(["build", str(folder), "-o", str(out), "--formats", "pdf,epub"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(expected, err), err
    assert err.startswith("error: ")
    assert not out.exists()


def test_missing_source_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(tmp_path / "nowhere")])
    assert code == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_a_folder_named_like_an_edition_is_refused(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release()
    (folder / "qu.md").mkdir()
    assert main(["check", str(folder)]) == 2
    assert "qu.md: is a folder, not a file" in capsys.readouterr().err


def test_check_reports_a_good_release(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(make_release())]) == 0
    assert "nota: source OK (es-PE, en; 3 blocks aligned)" in capsys.readouterr().err


def test_a_malformed_source_date_epoch_is_bad_input(
    make_release: MakeRelease,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    out = tmp_path / "dist"
    assert main(["build", str(make_release()), "-o", str(out), "--formats", "epub"]) == 2
    assert "error: SOURCE_DATE_EPOCH: '99999999999999' is not a date" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_folder_that_cannot_be_made_is_one_message(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("")
    out = tmp_path / "afile" / "dist"
    assert main(["build", str(make_release()), "-o", str(out), "--formats", "epub"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(r"^error: .*afile/dist: Not a directory", err, re.MULTILINE), err


def test_check_reads_the_release_lexicons(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release({"lexicon.es.yaml": "words: [PCM]\n"})
    assert main(["check", str(folder)]) == 2
    assert "lexicon.es.yaml:1: 'words' must be 'key: text' lines" in capsys.readouterr().err


def test_options_are_never_taken_by_prefix(make_release: MakeRelease, tmp_path: Path) -> None:
    make_release()
    with pytest.raises(SystemExit) as raised:
        main(["build", str(tmp_path / "source"), "-o", str(tmp_path / "dist"), "--format", "pdf"])
    assert raised.value.code == 2
    assert not (tmp_path / "dist").exists()


def test_format_names_are_case_insensitive(make_release: MakeRelease, tmp_path: Path) -> None:
    make_release()
    out = tmp_path / "dist"
    assert main(["build", str(tmp_path / "source"), "-o", str(out), "--formats", "PDF", "-q"]) == 0
    assert (out / "nota" / "nota.es.pdf").is_file()


def test_a_language_the_release_lacks_is_bad_input(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release()
    code = main(["build", str(tmp_path / "source"), "-o", str(tmp_path / "d"), "--lang", "fr"])
    assert code == 2
    assert "--lang fr: nota has no edition in 'fr' (it has es-PE, en)" in capsys.readouterr().err


def test_a_bad_bitrate_is_blamed_on_the_option(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release()
    with pytest.raises(SystemExit) as raised:
        main(["build", str(tmp_path / "source"), "--mp3-kbps", "128"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "argument --mp3-kbps: '128' is not an MP3 bitrate" in err
    assert "publisher.toml" not in err


def test_a_budget_for_an_unknown_format_is_refused(
    make_release: MakeRelease, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_release()
    (tmp_path / "settings.toml").write_text("[budgets]\nper_format = { mp4 = '1 MB' }\n")
    code = main(["build", str(tmp_path / "source"), "--config", str(tmp_path / "settings.toml")])
    assert code == 2
    assert "'mp4' is not a format" in capsys.readouterr().err


def test_engines_says_the_online_voice_needs_the_network(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["engines"]) == 0
    out = capsys.readouterr().out
    assert "gtts (online): available, needs the network" in out or "gtts (online): not" in out


def test_version_lists_the_libraries_that_shape_the_outputs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    for name in ("publisher", "weasyprint", "pikepdf", "ebooklib", "espeak-ng", "FFmpeg"):
        assert re.search(rf"^{name} \d", out, re.MULTILINE), out


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out
    assert "2    bad input" in out
