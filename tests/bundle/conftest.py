"""A real output folder: two releases in HTML, PDF, EPUB, real MP3/Opus/WebVTT, pages and feeds."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from mutagen import File as AudioFile

from publisher.artifact import Artifact, describe
from publisher.build import build_release
from publisher.bundle.write import BundleOptions, SiteIndex, write_bundle, write_site_index
from publisher.model import Release
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.staging import staged
from tests.conftest import SEED

BASE_URL = "https://example.org/prensa/"
SECOND_SLUG = "informe-anual-2024"

SECOND_YAML = """\
original: en
date: 2024-03-01
issuer:
  en: Office of Digital Government
  es: Oficina de Gobierno Digital
"""
SECOND = {
    "en.md": "---\ntitle: Annual report\nlang: en\nsummary: The year in numbers.\n---\n\n"
    "The office published its annual report.\n",
    "es.md": "---\ntitle: Informe anual\nlang: es\nsummary: El año en cifras.\n---\n\n"
    "La oficina publicó su informe anual.\n",
    "qu.md": "---\ntitle: Watapi willakuy\nlang: qu\n---\n\nWatapi willakuyta qillqarqan.\n",
}

AUDIO = {
    "mp3": ("libmp3lame", "32k", "audio/mpeg"),
    "opus": ("libopus", "16k", "audio/ogg; codecs=opus"),
}


def make_audio(path: Path, seconds: float, format_name: str) -> float:
    """A real file of silence; returns its playing time as read back from the file."""
    codec, bitrate, _ = AUDIO[format_name]
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono"]
    command += ["-t", str(seconds), "-c:a", codec, "-b:a", bitrate, "-map_metadata", "-1"]
    command += ["-fflags", "+bitexact", "-flags:a", "+bitexact", str(path)]
    subprocess.run(command, check=True)
    return float(AudioFile(path).info.length)


def add_audio(release: Release, folder: Path, seconds: float) -> list[Artifact]:
    """MP3, Opus and WebVTT per edition, as the audio backend writes them."""
    written = []
    for edition in release.editions:
        for format_name, (_, _, media_type) in AUDIO.items():
            path = folder / f"{release.slug}.{edition.primary_language}.{format_name}"
            length = make_audio(path, seconds, format_name)
            written.append(describe(path, format_name, media_type, edition.lang, length))
        vtt = folder / f"{release.slug}.{edition.primary_language}.vtt"
        vtt.write_text(f"WEBVTT\n\n00:00.000 --> 00:02.000\n{edition.title}\n", encoding="utf-8")
        written.append(describe(vtt, "vtt", "text/vtt", edition.lang))
    return written


@dataclass
class Built:
    """An output folder and what was written into it."""

    output: Path
    releases: dict[str, Release]
    outputs: dict[str, list[Artifact]]
    """The outputs of each release (PDF, EPUB, audio), by slug."""
    bundles: dict[str, list[Artifact]]
    """The pages and manifest of each release, by slug."""
    site: SiteIndex


def bundle(built: Built, options: BundleOptions) -> None:
    """(Re)write every release's pages and manifest and the site index into ``built.output``."""
    for slug, release in built.releases.items():
        target = built.output / slug
        with staged(target) as staging:
            files = write_bundle(release, built.outputs[slug], staging, options)
            staging.commit()
        built.bundles[slug] = [replace(a, path=target / a.path.name) for a in files]
    built.site = write_site_index(built.output, options)


@pytest.fixture(scope="session")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Release]:
    """The seed release (undated, no issuer) and a dated one in English, Spanish and Quechua."""
    folder = tmp_path_factory.mktemp("source") / SECOND_SLUG
    folder.mkdir()
    (folder / "release.yaml").write_text(SECOND_YAML, encoding="utf-8")
    for name, text in SECOND.items():
        (folder / name).write_text(text, encoding="utf-8")
    seed, second = load_release(SEED), load_release(folder)
    return {seed.slug: seed, second.slug: second}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, sources: dict[str, Release]) -> Built:
    """Both releases built into one output folder, with a base URL so feeds are written."""
    output = tmp_path_factory.mktemp("dist")
    outputs = {}
    for slug, release in sources.items():
        options = BuildOptions(output=output, formats=("html", "pdf", "epub"))
        # The build writes its own pages and manifest; they are written again below,
        # once the audio files are in the folder too.
        built = build_release(release, options)
        written = [a for a in built if a.format not in ("page", "manifest")]
        seconds = 200 if slug != SECOND_SLUG else 20
        outputs[slug] = written + add_audio(release, output / slug, seconds)
    result = Built(output, sources, outputs, {}, SiteIndex([]))
    bundle(result, BundleOptions(base_url=BASE_URL))
    return result
