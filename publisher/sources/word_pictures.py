"""Pictures a Word document links to instead of holding: refused by paragraph, with what to do.

Word can insert a picture as a link to a file on the author's computer (Insert > Pictures >
Link to File). The document then holds only the file's address, which no one else can open.
Such a picture is found before conversion: an external image relationship in
``word/_rels/document.xml.rels``, used by a ``<a:blip r:link>`` (or a legacy ``<v:imagedata>``)
in ``word/document.xml``, whose paragraphs are counted on the way. Both parts are read only
after :mod:`.word_limits` has checked them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from publisher.errors import SourceError

DOCUMENT = "word/document.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W_P = "http://schemas.openxmlformats.org/wordprocessingml/2006/main p"
_BLIP = "http://schemas.openxmlformats.org/drawingml/2006/main blip"
_VML_IMAGE = "urn:schemas-microsoft-com:vml imagedata"


def check_linked_pictures(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse ``path`` if a picture in its body is linked to a file rather than embedded."""
    linked = _external_images(archive)
    if not linked:
        return
    found = _first_use(archive, linked)
    if found is None:
        return
    paragraph, target = found
    shown = target if len(target) <= 70 else "..." + target[-67:]
    raise SourceError(
        path,
        f"paragraph {paragraph}: the picture is linked to an outside file ({shown}), not "
        "embedded in the document, so it cannot be imported: in Word, delete it and insert it "
        "again with Insert > Pictures > This Device (not 'Link to File'), or in File > Info > "
        "Edit Links to Files tick 'Save picture in document'; save and import again",
    )


def _external_images(archive: zipfile.ZipFile) -> dict[str, str]:
    """The document's relationships to pictures outside it: id -> the file's address."""
    try:
        root = ElementTree.fromstring(archive.read(RELATIONSHIPS))
    except (KeyError, ElementTree.ParseError):
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in root.iter(_PACKAGE)
        if rel.get("Type") == _IMAGE and rel.get("TargetMode") == "External"
    }


class _Found(Exception):
    """The first linked picture: parsing stops there."""

    def __init__(self, paragraph: int, target: str) -> None:
        super().__init__(paragraph, target)
        self.paragraph = paragraph
        self.target = target


def _first_use(archive: zipfile.ZipFile, linked: dict[str, str]) -> tuple[int, str] | None:
    """(paragraph number, address) of the first linked picture in the body, else None."""
    parser = expat.ParserCreate(namespace_separator=" ")
    paragraphs = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal paragraphs
        if tag == _W_P:
            paragraphs += 1
        elif (ident := _link_of(tag, attributes)) in linked:
            raise _Found(paragraphs, linked[ident or ""])

    parser.StartElementHandler = start
    try:
        with archive.open(DOCUMENT) as stream:
            parser.ParseFile(stream)
    except _Found as found:
        return found.paragraph, found.target
    except (KeyError, expat.ExpatError):
        pass  # mammoth reports a document it cannot read
    return None


def _link_of(tag: str, attributes: dict[str, str]) -> str | None:
    """The relationship a picture element names for a file outside the document, if any."""
    if tag == _BLIP and f"{_R} embed" not in attributes:
        return attributes.get(f"{_R} link")
    if tag == _VML_IMAGE:
        return attributes.get(f"{_R} id")
    return None
