"""The images the editions show: where they go in the EPUB, and whether they move."""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from publisher.errors import SourceError
from publisher.model import Edition, Release, walk_images

IMAGE_FOLDER = "images/"
"""Folder of the images in the EPUB, relative to the package document."""
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
"""Core media types of EPUB 3 for images, by file suffix."""


@dataclass(frozen=True, slots=True)
class ImageResource:
    """An image file of the release, packaged under ``images/``."""

    href: str
    """Path in the EPUB, relative to the package document."""
    source: Path
    """The file in the release folder."""
    media_type: str
    """Its core media type."""


def image_resources(release: Release, editions: Sequence[Edition]) -> list[ImageResource]:
    """Every image the editions show, once each, in order of first appearance."""
    found: dict[str, ImageResource] = {}
    for edition in editions:
        for image in walk_images(edition.blocks):
            if image.src not in found:
                found[image.src] = _resource(release, edition, image.src, image.path)
    return list(found.values())


def _resource(release: Release, edition: Edition, src: str, path: Path | None) -> ImageResource:
    """``path`` was resolved and checked by the release's reader (publisher.sources.paths)."""
    root = release.root.resolve()
    if path is None:
        raise SourceError(edition.source, f"image '{src}' is not a file in the release folder")
    media_type = IMAGE_TYPES.get(path.suffix.lower())
    if media_type is None:
        known = ", ".join(sorted(IMAGE_TYPES))
        raise SourceError(edition.source, f"image '{src}': EPUB readers show only {known} files")
    href = str(PurePosixPath(IMAGE_FOLDER) / PurePosixPath(path.relative_to(root).as_posix()))
    return ImageResource(href, path, media_type)


SVG_MOTION = re.compile(
    rb"<(?:animate|animateMotion|animateTransform|set|script)\b|@keyframes|animation|transition",
    re.IGNORECASE,
)
"""What can make an SVG change over time: SMIL animation, scripts, CSS animations."""


def is_animated(data: bytes, media_type: str) -> bool:
    """Whether an image holds more than one frame (or, for SVG, may change over time).

    A still image cannot flash or simulate motion; an animated one might, and that cannot be
    judged from the file, so the caller must not claim the publication free of those hazards.
    """
    if media_type == "image/png":
        return _png_chunk(data, b"acTL")
    if media_type == "image/gif":
        return _gif_frames(data) > 1
    if media_type == "image/webp":
        return data[12:16] == b"VP8X" and len(data) > 20 and bool(data[20] & 0x02)
    if media_type == "image/svg+xml":
        return SVG_MOTION.search(data) is not None
    return False


def _png_chunk(data: bytes, kind: bytes) -> bool:
    """Whether a PNG has a chunk of type ``kind`` (``acTL`` marks an animated PNG)."""
    position = 8
    while position + 8 <= len(data):
        length, found = struct.unpack(">I4s", data[position : position + 8])
        if found == kind:
            return True
        if found == b"IEND":
            break
        position += 12 + length
    return False


def _gif_frames(data: bytes) -> int:
    """The number of image descriptors in a GIF (one for a still picture)."""
    if len(data) < 13 or not data.startswith(b"GIF"):
        return 0
    position = 13
    flags = data[10]
    if flags & 0x80:
        position += 3 * (2 << (flags & 0x07))
    frames = 0
    while position < len(data):
        marker = data[position]
        if marker == 0x3B:  # trailer
            break
        if marker == 0x21:  # extension: label, then data sub-blocks
            position = _skip_sub_blocks(data, position + 2)
        elif marker == 0x2C:  # image descriptor, optional local colour table, LZW data
            frames += 1
            local = data[position + 9] if position + 9 < len(data) else 0
            position += 10
            if local & 0x80:
                position += 3 * (2 << (local & 0x07))
            position = _skip_sub_blocks(data, position + 1)
        else:
            break
    return frames


def _skip_sub_blocks(data: bytes, position: int) -> int:
    while position < len(data) and data[position]:
        position += data[position] + 1
    return position + 1
