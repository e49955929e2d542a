"""The Word reader for ``publisher import``: a .docx -> editions, through mammoth.

mammoth turns the document's styles into semantic HTML (headings, lists, tables, emphasis,
links, images with their alt text, footnotes) and ignores its look; :mod:`.word_html` maps that
HTML onto the model, after :mod:`.word_prepare` has found the main part and taken out what
Word would not show. The first "Title" paragraph, else a leading heading, is the edition's
title; else the document's title property (docProps/core.xml), else the file's name, and every
paragraph is body text (a one-paragraph document is that paragraph). A translation's title is
its first paragraph, as in plain text. A "Subtitle" paragraph is its summary. A
paragraph naming a translation ("English translation", as in plain text) starts the next
edition. The language comes from ``--langs``, else from the document (its core properties, else
its default text language); an office header is release metadata, as in plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers.expat import ExpatError

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.sources.draft import Draft
from publisher.sources.word_html import Converted, convert
from publisher.sources.word_limits import check_archive
from publisher.sources.word_pictures import check_linked_pictures
from publisher.sources.word_prepare import main_part, prepare

MAX_DOCX_BYTES = 50 * 1024 * 1024
"""A press release in Word, photos included, is a few megabytes; larger files are refused."""
_LISTS = "".join(
    f"p:{kind}-list({level}) => {'ul|ol > li > ' * (level - 1)}{tag} > li:fresh\n"
    for level in range(1, 7)
    for kind, tag in (("unordered", "ul"), ("ordered", "ol"))
)
STYLE_MAP = f"""
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
p[style-name='Heading 1'] => h1:fresh
p[style-name='heading 1'] => h1:fresh
p[style-name='Heading 2'] => h2:fresh
p[style-name='heading 2'] => h2:fresh
p[style-name='Heading 3'] => h3:fresh
p[style-name='heading 3'] => h3:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='heading 4'] => h4:fresh
p[style-name='Heading 5'] => h5:fresh
p[style-name='heading 5'] => h5:fresh
p[style-name='Heading 6'] => h6:fresh
p[style-name='heading 6'] => h6:fresh
{_LISTS}p[style-name='Body Text'] => p:fresh
p[style-name='First Paragraph'] => p:fresh
p[style-name='Compact'] => p:fresh
p[style-name='Caption'] => p:fresh
p[style-name='Image Caption'] => p:fresh
p[style-name='Captioned Figure'] => p:fresh
"""
"""Word's built-in styles (stored under their English names whatever the interface language)
that carry meaning beyond mammoth's defaults, and the body styles pandoc and office suites
write, which are plain paragraphs unless numbered: headings and list paragraphs (by their
numbering, whatever their style: pandoc's lists are in "Compact") are matched before them."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an OLE compound file begins: a Word 97-2003 .doc, or a password-protected .docx."""
IMAGE_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
_LANG = re.compile(rb"<w:lang\b[^>]*\bw:val=\"([^\"]+)\"")
_CORE_LANG = re.compile(rb"<dc:language>([^<]+)</dc:language>")


@dataclass(frozen=True, slots=True)
class WordImport:
    """What a .docx gives: its editions, its images by release path, and mammoth's warnings."""

    drafts: list[Draft]
    images: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def package_bytes(path: Path, kind: str) -> bytes:
    """The bytes of the office file at ``path`` (``kind``: "a .docx"), within the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise SourceError(
                path, f"is {size / 1e6:.0f} MB; {kind} may be at most {MAX_DOCX_BYTES >> 20} MB"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None


def read_docx(
    path: Path, langs: Sequence[str], split: str | None, image_start: int = 1
) -> WordImport:
    """The editions of one .docx; ``langs`` tags them in order (else the document's language).

    Images are named ``images/image<n>.<ext>`` from ``image_start`` on, so the files of several
    documents do not collide.
    """
    import mammoth  # the converter is loaded only when a Word file is imported

    data = _docx_bytes(path)
    try:
        prepared = prepare(path, data)
    except ET.ParseError as error:
        raise SourceError(
            path,
            f"is damaged and cannot be read as a Word document ({error}); open it in Word or "
            "LibreOffice, save it again as .docx and import that",
        ) from None
    images: dict[str, bytes] = {}
    missing_alt: list[int] = []
    unsupported: list[str] = []

    def image(element: mammoth.documents.Image) -> dict[str, str]:
        number = image_start + len(images) + len(unsupported)
        suffix = IMAGE_SUFFIXES.get(element.content_type or "")
        name = f"images/image{number}{suffix or ''}"
        if suffix is None:
            unsupported.append(f"{name} ({element.content_type})")
            return {"src": name}
        if not (element.alt_text or "").strip():
            missing_alt.append(number)
        with element.open() as stream:
            images[name] = stream.read()
        return {"src": name}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(prepared.data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(image),
            include_default_style_map=True,
            ignore_empty_paragraphs=False,  # kept, so paragraphs are numbered as in Word
        )
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, ExpatError) as error:
        raise SourceError(
            path,
            f"is damaged and cannot be read as a Word document ({error}); open it in Word or "
            "LibreOffice, save it again as .docx and import that",
        ) from None
    if unsupported:
        raise SourceError(
            path,
            f"images in a format the editions cannot show: {', '.join(unsupported)}; in Word, "
            "save each as a PNG or JPEG picture (right-click > Save as Picture) and insert "
            "that instead",
        )
    if missing_alt:
        names = ", ".join(f"image {n}" for n in missing_alt)
        raise SourceError(
            path,
            f"{names} (counting from the start) without alt text: in Word, right-click each "
            "image > View Alt Text, describe what it shows, save and import again",
        )
    tags = list(langs) or [_document_language(path, data)]
    converted = convert(
        result.value, path, tags, split, title=prepared.title, numbers=prepared.numbers
    )
    warnings = [f"{path}: {message.message}" for message in result.messages]
    warnings = prepared.warnings + warnings + converted.warnings
    return WordImport(_drafts(converted, path), images, warnings)


def _drafts(converted: Converted, path: Path) -> list[Draft]:
    if not converted.drafts:
        raise SourceError(path, "the document has no text")
    return converted.drafts


def _docx_bytes(path: Path) -> bytes:
    """The file's bytes, refused with what to do when it is not a .docx publisher can read."""
    if path.suffix.lower() == ".doc":
        raise SourceError(
            path,
            "is a Word 97-2003 .doc file: open it in Word or LibreOffice, save it as "
            "Word Document (.docx) and import that",
        )
    data = package_bytes(path, "a .docx")
    if not data:
        raise SourceError(path, "is empty (0 bytes): save the document again from Word")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SourceError(
                path,
                "is protected with a password: in Word, File > Info > Protect Document > "
                "Encrypt with Password, clear the password, save and import again",
            )
        raise SourceError(
            path,
            "is a Word 97-2003 document saved under a .docx name: open it in Word or "
            "LibreOffice, save it as Word Document (.docx) and import that",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main_part(path, archive)  # named by _rels/.rels, as Word finds it
            check_archive(path, archive)  # before anything parses a part
            check_linked_pictures(path, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise SourceError(
            path, "is not a Word .docx file (a .docx is a zip archive; this is not one)"
        ) from None
    return data


def _document_language(path: Path, data: bytes) -> str:
    """The language the document says it is in: core properties, else its default text language."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found: list[bytes] = []
        if "docProps/core.xml" in archive.namelist():
            found += _CORE_LANG.findall(archive.read("docProps/core.xml"))
        if "word/styles.xml" in archive.namelist():
            styles = archive.read("word/styles.xml")
            defaults = styles.split(b"</w:docDefaults>", 1)[0] if b"docDefaults" in styles else b""
            found += _LANG.findall(defaults)
    for raw in found:
        try:
            return normalize_tag(raw.decode("utf-8", "replace").strip())
        except ValueError:
            continue
    raise SourceError(path, "the document does not say its language: give --langs es-PE,en")
