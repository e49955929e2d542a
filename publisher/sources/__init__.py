"""Sources: release folders and the files in them -> the model.

- :mod:`.release`: the folder and release.yaml; editions from the readers, aligned;
- :mod:`.readers`: ``READERS``, one reader module per file suffix (:mod:`.markdown`), each
  returning drafts of editions (:mod:`.draft`);
- :mod:`.blocks`: the pass after any reader (block ids, abbreviations);
- :mod:`.paths`: the one path-safety rule for files, images and links;
- :mod:`.lexicons`: the release's ``lexicon.<lang>.yaml`` files, read with it.
"""

from __future__ import annotations

from publisher.sources.paths import read_text
from publisher.sources.release import find_releases, load_release

__all__ = ["find_releases", "load_release", "read_text"]
