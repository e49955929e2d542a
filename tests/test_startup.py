"""Commands that build nothing load no heavy backend; the parser alone answers --help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("weasyprint", "av", "ebooklib", "mutagen", "feedgen", "pikepdf")
PROBE = """
import sys
from publisher.cli import main
code = main(sys.argv[1:])
print(" ".join(m for m in {heavy!r} if m in sys.modules) or "-")
sys.exit(code)
"""


@pytest.mark.parametrize("command", [["inspect", "source"], ["check", "source"]])
def test_commands_that_build_nothing_load_no_backend(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "-"


def test_help_loads_only_the_parser() -> None:
    probe = (
        "import sys, publisher.cli; "
        "print(' '.join(m for m in sys.modules if m.startswith('publisher')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(done.stdout.split())
    assert loaded <= {
        "publisher",
        "publisher.cli",
        "publisher.errors",
        "publisher.formats",
        "publisher.interrupts",
    }
