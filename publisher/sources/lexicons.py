"""A release's own lexicon files, ``lexicon.<lang>.yaml``, read with the release.

How the entries are parsed and merged lives in :mod:`publisher.speech.normalize.lexicon`; here
is only the reading, through the release's path-safety rule, so rendering does no I/O.
"""

from __future__ import annotations

import re
from pathlib import Path

from publisher.sources.paths import read_text
from publisher.speech.normalize.lexicon import Lexicon, parse_lexicon_text

LEXICON_FILE = re.compile(r"^lexicon\.(?P<name>[A-Za-z0-9-]+)\.yaml$")
"""``lexicon.es.yaml`` or ``lexicon.es-PE.yaml``: a language or a full tag."""


def read_lexicon(path: Path, root: Path | None = None) -> Lexicon:
    """The lexicon in a YAML file (inside the release folder ``root``, when given)."""
    return parse_lexicon_text(read_text(path, root), path)


def release_lexicons(folder: Path, root: Path) -> dict[str, Lexicon]:
    """Every ``lexicon.<name>.yaml`` in a release folder, by ``name``."""
    found: dict[str, Lexicon] = {}
    for path in sorted(folder.iterdir()):
        match = LEXICON_FILE.match(path.name)
        if match is not None:
            found[match.group("name")] = read_lexicon(path, root)
    return found
