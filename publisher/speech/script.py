"""Release edition -> spoken script: what is read, in which voice, with which pauses.

What is read, in order: the issuing body (when known), the title, the date of issue (when known, as
the page writes it, in a language whose spoken forms read numbers), then the body: headings;
paragraphs sentence by sentence; lists item by item (numbered ones with their numbers, from the
list's start); code as written; tables row by row as "header: cell" phrases; images as their
alt text after "Image:" (the ``image`` label); quotations as their paragraphs; footnotes where
the source puts them (at the end of the section that calls them), each after "Note 1:" (the
``note`` label), and not where they are called. Every text is read in its spoken form
(:mod:`publisher.speech.normalize`), in its own language's voice: a passage in another language
inside a sentence is its own utterance, with no pause around it.

Chapters: the head is the first; each top-level heading starts one; a body without headings is cut
into parts of about :data:`BLOCKS_PER_CHAPTER` blocks, named by the ``part`` label
("Parte 2").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import assert_never

from publisher.languages import primary
from publisher.model import (
    Abbr,
    Block,
    Edition,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Release,
    Span,
    Styled,
    Table,
    Text,
    plain_text,
)
from publisher.render.labels import format_date, label
from publisher.speech.normalize import Lexicon, has_rules, load_lexicon, spoken_form
from publisher.speech.normalize.sentences import split_sentences

PAUSE_JOIN_MS = 0
"""Between the pieces of one sentence read in different languages."""
PAUSE_SENTENCE_MS = 300
PAUSE_ITEM_MS = 500
"""After a list item or a table row."""
PAUSE_PARAGRAPH_MS = 700
"""After a paragraph, an image, a list, a table, a line of the head."""
PAUSE_SECTION_MS = 1200
"""After the head and after a heading."""
BLOCKS_PER_CHAPTER = 4
"""Chapter length of a body without headings."""
"""Labels for a language whose lexicon gives none."""


@dataclass(frozen=True, slots=True)
class Utterance:
    """One sentence (or heading, or title line) as it is spoken."""

    spoken: str
    """The text sent to the engine, in spoken forms ("nueve mil", "séptima")."""
    written: str
    """The sentence as written, for captions and read-along."""
    lang: str
    """BCP 47 tag of the voice that reads it."""
    block_id: str
    """Id of the model block it comes from ("title" for the head of the release)."""
    pause_after_ms: int
    """Silence after it: longer after a section than after a sentence."""
    chapter: str | None = None
    """Set on the first utterance of a chapter: the chapter's title."""


@dataclass(frozen=True, slots=True)
class Script:
    """Everything read aloud for one edition, in order."""

    lang: str
    title: str
    utterances: tuple[Utterance, ...]


def speech_script(release: Release, edition: Edition) -> Script:
    """The spoken script of one edition of a release."""
    reader = _Reader(release, edition)
    utterances = reader.head()
    titles = reader.chapter_titles()
    pending: str | None = None
    for index, block in enumerate(edition.blocks):
        pending = titles.get(index, pending)
        spoken = reader.block(block)
        if spoken and pending is not None:
            spoken[0] = replace(spoken[0], chapter=pending)
            pending = None
        utterances.extend(spoken)
    return Script(edition.lang, edition.title, tuple(utterances))


def clip_script(release: Release, edition: Edition) -> Script:
    """What a short clip of the edition says: its head, then its summary or its lede.

    The head is the issuer, title and date; the lede, the first paragraph, stands in for a
    summary when the source gives none.
    """
    reader = _Reader(release, edition)
    utterances = reader.head()
    if edition.summary:
        summary = (Text(edition.summary, edition.lang),)
        utterances += reader.passage(summary, "summary", PAUSE_PARAGRAPH_MS)
    else:
        lede = next((b for b in edition.blocks if isinstance(b, Paragraph)), None)
        utterances += reader.block(lede) if lede is not None else []
    return Script(edition.lang, edition.title, tuple(utterances))


def format_script(script: Script) -> str:
    """A proofreading listing: one line per utterance (block, voice, pause, spoken text)."""
    lines = [f"# {script.title} [{script.lang}]"]
    for utterance in script.utterances:
        if utterance.chapter is not None:
            lines.extend(["", f"== {utterance.chapter} =="])
        lines.append(
            f"{utterance.block_id:<8} {utterance.lang:<7} {utterance.pause_after_ms:>5} ms  "
            f"{utterance.spoken}"
        )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class _Run:
    """Text in one language."""

    text: str
    lang: str


