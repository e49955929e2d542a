"""The OpenDocument reader for ``publisher import``: an .odt -> editions, through the Word seam.

An .odt is a zip of XML parts like a .docx; its body is read here with the standard library's
ElementTree (no new dependency, no office suite run) and written as the small HTML mammoth
writes for a .docx: ``h1``-``h6``, ``p``, ``ul``/``ol``/``li`` (with ``start``), ``table``
(``colspan``/``rowspan``), ``strong``, ``em``, ``s``, ``sup``, ``sub``, ``a``, ``img``, ``br``,
bookmarks as ``<a id>``, note calls ``<sup><a href="#footnote-...">`` and the notes as a last
``<ol>``. :mod:`.word_html` then maps it onto the model exactly as for Word, so an .odt keeps
what a .docx keeps: title rules, notes with distinct numbers, merged cells in their columns,
internal links, text boxes (their paragraphs after the paragraph that holds them). Hidden text
and the deleted text of tracked changes are left out with a warning; a chart or embedded object
is refused. The zip passes the same limits as a .docx (:mod:`.word_limits`) before any part is
parsed.
"""

from __future__ import annotations

import html
import io
import posixpath
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.sources.word import IMAGE_SUFFIXES, WordImport, package_bytes
from publisher.sources.word_html import convert
from publisher.sources.word_limits import check_archive

MIMETYPE = b"application/vnd.oasis.opendocument.text"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
CONTAINERS = frozenset(
    f"{TEXT}{name}" for name in ("section", "index-body", "table-of-content", "index-title")
)
"""Blocks that hold paragraphs: read through."""
SIMPLE = {f"{TEXT}tab": " ", f"{TEXT}line-break": "<br>"}
SKIPPED = frozenset(
    (
        f"{OFFICE}annotation",
        f"{OFFICE}annotation-end",
        f"{TEXT}change",
        f"{TEXT}change-start",
        f"{TEXT}change-end",
        f"{TEXT}bookmark-end",
        f"{TEXT}soft-page-break",
    )
)
"""Comments, tracked-change marks (the deleted text is kept apart) and layout marks."""
SUFFIX_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


@dataclass(slots=True)
class _Style:
    parent: str | None = None
    display: str | None = None
    bold: bool = False
    italic: bool = False
    strike: bool = False
    position: str | None = None
    hidden: bool = False


