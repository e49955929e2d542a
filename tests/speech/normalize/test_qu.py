from __future__ import annotations

import pytest

from publisher.speech.normalize import has_rules, spoken_form
from publisher.speech.normalize.qu import cardinal, number, ordinal


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0, "ch'usaq"),
        (1, "huk"),
        (2, "iskay"),
        (3, "kimsa"),
        (4, "tawa"),
        (5, "pichqa"),
        (6, "suqta"),
        (7, "qanchis"),
        (8, "pusaq"),
        (9, "isqun"),
        (10, "chunka"),
        (11, "chunka hukniyuq"),  # after a consonant: -niyuq
        (12, "chunka iskayniyuq"),
        (14, "chunka tawayuq"),  # after a vowel: -yuq
        (17, "chunka qanchisniyuq"),
        (18, "chunka pusaqniyuq"),
        (19, "chunka isqunniyuq"),
        (20, "iskay chunka"),
        (36, "kimsa chunka suqtayuq"),
        (99, "isqun chunka isqunniyuq"),
        (100, "pachak"),
        (101, "pachak hukniyuq"),
        (110, "pachak chunka"),
        (215, "iskay pachak chunka pichqayuq"),
        (1000, "waranqa"),
        (1001, "waranqa hukniyuq"),
        (1968, "waranqa isqun pachak suqta chunka pusaqniyuq"),
        (2024, "iskay waranqa iskay chunka tawayuq"),
        (11_000, "chunka hukniyuq waranqa"),
        (300_000, "kimsa pachak waranqa"),
        (1_000_000, "hunu"),
        (3_000_005, "kimsa hunu pichqayuq"),
    ],
)
def test_cardinals(value: int, said: str) -> None:
    assert cardinal(value) == said


def test_past_a_trillion_digit_by_digit() -> None:
    assert cardinal(10**12) == "huk " + " ".join(["ch'usaq"] * 12)


def test_ordinals_decimals_and_rules() -> None:
    assert ordinal(1) == "huk ñiqin"
    assert ordinal(21) == "iskay chunka hukniyuq ñiqin"
    assert number("2.5") == "iskay punto pichqa"
    assert number("0.05") == "ch'usaq punto ch'usaq pichqa"
    assert number("2,5", decimal_mark=",") == "iskay coma pichqa"
    assert has_rules("qu")
    assert has_rules("quz-PE")  # Cusco Quechua, a Southern Quechua too
    assert spoken_form("11", "quy", {}) == "chunka hukniyuq"


def test_quechua_text_keeps_its_words() -> None:
    said = spoken_form("Kunan 2024 watapi 60 % runakunam.", "qu", {})
    assert (
        said == "Kunan iskay waranqa iskay chunka tawayuq watapi suqta chunka por ciento runakunam."
    )
    assert spoken_form("Plan V", "qu", {}) == "Plan V"  # one letter: not taken for a numeral
