"""The Markdown reader: one edition per file, YAML front matter then the body.

The parser is markdown-it-py (CommonMark) with tables, front matter and the pandoc extensions
press offices' tools write, each read into the model so every format prints and reads it:

- attribute spans, ``[Allin p'unchaw]{lang=qu}``, and fenced divs, ``::: {lang=qu}`` ... ``:::``,
  for a phrase or whole passages in another language;
- footnotes, ``text[^1]`` and ``[^1]: the note``, placed at the end of the section that calls
  them (before the next top-level heading, or at the end);
- ``~~struck through~~``, ``^superscript^``, ``~subscript~``;
- heading ids, ``## Contacto {#contacto}``, which ``[...](#contacto)`` links to;
- line blocks, ``| `` at the start of each line (an address, a verse), read as lines.

Every other construct no format can give its meaning is refused by name
(:mod:`publisher.sources.refusals`), so nothing is printed as markup, read aloud as markup or
dropped. Links to ``#anchor`` must name a heading's id. Blocks come out with empty ids and
unmarked abbreviations; :mod:`publisher.sources.blocks` gives both.
"""

from __future__ import annotations

import re
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
    Figure,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Note,
    NoteRef,
    Notes,
    Paragraph,
    Quote,
    Table,
    Text,
    plain_text,
    walk_blocks,
)
from publisher.sources.attributes import heading_anchor, trailing_attributes
from publisher.sources.draft import Draft, ReadContext
from publisher.sources.inlines import InlineReader, PathCheck, merge_text, refuse_html
from publisher.sources.metadata import EDITION_KEYS, checked_mapping, optional_str, tag
from publisher.sources.pasted import LINE_BLOCK, pasted_kind
from publisher.sources.paths import local_target, read_text
from publisher.sources.refusals import MarkdownProblem, refusal
from publisher.sources.yaml_reader import load_yaml

__all__ = ["PARSER", "MarkdownProblem", "ParsedBody", "parse_body", "read"]

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
DIV_LANG = re.compile(r"""\{\s*lang\s*=\s*(?P<q>["']?)(?P<lang>[^"'\s}]+)(?P=q)\s*\}""")
# Every link and image becomes a node, whatever its address, so that the release's own check
# refuses unsafe ones with a message: markdown-it would leave "[x](javascript:...)" as text.
PARSER.validateLink = lambda url: True  # type: ignore[method-assign]
FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)
REFUSED_BLOCKS = {
    "hr": "thematic-break",
    "code_block": "indented-code",
    "fence": "fenced-code",
    "dl": "definition-list",
}
"""markdown-it's block types a release refuses, with the refusal's key."""


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """The blocks of the body, with the source line of each top-level one.

    ``spans`` has the first and last line of every block, nested ones too, in
    :func:`~publisher.model.walk_blocks` order.
    """

    blocks: tuple[Block, ...]
    lines: tuple[int, ...]
    spans: tuple[tuple[int, int], ...] = ()


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
            spans=body.spans,
        )
    ]


def parse_body(text: str, lang: str, check_path: PathCheck) -> ParsedBody:
    """Parse a whole edition file (front matter and body) into blocks with empty ids."""
    env: dict[str, Any] = {}
    tokens = PARSER.parse(text, env)
    _check_depth(tokens)
    _check_notes_called(env, text)
    _check_notes_unique(text)
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
    builder.spans.update(body.spans)
    builder.check_anchors()
    blocks = tuple(body.blocks)
    spans = tuple(builder.spans[id(b)] for b in walk_blocks(blocks))
    return ParsedBody(blocks, tuple(body.lines), spans)


class _Body:
    """Top-level blocks, each section followed by the notes it calls that no section placed."""

    def __init__(self, notes: dict[int, tuple[tuple[Inline, ...], int]], lang: str) -> None:
        self.notes = notes
        self.lang = lang
        self.blocks: list[Block] = []
        self.lines: list[int] = []
        self.spans: dict[int, tuple[int, int]] = {}
        """id() of each Notes block -> its first and last line."""
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
        block = Notes("", self.lang, notes)
        self.blocks.append(block)
        self.lines.append(self.notes[due[0]][1])
        self.spans[id(block)] = (self.notes[due[0]][1], max(self.notes[n][1] for n in due))


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


_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def _check_notes_unique(text: str) -> None:
    """Refuse two footnotes written with one label (the parser keeps one and drops the other)."""
    first: dict[str, int] = {}
    for match in _NOTE_DEFINITION.finditer(text):
        label = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if label in first:
            raise MarkdownProblem(
                line,
                f"the footnote [^{label}] is written twice (lines {first[label]} and {line}): "
                "give each note its own label and call each where it belongs",
            )
        first[label] = line


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


def _span(node: SyntaxTreeNode) -> tuple[int, int]:
    """The first and last source line of a node (1-based)."""
    return (node.map[0] + 1, max(node.map[1], node.map[0] + 1)) if node.map else (1, 1)