@dataclass(slots=True)
class _Writer:
    path: Path
    archive: zipfile.ZipFile
    styles: dict[str, _Style]
    lists: dict[str, dict[int, tuple[bool, int]]]
    """List style -> level -> (numbered, start)."""
    image_start: int
    out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    missing_alt: list[int] = field(default_factory=list)
    hidden: int = 0
    comments: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    """List style -> items numbered so far at the first level (for continued lists)."""
    last_list: tuple[str, int] = ("", -1)
    """The style of the last top-level list and where it ended in the output."""

    # --- blocks -----------------------------------------------------------------------------

    def blocks(self, parent: ET.Element, out: list[str]) -> None:
        for child in parent:
            self.block(child, out)

    def block(self, element: ET.Element, out: list[str]) -> None:
        tag = element.tag
        if tag == f"{TEXT}h":
            level = min(6, max(1, _int(element.get(f"{TEXT}outline-level"), 1)))
            self.paragraph(element, f"h{level}", out)
        elif tag == f"{TEXT}p":
            chain = self.chain(element.get(f"{TEXT}style-name"))
            if "Title" in chain:
                self.paragraph(element, 'h1 class="title"', out)
            elif "Subtitle" in chain:
                self.paragraph(element, 'p class="subtitle"', out)
            elif "Quotations" in chain:
                out.append("<blockquote>")
                self.paragraph(element, "p", out)
                out.append("</blockquote>")
            else:
                self.paragraph(element, "p", out)
        elif tag == f"{TEXT}list":
            self.list_block(element, out, 1, element.get(f"{TEXT}style-name"))
        elif tag == f"{TABLE}table":
            self.table(element, out)
        elif (
            tag in (f"{TEXT}section", f"{TEXT}index-body", f"{TEXT}table-of-content")
            or tag == f"{TEXT}index-title"
        ):
            self.blocks(element, out)

    def paragraph(self, element: ET.Element, tag: str, out: list[str]) -> None:
        boxes: list[str] = []
        inline = self.inlines(element, boxes)
        name = tag.split(maxsplit=1)[0]
        out.append(f"<{tag}>{inline}</{name}>")
        out += boxes

    def list_block(
        self, element: ET.Element, out: list[str], level: int, style: str | None
    ) -> None:
        style = element.get(f"{TEXT}style-name") or style
        items = [i for i in element if i.tag in (f"{TEXT}list-item", f"{TEXT}list-header")]
        if self.sublists(items, out, level, style):
            return
        numbered, start = self.lists.get(style or "", {}).get(level, (False, 1))
        tag = "ol" if numbered else "ul"
        key = style or ""
        continued = element.get(f"{TEXT}continue-numbering") == "true" or element.get(
            f"{TEXT}continue-list"
        )
        if level == 1 and numbered:
            if continued and key in self.counters:
                start = self.counters[key] + 1
            first = items[0].get(f"{TEXT}start-value") if items else None
            start = _int(first, start)
            self.counters[key] = start + len(items) - 1
        joined = (
            level == 1
            and bool(continued)
            and self.last_list == (key, len(out))
            and out[-1] == f"</{tag}>"
        )
        if joined:  # a list continued right after its first part: one list, as in Word
            out.pop()
        else:
            out.append(f'<{tag} start="{start}">' if numbered else f"<{tag}>")
        for item in items:
            if _only_lists(item) and out[-1] == "</li>":  # an item holding only a sublist
                out.pop()
            else:
                out.append("<li>")
            for child in item:
                if child.tag == f"{TEXT}list":
                    self.list_block(child, out, level + 1, style)
                else:
                    self.block(child, out)
            out.append("</li>")
        out.append(f"</{tag}>")
        if level == 1:
            self.last_list = (key, len(out))

    def sublists(
        self, items: list[ET.Element], out: list[str], level: int, style: str | None
    ) -> bool:
        """Put sublists LibreOffice wrote as a list of their own under the item before them."""
        if not items or not all(_only_lists(i) for i in items):
            return False
        if out[-2:] not in (["</li>", "</ol>"], ["</li>", "</ul>"]):
            return False
        closing = out[-2:]
        del out[-2:]
        for item in items:
            for child in item:
                self.list_block(child, out, level + 1, style)
        out += closing
        if level == 1:
            self.last_list = (self.last_list[0], len(out))
        return True

    def table(self, element: ET.Element, out: list[str]) -> None:
        out.append("<table>")
        for row in element.iter(f"{TABLE}table-row"):
            out.append("<tr>")
            for cell in row:
                if cell.tag != f"{TABLE}table-cell":
                    continue  # a covered cell: the merged cell stands for it
                spans = ""
                cols = _int(cell.get(f"{TABLE}number-columns-spanned"), 1)
                rows = _int(cell.get(f"{TABLE}number-rows-spanned"), 1)
                spans += f' colspan="{cols}"' if cols > 1 else ""
                spans += f' rowspan="{rows}"' if rows > 1 else ""
                out.append(f"<td{spans}>")
                self.blocks(cell, out)
                out.append("</td>")
            out.append("</tr>")
        out.append("</table>")

    # --- inlines ----------------------------------------------------------------------------

    def inlines(self, element: ET.Element, boxes: list[str]) -> str:
        parts = [_escape(element.text)]
        for child in element:
            parts.append(self.inline(child, boxes))
            parts.append(_escape(child.tail))
        return "".join(parts)

    def inline(self, element: ET.Element, boxes: list[str]) -> str:
        tag = element.tag
        if tag == f"{OFFICE}annotation":
            self.comments += 1
        if tag in SKIPPED:
            return ""
        if tag in SIMPLE:
            return SIMPLE[tag]
        if tag == f"{TEXT}s":
            return " " * _int(element.get(f"{TEXT}c"), 1)
        if tag == f"{TEXT}span":
            return self.span(element, boxes)
        if tag == f"{TEXT}a":
            href = html.escape(element.get(f"{XLINK}href", ""))
            return f'<a href="{href}">{self.inlines(element, boxes)}</a>'
        if tag in (f"{TEXT}bookmark", f"{TEXT}bookmark-start"):
            return f'<a id="{html.escape(element.get(f"{TEXT}name", ""))}"></a>'
        if tag == f"{TEXT}note":
            return self.note(element)
        if tag == f"{DRAW}frame":
            return self.frame(element, boxes)
        return self.inlines(element, boxes)  # fields, draw:a and the like: their text

    def span(self, element: ET.Element, boxes: list[str]) -> str:
        style = self.resolve(element.get(f"{TEXT}style-name"))
        if style.hidden:
            self.hidden += 1
            return ""
        inner = self.inlines(element, boxes)
        for wrap, on in (
            ("strong", style.bold),
            ("em", style.italic),
            ("s", style.strike),
            ("sup", (style.position or "").startswith(("super", "3", "33"))),
            ("sub", (style.position or "").startswith(("sub", "-"))),
        ):
            if on:
                inner = f"<{wrap}>{inner}</{wrap}>"
        return inner

    def note(self, element: ET.Element) -> str:
        kind = "endnote" if element.get(f"{TEXT}note-class") == "endnote" else "footnote"
        ident = f"{kind}-{len(self.notes) + 1}"
        body = element.find(f"{TEXT}note-body")
        content: list[str] = []
        if body is not None:
            self.blocks(body, content)
        self.notes.append(f'<li id="{ident}">{"".join(content)}</li>')
        return f'<sup><a href="#{ident}">[{len(self.notes)}]</a></sup>'

    def frame(self, frame: ET.Element, boxes: list[str]) -> str:
        for child in frame:
            if child.tag == f"{DRAW}text-box":
                self.blocks(child, boxes)
                return ""
            if child.tag in (f"{DRAW}object", f"{DRAW}object-ole"):
                raise SourceError(
                    self.path,
                    "holds a chart or embedded object, which the release cannot show: in "
                    "LibreOffice, copy it, paste it as a picture (Paste Special > PNG), give it "
                    "alt text that says what it shows, save and import again",
                )
            if child.tag == f"{DRAW}image":
                return self.image(frame, child)
        return ""

    def image(self, frame: ET.Element, image: ET.Element) -> str:
        href = posixpath.normpath(image.get(f"{XLINK}href", ""))
        suffix = posixpath.splitext(href)[1].lower()
        number = self.image_start + len(self.images) + len(self.missing_alt)
        if suffix not in SUFFIX_TYPES or href not in self.archive.namelist():
            raise SourceError(
                self.path,
                f"image {number} ({href}) is not a PNG, JPEG or GIF picture inside the file: "
                "insert it as such a picture and import again",
            )
        title = frame.find(f"{SVG}title")
        desc = frame.find(f"{SVG}desc")
        alt = " ".join(t.text or "" for t in (title, desc) if t is not None).strip()
        name = f"images/image{number}{IMAGE_SUFFIXES[SUFFIX_TYPES[suffix]]}"
        if not alt:
            self.missing_alt.append(number)
        self.images[name] = self.archive.read(href)
        return f'<img src="{name}" alt="{html.escape(alt)}">'

    # --- styles -----------------------------------------------------------------------------

    def chain(self, name: str | None) -> list[str]:
        """The style and its ancestors, by name and display name."""
        names: list[str] = []
        while name and name not in names and len(names) < 20:
            names.append(name)
            style = self.styles.get(name)
            if style is None:
                break
            if style.display:
                names.append(style.display)
            name = style.parent
        return names

    def resolve(self, name: str | None) -> _Style:
        merged = _Style()
        for each in reversed(self.chain(name)):
            style = self.styles.get(each)
            if style is None:
                continue
            merged.bold = merged.bold or style.bold
            merged.italic = merged.italic or style.italic
            merged.strike = merged.strike or style.strike
            merged.hidden = merged.hidden or style.hidden
            merged.position = style.position or merged.position
        return merged


