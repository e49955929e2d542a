"""Document metadata: the XMP packet (Dublin Core, PDF/UA identification) and the Info dictionary.

The packet is written as text, not through a metadata library, so that it holds nothing but what
the release says and the build time, and two builds of the same source are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pikepdf

from publisher.model import Edition, Release

PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the metadata of one PDF says."""

    titles: tuple[tuple[str, str], ...]
    """(language tag, title) per edition, the first one also the default title."""
    languages: tuple[str, ...]
    creators: tuple[str, ...]
    """The issuing body, once per distinct name; empty when the source does not say."""
    date: dt.date | None
    producer: str
    creator_tool: str
    built: dt.datetime

    @property
    def title(self) -> str:
        """The default title (the first edition's)."""
        return self.titles[0][1]


def metadata_for(
    release: Release,
    editions: Sequence[Edition],
    producer: str,
    creator_tool: str,
    built: dt.datetime,
) -> Metadata:
    """The metadata of the PDF of ``editions``."""
    creators: list[str] = []
    for edition in editions:
        issuer = release.issuer_in(edition.lang)
        if issuer and issuer not in creators:
            creators.append(issuer)
    return Metadata(
        titles=tuple((e.lang, e.title) for e in editions),
        languages=tuple(e.lang for e in editions),
        creators=tuple(creators),
        date=release.date,
        producer=producer,
        creator_tool=creator_tool,
        built=built,
    )


def _xmp_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pdf_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def packet(meta: Metadata) -> bytes:
    """The XMP packet, as UTF-8."""
    alt = [f'<rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li>']
    alt += [
        f"<rdf:li xml:lang={quoteattr(lang)}>{escape(title)}</rdf:li>"
        for lang, title in meta.titles
    ]
    languages = "".join(f"<rdf:li>{escape(lang)}</rdf:li>" for lang in meta.languages)
    lines = [
        f"<dc:title><rdf:Alt>{''.join(alt)}</rdf:Alt></dc:title>",
        f"<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>",
        "<dc:format>application/pdf</dc:format>",
    ]
    if meta.creators:
        names = "".join(f"<rdf:li>{escape(name)}</rdf:li>" for name in meta.creators)
        lines.append(f"<dc:creator><rdf:Seq>{names}</rdf:Seq></dc:creator>")
    if meta.date is not None:
        lines.append(
            f"<dc:date><rdf:Seq><rdf:li>{meta.date.isoformat()}</rdf:li></rdf:Seq></dc:date>"
        )
    built = _xmp_date(meta.built)
    lines += [
        f"<pdf:Producer>{escape(meta.producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(meta.creator_tool)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{built}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{built}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{built}</xmp:MetadataDate>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ]
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    body = "\n".join(f"   {line}" for line in lines)
    text = (
        f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f' <rdf:RDF xmlns:rdf="{RDF}">\n'
        f'  <rdf:Description rdf:about="" {namespaces}>\n{body}\n  </rdf:Description>\n'
        " </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return text.encode("utf-8")


def write_metadata(pdf: pikepdf.Pdf, meta: Metadata) -> None:
    """Replace the XMP packet and the Info dictionary; ask viewers to show the title."""
    stream = pdf.make_stream(packet(meta))
    stream["/Type"] = pikepdf.Name("/Metadata")
    stream["/Subtype"] = pikepdf.Name("/XML")
    pdf.Root["/Metadata"] = stream
    info = pikepdf.Dictionary(
        {
            "/Title": pikepdf.String(meta.title),
            "/Producer": pikepdf.String(meta.producer),
            "/Creator": pikepdf.String(meta.creator_tool),
            "/CreationDate": pikepdf.String(_pdf_date(meta.built)),
            "/ModDate": pikepdf.String(_pdf_date(meta.built)),
        }
    )
    if meta.creators:
        info["/Author"] = pikepdf.String("; ".join(meta.creators))
    pdf.trailer["/Info"] = pdf.make_indirect(info)
    preferences = pdf.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = pikepdf.Dictionary()
    preferences["/DisplayDocTitle"] = True
    pdf.Root["/ViewerPreferences"] = preferences


def _xmp_values(root: ET.Element, prefix: str, name: str) -> list[tuple[str, str]]:
    """(xml:lang, text) of each rdf:li under ``prefix:name``."""
    key = f"{{{NAMESPACES[prefix]}}}{name}"
    values = [
        ("", str(description.get(key)))
        for description in root.iter(f"{{{RDF}}}Description")
        if description.get(key) is not None
    ]
    for element in root.iter(key):
        for item in element.iter(f"{{{RDF}}}li"):
            values.append((item.get(XML_LANG, ""), (item.text or "").strip()))
        if not list(element.iter(f"{{{RDF}}}li")):
            values.append(("", (element.text or "").strip()))
    return values


def metadata_problems(pdf: pikepdf.Pdf, meta: Metadata) -> list[str]:
    """How the file's metadata departs from ``meta`` (title, languages, creator, PDF/UA part)."""
    problems: list[str] = []
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["the PDF has no XMP metadata"]
    try:
        root = ET.fromstring(bytes(stream.read_bytes()).decode("utf-8").lstrip("\ufeff"))
    except (ET.ParseError, UnicodeDecodeError) as error:
        return [f"the XMP metadata is not readable XML: {error}"]
    titles = dict(_xmp_values(root, "dc", "title"))
    if titles.get("x-default") != meta.title:
        problems.append(f"XMP dc:title is {titles.get('x-default')!r}, not {meta.title!r}")
    languages = [text for _, text in _xmp_values(root, "dc", "language")]
    if [lang.lower() for lang in languages] != [lang.lower() for lang in meta.languages]:
        problems.append(f"XMP dc:language is {languages}, not {list(meta.languages)}")
    creators = [text for _, text in _xmp_values(root, "dc", "creator")]
    if creators != list(meta.creators):
        problems.append(f"XMP dc:creator is {creators}, not {list(meta.creators)}")
    parts = [text for _, text in _xmp_values(root, "pdfuaid", "part")]
    if parts != ["1"]:
        problems.append(f"XMP pdfuaid:part is {parts}, not ['1']")
    info = pdf.trailer.get("/Info")
    title = str(info.get("/Title", "")) if isinstance(info, pikepdf.Dictionary) else ""
    if title != meta.title:
        problems.append(f"the Info dictionary's /Title is {title!r}, not {meta.title!r}")
    preferences = pdf.Root.get("/ViewerPreferences")
    if not (isinstance(preferences, pikepdf.Dictionary) and preferences.get("/DisplayDocTitle")):
        problems.append("ViewerPreferences /DisplayDocTitle is not true")
    return problems
