"""EPUBCheck 5 and DAISY Ace on the seed's EPUBs: no message at all, and no violation.

Each validator is shown to really run: a deliberately broken EPUB fails it. The validators are
slow (EPUBCheck starts a JVM), so every EPUB is audited once per session, two at a time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from publisher.epub import EpubOptions
from publisher.epub.audit import audit_epub
from publisher.sources import load_release
from publisher.validate import (
    Finding,
    ValidatorMissing,
    ensure_ace,
    ensure_epubcheck,
    run_ace,
    run_epubcheck,
)
from tests.conftest import SEED
from tests.epub.fixtures import build_three, require, rewrite, rich_files, write_release

pytestmark = pytest.mark.slow

SEED_KINDS = ("es", "en", "bilingual")


@pytest.fixture(scope="module")
def epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed's three EPUBs, and a bilingual EPUB with images, lists, a table and a claim."""
    require(ensure_epubcheck, ensure_ace)
    out = tmp_path_factory.mktemp("epubs")
    paths = build_three(load_release(SEED), out / "seed")
    rich = load_release(write_release(out / "source" / "rica", rich_files()))
    claim = EpubOptions(
        certified_by="Oficina de Accesibilidad",
        certifier_credential="Evaluación interna",
        certifier_report="https://example.org/informe-accesibilidad",
    )
    paths["rich"] = build_three(rich, out / "rich", claim)["bilingual"]
    return paths


@pytest.fixture(scope="module")
def audits(epubs: dict[str, Path]) -> dict[str, list[Finding]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(epubs, pool.map(audit_epub, epubs.values()), strict=True))


@pytest.mark.parametrize("kind", [*SEED_KINDS, "rich"])
def test_epubcheck_has_nothing_to_say(audits: dict[str, list[Finding]], kind: str) -> None:
    messages = [str(f) for f in audits[kind] if f.tool == "epubcheck"]
    assert messages == []


@pytest.mark.parametrize("kind", [*SEED_KINDS, "rich"])
def test_ace_finds_no_violation(audits: dict[str, list[Finding]], kind: str) -> None:
    violations = [str(f) for f in audits[kind] if f.tool == "ace"]
    assert violations == []


def test_epubcheck_fails_an_epub_with_a_missing_document(
    epubs: dict[str, Path], tmp_path: Path
) -> None:
    broken = rewrite(
        epubs["es"],
        tmp_path / "missing-document.epub",
        {"EPUB/content.opf": (b'href="es.xhtml"', b'href="gone.xhtml"')},
    )
    findings = run_epubcheck(broken)
    assert any(f.failing for f in findings)
    assert "RSC-001" in {f.rule for f in findings}


def test_ace_fails_an_epub_without_languages(epubs: dict[str, Path], tmp_path: Path) -> None:
    broken = rewrite(
        epubs["es"],
        tmp_path / "no-language.epub",
        {
            "EPUB/content.opf": (b' xml:lang="es-PE"', b""),
            "EPUB/es.xhtml": (b' lang="es-PE" xml:lang="es-PE"', b""),
        },
    )
    rules = {f.rule for f in run_ace(broken)}
    assert {"epub-lang", "html-has-lang"} <= rules


def test_a_missing_validator_is_an_error_not_a_pass(
    epubs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PUBLISHER_ACE", str(tmp_path / "no-ace-here"))
    with pytest.raises(ValidatorMissing):
        audit_epub(epubs["es"])
