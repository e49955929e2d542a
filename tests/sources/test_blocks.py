"""The pass after any reader: block ids and abbreviations, the same for every reader."""

from __future__ import annotations

from publisher.model import Abbr, Emphasis, ListBlock, Paragraph, Quote, Text
from publisher.sources.blocks import finish


def test_ids_number_top_level_nested_and_list_item_blocks() -> None:
    para = Paragraph("", "es", (Text("x", "es"),))
    blocks = finish(
        (para, Quote("", "es", (para, para)), ListBlock("", "es", False, ((para,),))), {}
    )
    assert [b.id for b in blocks] == ["b1", "b2", "b3"]
    quote, listing = blocks[1], blocks[2]
    assert isinstance(quote, Quote)
    assert [b.id for b in quote.blocks] == ["b2.1", "b2.2"]
    assert isinstance(listing, ListBlock)
    assert listing.items[0][0].id == "b3.1.1"


def test_abbreviations_are_marked_as_whole_words_inside_any_inline() -> None:
    text = (Text("La PCM y PCMX; ", "es"), Emphasis((Text("PCM", "es"),), "es"))
    (block,) = finish((Paragraph("", "es", text),), {"PCM": "Presidencia"})
    assert isinstance(block, Paragraph)
    assert block.children == (
        Text("La ", "es"),
        Abbr("PCM", "Presidencia", "es"),
        Text(" y PCMX; ", "es"),
        Emphasis((Abbr("PCM", "Presidencia", "es"),), "es"),
    )
