from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from publisher.model import Release, block_text
from publisher.sources import load_release
from publisher.speech.script import (
    PAUSE_ITEM_MS,
    PAUSE_JOIN_MS,
    PAUSE_PARAGRAPH_MS,
    PAUSE_SECTION_MS,
    PAUSE_SENTENCE_MS,
    Script,
    Utterance,
    format_script,
    speech_script,
)
from tests.conftest import SEED, MakeRelease

# Every number, ordinal and abbreviation of the seed release, as written and as said, by block.
SEED_SPOKEN: dict[str, list[tuple[str, str, str]]] = {
    "es-PE": [
        ("title", "Electrónico 2023,", "Electrónico dos mil veintitrés,"),
        ("b1", "Electrónico 2023”", "Electrónico dos mil veintitrés”"),
        ("b1", "la VII Cumbre", "la séptima Cumbre"),
        ("b2", "(PCM)", "(pe ce eme)"),
        ("b3", "Covid-19", "Covid diecinueve"),
        ("b4", "esta VII Cumbre", "esta séptima Cumbre"),
        ("b5", "(PCM)", "(pe ce eme)"),
        ("b5", "9,000 puestos", "nueve mil puestos"),
        ("b5", "165 millones de soles", "ciento sesenta y cinco millones de soles"),
        ("b7", "la PCM se", "la pe ce eme se"),
        ("b8", "el I Simulacro", "el primer Simulacro"),
        ("b12", "(BID)", "(bid)"),
        ("b12", "(OEA)", "(o e a)"),
        ("b14", "1 millón de soles", "un millón de soles"),
        ("b14", "14 localidades", "catorce localidades"),
        ("b14", "4 mil habitantes", "cuatro mil habitantes"),
    ],
    "en": [
        ("title", "Government 2023,", "Government twenty twenty-three,"),
        ("b1", "Government 2023”", "Government twenty twenty-three”"),
        ("b1", "the VII Ministerial Summit", "the Seventh Ministerial Summit"),
        ("b2", "(PCM)", "(P.C.M.)"),
        ("b3", "Covid-19 pandemic", "Covid nineteen pandemic"),
        ("b4", "this Seventh Ministerial Summit", "this Seventh Ministerial Summit"),
        ("b5", "(PCM)", "(P.C.M.)"),
        ("b5", "9,000 market stalls", "nine thousand market stalls"),
        ("b5", "165 million soles", "one hundred and sixty-five million soles"),
        ("b7", "the PCM has", "the P.C.M. has"),
        ("b8", "the First National Simulation", "the First National Simulation"),
        ("b12", "(IDB)", "(I.D.B.)"),
        ("b12", "(OAS)", "(O.A.S.)"),
        ("b14", "1 million soles", "one million soles"),
        ("b14", "14 most vulnerable", "fourteen most vulnerable"),
        ("b14", "4,000 inhabitants", "four thousand inhabitants"),
    ],
}
NUMBERISH = re.compile(r"\d[\d,.]*\d|\d|\b[IVXLC]+\b|\b[A-Z]{2,}\b|\b(?:First|Seventh)\b")


@pytest.fixture(scope="module")
def seed() -> Release:
    return load_release(SEED)


def by_block(script: Script, block_id: str) -> list[Utterance]:
    return [u for u in script.utterances if u.block_id == block_id]


@pytest.mark.parametrize("lang", ["es-PE", "en"])
def test_every_number_ordinal_and_abbreviation_of_the_seed(seed: Release, lang: str) -> None:
    edition = seed.edition(lang)
    script = speech_script(seed, edition)
    for block_id, written, said in SEED_SPOKEN[lang]:
        utterances = by_block(script, block_id)
        assert any(written in u.written for u in utterances), (block_id, written)
        assert any(said in u.spoken for u in utterances), (block_id, said)
    # The list above is complete: it names every number-like token of the edition.
    texts = [edition.title, *(block_text(b) for b in edition.blocks)]
    in_source = Counter(t for text in texts for t in NUMBERISH.findall(text))
    listed = Counter(t for _, written, _ in SEED_SPOKEN[lang] for t in NUMBERISH.findall(written))
    assert in_source == listed


