"""``publisher check`` is exact: each warning names the line of its block, once per kind."""

from __future__ import annotations

import pytest

from publisher.cli import main
from tests.conftest import EN, ES, MakeRelease

TABLE = """---
title: Informe del lote A4-3b
lang: es-PE
---

## Datos

Primer párrafo de la nota.

Segundo párrafo de la nota.

Tercer párrafo de la nota.

Cuarto párrafo de la nota.

| Código | Otro |
| --- | --- |
| A4-3b | A4-3b |
| A4-3b | Z9-9z |
"""


def _warnings(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_a_warning_about_a_table_names_the_table_line_once_with_a_count(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_release({"es.md": TABLE, "en.md": None})
    assert main(["check", str(folder)]) == 0
    warnings = _warnings(capsys)
    table = [w for w in warnings if w.endswith("(b6)")]
    assert len(table) == 1, warnings
    assert "es.md:16: digits left for the voice to guess 3 times: " in table[0]
    assert "'cuatro-3b' (2 times), 'nueve-9z' (b6)" in table[0]
    title = [w for w in warnings if w.endswith("(title)")]
    assert len(title) == 1
    assert "es.md:2: digits 'cuatro-3b'" in title[0]


def test_every_warning_carries_a_line(
    make_release: MakeRelease, capsys: pytest.CaptureFixture[str]
) -> None:
    es = ES + "\n- El lote A4-3b\n- El lote B7-2c\n\n> Según el DS 004-2019-JUS.\n"
    en = EN + "\n- Lot A4-3b\n- Lot B7-2c\n\n> Per DS 004-2019-JUS.\n"
    folder = make_release({"es.md": es, "en.md": en})
    assert main(["aligned", str(folder)]) == 0
    (folder / "es.md").write_text(es.replace("Segundo párrafo.", "Otro párrafo."))
    capsys.readouterr()
    assert main(["check", str(folder)]) == 0
    warnings = _warnings(capsys)
    assert warnings
    for warning in warnings:
        where = warning.split(": ")[2]
        assert where.rsplit(":", 1)[1].isdigit(), warning
    assert any(w.startswith("warning: nota: en.md:10: block b3") for w in warnings), warnings