class _BlockBuilder:
    def __init__(self, check_path: PathCheck) -> None:
        self.reader = InlineReader(check_path)
        self.notes: dict[int, tuple[tuple[Inline, ...], int]] = {}
        """Footnote number -> (its text, its line)."""
        self.spans: dict[int, tuple[int, int]] = {}
        """id() of every block made -> its first and last source line."""
        self.anchors: dict[str, int | None] = {}
        """The id each heading gives itself -> its line."""

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
            refuse_html(node.content, _line(node))
            return []
        block = self.block(node, lang)
        self.spans[id(block)] = _span(node)
        return [block]

    def div_lang(self, node: SyntaxTreeNode, lang: str) -> str:
        """The language a fenced div ``::: {lang=qu}`` sets for the passages inside it."""
        line = _line(node)
        params = node.info.strip()
        match = DIV_LANG.fullmatch(params)
        if match is None:
            raise refusal("div-attribute", line, f"'::: {params}'")
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
                parts += self.reader.read(child.children[0], lang, _line(child))
            if any(isinstance(n, NoteRef) for n in _walk_inlines(tuple(parts))):
                raise MarkdownProblem(line, "a footnote cannot call another footnote")
            self.notes[number] = (merge_text(parts), line)

    def block(self, node: SyntaxTreeNode, lang: str) -> Block:
        line = _line(node)
        match node.type:
            case "heading":
                return self.heading(node, lang, line)
            case "paragraph":
                return self.paragraph(node, lang, line)
            case "blockquote":
                blocks = self.children(node, lang)
                if not blocks:
                    raise refusal("empty-quote", line)
                return Quote("", lang, blocks)
            case "bullet_list" | "ordered_list":
                return self.list_block(node, lang)
            case "table":
                return self.table(node, lang)
            case kind if kind in REFUSED_BLOCKS:
                raise refusal(REFUSED_BLOCKS[kind], line)
            case _:
                raise MarkdownProblem(line, f"unsupported Markdown element '{node.type}'")

    def children(self, node: SyntaxTreeNode, lang: str) -> tuple[Block, ...]:
        return tuple(b for child in node.children for b in self.blocks(child, lang))

    def heading(self, node: SyntaxTreeNode, lang: str, line: int | None) -> Heading:
        """A heading, with the id ``{#id}`` at its end gives it."""
        level = int(node.tag[1])
        if level == 1:
            raise refusal("level-1-heading", line)
        children = self.reader.read(node.children[0], lang, line)
        last = children[-1] if children else None
        trailing = trailing_attributes(last.text) if isinstance(last, Text) else None
        anchor = None
        if trailing is not None and isinstance(last, Text):
            anchor = heading_anchor(trailing.attributes, line)
            rest = trailing.text.rstrip()
            children = (*children[:-1], Text(rest, last.lang)) if rest else children[:-1]
            if anchor in self.anchors:
                raise MarkdownProblem(
                    line,
                    f"two headings have the id {{#{anchor}}} (the other on line "
                    f"{self.anchors[anchor]}): give each its own",
                )
            self.anchors[anchor] = line
        if not plain_text(children).strip():
            raise refusal("empty-heading", line)
        return Heading("", lang, level, children, anchor)

    def paragraph(self, node: SyntaxTreeNode, lang: str, line: int | None) -> Block:
        """A paragraph, a figure (an image alone), or the lines of a line block."""
        inline = node.children[0]
        source = inline.content.split("\n")
        kind = pasted_kind(source)
        if kind == "line-block":
            verse = tuple(LINE_BLOCK.match(s) is not None for s in source)
            return Paragraph("", lang, self.reader.read(inline, lang, line, verse))
        if kind is not None:
            raise refusal(kind, line)
        only = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
        if len(only) == 1 and only[0].type == "image":
            self.reader.line = line
            image = self.reader.image(only[0], lang)
            return Figure("", lang, image.src, image.alt, path=image.path, title=image.title)
        return Paragraph("", lang, self.reader.read(inline, lang, line))

    def list_block(self, node: SyntaxTreeNode, lang: str) -> ListBlock:
        """A list: its items, the number it starts at, and whether it is tight."""
        items = []
        for item in node.children:
            blocks = self.children(item, lang)
            if not blocks:
                raise refusal("empty-item", _line(item))
            items.append(blocks)
        paragraphs = [c for item in node.children for c in item.children if c.type == "paragraph"]
        tight = all(p.hidden for p in paragraphs)
        start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
        return ListBlock("", lang, node.type == "ordered_list", tuple(items), start, tight)

    def table(self, node: SyntaxTreeNode, lang: str) -> Table:
        header: tuple[tuple[Inline, ...], ...] = ()
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        for section in node.children:
            for row in section.children:
                line = _line(row) or _line(node)
                cells = tuple(
                    self.reader.read(cell.children[0], lang, line) for cell in row.children
                )
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table("", lang, header, tuple(rows))

    def check_anchors(self) -> None:
        """Every link to ``#anchor`` must lead to the id a heading gives itself."""
        for href, line in self.reader.anchors:
            anchor = href[1:]
            if anchor in self.anchors:
                continue
            example = anchor or "contacto"
            raise MarkdownProblem(
                line,
                f"link '{href}' leads to no heading: end the heading it means with "
                f"{{#{example}}}, as in '## Contacto {{#{example}}}', and link to '#{example}'",
            )
