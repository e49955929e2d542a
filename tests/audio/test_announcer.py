from __future__ import annotations

from pathlib import Path

import pytest

from publisher.audio.announcer import announcer_text
from publisher.cli import main
from publisher.model import Release
from publisher.speech.script import speech_script


def test_the_announcer_s_script_is_the_spoken_text_paragraph_by_paragraph(
    reach_build: tuple[Release, Path],
) -> None:
    release, out = reach_build
    text = (out / "nota.es.script.txt").read_text(encoding="utf-8")
    assert text.startswith("Título\n")
    assert "== Sección ==" in text
    # The abbreviation as the voice says it (the Spanish lexicon spells it), not as written.
    assert "PCM" not in text
    paragraphs = text.strip().split("\n\n")
    assert "Primer párrafo de la pe ce eme." in paragraphs
    assert text == announcer_text(speech_script(release, release.edition("es-PE")))


def test_a_passage_in_another_language_is_marked_with_its_language(
    reach_build: tuple[Release, Path],
) -> None:
    _, out = reach_build
    text = (out / "nota.en.script.txt").read_text(encoding="utf-8")
    assert "They said [qu: Allin p'unchaw] to everyone." in text


def test_publisher_script_announcer_prints_the_same_text(
    reach_build: tuple[Release, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    release, out = reach_build
    assert main(["script", str(release.root), "--lang", "es", "--announcer"]) == 0
    assert capsys.readouterr().out == (out / "nota.es.script.txt").read_text(encoding="utf-8")
