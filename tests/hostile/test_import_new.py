"""Hostile input to ``publisher import`` and ``publisher new``, run as a user would run them.

Each case runs the command in a subprocess (tests/hostile/support.py): no traceback, no exit 1,
within the time limit, and the folders it was not told to write to are unchanged. A refusal is
exit 2 with one message naming the file or option and what to do, and leaves nothing behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.support import Outcome, refused, run_publisher
from tests.sources import docx_parts

TEXT = "Título\n\nUno.\n\nDos.\n\nEnglish translation\n\nTitle\n\nOne.\n\nTwo.\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working folder with a text release in ``in/nota.txt`` and a folder beside it."""
    (tmp_path / "work" / "in").mkdir(parents=True)
    (tmp_path / "work" / "in" / "nota.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.txt").write_text("keep", encoding="utf-8")
    return tmp_path / "work"


def _import(work: Path, *args: str) -> Outcome:
    return run_publisher(
        ["import", *args],
        cwd=work,
        untouched=[work / "in", work.parent / "outside"],
    )


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("slug", ["../x", "x/y", ".", "..", "../outside", "/ABS"])
def test_import_refuses_a_slug_that_is_not_one_release_name(work: Path, slug: str) -> None:
    slug = str(work.parent / "abs") if slug == "/ABS" else slug
    outcome = _import(work, "in/nota.txt", "--langs", "es-PE,en", "-o", "source", "--slug", slug)
    refused(outcome, "--slug", "a release name is one folder name")
    assert _only(work) == ["in"], "not even -o is made"
    assert _only(work.parent) == ["outside", "work"]


@pytest.mark.parametrize("slug", ["../x", "x/y", ".", "..", "/tmp/x"])
def test_new_refuses_the_same_slugs(work: Path, slug: str) -> None:
    outcome = run_publisher(["new", slug, "--langs", "es-PE,en", "-o", "source"], cwd=work)
    refused(outcome, "SLUG", "a release name is one folder name")
    assert _only(work) == ["in"]


def test_a_linked_output_folder_is_refused(work: Path) -> None:
    (work / "source").symlink_to(work.parent / "outside")
    outcome = _import(work, "in/nota.txt", "--langs", "es-PE,en", "-o", "source")
    refused(outcome, "-o source", "symbolic link")
    outcome = run_publisher(
        ["new", "nota", "--langs", "es-PE", "-o", "source"],
        cwd=work,
        untouched=[work.parent / "outside"],
    )
    refused(outcome, "symbolic link")


def test_a_linked_release_folder_is_refused(work: Path) -> None:
    (work / "source").mkdir()
    (work / "source" / "nota").symlink_to(work.parent / "outside")
    outcome = _import(work, "in/nota.txt", "--langs", "es-PE,en", "-o", "source")
    refused(outcome, "source/nota", "symbolic link")
    assert _only(work / "source") == ["nota"]


def test_a_killed_import_is_cleaned_up_by_the_next(work: Path) -> None:
    killer = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from publisher.sources import importer\n"
        "importer.load_release = lambda folder: os.kill(os.getpid(), signal.SIGKILL)\n"
        "importer.import_release([Path('in/nota.txt')], Path('source'), langs=['es-PE', 'en'])\n"
    )
    killed = subprocess.run([sys.executable, "-c", killer], cwd=work, check=False)
    assert killed.returncode == -9
    (leftover,) = (work / "source").iterdir()
    assert leftover.name.startswith(".publisher-writing.")
    earlier = work / "source" / ".nota.import-k1ll3d00"  # as imports before the fix left them
    (earlier / "nota").mkdir(parents=True)
    os.utime(earlier, (time.time() - 7200, time.time() - 7200))
    outcome = _import(work, "in/nota.txt", "--langs", "es-PE,en", "-o", "source")
    assert outcome.returncode == 0, outcome.stderr
    assert _only(work / "source") == ["nota"]


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("repeated", lambda p: docx_parts.repeated(p, 180), ["unpacks to 180 MB", "100 MB"]),
        ("nested", lambda p: docx_parts.nested(p, 10_000), ["word/document.xml", "64 deep"]),
        (
            "elements",
            lambda p: docx_parts.many_elements(p, 150_000),
            ["word/document.xml", "100,000 XML elements"],
        ),
        ("laughs", docx_parts.laughs, ["word/document.xml", "DOCTYPE"]),
    ],
)
def test_a_word_bomb_is_refused_quickly_naming_the_part_and_the_limit(
    work: Path, name: str, build: object, words: list[str]
) -> None:
    source = work / "in" / f"{name}.docx"
    build(source)  # type: ignore[operator]
    assert source.stat().st_size < 2_000_000, "small on disk"
    started = time.monotonic()
    outcome = _import(work, f"in/{name}.docx", "--langs", "es-PE", "-o", "source")
    refused(outcome, f"in/{name}.docx", *words)
    assert time.monotonic() - started < 30
    assert _only(work) == ["in"]


@pytest.mark.parametrize("command", ["import", "new"])
def test_a_language_name_is_refused_with_its_tag(work: Path, command: str) -> None:
    args = ["in/nota.txt"] if command == "import" else ["nota"]
    outcome = run_publisher(
        [command, *args, "--langs", "spanish", "-o", "source"], cwd=work, untouched=[work / "in"]
    )
    message = refused(outcome, "--langs", "'spanish'", "es-PE", "write es")
    assert len(message.splitlines()) == 1
    assert _only(work) == ["in"]


def test_new_into_a_file_is_refused(work: Path) -> None:
    outcome = run_publisher(
        ["new", "nota", "--langs", "es-PE", "-o", "in/nota.txt"], cwd=work, untouched=[work / "in"]
    )
    refused(outcome, "-o in/nota.txt", "is a file, not a folder")


def test_new_with_two_tags_of_one_language_leaves_nothing(work: Path) -> None:
    outcome = run_publisher(["new", "nota", "--langs", "es-PE,es-MX", "-o", "source"], cwd=work)
    refused(outcome, "--langs", "es-MX and es-PE are one language")
    assert _only(work) == ["in"]


def test_a_linked_picture_is_named_as_linked_with_what_to_do(work: Path) -> None:
    docx_parts.linked_picture(work / "in" / "foto.docx", "file:///C:/Fotos/foto.jpg")
    outcome = _import(work, "in/foto.docx", "--langs", "es-PE", "-o", "source")
    message = refused(
        outcome,
        "in/foto.docx: paragraph 3",
        "linked to an outside file (file:///C:/Fotos/foto.jpg), not embedded",
        "Insert > Pictures",
    )
    assert "format" not in message


def test_a_refusal_names_the_file_given_and_the_place_never_the_markdown(work: Path) -> None:
    (work / "in" / "nota.txt").write_text(TEXT.replace("\n\nTwo.\n", "\n"), encoding="utf-8")
    outcome = _import(work, "in/nota.txt", "--langs", "es-PE,en", "-o", "source")
    message = refused(outcome, "in/nota.txt:11: block 2 does not align", "nota.txt:5")
    first, *rest = TEXT.replace("\n\nTwo.\n", "\n").split("\n\n")
    body = [docx_parts.title(first), *(docx_parts.paragraph(t) for t in rest)]
    docx_parts.package(work / "in" / "nota.docx", body, parts=docx_parts.TITLED)
    outcome = _import(work, "in/nota.docx", "--langs", "es-PE,en", "-o", "source")
    message += refused(outcome, "in/nota.docx: paragraph 6 ('One.'): block 2", "paragraph 3")
    assert ".md" not in message
    assert _only(work) == ["in"]
