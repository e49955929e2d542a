from __future__ import annotations

import pytest

from publisher.speech.normalize.sentences import split_sentences


def sentences(text: str, abbreviations: tuple[str, ...] = ()) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, abbreviations)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola. Adiós.", ["Hola.", "Adiós."]),
        ("  Uno.   Dos.  ", ["Uno.", "Dos."]),
        ("¿Qué pasó? ¡Nada! Bien.", ["¿Qué pasó?", "¡Nada!", "Bien."]),
        ("Fue en 2023. El año siguiente.", ["Fue en 2023.", "El año siguiente."]),
        ("Terminó. 14 personas llegaron.", ["Terminó.", "14 personas llegaron."]),
        ("Dijo: no. “Nunca”, repitió.", ["Dijo: no.", "“Nunca”, repitió."]),
        ("sin punto final", ["sin punto final"]),
        ("", []),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "El Sr. Pérez y la Dra. Ruiz llegaron.",
        "Mr. Smith met Dr. Jones.",
        "Según la resolución N.º 5 del año.",
        "Costó 1.5 millones de soles.",
        "Pedro C. Castillo habló.",
        "Llegó de EE. UU. Ayer.",
        "Viajó a los U.S. Then.",
        "1. Primer punto de la lista.",
        "“¿Vienes?” preguntó ella.",
        "Dijo “es tarde.” y se fue.",
    ],
)
def test_no_sentence_end(text: str) -> None:
    assert sentences(text) == [text]


def test_each_sentence_of_a_quotation_is_one_sentence() -> None:
    text = "“Todo ello, en beneficio de miles. También, hemos venido dando pasos”, refirió. Fin."
    assert sentences(text) == [
        "“Todo ello, en beneficio de miles.",
        "También, hemos venido dando pasos”, refirió.",
        "Fin.",
    ]


def test_unclosed_quotation_does_not_stop_splitting() -> None:
    assert sentences("“Uno. Dos. Tres.") == ["“Uno.", "Dos.", "Tres."]


def test_extra_abbreviations() -> None:
    assert sentences("Vive en la Urb. Las Flores.") == ["Vive en la Urb.", "Las Flores."]
    assert sentences("Vive en la Urb. Las Flores.", ("Urb.",)) == ["Vive en la Urb. Las Flores."]


@pytest.mark.parametrize(
    "text",
    [
        "Expuso el Mg. Juan Ríos.",
        "Firmó la Econ. Ana Paz.",
        "Llegó el Sgto. Pérez.",
        "Son aprox. Mil asistentes.",
        "See No. 5 in the list.",
        "Gov. Torres spoke.",
    ],
)
def test_no_break_after_titles(text: str) -> None:
    assert sentences(text) == [text]
