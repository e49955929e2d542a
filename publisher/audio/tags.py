"""Metadata inside the audio files: ID3v2.3 for MP3 (with chapters), Vorbis comments for Opus."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import langcodes
import mutagen.flac
import mutagen.id3
import mutagen.id3._tags
import mutagen.oggopus

from publisher.audio.captions import timestamp

# mutagen's frame classes are untyped: use them through Any-typed module names.
flac: Any = mutagen.flac
id3: Any = mutagen.id3
oggopus: Any = mutagen.oggopus
_id3_tags: Any = mutagen.id3._tags  # save_frame: the tag is assembled here, frames in order

_NO_OFFSET = 0xFFFFFFFF
_V23 = _id3_tags.ID3SaveConfig(3, "/")
_save_frame: Any = _id3_tags.save_frame
CTOC_MAX_CHILDREN = 255
"""Most entries one ID3 table of contents lists (its count is one byte)."""
VORBIS_MAX_CHAPTERS = 999
"""Most chapters Vorbis comments number (CHAPTER001 to CHAPTER999)."""
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class Chapter:
    """A navigation point in the audio."""

    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class AudioMetadata:
    """What the audio files say about themselves."""

    title: str
    lang: str
    """BCP 47 tag of the spoken language."""
    issuer: str = ""
    """Issuing body (artist and publisher); empty when unknown."""
    series: str | None = None
    """Written as the album."""
    date: dt.date | None = None
    text: str = ""
    """The full written text (ID3 unsynchronised lyrics)."""
    cover: Path | None = None
    """A PNG or JPEG picture."""
    chapters: tuple[Chapter, ...] = ()


def iso639_2(lang: str) -> str:
    """The ISO 639-2 (bibliographic) code of a BCP 47 tag's language: ``es-PE`` -> ``spa``."""
    try:
        code = str(langcodes.Language.get(lang).to_alpha3(variant="B"))
    except LookupError:
        return "und"
    return code if len(code) == 3 else "und"


def _cover(path: Path) -> tuple[str, bytes]:
    mime = _IMAGE_TYPES.get(path.suffix.lower())
    if mime is None:
        raise ValueError(f"cover {path} must be a PNG or JPEG file")
    return mime, path.read_bytes()


def _toc_frames(title: str, chapters: tuple[Chapter, ...]) -> list[Any]:
    """A CTOC tree over the chapters (top level first) and the CHAP frames, in playing order.

    One CTOC lists at most 255 children (its count is one byte), so a longer list is split into
    ordered sub-tables of up to 255 entries, under as many levels as it takes.
    """
    if not chapters:
        return []
    chaps = [
        id3.CHAP(
            element_id=f"ch{index}",
            start_time=chapter.start_ms,
            end_time=chapter.end_ms,
            start_offset=_NO_OFFSET,
            end_offset=_NO_OFFSET,
            sub_frames=[id3.TIT2(encoding=3, text=[chapter.title])],
        )
        for index, chapter in enumerate(chapters)
    ]
    # Each level: (element id, title of the first and last chapter below it).
    level = [(f"ch{i}", c.title, c.title) for i, c in enumerate(chapters)]
    tables: list[list[Any]] = []
    depth = 0
    while len(level) > CTOC_MAX_CHILDREN:
        depth += 1
        groups = [level[i : i + CTOC_MAX_CHILDREN] for i in range(0, len(level), CTOC_MAX_CHILDREN)]
        tables.append(
            [
                id3.CTOC(
                    element_id=f"toc{depth}.{number}",
                    flags=id3.CTOCFlags.ORDERED,
                    child_element_ids=[child for child, _, _ in group],
                    sub_frames=[id3.TIT2(encoding=3, text=[f"{group[0][1]} … {group[-1][2]}"])],
                )
                for number, group in enumerate(groups)
            ]
        )
        level = [
            (table.element_id, group[0][1], group[-1][2])
            for table, group in zip(tables[-1], groups, strict=True)
        ]
    top = id3.CTOC(
        element_id="toc",
        flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
        child_element_ids=[child for child, _, _ in level],
        sub_frames=[id3.TIT2(encoding=3, text=[title])],
    )
    return [top, *(table for tables_of in reversed(tables) for table in tables_of), *chaps]


