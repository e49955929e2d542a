"""Spanish spoken forms: numbers as the region writes them, agreement, ordinals, dates, money.

A cardinal agrees with the noun it counts: the article or demonstrative before the number says
its gender ("las 21 especialistas"), else the lexicon's ``nouns``, else the noun's ending. The
families shared with English (times, units, addresses, phones, codes) are read by their modules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from publisher.speech.normalize import clock, legal, passes, regnal, units, web
from publisher.speech.normalize.common import (
    CAPS_NUMBER,
    ISO_DATE,
    NEGATIVE,
    NUMBER,
    NUMBER_SIGN,
    NUMERIC_DATE,
    PERCENT,
    PLAIN_NUMBER,
    POSITIVE,
    RANGE,
    ROMAN,
    SCALE_ABBREVIATIONS,
    WORD_NUMBER,
    Number,
    cardinal_words,
    digit_words,
    month_names,
    month_pattern,
    ordinal_words,
    parse_number,
    read_words,
    region,
    roman_value,
    word_after,
    word_before,
)
from publisher.speech.normalize.lexicon import Lexicon

LANG = "es"
POINT_DECIMAL_REGIONS = frozenset(
    {"PE", "419", "MX", "US", "PR", "DO", "GT", "HN", "SV", "NI", "PA"}
)
"""Regions that write 9,000.5; the others (es-ES, es-AR, ...) write 9.000,5."""
DEFAULT_REGION = "PE"
"""The region assumed for a tag without one."""
MONTH_SPELLINGS = (f"{LANG}-{DEFAULT_REGION}", f"{LANG}-ES")
"""Locales whose month names are recognised in any region's text: "setiembre", "septiembre"."""

DETERMINERS = frozenset({
    "el", "la", "los", "las", "del", "al", "este", "esta", "estos", "estas", "ese", "esa", "esos",
    "esas", "aquel", "aquella", "su", "sus", "nuestro", "nuestra", "nuestros", "nuestras",
})  # fmt: skip
"""Words after which an upper-case Roman numeral is an ordinal ("la VII edición")."""
FUNCTION_WORDS = frozenset({
    "de", "del", "a", "al", "y", "e", "o", "u", "ni", "en", "por", "para", "con", "sin", "que",
    "se", "es", "son", "fue", "la", "el", "los", "las", "lo", "un", "una", "hasta", "desde",
    "entre", "sobre", "como", "más", "menos", "si", "no", "ya", "cada",
})  # fmt: skip
"""Words after a number that are not what it counts ("1 de cada 3")."""
LABEL_NOUNS = frozenset({
    "artículo", "número", "página", "capítulo", "inciso", "ley", "decreto", "tomo", "volumen",
    "anexo", "cuadro", "gráfico", "tabla", "figura", "sección", "paso", "nivel", "fase", "etapa",
    "grupo", "versión", "opción", "modelo", "tipo", "categoría", "lugar", "puesto", "año", "piso",
    "punto", "lote", "ítem", "región", "zona",
})  # fmt: skip
"""Nouns a following number names rather than counts ("artículo 1" stays "uno")."""
ARTICLES = {
    **dict.fromkeys(("la", "las", "unas", "estas", "esas", "aquellas", "nuestras", "otras"), "f"),
    **dict.fromkeys(("los", "unos", "estos", "esos", "aquellos", "nuestros", "otros"), "m"),
}
"""Words before a number that show the gender of what it counts ("las 21 especialistas")."""
MASCULINE_ENDINGS = ("ista",)
"""Endings of nouns of either gender, masculine without an article ("21 especialistas")."""
FEMININE_ENDINGS = ("a", "ion", "d", "umbre")
"""Endings of feminine nouns (compared without accents); exceptions live in the lexicon."""
SCALES = ("mil", "millón", "millones", "billón", "billones")
CURRENCIES: Mapping[str, tuple[str, str, str, str]] = {
    "S/": ("sol", "soles", "céntimo", "céntimos"),
    "PEN": ("sol", "soles", "céntimo", "céntimos"),
    "US$": ("dólar", "dólares", "centavo", "centavos"),
    "USD": ("dólar", "dólares", "centavo", "centavos"),
    "$": ("dólar", "dólares", "centavo", "centavos"),
    "€": ("euro", "euros", "céntimo", "céntimos"),
    "EUR": ("euro", "euros", "céntimo", "céntimos"),
    "£": ("libra", "libras", "penique", "peniques"),
}
"""Currency signs and codes: unit, units, hundredth, hundredths."""

