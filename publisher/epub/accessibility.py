"""EPUB Accessibility 1.1 discovery metadata, derived from what the content actually holds.

Nothing is claimed that the survey of the editions does not show: ``alternativeText`` only when
there are images and all of them have alt text, ``none`` as the hazard only when no image moves,
``auditory`` as sufficient only when the narration reads every text, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from publisher.model import Edition, Heading, walk_blocks, walk_images
from publisher.render.labels import label


@dataclass(frozen=True, slots=True)
class ContentFacts:
    """What the editions of one EPUB contain, as far as accessibility metadata is concerned."""

    images: int
    """Images (figures and inline images) in all editions."""
    images_with_alt: int
    """Of those, the ones with a non-empty text alternative."""
    animated_images: int
    """Image files with more than one frame (or an SVG that may change over time)."""
    sections: int
    """Section headings below the titles."""
    editions: int
    """Editions (languages) in the publication."""
    translation_links: bool
    """Paragraphs and headings link to the same passage in the other editions."""
    narrated: bool = False
    """The publication holds its narration, synchronised with the text (Media Overlays)."""
    fully_narrated: bool = False
    """The narration reads every text and every alt text: listening alone misses nothing."""


@dataclass(frozen=True, slots=True)
class AccessibilityMetadata:
    """The schema.org accessibility properties of one EPUB."""

    access_modes: tuple[str, ...]
    """``schema:accessMode`` values."""
    sufficient: tuple[str, ...]
    """``schema:accessModeSufficient`` values, each a comma-separated set of modes."""
    features: tuple[str, ...]
    """``schema:accessibilityFeature`` values."""
    hazards: tuple[str, ...]
    """``schema:accessibilityHazard`` values."""
    summaries: tuple[tuple[str, str], ...]
    """``schema:accessibilitySummary`` as (language tag, text), one per edition language."""


def survey(
    editions: Sequence[Edition],
    *,
    animated_images: int,
    translation_links: bool,
    narrated: bool = False,
    fully_narrated: bool = False,
) -> ContentFacts:
    """Count what the accessibility metadata depends on in ``editions``.

    ``narrated`` and ``fully_narrated`` are what the Media Overlays show (see
    :mod:`publisher.epub.overlay`).
    """
    blocks = [b for e in editions for b in walk_blocks(e.blocks)]
    images = [image for e in editions for image in walk_images(e.blocks)]
    return ContentFacts(
        images=len(images),
        images_with_alt=sum(1 for image in images if image.alt.strip()),
        animated_images=animated_images,
        sections=sum(1 for b in blocks if isinstance(b, Heading)),
        editions=len(editions),
        translation_links=translation_links,
        narrated=narrated,
        fully_narrated=narrated and fully_narrated,
    )


def summary(facts: ContentFacts, lang: str) -> str:
    """The accessibility summary in ``lang``: what helps, and what is known to be missing."""
    keys = []
    if facts.images == 0:
        keys.append("a11y_text_narrated" if facts.narrated else "a11y_text_only")
    elif facts.images_with_alt == facts.images:
        keys.append("a11y_images_described")
    keys.append("a11y_sections" if facts.sections else "a11y_single_section")
    keys += ["a11y_structure", "a11y_display"]
    if facts.narrated:
        keys.append("a11y_read_along")
        if not facts.fully_narrated:
            keys.append("a11y_narration_partial")
    if facts.translation_links:
        keys.append("a11y_translations" if facts.editions == 2 else "a11y_translations_many")
    if facts.animated_images:
        keys.append("a11y_hazards_unknown")
    return " ".join(label(key, lang) for key in keys)


def describe(facts: ContentFacts, editions: Sequence[Edition]) -> AccessibilityMetadata:
    """The discovery metadata ``facts`` support, with a summary in each edition's language."""
    described = facts.images == facts.images_with_alt
    modes: tuple[str, ...] = ("textual", "visual") if facts.images else ("textual",)
    if facts.narrated:
        modes += ("auditory",)
    if not facts.images:
        sufficient: tuple[str, ...] = ("textual",)
    elif described:
        sufficient = ("textual,visual", "textual")
    else:
        sufficient = ("textual,visual",)
    # Listening alone is enough only if the narration reads every text, alt texts included.
    if facts.fully_narrated and described:
        sufficient += ("auditory",)
    # Every edition has a title heading, a nav toc, ARIA roles and one linear reading order, and
    # the stylesheet leaves fonts, sizes and colours to the reader: these hold for any content.
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "ARIA"]
    if facts.images and described:
        features.append("alternativeText")
    features.append("displayTransformability")
    if facts.narrated:
        features.append("synchronizedAudioText")
    # An animated image may flash or simulate motion; whether it does is not known here.
    hazards = ("unknown",) if facts.animated_images else ("none",)
    summaries = tuple((e.lang, summary(facts, e.lang)) for e in editions)
    return AccessibilityMetadata(modes, sufficient, tuple(features), hazards, summaries)
