"""Limits a .docx must keep before mammoth reads it: a small file cannot claim gigabytes.

A .docx is a zip of XML parts. mammoth builds a DOM of every part it reads, at about 1 KB of
memory and tens of microseconds per element or attribute, so a few hundred kilobytes of
repeated, nested or entity-expanding XML can take gigabytes and minutes. :func:`check_archive`
reads every member of the zip in chunks, counting what it really unpacks (the sizes the zip
declares are checked first, but not trusted), and runs each XML part through a streaming parser
that counts elements, attributes and depth and refuses a DOCTYPE (Word writes none; entities are
how XML expands). It stops at the first limit passed, so its memory is one chunk whatever the
file. The limits are far above what a press release, or a report of a hundred pages, needs.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from publisher.errors import SourceError

MB = 1024 * 1024
MAX_ENTRIES = 1000
"""Parts in the zip: Word writes about 15, plus one per picture."""
MAX_UNPACKED_BYTES = 100 * MB
"""All parts unpacked: the pictures (which do not compress) and the XML."""
MAX_PART_BYTES = 16 * MB
"""One XML part unpacked; a 100-page report's document.xml is a few megabytes."""
MAX_XML_BYTES = 32 * MB
"""All XML parts unpacked together."""
MAX_RATIO = 100
"""Unpacked over packed size, for a part over 1 MB unpacked (Word's XML packs about 10:1)."""
RATIO_FROM_BYTES = MB
MAX_ELEMENTS = 100_000
"""Elements in all XML parts: a two-page release has about 2,000, a 100-page report 60,000."""
MAX_ATTRIBUTES = 200_000
"""Attributes in all XML parts (Word writes one or two per element)."""
MAX_DEPTH = 64
"""Nesting of elements; Word's deepest (a text box in a table in a table) is about 30, and
mammoth's reader recurses once per level."""
CHUNK = 64 * 1024


@dataclass(slots=True)
class _Counts:
    """What has been unpacked so far, over the whole archive."""

    unpacked: int = 0
    xml: int = 0
    elements: int = 0
    attributes: int = 0


class _Refused(Exception):
    """A limit was passed inside a part (raised from the parser's handlers)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse ``path`` (SourceError naming the part and the limit) if it passes a limit."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        _refuse(path, None, f"holds {len(entries)} parts; the limit is {MAX_ENTRIES}")
    declared = sum(info.file_size for info in entries)
    if declared > MAX_UNPACKED_BYTES:
        _refuse(path, None, f"unpacks to {_mb(declared)}; the limit is {_mb(MAX_UNPACKED_BYTES)}")
    for info in entries:
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            _refuse(
                path,
                info.filename,
                f"is packed {ratio} to 1; the limit is {MAX_RATIO} to 1",
            )
    counts = _Counts()
    for info in entries:
        _check_member(path, archive, info, counts)


def _check_member(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, counts: _Counts
) -> None:
    """Unpack one member in chunks, counting; an XML part goes through the streaming parser."""
    parser: expat.XMLParserType | None = None
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                if size == 0 and _looks_like_xml(chunk):
                    parser = _parser(info.filename, counts)
                size += len(chunk)
                counts.unpacked += len(chunk)
                if counts.unpacked > MAX_UNPACKED_BYTES:
                    _refuse(
                        path, None, f"unpacks to more than {_mb(MAX_UNPACKED_BYTES)}, the limit"
                    )
                if parser is None:
                    continue
                counts.xml += len(chunk)
                if size > MAX_PART_BYTES:
                    _refuse(
                        path,
                        info.filename,
                        f"unpacks to more than {_mb(MAX_PART_BYTES)}, the limit for one part",
                    )
                if counts.xml > MAX_XML_BYTES:
                    _refuse(
                        path, info.filename, f"takes the XML past {_mb(MAX_XML_BYTES)}, the limit"
                    )
                parser = _feed(parser, chunk)
            if parser is not None:
                _feed(parser, b"", final=True)
    except _Refused as refused:
        _refuse(path, info.filename, refused.message)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise SourceError(
            path,
            f"is damaged: its part {info.filename} cannot be unpacked ({error}); open it in Word "
            "or LibreOffice, save it again as .docx and import that",
        ) from None


def _feed(
    parser: expat.XMLParserType, chunk: bytes, *, final: bool = False
) -> expat.XMLParserType | None:
    """Parse a chunk; None once the part proves not to be XML.

    A part that is not well-formed was counted up to where it breaks, as far as mammoth would
    read it too: it is left to mammoth, which reports a document it cannot read as damaged.
    """
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError:
        return None
    return parser


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part may be XML: its first byte, past byte-order marks and blanks, is '<'.

    Pictures and fonts never begin so; UTF-16 XML ('<' then a zero byte) does.
    """
    rest = head.lstrip(b"\xef\xbb\xbf\xfe\xff \t\r\n\x00")
    return not rest or rest.startswith(b"<")


def _parser(name: str, counts: _Counts) -> expat.XMLParserType:
    """A streaming parser that counts into ``counts`` and refuses past the limits."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    picture = name.lower().endswith(".svg")

    def start(tag: str, attributes: list[str]) -> None:
        nonlocal depth
        depth += 1
        counts.elements += 1
        counts.attributes += len(attributes) // 2
        if depth > MAX_DEPTH:
            raise _Refused(f"nests elements more than {MAX_DEPTH} deep, the limit")
        if counts.elements > MAX_ELEMENTS:
            raise _Refused(f"takes the document past {MAX_ELEMENTS:,} XML elements, the limit")
        if counts.attributes > MAX_ATTRIBUTES:
            raise _Refused(f"takes the document past {MAX_ATTRIBUTES:,} XML attributes, the limit")

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal or not picture:  # a picture's DOCTYPE may name its DTD, never define one
            raise _Refused(
                "declares a DOCTYPE, which Word never writes and which can define entities"
            )

    def entity(*_: object) -> None:
        raise _Refused("declares an XML entity, which Word never writes")

    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    return parser


def _refuse(path: Path, part: str | None, problem: str) -> NoReturn:
    where = f"its part {part} " if part is not None else ""
    raise SourceError(
        path,
        f"{where}{problem} (a small file can be made to take gigabytes of memory so); if it is a "
        "real document, open it in Word or LibreOffice, save it again as .docx and import that, "
        "or split it",
    )


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB"
