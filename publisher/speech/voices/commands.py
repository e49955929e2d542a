"""What ``publisher voices list`` and ``publisher voices add`` do, as lines to print."""

from __future__ import annotations

from pathlib import Path

from publisher.config import load_config
from publisher.speech.voices.files import VOICES_URL, voices_folder
from publisher.speech.voices.install import add_voice, is_url
from publisher.speech.voices.listing import format_rows, voice_rows


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
            f"(voices: {VOICES_URL})"
        ]
    else:
        lines = format_rows(rows)
    return lines + [f"warning: {problem}" for problem in problems]


def add(source: str, sha256: str | None, config: Path | None) -> list[str]:
    """Install the voice at ``source``; what was done."""
    folder = configured_folder(config)
    added = add_voice(source, folder, sha256)
    verb = "replaced" if added.replaced else "added"
    lines = [
        f"{added.voice.name} ({added.voice.lang}, {added.voice.quality or 'quality not given'}) "
        f"{verb} in {folder}"
    ]
    if sha256 is None:
        origin = "downloaded" if is_url(source) else "copied"
        lines.append(f"sha256 of the model {origin}: {added.sha256} (give it with --sha256 to pin)")
    lines.append(f"build with it: publisher build --engine piper --voice {added.voice.name}")
    return lines
