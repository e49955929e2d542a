"""Pandoc attributes in braces: a heading's ``{#id}``, and the ones a release refuses by name.

A heading may end with ``{#id}``, which links (``[ver](#id)``) reach; classes (``.x``, ``-``) and
key-values (``k=v``) style nothing a release prints, so they are refused by name rather than
dropped or printed. Braces whose content is not attributes (``## Sets {a, b}``) are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publisher.sources.refusals import MarkdownProblem, refusal

TRAILING = re.compile(r"[ \t]*\{(?P<body>[^{}]*)\}[ \t]*$")
ATTRIBUTE = re.compile(r"""#[^\s#.{}]+|\.[^\s#.{}=]+|-|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'{}]+)""")
ATTRIBUTES = re.compile(rf"\s*(?:(?:{ATTRIBUTE.pattern})(?:\s+|$))+")
VALID_ID = re.compile(r"[A-Za-z][\w-]*")
ALLOWED_INLINE = {
    "link": frozenset({"href", "title"}),
    "image": frozenset({"src", "alt", "title"}),
    "code_inline": frozenset(),
    "span": frozenset({"lang"}),
}
"""The attributes markdown-it gives each inline node itself; any other came from braces."""


@dataclass(frozen=True, slots=True)
class Trailing:
    """A text with its trailing attribute braces taken off."""

    text: str
    attributes: tuple[str, ...]


def trailing_attributes(text: str) -> Trailing | None:
    """``text`` without the ``{...}`` it ends with, if the braces hold only attributes."""
    match = TRAILING.search(text)
    if match is None:
        return None
    body = match["body"].strip()
    if ATTRIBUTES.fullmatch(body) is None:
        return None
    attributes = tuple(m.group() for m in ATTRIBUTE.finditer(body))
    return Trailing(text[: match.start()], attributes)


def heading_anchor(attributes: tuple[str, ...], line: int | None) -> str:
    """The id of ``{#id}``; any other attribute is refused by name."""
    others = [a for a in attributes if not a.startswith("#")]
    ids = [a[1:] for a in attributes if a.startswith("#")]
    if others or len(ids) != 1:
        shown = " ".join(others) if others else " ".join(f"#{i}" for i in ids)
        raise refusal("heading-attribute", line, f"'{{{shown}}}'")
    anchor = ids[0]
    if not VALID_ID.fullmatch(anchor):
        raise MarkdownProblem(
            line,
            f"heading id '{{#{anchor}}}': an id begins with a letter and holds only letters, "
            "digits, '-' and '_'",
        )
    return anchor


def check_inline_attributes(
    kind: str, attrs: dict[str, str | int | float], line: int | None
) -> None:
    """Refuse braces after a link, an image, code or a span that set anything but its own."""
    extra = sorted(set(attrs) - ALLOWED_INLINE[kind])
    if not extra:
        return
    shown = " ".join(_shown(name, attrs[name]) for name in extra)
    raise refusal(
        "span-attribute" if kind == "span" else "inline-attribute", line, f"'{{{shown}}}'"
    )


def _shown(name: str, value: str | int | float) -> str:
    if name == "id":
        return f"#{value}"
    if name == "class":
        return " ".join(f".{c}" for c in str(value).split())
    return f"{name}={value}"
