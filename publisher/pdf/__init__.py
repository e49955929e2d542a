"""Tagged PDF work after WeasyPrint has written a file: fix-ups and the accessibility audit.

``content`` reads and rewrites page content streams, ``structure`` reads the structure tree,
``expected`` says what the model expects a reader to hear, ``align`` pairs the two,
``fixups`` repairs WeasyPrint's output, ``xmp`` writes the metadata, ``outline`` the bookmarks
and ``audit`` checks a finished file.
"""

from __future__ import annotations
