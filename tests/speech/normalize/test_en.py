from __future__ import annotations

import pytest

from publisher.speech.normalize import spoken_form

SEED_ABBREVIATIONS = {
    "PCM": "Presidency of the Council of Ministers",
    "IDB": "Inter-American Development Bank",
    "OAS": "Organization of American States",
}


def say(text: str, lang: str = "en") -> str:
    return spoken_form(text, lang, SEED_ABBREVIATIONS)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("more than 9,000 market stalls", "more than nine thousand market stalls"),
        ("165 million soles", "one hundred and sixty-five million soles"),
        ("1 million soles", "one million soles"),
        ("14 most vulnerable localities", "fourteen most vulnerable localities"),
        ("4,000 inhabitants", "four thousand inhabitants"),
        ("1,500", "one thousand five hundred"),
        ("1.5", "one point five"),
        ("3.14", "three point one four"),
    ],
)
def test_numbers(written: str, said: str) -> None:
    assert say(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Government 2023, said", "Government twenty twenty-three, said"),
        ("in 1999", "in nineteen ninety-nine"),
        ("in 2005", "in two thousand and five"),
        ("in 1905", "in nineteen oh-five"),
        ("2,023 people", "two thousand and twenty-three people"),
        ("3000 people", "three thousand people"),
        ("2019-2023", "twenty nineteen to twenty twenty-three"),
        ("between 2019 and 2023", "between twenty nineteen and twenty twenty-three"),
        ("between 2019–2023", "between twenty nineteen and twenty twenty-three"),
        ("pages 10-12", "pages ten to twelve"),
        ("March 15, 2023", "March fifteenth, twenty twenty-three"),
        ("on March 1", "on March first"),
        ("15 March 2023", "March fifteenth, twenty twenty-three"),  # as the head says a date
        ("on the 15th of March", "on the fifteenth of March"),
        ("2023-03-15", "March fifteenth, twenty twenty-three"),
        ("15/03/2023", "March fifteenth, twenty twenty-three"),
        ("Covid-19 pandemic", "Covid nineteen pandemic"),
    ],
)
def test_years_dates_ranges(written: str, said: str) -> None:
    assert say(written) == said


def test_numeric_dates_follow_the_region() -> None:
    assert say("03/04/2023", "en-US") == "March fourth, twenty twenty-three"
    assert say("03/04/2023", "en-GB") == "the third of April, twenty twenty-three"
    assert say("03/15/2023", "en-GB") == "March fifteenth, twenty twenty-three"  # only valid order


def test_one_date_is_read_one_way_in_an_edition() -> None:
    assert say("4 December 2023") == say("December 4, 2023") == say("04/12/2023")
    assert say("4 December 2023", "en-GB") == "the fourth of December, twenty twenty-three"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("the VII Ministerial Summit", "the Seventh Ministerial Summit"),
        ("the I Summit", "the First Summit"),
        ("the XXI Century Fund", "the Twenty-first Century Fund"),
        ("I went", "I went"),
        ("I Love Lima", "I Love Lima"),
        ("so I Said", "so I Said"),
        ("1st", "first"),
        ("the 2nd time", "the second time"),
        ("the 23rd day", "the twenty-third day"),
        ("No. 5", "number five"),
    ],
)
def test_ordinals(written: str, said: str) -> None:
    assert say(written) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("12%", "twelve percent"),
        ("12.5 %", "twelve point five percent"),
        ("S/ 1,500", "one thousand five hundred soles"),
        ("S/ 1", "one sol"),
        ("US$ 20", "twenty dollars"),
        ("$20.50", "twenty dollars and fifty cents"),
        ("$1.5 million", "one point five million dollars"),
        ("£1", "one pound"),
    ],
)
def test_percent_and_money(written: str, said: str) -> None:
    assert say(written) == said


def test_abbreviations() -> None:
    assert say("the PCM (PCM), the IDB and the OAS") == (
        "the P.C.M. (P.C.M.), the I.D.B. and the O.A.S."
    )
    assert spoken_form("the ABC said", "en", {"ABC": "x"}) == "the A.B.C. said"
    assert say("Mr. Smith, e.g. here") == "Mister Smith, for example here"


def test_hyphenated_compounds_stay_whole() -> None:
    assert say("Cyber-Crime and well-being") == "Cyber-Crime and well-being"