def read_odt(
    path: Path, langs: Sequence[str], split: str | None, image_start: int = 1
) -> WordImport:
    """The editions of one .odt; ``langs`` tags them in order (else the document's language)."""
    data = _odt_bytes(path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            content = ET.fromstring(archive.read("content.xml"))
            styles_part = (
                ET.fromstring(archive.read("styles.xml"))
                if "styles.xml" in archive.namelist()
                else None
            )
            meta = (
                ET.fromstring(archive.read("meta.xml"))
                if "meta.xml" in archive.namelist()
                else None
            )
        except (ET.ParseError, KeyError) as error:
            raise SourceError(
                path,
                f"is damaged and cannot be read as an OpenDocument text ({error}); open it in "
                "LibreOffice, save it again and import that",
            ) from None
        roots = [r for r in (styles_part, content) if r is not None]
        writer = _Writer(path, archive, _styles(roots), _list_styles(roots), image_start)
        text = content.find(f"{OFFICE}body/{OFFICE}text")
        if text is None:
            raise SourceError(path, "is an OpenDocument file but not a text document")
        writer.blocks(text, writer.out)
    if writer.missing_alt:
        names = ", ".join(f"image {n}" for n in writer.missing_alt)
        raise SourceError(
            path,
            f"{names} (counting from the start) without alt text: in LibreOffice, right-click "
            "each image > Properties > Options > Alternative (Text only), describe what it "
            "shows, save and import again",
        )
    body = "".join(writer.out) + (f"<ol>{''.join(writer.notes)}</ol>" if writer.notes else "")
    title = _meta(meta, f"{DC}title")
    tags = list(langs) or [_language(path, meta, styles_part)]
    converted = convert(body, path, tags, split, title=title)
    warnings = list(converted.warnings)
    if writer.comments:
        warnings.insert(
            0,
            f"{path}: {writer.comments} comment(s) left out of the release (comments are "
            "notes to the authors, not text of the release)",
        )
    if writer.hidden:
        warnings.insert(
            0,
            f"{path}: {writer.hidden} pieces of text formatted as hidden were left out; unhide "
            "them in LibreOffice if they belong to the release",
        )
    if text.find(f"{TEXT}tracked-changes") is not None:
        warnings.insert(
            0,
            f"{path}: the document has tracked changes; imported as Edit > Track Changes > "
            "Accept All shows it: check the text, or accept or reject them and import again",
        )
    if not converted.drafts:
        raise SourceError(path, "the document has no text")
    return WordImport(converted.drafts, writer.images, warnings)


def _odt_bytes(path: Path) -> bytes:
    data = package_bytes(path, "an .odt")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "content.xml" not in names or (
                "mimetype" in names and archive.read("mimetype").strip() != MIMETYPE
            ):
                raise SourceError(
                    path,
                    "is not an OpenDocument text (.odt): open it in LibreOffice, save it as "
                    "ODF Text Document (.odt) and import that",
                )
            check_archive(path, archive)  # before anything parses a part
            manifest = (
                archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            )
            if b"encryption-data" in manifest:  # the manifest says how each part is encrypted
                raise SourceError(
                    path,
                    "is protected with a password: in LibreOffice, File > Properties > General "
                    "> Change Password (or save a copy without a password) and import that",
                )
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise SourceError(
            path, "is not an .odt file (an .odt is a zip archive; this is not one)"
        ) from None
    return data


def _styles(roots: list[ET.Element]) -> dict[str, _Style]:
    found: dict[str, _Style] = {}
    for root in roots:
        for element in root.iter(f"{STYLE}style"):
            name = element.get(f"{STYLE}name", "")
            props = element.find(f"{STYLE}text-properties")
            style = _Style(
                element.get(f"{STYLE}parent-style-name"), element.get(f"{STYLE}display-name")
            )
            if props is not None:
                style.bold = props.get(f"{FO}font-weight") == "bold"
                style.italic = props.get(f"{FO}font-style") == "italic"
                through = props.get(f"{STYLE}text-line-through-style")
                style.strike = through not in (None, "none")
                style.position = props.get(f"{STYLE}text-position")
                style.hidden = props.get(f"{TEXT}display") == "none"
            found[name] = style
    return found


def _list_styles(roots: list[ET.Element]) -> dict[str, dict[int, tuple[bool, int]]]:
    found: dict[str, dict[int, tuple[bool, int]]] = {}
    for root in roots:
        for element in root.iter(f"{TEXT}list-style"):
            levels: dict[int, tuple[bool, int]] = {}
            for level in element:
                number = _int(level.get(f"{TEXT}level"), 1)
                numbered = level.tag == f"{TEXT}list-level-style-number" and level.get(
                    f"{STYLE}num-format", "1"
                ) not in ("", None)
                levels[number] = (numbered, _int(level.get(f"{TEXT}start-value"), 1))
            found[element.get(f"{STYLE}name", "")] = levels
    return found


def _meta(meta: ET.Element | None, tag: str) -> str | None:
    element = meta.find(f"{OFFICE}meta/{tag}") if meta is not None else None
    text = " ".join((element.text or "").split()) if element is not None else ""
    return text or None


def _language(path: Path, meta: ET.Element | None, styles: ET.Element | None) -> str:
    candidates = [_meta(meta, f"{DC}language")]
    if styles is not None:
        for default in styles.iter(f"{STYLE}default-style"):
            props = default.find(f"{STYLE}text-properties")
            if props is not None and props.get(f"{FO}language"):
                country = props.get(f"{FO}country")
                language = props.get(f"{FO}language", "")
                candidates.append(f"{language}-{country}" if country else language)
    for raw in candidates:
        if not raw:
            continue
        try:
            return normalize_tag(raw)
        except ValueError:
            continue
    raise SourceError(path, "the document does not say its language: give --langs es-PE,en")


def _only_lists(item: ET.Element) -> bool:
    """A list item that holds only sublists, no paragraph of its own."""
    return len(item) > 0 and all(child.tag == f"{TEXT}list" for child in item)


def _escape(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default