_MONTH_NAMES = month_pattern(*MONTH_SPELLINGS)
FIRST_OF_MONTH = re.compile(
    rf"(?<![\w.,])1(?:\.?º)?(?=\s+de\s+(?:{_MONTH_NAMES})\b)", re.IGNORECASE
)
SCALE_WORDS = {"million": "millones", "billion": "mil millones"}
"""What Spanish says for an abbreviated scale (:data:`.common.SCALE_ABBREVIATIONS`)."""
_SCALE_ABBREVIATIONS = "|".join(
    re.escape(a) for a in sorted(SCALE_ABBREVIATIONS, key=len, reverse=True)
)
MONEY = re.compile(
    rf"(?<![\w$/])(?P<sign>US\$|S/\.?|\$|€|£|USD|PEN|EUR)\s?(?P<num>{NUMBER})"
    rf"(?:\s+(?:(?P<scale>{'|'.join(SCALES)})\b|(?P<short>(?i:{_SCALE_ABBREVIATIONS}))(?!\w)))?"
)
MONEY_AFTER = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})\s?(?P<sign>€)")
DAY_RANGE = re.compile(
    rf"(?<![\w.,])(?P<a>\d{{1,2}})(?P<sep>\s*[-–]\s*|\s+(?:al|a|y)\s+)(?P<b>\d{{1,2}})"
    rf"(?=\s+de\s+(?:{_MONTH_NAMES})\b)",
    re.IGNORECASE,
)
DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
YEAR_BEFORE = frozenset({"el", "del", "en", "año", "desde", "hasta", "para", "de"})
"""Words before a year ("en el 2021"): the year is a cardinal, not a count ("veintiuno")."""
DECADE = re.compile(r"(?<![\w.,'’])(?P<num>(?:1\d|20)?\d0)['’]?s(?!\w)")
ORDINAL = re.compile(
    r"(?<![\w.,])(?P<num>\d+)(?:\.?(?P<sign>º|ª|°)|\.?(?P<er>er)|(?P<suffix>[rdtvnm][oa]|avo|ava))"
    r"(?!\w)"
)
"""An ordinal: "1.º", "2.ª", "1.er", the endings of its word ("3ra", "2do", "5to"), or the degree
sign used for "º" ("el 150° aniversario")."""
_SCALE_TAIL = re.compile(r"(.*\b(?:millón|millones|billón|billones)\b)?(.*)")


def spoken(text: str, tag: str, abbreviations: Mapping[str, str], lexicon: Lexicon) -> str:
    """``text`` with numbers, ordinals, dates, money and abbreviations in spoken Spanish."""
    return _Spanish(tag, lexicon).read(text, abbreviations)


def cardinal(value: int) -> str:
    """The cardinal of ``value``, with "un" before "mil" and "millones" ("veintiún mil")."""
    words = cardinal_words(value, LANG)
    scale = r"(?= (?:mil|millón|millones|billón|billones)\b)"
    words = re.sub(rf"\bveintiuno{scale}", "veintiún", words)
    return re.sub(rf"\buno{scale}", "un", words)


NUMERAL_WORDS = frozenset({
    "cero", "un", "uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
    "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
    "dieciocho", "diecinueve", "veinte", "veintiún", "veintiuno", "veintiuna", "veintidós",
    "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho",
    "veintinueve", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta",
    "noventa", "cien", "ciento", "doscientos", "doscientas", "trescientos", "trescientas",
    "cuatrocientos", "cuatrocientas", "quinientos", "quinientas", "seiscientos", "seiscientas",
    "setecientos", "setecientas", "ochocientos", "ochocientas", "novecientos", "novecientas",
    "mil", "millón", "millones", "y",
})  # fmt: skip


