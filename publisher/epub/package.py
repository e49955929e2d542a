"""From an ebooklib book to the EPUB file: package fix-ups and a reproducible zip.

ebooklib writes the package document, the NCX and the container; this module then sets what
ebooklib cannot (``xml:lang`` on ``<package>``) and writes the zip again with the mimetype
first and stored, entries in a fixed order, fixed timestamps and fixed permissions, so the
same book always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Collection
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from ebooklib import epub

from publisher.clock import zip_time
from publisher.epub.metadata import XML_LANG

OPF_NS = "http://www.idpf.org/2007/opf"
"""Namespace of the package document."""
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
"""Namespace of META-INF/container.xml."""
MIMETYPE = b"application/epub+zip"
"""Content of the ``mimetype`` entry, which must come first, uncompressed."""
FILE_MODE = 0o100644
"""Unix permissions recorded for every entry (a regular file, rw-r--r--)."""


def verbatim_document(uid: str, file_name: str, content: bytes, lang: str) -> epub.EpubHtml:
    """An XHTML item ebooklib writes as given (it would otherwise re-serialise the body)."""
    item = _Verbatim(uid=uid, file_name=file_name, lang=lang)
    item.content = content
    return item


class _Verbatim(epub.EpubHtml):  # type: ignore[misc]
    """An EpubHtml whose content is already a complete XHTML document."""

    def get_content(self, default: bytes | None = None) -> bytes:
        content: bytes = self.content
        return content


def package_path(container_xml: bytes) -> str:
    """The package document's path, as META-INF/container.xml names it."""
    rootfile = ElementTree.fromstring(container_xml).find(f".//{{{CONTAINER_NS}}}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise ValueError("container.xml names no package document")
    return str(rootfile.get("full-path"))


def fix_package(opf: bytes, lang: str) -> bytes:
    """The package document with ``xml:lang`` on ``<package>``: the publication's language.

    Only the start tag changes; the rest stays as ebooklib serialised it.
    """
    root = ElementTree.fromstring(opf)
    if root.tag != f"{{{OPF_NS}}}package" or XML_LANG in root.attrib:
        raise ValueError("not a package document without xml:lang")
    attribute = f'<package xml:lang="{escape(lang, quote=True)}" '.encode()
    fixed = opf.replace(b"<package ", attribute, 1)
    if ElementTree.fromstring(fixed).get(XML_LANG) != lang:
        raise ValueError("could not set xml:lang on <package>")
    return fixed


def write_book(
    book: epub.EpubBook,
    target: Path,
    *,
    lang: str,
    modified: dt.datetime,
    zip_time: dt.datetime,
    compresslevel: int = 9,
    stored: Collection[str] = (),
) -> None:
    """Write ``book`` to ``target`` as a reproducible EPUB whose package is in ``lang``.

    ``stored`` names items (by path relative to the package document) kept uncompressed:
    audio, which deflate cannot shrink and a reading system seeks in.
    """
    raw = io.BytesIO()
    options = {
        "epub2_guide": False,
        "epub3_landmark": False,
        "epub3_pages": False,
        "mtime": modified.astimezone(dt.UTC),
        "raise_exceptions": True,
        "compresslevel": compresslevel,
    }
    epub.write_epub(raw, book, options)
    with zipfile.ZipFile(raw) as written:
        entries = {info.filename: written.read(info) for info in written.infolist()}
    opf = package_path(entries["META-INF/container.xml"])
    entries[opf] = fix_package(entries[opf], lang)
    folder = opf.rpartition("/")[0]
    names = {f"{folder}/{href}" if folder else href for href in stored}
    write_zip(entries, target, zip_time, compresslevel, names)


def write_zip(
    entries: dict[str, bytes],
    target: Path,
    when: dt.datetime,
    compresslevel: int = 9,
    stored: Collection[str] = (),
) -> None:
    """An EPUB zip: ``mimetype`` first and stored, then ``entries`` in their order, deflated.

    Entries named in ``stored`` are stored too.
    """
    stamp = zip_time(when.astimezone(dt.UTC))
    rest = [(name, data) for name, data in entries.items() if name != "mimetype"]
    with zipfile.ZipFile(target, "w") as out:
        for name, data in [("mimetype", MIMETYPE), *rest]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            if name == "mimetype" or name in stored:
                info.compress_type = zipfile.ZIP_STORED
                out.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, data, compresslevel=compresslevel)
