"""A Word file is checked part by part, streaming, before mammoth parses any of it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.sources import word_limits
from publisher.sources.word_limits import check_archive
from tests.fixtures.word import make_docx
from tests.sources import docx_parts


def _check(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        check_archive(path, archive)


def _refusal(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        _check(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), "the message names the file"
    return message


def test_real_documents_pass(tmp_path: Path) -> None:
    _check(make_docx.features(tmp_path / "features.docx"))
    _check(docx_parts.release(tmp_path / "release.docx", paragraphs=200))
    _check(docx_parts.nested(tmp_path / "tables.docx", 15))  # tables 15 deep: 50 levels


def test_a_part_packed_past_the_ratio_is_refused_from_its_header(tmp_path: Path) -> None:
    message = _refusal(docx_parts.repeated(tmp_path / "bomb.docx", 2))
    assert "its part word/document.xml is packed" in message
    assert "the limit is 100 to 1" in message


def test_the_declared_total_is_refused_before_anything_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_limits, "MAX_UNPACKED_BYTES", 1024 * 1024)
    assert "unpacks to 2 MB; the limit is 1 MB" in _refusal(
        docx_parts.repeated(tmp_path / "bomb.docx", 2)
    )


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [
        ("MAX_PART_BYTES", 1024 * 1024, "unpacks to more than 1 MB, the limit for one part"),
        ("MAX_XML_BYTES", 1024 * 1024, "takes the XML past 1 MB, the limit"),
    ],
)
def test_bytes_are_counted_as_they_are_unpacked(
    limit: str, value: int, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_limits, "MAX_RATIO", 10**6)  # past the header's ratio check
    monkeypatch.setattr(word_limits, limit, value)
    message = _refusal(docx_parts.repeated(tmp_path / "bomb.docx", 2))
    assert f"its part word/document.xml {words}" in message


def test_too_many_elements_are_refused_while_streaming(tmp_path: Path) -> None:
    path = docx_parts.many_elements(tmp_path / "many.docx", 120_000)
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert info.file_size < 50 * info.compress_size, "the ratio check alone would let it pass"
    assert "past 100,000 XML elements, the limit" in _refusal(path)


def test_too_many_attributes_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_limits, "MAX_ATTRIBUTES", 500)
    path = docx_parts.many_elements(tmp_path / "many.docx", 1000)
    assert "past 500 XML attributes, the limit" in _refusal(path)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    message = _refusal(docx_parts.nested(tmp_path / "deep.docx", 10_000))
    assert "its part word/document.xml nests elements more than 64 deep" in message


def test_a_doctype_is_refused_before_its_entities_expand(tmp_path: Path) -> None:
    message = _refusal(docx_parts.laughs(tmp_path / "laughs.docx"))
    assert "word/document.xml declares a DOCTYPE" in message


def _with_part(path: Path, name: str, data: bytes) -> Path:
    docx_parts.release(path, paragraphs=2)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, data)
    return path


def test_a_pictures_dtd_name_is_allowed_but_not_its_entities(tmp_path: Path) -> None:
    named = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    _check(_with_part(tmp_path / "named.docx", "word/media/image1.svg", named))
    defined = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'
    message = _refusal(_with_part(tmp_path / "defined.docx", "word/media/image1.svg", defined))
    assert "word/media/image1.svg declares a DOCTYPE" in message


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda xml: b" " * 100_000 + xml, id="after-blanks"),
        pytest.param(lambda xml: xml.decode().encode("utf-16"), id="utf-16"),
    ],
)
def test_xml_is_recognised_however_it_begins(
    encode: Callable[[bytes], bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_limits, "MAX_ELEMENTS", 1000)
    xml = b"<root>" + b"<w:p/>" * 2000 + b"</root>"
    path = _with_part(tmp_path / "odd.docx", "word/odd.bin", encode(xml))
    assert "its part word/odd.bin takes the document past 1,000 XML elements" in _refusal(path)


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    path = docx_parts.release(tmp_path / "parts.docx", paragraphs=2)
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(1000):
            archive.writestr(f"customXml/item{number}.txt", "x")
    assert "holds 1004 parts; the limit is 1000" in _refusal(path)


def test_a_damaged_part_is_named(tmp_path: Path) -> None:
    path = docx_parts.release(tmp_path / "crc.docx", paragraphs=50)
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert "is damaged: its part word/document.xml cannot be unpacked" in _refusal(path)
