"""manifest.json: every file of a release with its checksum, in a stable order.

The schema is ``schemas/manifest.schema.json``. The site index and the podcast feeds are made from
the manifests found in the output folder, so they list every release built there, not only the
releases of the last build.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.artifact import Artifact
from publisher.errors import OutputError
from publisher.formats import BUNDLE_FORMATS
from publisher.languages import primary
from publisher.model import Paragraph, Release, plain_text

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
GENERATOR = "publisher"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file of the release folder."""

    path: str
    """File name, relative to the manifest."""
    format: str
    media_type: str
    langs: tuple[str, ...]
    """BCP 47 tags of the languages in the file."""
    bytes: int
    sha256: str
    duration_s: float | None = None
    """Playing time in seconds, for audio."""

    @classmethod
    def of(cls, artifact: Artifact) -> FileEntry:
        """The entry for a written file."""
        return cls(
            path=artifact.path.name,
            format=artifact.format,
            media_type=artifact.media_type,
            langs=tuple(artifact.lang.split()),
            bytes=artifact.size,
            sha256=artifact.sha256,
            duration_s=None if artifact.duration_s is None else round(artifact.duration_s, 3),
        )

    @property
    def is_download(self) -> bool:
        """True for the release's outputs (PDF, EPUB, audio), False for pages and feeds."""
        return self.format not in BUNDLE_FORMATS

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON data, keys in a fixed order."""
        data: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "media_type": self.media_type,
            "lang": list(self.langs),
            "bytes": self.bytes,
            "sha256": self.sha256,
        }
        if self.duration_s is not None:
            data["duration_s"] = self.duration_s
        return data


@dataclass(frozen=True, slots=True)
class EditionEntry:
    """What the pages and feeds say about one edition."""

    lang: str
    title: str
    description: str
    """The edition's summary, or its first paragraph when the source gives no summary."""
    issuer: str | None = None
    original: bool = False


@dataclass(frozen=True, slots=True)
class Manifest:
    """A release folder described: the release's editions and every file in the folder."""

    slug: str
    date: dt.date | None
    editions: tuple[EditionEntry, ...]
    files: tuple[FileEntry, ...]
    generator_version: str = __version__
    settings: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    """What the outputs were built with, by format (``{"pdf": {"page_size": ...}}``)."""

    def edition(self, lang: str) -> EditionEntry | None:
        """The edition in ``lang`` (a tag or a primary subtag), if there is one."""
        for edition in self.editions:
            if lang in (edition.lang, primary(edition.lang)):
                return edition
        return None

    def downloads(self, lang: str | None = None) -> list[FileEntry]:
        """The outputs (no pages or feeds); with ``lang``, only those holding that language."""
        return [f for f in self.files if f.is_download and (lang is None or lang in f.langs)]

    def single(self, format_name: str, lang: str) -> FileEntry | None:
        """The file of ``format_name`` in ``lang`` alone (the Spanish MP3), if there is one."""
        for entry in self.files:
            if entry.format == format_name and entry.langs == (lang,):
                return entry
        return None

    def pages(self) -> dict[str, str]:
        """Download page file name by edition tag, in edition order."""
        found = {f.langs[0]: f.path for f in self.files if f.format == "page" and f.langs}
        return {e.lang: found[e.lang] for e in self.editions if e.lang in found}

    def with_files(self, artifacts: Sequence[Artifact]) -> Manifest:
        """A copy with more files (or newer ones of the same name), kept in path order."""
        files = {f.path: f for f in self.files}
        files.update((a.path.name, FileEntry.of(a)) for a in artifacts)
        return replace(self, files=tuple(files[name] for name in sorted(files)))

    def to_json(self) -> bytes:
        """The manifest as UTF-8 JSON, identical for identical content."""
        data = {
            "manifest_version": MANIFEST_VERSION,
            "generator": {"name": GENERATOR, "version": self.generator_version},
            "release": {
                "slug": self.slug,
                "date": self.date.isoformat() if self.date else None,
                "editions": [
                    {
                        "lang": e.lang,
                        "title": e.title,
                        "description": e.description,
                        "issuer": e.issuer,
                        "original": e.original,
                    }
                    for e in self.editions
                ],
            },
            "files": [f.to_json() for f in self.files],
        }
        if self.settings:
            # Sorted: a format's settings read back from the build state come in another order.
            data["settings"] = {
                name: dict(sorted(values.items())) for name, values in self.settings.items()
            }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def manifest_for(
    release: Release,
    artifacts: Sequence[Artifact],
    settings: Mapping[str, Mapping[str, str | None]] | None = None,
) -> Manifest:
    """The manifest of a release and the files written for it, sorted by path."""
    editions = []
    for edition in release.editions:
        lede = next((b for b in edition.blocks if isinstance(b, Paragraph)), None)
        description = edition.summary or (plain_text(lede.children) if lede else edition.title)
        editions.append(
            EditionEntry(
                lang=edition.lang,
                title=edition.title,
                description=" ".join(description.split()),
                issuer=release.issuer_in(edition.lang) or None,
                original=edition.is_original,
            )
        )
    empty = Manifest(
        slug=release.slug,
        date=release.date,
        editions=tuple(editions),
        files=(),
        settings=dict(settings or {}),
    )
    return empty.with_files(artifacts)


def read_manifest(path: Path) -> Manifest:
    """A manifest written by :meth:`Manifest.to_json`; PublisherError naming the file if not."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("manifest_version") != MANIFEST_VERSION:
            raise ValueError(f"manifest_version is not {MANIFEST_VERSION}")
        release = data["release"]
        return Manifest(
            slug=_str(release["slug"]),
            date=dt.date.fromisoformat(release["date"]) if release["date"] else None,
            editions=tuple(_edition(e) for e in release["editions"]),
            files=tuple(_file(f) for f in data["files"]),
            generator_version=_str(data["generator"]["version"]),
            settings=_settings(data.get("settings", {})),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise OutputError(
            f"{path}: not a readable manifest ({detail}); rebuild the release to replace it"
        ) from None


def _settings(data: object) -> dict[str, dict[str, str | None]]:
    if not isinstance(data, dict):
        raise TypeError(f"settings must be an object, found {data!r}")
    found: dict[str, dict[str, str | None]] = {}
    for name, values in data.items():
        if not isinstance(values, dict):
            raise TypeError(f"settings of {name} must be an object, found {values!r}")
        found[str(name)] = {str(k): None if v is None else _str(v) for k, v in values.items()}
    return found


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _edition(data: Mapping[str, Any]) -> EditionEntry:
    issuer = data.get("issuer")
    return EditionEntry(
        lang=_str(data["lang"]),
        title=_str(data["title"]),
        description=_str(data["description"]),
        issuer=_str(issuer) if issuer is not None else None,
        original=bool(data.get("original", False)),
    )


def _file(data: Mapping[str, Any]) -> FileEntry:
    size, duration = data["bytes"], data.get("duration_s")
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError(f"bytes must be a whole number, found {size!r}")
    if duration is not None and not isinstance(duration, int | float):
        raise TypeError(f"duration_s must be a number, found {duration!r}")
    return FileEntry(
        path=_str(data["path"]),
        format=_str(data["format"]),
        media_type=_str(data["media_type"]),
        langs=tuple(_str(t) for t in data["lang"]),
        bytes=size,
        sha256=_str(data["sha256"]),
        duration_s=None if duration is None else float(duration),
    )
