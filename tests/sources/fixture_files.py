"""The one helper for reader fixtures: an input file beside the expected result.

``fixtures/<reader>/NAME.<suffix>`` is read as an edition of a small release (release.yaml:
original es-PE, abbreviation PCM); ``NAME.json`` holds the edition's dump (as ``publisher
inspect`` writes it), or ``NAME.error`` the message the reader refuses it with (file and line
included, relative to the release folder). Regenerate with PUBLISHER_REGEN_FIXTURES=1 and review
the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from publisher.dump import to_data
from publisher.errors import SourceError
from publisher.sources import load_release

FIXTURES = Path(__file__).parent / "fixtures"
RELEASE_YAML = (
    "original: es-PE\nabbreviations:\n  es:\n    PCM: Presidencia del Consejo de Ministros\n"
)


def cases(reader: str, suffix: str) -> list[pytest.param]:  # type: ignore[valid-type]
    """One test parameter per input file of ``reader``."""
    folder = FIXTURES / reader
    return [pytest.param(p, id=p.stem) for p in sorted(folder.glob(f"*{suffix}"))]


def outcome(source: Path, tmp_path: Path) -> tuple[str, str]:
    """("json", the edition's dump) or ("error", the refusal) for one fixture input file."""
    folder = tmp_path / "nota"
    folder.mkdir()
    (folder / "release.yaml").write_text(RELEASE_YAML, encoding="utf-8")
    shutil.copy(source, folder / f"es{source.suffix}")
    for extra in source.parent.glob(f"{source.stem}.*.png"):  # images the input names
        shutil.copy(extra, folder / extra.name.removeprefix(f"{source.stem}."))
    try:
        release = load_release(folder)
    except SourceError as error:
        message = str(error).replace(str(folder.resolve()) + "/", "")
        return "error", message.replace(str(folder.resolve()), "<release>") + "\n"
    data = to_data(release.original, release.root)
    return "json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check(source: Path, tmp_path: Path) -> None:
    """Compare a fixture input's outcome with its expected file."""
    kind, got = outcome(source, tmp_path)
    expected = source.with_suffix(f".{kind}")
    other = source.with_suffix(".error" if kind == "json" else ".json")
    if os.environ.get("PUBLISHER_REGEN_FIXTURES"):
        expected.write_text(got, encoding="utf-8")
        other.unlink(missing_ok=True)
    assert not other.exists(), f"{source.name}: expected {other.suffix}, got {kind}: {got}"
    assert got == expected.read_text(encoding="utf-8")
