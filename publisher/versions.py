"""The versions of publisher and of the libraries that shape its outputs, for ``--version``."""

from __future__ import annotations

import importlib.metadata

from publisher import __version__

PACKAGES = (
    *("weasyprint", "pikepdf", "ebooklib", "espeakng-loader", "av", "mutagen"),
    *("piper-tts", "onnxruntime"),
)
"""Python distributions whose version is reported, in this order."""


def _distribution(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _espeak() -> str:
    from publisher.errors import PublisherError
    from publisher.speech.engines.espeak import EspeakEngine

    try:
        return EspeakEngine().fingerprint().split()[1]
    except (PublisherError, OSError, IndexError) as error:
        return f"not available ({error})"


def _ffmpeg() -> str:
    try:
        import av
    except ImportError:
        return "not installed"
    return str(getattr(av, "ffmpeg_version_info", "unknown"))


def version_lines() -> list[str]:
    """One line per component: ``name version``."""
    lines = [f"publisher {__version__}"]
    lines += [f"{name} {_distribution(name)}" for name in PACKAGES]
    lines.append(f"espeak-ng {_espeak()}")
    lines.append(f"FFmpeg {_ffmpeg()} (through PyAV)")
    return lines
