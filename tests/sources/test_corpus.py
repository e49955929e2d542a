"""A corpus of files LibreOffice and pandoc wrote (tests/sources/corpus) imports word for word.

Each file's words, read from its XML text nodes by :mod:`tests.sources.corpus_words` (apart from
the importer), must all arrive in the release ``publisher import`` writes: body text, lists,
tables, footnotes and endnotes, text boxes and link texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.errors import SourceError
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


WITHOUT_ALT = {"foto.libreoffice-word.docx"}
"""LibreOffice's "Word 2007-365" filter writes the picture without its alt text: refused."""


@pytest.mark.parametrize(
    "source", [p for p in ALL_FILES if p.name not in WITHOUT_ALT], ids=lambda p: p.name
)
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


@pytest.mark.parametrize("name", sorted(WITHOUT_ALT))
def test_a_picture_saved_without_its_alt_text_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="without alt text"):
        import_release([CORPUS / name], tmp_path / "out", langs=["es-PE"])


@pytest.mark.parametrize("name", ["foto.libreoffice.docx", "foto.libreoffice.odt"])
def test_a_picture_arrives_with_its_alt_text(name: str, tmp_path: Path) -> None:
    folder = import_release([CORPUS / name], tmp_path / "out", langs=["es-PE"])
    text = (folder / "es.md").read_text(encoding="utf-8")
    assert "![Un cuadrado verde que representa el parque](images/image1.png)" in text
    assert (folder / "images" / "image1.png").read_bytes().startswith(b"\x89PNG")
