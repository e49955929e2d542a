"""Fonts: what the shipped font files cover, how a PDF's fonts decode to text, which it embeds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

FONT_FACE_FAMILY = re.compile(r"""@font-face\s*\{[^}]*?font-family:\s*["']([^"']+)["']""", re.I)
FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+\.(?:ttf|otf|woff2?))["']?\s*\)""", re.I)
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
"""Unicode's Default_Ignorable_Code_Point ranges: characters with no visible glyph of their own
(soft hyphen, zero-width space and joiners, word joiner, BOM, direction marks, variation
selectors). A renderer draws nothing for them, so they need no glyph and show no text."""


LINE_CONTROLS = frozenset("\n\t\r")


def invisible(char: str) -> bool:
    """True for a character that is never drawn: default-ignorable, or a tab or line break."""
    code = ord(char)
    if code < 0xAD:
        return char in LINE_CONTROLS
    return any(low <= code <= high for low, high in DEFAULT_IGNORABLE)


def stylesheet_fonts(stylesheet: Path) -> list[Path]:
    """The font files a stylesheet's @font-face rules load, resolved against its folder."""
    text = stylesheet.read_text("utf-8")
    return [(stylesheet.parent / url).resolve() for url in FONT_URL.findall(text)]


def stylesheet_family(stylesheet: Path) -> str | None:
    """The family name the first @font-face rule of a stylesheet declares."""
    found = FONT_FACE_FAMILY.search(stylesheet.read_text("utf-8"))
    return found.group(1) if found else None


@cache
def _cmap(path: Path) -> frozenset[int]:
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def covered(fonts: Iterable[Path]) -> frozenset[int]:
    """Code points that every one of ``fonts`` has a glyph for."""
    maps = [_cmap(path) for path in fonts]
    return frozenset.intersection(*maps) if maps else frozenset()


def _drawn_as(char: str, have: frozenset[int]) -> str | None:
    """How ``char`` can be drawn with the glyphs ``have``, or None when it cannot.

    Itself, or its canonical decomposition: a base letter and combining marks, as Guarani's ẽ
    is e and a combining tilde.
    """
    if ord(char) in have or invisible(char) or char == " ":
        return char
    parts = unicodedata.normalize("NFD", char)
    if parts != char and all(ord(part) in have for part in parts):
        return parts
    return None


def missing_characters(text: str, fonts: Iterable[Path]) -> list[str]:
    """Characters of ``text`` (sorted, each once) that some font in ``fonts`` cannot draw.

    A character is drawable as itself or as its canonical decomposition.
    """
    have = covered(fonts)
    return sorted({c for c in set(text) if _drawn_as(c, have) is None})


def drawable(text: str, fonts: Iterable[Path]) -> str:
    """``text`` with letters the fonts lack decomposed where they have every part.

    The result is canonically equivalent to ``text``.

    A renderer looks for a font with the precomposed character and, when the shipped font lacks
    it, draws it in whatever font the machine has; decomposed, it is drawn in the shipped font.
    """
    have = covered(fonts)
    changes = {c: _drawn_as(c, have) for c in set(text) if ord(c) not in have}
    changes = {c: drawn for c, drawn in changes.items() if drawn is not None and drawn != c}
    if not changes:
        return text
    return text.translate({ord(c): drawn for c, drawn in changes.items()})


def printable(candidates: Sequence[str], fonts: Iterable[Path]) -> str:
    """The first of the program's words ``candidates`` the fonts can draw, made drawable.

    The last candidate is the fallback, used even when it cannot be drawn in full.
    """
    paths = list(fonts)
    for candidate in candidates:
        if not missing_characters(candidate, paths):
            return drawable(candidate, paths)
    return drawable(candidates[-1], paths)


def family_names(fonts: Iterable[Path]) -> set[str]:
    """The family names of font files."""
    names = set()
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            names.add(str(font["name"].getDebugName(1) or ""))
    return names


class FontDecoder:
    """Decodes strings shown with one font, through its ToUnicode map when it has one."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.width = 2 if font.get("/Subtype") == "/Type0" else 1
        to_unicode = font.get("/ToUnicode")
        self.map = (
            parse_to_unicode(bytes(to_unicode.read_bytes()))
            if isinstance(to_unicode, pikepdf.Stream)
            else {}
        )

    def decode(self, data: bytes) -> str:
        if not self.map:
            return data.decode("latin-1")
        step = self.width
        codes = (int.from_bytes(data[i : i + step], "big") for i in range(0, len(data), step))
        return "".join(self.map.get(code, "\ufffd") for code in codes)


_HEX = r"<([0-9A-Fa-f]*)>"
_BFCHAR = re.compile(rf"{_HEX}\s*{_HEX}")
_BFRANGE = re.compile(rf"{_HEX}\s*{_HEX}\s*(?:{_HEX}|\[([^\]]*)\])")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def parse_to_unicode(cmap: bytes) -> dict[int, str]:
    """Character code -> text from a ToUnicode CMap (bfchar and bfrange sections)."""
    text = cmap.decode("latin-1")
    mapping: dict[int, str] = {}
    for section in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in _BFCHAR.findall(section):
            mapping[int(src, 16)] = _utf16(dst)
    for section in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst, array in _BFRANGE.findall(section):
            start, end = int(lo, 16), int(hi, 16)
            if array:
                for offset, item in enumerate(re.findall(_HEX, array)):
                    mapping[start + offset] = _utf16(item)
                continue
            first = bytes.fromhex(dst)
            base = int.from_bytes(first, "big")
            for code in range(start, end + 1):
                value = (base + code - start).to_bytes(len(first), "big")
                mapping[code] = value.decode("utf-16-be", errors="replace")
    return mapping


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """A font a PDF uses."""

    name: str
    """The PostScript name, subset prefix included."""
    embedded: bool
    subset: bool


def pdf_fonts(pdf: pikepdf.Pdf) -> list[EmbeddedFont]:
    """Every font the pages of ``pdf`` use, each once."""
    found: dict[str, EmbeddedFont] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(fonts, pikepdf.Dictionary):
            continue
        for _, font in fonts.items():
            if not isinstance(font, pikepdf.Dictionary):
                continue
            descendants = font.get("/DescendantFonts")
            described = descendants[0] if isinstance(descendants, pikepdf.Array) else font
            descriptor = described.get("/FontDescriptor")
            embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            name = str(font.get("/BaseFont", "")).lstrip("/")
            subset = bool(re.match(r"^[A-Z]{6}\+", name))
            found[name] = EmbeddedFont(name, embedded, subset)
    return list(found.values())
