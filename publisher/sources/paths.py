"""The one path-safety rule for everything a release names: its files, its images, its links.

A release never makes the build read outside its own folder. Source files are read through
:func:`read_text`; images and local links are checked once, when the release is loaded, by
:func:`local_target`, and an image's resolved file is kept in the model (``Image.path``,
``Figure.path``) so no writer resolves it again. The PDF renderer's URL fetcher
(:mod:`publisher.fetch`) applies the same limits a second time, as defence in depth.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from publisher.errors import SourceError
from publisher.sources.invisible import InvisibleCharacter, clean_text

MAX_FILE_BYTES = 1024 * 1024
"""A press release is a few pages; anything larger than this is refused rather than parsed."""
WEB_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("GIF", (b"GIF87a", b"GIF89a")),
}
"""Raster image suffixes and how files of that kind begin."""


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """A source file's bytes: a regular file within the size limit, inside ``root`` if given.

    With ``root`` (a resolved release folder), a file that is a link to somewhere outside it is
    refused, so a release can never make the build read files outside its own folder.
    """
    if root is not None and not path.resolve().is_relative_to(root):
        raise SourceError(path, f"is a link that leads outside the release folder {root}")
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise SourceError(path, "is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(path, "is not a regular file (a pipe, socket or device); remove it")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(
                path,
                f"is {size / 1e6:.1f} MB; a release file may be at most "
                f"{MAX_FILE_BYTES // 1024} KB",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except IsADirectoryError:
        raise SourceError(path, "is a folder, not a file") from None
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None


def read_text(path: Path, root: Path | None = None) -> str:
    """A source file's text, read by :func:`read_bytes`: UTF-8 (a BOM is allowed).

    The invisible characters copy-paste leaves are cleaned, or refused by name.
    """
    data = read_bytes(path, root)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8", line
        ) from None
    try:
        return clean_text(text)
    except InvisibleCharacter as problem:
        raise SourceError(path, problem.message, problem.line) from None


def local_target(
    root: Path, path: Path, kind: Literal["image", "link"], target: str, line: int | None
) -> Path | None:
    """Check an image or link named in ``path``; an image's resolved file, else None.

    Images must be regular files inside the release folder whose content matches their suffix;
    links may be web addresses, anchors (``#id``, checked by the reader against the headings),
    or files inside the folder. A site-root address (``/prensa``) names a page of a website
    only that website knows, so it is refused: a release is read everywhere.
    """
    parts = urlsplit(target)
    if parts.scheme.lower() in WEB_SCHEMES:
        if kind == "image":
            raise SourceError(
                path,
                f"image '{target}' is on the web; images must be files in the release "
                "folder (nothing is downloaded)",
                line,
            )
        return None
    shown = target if len(target) <= 60 else target[:57] + "..."
    if parts.scheme or target.startswith("//"):
        raise SourceError(
            path,
            f"{kind} '{shown}': '{parts.scheme or '//'}' addresses are not allowed; "
            + (
                "an image must be a file in the release folder"
                if kind == "image"
                else "link to a web page (https://...) or to a file in the release folder"
            ),
            line,
        )
    if target.startswith("/"):
        raise SourceError(path, _site_root(kind, shown), line)
    if not parts.path:
        _no_path(path, kind, target, line)
        return None
    local = unquote(parts.path)
    if "\0" in local:
        raise SourceError(path, f"{kind} '{target}' cannot name a file (it holds %00)", line)
    resolved = (path.parent / local).resolve()
    if not resolved.is_relative_to(root):
        raise SourceError(path, f"{kind} '{shown}' leads outside the release folder", line)
    if kind == "link":
        if not resolved.is_file():
            raise SourceError(
                path,
                f"link '{shown}': the release folder has no file '{local}'; add the file, "
                "or correct the link",
                line,
            )
        return None
    if not resolved.is_file():
        raise SourceError(path, f"image '{target}' does not exist (or is not a file)", line)
    _check_image_content(path, target, resolved, line)
    return resolved


def _site_root(kind: str, shown: str) -> str:
    """Why a site-root address is refused, and what to write."""
    if kind == "image":
        return (
            f"image '{shown}' starts with '/': name the image from the release folder, "
            f"'{shown.lstrip('/')}'"
        )
    return (
        f"link '{shown}' starts with '/', a page of some website's own: write the full "
        f"address, 'https://<the website>{shown}', or link to a file in the release folder"
    )


def _no_path(path: Path, kind: str, target: str, line: int | None) -> None:
    """An address without a path: an anchor (the reader checks it), else nothing to follow."""
    if kind == "link" and target.startswith("#"):
        return  # a link to a heading of the same document
    if kind == "image":
        raise SourceError(path, "image without a path", line)
    raise SourceError(
        path,
        f"link '{target}' leads nowhere: write a web address (https://...), a file in the "
        "release folder, or '#id' of a heading",
        line,
    )


def _check_image_content(path: Path, target: str, image: Path, line: int | None) -> None:
    """Refuse an image whose content is not what its suffix says (a renamed or broken file)."""
    expected = IMAGE_SIGNATURES.get(image.suffix.lower())
    if expected is None:
        return
    kind, signatures = expected
    try:
        with image.open("rb") as file:
            head = file.read(8)
    except OSError as error:
        raise SourceError(
            path, f"image '{target}' cannot be read: {error.strerror}", line
        ) from None
    if not head.startswith(signatures):
        raise SourceError(path, f"image '{target}' is not a {kind} file, as its name says", line)
