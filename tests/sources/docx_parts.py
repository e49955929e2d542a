"""Word files written part by part: a minimal package around a body, and hostile ones.

python-docx cannot write what an attacker (or an unusual program) would: a main part streamed
from chunks, repeated past any size, nested thousands deep, with a DOCTYPE, or a picture linked
to an outside file. The benchmark (benchmarks/bench_import_memory.py) builds its bombs here too.
"""

from __future__ import annotations

import itertools
import random
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:styles {NAMESPACES}>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="character" w:styleId="Oculto"><w:name w:val="Oculto"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    "</w:styles>"
).encode()
"""A styles part naming Word's Title style, for documents that use :func:`title`."""


def title(text: str) -> bytes:
    """One paragraph in Word's Title style (the package needs ``parts=TITLED``)."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">{text}'
        "</w:t></w:r></w:p>"
    ).encode()


def paragraph(text: str) -> bytes:
    """One paragraph of plain text."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'.encode()


TITLED = {"word/styles.xml": STYLES}


def package(
    path: Path,
    body: Iterable[bytes],
    *,
    prolog: bytes = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    relationships: str = "",
    parts: dict[str, bytes] | None = None,
) -> Path:
    """A .docx whose word/document.xml is ``prolog``, then a body of ``body``'s chunks.

    The chunks are streamed into the zip, so a document of hundreds of megabytes takes only
    the memory of one chunk to write.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{relationships}</Relationships>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(prolog + f"<w:document {NAMESPACES}><w:body>".encode())
            for chunk in body:
                document.write(chunk)
            document.write(b"</w:body></w:document>")
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return path


def release(path: Path, paragraphs: int = 30) -> Path:
    """A plain release: a title and ``paragraphs`` paragraphs of a few sentences."""
    sentence = "La oficina atendió a {n} personas en la sede central durante la semana. "
    body = [paragraph("Nota de prensa de prueba")]
    body += [paragraph((sentence * 3).format(n=n)) for n in range(1, paragraphs + 1)]
    return package(path, body)


def dense(path: Path, paragraphs: int) -> Path:
    """A real-looking document as Word writes it: each paragraph 5 elements, 4 attributes."""
    words = "Sede {n}: abierta."
    return package(
        path,
        [paragraph("Nota de prensa de prueba")]
        + [
            f'<w:p w:rsidR="00{n:06X}" w:rsidRDefault="00{n:06X}"><w:pPr><w:jc w:val="both"/>'
            f'</w:pPr><w:r><w:t xml:space="preserve">{words.format(n=n)}</w:t></w:r></w:p>'.encode()
            for n in range(paragraphs)
        ],
    )


def repeated(path: Path, unpacked_mb: int) -> Path:
    """A bomb: the same paragraph repeated until document.xml unpacks to ``unpacked_mb`` MB."""
    block = paragraph("Lorem ipsum dolor sit amet, consectetur adipiscing elit.") * 1000
    count = unpacked_mb * 1024 * 1024 // len(block) + 1
    return package(path, itertools.repeat(block, count))


def nested(path: Path, depth: int) -> Path:
    """A bomb: tables nested ``depth`` deep (three elements a level) around one paragraph."""
    return package(
        path,
        [b"<w:tbl><w:tr><w:tc>" * depth, paragraph("x"), b"</w:tc></w:tr></w:tbl>" * depth],
    )


def many_elements(path: Path, count: int) -> Path:
    """A bomb: ``count`` empty paragraphs, each with a random id so the file packs only ~3:1."""
    rng = random.Random(7)

    def chunks() -> Iterator[bytes]:
        for start in range(0, count, 1000):
            yield b"".join(
                b'<w:p w:rsidR="%08X"/>' % rng.getrandbits(32)
                for _ in range(min(1000, count - start))
            )

    return package(path, chunks())


def laughs(path: Path) -> Path:
    """A bomb: entities that expand a billion times (a DOCTYPE, which Word never writes)."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    prolog = f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'.encode()
    return package(path, [b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"], prolog=prolog)


def linked_picture(path: Path, target: str) -> Path:
    """A document whose third paragraph shows a picture linked to ``target``, not embedded."""
    picture = (
        '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Foto" descr="Una foto"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
        'picture"><pic:pic><pic:blipFill><a:blip r:link="rIdFoto"/></pic:blipFill></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    relationship = (
        f'<Relationship Id="rIdFoto" Type="{R}/image" Target="{target}" TargetMode="External"/>'
    )
    body = [paragraph("Título"), paragraph("Primer párrafo."), picture.encode()]
    return package(path, body, relationships=relationship)
