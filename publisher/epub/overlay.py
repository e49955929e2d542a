"""Media Overlays (EPUB 3 read-along): the narration's timing as SMIL, passage by passage.

A narrated EPUB holds the text, the edition's MP3 and one SMIL document per content document.
Each ``<par>`` of the SMIL pairs one utterance of the spoken script with the element of the
text it reads, so a reading system highlights that element while its audio plays.

DESIGN

- **Granularity.** An utterance is one sentence of a block (or the part of a sentence in one
  language). Its written text is found in the block's text as the narration reads it, and that
  stretch is wrapped in ``<span id="<block>-s<n>" class="sentence">`` by
  :mod:`publisher.render.html`; the text EPUB, written without ``sentences``, stays as it was.
  A numbered item's first sentence is wrapped without the number the narration says before
  it. A figure's alt text points to the figure, a table row read as "header: cell" to its row
  (``<tr id="<table>-r<n>">``). Where a sentence cannot be wrapped exactly (its boundary falls
  inside a link or an image's alt text), the utterance points to its block. Every target is
  checked against the written XHTML, its text against the utterance's, else the block is used.
- **Clips.** ``clipBegin`` is where the utterance's speech starts in the narration and
  ``clipEnd`` where the next one starts (the end of the audio for the last): the pause after a
  sentence belongs to its clip. A reading system may jump over the gap between two clips, and
  clips that stopped at the end of the speech would then play the narration with its pauses
  cut out. Times are the narration's own, to the millisecond.
- **Package metadata.** ``media:duration`` (per SMIL, refining its manifest item, and for the
  whole publication) and ``media:active-class`` are written as ``<meta>`` elements here:
  ebooklib's ``EpubHtml(media_duration=...)`` writes a ``duration`` attribute on the manifest
  item, which EPUB does not have. The active class is not the customary
  ``-epub-media-overlay-active``: the text EPUB shares the stylesheet, and EPUBCheck reports
  that reserved name in an EPUB that declares no ``media:active-class``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby
from xml.etree import ElementTree

from ebooklib import epub

from publisher.model import (
    Block,
    Edition,
    Figure,
    Heading,
    ListBlock,
    Notes,
    Paragraph,
    Quote,
    Release,
    Table,
    plain_text,
)
from publisher.render.html import (
    EPUB_NS,
    XHTML_NS,
    date_id,
    issuer_id,
    row_id,
    sentence_id,
    title_id,
)
from publisher.speech.script import Utterance

SMIL_NS = "http://www.w3.org/ns/SMIL"
"""Namespace of SMIL 3.0, the Media Overlays document format."""
AUDIO_FOLDER = "audio/"
"""Folder of the narration in the EPUB, relative to the package document."""
ACTIVE_CLASS = "read-along-active"
"""Class a reading system puts on the element being read (``media:active-class``); the EPUB
stylesheet styles it."""
HEAD_BLOCK = "title"
"""Block id of the utterances that read the head of the release (issuer, title, date)."""


@dataclass(frozen=True, slots=True)
class Timed:
    """One utterance and where its speech lies in the narration."""

    utterance: Utterance
    start_ms: float
    """Start of its speech."""
    end_ms: float
    """End of its speech; its pause follows."""


@dataclass(frozen=True, slots=True)
class Recording:
    """An edition's narration: the audio file and the timing of every utterance in it."""

    audio: bytes
    """The audio file as published (the edition's MP3)."""
    media_type: str
    """Its core media type (``audio/mpeg``)."""
    suffix: str
    """Its file name suffix (``.mp3``)."""
    timeline: tuple[Timed, ...]
    """Every utterance of the spoken script, in order."""
    duration_ms: float
    """Playing time of the whole narration, the pause after the last utterance included."""


@dataclass(frozen=True, slots=True)
class Par:
    """One ``<par>``: an element of the text and the stretch of audio that reads it."""

    fragment: str
    """The element's id in the content document."""
    clip_begin_ms: int
    clip_end_ms: int
    sentence: bool
    """Whether it points to the utterance's own sentence (else to its block or table row)."""


