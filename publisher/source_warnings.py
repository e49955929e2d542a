"""The warnings ``publisher check`` gives about sources, each with its file and its line.

A warning names the line of the block it concerns (the reader's line, not a guess from searching
the file for the text): a word the voice must guess in a table names the table's line, never the
title's. Findings of one kind in one block (the same code in every cell of a table) are one
message with their count.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from publisher.model import Release
from publisher.sources.release import Spans
from publisher.sources.staleness import stale_blocks
from publisher.speech.normalize.unresolved import Finding, unresolved


def shown(path: Path) -> str:
    """A file as the messages name it: relative to the working folder where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


def unresolved_messages(
    findings: Sequence[Finding], spans: Mapping[str, tuple[int, int]]
) -> list[str]:
    """One message per kind of finding per block, with its line and how many times it occurs."""
    groups: dict[tuple[Path, str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.file, finding.block_id, finding.kind), []).append(finding)
    messages = []
    for (file, block_id, kind), group in groups.items():
        line = _line(group[0], spans.get(block_id))
        where = f"{shown(file)}:{line}" if line is not None else shown(file)
        texts = list(dict.fromkeys(f.text for f in group))
        if len(group) == 1:
            said = f"{kind} '{texts[0]}' left for the voice to guess"
        else:
            listed = ", ".join(f"'{t}'" + _times(group, t) for t in texts)
            said = f"{kind} left for the voice to guess {len(group)} times: {listed}"
        messages.append(f"{where}: {said} ({block_id})")
    return messages


def _times(group: Sequence[Finding], text: str) -> str:
    count = sum(f.text == text for f in group)
    return f" ({count} times)" if count > 1 else ""


def _line(finding: Finding, span: tuple[int, int] | None) -> int | None:
    """The finding's own line where it lies in its block, else the block's first line."""
    if span is None:
        return finding.line
    first, last = span
    return finding.line if finding.line is not None and first <= finding.line <= last else first


def source_warnings(release: Release, spans: Mapping[str, Spans]) -> list[str]:
    """What ``check`` warns about: words left for the voice to guess, then stale translations."""
    messages = []
    for edition in release.editions:  # reads the release's lexicons, as a build would
        found = unresolved(release, edition)
        messages += unresolved_messages(found, spans.get(edition.lang, {}))
    for block in stale_blocks(release):
        span = spans.get(block.translation.lang, {}).get(block.block.id)
        messages.append(block.message(release.original, release.root, span and span[0]))
    return messages
