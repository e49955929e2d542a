"""Print legibility: text size and contrast as painted, and fonts that come with the project."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

import pikepdf

from publisher.pdf.content import RGB, PageContent
from publisher.pdf.fonts import family_names, pdf_fonts

MIN_SIZE_PT = 11.0
"""Smallest text size on the page, in points."""
MIN_CONTRAST = 7.0
"""Lowest contrast ratio of text against the white page (WCAG 2 AAA)."""
WHITE: RGB = (1.0, 1.0, 1.0)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: RGB) -> float:
    """Relative luminance (WCAG 2) of an sRGB colour."""
    r, g, b = (_linear(min(1.0, max(0.0, c))) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """Contrast ratio (WCAG 2) between two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_legibility(
    pages: Sequence[PageContent], figures: Collection[tuple[int, int]] = ()
) -> Iterator[tuple[str, str, str]]:
    """(rule, message, location) for text smaller than 11 pt or below 7:1 contrast on white.

    Text that a figure paints ((page, MCID) in ``figures``: the labels of an SVG chart) is part
    of the image, as the text in a photograph is, and is read through the figure's alt text.
    """
    for content in pages:
        shows = [
            s
            for s in content.shows
            if s.text.strip() and (s.mcid is None or (content.index, s.mcid) not in figures)
        ]
        small = [s for s in shows if s.size < MIN_SIZE_PT - 0.05]
        if small:
            yield (
                "text-size",
                f"{len(small)} text run(s) below {MIN_SIZE_PT:g} pt, e.g. {small[0].text[:30]!r} "
                f"at {small[0].size:.1f} pt",
                f"page {content.index + 1}",
            )
        faint = [s for s in shows if contrast(s.fill, WHITE) < MIN_CONTRAST]
        if faint:
            ratio = contrast(faint[0].fill, WHITE)
            yield (
                "contrast",
                f"{len(faint)} text run(s) below {MIN_CONTRAST:g}:1 contrast, "
                f"e.g. {faint[0].text[:30]!r} at {ratio:.1f}:1",
                f"page {content.index + 1}",
            )


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def check_fonts(pdf: pikepdf.Pdf, shipped: Sequence[Path]) -> Iterator[tuple[str, str]]:
    """(rule, message) for fonts that are not embedded or not among the shipped fonts."""
    families = {_squash(name) for name in family_names(shipped)}
    for font in pdf_fonts(pdf):
        if not font.embedded:
            yield "font-embedded", f"font {font.name} is not embedded"
        base = _squash(font.name.split("+", 1)[-1])
        if not any(base.startswith(family) for family in families if family):
            yield "font-origin", f"font {font.name} is not one the project ships"
