"""What ``publisher voices list`` and ``publisher voices add`` do, as lines to print."""

from __future__ import annotations

from pathlib import Path

from publisher.config import load_config
from publisher.speech.voices.files import VOICES_URL, voices_folder
from publisher.speech.voices.install import Pins, add_voice
from publisher.speech.voices.listing import format_rows, voice_rows
from publisher.speech.voices.transfer import is_url


def configured_folder(config: Path | None) -> Path:
    """The voices folder ``[audio.piper] voices`` of the settings file names (or the default)."""
    from publisher.speech.engines.piper import PiperSettings

    settings: PiperSettings = load_config(config).settings("audio.piper", PiperSettings)
    return voices_folder(settings.voices)


def listing(config: Path | None) -> list[str]:
    """The installed voices in columns, then a warning per broken one."""
    folder = configured_folder(config)
    rows, problems = voice_rows(folder)
    if not rows:
        lines = [
            f"no voices in {folder}; add one with: publisher voices add URL --sha256 HEX "
            f"--json-sha256 HEX (voices: {VOICES_URL})"
        ]
    else:
        lines = format_rows(rows)
    return lines + [f"warning: {problem}" for problem in problems]


def add(source: str, pins: Pins, config: Path | None) -> list[str]:
    """Install the voice at ``source``, checking the checksums in ``pins``; what was done."""
    folder = configured_folder(config)
    added = add_voice(source, folder, pins)
    verb = "replaced" if added.replaced else "added"
    lines = [
        f"{added.voice.name} ({added.voice.lang}, {added.voice.quality or 'quality not given'}) "
        f"{verb} in {folder}"
    ]
    origin = "downloaded" if is_url(source) else "copied"
    for given, what, digest, option in (
        (pins.model, "model", added.sha256, "--sha256"),
        (pins.config, "config", added.config_sha256, "--json-sha256"),
    ):
        if given is None:
            lines.append(f"sha256 of the {what} {origin}: {digest} (give it with {option} to pin)")
    lines.append(f"build with it: publisher build --engine piper --voice {added.voice.name}")
    return lines
