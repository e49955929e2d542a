"""Translations that may be stale: original blocks changed after a translation was aligned.

``aligned.json`` beside the sources keeps, for each translation, a hash of every block of the
original as it was when the translation was last brought up to date (``publisher aligned``,
and ``publisher import``, whose editions come from one file). ``publisher check`` names the
translation's blocks whose original has changed since, or is new; the build goes on, unless
``check --strict`` is asked to fail on them. A release without the file is never reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import EXIT_BAD_INPUT, PublisherError, SourceError
from publisher.model import Block, Edition, Release, block_text
from publisher.sources.paths import read_bytes

ALIGNED_FILE = "aligned.json"
"""The file in the release folder that keeps the hashes."""


class StaleTranslations(PublisherError):
    """``check --strict``: translated blocks whose original changed since they were aligned."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True, slots=True)
class Stale:
    """A translation's block whose original changed (or appeared) after it was aligned."""

    translation: Edition
    block: Block
    new: bool
    """The original's block did not exist when the translation was aligned."""

    def message(self, original: Edition, folder: Path, line: int | None = None) -> str:
        """What to say, naming the files, the block (at ``line``, if known) and what to do."""
        words = " ".join(block_text(self.block).split()[:5])
        what = "is new" if self.new else "changed"
        where = self.translation.source.name + (f":{line}" if line is not None else "")
        return (
            f'{where}: block {self.block.id} ("{words}...") may be '
            f"stale: the original's block {self.block.id} in {original.source.name} {what} "
            f"since the translation was aligned; update it, then run 'publisher aligned {folder}'"
        )


def block_hash(block: Block) -> str:
    """A short hash of what a block says and what kind of block it is."""
    said = f"{type(block).__name__}\n{' '.join(block_text(block).split())}"
    return hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]


def read_aligned(release: Release) -> dict[str, dict[str, str]] | None:
    """Translation tag -> block id -> hash of the original's block; None without the file."""
    path = release.root / ALIGNED_FILE
    if not path.exists():
        return None
    try:
        data: Any = json.loads(read_bytes(path, release.root))
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(
            path,
            f"is not valid JSON ({error}); delete it and run 'publisher aligned {release.root}'",
        ) from None
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, dict) or not all(
        isinstance(v, dict) and all(isinstance(h, str) for h in v.values())
        for v in translations.values()
    ):
        raise SourceError(
            path,
            f"has no 'translations' table of block hashes; delete it and run "
            f"'publisher aligned {release.root}'",
        )
    return translations


def stale_blocks(release: Release) -> list[Stale]:
    """The translations' blocks whose original block changed since they were aligned."""
    aligned = read_aligned(release)
    if aligned is None:
        return []
    original = release.original
    found: list[Stale] = []
    for translation in release.editions[1:]:
        recorded = aligned.get(translation.lang)
        if recorded is None:
            continue
        for ours, theirs in zip(original.blocks, translation.blocks, strict=False):
            before = recorded.get(ours.id)
            if before != block_hash(ours):
                found.append(Stale(translation, theirs, before is None))
    return found


def record_aligned(release: Release, langs: list[str] | None = None) -> Path:
    """Record the original's blocks as the ones ``langs`` (default: every translation) follow."""
    path = release.root / ALIGNED_FILE
    aligned = read_aligned(release) or {}
    hashes = {block.id: block_hash(block) for block in release.original.blocks}
    for translation in release.editions[1:]:
        if langs is None or translation.lang in langs or translation.primary_language in langs:
            aligned[translation.lang] = hashes
    data = {"original": release.original.lang, "translations": dict(sorted(aligned.items()))}
    text = json.dumps(data, indent=1, sort_keys=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".aligned.", dir=release.root)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
