"""A missing validator skips a test on a developer's machine and fails it in CI."""

from __future__ import annotations

import pytest

from publisher.validate import CHECKS, ValidatorMissing, missing_validators
from tests.validate.support import missing, require


def _absent() -> list[str]:
    raise ValidatorMissing("Thing not available: install it")


def test_missing_validator_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Thing not available"):
        require(_absent)


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_validator_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="Thing not available"):
        require(_absent)


def test_present_validator_returns_its_findings() -> None:
    assert require(lambda: []) == []


def test_every_validator_is_installed() -> None:
    """Under CI this fails at once, naming each missing tool, before any slow test runs."""
    absent = missing_validators()
    assert set(absent) <= set(CHECKS)
    if absent:
        missing(ValidatorMissing("; ".join(absent.values())))
