"""Invisible characters in source text: removed where their meaning is safe, refused by name else.

Text pasted from a word processor or a web page carries characters nobody sees. Those whose only
meaning is a hint to line breaking or joining are removed, since every format breaks lines
itself; the no-break spaces are kept as the one no-break space, which numbers use as a thousands
separator. Any other control or format character (a NUL, a direction mark) is refused with its
name and place, because dropping it could change what the text says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REMOVED = {
    "\u00ad": "SOFT HYPHEN",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
}
"""Removed from the text: break and join hints with no other meaning."""
REPLACED = {
    "\r\n": "\n",
    "\r": "\n",
    "\u2028": "\n",
    "\u2007": "\u00a0",
    "\u202f": "\u00a0",
}
"""Replaced: a Windows line end, a lone carriage return or a line separator by a line break;
figure and narrow no-break spaces by the no-break space."""
ALLOWED_CONTROLS = frozenset("\n\t")
_REMOVE = {ord(c): None for c in REMOVED}
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class InvisibleCharacter(Exception):
    """A character that cannot stay in the text and cannot be removed safely."""

    line: int
    column: int
    char: str

    @property
    def message(self) -> str:
        """What the character is, and what to do."""
        name = unicodedata.name(self.char, "(a control character)")
        return (
            f"column {self.column}: invisible character U+{ord(self.char):04X} {name}; "
            "delete it (it often comes with text pasted from another program)"
        )


def clean_text(text: str) -> str:
    """``text`` with safe invisible characters removed or replaced; others raise.

    Raises :class:`InvisibleCharacter` with the 1-based line and column of the first character
    that is refused.
    """
    for old, new in REPLACED.items():
        text = text.replace(old, new)
    text = text.translate(_REMOVE)
    if text.isascii() and _ASCII_CONTROL.search(text) is None:
        return text
    for index, char in enumerate(text):
        if char in ALLOWED_CONTROLS or unicodedata.category(char) not in ("Cc", "Cf", "Cs"):
            continue
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise InvisibleCharacter(line, column, char)
    return text