@dataclass(frozen=True, slots=True)
class Overlay:
    """The Media Overlay of one content document."""

    document: str
    """The content document's path, relative to the package document."""
    file_name: str
    """The SMIL document's path, relative to the package document."""
    audio_href: str
    """The audio file's path, relative to the package document."""
    pars: tuple[Par, ...]
    fully_narrated: bool
    """Every text of the document's body (and every image's alt text) is in a synchronised
    element, so listening alone misses nothing."""

    @property
    def duration_ms(self) -> int:
        """Sum of the clips' durations."""
        return sum(p.clip_end_ms - p.clip_begin_ms for p in self.pars)

    def smil(self) -> bytes:
        """The SMIL document."""
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<smil xmlns="{SMIL_NS}" xmlns:epub="{EPUB_NS}" version="3.0">',
            f'<body epub:textref="{escape(self.document)}">',
        ]
        for number, par in enumerate(self.pars, 1):
            lines.append(
                f'<par id="par-{number}">'
                f'<text src="{escape(self.document)}#{escape(par.fragment)}"/>'
                f'<audio src="{escape(self.audio_href)}" clipBegin="{clock(par.clip_begin_ms)}" '
                f'clipEnd="{clock(par.clip_end_ms)}"/></par>'
            )
        lines += ["</body>", "</smil>", ""]
        return "\n".join(lines).encode("utf-8")


def clock(ms: int) -> str:
    """A SMIL full clock value, ``h:mm:ss.fff``."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_clock(value: str) -> float:
    """Milliseconds from a full or partial clock value or a timecount (``7.5s``, ``120ms``)."""
    units = {"h": 3_600_000, "min": 60_000, "s": 1000, "ms": 1}
    match = re.fullmatch(r"([\d.]+)(h|min|s|ms)", value.strip())
    if match:
        return float(match.group(1)) * units[match.group(2)]
    total = 0.0
    for part in value.strip().split(":"):
        total = total * 60 + float(part)
    return total * 1000


# --- Where each utterance is in the text ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Passage:
    """A block read sentence by sentence: its text as read, and what is said before it."""

    block: Block
    text: str
    prefix: str = ""
    """The number the narration says before a numbered list item ("2. ")."""


def _passages(blocks: Sequence[Block]) -> Iterator[tuple[str, _Passage]]:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            yield block.id, _Passage(block, plain_text(block.children, line_break=" "))
        elif isinstance(block, Figure):
            yield block.id, _Passage(block, plain_text(block.caption, line_break=" "))
        elif isinstance(block, Table | Notes):
            yield block.id, _Passage(block, "")
        elif isinstance(block, Quote):
            yield from _passages(block.blocks)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, block.start):
                for index, (ident, passage) in enumerate(_passages(item)):
                    numbered = block.ordered and index == 0 and isinstance(item[0], Paragraph)
                    prefix = f"{number}. " if numbered else ""
                    yield ident, _Passage(passage.block, passage.text, prefix)


def _locate(text: str, written: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each written text lies in ``text``, one after the other; None if one does not."""
    position = 0
    found = []
    for words in (w.split() for w in written):
        if not words:
            return None
        pattern = re.compile(r"\s*(" + r"\s+".join(map(re.escape, words)) + ")")
        match = pattern.match(text, position)
        if match is None:
            return None
        found.append(match.span(1))
        position = match.end()
    return found


@dataclass(frozen=True, slots=True)
class Target:
    """Where one utterance should point: its own element if the XHTML has it, else its block."""

    preferred: str | None
    expected: str | None
    """Text the preferred element must hold (None: any)."""
    fallback: str
    sentence: bool = False
    """Whether the preferred element is the utterance's own sentence."""


@dataclass(frozen=True, slots=True)
class ReadAlong:
    """The sentence stretches to wrap in the XHTML, and each utterance's target."""

    sentences: Mapping[str, Sequence[tuple[int, int]]]
    """Block id -> stretches of its text, for :class:`publisher.render.html.HtmlOptions`."""
    targets: tuple[Target, ...]
    """One per utterance of the timeline."""


def plan(release: Release, edition: Edition, timeline: Sequence[Timed]) -> ReadAlong:
    """The sentences to wrap in ``edition``'s XHTML and the element each utterance reads."""
    passages = dict(_passages(edition.blocks))
    sentences: dict[str, list[tuple[int, int]]] = {}
    targets: list[Target] = []
    for block_id, timed in groupby(timeline, key=lambda t: t.utterance.block_id):
        group = [t.utterance for t in timed]
        passage = passages.get(block_id)
        if block_id == HEAD_BLOCK or passage is None:
            targets += _head_targets(release, edition, group)
        elif isinstance(passage.block, Table):
            targets += _row_targets(passage.block, group)
        else:
            said = group
            if isinstance(passage.block, Figure):  # the alt text first, then the caption
                targets.append(Target(None, None, block_id))
                said = group[1:]
            found = None if block_id in sentences else _sentences(passage, said)
            if found is None:
                targets += [Target(None, None, block_id)] * len(said)
                continue
            sentences[block_id] = found
            targets += [
                Target(sentence_id(block_id, n), passage.text[a:z], block_id, sentence=True)
                for n, (a, z) in enumerate(found, 1)
            ]
    return ReadAlong(sentences, tuple(targets))


