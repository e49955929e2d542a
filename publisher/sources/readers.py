"""Readers by file suffix: each turns one source file into one or more editions (drafts).

Adding an input format is one module with a ``read(path, context)`` function and one entry
here; block ids, abbreviations, alignment and metadata are done once for every reader by
:mod:`.blocks` and :mod:`.release`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from publisher.sources import markdown
from publisher.sources.draft import Draft, ReadContext

Reader = Callable[[Path, ReadContext], Sequence[Draft]]
"""Reads one file of a release into the editions it holds (a file may hold several)."""

READERS: dict[str, Reader] = {".md": markdown.read}
"""The reader for each edition file suffix a release folder may hold. Plain text is not one: a
``.txt`` beside the editions is an attachment a link may point to; text in the seed's layout is
made into a release folder by ``publisher import`` (:mod:`.importer`, :mod:`.plaintext`)."""
