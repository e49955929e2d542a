"""The words a Word or OpenDocument file holds, read straight from its XML text nodes.

Written apart from the importer (zipfile and xml.etree only, no mammoth), so the corpus test
compares the importer against an independent reading: every ``w:t`` of the main part, the
footnotes and the endnotes of a .docx, every text node of an .odt's body and notes. What Word
or LibreOffice would not show is left out: deleted text of tracked changes (``w:delText``,
``text:tracked-changes``), hidden text (``w:vanish``, ``text:display="none"``), the fallback copy
of a text box (``mc:Fallback``) and the note marks the program numbers itself.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """The words of ``text``, lower case, counted."""
    return Counter(w.lower() for w in WORD.findall(text))


def file_words(path: Path) -> Counter[str]:
    """The words ``path`` (.docx or .odt) shows a reader."""
    with zipfile.ZipFile(path) as archive:
        if path.suffix == ".odt":
            return words(_odt_text(archive.read("content.xml")))
        names = archive.namelist()
        text = [
            _docx_text(archive.read(name))
            for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
            if name in names
        ]
    return words(" ".join(text))


def _docx_text(xml: bytes) -> str:
    out: list[str] = []

    def walk(element: ET.Element, hidden: bool) -> None:
        if element.tag == f"{MC}Fallback":
            return
        if element.tag == f"{W}r":
            props = element.find(f"{W}rPr")
            vanish = props.find(f"{W}vanish") if props is not None else None
            hidden = vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false")
        if element.tag == f"{W}t" and not hidden:
            out.append(element.text or "")
        if element.tag in (f"{W}p", f"{W}tab", f"{W}br", f"{W}tc"):
            out.append(" ")
        for child in element:
            walk(child, hidden)

    walk(ET.fromstring(xml), False)
    return "".join(out)


def _odt_text(xml: bytes) -> str:
    root = ET.fromstring(xml)
    hidden_styles = {
        style.get(f"{STYLE}name")
        for style in root.iter(f"{STYLE}style")
        for props in style.iter(f"{STYLE}text-properties")
        if props.get(f"{TEXT}display") == "none"
    }
    out: list[str] = []

    def walk(element: ET.Element) -> None:
        if element.tag in (f"{TEXT}tracked-changes", f"{TEXT}note-citation"):
            return
        if element.get(f"{TEXT}style-name") in hidden_styles and element.tag == f"{TEXT}span":
            out.append(element.tail or "")
            return
        block = element.tag in (f"{TEXT}p", f"{TEXT}h", f"{TEXT}note-body")
        out.append(" " if block else "")
        out.append(element.text or "")
        if element.tag in (f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break"):
            out.append(" ")
        for child in element:
            walk(child)
        out.append(" " if block else "")
        out.append(element.tail or "")

    body = root.find(f"{OFFICE}body")
    if body is not None:
        walk(body)
    return "".join(out)
