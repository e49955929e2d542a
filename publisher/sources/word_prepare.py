"""A .docx made ready for mammoth: its main part found, and what Word would not show taken out.

mammoth reads the main part a package names in ``_rels/.rels``; this module finds it the same
way (so a valid package whose main part is not ``word/document.xml`` is read), and rewrites it
before mammoth sees it:

- hidden text (``w:vanish``) is dropped, with a warning: Word does not print or show it;
- tracked changes are read as Word's "Accept All" shows them (insertions and moves kept,
  deletions and the old place of a move dropped; mammoth already joins a paragraph whose mark
  was deleted), with a warning that the file had them;
- comments are dropped (mammoth leaves them out), with a warning;
- a simple field (``w:fldSimple``: a DATE, a page number) is its result, as Word shows it
  (mammoth keeps the results of complex fields itself, but drops simple ones);
- a chart, SmartArt diagram, embedded object or embedded HTML/RTF part (``w:altChunk``), which
  the model cannot hold, is refused with what to do, never left out silently.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from publisher.errors import SourceError
from publisher.sources.word_numbering import ordered_numbers

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_W = f"{{{W}}}"
UNHELD = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "a chart",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "a chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "a SmartArt diagram",
}
"""Drawings the model cannot hold, by the kind of their graphic data."""


@dataclass(slots=True)
class Prepared:
    """The package for mammoth, the document's title property and what was left out."""

    data: bytes
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """The number Word shows on each ordered-list paragraph, in document order."""


def main_part(path: Path, archive: zipfile.ZipFile) -> str:
    """The main document part the package names (``_rels/.rels``), else word/document.xml."""
    names = set(archive.namelist())
    target = _related(archive, "_rels/.rels", OFFICE_DOCUMENT)
    name = target or "word/document.xml"
    if name not in names:
        raise SourceError(
            path,
            f"is a zip archive but not a Word document (no main document part: {name}); "
            "open it in Word or LibreOffice, save it as Word Document (.docx) and import that",
        )
    return name


