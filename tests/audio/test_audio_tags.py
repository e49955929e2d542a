from __future__ import annotations

import base64
import datetime as dt
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import mutagen.flac
import mutagen.id3
import mutagen.mp3
import mutagen.oggopus
import pytest

from publisher.audio import codec
from publisher.audio import tags as tags_module
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


def chapter_frames_in_file_order(path: Path) -> list[tuple[str, bytes]]:
    """(frame id, element id) of every CHAP and CTOC frame, in the order they are in the file."""
    data = path.read_bytes()
    size = mutagen.id3.BitPaddedInt(data[6:10])
    position, found = 10, []
    while position + 10 <= 10 + size and data[position : position + 4] != b"\0\0\0\0":
        frame_id = data[position : position + 4].decode()
        length = int.from_bytes(data[position + 4 : position + 8], "big")
        body = data[position + 10 : position + 10 + length]
        if frame_id in ("CHAP", "CTOC"):
            found.append((frame_id, body.split(b"\0", 1)[0]))
        position += 10 + length
    return found


def many_chapters(count: int) -> tuple[Chapter, ...]:
    titles = ["Introducción larga del comunicado de prensa", *(f"P{n}" for n in range(1, count))]
    return tuple(Chapter(title, 10 * n, 10 * (n + 1)) for n, title in enumerate(titles))


def test_chap_frames_are_written_in_order(tmp_path: Path, meta: AudioMetadata) -> None:
    """Players that ignore the CTOC list chapters in file order: the introduction comes first."""
    path = tmp_path / "a.mp3"
    codec.encode_mp3(PCM, 22050, path)
    tag_mp3(path, replace(meta, chapters=many_chapters(12)))
    frames = chapter_frames_in_file_order(path)
    assert frames[0] == ("CTOC", b"toc")
    assert [name for kind, name in frames if kind == "CHAP"] == [
        f"ch{n}".encode() for n in range(12)
    ]


@pytest.mark.parametrize("count", [254, 255, 256, 1000])
def test_any_number_of_chapters(tmp_path: Path, count: int) -> None:
    """A CTOC lists at most 255 children: longer lists are split under nested tables."""
    path = tmp_path / "a.mp3"
    codec.encode_mp3(PCM, 22050, path)
    chapters = many_chapters(count)
    tag_mp3(path, AudioMetadata(title="Boletín", lang="es", chapters=chapters))
    tags = mutagen.id3.ID3(path)
    tocs = {t.element_id: t for t in tags.getall("CTOC")}
    (top,) = [t for t in tocs.values() if t.flags & mutagen.id3.CTOCFlags.TOP_LEVEL]
    assert all(len(t.child_element_ids) <= 255 for t in tocs.values())

    def walk(element_id: str) -> list[str]:
        if element_id in tocs:
            return [leaf for child in tocs[element_id].child_element_ids for leaf in walk(child)]
        return [element_id]

    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[leaf] for leaf in walk(top.element_id)]
    assert [(c.start_time, str(c.sub_frames["TIT2"])) for c in ordered] == [
        (c.start_ms, c.title) for c in chapters
    ]
    frames = chapter_frames_in_file_order(path)
    assert [n for k, n in frames if k == "CHAP"] == [c.element_id.encode() for c in ordered]
    assert mutagen.mp3.MP3(path).info.length == pytest.approx(3.0, abs=0.001)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(probe.stdout.splitlines()) == count


def test_tables_nest_as_deep_as_needed() -> None:
    """Past 255 x 255 chapters the tables get a third level; every table stays within 255."""
    frames = tags_module._toc_frames("Boletín", many_chapters(255 * 255 + 1))
    tocs = {f.element_id: f for f in frames if f.FrameID == "CTOC"}
    chaps = [f.element_id for f in frames if f.FrameID == "CHAP"]
    assert all(len(t.child_element_ids) <= 255 for t in tocs.values())
    assert frames[0].element_id == "toc"

    def walk(element_id: str, depth: int) -> list[tuple[str, int]]:
        if element_id in tocs:
            children = tocs[element_id].child_element_ids
            return [leaf for child in children for leaf in walk(child, depth + 1)]
        return [(element_id, depth)]

    leaves = walk("toc", 0)
    assert [leaf for leaf, _ in leaves] == chaps == [f"ch{n}" for n in range(255 * 255 + 1)]
    assert {depth for _, depth in leaves} == {3}


@pytest.mark.parametrize("count", [999, 1000, 2500])
def test_opus_chapters_scale(tmp_path: Path, count: int) -> None:
    """Vorbis chapter numbers have three digits: past 999 chapters, 999 evenly spread remain."""
    path = tmp_path / "a.opus"
    codec.encode_opus(PCM, 22050, path)
    chapters = many_chapters(count)
    tag_opus(path, AudioMetadata(title="Boletín", lang="es", chapters=chapters))
    tags = mutagen.oggopus.OggOpus(path).tags
    keys = [key.upper() for key, _ in tags]
    numbered = [k for k in keys if k.startswith("CHAPTER") and not k.endswith("NAME")]
    assert len(numbered) == min(count, 999)
    assert all(len(k) == len("CHAPTER001") for k in numbered)
    assert tags["CHAPTER001NAME"] == [chapters[0].title]
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(probe.stdout.splitlines()) == min(count, 999)
