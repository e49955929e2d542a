"""Size budgets: clear errors naming files and figures, warnings on request."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from publisher.artifact import Artifact, describe
from publisher.bundle.budget import (
    Budgets,
    check_budgets,
    enforce_budgets,
    parse_budgets,
    parse_size,
)
from publisher.errors import EXIT_INVALID_OUTPUT, BudgetExceeded
from tests.bundle.conftest import Built, make_audio


def _artifact(path: Path, format_name: str, lang: str, duration: float | None = None) -> Artifact:
    data = path.read_bytes()
    return Artifact(
        path, format_name, "audio/mpeg", lang, len(data), hashlib.sha256(data).hexdigest(), duration
    )


def test_default_budget_holds_for_a_release_with_its_audio(built: Built) -> None:
    for slug, outputs in built.outputs.items():
        everything = outputs + built.bundles[slug]
        assert check_budgets(everything, Budgets()) == [], slug


def test_long_mp3_exceeds_the_language_budget(tmp_path: Path) -> None:
    mp3 = tmp_path / "nota.es.mp3"
    seconds = make_audio(mp3, 400, "mp3")  # 32 kb/s: 1.6 MB
    bilingual = tmp_path / "nota.bilingual.pdf"
    bilingual.write_bytes(b"%PDF" + bytes(50_000))
    files = [_artifact(mp3, "mp3", "es", seconds), _artifact(bilingual, "pdf", "es en")]
    with pytest.raises(BudgetExceeded) as raised:
        enforce_budgets(files, Budgets())
    message = str(raised.value)
    size = mp3.stat().st_size
    assert "files in es total 1.6\xa0MB" in message
    assert f"{size:,}\xa0bytes" in message
    assert (
        f"{size - 1_500_000:,}\xa0bytes over the limit of 1.5\xa0MB (1,500,000\xa0bytes)" in message
    )
    assert "nota.es.mp3 1.6\xa0MB" in message
    assert "bilingual" not in message  # files in several languages count toward none
    assert raised.value.exit_code == EXIT_INVALID_OUTPUT


def test_warn_only_returns_the_findings(tmp_path: Path) -> None:
    mp3 = tmp_path / "nota.en.mp3"
    seconds = make_audio(mp3, 3, "mp3")
    files = [_artifact(mp3, "mp3", "en", seconds)]
    budgets = parse_budgets("10 KB", ["mp3=5KB"], warn_only=True)
    findings = enforce_budgets(files, budgets)
    assert [(f.subject, f.per_language) for f in findings] == [
        ("en", True),
        ("nota.en.mp3", False),
    ]
    assert str(findings[1]).startswith("nota.en.mp3: 12\xa0KB (12,")
    assert str(findings[1]).endswith("over the limit of 5\xa0KB (5,000\xa0bytes) for one mp3 file")


def test_no_language_limit(tmp_path: Path) -> None:
    mp3 = tmp_path / "nota.en.mp3"
    make_audio(mp3, 3, "mp3")
    assert check_budgets([_artifact(mp3, "mp3", "en")], parse_budgets("none")) == []


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1.5 MB", 1_500_000),
        ("800KB", 800_000),
        ("15 kB", 15_000),
        ("2 MiB", 2_097_152),
        ("120000", 120_000),
        ("12 b", 12),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "1.5 TB", "-3 KB", "1,5 MB"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size"):
        parse_size(text)


def test_parse_budgets_keeps_defaults() -> None:
    budgets = parse_budgets(per_format=["mp3 = 1 MB"])
    assert budgets.per_language == 1_500_000
    assert dict(budgets.per_format) == {"page": 15_000, "mp3": 1_000_000}
    with pytest.raises(ValueError, match="not a format limit"):
        parse_budgets(per_format=["mp3"])


def test_the_opus_alternative_does_not_count_twice(tmp_path: Path) -> None:
    files = []
    for name, fmt, size in (("a.mp3", "mp3", 1_200_000), ("a.opus", "opus", 600_000)):
        path = tmp_path / name
        path.write_bytes(b"\0" * size)
        files.append(describe(path, fmt, "audio/mpeg", "es"))
    assert check_budgets(files, Budgets(per_language=1_500_000)) == []
    assert len(check_budgets(files, Budgets(per_language=1_000_000))) == 1
