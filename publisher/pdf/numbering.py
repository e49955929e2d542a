"""List numbers the PDF renderer does not take from the markup: a list's start, the notes'.

WeasyPrint numbers every ``<ol>`` from 1, whatever its ``start`` or its items' ``value`` say, so
a numbered list starting at 3 (``3. tercero``) and the notes of a second section (3, 4) would be
printed from 1. One rule per such list resets its counter, as the markup's numbers say.
"""

from __future__ import annotations

from collections.abc import Sequence

from publisher.model import Edition, ListBlock, Notes, walk_blocks
from publisher.render.html import id_prefix


def numbering_css(editions: Sequence[Edition]) -> str:
    """A rule for every list of ``editions`` whose first number is not 1."""
    rules = []
    for edition in editions:
        prefix = id_prefix(edition, editions)
        for block in walk_blocks(edition.blocks):
            first = 1
            if isinstance(block, ListBlock) and block.ordered:
                first = block.start
            elif isinstance(block, Notes) and block.notes:
                first = block.notes[0].number
            if first != 1:
                ident = f"{prefix}{block.id}"
                rules.append(f'ol[id="{ident}"] {{ counter-reset: list-item {first - 1}; }}')
    return "\n".join(rules)
