"""markdown-it's inline nodes -> model inlines, with the source line of each.

Text, emphasis, code, links (with their titles), images (their alt text the plain text of all
their inlines), language spans, struck/raised/lowered text, line breaks and footnote calls. The
line is counted from the block's first line, one per line break, so a problem in the fifth line
of a paragraph names that line. Raw HTML is refused (a comment alone is dropped: a note to the
authors); so are braces that give a link, an image or code attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from publisher.languages import normalize_tag
from publisher.model import (
    Emphasis,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Span,
    Styled,
    Text,
    plain_text,
)
from publisher.sources.attributes import check_inline_attributes
from publisher.sources.refusals import MarkdownProblem, refusal

PathCheck = Callable[[str, str, int | None], Path | None]
"""Called with (kind, target, line) for every image and link: refuses unsafe paths and gives an
image's resolved file."""

STYLES = {"s": "strike", "sup": "sup", "sub": "sub"}
"""markdown-it's node types for struck-through, superscript and subscript text."""
UNDEFINED_NOTE = re.compile(r"\[\^[^\]\s]+\]")
COMMENTS = re.compile(r"(?:<!--(?:-?>|.*?-->)\s*)+", re.DOTALL)
LINE_BLOCK_MARK = re.compile(r"^\|[ ]?")


class InlineReader:
    """Reads the inlines of one block after another, counting lines."""

    def __init__(self, check_path: PathCheck) -> None:
        self.check_path = check_path
        self.line: int | None = None
        """The source line of the inline being read."""
        self.anchors: list[tuple[str, int | None]] = []
        """Every link to ``#anchor`` in the text, with its line, checked once all is read."""
        self.verse: tuple[bool, ...] = ()
        """For a line block, whether each of its source lines starts a new line ("| ")."""
        self.offset = 0
        self.line_start = True

    def read(
        self, node: SyntaxTreeNode, lang: str, line: int | None, verse: tuple[bool, ...] = ()
    ) -> tuple[Inline, ...]:
        """The inlines of a block's inline node; ``verse`` reads it as a line block."""
        self.line, self.verse, self.offset, self.line_start = line, verse, 0, True
        return self.inlines(node, lang)

    def inlines(self, node: SyntaxTreeNode, lang: str) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            out.extend(self.inline(child, lang))
            self.line_start = child.type in ("softbreak", "hardbreak")
        return merge_text(out)

    def inline(self, child: SyntaxTreeNode, lang: str) -> list[Inline]:  # noqa: PLR0911
        match child.type:
            case "text":
                return self.text(child.content, lang)
            case "softbreak" | "hardbreak":
                return self.line_break(child.type == "hardbreak", lang)
            case "em" | "strong":
                return [Emphasis(self.inlines(child, lang), lang, child.type == "strong")]
            case "code_inline":
                check_inline_attributes("code_inline", child.attrs, self.line)
                return [Styled((Text(child.content, lang),), lang, "code")]
            case "s" | "sup" | "sub":
                style = STYLES[child.type]
                return [Styled(self.inlines(child, lang), lang, style)]  # type: ignore[arg-type]
            case "span":
                return [self.span(child, lang)]
            case "link":
                return [self.link(child, lang)]
            case "image":
                return [self.image(child, lang)]
            case "footnote_ref":
                return [NoteRef(int(child.meta["id"]) + 1, lang)]
            case "footnote_anchor":  # the way back from a note to its call
                return []
            case "html_inline":
                refuse_html(child.content, self.line)
                return []
            case _:
                raise MarkdownProblem(self.line, f"unsupported inline Markdown '{child.type}'")

    def line_break(self, hard: bool, lang: str) -> list[Inline]:
        self.offset += 1
        if self.line is not None:
            self.line += 1
        starts = self.offset < len(self.verse) and self.verse[self.offset]
        return [LineBreak(lang)] if hard or starts else [Text(" ", lang)]

    def text(self, content: str, lang: str) -> list[Inline]:
        if self.verse and self.line_start and self.verse[min(self.offset, len(self.verse) - 1)]:
            content = LINE_BLOCK_MARK.sub("", content)
        if (call := UNDEFINED_NOTE.search(content)) is not None:
            raise MarkdownProblem(
                self.line,
                f"the footnote {call[0]} is called but never written: add a line "
                f"'{call[0]}: the note' below the paragraph",
            )
        return [Text(content, lang)] if content else []

    def span(self, node: SyntaxTreeNode, lang: str) -> Inline:
        check_inline_attributes("span", node.attrs, self.line)
        raw = node.attrs.get("lang")
        if raw is None:
            raise MarkdownProblem(
                self.line, "a [text]{...} span needs a lang attribute, e.g. {lang=qu}"
            )
        try:
            span_lang = normalize_tag(str(raw))
        except ValueError as error:
            raise MarkdownProblem(self.line, str(error)) from None
        return Span(self.inlines(node, span_lang), span_lang)

    def link(self, node: SyntaxTreeNode, lang: str) -> Link:
        check_inline_attributes("link", node.attrs, self.line)
        href = str(node.attrs.get("href", ""))
        line = self.line
        self.check_path("link", href, line)
        if href.startswith("#"):
            self.anchors.append((href, line))
        children = self.inlines(node, lang)
        if not plain_text(children).strip():
            raise MarkdownProblem(
                line, f"link '{href}' has no text: write what it leads to, [the report]({href})"
            )
        return Link(href, children, lang, _title(node))

    def image(self, node: SyntaxTreeNode, lang: str) -> Image:
        check_inline_attributes("image", node.attrs, self.line)
        src = str(node.attrs.get("src", ""))
        alt = " ".join(alt_text(node, self.line).split())
        if not alt:
            raise MarkdownProblem(
                self.line, f"image '{src}' has no alt text: write ![what it shows]({src})"
            )
        path = self.check_path("image", src, self.line)
        return Image(src, alt, lang, path, _title(node))


def alt_text(node: SyntaxTreeNode, line: int | None) -> str:
    """The plain text of an image's description: every word of its inlines, markup aside."""
    parts: list[str] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            refuse_html(child.content, line)
        elif child.type not in ("footnote_ref", "footnote_anchor"):
            parts.append(alt_text(child, line))
    return "".join(parts)


def _title(node: SyntaxTreeNode) -> str | None:
    title = node.attrs.get("title")
    return str(title) if title else None


def refuse_html(markup: str, line: int | None) -> None:
    """HTML comments alone are dropped; any other HTML is refused, never printed or read aloud."""
    if COMMENTS.fullmatch(markup.strip()):
        return
    shown = " ".join(markup.split())
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    raise refusal("raw-html", line, f"'{shown}'")


def merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring Text nodes of one language, as the parser splits text at brackets."""
    merged: list[Inline] = []
    for node in nodes:
        previous = merged[-1] if merged else None
        if isinstance(node, Text) and isinstance(previous, Text) and previous.lang == node.lang:
            merged[-1] = Text(previous.text + node.text, node.lang)
        else:
            merged.append(node)
    return tuple(merged)