class _Reader:
    """Turns the blocks of one edition into utterances."""

    def __init__(self, release: Release, edition: Edition) -> None:
        self.release = release
        self.edition = edition
        self.lexicons: dict[str, Lexicon] = {}

    def lexicon(self, lang: str) -> Lexicon:
        if lang not in self.lexicons:
            self.lexicons[lang] = load_lexicon(lang, self.release.lexicons)
        return self.lexicons[lang]

    def say(self, text: str, lang: str) -> str:
        table = self.release.abbreviations
        abbreviations = table.get(lang) or table.get(primary(lang)) or {}
        return spoken_form(text, lang, abbreviations, self.lexicon(lang))

    def label(self, key: str) -> str:
        """A word the script says itself: the release's lexicon's, else the shared label."""
        lang = self.edition.lang
        return self.lexicon(lang).labels.get(key) or label(key, lang)

    def head(self) -> list[Utterance]:
        """Issuer, title and date, the first chapter: each its own line, said as a sentence.

        A line that does not end in a sentence's mark gets a full stop, so the voice closes
        the issuer before the headline and the headline before the date.
        """
        lang = self.edition.lang
        day = self.release.date  # said where the language's rules read its numbers
        date = format_date(day, lang) if day and has_rules(lang) else None
        lines = [line for line in (self.release.issuer_in(lang), self.edition.title, date) if line]
        utterances = [
            Utterance(_sentence(self.say(line, lang)), line, lang, "title", PAUSE_PARAGRAPH_MS)
            for line in lines
        ]
        utterances[0] = replace(utterances[0], chapter=self.edition.title)
        utterances[-1] = replace(utterances[-1], pause_after_ms=PAUSE_SECTION_MS)
        return utterances

    def chapter_titles(self) -> dict[int, str]:
        """Chapter titles by the index of the body block that starts them."""
        blocks = self.edition.blocks
        headings = {
            index: plain_text(block.children).strip()
            for index, block in enumerate(blocks)
            if isinstance(block, Heading)
        }
        if headings:
            return headings
        count = -(-len(blocks) // BLOCKS_PER_CHAPTER)
        part = self.label("part")
        return {-(-k * len(blocks) // count): f"{part} {k + 1}" for k in range(count)}

    def block(self, block: Block) -> list[Utterance]:
        """The utterances of one block, the last one followed by the block's pause."""
        match block:
            case Heading():
                return self.passage(block.children, block.id, PAUSE_SECTION_MS, split=False)
            case Paragraph():
                return self.passage(block.children, block.id, PAUSE_PARAGRAPH_MS)
            case Figure():
                alt = (Text(f"{self.label('image')}: {block.alt}", block.lang),)
                return [
                    *self.passage(alt, block.id, PAUSE_PARAGRAPH_MS, split=False),
                    *self.passage(block.caption, block.id, PAUSE_PARAGRAPH_MS),
                ]
            case Quote():
                return self.blocks(block.blocks, PAUSE_PARAGRAPH_MS)
            case ListBlock():
                return self.items(block)
            case Table():
                return self.table(block)
            case Notes():
                return self.notes(block)

    def notes(self, block: Notes) -> list[Utterance]:
        utterances: list[Utterance] = []
        for note in block.notes:
            said = (Text(f"{self.label('note')} {note.number}: ", block.lang), *note.children)
            utterances.extend(self.passage(said, block.id, PAUSE_ITEM_MS))
        return _pause_last(utterances, PAUSE_PARAGRAPH_MS)

    def blocks(self, blocks: Iterable[Block], pause: int) -> list[Utterance]:
        utterances = [u for block in blocks for u in self.block(block)]
        return _pause_last(utterances, pause)

    def items(self, block: ListBlock) -> list[Utterance]:
        utterances: list[Utterance] = []
        for number, item in enumerate(block.items, start=block.start):
            blocks = list(item)
            first = blocks[0] if blocks else None
            if block.ordered and isinstance(first, Paragraph):
                numbered = (Text(f"{number}. ", first.lang), *first.children)
                blocks[0] = Paragraph(first.id, first.lang, numbered)
            utterances.extend(self.blocks(blocks, PAUSE_ITEM_MS))
        return _pause_last(utterances, PAUSE_PARAGRAPH_MS)

    def table(self, block: Table) -> list[Utterance]:
        utterances: list[Utterance] = []
        for row in block.rows:
            phrase: list[Inline] = []
            for column, cell in enumerate(row):
                if not plain_text(cell).strip():
                    continue
                header = block.header[column] if column < len(block.header) else ()
                if phrase:
                    phrase.append(Text("; ", block.lang))
                if plain_text(header).strip():
                    phrase.extend((*header, Text(": ", block.lang)))
                phrase.extend(cell)
            utterances.extend(self.passage(tuple(phrase), block.id, PAUSE_ITEM_MS, split=False))
        return _pause_last(utterances, PAUSE_PARAGRAPH_MS)

    def passage(
        self, inlines: tuple[Inline, ...], block_id: str, pause: int, *, split: bool = True
    ) -> list[Utterance]:
        """Sentences of running text, each cut where the language changes."""
        runs = _merge(_runs(inlines))
        text = "".join(run.text for run in runs)
        if split:
            known = [w for lex in map(self.lexicon, {r.lang for r in runs}) for w in lex.words]
            sentences = split_sentences(text, [w for w in known if w.endswith(".")])
        else:
            sentences = [(0, len(text))] if text.strip() else []
        utterances: list[Utterance] = []
        for start, end in sentences:
            pieces = _pieces(runs, start, end)
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                written = " ".join(piece.text.split())
                utterances.append(
                    Utterance(
                        spoken=self.say(written, piece.lang),
                        written=written,
                        lang=piece.lang,
                        block_id=block_id,
                        pause_after_ms=PAUSE_SENTENCE_MS if last else PAUSE_JOIN_MS,
                    )
                )
        return _pause_last(utterances, pause)


def _pause_last(utterances: list[Utterance], pause: int) -> list[Utterance]:
    if utterances:
        utterances[-1] = replace(utterances[-1], pause_after_ms=pause)
    return utterances


def _runs(inlines: Iterable[Inline]) -> list[_Run]:
    """The text of inlines as read, each piece with its language; images give their alt text."""
    runs: list[_Run] = []
    for node in inlines:
        if isinstance(node, Text | Abbr):
            runs.append(_Run(node.text, node.lang))
        elif isinstance(node, Image):
            runs.append(_Run(node.alt, node.lang))
        elif isinstance(node, LineBreak):
            runs.append(_Run(" ", node.lang))
        elif isinstance(node, NoteRef):
            continue  # the note is read at the end of its section
        elif isinstance(node, Emphasis | Span | Link | Styled):
            runs.extend(_runs(node.children))
        else:
            assert_never(node)
    return runs


def _merge(runs: Iterable[_Run]) -> list[_Run]:
    """Neighbouring runs of one language joined."""
    merged: list[_Run] = []
    for run in runs:
        if merged and merged[-1].lang == run.lang:
            merged[-1] = _Run(merged[-1].text + run.text, run.lang)
        elif run.text:
            merged.append(run)
    return merged


def _pieces(runs: list[_Run], start: int, end: int) -> list[_Run]:
    """The runs between two offsets of their joined text, one piece per change of language.

    A piece with no letter or digit (a closing quotation mark) joins its neighbour.
    """
    pieces: list[_Run] = []
    position = 0
    for run in runs:
        left, right = max(start, position), min(end, position + len(run.text))
        if left < right:
            pieces.append(_Run(run.text[left - position : right - position], run.lang))
        position += len(run.text)
    pieces = [piece for piece in pieces if piece.text.strip()]
    attached: list[_Run] = []
    for index, piece in enumerate(pieces):
        if any(c.isalnum() for c in piece.text):
            attached.append(piece)
        elif attached:
            attached[-1] = _Run(attached[-1].text + piece.text, attached[-1].lang)
        elif index + 1 < len(pieces):
            pieces[index + 1] = _Run(piece.text + pieces[index + 1].text, pieces[index + 1].lang)
        else:
            attached.append(piece)
    return _merge(attached)


def _sentence(said: str) -> str:
    """A line of the head said as a sentence: a capital first, a full stop unless it has one."""
    stripped = said.rstrip()
    stripped = stripped[:1].upper() + stripped[1:]
    if (
        not stripped
        or stripped[-1] in ".!?…"
        or (stripped[-1] in '"”»)' and stripped[-2:-1] in ".!?")
    ):
        return stripped
    return f"{stripped}."