def _sentences(passage: _Passage, said: Sequence[Utterance]) -> list[tuple[int, int]] | None:
    if not said:
        return None
    found = _locate(passage.prefix + passage.text, [u.written for u in said])
    if found is None:
        return None
    shift = len(passage.prefix)
    stretches = [(max(a - shift, 0), z - shift) for a, z in found]
    return stretches if all(a < z for a, z in stretches) else None


def _head_targets(release: Release, edition: Edition, group: Sequence[Utterance]) -> list[Target]:
    lang = edition.lang
    lines = {edition.title: title_id(lang)}
    issuer = release.issuer_in(lang)
    if issuer:
        lines[issuer] = issuer_id(lang)
    targets = []
    for utterance in group:
        ident = lines.get(utterance.written)
        # The date is said as written where the language's rules read it (see speech.script).
        preferred = ident or date_id(lang)
        expected = None if ident else utterance.written
        targets.append(Target(preferred, expected, title_id(lang)))
    return targets


def _row_targets(table: Table, group: Sequence[Utterance]) -> list[Target]:
    """A row per utterance when every row read is one utterance; else the table."""
    read = [n for n, row in enumerate(table.rows, 1) if any(plain_text(c).strip() for c in row)]
    if len(read) != len(group):
        return [Target(None, None, table.id)] * len(group)
    return [Target(row_id(table.id, n), None, table.id) for n in read]


# --- The overlay of a written content document ------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


def _element_text(element: ElementTree.Element) -> str:
    """Text of an element as read: an image's alt text, a space for a line break."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{XHTML_NS}}}img":
            parts.append(child.get("alt", ""))
        elif child.tag == f"{{{XHTML_NS}}}br":
            parts.append(" ")
        else:
            parts.append(_element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _covered(element: ElementTree.Element, targets: set[str], inside: bool) -> bool:
    """Whether every text and alt text under ``element`` is inside a target element."""
    inside = inside or element.get("id", "") in targets
    said = any(c.isalnum() for c in element.text or "") or bool(element.get("alt", "").strip())
    if not inside and said:
        return False
    for child in element:
        if not _covered(child, targets, inside):
            return False
        if not inside and any(c.isalnum() for c in child.tail or ""):
            return False
    return True


def synchronise(
    read_along: ReadAlong, recording: Recording, *, document: str, xhtml: bytes, audio_href: str
) -> Overlay:
    """The overlay of the content document ``document`` (its bytes ``xhtml``).

    Each planned target is used only if the document holds it with the expected text.
    """
    root = ElementTree.fromstring(xhtml)
    texts = {e.get("id", ""): e for e in root.iter() if e.get("id")}
    fragments: list[tuple[str, bool]] = []
    for target in read_along.targets:
        element = texts.get(target.preferred or "")
        good = element is not None and (
            target.expected is None or _normal(_element_text(element)) == _normal(target.expected)
        )
        if good and target.preferred:
            fragments.append((target.preferred, target.sentence))
        else:
            fragments.append((target.fallback, False))
    starts = [round(t.start_ms) for t in recording.timeline]
    ends = [*starts[1:], math.floor(recording.duration_ms)]  # never past the audio's end
    pars = tuple(
        Par(fragment, begin, end, sentence)
        for (fragment, sentence), begin, end in zip(fragments, starts, ends, strict=True)
    )
    missing = sorted({p.fragment for p in pars} - set(texts))
    if missing:
        raise ValueError(f"{document} has no element with id {', '.join(missing)}")
    body = root.find(f"{{{XHTML_NS}}}body")
    targets = {p.fragment for p in pars}
    full = body is not None and _covered(body, targets, False)
    return Overlay(document, smil_name(document), audio_href, pars, full)


def smil_name(document: str) -> str:
    """The SMIL document of a content document: ``es.smil`` for ``es.xhtml``."""
    return re.sub(r"\.x?html?$", "", document) + ".smil"


def add_media_metadata(book: epub.EpubBook, overlays: Sequence[tuple[str, Overlay]]) -> None:
    """``media:duration`` of each SMIL (by manifest id) and of all, and ``media:active-class``."""
    for uid, overlay in overlays:
        attrs = {"property": "media:duration", "refines": f"#{uid}"}
        book.add_metadata(None, "meta", clock(overlay.duration_ms), attrs)
    total = sum(overlay.duration_ms for _, overlay in overlays)
    book.add_metadata(None, "meta", clock(total), {"property": "media:duration"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
