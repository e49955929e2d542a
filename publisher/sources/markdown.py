"""The Markdown reader: one edition per file, YAML front matter then the body.

The parser is markdown-it-py (CommonMark, raw HTML off) with tables, front matter and attribute
spans: ``[Allin p'unchaw]{lang=qu}`` marks a passage in another language. Blocks come out with
empty ids and unmarked abbreviations; :mod:`publisher.sources.blocks` gives both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from publisher.errors import SourceError
from publisher.languages import normalize_tag
from publisher.model import (
    Block,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    Table,
    Text,
)
from publisher.sources.draft import Draft, ReadContext
from publisher.sources.metadata import EDITION_KEYS, checked_mapping, optional_str, tag
from publisher.sources.paths import local_target, read_text
from publisher.sources.yaml_reader import load_yaml

MAX_DEPTH = 12
"""The deepest nesting of lists, quotes, emphasis and spans a release may use."""
PARSER = (
    MarkdownIt("commonmark", {"html": False, "maxNesting": 4 * MAX_DEPTH})
    .enable("table")
    .use(front_matter_plugin)
    .use(attrs_plugin, spans=True)
)
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
    tokens = PARSER.parse(text)
    _check_depth(tokens)
    root = SyntaxTreeNode(tokens)
    builder = _BlockBuilder(check_path)
    blocks: list[Block] = []
    lines: list[int] = []
    for node in root.children:
        if node.type == "front_matter":  # read by the caller, not part of the body
            continue
        blocks.append(builder.block(node, lang))
        lines.append(_line(node) or 1)
    return ParsedBody(tuple(blocks), tuple(lines))


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
                return Heading("", lang, level, self.inlines(node.children[0], lang, line))
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
            case "code_block" | "fence":
                raise MarkdownProblem(line, "code blocks are not supported in a release")
            case _:
                raise MarkdownProblem(line, f"unsupported Markdown element '{node.type}'")

    def children(self, node: SyntaxTreeNode, lang: str) -> tuple[Block, ...]:
        return tuple(self.block(child, lang) for child in node.children)

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
                    out.extend(self.text(child.content, lang))
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

    def text(self, content: str, lang: str) -> list[Inline]:
        return [Text(content, lang)]


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
