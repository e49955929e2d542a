from __future__ import annotations

import pytest

from publisher.speech.normalize import spoken_form
from tests.speech.normalize.fixture_cases import Case, read_fixtures

ABBREVIATIONS = {"PCM": "Presidencia del Consejo de Ministros"}
CASES = [case for lang in ("es", "en", "qu") for case in read_fixtures(lang)]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture(case: Case) -> None:
    assert spoken_form(case.written, case.tag, ABBREVIATIONS) == case.spoken


@pytest.mark.parametrize(("lang", "least"), [("es", 100), ("en", 55), ("qu", 55)])
def test_every_language_has_its_cases(lang: str, least: int) -> None:
    assert len(read_fixtures(lang)) >= least