@pytest.mark.parametrize("lang", ["es-PE", "en"])
def test_seed_spoken_text_has_no_digits_or_raw_abbreviations(seed: Release, lang: str) -> None:
    script = speech_script(seed, seed.edition(lang))
    spoken = " ".join(u.spoken for u in script.utterances)
    assert not re.search(r"\d", spoken)
    assert not re.search(r"\b(?:PCM|BID|OEA|IDB|OAS|VII)\b|\bI\b(?!\.)", spoken)


@pytest.mark.parametrize("lang", ["es-PE", "en"])
def test_written_text_holds_every_paragraph_in_order(seed: Release, lang: str) -> None:
    edition = seed.edition(lang)
    script = speech_script(seed, edition)
    read = re.sub(r"\s+", "", "".join(u.written for u in script.utterances))
    position = 0
    for text in [edition.title, *(block_text(b) for b in edition.blocks)]:
        found = read.find(re.sub(r"\s+", "", text), position)
        assert found >= position, text[:40]
        position = found + 1


def test_seed_pauses_and_chapters(seed: Release) -> None:
    edition = seed.edition("es")
    script = speech_script(seed, edition)
    assert script.lang == "es-PE"
    assert script.title == edition.title
    head = script.utterances[0]
    assert (head.block_id, head.chapter, head.pause_after_ms) == (
        "title",
        edition.title,
        PAUSE_SECTION_MS,
    )
    chapters = {u.block_id: u.chapter for u in script.utterances if u.chapter}
    assert chapters == {
        "title": edition.title,
        "b1": "Parte 1",
        "b5": "Parte 2",
        "b9": "Parte 3",
        "b13": "Parte 4",
    }
    english = speech_script(seed, seed.edition("en"))
    assert [u.chapter for u in english.utterances if u.chapter][1:] == [
        "Part 1",
        "Part 2",
        "Part 3",
        "Part 4",
    ]
    # Every seed paragraph is one sentence but b6 and b15, quotations of two sentences each.
    sentence_ends = [u.block_id for u in script.utterances if u.pause_after_ms == PAUSE_SENTENCE_MS]
    assert sentence_ends == ["b6", "b15"]
    assert all(
        u.pause_after_ms == PAUSE_PARAGRAPH_MS
        for u in script.utterances[1:]
        if u.pause_after_ms != PAUSE_SENTENCE_MS
    )
    assert all(u.lang == "es-PE" for u in script.utterances)


def test_a_quotation_of_two_sentences_gives_two_utterances(seed: Release) -> None:
    script = speech_script(seed, seed.edition("es"))
    first, second = by_block(script, "b6")
    assert first.written.startswith("“Todo ello")
    assert first.written.endswith("internacional.")
    assert second.written.startswith("También")
    assert second.written.endswith("refirió.")
    assert first.pause_after_ms < second.pause_after_ms


def script_of(make_release: MakeRelease, es_body: str, en_body: str, lang: str = "es") -> Script:
    folder = make_release(
        {
            "es.md": f"---\ntitle: Título\nlang: es-PE\n---\n\n{es_body}\n",
            "en.md": f"---\ntitle: Title\nlang: en\n---\n\n{en_body}\n",
        }
    )
    release = load_release(folder)
    return speech_script(release, release.edition(lang))


def test_sentences_and_pauses(make_release: MakeRelease) -> None:
    script = script_of(
        make_release,
        "## Sección\n\nEl Sr. Pérez llegó. Costó 1.5 soles.\n\nOtro párrafo.",
        "## Section\n\nMr. Pérez came. It cost 1.5 soles.\n\nAnother paragraph.",
    )
    rows = [(u.written, u.spoken, u.pause_after_ms, u.chapter) for u in script.utterances]
    assert rows == [
        ("Título", "Título.", PAUSE_SECTION_MS, "Título"),
        ("Sección", "Sección", PAUSE_SECTION_MS, "Sección"),
        ("El Sr. Pérez llegó.", "El señor Pérez llegó.", PAUSE_SENTENCE_MS, None),
        ("Costó 1.5 soles.", "Costó uno punto cinco soles.", PAUSE_PARAGRAPH_MS, None),
        ("Otro párrafo.", "Otro párrafo.", PAUSE_PARAGRAPH_MS, None),
    ]


