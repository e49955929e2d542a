"""A release in es-PE, en and qu: nothing left for the voice, no English on Quechua pages.

The release (``tests/speech/normalize/fixtures/trilingual``) has money, spaced thousands, a
phone, a clock time, a norm code and a web address in every edition.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from publisher.build import build_release
from publisher.bundle.write import BundleOptions, write_bundle
from publisher.cli import main
from publisher.options import BuildOptions
from publisher.render.labels import own_labels
from publisher.sources import load_release
from publisher.staging import staged
from tests.bundle.conftest import add_audio

TRILINGUAL = Path(__file__).parents[1] / "speech" / "normalize" / "fixtures" / "trilingual"


@pytest.mark.parametrize("lang", ["es", "en", "qu"])
def test_script_leaves_nothing_for_the_voice(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", "--unresolved", "--lang", lang, str(TRILINGUAL)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[1:] == ["nothing left for the voice to guess"], out


def _english_only() -> dict[str, str]:
    """English labels whose words no Spanish or Quechua label shares (the text before any
    placeholder), long enough to be told apart from a name or a format."""
    others = {text for lang in ("es", "qu") for text in own_labels(lang).values()}
    found = {}
    for key, text in own_labels("en").items():
        shown = text.split("{")[0].strip()
        if len(shown) > 4 and text not in others:
            found[key] = shown
    return found


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "bono-puno-2026"
    shutil.copytree(TRILINGUAL, source)
    release = load_release(source)
    out = tmp_path_factory.mktemp("dist")
    written = [
        a
        for a in build_release(release, BuildOptions(output=out, formats=("html",)))
        if a.format not in ("page", "manifest")
    ]
    written += add_audio(release, out / release.slug, 5)
    with staged(out / release.slug) as staging:
        write_bundle(release, written, staging, BundleOptions())
        staging.commit()
    return out / release.slug


def test_quechua_download_page_has_no_english_label(output: Path) -> None:
    text = (output / "index.qu.html").read_text("utf-8")
    assert '<html lang="qu">' in text
    assert "achka simipi qillqa" in text  # the combined edition of three languages
    marked = re.findall(r'lang="en">([^<]*)<', text)
    assert set(marked) <= {"English"}, marked  # only the name of the English page, in English
    for key, shown in _english_only().items():
        assert shown not in text, key


def test_quechua_html_edition_has_no_english_label(output: Path) -> None:
    text = (output / "bono-puno-2026.qu.html").read_text("utf-8")
    for key, shown in _english_only().items():
        assert shown not in text, key


def test_every_edition_names_the_combined_edition_multilingual(output: Path) -> None:
    assert "edición multilingüe" in (output / "index.html").read_text("utf-8")  # the original's
    english = (output / "index.en.html").read_text("utf-8")
    assert "multilingual edition" in english
    assert "bilingual edition" not in english
