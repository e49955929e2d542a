"""The Markdown reader: one edition per file, YAML front matter then the body.

The parser is markdown-it-py (CommonMark) with tables, front matter and the pandoc extensions
press offices' tools write, each read into the model so every format prints and reads it:

- attribute spans, ``[Allin p'unchaw]{lang=qu}``, and fenced divs, ``::: {lang=qu}`` ... ``:::``,
  for a phrase or whole passages in another language;
- footnotes, ``text[^1]`` and ``[^1]: the note``, placed at the end of the section that calls
  them (before the next top-level heading, or at the end);
- ``~~struck through~~``, ``^superscript^``, ``~subscript~``;
- heading ids, ``## Contacto {#contacto}``, which ``[...](#contacto)`` links to.

Raw HTML is refused with its line (HTML comments are dropped: they are notes to the authors),
so markup is never printed or read aloud. Blocks come out with empty ids and unmarked
abbreviations; :mod:`publisher.sources.blocks` gives both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.model import (
    CONTAINERS,
    Block,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Span,
    Styled,
    Table,
    Text,
    walk_blocks,
)
from publisher.sources.draft import Draft, ReadContext
from publisher.sources.metadata import EDITION_KEYS, checked_mapping, optional_str, tag
from publisher.sources.paths import local_target, read_text
from publisher.sources.yaml_reader import load_yaml

MAX_DEPTH = 12
"""The deepest nesting of lists, quotes, emphasis and spans a release may use."""
PARSER = (
    # Raw HTML is parsed, so that it can be refused by line rather than printed as text.
    MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_DEPTH})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .use(attrs_plugin, spans=True)
    .use(footnote_plugin)
    .use(superscript_plugin)
    .use(sub_plugin)
    .use(container_plugin, name="div", validate=lambda params, markup: True)
    .use(deflist_plugin)  # parsed to be refused by line, not printed as ": definition"
)
STYLES = {"s": "strike", "sup": "sup", "sub": "sub"}
"""markdown-it's node types for struck-through, superscript and subscript text."""
HEADING_ID = re.compile(r"\s*\{#(?P<id>[^\s{}]*)\}\s*$")
VALID_ID = re.compile(r"[A-Za-z][\w-]*")
DIV_LANG = re.compile(r"""\{\s*lang\s*=\s*(?P<q>["']?)(?P<lang>[^"'\s}]+)(?P=q)\s*\}""")
UNDEFINED_NOTE = re.compile(r"\[\^[^\]\s]+\]")
# Every link and image becomes a node, whatever its address, so that the release's own check
# refuses unsafe ones with a message: markdown-it would leave "[x](javascript:...)" as text.
PARSER.validateLink = lambda url: True  # type: ignore[method-assign]


class MarkdownProblem(Exception):
    """Something in the body that the release cannot contain; ``line`` is 1-based."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """The blocks of the body with the source line of each top-level one."""

    blocks: tuple[Block, ...]
    lines: tuple[int, ...]


FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)

PathCheck = Callable[[str, str, int | None], Path | None]
"""Called with (kind, target, line) for every image and local link: refuses unsafe paths and
gives an image's resolved file."""


def read(path: Path, context: ReadContext) -> list[Draft]:
    """Read one Markdown edition file (front matter, then the body)."""
    text = read_text(path, context.root)
    if not text.startswith("---\n"):
        raise SourceError(path, "must begin with YAML front matter between '---' lines", 1)

    def check_path(kind: str, target: str, line: int | None) -> Path | None:
        return local_target(
            context.root, path, "image" if kind == "image" else "link", target, line
        )

    end = FRONT_MATTER_END.search(text, 3)
    if end is None:
        raise SourceError(
            path, "the front matter is not closed: add a line '---' after its last key", 1
        )
    front = checked_mapping(load_yaml(path, text[4 : end.start()], 2), path, EDITION_KEYS)
    lang = tag(front.get("lang"), path, "lang", front)
    try:
        body = parse_body(text, lang, check_path)
    except MarkdownProblem as problem:
        raise SourceError(path, problem.message, problem.line) from None
    title = front.get("title")
    if title is not None and not isinstance(title, str):
        raise SourceError(
            path,
            f'the title must be text: put it in quotes, title: "{title}"',
            front.line("title"),
        )
    if title is None or not title.strip():
        raise SourceError(path, "front matter has no title: add 'title: ...'", 2)
    if not body.blocks:
        raise SourceError(
            path, "the document is empty: write its paragraphs below the front matter"
        )
    summary = optional_str(front.get("summary"), path, "summary", front)
    return [
        Draft(
            lang=lang,
            title=" ".join(title.split()),
            blocks=body.blocks,
            lines=body.lines,
            source=path.resolve(),
            summary=summary,
        )
    ]