def test_each_heading_starts_a_chapter(make_release: MakeRelease) -> None:
    script = script_of(
        make_release,
        "Antes.\n\n## Uno\n\nA.\n\n## Dos\n\n### Dos punto uno\n\nB.",
        "Before.\n\n## One\n\nA.\n\n## Two\n\n### Two point one\n\nB.",
        lang="en",
    )
    chapters = [(u.written, u.chapter) for u in script.utterances if u.chapter]
    assert chapters == [
        ("Title", "Title"),
        ("One", "One"),
        ("Two", "Two"),
        ("Two point one", "Two point one"),
    ]


def test_passage_in_another_language_gets_its_own_voice(make_release: MakeRelease) -> None:
    script = script_of(
        make_release,
        "Dijo [Allin p'unchaw]{lang=qu} a los 14 presentes.",
        "He quoted [“más de 9,000 puestos”]{lang=es}, a Spanish phrase. Then 9,000 more.",
        lang="en",
    )
    body = [(u.lang, u.written, u.spoken, u.pause_after_ms) for u in script.utterances[1:]]
    assert body == [
        ("en", "He quoted", "He quoted", PAUSE_JOIN_MS),
        ("es", "“más de 9,000 puestos”", "“más de nueve mil puestos”", PAUSE_JOIN_MS),
        ("en", ", a Spanish phrase.", ", a Spanish phrase.", PAUSE_SENTENCE_MS),
        ("en", "Then 9,000 more.", "Then nine thousand more.", PAUSE_PARAGRAPH_MS),
    ]
    spanish = script_of(
        make_release,
        "Dijo [Allin p'unchaw]{lang=qu} a los 14 presentes.",
        "He said.",
    )
    assert [(u.lang, u.spoken) for u in spanish.utterances[1:]] == [
        ("es-PE", "Dijo"),
        ("qu", "Allin p'unchaw"),
        ("es-PE", "a los catorce presentes."),
    ]


def test_head_reads_issuer_title_and_date(make_release: MakeRelease) -> None:
    folder = make_release(
        {
            "release.yaml": "original: es-PE\ndate: 2023-03-15\n"
            "issuer:\n  es: Presidencia del Consejo de Ministros\n  en: Presidency\n",
        }
    )
    release = load_release(folder)
    head = by_block(speech_script(release, release.edition("es")), "title")
    assert [(u.written, u.spoken, u.pause_after_ms) for u in head] == [
        ("Presidencia del Consejo de Ministros", "Presidencia del Consejo de Ministros.", 700),
        ("Título", "Título.", 700),
        ("15 de marzo de 2023", "Quince de marzo de dos mil veintitrés.", PAUSE_SECTION_MS),
    ]  # each line of the head is said as a sentence
    assert head[0].chapter == "Título"
    english = speech_script(release, release.edition("en")).utterances
    assert english[2].spoken == "March fifteenth, twenty twenty-three."


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("es-PE", "1 de setiembre de 2023"),
        ("es-ES", "1 de septiembre de 2023"),
        ("en", "September 1, 2023"),
        ("qu", "1 Setiembre 2023"),  # Quechua reads numbers: CLDR's date is said
        ("ay", None),  # Aymara has no rules for numbers: no date
    ],
)
def test_head_writes_the_date_in_the_editions_language(
    make_release: MakeRelease, lang: str, written: str | None
) -> None:
    folder = make_release(
        {
            "release.yaml": f"original: {lang}\ndate: 2023-09-01\n",
            "es.md": None,
            "en.md": None,
            "edition.md": f"---\ntitle: Title\nlang: {lang}\n---\n\nText.\n",
        }
    )
    release = load_release(folder)
    head = by_block(speech_script(release, release.edition(lang)), "title")
    assert [u.written for u in head] == (["Title", written] if written else ["Title"])


