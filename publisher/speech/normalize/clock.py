"""Clock times and time ranges: "8:45 horas", "7 p. m.", "16:00 h", "8:45 a.m.", "9:00-13:00".

Times are written "8:45" or, before a suffix, "8.45 h"; in Spanish "12 m." is noon.

Spanish: a time with "h"/"horas" is said in hours and minutes ("dieciséis horas con treinta
minutos"); with a. m./p. m. the part of the day follows ("siete de la noche": p. m. is "del
mediodía" at 12, "de la tarde" until 6, "de la noche" after); a bare time is "ocho y cuarenta y
cinco". Hours agree with "hora", feminine ("una", "veintiuna").

English: "eight forty-five A.M.", "eight oh five", "eight o'clock", "sixteen hundred (hours)".

A range of two times is "de ... a ..." / "... to ...".
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TIME = (
    r"(?P<h{n}>[01]?\d|2[0-4])(?:(?P<sep{n}>[:.])(?P<m{n}>[0-5]\d)(?::(?P<sec{n}>[0-5]\d))?)?"
    r"(?:\s?(?P<s{n}>horas\b|hrs?\.?(?!\w)|h\.?(?!\w)|[aApP]\.?\s?[mM]\.?(?!\w)|m\.(?!\w)))?"
)
TIME = re.compile(rf"(?<![\w.,:/-]){_TIME.format(n='')}(?![\w:]|[.,]\d)")
TIME_RANGE = re.compile(
    rf"(?<![\w.,:/-]){_TIME.format(n='')}\s?(?:[-–]|\ba\b|\bto\b)\s?{_TIME.format(n='2')}"
    r"(?![\w:]|[.,]\d)"
)


RANGE_CUE = re.compile(r"\b(?:de|desde|entre|from|between|horario:?|hours:?)\s*$", re.I)
"""Words before a range of times written with a dot ("de 9.00 a 13.00"): not decimals."""


def _parts(match: re.Match[str], n: str = "") -> tuple[int, int | None, str] | None:
    """Hour, minutes (None when not written) and suffix ("h", "am", "pm" or "") of one time.

    A time written with a dot and no suffix ("9.00") is one only in a range after "de",
    "from" (:func:`dotted_range`).
    """
    hour, minutes, suffix = match[f"h{n}"], match[f"m{n}"], match[f"s{n}"] or ""
    dotted = match[f"sep{n}"] == "." and _dotted_range(match)
    if (minutes is None or (match[f"sep{n}"] == "." and not dotted)) and not suffix:
        return None  # a bare number, or a decimal, is not a time
    kind = re.sub(r"[.\s]", "", suffix.lower())
    kind = "h" if kind.startswith("h") else kind
    if kind in ("am", "pm") and not 1 <= int(hour) <= 12:
        return None
    if kind == "m" and int(hour) != 12:
        return None  # "12 m." is noon (meridiano); "3 m." is three metres
    return int(hour), None if minutes is None else int(minutes), kind


def seconds(match: re.Match[str], n: str = "") -> int | None:
    """The seconds of a time, where written ("14:05:30")."""
    written = match.groupdict().get(f"sec{n}")
    return None if written is None else int(written)


def _dotted_range(match: re.Match[str]) -> bool:
    """Whether a match is a range of two times with a dot ("de 9.00 a 13.00") after a cue."""
    if "h2" not in match.re.groupindex or match["m2"] is None or match["m"] is None:
        return False
    after = match.string[match.end() :].lstrip()
    if re.match(r"[%$€]|(?:soles|sol|d[óo]lares|dollars|euros|puntos|points|por|per)\b", after):
        return False  # "de 9.50 a 13.20 soles"
    return bool(RANGE_CUE.search(match.string[: match.start()]))


def _sentence_end(match: re.Match[str], said: str) -> str:
    """A full stop to keep when the time's own "m." ended the text."""
    ended = match.group(0).endswith(".") and not match.string[match.end() :].strip()
    return "." if ended and not said.endswith(".") else ""


def spanish(
    cardinal: Callable[[int], str], feminine: Callable[[int], str]
) -> Callable[..., str | None]:
    """The Spanish reader of a time match (``feminine`` agrees an hour with "hora")."""

    def say(match: re.Match[str], n: str = "") -> str | None:
        parts = _parts(match, n)
        if parts is None:
            return None
        hour, minutes, kind = parts
        second = seconds(match, n)
        if kind == "h" or second is not None:
            said = f"{feminine(hour)} {'hora' if hour == 1 else 'horas'}"
            if second is not None:
                said += f", {_count(cardinal, minutes or 0, 'minuto')}"
                return said + f" y {_count(cardinal, second, 'segundo')}"
            return said + (f" con {_count(cardinal, minutes, 'minuto')}" if minutes else "")
        said = feminine(hour) + (f" y {cardinal(minutes)}" if minutes else "")
        if kind == "m":
            return said + " del mediodía"
        if kind == "am":
            return said + " de la mañana"
        if kind == "pm":
            return said + (
                " del mediodía" if hour == 12 else " de la tarde" if hour < 7 else " de la noche"
            )
        return said + (" horas" if hour > 12 and not minutes else "")

    return say


