"""The Markdown a release refuses: each construct by name, how it is written, what to write instead.

A construct no format can give its meaning is refused rather than printed as markup or dropped:
the reader stops with the file, the line, the construct's name and what to write instead
(:func:`refusal`). The README's list of refusals is this table, row for row.
"""

from __future__ import annotations

from dataclasses import dataclass


class MarkdownProblem(Exception):
    """Something in the body that the release cannot contain; ``line`` is 1-based."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Refused:
    """A construct a release refuses."""

    name: str
    """What it is called, as the README lists it."""
    written: str
    """How it is written, as a reader would recognise it."""
    instead: str
    """What to write instead."""


REFUSED: dict[str, Refused] = {
    "level-1-heading": Refused(
        "a level-1 heading",
        "'# Title', or a line of '===' under text",
        "the title comes from the front matter; start sections at '##'",
    ),
    "thematic-break": Refused(
        "a thematic break",
        "'---', '***' or '___' alone on a line",
        "start the next section with a heading ('## ...'); a section needs a name every "
        "format can show and say",
    ),
    "indented-code": Refused(
        "an indented code block",
        "lines indented by four spaces or a tab",
        "remove the indentation to make it a paragraph, or mark code inside the text "
        "with backticks: `publisher check`",
    ),
    "fenced-code": Refused(
        "a fenced code block",
        "lines between '```' or '~~~' fences",
        "mark code inside the text with backticks: `publisher check`",
    ),
    "raw-html": Refused(
        "raw HTML",
        "'<b>', '<div>', '<br>' (an HTML comment alone is dropped: it is a note to the authors)",
        "write Markdown instead (*emphasis*, **strong**, [a phrase]{lang=qu}, ~~struck~~, "
        "^sup^, ~sub~), or escape the '<' as '\\<'",
    ),
    "definition-list": Refused(
        "a definition list",
        "a term, then ': its definition' on the next line",
        "write a list instead: '- **Term**: definition'",
    ),
    "grid-table": Refused(
        "a grid table",
        "'+---+---+' lines around '| a | b |' rows",
        "write a pipe table: '| a | b |', then '| --- | --- |', then one '| ... |' line per row",
    ),
    "table-without-rule": Refused(
        "a table without its rule line",
        "'| a | b |' lines with no '| --- | --- |' line under the first",
        "add a line '| --- | --- |' (one '---' per column) under the header row",
    ),
    "lettered-list": Refused(
        "a list numbered with letters or roman numerals",
        "lines starting 'a.', 'b)', '(c)' or 'i.', 'ii.'",
        "number the items '1.', '2.', '3.' (each on its own line), or start each with '- '",
    ),
    "heading-attribute": Refused(
        "a heading attribute other than an id",
        "'## Title {.class}', '## Title {key=value}'",
        "keep only the id, '## Title {#id}', or delete the braces",
    ),
    "inline-attribute": Refused(
        "an attribute on a link, an image or code",
        "'[text](url){.class}', '![alt](img.png){width=50%}', '`code`{.lang}'",
        "delete the '{...}' after it",
    ),
    "span-attribute": Refused(
        "a span attribute other than lang",
        "'[text]{.class}', '[text]{#id}'",
        "mark only the language, '[text]{lang=qu}', or delete the brackets and braces",
    ),
    "div-attribute": Refused(
        "a fenced div other than a language",
        "'::: warning', '::: {.note}'",
        "write '::: {lang=qu}' for passages in another language, or delete the ':::' lines",
    ),
    "empty-heading": Refused(
        "an empty heading",
        "'##' with no text after it",
        "write the heading's text, or delete the line",
    ),
    "empty-item": Refused(
        "an empty list item",
        "'-', '*' or '1.' with nothing after it",
        "write the item's text, or delete the line",
    ),
    "empty-quote": Refused(
        "an empty block quote",
        "'>' with nothing after it",
        "write the quotation, or delete the line",
    ),
}
"""Every construct a release refuses, by key."""


def refusal(key: str, line: int | None, what: str = "") -> MarkdownProblem:
    """The problem to raise for the construct ``key`` at ``line``.

    ``what`` is the construct as the source writes it; without it, how it is usually written.
    """
    refused = REFUSED[key]
    shown = what or refused.written
    return MarkdownProblem(line, f"{refused.name} ({shown}) is not supported: {refused.instead}")
