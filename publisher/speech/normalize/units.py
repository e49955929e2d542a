"""Units and symbols after a number: "45 km", "80 m²", "-3 °C", "5 ha", "2 ‰".

Each language names a unit in the singular and the plural, and Spanish gives its gender so the
number agrees ("veintiuna toneladas", "un kilómetro"). The singular is said after exactly one
("1 km", not "1.0 km" nor "1,5 km"). "ha" is not a hectare before a past participle ("2023 ha
sido"). A full stop after the symbol inside a sentence ("3 m. de ancho") is read with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    """How a unit is said."""

    one: str
    many: str
    gender: str = "m"
    """m or f; "" where the number does not agree ("un por mil" is wrong)."""


def _table(rows: Mapping[str, tuple[str, ...]]) -> Mapping[str, Unit]:
    return {symbol: Unit(*names) for symbol, names in rows.items()}


SPANISH: Mapping[str, Unit] = _table({
    "mm/día": ("milímetro por día", "milímetros por día"),
    "mm/h": ("milímetro por hora", "milímetros por hora"),
    "t/ha": ("tonelada por hectárea", "toneladas por hectárea", "f"),
    "km/h": ("kilómetro por hora", "kilómetros por hora"),
    "km²": ("kilómetro cuadrado", "kilómetros cuadrados"),
    "km2": ("kilómetro cuadrado", "kilómetros cuadrados"),
    "km": ("kilómetro", "kilómetros"),
    "m²": ("metro cuadrado", "metros cuadrados"),
    "m2": ("metro cuadrado", "metros cuadrados"),
    "m³": ("metro cúbico", "metros cúbicos"),
    "m3": ("metro cúbico", "metros cúbicos"),
    "msnm": ("metro sobre el nivel del mar", "metros sobre el nivel del mar"),
    "m s. n. m.": ("metro sobre el nivel del mar", "metros sobre el nivel del mar"),
    "cm": ("centímetro", "centímetros"),
    "mm": ("milímetro", "milímetros"),
    "m": ("metro", "metros"),
    "kg": ("kilogramo", "kilogramos"),
    "mg": ("miligramo", "miligramos"),
    "min": ("minuto", "minutos"),
    "g": ("gramo", "gramos"),
    "TM": ("tonelada métrica", "toneladas métricas", "f"),
    "t": ("tonelada", "toneladas", "f"),
    "ha": ("hectárea", "hectáreas", "f"),
    "ml": ("mililitro", "mililitros"),
    "l": ("litro", "litros"),
    "L": ("litro", "litros"),
    "kWh": ("kilovatio hora", "kilovatios hora"),
    "kW": ("kilovatio", "kilovatios"),
    "MW": ("megavatio", "megavatios"),
    "°C": ("grado Celsius", "grados Celsius"),
    "ºC": ("grado Celsius", "grados Celsius"),
    "°F": ("grado Fahrenheit", "grados Fahrenheit"),
    "°": ("grado", "grados"),
    "‰": ("por mil", "por mil", ""),
})  # fmt: skip
ENGLISH: Mapping[str, Unit] = _table({
    "mm/day": ("millimeter per day", "millimeters per day"),
    "mm/día": ("millimeter per day", "millimeters per day"),
    "mm/h": ("millimeter per hour", "millimeters per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "km²": ("square kilometer", "square kilometers"),
    "km2": ("square kilometer", "square kilometers"),
    "km": ("kilometer", "kilometers"),
    "m²": ("square meter", "square meters"),
    "m2": ("square meter", "square meters"),
    "m³": ("cubic meter", "cubic meters"),
    "m3": ("cubic meter", "cubic meters"),
    "masl": ("meter above sea level", "meters above sea level"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "m": ("meter", "meters"),
    "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"),
    "min": ("minute", "minutes"),
    "g": ("gram", "grams"),
    "t": ("tonne", "tonnes"),
    "ha": ("hectare", "hectares"),
    "ml": ("milliliter", "milliliters"),
    "l": ("liter", "liters"),
    "L": ("liter", "liters"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "ºC": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "‰": ("per mille", "per mille", ""),
})  # fmt: skip


MARKER = re.compile(r"(?<![\w.])[kK]m\.?(?=\s?\d)")
"""A kilometre post before its number ("el km 45 de la Panamericana")."""


def unit_pattern(units: Mapping[str, Unit], number: str) -> re.Pattern[str]:
    """A number followed by one of ``units`` (longest symbols first)."""
    symbols = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    return re.compile(
        rf"(?<![\w.,])(?P<num>{number})\s?(?P<unit>{symbols})"
        r"(?![\w²³/]|(?<=ha)\s+\w+(?:ado|ido|to|cho|so)\b)(?:\.(?=\s+[a-záéíóúñ]))?"
    )
