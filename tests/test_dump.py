"""`publisher inspect` prints the model as JSON; the seed's dump is kept as a golden file.

Regenerate after an intended change with PUBLISHER_REGEN_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.dump import release_json
from publisher.sources import load_release
from tests.conftest import SEED

GOLDEN = Path(__file__).parent / "golden" / "seed.model.json"


def test_inspect_matches_the_golden_dump(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SEED)]) == 0
    out = capsys.readouterr().out
    if os.environ.get("PUBLISHER_REGEN_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_dump_is_typed_and_relative() -> None:
    data = json.loads(release_json(load_release(SEED)))
    assert data["type"] == "Release"
    assert data["root"] == SEED.name
    edition = data["editions"][0]
    assert edition["source"] == "es.md"
    assert edition["blocks"][0]["type"] == "Paragraph"
    assert {n["type"] for b in edition["blocks"] for n in b["children"]} == {"Text", "Abbr"}
