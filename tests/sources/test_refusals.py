"""The README lists exactly what the reader refuses, and each refusal is tested."""

from __future__ import annotations

from pathlib import Path

from publisher.sources.refusals import REFUSED

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def _readme_refusals() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What is refused", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in rows if not row.startswith("| ---")][1:]


def test_the_readme_lists_exactly_what_is_refused() -> None:
    assert _readme_refusals() == [refused.name for refused in REFUSED.values()]


def test_every_refusal_has_a_fixture_that_names_it_with_its_line() -> None:
    errors = [p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.error")]
    for refused in REFUSED.values():
        named = [e for e in errors if f": {refused.name} (" in e]
        assert named, f"no fixture is refused as {refused.name}"
        assert all(e.startswith("es.md:") and e.split(":")[1].isdigit() for e in named)
