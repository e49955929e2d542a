"""Telephone numbers, read group by group as people dictate them.

A number is taken for a telephone when it is written as one: with a country code ("+51 1 219
7000"), an area code in brackets ("(01) 219-7000"), or six digits or more in groups after a
leading zero ("0800-10828") or after a word that announces one ("teléfono", "celular", "call").

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


def phone(match: re.Match[str], cardinal: Callable[[int], str], zero: str, plus: str) -> str | None:
    """A telephone number said group by group, or None if the match is not one."""
    body = match["body"]
    groups = re.split(r"[\s-]", body)
    digits = sum(map(len, groups))
    cued = bool(CUE.search(match.string[: match.start()])) and digits >= 6
    leading_zero = len(groups) > 1 and body.startswith("0") and digits >= 6
    if not (match["plus"] or match["area"] or leading_zero or cued):
        return None
    said = []
    if match["plus"]:
        country = re.sub(r"\D", "", match["plus"])
        said.append(f"{plus} {cardinal(int(country))}")
    if match["area"]:
        said.append(group(re.sub(r"\D", "", match["area"]), cardinal, zero))
    if cued and len(groups) == 1 and len(body) > 4:
        groups = [body[i : i + 3] for i in range(0, len(body), 3)]
    said.extend(group(g, cardinal, zero) for g in groups)
    return ", ".join(said)


def group(digits: str, cardinal: Callable[[int], str], zero: str) -> str:
    """One group: a number after its leading zeros ("045" -> "cero cuarenta y cinco")."""
    if len(digits.lstrip("0")) > 3:
        return " ".join(zero if d == "0" else cardinal(int(d)) for d in digits)
    return digits_and_number(digits, cardinal, zero)
