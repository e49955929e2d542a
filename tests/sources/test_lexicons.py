"""Lexicons are read with the release, so rendering reads no files."""

from __future__ import annotations

import pytest

from publisher.errors import SourceError
from publisher.sources import load_release
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
    with pytest.raises(SourceError, match=r"lexicon\.qu\.yaml: unknown section 'word'"):
        load_release(make_release({"lexicon.qu.yaml": "word:\n  a: b\n"}))