def parse_body(text: str, lang: str, check_path: PathCheck) -> ParsedBody:
    """Parse a whole edition file (front matter and body) into blocks with empty ids."""
    env: dict[str, Any] = {}
    tokens = PARSER.parse(text, env)
    _check_depth(tokens)
    _check_notes_called(env, text)
    root = SyntaxTreeNode(tokens)
    builder = _BlockBuilder(check_path)
    for node in root.children:
        if node.type == "footnote_block":
            builder.read_notes(node, lang)
    body = _Body(builder.notes, lang)
    for node in root.children:
        if node.type in ("front_matter", "footnote_block"):  # read apart, not body blocks
            continue
        for block, line in builder.top(node, lang):
            body.add(block, line)
    body.flush()
    return ParsedBody(tuple(body.blocks), tuple(body.lines))


class _Body:
    """Top-level blocks, each section followed by the notes it calls that no section placed."""

    def __init__(self, notes: dict[int, tuple[tuple[Inline, ...], int]], lang: str) -> None:
        self.notes = notes
        self.lang = lang
        self.blocks: list[Block] = []
        self.lines: list[int] = []
        self.pending: list[int] = []
        self.placed: set[int] = set()

    def add(self, block: Block, line: int) -> None:
        if isinstance(block, Heading):
            self.flush()
        self.blocks.append(block)
        self.lines.append(line)
        self.pending += [n for n in _note_calls(block) if n not in self.pending]

    def flush(self) -> None:
        due = [n for n in self.pending if n not in self.placed]
        self.pending = []
        if not due:
            return
        self.placed.update(due)
        notes = tuple(Note(n, self.notes[n][0]) for n in due)
        self.blocks.append(Notes("", self.lang, notes))
        self.lines.append(self.notes[due[0]][1])


def _note_calls(block: Block) -> list[int]:
    """The numbers of the notes a block calls, in order."""
    found: list[int] = []
    for inner in walk_blocks((block,)):
        groups: tuple[tuple[Inline, ...], ...] = ()
        if isinstance(inner, Heading | Paragraph):
            groups = (inner.children,)
        elif isinstance(inner, Figure):
            groups = (inner.caption,)
        elif isinstance(inner, Table):
            groups = (*inner.header, *(cell for row in inner.rows for cell in row))
        for inlines in groups:
            found += [n.number for n in _walk_inlines(inlines) if isinstance(n, NoteRef)]
    return found


