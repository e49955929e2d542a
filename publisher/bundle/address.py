"""The web address the output folder is published at (``--base-url``, ``[build] base_url``).

It is written as is into every podcast feed, page head and manifest, so it must be one plain
absolute address: ``http`` or ``https``, a host, a path, and nothing a feed or a page could
read as markup or as another line. Only the characters RFC 3986 allows in an address are
accepted, less the quote ``'`` and the ``?`` and ``#`` of a query or fragment; anything else
(a space, a line break or other control character, ``"``, ``<``, ``>``, a letter outside ASCII)
is refused, as is a user name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

EXAMPLE = "write it as https://example.org/press/"
_ALLOWED = re.compile(r"[A-Za-z0-9\-._~:/@!$&()*+,;=%\[\]]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def check_base_url(text: str) -> str:
    """``text`` if it is a plain absolute http(s) address; a ValueError saying what is wrong."""
    bad = next((c for c in text if not _ALLOWED.fullmatch(c)), None)
    if bad is not None:
        raise ValueError(f"{text!r} contains {_character(bad)}; {EXAMPLE}")
    if _BAD_ESCAPE.search(text):
        raise ValueError(f"{text!r} has a '%' not followed by two hex digits; {EXAMPLE}")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or "//" not in text:
        raise ValueError(f"{text!r} is not an absolute http(s) address; {EXAMPLE}")
    if "@" in parts.netloc:
        raise ValueError(f"{text!r} names a user: publish no password; {EXAMPLE}")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError(f"{text!r} has a port that is not 1 to 65535; {EXAMPLE}")
    return text


def _character(char: str) -> str:
    """A character named so a message shows it without printing it raw."""
    code = f"U+{ord(char):04X}"
    if char == " ":
        return "a space"
    if char in "'\"":
        return f"a quote ({char})"
    if char.isspace() or unicodedata.category(char).startswith("C"):
        return f"a line break, control or format character ({code})"
    if not char.isascii():
        return f"'{char}' ({code}): percent-encode it, and give the host in its xn-- form"
    return f"'{char}'"
