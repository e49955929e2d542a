from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib
from pathlib import Path

import mutagen.flac
import mutagen.id3
import mutagen.mp3
import mutagen.oggopus
import pytest

from publisher.audio import codec
from publisher.audio.tags import AudioMetadata, Chapter, iso639_2, tag_mp3, tag_opus

PCM = bytes(2 * 22050 * 3)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def meta(tmp_path: Path) -> AudioMetadata:
    cover = tmp_path / "cover.png"
    cover.write_bytes(png())
    return AudioMetadata(
        title="El Perú ejercerá el rol",
        lang="es-PE",
        issuer="Presidencia del Consejo de Ministros",
        series="Notas de prensa",
        date=dt.date(2023, 5, 4),
        text="Primer párrafo.\n\nSegundo párrafo.",
        cover=cover,
        chapters=(Chapter("Título", 0, 1200), Chapter("Sección 1", 1200, 3000)),
    )


@pytest.mark.parametrize(
    ("tag", "code"),
    [("es-PE", "spa"), ("en", "eng"), ("qu", "que"), ("fr-CA", "fre"), ("zz", "und")],
)
def test_iso639_2(tag: str, code: str) -> None:
    assert iso639_2(tag) == code


def test_mp3_id3v23(tmp_path: Path, meta: AudioMetadata) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(PCM, 22050, path)
    tag_mp3(path, meta)
    assert path.read_bytes()[:4] == b"ID3\x03"
    raw = mutagen.id3.ID3(path, translate=False)
    assert raw.version == (2, 3, 0)
    assert str(raw["TIT2"]) == meta.title
    assert str(raw["TPE1"]) == str(raw["TPUB"]) == meta.issuer
    assert str(raw["TALB"]) == "Notas de prensa"
    assert str(raw["TLAN"]) == "spa"
    assert str(raw["TYER"]) == "2023"
    assert str(raw["TDAT"]) == "0405"
    lyrics = raw.getall("USLT")[0]
    assert (lyrics.lang, lyrics.text) == ("spa", meta.text)
    picture = raw.getall("APIC")[0]
    assert (picture.mime, picture.type, picture.data) == ("image/png", 3, png())
    toc = raw.getall("CTOC")[0]
    assert toc.child_element_ids == ["ch0", "ch1"]
    assert toc.flags == mutagen.id3.CTOCFlags.TOP_LEVEL | mutagen.id3.CTOCFlags.ORDERED
    chapters = sorted(raw.getall("CHAP"), key=lambda c: c.start_time)
    assert [
        (c.element_id, c.start_time, c.end_time, str(c.sub_frames["TIT2"])) for c in chapters
    ] == [
        ("ch0", 0, 1200, "Título"),
        ("ch1", 1200, 3000, "Sección 1"),
    ]
    assert mutagen.mp3.MP3(path).info.length == pytest.approx(3.0, abs=0.001)


def test_mp3_without_optional_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(PCM, 22050, path)
    tag_mp3(path, AudioMetadata(title="Title", lang="en"))
    tags = mutagen.id3.ID3(path)
    assert sorted(tags.keys()) == ["TIT2", "TLAN"]


def test_tagging_is_reproducible(tmp_path: Path, meta: AudioMetadata) -> None:
    copies = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.mp3"
        codec.encode_mp3(PCM, 22050, path)
        tag_mp3(path, meta)
        opus = tmp_path / f"{name}.opus"
        codec.encode_opus(PCM, 22050, opus)
        tag_opus(opus, meta)
        copies.append((path.read_bytes(), opus.read_bytes()))
    assert copies[0] == copies[1]


def test_opus_comments_and_chapters(tmp_path: Path, meta: AudioMetadata) -> None:
    path = tmp_path / "a.opus"
    codec.encode_opus(PCM, 22050, path)
    tag_opus(path, meta)
    tags = mutagen.oggopus.OggOpus(path).tags
    assert tags["TITLE"] == [meta.title]
    assert tags["LANGUAGE"] == ["es-PE"]
    assert tags["ARTIST"] == tags["ORGANIZATION"] == [meta.issuer]
    assert tags["ALBUM"] == ["Notas de prensa"]
    assert tags["DATE"] == ["2023-05-04"]
    assert tags["CHAPTER001"] == ["00:00:00.000"]
    assert tags["CHAPTER002"] == ["00:00:01.200"]
    assert tags["CHAPTER002NAME"] == ["Sección 1"]
    picture = mutagen.flac.Picture(base64.b64decode(tags["METADATA_BLOCK_PICTURE"][0]))
    assert picture.data == png()


def test_cover_must_be_png_or_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "a.mp3"
    codec.encode_mp3(PCM, 22050, path)
    cover = tmp_path / "cover.gif"
    cover.write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="PNG or JPEG"):
        tag_mp3(path, AudioMetadata(title="T", lang="es", cover=cover))
