"""For the espeak helper's tests: code a helper runs at its start.

The hook is a ``sitecustomize`` module on ``PYTHONPATH``, which a helper inherits from the
build's environment: the helper's children then stall on a sentence holding :data:`STALL` and
crash on one holding :data:`CRASH`. Nothing of it is in the project's code.
"""

from __future__ import annotations

import os
from pathlib import Path

STALL = "Tardanza"
"""A hooked helper's child never finishes a sentence holding this word."""
CRASH = "Quiebre"
"""A hooked helper's child fails on a sentence holding this word."""
HOOK = f"""
import sys
import time

if "publisher.speech.engines.espeak_helper" in sys.orig_argv:
    from publisher.speech.engines import espeak_library

    _speak = espeak_library.Library.speak

    def speak(self, text):
        if {STALL!r} in text:
            time.sleep(3600)
        if {CRASH!r} in text:
            raise MemoryError
        return _speak(self, text)

    espeak_library.Library.speak = speak
"""


def hook_folder(folder: Path, code: str = HOOK) -> str:
    """Write ``code`` as ``folder``'s sitecustomize; the PYTHONPATH that runs it, then ours."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(code, encoding="utf-8")
    return os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