def test_lists_tables_figures_and_quotes(make_release: MakeRelease) -> None:
    es_body = (
        "1. Primero hay 2 pasos.\n2. Luego 1 tonelada.\n\n"
        "- uno\n- dos\n\n"
        "| Región | Localidades |\n|---|---|\n| Ucayali | 14 |\n| Loreto |  |\n\n"
        "![Mapa de 14 localidades](mapa.png)\n\n"
        "> Una cita. Con 2 frases."
    )
    en_body = (
        "1. First there are 2 steps.\n2. Then 1 ton.\n\n"
        "- one\n- two\n\n"
        "| Region | Localities |\n|---|---|\n| Ucayali | 14 |\n| Loreto |  |\n\n"
        "![Map of 14 localities](mapa.png)\n\n"
        "> A quote. With 2 sentences."
    )
    folder = make_release(
        {
            "es.md": f"---\ntitle: Título\nlang: es-PE\n---\n\n{es_body}\n",
            "en.md": f"---\ntitle: Title\nlang: en\n---\n\n{en_body}\n",
            "mapa.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    release = load_release(folder)
    body = speech_script(release, release.edition("es")).utterances[1:]
    assert [(u.spoken, u.pause_after_ms) for u in body] == [
        ("uno. Primero hay dos pasos.", PAUSE_ITEM_MS),
        ("dos. Luego una tonelada.", PAUSE_PARAGRAPH_MS),
        ("uno", PAUSE_ITEM_MS),
        ("dos", PAUSE_PARAGRAPH_MS),
        ("Región: Ucayali; Localidades: catorce", PAUSE_ITEM_MS),
        ("Región: Loreto", PAUSE_PARAGRAPH_MS),
        ("Imagen: Mapa de catorce localidades", PAUSE_PARAGRAPH_MS),
        ("Una cita.", PAUSE_SENTENCE_MS),
        ("Con dos frases.", PAUSE_PARAGRAPH_MS),
    ]
    english = speech_script(release, release.edition("en")).utterances
    assert "Image: Map of fourteen localities" in [u.spoken for u in english]
    assert [u.chapter for u in english if u.chapter] == ["Title", "Part 1", "Part 2"]


def test_release_lexicon_overrides_the_shipped_one(make_release: MakeRelease) -> None:
    folder = make_release({"lexicon.es.yaml": "words:\n  PCM: pecem\n"})
    release = load_release(folder)
    spoken = [u.spoken for u in speech_script(release, release.edition("es")).utterances]
    assert "Primer párrafo de la pecem." in spoken


def test_format_script_marks_chapters(seed: Release) -> None:
    listing = format_script(speech_script(seed, seed.edition("en")))
    lines = listing.splitlines()
    assert lines[0].startswith("# Peru will play the role")
    assert lines[0].endswith("[en]")
    assert "== Part 2 ==" in lines
    assert re.match(r"^title +en +1200 ms  Peru will play .* twenty twenty-three, said", lines[3])
    assert any(re.match(r"^b5 +en +700 ms  Likewise", line) for line in lines)
    assert len([line for line in lines if " ms  " in line]) == 18


def test_a_quechua_narration_says_its_own_labels(make_release: MakeRelease) -> None:
    qu_body = "\n\n".join(["Huk rimay."] * 12) + "\n\n![Llaqta rikchay](mapa.png)"
    es_body = "\n\n".join(["Un párrafo."] * 12) + "\n\n![Mapa del pueblo](mapa.png)"
    folder = make_release(
        {
            "es.md": f"---\ntitle: Título\nlang: es-PE\n---\n\n{es_body}\n",
            "en.md": None,
            "qu.md": f"---\ntitle: Willakuy\nlang: qu\n---\n\n{qu_body}\n",
            "mapa.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    release = load_release(folder)
    quechua = speech_script(release, release.edition("qu")).utterances
    assert "Rikchay: Llaqta rikchay" in [u.spoken for u in quechua]
    parts = [u.chapter for u in quechua if u.chapter][1:]
    assert parts
    assert all(re.fullmatch(r"Rakiy \d+", part) for part in parts)


def test_footnotes_struck_text_and_a_div_in_another_language() -> None:
    features = load_release(Path(__file__).resolve().parents[1] / "fixtures" / "features")
    script = speech_script(features, features.original)
    said = {
        block: [(u.lang, u.spoken) for u in script.utterances if u.block_id == block]
        for block in ("b2", "b3", "b5", "b9")
    }
    assert said["b2"][0][1].endswith("segundo primero y la pe ce eme lo confirma."), (
        "a note call is not read where it stands; struck text is read as written"
    )
    assert said["b3"] == [("qu", "Allin p'unchaw, llaqta masiykuna.")]
    assert said["b5"] == [("es-PE", "Nota uno: Según la pe ce eme, dos mil veintitrés.")]
    assert said["b9"] == [("es-PE", "Nota dos: Cifras provisionales.")]