def id3_tag(meta: AudioMetadata) -> bytes:
    """The ID3v2.3 tag (header and frames, no padding) that :func:`tag_mp3` writes.

    Frames are written in a fixed order: text frames, lyrics, the chapter tables, the chapters in
    playing order (players that ignore the tables list chapters in file order), the picture last.
    mutagen would sort them by size instead, so the tag is assembled here from its frames.
    """
    code = iso639_2(meta.lang)
    frames: list[Any] = [id3.TIT2(encoding=3, text=[meta.title])]
    if meta.issuer:
        frames.append(id3.TPE1(encoding=3, text=[meta.issuer]))
        frames.append(id3.TPUB(encoding=3, text=[meta.issuer]))
    if meta.series:
        frames.append(id3.TALB(encoding=3, text=[meta.series]))
    frames.append(id3.TLAN(encoding=3, text=[code]))
    if meta.date is not None:  # ID3v2.3 has no TDRC: the year and the day and month
        frames.append(id3.TYER(encoding=3, text=[f"{meta.date.year:04d}"]))
        frames.append(id3.TDAT(encoding=3, text=[f"{meta.date.day:02d}{meta.date.month:02d}"]))
    if meta.text:
        frames.append(id3.USLT(encoding=3, lang=code, desc="", text=meta.text))
    frames += _toc_frames(meta.title, meta.chapters)
    if meta.cover is not None:
        mime, data = _cover(meta.cover)
        frames.append(
            id3.APIC(encoding=3, mime=mime, type=id3.PictureType.COVER_FRONT, desc="", data=data)
        )
    config = _V23
    body = b"".join(_save_frame(frame, config=config) for frame in frames)
    if len(body) >= 1 << 28:
        raise ValueError(f"the ID3 tag would be {len(body)} bytes; ID3v2.3 holds under 256 MB")
    size = bytes((len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x03\x00\x00" + size + body


def tag_mp3(path: Path, meta: AudioMetadata) -> None:
    """Write an ID3v2.3 tag at the start of the MP3 file ``path`` (which must have none).

    The audio is copied in chunks behind the tag into a new file that replaces ``path``, so
    hours of audio are never read into memory.
    """
    tag = id3_tag(meta)
    temporary = path.with_name(f".{path.name}.tagging")
    try:
        with path.open("rb") as audio, temporary.open("wb") as out:
            if audio.read(3) == b"ID3":
                raise ValueError(f"{path} already has an ID3 tag")
            audio.seek(0)
            out.write(tag)
            shutil.copyfileobj(audio, out, 1 << 20)
        shutil.copymode(path, temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def opus_comments(meta: AudioMetadata) -> list[tuple[str, str]]:
    """The Vorbis comments :func:`tag_opus` writes.

    Chapters follow the Vorbis chapter extension, numbered CHAPTER001 to CHAPTER999 (three digits,
    as readers such as FFmpeg parse them): past 999 chapters, 999 evenly spread ones are kept,
    the first always among them.
    """
    comments: list[tuple[str, str]] = [("TITLE", meta.title), ("LANGUAGE", meta.lang)]
    if meta.issuer:
        comments += [("ARTIST", meta.issuer), ("ORGANIZATION", meta.issuer)]
    if meta.series:
        comments.append(("ALBUM", meta.series))
    if meta.date is not None:
        comments.append(("DATE", meta.date.isoformat()))
    chapters = meta.chapters
    if len(chapters) > VORBIS_MAX_CHAPTERS:
        count = len(chapters)
        chapters = tuple(
            chapters[k * count // VORBIS_MAX_CHAPTERS] for k in range(VORBIS_MAX_CHAPTERS)
        )
    for number, chapter in enumerate(chapters, start=1):
        comments += [
            (f"CHAPTER{number:03d}", timestamp(chapter.start_ms)),
            (f"CHAPTER{number:03d}NAME", chapter.title),
        ]
    if meta.cover is not None:
        mime, data = _cover(meta.cover)
        picture = flac.Picture()
        picture.type, picture.mime, picture.data = id3.PictureType.COVER_FRONT, mime, data
        comments.append(("METADATA_BLOCK_PICTURE", base64.b64encode(picture.write()).decode()))
    for key, value in comments:
        value.encode("utf-8")  # a lone surrogate cannot be written: say so before any synthesis
        key.encode("ascii")
    return comments


def check(meta: AudioMetadata) -> None:
    """Raise ValueError (or OSError for the cover) if ``meta`` cannot be written into the files.

    Cheap, and independent of the timing: run it on the planned chapters before synthesis.
    """
    id3_tag(meta)
    opus_comments(meta)


def tag_opus(path: Path, meta: AudioMetadata) -> None:
    """Write Vorbis comments, chapters (CHAPTERnnn) included, into the Ogg Opus file ``path``."""
    comments = opus_comments(meta)
    audio = oggopus.OggOpus(path)
    audio.tags.clear()
    audio.tags.extend(comments)
    audio.save(padding=lambda _info: 0)
