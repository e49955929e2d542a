from __future__ import annotations

from pathlib import Path

import pytest

from publisher.staging import staged


def test_files_appear_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    with staged(target) as staging:
        staging.path("a.txt").write_text("nuevo")
        assert not target.exists()
        staging.commit()
    assert (target / "a.txt").read_text() == "nuevo"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]


def test_a_failure_keeps_the_previous_outputs(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    target.mkdir(parents=True)
    (target / "a.txt").write_text("anterior")

    def interrupted_build() -> None:
        with staged(target) as staging:
            staging.path("a.txt").write_text("a medias")
            raise RuntimeError("falla a mitad")

    with pytest.raises(RuntimeError):
        interrupted_build()
    assert (target / "a.txt").read_text() == "anterior"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]


def test_replacing_the_target_drops_files_the_build_no_longer_writes(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "nota"
    target.mkdir(parents=True)
    (target / "nota.qu.pdf").write_text("de una edición retirada")
    (target / "nota.es.pdf").write_text("anterior")
    with staged(target) as staging:
        staging.path("nota.es.pdf").write_text("nuevo")
        staging.replace_target()
    assert sorted(p.name for p in target.iterdir()) == ["nota.es.pdf"]
    assert (target / "nota.es.pdf").read_text() == "nuevo"
    assert [p.name for p in target.parent.iterdir()] == ["nota"]
