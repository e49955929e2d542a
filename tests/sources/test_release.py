from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.model import Abbr, Heading, Paragraph, Span, Text, plain_text
from publisher.sources import find_releases, load_release
from publisher.sources.paths import MAX_FILE_BYTES
from tests.conftest import EN, ES, SEED, MakeRelease


def test_seed_release_has_both_editions_aligned() -> None:
    release = load_release(SEED)
    assert [e.lang for e in release.editions] == ["es-PE", "en"]
    assert release.original.is_original
    assert not release.editions[1].is_original
    assert len(release.editions[0].blocks) == len(release.editions[1].blocks) == 15
    assert release.date is None
    assert release.issuer == {}


def test_seed_is_faithful_to_the_seed_text() -> None:
    """Same words, same paragraphs: the title and every block come straight from the seed."""
    seed = Path(__file__).resolve().parents[3] / "shared" / "seed" / "press-release-es-en.txt"
    if not seed.exists():
        pytest.skip("the shared seed text is not beside this checkout")
    spanish, english = seed.read_text(encoding="utf-8").split("\nEnglish translation\n")
    release = load_release(SEED)
    for edition, text in zip(release.editions, (spanish, english), strict=True):
        paragraphs = [p.strip() for p in text.strip().split("\n\n")]
        assert edition.title == paragraphs[0]
        body = [plain_text(b.children) for b in edition.blocks if isinstance(b, Paragraph)]
        assert body == paragraphs[1:]


def test_abbreviations_are_data_with_expansions() -> None:
    release = load_release(SEED)
    abbrs = {
        (node.text, node.expansion)
        for block in release.original.blocks
        if isinstance(block, Paragraph)
        for node in block.children
        if isinstance(node, Abbr)
    }
    assert ("PCM", "Presidencia del Consejo de Ministros") in abbrs
    assert ("OEA", "Organización de los Estados Americanos") in abbrs


def test_every_node_knows_its_language_and_spans_switch_it(make_release: MakeRelease) -> None:
    es = ES.replace("Segundo párrafo.", "Dijo [Allin p'unchaw]{lang=qu} a todos.")
    en = EN.replace("Second paragraph.", "He said [Allin p'unchaw]{lang=qu} to all.")
    release = load_release(make_release({"es.md": es, "en.md": en}))
    paragraph = release.original.blocks[2]
    assert isinstance(paragraph, Paragraph)
    assert [type(n) for n in paragraph.children] == [Text, Span, Text]
    span = paragraph.children[1]
    assert isinstance(span, Span)
    assert span.lang == "qu"
    assert span.children == (Text("Allin p'unchaw", "qu"),)
    assert paragraph.children[0].lang == "es-PE"


def test_block_ids_are_shared_across_translations(make_release: MakeRelease) -> None:
    release = load_release(make_release())
    ids = [[b.id for b in e.blocks] for e in release.editions]
    assert ids[0] == ids[1] == ["b1", "b2", "b3"]
    assert isinstance(release.editions[1].blocks[0], Heading)


def test_find_releases_takes_one_folder_or_a_folder_of_releases(make_release: MakeRelease) -> None:
    one = make_release(slug="una")
    make_release(slug="otra")
    assert find_releases(one) == [one]
    assert [p.name for p in find_releases(one.parent)] == ["otra", "una"]


def test_release_level_metadata(make_release: MakeRelease) -> None:
    meta = (
        "original: es-PE\nissuer:\n  es: Ministerio\n  en: Ministry\ndate: 2023-03-15\n"
        "series: Notas de prensa\nidentifiers:\n  press-office: NP-123\n"
    )
    release = load_release(make_release({"release.yaml": meta}))
    assert release.issuer_in("en") == "Ministry"
    assert release.issuer_in("es-PE") == "Ministerio"
    assert release.issuer_in("qu") == "Ministerio", "a language without its own falls back"
    assert release.date is not None
    assert release.date.isoformat() == "2023-03-15"
    assert release.identifiers == {"press-office": "NP-123"}


def test_size_limit_is_stated_in_the_message(make_release: MakeRelease) -> None:
    big = ES + "x" * (MAX_FILE_BYTES + 1)
    with pytest.raises(SourceError, match=r"es\.md: is 1\.0 MB; a release file may be at most"):
        load_release(make_release({"es.md": big}))


def test_the_original_language_must_have_an_edition(make_release: MakeRelease) -> None:
    with pytest.raises(SourceError, match="original: qu but no edition is in that language"):
        load_release(make_release({"release.yaml": "original: qu\n"}))


def test_a_link_to_a_file_outside_the_release_is_refused(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    from publisher.sources.lexicons import release_lexicons

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "es.md").write_text(ES, encoding="utf-8")
    (outside / "lexicon.es.yaml").write_text("words: {Sección: secreto}\n", encoding="utf-8")
    folder = make_release({"es.md": None})
    (folder / "es.md").symlink_to(outside / "es.md")
    with pytest.raises(SourceError, match=r"es\.md: is a link that leads outside the release"):
        load_release(folder)
    (folder / "lexicon.es.yaml").symlink_to(outside / "lexicon.es.yaml")
    with pytest.raises(SourceError, match=r"lexicon\.es\.yaml: is a link that leads outside"):
        release_lexicons(folder, folder.resolve())


def test_two_editions_in_one_language_are_refused(make_release: MakeRelease) -> None:
    """Output files are named by language (nota.es.pdf): a second one would overwrite the first."""
    spain = ES.replace("lang: es-PE", "lang: es-ES")
    with pytest.raises(SourceError, match=r"es\.md: a second edition in es \(es-ES and es-PE\)"):
        load_release(make_release({"es-es.md": spain}))
