"""Markdown body of one edition -> model blocks.

The parser is markdown-it-py (CommonMark, raw HTML off) with tables, front matter and attribute
spans: ``[Allin p'unchaw]{lang=qu}`` marks a passage in another language. Abbreviations listed for
the release become :class:`~publisher.model.Abbr` nodes wherever they stand as whole words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from publisher.languages import normalize_tag
from publisher.model import (
    Abbr,
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


PathCheck = Callable[[str, str, int | None], None]
"""Called with (kind, target, line) for every image and local link, to refuse unsafe paths."""


def parse_body(
    text: str, lang: str, abbreviations: Mapping[str, str], check_path: PathCheck
) -> ParsedBody:
    """Parse a whole edition file (front matter and body)."""
    tokens = PARSER.parse(text)
    _check_depth(tokens)
    root = SyntaxTreeNode(tokens)
    builder = _BlockBuilder(lang, abbreviations, check_path)
    blocks: list[Block] = []
    lines: list[int] = []
    for node in root.children:
        if node.type == "front_matter":  # read by the caller, not part of the body
            continue
        block = builder.block(node, f"b{len(blocks) + 1}", lang)
        blocks.append(block)
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
    def __init__(self, lang: str, abbreviations: Mapping[str, str], check_path: PathCheck) -> None:
        self.lang = lang
        self.check_path = check_path
        self.abbreviations = dict(abbreviations)
        names = sorted(self.abbreviations, key=len, reverse=True)
        self.abbr_pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
            if names
            else None
        )

    def block(self, node: SyntaxTreeNode, block_id: str, lang: str) -> Block:
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
                return Heading(block_id, lang, level, self.inlines(node.children[0], lang, line))
            case "paragraph":
                inline = node.children[0]
                only = [
                    c for c in inline.children if not (c.type == "text" and not c.content.strip())
                ]
                if len(only) == 1 and only[0].type == "image":
                    image = self.image(only[0], lang, line)
                    return Figure(block_id, lang, image.src, image.alt)
                return Paragraph(block_id, lang, self.inlines(inline, lang, line))
            case "blockquote":
                return Quote(block_id, lang, self.children(node, block_id, lang))
            case "bullet_list" | "ordered_list":
                items = tuple(
                    self.children(item, f"{block_id}.{n}", lang)
                    for n, item in enumerate(node.children, start=1)
                )
                return ListBlock(block_id, lang, node.type == "ordered_list", items)
            case "table":
                return self.table(node, block_id, lang)
            case "hr":
                raise MarkdownProblem(
                    line, "a thematic break (---) is not supported; use a heading"
                )
            case "code_block" | "fence":
                raise MarkdownProblem(line, "code blocks are not supported in a release")
            case _:
                raise MarkdownProblem(line, f"unsupported Markdown element '{node.type}'")

    def children(self, node: SyntaxTreeNode, block_id: str, lang: str) -> tuple[Block, ...]:
        return tuple(
            self.block(child, f"{block_id}.{n}", lang)
            for n, child in enumerate(node.children, start=1)
        )

    def table(self, node: SyntaxTreeNode, block_id: str, lang: str) -> Table:
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
        return Table(block_id, lang, header, tuple(rows))

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
        self.check_path("image", src, line)
        return Image(src, alt, lang)

    def text(self, content: str, lang: str) -> list[Inline]:
        if self.abbr_pattern is None:
            return [Text(content, lang)]
        out: list[Inline] = []
        position = 0
        for match in self.abbr_pattern.finditer(content):
            if match.start() > position:
                out.append(Text(content[position : match.start()], lang))
            out.append(Abbr(match.group(0), self.abbreviations[match.group(0)], lang))
            position = match.end()
        if position < len(content):
            out.append(Text(content[position:], lang))
        return out


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
