"""The pass every reader's blocks go through: block ids, then abbreviation marking.

Ids are ``b1``, ``b2``... at the top level; a quote's blocks are ``b3.1``, ``b3.2``; the blocks of
a list's second item are ``b4.2.1``... Translations are aligned block for block, so the same
passage has the same id in every edition. Abbreviations listed for the edition's language become
:class:`~publisher.model.Abbr` nodes wherever they stand as whole words in its text (not in code,
which is printed and read as written). A link to a
heading's own anchor (``[ver](#contacto)`` to ``## Contacto {#contacto}``) becomes a link to the
heading's block id, which every format writes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import assert_never

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


def finish(blocks: tuple[Block, ...], abbreviations: Mapping[str, str]) -> tuple[Block, ...]:
    """The blocks with their ids and with ``abbreviations`` marked."""
    marker = _Marker(abbreviations, {})
    numbered = tuple(marker.block(b, f"b{n}") for n, b in enumerate(blocks, start=1))
    anchors = {
        f"#{b.anchor}": f"#{b.id}"
        for b in walk_blocks(numbered)
        if isinstance(b, Heading) and b.anchor
    }
    if not anchors:
        return numbered
    relinker = _Marker({}, anchors)
    return tuple(relinker.block(b, b.id) for b in numbered)


class _Marker:
    def __init__(self, abbreviations: Mapping[str, str], anchors: Mapping[str, str]) -> None:
        self.anchors = anchors
        """``#anchor`` -> ``#block-id``: where links to a heading's own id go."""
        self.abbreviations = dict(abbreviations)
        names = sorted(self.abbreviations, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
            if names
            else None
        )

    def block(self, block: Block, block_id: str) -> Block:
        if isinstance(block, Heading | Paragraph):
            return dataclasses.replace(block, id=block_id, children=self.inlines(block.children))
        if isinstance(block, Figure):
            return dataclasses.replace(block, id=block_id, caption=self.inlines(block.caption))
        if isinstance(block, Quote):
            return dataclasses.replace(
                block, id=block_id, blocks=self.nested(block.blocks, block_id)
            )
        if isinstance(block, ListBlock):
            items = tuple(
                self.nested(item, f"{block_id}.{n}") for n, item in enumerate(block.items, start=1)
            )
            return dataclasses.replace(block, id=block_id, items=items)
        if isinstance(block, Table):
            header = tuple(self.inlines(cell) for cell in block.header)
            rows = tuple(tuple(self.inlines(cell) for cell in row) for row in block.rows)
            return dataclasses.replace(block, id=block_id, header=header, rows=rows)
        if isinstance(block, Notes):
            notes = tuple(Note(n.number, self.inlines(n.children)) for n in block.notes)
            return dataclasses.replace(block, id=block_id, notes=notes)
        assert_never(block)

    def nested(self, blocks: tuple[Block, ...], block_id: str) -> tuple[Block, ...]:
        return tuple(self.block(b, f"{block_id}.{n}") for n, b in enumerate(blocks, start=1))

    def inlines(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        if self.pattern is None and not self.anchors:
            return nodes
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.extend(self.text(node) if self.pattern else [node])
            elif isinstance(node, Link):
                href = self.anchors.get(node.href, node.href)
                out.append(
                    dataclasses.replace(node, href=href, children=self.inlines(node.children))
                )
            elif isinstance(node, Styled) and node.style == "code":
                out.append(node)  # code is read and printed as written: no abbreviation in it
            elif isinstance(node, Emphasis | Span | Styled):
                out.append(dataclasses.replace(node, children=self.inlines(node.children)))
            elif isinstance(node, Abbr | Image | LineBreak | NoteRef):
                out.append(node)
            else:
                assert_never(node)
        return tuple(out)

    def text(self, node: Text) -> list[Inline]:
        assert self.pattern is not None
        content, lang = node.text, node.lang
        out: list[Inline] = []
        position = 0
        for match in self.pattern.finditer(content):
            if match.start() > position:
                out.append(Text(content[position : match.start()], lang))
            out.append(Abbr(match.group(0), self.abbreviations[match.group(0)], lang))
            position = match.end()
        if position < len(content):
            out.append(Text(content[position:], lang))
        return out