def _count(cardinal: Callable[[int], str], value: int, noun: str) -> str:
    """A Spanish count of a masculine noun: "un minuto", "veintiún minutos"."""
    said = re.sub(r"veintiuno$", "veintiún", re.sub(r"(?<!\w)uno$", "un", cardinal(value)))
    return f"{said} {noun if value == 1 else noun + 's'}"


def english(cardinal: Callable[[int], str]) -> Callable[..., str | None]:
    """The English reader of a time match."""

    def say(match: re.Match[str], n: str = "") -> str | None:
        parts = _parts(match, n)
        if parts is None:
            return None
        hour, minutes, kind = parts
        if kind == "m":
            return None  # Spanish "12 m." (meridiano); in English "12 m." is twelve metres
        second = seconds(match, n)
        if second is not None:
            hours = f"{cardinal(hour)} {'hour' if hour == 1 else 'hours'}"
            said = f"{cardinal(minutes or 0)} {'minute' if minutes == 1 else 'minutes'}"
            return (
                f"{hours}, {said} and {cardinal(second)} {'second' if second == 1 else 'seconds'}"
            )
        ends = [match[g] for g in ("h", "h2") if g in match.re.groupindex and match[g]]
        day_clock = any(int(end) > 12 for end in ends)  # "9.00 to 13.00": both in hundreds
        if minutes:
            said = f"{cardinal(hour)} {'oh ' if minutes < 10 else ''}{cardinal(minutes)}"
        elif kind in ("am", "pm") or (hour <= 12 and not day_clock):
            said = cardinal(hour) + ("" if kind in ("am", "pm", "h") else " o'clock")
        else:
            said = f"{'oh ' if hour < 10 else ''}{cardinal(hour)} hundred"
        if kind in ("am", "pm"):
            return f"{said} {kind[0].upper()}.M."
        return said + (" hours" if kind == "h" else "")

    return say


QUECHUA_PARTS = ("tutamanta", "chawpi p'unchawpi", "ch'isinpi", "tutapi")
"""Parts of the day said after an a. m. or p. m. time in Quechua (see :func:`quechua`)."""


def quechua(cardinal: Callable[[int], str]) -> Callable[..., str | None]:
    """The Quechua reader of a time match.

    Quechua counts hours and minutes with its own numerals and the Spanish loans "hora" and
    "minuto" (the clock came with Spanish and Quechua has no words of its own for its units),
    singular after a number like every Quechua noun: "10:30" -> "chunka hora kimsa chunka
    minuto". The part of the day is a Quechua word after the time: a. m. "tutamanta" (in the
    morning), noon "chawpi p'unchawpi" (at midday), p. m. until six "ch'isinpi" (in the
    afternoon), later "tutapi" (at night). "12 m." is noon.
    """

    def say(match: re.Match[str], n: str = "") -> str | None:
        parts = _parts(match, n)
        if parts is None:
            return None
        hour, minutes, kind = parts
        said = f"{cardinal(hour)} hora"
        if minutes:
            said += f" {cardinal(minutes)} minuto"
        second = seconds(match, n)
        if second:
            said += f" {cardinal(second)} segundo"
        if kind == "m" or (kind == "pm" and hour == 12):
            return f"{said} {QUECHUA_PARTS[1]}"
        if kind == "am":
            return f"{said} {QUECHUA_PARTS[0]}"
        if kind == "pm":
            return f"{said} {QUECHUA_PARTS[2] if hour < 7 else QUECHUA_PARTS[3]}"
        return said

    return say


def read_quechua_range(
    say: Callable[..., str | None],
) -> Callable[[re.Match[str]], str | None]:
    """A Quechua range of times: "from ... up to ...", -manta and -kama on the ends' last words."""

    def read(match: re.Match[str]) -> str | None:
        first, last = say(match), say(match, "2")
        if first is None or last is None:
            return None
        said = f"{_suffixed(first, 'manta')} {_suffixed(last, 'kama')}"
        return said + _sentence_end(match, said)

    return read


def _suffixed(said: str, suffix: str) -> str:
    """A Quechua time with a suffix on its count, before the part of the day."""
    for part in QUECHUA_PARTS:
        if said.endswith(f" {part}"):
            return f"{said[: -len(part) - 1]}{suffix} {part}"
    return said + suffix


def read_range(
    say: Callable[..., str | None], joiner: tuple[str, str]
) -> Callable[[re.Match[str]], str | None]:
    """A reader of time ranges: both ends said, joined as "de X a Y" or "X to Y"."""

    def read(match: re.Match[str]) -> str | None:
        first, last = say(match), say(match, "2")
        if first is None or last is None:
            return None
        before = match.string[: match.start()].rstrip().lower()
        start = "" if before.endswith(("de", "desde", "from", "between")) else joiner[0]
        said = f"{start}{first} {joiner[1]} {last}"
        return said + _sentence_end(match, said)

    return read


def read_time(say: Callable[..., str | None]) -> Callable[[re.Match[str]], str | None]:
    """A reader of single times that keeps a sentence's full stop taken by "p. m."."""

    def read(match: re.Match[str]) -> str | None:
        said = say(match)
        return None if said is None else said + _sentence_end(match, said)

    return read
