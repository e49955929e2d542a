"""A corpus of files LibreOffice and pandoc wrote (tests/sources/corpus) imports word for word.

Each file's words, read from its XML text nodes by :mod:`tests.sources.corpus_words` (apart from
the importer), must all arrive in the release ``publisher import`` writes: body text, lists,
tables, footnotes and endnotes, text boxes and link texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.sources.importer import import_release
from tests.sources.corpus_words import file_words, words

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
ALL_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".odt"))


def _imported_words(folder: Path) -> str:
    """The Markdown of every edition, without the marks of raised and lowered text (``H~2~O``
    is one word, as in the file)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))
    return re.sub(r"(?<=\w)[~^](\w+)[~^]", r"\1", text)


def _langs(path: Path) -> list[str]:
    if path.name.startswith("bilingue"):
        return ["es-PE", "en"]
    return ["en"] if path.name.startswith("english") else ["es-PE"]


@pytest.mark.parametrize("source", ALL_FILES, ids=lambda p: p.name)
def test_every_word_of_a_file_arrives(source: Path, tmp_path: Path) -> None:
    folder = import_release([source], tmp_path / "out", langs=_langs(source), warn=lambda m: None)
    expected = file_words(source)
    if len(_langs(source)) > 1:  # the paragraph that starts the translation only separates
        expected -= words("English translation")
    missing = expected - words(_imported_words(folder))
    assert not missing, f"words lost: {dict(missing)}"


def test_the_corpus_holds_files_of_two_programs_in_both_formats() -> None:
    names = {p.name for p in ALL_FILES}
    assert {n for n in names if ".libreoffice." in n or "-libreoffice." in n}
    assert {n for n in names if ".pandoc." in n}
    assert {p.suffix for p in ALL_FILES} == {".docx", ".odt"}
