"""Lexicons are read with the release, so rendering reads no files, and by strict rules."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.sources import load_release
from publisher.sources.lexicons import lexicon_from_text, read_lexicon
from publisher.sources.yaml_reader import load_yaml
from publisher.speech.script import speech_script
from tests.conftest import MakeRelease


def test_the_release_lexicon_is_loaded_with_it_and_rendering_reads_no_file(
    make_release: MakeRelease,
) -> None:
    folder = make_release({"lexicon.es.yaml": "words:\n  Sección: sekshon\n"})
    release = load_release(folder)
    assert release.lexicons["es"].words["Sección"] == "sekshon"
    (folder / "lexicon.es.yaml").unlink()  # rendering must not need the file any more
    script = speech_script(release, release.original)
    assert any("sekshon" in u.spoken for u in script.utterances)


def test_a_malformed_lexicon_fails_the_load_naming_the_file(make_release: MakeRelease) -> None:
    with pytest.raises(SourceError, match=r"lexicon\.qu\.yaml:1: unknown section 'word'"):
        load_release(make_release({"lexicon.qu.yaml": "word:\n  a: b\n"}))


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('words:\n  BID: bid\n  "": HOLA\n', 3, "the key '' is blank"),
        ('words:\n  "  ": HOLA\n', 2, "the key '  ' is blank"),
        (
            "words:\n  NO: nou\n",
            2,
            "the key 'NO' is read as false (a yes/no value), not as a word: quote it: \"NO\": ...",
        ),
        ("words:\n  ~: a\n", 2, "the key '~' is read as nothing (null)"),
        (
            "letters:\n  1: uno\n",
            2,
            """the key '1' is read as a number, not as a word: quote it: "1": ...""",
        ),
        ("words:\n  BID: bid\n  BID: be\n", 3, "'BID' is given twice, on lines 2 and 3: keep one"),
        ("words:\n  a: &x b\n  c: *x\n", 3, "aliases (*x) are not allowed here"),
        (
            "words:\n  BID: no\n",
            2,
            "the value 'no' of 'BID' is read as false (a yes/no value), not as text: "
            'quote it: BID: "no"',
        ),
        ("words:\n  ONE: 1\n", 2, "the value '1' of 'ONE' is read as a number"),
        (
            "words:\n  x: y\n  BID:\n",
            3,
            "'BID' in words has no text after ':': write how it is read",
        ),
        (
            "nouns:\n  día:\n",
            2,
            "'día' in nouns has no text after ':': write its gender, e.g. 'día: m'",
        ),
        ("nouns:\n  x: m\n  mapa: x\n", 3, "the gender of 'mapa' must be m or f"),
        ("words: x\n", 1, "'words' must be 'key: text' lines"),
    ],
)
def test_each_bad_entry_is_refused_on_its_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    path = tmp_path / "lexicon.es.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_lexicon(path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert message in caught.value.message


def test_quoted_words_and_empty_sections_are_read() -> None:
    text = 'words:\n  "NO": nou\n  "ON": "on"\n  "1": "uno"\nletters:\nnouns: {}\n'
    lexicon = lexicon_from_text(text, Path("lexicon.es.yaml"))
    assert dict(lexicon.words) == {"NO": "nou", "ON": "on", "1": "uno"}
    assert dict(lexicon.letters) == dict(lexicon.nouns) == {}


@pytest.mark.parametrize("lang", ["es", "en", "qu"])
def test_the_shipped_lexicons_pass_the_same_rules(lang: str) -> None:
    entry = resources.files("publisher") / "data" / "lexicon" / f"{lang}.yaml"
    lexicon_from_text(entry.read_text(encoding="utf-8"), Path(f"{lang}.yaml"))  # no SourceError


def test_release_yaml_keeps_its_own_keys(tmp_path: Path) -> None:
    """The text-only rules are the lexicons': other files still read ``2023:`` as a key."""
    data = load_yaml(tmp_path / "x.yaml", "a:\n  2023: b\n  yes: c\n")
    assert dict(data["a"]) == {"2023": "b", "True": "c"}
