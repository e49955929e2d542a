"""Telephone numbers, read group by group as people dictate them.

A number is taken for a telephone when it is written as one: with a country code ("+51 1 219
7000"), an area code in brackets ("(01) 219-7000"), or six digits or more in groups after a
leading zero ("0800-10828") or after a word that announces one ("teléfono", "celular", "call");
a Peruvian mobile is nine digits in threes after a 9 ("944-210-000").

Each group of up to three digits is read as a number, its leading zeros as "cero" ("01" -> "cero
uno", "0800" has four digits: "cero ochocientos"); longer groups digit by digit. Groups are joined
with a comma, the pause a speaker makes. Short service numbers ("113") are plain numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from publisher.speech.normalize.legal import digits_and_number

PHONE = re.compile(
    r"(?<![\w.,/:+-])(?P<plus>\+\s?\d{1,3}[\s-]?)?(?P<area>\(\d{1,3}\)\s?)?"
    r"(?P<body>\d+(?:[\s-]\d+)*)(?![\w:-]|[.,]\d)"
)
CUE = re.compile(
    r"(?:tel[ée]fonos?|telf?\.?|celular(?:es)?|whatsapp|fono|l[íi]nea|central|phone|call|"
    r"mobile|cell|hotline)(?:\s+(?:al|the|n\.?[º°]|no\.))?:?\s*$",
    re.IGNORECASE,
)
"""Words after which digit groups are a telephone number."""


def phone(
    match: re.Match[str],
    cardinal: Callable[[int], str],
    zero: str,
    plus: str,
    digits_said: Callable[[str], str] | None = None,
) -> str | None:
    """A telephone number said group by group, or None if the match is not one.

    ``digits_said`` says a group digit by digit, for a language that does so (Quechua).
    """
    body = match["body"]
    groups = re.split(r"[\s-]", body)
    digits = sum(map(len, groups))
    cued = bool(CUE.search(match.string[: match.start()])) and digits >= 6
    leading_zero = len(groups) > 1 and body.startswith("0") and digits >= 6
    mobile = body.startswith("9") and [len(g) for g in groups] == [3, 3, 3]  # 944-210-000
    if not (match["plus"] or match["area"] or leading_zero or cued or mobile):
        return None
    if match["plus"] and digits < 6:
        return None  # a signed number ("+35%"), not a phone
    say = digits_said or (lambda digits: group(digits, cardinal, zero))
    said = []
    if match["plus"]:
        country = re.sub(r"\D", "", match["plus"])
        said.append(f"{plus} {digits_said(country) if digits_said else cardinal(int(country))}")
    if match["area"]:
        said.append(say(re.sub(r"\D", "", match["area"])))
    if cued and len(groups) == 1 and len(body) > 4:
        groups = split(body)
    said.extend(say(g) for g in groups)
    return ", ".join(said)


def split(body: str) -> list[str]:
    """Digits written without groups, grouped as dictated in Peru.

    A Lima landline of seven digits is 3-2-2 ("315 77 00"), a mobile of nine 3-3-3, eight digits
    4-4; others in threes.
    """
    if len(body) == 7:
        return [body[:3], body[3:5], body[5:]]
    if len(body) == 8:
        return [body[:4], body[4:]]
    return [body[i : i + 3] for i in range(0, len(body), 3)]


def group(digits: str, cardinal: Callable[[int], str], zero: str) -> str:
    """One group: a number after its leading zeros ("045" -> "cero cuarenta y cinco")."""
    if len(digits.lstrip("0")) > 3:
        return " ".join(zero if d == "0" else cardinal(int(d)) for d in digits)
    return digits_and_number(digits, cardinal, zero)