def _walk_inlines(nodes: tuple[Inline, ...]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        out.append(node)
        if isinstance(node, CONTAINERS):
            out += _walk_inlines(node.children)
    return out


def _check_notes_called(env: dict[str, Any], text: str) -> None:
    """Refuse a footnote that is written but never called (it would be silently lost)."""
    refs = env.get("footnotes", {}).get("refs", {})
    for key, number in refs.items():
        if number == -1:
            label = key[1:]
            where = text.find(f"[^{label}]:")
            line = text.count("\n", 0, where) + 1 if where >= 0 else None
            raise MarkdownProblem(
                line,
                f"the footnote [^{label}] is never called: put [^{label}] in the text where it "
                "belongs, or delete the note",
            )


def _check_depth(tokens: list[Token]) -> None:
    """Refuse nesting deeper than MAX_DEPTH, before anything recurses into it.

    A list level is two token levels (the list and its item), a quote one; inline levels
    (emphasis, spans, links) count one each, on top of their block's.
    """
    line: int | None = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        inner = max((child.level for child in token.children or ()), default=0)
        if token.level > 2 * MAX_DEPTH + 1 or inner > MAX_DEPTH:
            raise MarkdownProblem(
                line,
                f"lists, quotes or emphasis nested more than {MAX_DEPTH} levels deep; "
                "flatten the structure",
            )


def _line(node: SyntaxTreeNode) -> int | None:
    return node.map[0] + 1 if node.map else None


class _BlockBuilder:
    def __init__(self, check_path: PathCheck) -> None:
        self.check_path = check_path
        self.notes: dict[int, tuple[tuple[Inline, ...], int]] = {}
        """Footnote number -> (its text, its line)."""

    def top(self, node: SyntaxTreeNode, lang: str) -> list[tuple[Block, int]]:
        """The blocks a top-level node gives (a fenced div gives its own), with their lines."""
        if node.type == "container_div":
            div_lang = self.div_lang(node, lang)
            return [pair for child in node.children for pair in self.top(child, div_lang)]
        return [(block, _line(node) or 1) for block in self.blocks(node, lang)]

    def blocks(self, node: SyntaxTreeNode, lang: str) -> list[Block]:
        """The blocks of one node: none for an HTML comment, a fenced div's children."""
        if node.type == "container_div":
            div_lang = self.div_lang(node, lang)
            return [b for child in node.children for b in self.blocks(child, div_lang)]
        if node.type == "html_block":
            _refuse_html(node.content, _line(node))
            return []
        return [self.block(node, lang)]

    def div_lang(self, node: SyntaxTreeNode, lang: str) -> str:
        """The language a fenced div ``::: {lang=qu}`` sets for the passages inside it."""
        line = _line(node)
        params = node.info.strip()
        match = DIV_LANG.fullmatch(params)
        if match is None:
            raise MarkdownProblem(
                line,
                f"a fenced div '::: {params}' is supported only to mark a passage in another "
                "language: write '::: {lang=qu}' (other classes and ids are not supported)",
            )
        try:
            return normalize_tag(match["lang"])
        except ValueError as error:
            raise MarkdownProblem(line, str(error)) from None

    def read_notes(self, node: SyntaxTreeNode, lang: str) -> None:
        """The footnotes' texts (markdown-it numbers them by their first call, from 0)."""
        for note in node.children:
            number = int(note.meta["id"]) + 1
            parts: list[Inline] = []
            line = next((_line(c) for c in note.children if c.map), None) or 1
            for child in note.children:
                if child.type != "paragraph":
                    raise MarkdownProblem(
                        _line(child) or line,
                        "a footnote may hold only text: write lists, quotes and tables in the body",
                    )
                if parts:
                    parts.append(LineBreak(lang))
                parts += self.inlines(child.children[0], lang, _line(child))
            if any(isinstance(n, NoteRef) for n in _walk_inlines(tuple(parts))):
                raise MarkdownProblem(line, "a footnote cannot call another footnote")
            self.notes[number] = (_merge_text(parts), line)

    def block(self, node: SyntaxTreeNode, lang: str) -> Block:
        line = _line(node)
        match node.type:
            case "heading":
                level = int(node.tag[1])
                if level == 1:
                    raise MarkdownProblem(
                        line,
                        "a level-1 heading in the body: the title comes from the front "
                        "matter, start sections at ##",
                    )
                return self.heading(node, lang, level, line)
            case "paragraph":
                inline = node.children[0]
                only = [
                    c for c in inline.children if not (c.type == "text" and not c.content.strip())
                ]
                if len(only) == 1 and only[0].type == "image":
                    image = self.image(only[0], lang, line)
                    return Figure("", lang, image.src, image.alt, path=image.path)
                return Paragraph("", lang, self.inlines(inline, lang, line))
            case "blockquote":
                return Quote("", lang, self.children(node, lang))
            case "bullet_list" | "ordered_list":
                items = tuple(self.children(item, lang) for item in node.children)
                return ListBlock("", lang, node.type == "ordered_list", items)
            case "table":
                return self.table(node, lang)
            case "hr":
                raise MarkdownProblem(
                    line, "a thematic break (---) is not supported; use a heading"
                )
            case "dl":
                raise MarkdownProblem(
                    line,
                    "definition lists (a term, then ': its definition') are not supported; "
                    "write a list instead: '- **Term**: definition'",
                )
            case "code_block" | "fence":
                raise MarkdownProblem(line, "code blocks are not supported in a release")
            case _:
                raise MarkdownProblem(line, f"unsupported Markdown element '{node.type}'")

    def children(self, node: SyntaxTreeNode, lang: str) -> tuple[Block, ...]:
        return tuple(b for child in node.children for b in self.blocks(child, lang))

    def heading(self, node: SyntaxTreeNode, lang: str, level: int, line: int | None) -> Heading:
        """A heading, with the id ``{#id}`` at its end gives it."""
        children = self.inlines(node.children[0], lang, line)
        last = children[-1] if children else None
        match = HEADING_ID.search(last.text) if isinstance(last, Text) else None
        if match is None or not isinstance(last, Text):
            return Heading("", lang, level, children)
        anchor = match["id"]
        if not VALID_ID.fullmatch(anchor):
            raise MarkdownProblem(
                line,
                f"heading id '{{#{anchor}}}': an id begins with a letter and holds only "
                "letters, digits, '-' and '_'",
            )
        rest = last.text[: match.start()]
        children = (*children[:-1], Text(rest, last.lang)) if rest else children[:-1]
        return Heading("", lang, level, children, anchor)

    def table(self, node: SyntaxTreeNode, lang: str) -> Table:
        line = _line(node)
        header: tuple[tuple[Inline, ...], ...] = ()
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(self.inlines(cell.children[0], lang, line) for cell in row.children)
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table("", lang, header, tuple(rows))

    def inlines(self, node: SyntaxTreeNode, lang: str, line: int | None) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            match child.type:
                case "text":
                    out.extend(self.text(child.content, lang, line))
                case "softbreak":
                    out.extend(self.text(" ", lang))
                case "hardbreak":
                    out.append(LineBreak(lang))
                case "em" | "strong":
                    out.append(
                        Emphasis(self.inlines(child, lang, line), lang, child.type == "strong")
                    )
                case "span":
                    out.append(self.span(child, lang, line))
                case "link":
                    href = str(child.attrs.get("href", ""))
                    self.check_path("link", href, line)
                    out.append(Link(href, self.inlines(child, lang, line), lang))
                case "image":
                    out.append(self.image(child, lang, line))
                case "code_inline":
                    out.extend(self.text(child.content, lang))
                case "s" | "sup" | "sub":
                    style = STYLES[child.type]
                    out.append(Styled(self.inlines(child, lang, line), lang, style))  # type: ignore[arg-type]
                case "footnote_ref":
                    out.append(NoteRef(int(child.meta["id"]) + 1, lang))
                case "footnote_anchor":  # the way back from a note to its call
                    continue
                case "html_inline":
                    _refuse_html(child.content, line)
                case _:
                    raise MarkdownProblem(line, f"unsupported inline Markdown '{child.type}'")
        return _merge_text(out)

    def span(self, node: SyntaxTreeNode, lang: str, line: int | None) -> Inline:
        raw = node.attrs.get("lang")
        if raw is None:
            raise MarkdownProblem(line, "a [text]{...} span needs a lang attribute, e.g. {lang=qu}")
        try:
            span_lang = normalize_tag(str(raw))
        except ValueError as error:
            raise MarkdownProblem(line, str(error)) from None
        return Span(self.inlines(node, span_lang, line), span_lang)

    def image(self, node: SyntaxTreeNode, lang: str, line: int | None) -> Image:
        src = str(node.attrs.get("src", ""))
        alt = "".join(c.content for c in node.children).strip()
        if not alt:
            raise MarkdownProblem(
                line, f"image '{src}' has no alt text: write ![what it shows]({src})"
            )
        path = self.check_path("image", src, line)
        return Image(src, alt, lang, path)

    def text(self, content: str, lang: str, line: int | None = None) -> list[Inline]:
        if (call := UNDEFINED_NOTE.search(content)) is not None:
            raise MarkdownProblem(
                line,
                f"the footnote {call[0]} is called but never written: add a line "
                f"'{call[0]}: the note' below the paragraph",
            )
        return [Text(content, lang)]


def _refuse_html(markup: str, line: int | None) -> None:
    """HTML comments are dropped; any other HTML is refused, never printed or read aloud."""
    if markup.strip().startswith("<!--"):
        return
    shown = " ".join(markup.split())
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    raise MarkdownProblem(
        line,
        f"raw HTML '{shown}' is not allowed: write Markdown instead (*emphasis*, **strong**, "
        "[a phrase]{lang=qu}, ~~struck~~, ^sup^, ~sub~), or escape the '<' as '\\<'",
    )


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring Text nodes of one language, as the parser splits text at brackets."""
    merged: list[Inline] = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if isinstance(node, Text) and isinstance(previous, Text) and previous.lang == node.lang:
            merged[-1] = Text(previous.text + node.text, node.lang)
        else:
            merged.append(node)
    return tuple(merged)
