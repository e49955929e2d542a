"""Roman numerals after the names of monarchs and popes: "Felipe VI", "Elizabeth II".

A numeral is regnal after a name in :data:`NAMES` or after a title ("rey Pedro I", "King Harald
V"). Spanish says the ordinal up to ten and the cardinal above ("Felipe sexto", "Isabel segunda",
"Juan veintitrés", "Luis catorce"), agreeing with the name's gender; English says "the" and the
ordinal ("Elizabeth the Second"). Other numerals after a capitalised word stay as they are:
"Plan V" names a plan, not a king.
"""

from __future__ import annotations

import re

NAMES = frozenset({
    # Spanish
    "Felipe", "Carlos", "Juan", "Pablo", "Benedicto", "Francisco", "Isabel", "Luis", "Fernando",
    "Alfonso", "Enrique", "Pío", "León", "Gregorio", "Alejandro", "Pedro", "Jorge", "Eduardo",
    "Guillermo", "Ricardo", "Jaime", "Sancho", "Clemente", "Inocencio", "Urbano", "Bonifacio",
    "Juana", "Amadeo", "Sixto", "Jacobo", "María", "Leopoldo", "Alberto",
    "Gustavo", "Federico", "Napoleón", "Catalina", "Nicolás",
    # English and others
    "Elizabeth", "Charles", "George", "Edward", "Henry", "William", "Richard", "James", "John",
    "Paul", "Benedict", "Francis", "Louis", "Philip", "Pius", "Leo", "Gregory", "Mary", "Victor",
    "Harald", "Olav", "Gustaf", "Frederik", "Margrethe", "Willem", "Albert", "Nicholas",
    "Catherine", "Peter", "Alexander", "Rama",
})  # fmt: skip
"""Names that take a regnal number (monarchs and popes of the last centuries)."""
TITLES = frozenset({
    "rey", "reina", "papa", "emperador", "emperatriz", "príncipe", "princesa", "king", "queen",
    "pope", "emperor", "empress", "prince", "princess",
})  # fmt: skip
FEMININE = frozenset({"Isabel", "Juana", "María", "Catalina", "Elizabeth", "Mary", "Catherine"})
"""Names that agree in the feminine ("Isabel segunda")."""


def is_regnal(before: str) -> bool:
    """Whether a Roman numeral after the text ``before`` follows a monarch's or pope's name."""
    found = re.search(r"(\w+)\s+(\w+)\s*$", before) or re.search(r"()(\w+)\s*$", before)
    if found is None:
        return False
    title, name = found.group(1).lower(), found.group(2)
    return name in NAMES or (title in TITLES and name[:1].isupper())


def name_gender(before: str) -> str:
    """The gender, m or f, of the name just before a regnal numeral."""
    found = re.search(r"(\w+)\s*$", before)
    return "f" if found and found.group(1) in FEMININE else "m"
