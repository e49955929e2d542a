"""Size budgets: how much a reader on a slow or metered connection is asked to download.

The per-language budget counts every file in that one language (PDF, EPUB, MP3, Opus, WebVTT and
its download page); files holding several languages (the bilingual edition, the manifest) count
toward no single language and are held only by per-format limits.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from publisher.artifact import Artifact
from publisher.bundle.formatting import KB, MB, format_bytes, format_size
from publisher.errors import BudgetExceeded
from publisher.formats import ALTERNATIVES

DEFAULT_PER_LANGUAGE = 1500 * KB
"""Everything for one language, the MP3 included: 1.5 MB."""
DEFAULT_PER_FORMAT: Mapping[str, int] = {"page": 15 * KB}
"""A download page, its stylesheet included: 15 KB."""

RENAMED = {"json": "manifest", "rss": "feed"}
"""Earlier names of the bundle's formats, so an old setting gets a message that says the new one."""
_UNITS = {"": 1, "b": 1, "kb": KB, "mb": MB, "gb": 1000 * MB, "kib": 1024, "mib": 1024**2}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Budgets:
    """Size limits checked at build time."""

    per_language: int | None = DEFAULT_PER_LANGUAGE
    """Bytes of all the files in one language; None for no limit."""
    per_format: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PER_FORMAT))
    """Bytes of any one file, by format (``{"mp3": 1_000_000}``)."""
    warn_only: bool = False
    """Report an exceeded budget as a warning instead of failing the build."""


@dataclass(frozen=True, slots=True)
class BudgetFinding:
    """One exceeded budget: a language's total or a single file."""

    subject: str
    """The language tag, or the file name for a per-format limit."""
    total: int
    limit: int
    files: tuple[Artifact, ...]
    """The files counted, largest first."""
    per_language: bool

    @property
    def over(self) -> int:
        """Bytes above the limit."""
        return self.total - self.limit

    def __str__(self) -> str:
        figures = (
            f"{format_size(self.total)} ({format_bytes(self.total)}), "
            f"{format_bytes(self.over)} over the limit of "
            f"{format_size(self.limit)} ({format_bytes(self.limit)})"
        )
        if not self.per_language:
            entry = self.files[0]
            return f"{entry.path.name}: {figures} for one {entry.format} file"
        listing = ", ".join(f"{a.path.name} {format_size(a.size)}" for a in self.files)
        return f"files in {self.subject} total {figures} for one language: {listing}"


def check_budgets(artifacts: Sequence[Artifact], budgets: Budgets) -> list[BudgetFinding]:
    """Every budget the files exceed, languages first (in order of appearance), then files."""
    findings: list[BudgetFinding] = []
    if budgets.per_language is not None:
        by_lang: dict[str, list[Artifact]] = {}
        for artifact in artifacts:
            if " " not in artifact.lang.strip() and artifact.format not in ALTERNATIVES:
                by_lang.setdefault(artifact.lang, []).append(artifact)
        for lang, files in by_lang.items():
            total = sum(a.size for a in files)
            if total > budgets.per_language:
                ranked = tuple(sorted(files, key=lambda a: (-a.size, a.path.name)))
                findings.append(BudgetFinding(lang, total, budgets.per_language, ranked, True))
    for artifact in artifacts:
        limit = budgets.per_format.get(artifact.format)
        if limit is not None and artifact.size > limit:
            findings.append(
                BudgetFinding(artifact.path.name, artifact.size, limit, (artifact,), False)
            )
    return findings


def enforce_budgets(artifacts: Sequence[Artifact], budgets: Budgets) -> list[BudgetFinding]:
    """Check the budgets: raise BudgetExceeded, or return the findings to show as warnings."""
    findings = check_budgets(artifacts, budgets)
    if findings and not budgets.warn_only:
        lines = "\n".join(f"  {finding}" for finding in findings)
        raise BudgetExceeded(
            f"size budget exceeded:\n{lines}\n"
            "Make the files smaller (a lower audio bitrate, smaller images), raise the "
            "budget, or have exceeded budgets reported as warnings."
        )
    return findings


def parse_size(text: str) -> int:
    """Bytes from ``1.5 MB``, ``800KB``, ``15 kB``, ``2 MiB`` or ``120000``; ValueError if not."""
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise ValueError(f"'{text}' is not a size: write e.g. 1.5 MB, 800 KB or 120000 (bytes)")
    return round(float(match.group(1)) * _UNITS[unit])


def parse_budgets(
    per_language: str | None = None,
    per_format: Iterable[str] = (),
    warn_only: bool = False,
    known: Collection[str] | None = None,
) -> Budgets:
    """Budgets from configuration text: ``"1.5 MB"`` (or ``"none"``) and ``"mp3=1 MB"`` items.

    Unset values keep their defaults; per-format items add to or replace the default limits.
    With ``known``, a limit for a format not in it is an error (it would never apply).
    """
    language_limit: int | None = DEFAULT_PER_LANGUAGE
    if per_language is not None:
        language_limit = (
            None if per_language.strip().lower() == "none" else parse_size(per_language)
        )
    limits = dict(DEFAULT_PER_FORMAT)
    for item in per_format:
        name, sep, size = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"'{item}' is not a format limit: write e.g. mp3=1MB")
        fmt = name.strip().lower()
        if known is not None and fmt not in known:
            if fmt in RENAMED:
                raise ValueError(f"the format '{fmt}' is now called '{RENAMED[fmt]}'")
            raise ValueError(f"'{name.strip()}' is not a format (known: {', '.join(known)})")
        limits[fmt] = parse_size(size)
    return Budgets(per_language=language_limit, per_format=limits, warn_only=warn_only)
