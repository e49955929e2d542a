"""Metadata inside the audio files: ID3v2.3 for MP3 (with chapters), Vorbis comments for Opus."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import langcodes
import mutagen.flac
import mutagen.id3
import mutagen.oggopus

from publisher.audio.captions import timestamp

# mutagen's frame classes are untyped: use them through Any-typed module names.
flac: Any = mutagen.flac
id3: Any = mutagen.id3
oggopus: Any = mutagen.oggopus

_NO_OFFSET = 0xFFFFFFFF
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


def tag_mp3(path: Path, meta: AudioMetadata) -> None:
    """Write an ID3v2.3 tag (replacing any) at the start of the MP3 file ``path``."""
    code = iso639_2(meta.lang)
    tags = id3.ID3()
    tags.add(id3.TIT2(encoding=3, text=[meta.title]))
    if meta.issuer:
        tags.add(id3.TPE1(encoding=3, text=[meta.issuer]))
        tags.add(id3.TPUB(encoding=3, text=[meta.issuer]))
    if meta.series:
        tags.add(id3.TALB(encoding=3, text=[meta.series]))
    tags.add(id3.TLAN(encoding=3, text=[code]))
    if meta.date is not None:
        tags.add(id3.TDRC(encoding=3, text=[meta.date.isoformat()]))
    if meta.text:
        tags.add(id3.USLT(encoding=3, lang=code, desc="", text=meta.text))
    if meta.cover is not None:
        mime, data = _cover(meta.cover)
        tags.add(
            id3.APIC(encoding=3, mime=mime, type=id3.PictureType.COVER_FRONT, desc="", data=data)
        )
    ids = [f"ch{index}" for index in range(len(meta.chapters))]
    if ids:
        tags.add(
            id3.CTOC(
                element_id="toc",
                flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[id3.TIT2(encoding=3, text=[meta.title])],
            )
        )
    for element_id, chapter in zip(ids, meta.chapters, strict=True):
        tags.add(
            id3.CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[id3.TIT2(encoding=3, text=[chapter.title])],
            )
        )
    tags.update_to_v23()  # TDRC becomes TYER + TDAT, as ID3v2.3 readers expect
    tags.save(path, v2_version=3, padding=lambda _info: 0)


def tag_opus(path: Path, meta: AudioMetadata) -> None:
    """Write Vorbis comments, chapters (CHAPTERnnn) included, into the Ogg Opus file ``path``."""
    audio = oggopus.OggOpus(path)
    comments: list[tuple[str, str]] = [("TITLE", meta.title), ("LANGUAGE", meta.lang)]
    if meta.issuer:
        comments += [("ARTIST", meta.issuer), ("ORGANIZATION", meta.issuer)]
    if meta.series:
        comments.append(("ALBUM", meta.series))
    if meta.date is not None:
        comments.append(("DATE", meta.date.isoformat()))
    for number, chapter in enumerate(meta.chapters, start=1):
        comments += [
            (f"CHAPTER{number:03d}", timestamp(chapter.start_ms)),
            (f"CHAPTER{number:03d}NAME", chapter.title),
        ]
    if meta.cover is not None:
        mime, data = _cover(meta.cover)
        picture = flac.Picture()
        picture.type, picture.mime, picture.data = id3.PictureType.COVER_FRONT, mime, data
        comments.append(("METADATA_BLOCK_PICTURE", base64.b64encode(picture.write()).decode()))
    audio.tags.clear()
    audio.tags.extend(comments)
    audio.save(padding=lambda _info: 0)
