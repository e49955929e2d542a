"""``publisher voices list``: the installed voices as rows for people."""

from __future__ import annotations

from pathlib import Path

from publisher.speech.voices.files import scan

COLUMNS = ("engine", "name", "language", "quality", "size", "path")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def voice_rows(folder: Path) -> tuple[list[tuple[str, ...]], list[str]]:
    """One row per voice in ``folder`` (see :data:`COLUMNS`), and one sentence per broken one."""
    found = scan(folder)
    rows: list[tuple[str, ...]] = [
        ("piper", v.name, v.lang, v.quality or "-", _megabytes(v.size), str(v.model))
        for v in found.voices
    ]
    return rows, list(found.problems)


def format_rows(rows: list[tuple[str, ...]]) -> list[str]:
    """``rows`` under :data:`COLUMNS`, in aligned columns."""
    table = [COLUMNS, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS) - 1)]
    return [
        "  ".join([*(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in table
    ]
