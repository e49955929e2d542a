"""Every file a build writes, described once: the one table of format names.

A format is a descriptor in :data:`FORMATS`. Everything that needs to know about formats (the
command line, the settings, the writers, the size budgets, the download page, the manifest,
the audit) reads it from here; no other table of format names exists. The writer and the audit
are named as ``"module:function"`` and imported only when a build or an audit runs, so commands
that build nothing never load WeasyPrint, ebooklib or PyAV.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a file is to the person who receives the release."""

    DOWNLOAD = "download"
    """An edition of the release: HTML, PDF, EPUB, audio, captions."""
    BUNDLE = "bundle"
    """A file about the downloads: the download pages, the manifest, the podcast feeds."""


@dataclass(frozen=True, slots=True)
class Format:
    """One output format."""

    name: str
    """As in ``--formats``, ``[build] formats``, budgets and the manifest."""
    suffix: str
    """What follows the stem (``<slug>.<lang>``) in the file name; empty for bundle files."""
    media_type: str
    role: Role = Role.DOWNLOAD
    default: bool = False
    """Built unless ``--formats`` names others."""
    multilingual: bool = False
    """Also written once for all editions together (``<slug>.bilingual``)."""
    alternative_to: tuple[str, ...] = ()
    """Formats this one repeats in another form: a reader downloads one or the other, so a
    language's size budget and total count only those."""
    section: str | None = None
    """Label key of the download page's section that lists it; None: not listed."""
    writer: str | None = None
    """``"module:function"`` writing the format; None for bundle files (the bundle writes them)."""
    audit: str | None = None
    """``"module:function"`` auditing a written file (path, release, its editions, the build
    options, and the ``browser`` keyword: a session the audit may share), or None."""
    validators: tuple[str, ...] = ()
    """The validators its audit runs, as ``publisher check --outputs`` names them."""
    reads: tuple[str, ...] = ()
    """The build options (fields of ``BuildOptions``) its writer reads: part of its content key."""
    narrated: bool = False
    """Written from the edition's narration: the narrated formats of an edition are one task,
    so the edition is spoken once."""

    @property
    def is_download(self) -> bool:
        """Whether the file is an edition of the release (not a page, manifest or feed)."""
        return self.role is Role.DOWNLOAD


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "html",
            ".html",
            "text/html",
            default=True,
            multilingual=True,
            alternative_to=("epub",),
            section="page_read",
            writer="publisher.web.edition:write_html",
            audit="publisher.audit:audit_html_file",
            validators=("axe-core",),
        ),
        Format(
            "pdf",
            ".pdf",
            "application/pdf",
            default=True,
            multilingual=True,
            section="page_print",
            writer="publisher.build:write_pdf",
            reads=("pdf",),
            audit="publisher.audit:audit_pdf_file",
            validators=("PDF/UA",),
        ),
        Format(
            "epub",
            ".epub",
            "application/epub+zip",
            default=True,
            multilingual=True,
            section="page_ereaders",
            writer="publisher.build:write_epub",
            reads=("epub",),
            audit="publisher.audit:audit_epub_file",
            validators=("EPUBCheck", "Ace"),
        ),
        Format(
            "mp3",
            ".mp3",
            "audio/mpeg",
            default=True,
            section="page_listen",
            writer="publisher.build:write_audio",
            reads=("audio",),
            narrated=True,
        ),
        Format(
            "opus",
            ".opus",
            "audio/ogg; codecs=opus",
            default=True,
            alternative_to=("mp3",),
            section="page_listen",
            writer="publisher.build:write_audio",
            reads=("audio",),
            narrated=True,
        ),
        Format(
            "vtt",
            ".vtt",
            "text/vtt",
            default=True,
            section="page_listen",
            writer="publisher.build:write_audio",
            reads=("audio",),
            narrated=True,
        ),
        Format(
            "clip",
            ".clip.opus",
            "audio/ogg; codecs=opus",
            default=True,
            section="page_listen",
            writer="publisher.audio.clip:write_clip",
            reads=("audio",),
            narrated=True,
        ),
        Format(
            "script",
            ".script.txt",
            "text/plain; charset=utf-8",
            default=True,
            section="page_listen",
            writer="publisher.audio.announcer:write_script",
        ),
        Format(
            "broadcast",
            ".broadcast.wav",
            "audio/wav",
            alternative_to=("mp3",),
            section="page_listen",
            writer="publisher.audio.broadcast:write_broadcast",
            reads=("audio",),
            narrated=True,
        ),
        Format(
            "narrated-epub",
            ".narrated.epub",
            "application/epub+zip",
            alternative_to=("epub", "mp3"),
            section="page_listen",
            writer="publisher.build:write_narrated_epub",
            reads=("audio", "epub"),
            narrated=True,
            audit="publisher.audit:audit_epub_file",
            validators=("EPUBCheck", "Ace"),
        ),
        Format("page", "", "text/html", role=Role.BUNDLE),
        Format("manifest", "", "application/json", role=Role.BUNDLE),
        Format("feed", "", "application/rss+xml", role=Role.BUNDLE),
    )
}
"""Format name -> descriptor, in the order the download page and the summaries list them."""

BUILDABLE = tuple(name for name, f in FORMATS.items() if f.is_download)
"""Every format ``--formats`` can name."""
DEFAULT_FORMATS = tuple(name for name, f in FORMATS.items() if f.default)
"""What a build writes unless told otherwise."""
BUNDLE_FORMATS = frozenset(name for name, f in FORMATS.items() if not f.is_download)
"""The formats of pages, manifests and feeds."""
ALTERNATIVES = frozenset(name for name, f in FORMATS.items() if f.alternative_to)
"""Formats that repeat others: left out of a language's size total."""
MULTILINGUAL = frozenset(name for name, f in FORMATS.items() if f.multilingual)
"""Formats that also have one file holding every edition."""


SECTIONS = ("page_read", "page_listen", "page_ereaders", "page_print")
"""The download page's sections, in the order it shows them: the lightest way to read first."""


def sections() -> list[tuple[str, tuple[str, ...]]]:
    """The download page's sections, each with its formats in the table's order."""
    return [
        (key, tuple(name for name, f in FORMATS.items() if f.section == key)) for key in SECTIONS
    ]


def load(target: str) -> Callable[..., Any]:
    """The function a descriptor names as ``"module:function"``, imported now."""
    module, _, name = target.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function
