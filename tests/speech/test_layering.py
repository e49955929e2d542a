"""Speech makes sound; audio writes files: speech never reaches for the audio writer."""

from __future__ import annotations

import subprocess
import sys


def test_speech_imports_no_audio_writer() -> None:
    code = (
        "import sys, pkgutil, importlib, publisher.speech as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'publisher.speech.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('publisher.audio')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "publisher.audio.writer" not in out.stdout
