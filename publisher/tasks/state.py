"""What a release folder holds and why: one record per output file, kept beside the manifest.

``.publisher-build.json`` names every output in the folder with its format, language, the
content key of the task that wrote it and the extra files that came with it (the images of
an HTML edition). A later build reuses an output whose key is unchanged and whose files are
still there, and keeps the outputs it was not asked to write. The key of the download pages and
the manifest is kept too: a build that changes none of what they show links them again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

STATE_NAME = ".publisher-build.json"
JOURNAL_NAME = ".publisher-journal.json"
"""The records of a build still running, in its staging folder: a killed build's finished
outputs are found there by the next build, which does not write them again."""
STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Record:
    """One output file of a release folder and the key it was written under."""

    name: str
    format: str
    media_type: str
    lang: str
    stem: str
    """The edition stem (``<slug>.<lang>`` or ``<slug>.bilingual``) it belongs to."""
    key: str
    duration_s: float | None = None
    extras: tuple[str, ...] = ()
    """Files written with it that are not outputs of their own (an HTML edition's images)."""
    settings: Mapping[str, str | None] | None = None
    """The settings the manifest records for its format (the PDF's stylesheet and page size)."""

    def files(self) -> tuple[str, ...]:
        """Its file and its extras, as paths inside the release folder."""
        return (self.name, *self.extras)

    def present_in(self, folder: Path) -> bool:
        """Whether every one of its files is in ``folder``."""
        return all((folder / name).is_file() for name in self.files())


def _record(data: Mapping[str, Any]) -> Record:
    return Record(
        name=str(data["name"]),
        format=str(data["format"]),
        media_type=str(data["media_type"]),
        lang=str(data["lang"]),
        stem=str(data["stem"]),
        key=str(data["key"]),
        duration_s=None if data.get("duration_s") is None else float(data["duration_s"]),
        extras=tuple(str(e) for e in data.get("extras", ())),
        settings=data.get("settings"),
    )


def read_state(folder: Path) -> dict[str, Record]:
    """The records of ``folder`` by file name; empty when it has none or they do not read.

    A missing, damaged or older state only means every output is written again.
    """
    return _read(folder, STATE_NAME)


def _read(folder: Path, name: str) -> dict[str, Record]:
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return {}
        records = [_record(entry) for entry in data["outputs"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {r.name: r for r in records if r.present_in(folder)}


def read_bundle_key(folder: Path) -> str | None:
    """The key the pages and manifest of ``folder`` were written under; None if unknown."""
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        key = data.get("bundle") if data.get("version") == STATE_VERSION else None
    except (OSError, ValueError, AttributeError):
        return None
    return key if isinstance(key, str) else None


def _write(path: Path, records: list[Record], bundle: str | None = None) -> None:
    entries = [
        {k: v for k, v in asdict(r).items() if v not in (None, ())} | {"extras": list(r.extras)}
        for r in records
    ]
    state: dict[str, Any] = {"version": STATE_VERSION, "outputs": entries}
    if bundle is not None:
        state["bundle"] = bundle
    text = json.dumps(state, indent=1, sort_keys=True)
    temporary = path.with_name(f"{path.name}.part")
    temporary.write_text(text + "\n", encoding="utf-8")
    temporary.replace(path)


def write_state(folder: Path, records: list[Record], bundle: str | None = None) -> None:
    """Write the records of ``folder`` (and its pages' ``bundle`` key); drop the journal there.

    ``folder`` is a staging folder, swapped in with everything else.
    """
    _write(folder / STATE_NAME, records, bundle)
    (folder / JOURNAL_NAME).unlink(missing_ok=True)


def write_journal(folder: Path, records: list[Record]) -> None:
    """Record in a staging folder what the build has finished so far."""
    _write(folder / JOURNAL_NAME, records)


def read_journal(folder: Path) -> list[Record]:
    """What a killed build had finished in its staging folder ``folder``, files present."""
    return list(_read(folder, JOURNAL_NAME).values())