def prepare(path: Path, data: bytes) -> Prepared:
    """``data`` (a package that passed the limits) made ready for mammoth."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = main_part(path, archive)
        title = _core_title(archive)
        document = archive.read(name)
        warnings: list[str] = []
        folder = posixpath.dirname(name)
        styles = _part(archive, posixpath.join(folder, "styles.xml"))
        root, changed = _rewrite(path, document, warnings, _hidden_styles(styles))
        numbers = ordered_numbers(
            root,
            _part(archive, posixpath.join(folder, "numbering.xml")),
            styles,
        )
        if archive.namelist().count(name) != 1 or not changed:
            return Prepared(data, title, warnings, numbers)
        rewritten = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ET.tostring(root)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                body = rewritten if info.filename == name else archive.read(info)
                copy.writestr(info, body)
    return Prepared(out.getvalue(), title, warnings, numbers)


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    return archive.read(name) if name in archive.namelist() else None


def _rewrite(
    path: Path, document: bytes, warnings: list[str], hidden_styles: frozenset[str] = frozenset()
) -> tuple[ET.Element, bool]:
    """The main part without hidden text and with changes accepted; whether it changed."""
    for prefix, uri in _namespaces(document):
        if not prefix:  # a default namespace would be written for attributes too: left as ns0
            continue
        try:
            ET.register_namespace(prefix, uri)
        except ValueError:  # a prefix ElementTree keeps for itself (ns0...): left as it writes
            continue
    root = ET.fromstring(document)
    _refuse_unheld(path, root)
    parents = {child: parent for parent in root.iter() for child in parent}
    hidden = [r for r in root.iter(f"{_W}r") if _hidden(r, hidden_styles)]
    for run in hidden:
        parents[run].remove(run)
    moved = list(root.iter(f"{_W}moveFrom"))
    for element in moved:
        parents[element].remove(element)
    changes = len(moved) + sum(
        1 for tag in ("ins", "del", "moveTo") for _ in root.iter(f"{_W}{tag}")
    )
    for tag in ("moveTo",):  # mammoth reads w:ins itself; a move's new place is read the same
        for element in list(root.iter(f"{_W}{tag}")):
            _unwrap(element, parents)
    fields = list(root.iter(f"{_W}fldSimple"))
    for element in fields:  # a simple field (DATE, PAGE...): its last result, as Word shows it
        _unwrap(element, parents)
    comments = sum(1 for _ in root.iter(f"{_W}commentReference"))
    if hidden:
        warnings.append(
            f"{path}: {len(hidden)} pieces of text formatted as hidden were left out (Word "
            "neither shows nor prints them); unhide them in Word if they belong to the release"
        )
    if changes:
        warnings.append(
            f"{path}: the document has tracked changes; imported as Word's Review > Accept All "
            "shows it: check the text, or accept or reject the changes in Word and import again"
        )
    if comments:
        warnings.append(
            f"{path}: {comments} comment(s) left out of the release (comments are notes to "
            "the authors, not text of the release)"
        )
    return root, bool(hidden or moved or changes or fields)


def _refuse_unheld(path: Path, root: ET.Element) -> None:
    for element in root.iter():
        kind = None
        if element.tag == "{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData":
            kind = UNHELD.get(element.get("uri", ""))
        elif element.tag in (f"{_W}object", f"{_W}embed"):
            kind = "an embedded object"
        elif element.tag == f"{_W}altChunk":
            raise SourceError(
                path,
                "holds an embedded HTML or RTF part that publisher cannot read: in Word, copy "
                "that part, paste it as text (Paste Special > Unformatted Text), save and "
                "import again",
            )
        if kind is not None:
            raise SourceError(
                path,
                f"holds {kind}, which the release cannot show: in Word, copy it, paste it as "
                "a picture (Paste Special > Picture (PNG)), give it alt text that says what "
                "it shows, save and import again",
            )


def _hidden(run: ET.Element, hidden_styles: frozenset[str]) -> bool:
    """Whether a run is hidden, by its own formatting or by its character style's."""
    props = run.find(f"{_W}rPr")
    if props is None:
        return False
    vanish = props.find(f"{_W}vanish")
    if vanish is not None:
        return _on(vanish)
    style = props.find(f"{_W}rStyle")
    return style is not None and style.get(f"{_W}val", "") in hidden_styles


def _on(toggle: ET.Element) -> bool:
    return toggle.get(f"{_W}val", "true") not in ("0", "false", "off")


def _hidden_styles(styles: bytes | None) -> frozenset[str]:
    """The character styles (by id) that hide their text."""
    if styles is None:
        return frozenset()
    found: set[str] = set()
    for style in ET.fromstring(styles).iter(f"{_W}style"):
        vanish = style.find(f"{_W}rPr/{_W}vanish")
        if style.get(f"{_W}type") == "character" and vanish is not None and _on(vanish):
            found.add(style.get(f"{_W}styleId", ""))
    return frozenset(found)


def _unwrap(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    parent = parents[element]
    index = list(parent).index(element)
    parent.remove(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
        parents[child] = parent


def _namespaces(document: bytes) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for _, (prefix, uri) in ET.iterparse(io.BytesIO(document), events=("start-ns",)):
        found.append((prefix, uri))
    return found


def _related(archive: zipfile.ZipFile, rels: str, kind: str) -> str | None:
    """The part a package relationship of ``kind`` points to, as a name in the zip."""
    if rels not in archive.namelist():
        return None
    root = ET.fromstring(archive.read(rels))
    for relation in root.iter(f"{{{RELS}}}Relationship"):
        if relation.get("Type") == kind and relation.get("TargetMode") != "External":
            target = relation.get("Target", "")
            return posixpath.normpath(target.lstrip("/")) if target else None
    return None


def _core_title(archive: zipfile.ZipFile) -> str | None:
    name = _related(archive, "_rels/.rels", CORE) or "docProps/core.xml"
    if name not in archive.namelist():
        return None
    try:
        element = ET.fromstring(archive.read(name)).find(DC_TITLE)
    except ET.ParseError:
        return None
    text = re.sub(r"\s+", " ", element.text or "").strip() if element is not None else ""
    return text or None
