"""Releases and helpers shared by the EPUB tests."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest

from publisher.epub.writer import EpubOptions, write_epub
from publisher.model import Release
from publisher.validate import ValidatorMissing

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{NS['epub']}}}type"

RICH_YAML = (
    "original: es-PE\n"
    "issuer:\n  es: Presidencia del Consejo de Ministros\n"
    "  en: Presidency of the Council of Ministers\n"
    "date: 2023-03-15\n"
    "identifiers: {press-office: NP-123}\n"
)
RICH_ES = """---
title: Título de prueba
lang: es-PE
summary: Un resumen breve.
---

## Primera sección

Un párrafo con *énfasis* y un saludo en quechua: [Allin p'unchaw]{lang=qu}.

![Mapa de la provincia de Purús](mapa.png)

### Detalle

- Uno
- Dos

> Una cita.

| Región | Localidades |
| --- | --- |
| Ucayali | 14 |
"""
RICH_EN = """---
title: Test title
lang: en
summary: A short summary.
---

## First section

A paragraph with *emphasis* and a greeting in Quechua: [Allin p'unchaw]{lang=qu}.

![Map of the province of Purús](mapa.png)

### Detail

- One
- Two

> A quote.

| Region | Localities |
| --- | --- |
| Ucayali | 14 |
"""


def tiny_png() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def rich_files() -> dict[str, str | bytes | None]:
    """A release with issuer, date, sections, an image, a list, a quote and a table."""
    return {"release.yaml": RICH_YAML, "es.md": RICH_ES, "en.md": RICH_EN, "mapa.png": tiny_png()}


def build_three(
    release: Release, folder: Path, options: EpubOptions | None = None
) -> dict[str, Path]:
    """The EPUBs the build writes for a release: one per edition, then the bilingual one."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for edition in release.editions:
        paths[edition.primary_language] = folder / f"{release.slug}.{edition.primary_language}.epub"
        write_epub(release, [edition], paths[edition.primary_language], options)
    paths["bilingual"] = folder / f"{release.slug}.bilingual.epub"
    write_epub(release, list(release.editions), paths["bilingual"], options)
    return paths


def read_xml(epub: Path, name: str) -> ElementTree.Element:
    """One XML entry of an EPUB, parsed."""
    with zipfile.ZipFile(epub) as book:
        return ElementTree.fromstring(book.read(name))


def rewrite(epub: Path, target: Path, changes: dict[str, tuple[bytes, bytes]]) -> Path:
    """A copy of ``epub`` with ``old -> new`` byte replacements in the named entries."""
    with zipfile.ZipFile(epub) as book, zipfile.ZipFile(target, "w") as out:
        for info in book.infolist():
            data = book.read(info)
            if info.filename in changes:
                old, new = changes[info.filename]
                assert old in data, f"{old!r} not in {info.filename}"
                data = data.replace(old, new)
            out.writestr(info, data)
    return target


def require(*ensures: Callable[[], None]) -> None:
    """Fail (in CI) or skip (elsewhere) unless every validator can run here."""
    for ensure in ensures:
        try:
            ensure()
        except ValidatorMissing as missing:
            if os.environ.get("CI"):
                pytest.fail(f"{missing} (every validator must run in CI)")
            pytest.skip(str(missing))


def write_release(folder: Path, files: dict[str, str | bytes | None]) -> Path:
    """A release folder holding ``files`` (module-scoped fixtures cannot use make_release)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is not None:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / name).write_bytes(data)
    return folder