def is_numeral(words: str) -> bool:
    """Whether ``words`` end in the written name of a number ("plazo de treinta")."""
    said = [w for w in re.split(r"[\s-]+", words.lower()[-120:]) if w]
    tail = []
    for word in reversed(said):
        if word not in NUMERAL_WORDS:
            break
        tail.append(word)
    return bool(tail) and tail[-1] != "y"


def agree(words: str, gender: str) -> str:
    """A cardinal made to agree with the noun it counts ("un sol", "doscientas una toneladas")."""
    if gender == "f":
        found = _SCALE_TAIL.fullmatch(words)
        head, tail = (found.group(1) or "", found.group(2)) if found else ("", words)
        tail = re.sub(r"ientos\b", "ientas", tail)
        return head + re.sub(r"uno$", "una", tail)
    return re.sub(r"veintiun$", "veintiún", re.sub(r"uno$", "un", words))


def plain(word: str) -> str:
    """``word`` in lower case without accents, for comparing endings."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_plural(noun: str) -> bool:
    """Whether a noun looks plural (ends in -s but not -is: "crisis" is singular)."""
    word = plain(noun)
    return word.endswith("s") and not word.endswith("is")


class _Spanish:
    """The rules for one region's Spanish, in the order they apply."""

    def __init__(self, tag: str, lexicon: Lexicon) -> None:
        place = region(tag) or DEFAULT_REGION
        self.decimal_mark = "." if place in POINT_DECIMAL_REGIONS else ","
        self.months = month_names(f"{LANG}-{place}")  # Peru and Uruguay write "setiembre"
        self.lexicon = lexicon
        self.nouns = {plain(noun): gender for noun, gender in lexicon.nouns.items()}

    def read(self, text: str, abbreviations: Mapping[str, str]) -> str:
        time = clock.spanish(cardinal, lambda hour: agree(cardinal(hour), "f"))
        voice = passes.Voice(
            cardinal=cardinal,
            zero="cero",
            plus="más",
            hyphen="guion",
            slash="barra",
            marks=dataclasses.replace(web.SPANISH, number=cardinal),
            spell=self.spell,
            words=self.lexicon.words,
            time=time,
            time_joiner=("de ", "a"),
            numerals=is_numeral,
        )
        out = passes.read_shared(text, voice)
        read_words(out, self.lexicon.words, abbreviations, self.spell)
        out.apply(NUMBER_SIGN, lambda _: "número ")
        out.apply(ISO_DATE, self.iso_date)
        out.apply(NUMERIC_DATE, self.numeric_date)
        out.apply(DAY_RANGE, self.day_range)
        out.apply(FIRST_OF_MONTH, lambda _: "primero")
        passes.read_clock(out, voice)
        out.apply(MONEY, self.money)
        out.apply(MONEY_AFTER, self.money)
        out.apply(NEGATIVE, lambda _: "menos ")
        out.apply(POSITIVE, lambda _: "más ")
        out.apply(PERCENT, lambda m: f"{self.number(m['num'])} por ciento")
        out.apply(DECADE, lambda m: cardinal(int(m["num"])))
        out.apply(RANGE, self.range)
        out.apply(ORDINAL, self.ordinal_sign)
        out.apply(units.MARKER, lambda _: "kilómetro")
        out.apply(units.unit_pattern(units.SPANISH, NUMBER), self.unit)
        out.apply(ROMAN, self.roman)
        out.apply(WORD_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
        out.apply(CAPS_NUMBER, lambda m: f"{m['word']} {cardinal(int(m['num']))}")
        out.apply(PLAIN_NUMBER, self.count)
        return str(out)

    def spell(self, abbreviation: str) -> str:
        """An abbreviation letter by letter ("PCM" -> "pe ce eme")."""
        return " ".join(self.lexicon.letters.get(c, c) for c in abbreviation)

    def gender(self, noun: str) -> str:
        """The gender of a noun, m or f: the lexicon's word for it, else the ending rule."""
        word = plain(noun)
        candidates = [word]
        if word.endswith("es"):
            candidates.append(word[:-2])
        if word.endswith("s"):
            candidates.append(word[:-1])
        for candidate in candidates:
            if candidate in self.nouns:
                return self.nouns[candidate]
        singular = word
        if is_plural(noun):
            singular = word[:-2] if word.endswith("es") and word[-3:-2] in "dnlrzjy" else word[:-1]
        if singular.endswith(MASCULINE_ENDINGS):
            return "m"
        return "f" if singular.endswith(FEMININE_ENDINGS) else "m"

    def parse(self, written: str) -> Number:
        """A written number.

        A lone dot before three digits groups thousands ("12.480"), as Peruvian papers write
        them even where the decimal mark is a point.
        """
        if DOT_THOUSANDS.fullmatch(written):
            return Number(int(written.replace(".", "")))
        return parse_number(written, self.decimal_mark)

    def number(self, written: str, gender: str | None = None) -> str:
        """A written number read out, agreeing with ``gender`` when it is whole."""
        value = self.parse(written)
        words = cardinal(value.integer)
        if not value.decimals:
            return agree(words, gender) if gender else words
        mark = "coma" if value.mark == "," else "punto"
        return f"{words} {mark} {self.decimals(value.decimals)}"

    @staticmethod
    def decimals(digits: str) -> str:
        """Decimals as said: up to two as a number ("punto cinco", "coma cero cinco")."""
        if len(digits) > 2:
            return digit_words(digits, LANG)
        rest = digits.lstrip("0")
        zeros = ["cero"] * (len(digits) - len(rest))
        return " ".join([*zeros, cardinal(int(rest))] if rest else zeros)

    def count(self, match: re.Match[str]) -> str:
        """A number followed by what it counts: "un millón", "una tonelada", "catorce"."""
        following = word_after(match)
        noun = word_after(match, 1) if following.lower() == "mil" else following
        gender: str | None = None
        if noun and noun.lower() not in FUNCTION_WORDS:
            gender = self.gender(noun)
        before = word_before(match).lower()
        written = match["num"]
        year = before in YEAR_BEFORE and written.isdigit() and 1900 <= int(written) <= 2099
        if year and (not noun or noun[0].isupper() or gender == "m" or not is_plural(noun)):
            return cardinal(int(written))  # "en el 2021 cosecharon": a year
        if before in ARTICLES:
            gender = ARTICLES[before]
        if before in LABEL_NOUNS:
            gender = None
        if gender is None and following.lower() in SCALES:
            gender = "m"
        said = self.number(match["num"], gender)
        if re.search(r"\b(?:millón|millones|billón|billones)$", said) and gender is not None:
            said += " de"  # "25 000 000 soles": "veinticinco millones de soles"
        return said

    def unit(self, match: re.Match[str]) -> str:
        """A number and its unit: "21 t" -> "veintiuna toneladas", "1 km" -> "un kilómetro"."""
        unit = units.SPANISH[match["unit"]]
        said = self.number(match["num"], unit.gender or None)
        return f"{said} {unit.one if self.parse(match['num']) == Number(1) else unit.many}"

    def day_range(self, match: re.Match[str]) -> str:
        """Days of one month: "del 1 al 7 de marzo" -> "del primero al siete de marzo"."""
        first, last = (
            "primero" if int(day) == 1 else cardinal(int(day)) for day in (match["a"], match["b"])
        )
        joiner = match["sep"].strip()
        if joiner not in ("-", "–"):
            return f"{first} {joiner} {last}"
        before = word_before(match).lower()
        if before in ("del", "de", "desde"):
            return f"{first} {'al' if before == 'del' else 'a'} {last}"
        return f"del {first} al {last}"

    def date(self, year: int, month: int, day: int) -> str | None:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        first = "primero" if date.day == 1 else cardinal(date.day)
        return f"{first} de {self.months[date.month - 1]} de {cardinal(date.year)}"

    def iso_date(self, match: re.Match[str]) -> str | None:
        return self.date(int(match[1]), int(match[2]), int(match[3]))

    def numeric_date(self, match: re.Match[str]) -> str | None:
        return self.date(int(match[4]), int(match[3]), int(match[1]))

    def money(self, match: re.Match[str]) -> str:
        """An amount of money: "S/ 1,500" -> "mil quinientos soles"."""
        sign = match["sign"].rstrip(".")
        unit, units, cent, cents = CURRENCIES[sign]
        value = self.parse(match["num"])
        scale = match.groupdict().get("scale")
        short = match.groupdict().get("short")
        if short:
            scale = SCALE_WORDS[SCALE_ABBREVIATIONS[short.lower()]]
        gender = self.gender(unit)
        if scale:
            amount = self.number(match["num"], "m" if scale != "mil" else gender)
            between = "" if scale == "mil" else "de "
            return f"{amount} {scale} {between}{units}"
        if len(value.decimals) == 2:
            whole = agree(cardinal(value.integer), gender)
            said = f"{whole} {unit if value.integer == 1 else units}"
            hundredths = int(value.decimals)
            if hundredths:
                part = agree(cardinal(hundredths), self.gender(cent))
                said += f" con {part} {cent if hundredths == 1 else cents}"
            return said
        amount = self.number(match["num"], gender)
        return f"{amount} {unit if value == Number(1) else units}"

    def range(self, match: re.Match[str]) -> str:
        """A range of numbers: "2019-2023" -> "de dos mil diecinueve a dos mil veintitrés"."""
        a, b = match["a"], match["b"]
        if any(len(n) > 1 and n.startswith("0") for n in (a, b)):  # a code, not a range
            return " guion ".join(legal.digits_and_number(n, cardinal) for n in (a, b))
        if len(a) == 4 and len(b) == 2 and int(b) > int(a[2:]):  # 2019-22
            b = a[:2] + b
        first, last = self.number(a), self.number(b)
        if "." not in a + b and "," not in a + b and int(b) < int(a):  # a score: "3-1"
            return f"{first} a {last}"
        before = word_before(match).lower()
        if before == "entre":
            return f"{first} y {last}"
        if before in ("de", "del", "desde"):
            return f"{first} a {last}"
        return f"de {first} a {last}"

    def ordinal(self, value: int, gender: str, plural: bool, apocope: bool) -> str:
        """An ordinal agreeing with its noun: "séptima", "primer", "terceros"."""
        words = ordinal_words(value, LANG)
        if gender == "f":
            words = re.sub(r"o\b", "a", words)
        if plural:
            return re.sub(r"(\w)\b", r"\1s", words)
        if gender == "m" and apocope:
            words = re.sub(r"(primer|tercer)o$", r"\1", words)
        return words

    def ordinal_sign(self, match: re.Match[str]) -> str | None:
        """An ordinal sign: "1.º" -> "primero", "2.ª" -> "segunda", "1.er piso" -> "primer piso"."""
        noun = word_after(match)
        if (
            match["sign"] == "°"
        ):  # the degree sign: an ordinal in "1° de mayo", "el 150° aniversario"
            if match["num"] == "1" and noun == "de":
                return "primero"
            before = word_before(match).lower()
            if before not in DETERMINERS or not noun.islower() or noun in FUNCTION_WORDS:
                return None
        suffix = match["suffix"] or ""
        gender = "f" if match["sign"] == "ª" or suffix.endswith("a") else "m"
        counts = bool(noun) and noun.lower() not in FUNCTION_WORDS and not is_plural(noun)
        apocope = bool(match["er"]) or counts or suffix == "er"
        return self.ordinal(int(match["num"]), gender, False, apocope)

    def roman(self, match: re.Match[str]) -> str | None:
        """A Roman numeral as an ordinal before a noun ("VII Cumbre"), a cardinal after "siglo"."""
        numeral = match["roman"]
        value = roman_value(numeral)
        before, noun = word_before(match).lower(), word_after(match)
        if value is None or numeral in ("L", "C"):
            return None
        if regnal.is_regnal(match.string[: match.start()]):
            gender = regnal.name_gender(match.string[: match.start()])
            return self.ordinal(value, gender, False, False) if value <= 10 else cardinal(value)
        if before in ("siglo", "siglos"):
            return cardinal(value)
        if noun == "de" and word_after(match, 1)[:1].isupper() and numeral != "I":
            return self.ordinal(value, "m", False, False)  # "X de Población": décimo (censo)
        if not noun or not (noun[0].isupper() or before in DETERMINERS):
            return None
        return self.ordinal(value, self.gender(noun), is_plural(noun), apocope=True)
