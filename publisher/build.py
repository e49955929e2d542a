"""The build: releases in, output files out, through one writer per format.

Every file of a release is written into a staging folder first; the staging folders replace
``<output>/<slug>/`` only when every release of the build succeeded (see
:mod:`publisher.staging`): a build of several releases replaces all of them or none.
The PDF and EPUB backends (WeasyPrint, ebooklib) are imported by their writers, on first use,
so the commands that build nothing start without them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from publisher.artifact import Artifact, describe
from publisher.backends.audio import build_audio, narrate_script
from publisher.bundle.budget import enforce_budgets
from publisher.bundle.manifest import MANIFEST_NAME
from publisher.bundle.write import BundleOptions, check_site, write_bundle, write_site_index
from publisher.errors import OutputError, UsageError
from publisher.formats import FORMATS, Format, load
from publisher.languages import primary
from publisher.model import Edition, Release
from publisher.office import release_office
from publisher.options import BuildOptions
from publisher.render.speech import speech_script
from publisher.staging import Batch, Staging, file_error, recover

Progress = Callable[[str], None]
"""Called with a short description of each step as it starts."""


@dataclass(frozen=True, slots=True)
class Output:
    """A file a writer produced in the staging folder, before it is described."""

    name: str
    format: str
    media_type: str
    lang: str
    duration_s: float | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """One writer call: these editions of the release, into the staging folder, as ``stem``."""

    release: Release
    editions: Sequence[Edition]
    staging: Staging
    stem: str
    options: BuildOptions
    formats: tuple[str, ...]
    """The formats this writer is asked for (the audio writer writes up to three)."""
    warn: Callable[[str], None]
    """Where a writer reports what the user should know but does not stop the build."""

    @property
    def langs(self) -> str:
        """The editions' language tags, space-separated."""
        return " ".join(e.lang for e in self.editions)


def write_pdf(job: Job) -> list[Output]:
    """The tagged PDF of the job's editions."""
    from publisher.backends.pdf import write_pdf

    name = f"{job.stem}.pdf"
    write_pdf(job.release, job.editions, job.staging.path(name), job.warn)
    return [Output(name, "pdf", "application/pdf", job.langs)]


def write_epub(job: Job) -> list[Output]:
    """The EPUB of the job's editions."""
    from publisher.backends.epub import write_epub

    name = f"{job.stem}.epub"
    write_epub(job.release, job.editions, job.staging.path(name), job.options.epub)
    return [Output(name, "epub", "application/epub+zip", job.langs)]


def write_audio(job: Job) -> list[Output]:
    """The edition's narration (MP3, Opus) and captions, those of them the job asks for."""
    (edition,) = job.editions
    wanted = job.formats
    files = build_audio(
        speech_script(job.release, edition),
        job.release,
        job.staging.folder,
        job.stem,
        replace(job.options.audio, formats=wanted),
    )
    return [Output(f.path.name, f.format, f.media_type, f.lang, f.duration_s) for f in files]


def write_narrated_epub(job: Job) -> list[Output]:
    """The EPUB with the edition's MP3 read along with the text.

    The edition is narrated once, and that narration gives both the MP3 and the timing. The MP3
    is the one the audio writer publishes: both writers narrate through the speech cache, so
    nothing is synthesized twice.
    """
    from publisher.backends.epub import Recording, write_narrated_epub
    from publisher.epub.overlay import Timed

    (edition,) = job.editions
    script = speech_script(job.release, edition)
    audio = job.options.audio
    narration = narrate_script(script, audio)
    with tempfile.TemporaryDirectory(prefix="publisher-narration-") as scratch:
        (mp3,) = build_audio(
            script,
            job.release,
            Path(scratch),
            job.stem,
            replace(audio, formats=("mp3",)),
            narration=narration,
        )
        data = mp3.path.read_bytes()
    timeline = tuple(Timed(s.utterance, s.start_ms, s.end_ms) for s in narration.segments)
    audio_format = FORMATS["mp3"]
    recording = Recording(
        data, audio_format.media_type, audio_format.suffix, timeline, narration.duration_ms
    )
    name = f"{job.stem}.narrated.epub"
    write_narrated_epub(job.release, edition, job.staging.path(name), recording, job.options.epub)
    duration = narration.duration_ms / 1000
    narrated = FORMATS["narrated-epub"]
    return [Output(name, narrated.name, narrated.media_type, job.langs, duration)]


Writer = Callable[[Job], list[Output]]


def writer_groups(formats: Sequence[str]) -> list[tuple[Writer, tuple[Format, ...]]]:
    """The writers that make ``formats``, each with its formats, in the registry's order."""
    groups: dict[str, list[Format]] = {}
    for descriptor in FORMATS.values():
        if descriptor.name in formats and descriptor.writer is not None:
            groups.setdefault(descriptor.writer, []).append(descriptor)
    return [(load(target), tuple(group)) for target, group in groups.items()]


def select_editions(release: Release, langs: Sequence[str]) -> list[Edition]:
    """The editions asked for by ``--lang`` (all when empty); an unknown language is an error."""
    if not langs:
        return list(release.editions)
    chosen: list[Edition] = []
    for lang in langs:
        wanted = lang.lower()
        matches = [e for e in release.editions if wanted in (e.lang.lower(), primary(e.lang))]
        if not matches:
            have = ", ".join(e.lang for e in release.editions)
            raise UsageError(
                f"--lang {lang}: {release.slug} has no edition in '{lang}' (it has {have})"
            )
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


@contextmanager
def _speech_cache(options: BuildOptions) -> Iterator[BuildOptions]:
    """``options``, with a speech cache for this build alone where none is configured.

    Only the EPUB with narration needs it: its writer and the audio writer each narrate an
    edition, and without a cache each would synthesize it again.
    """
    if options.audio.cache_dir is not None or not options.wants("narrated-epub"):
        yield options
        return
    with tempfile.TemporaryDirectory(prefix="publisher-speech-") as folder:
        yield replace(options, audio=replace(options.audio, cache_dir=Path(folder)))


def check_output(output: Path, releases: Sequence[Release]) -> None:
    """Refuse an output folder that would replace or mix with sources, before anything is written.

    The output folder may not be, contain or lie inside a release folder; and a folder in it
    named like a release is replaced only if an earlier build wrote it (it has a manifest).
    """
    out = output.resolve()
    for release in releases:
        root = release.root
        if out == root or out.is_relative_to(root) or root.is_relative_to(out):
            where = "is" if out == root else "is inside" if out.is_relative_to(root) else "holds"
            raise OutputError(
                f"{output}: the output folder {where} the release folder {root}, whose files "
                "the outputs would replace; give an output folder outside the sources "
                "(-o dist)"
            )
        target = out / release.slug
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise OutputError(f"{target}: not a folder; move it away or choose another -o")
        if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST_NAME).is_file():
            raise OutputError(
                f"{target}: this folder was not written by publisher (it has no "
                f"{MANIFEST_NAME}), so it is not replaced; move it away or choose another -o"
            )


@dataclass(frozen=True, slots=True)
class Built:
    """What a build of several releases wrote, and what the user should know about it."""

    artifacts: list[Artifact]
    notes: list[str]


def build_releases(
    releases: Sequence[Release],
    options: BuildOptions,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> Built:
    """Build every release, then replace their folders: all of them, or none if one fails.

    The output folder is checked first, leftovers of killed builds are cleaned up, and the
    manifests of the other releases in it are read before anything is replaced, so a broken
    one stops the build while every folder is still as it was.
    """
    if not options.formats:
        raise OutputError("no format to build: name at least one (--formats pdf,epub,mp3)")
    check_output(options.output, releases)
    for release in releases:
        select_editions(release, options.langs)
    recover(options.output)
    rebuilt = {r.slug for r in releases}
    bundle = BundleOptions(
        options.base_url, options.feed_image_url, options.office, options.templates
    )
    check_site(options.output, rebuilt)
    artifacts: list[Artifact] = []
    with Batch() as batch:
        for release in releases:
            artifacts += _stage_release(release, options, batch, progress, warn)
        batch.replace_targets()
    site = write_site_index(options.output, bundle)
    return Built(artifacts + site.artifacts, site.notes)


def build_release(
    release: Release,
    options: BuildOptions,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Artifact]:
    """Write every requested format of one release; returns what was written.

    The release folder is replaced only when every file succeeded; the site index is not
    written (see :func:`build_releases`).
    """
    if not options.formats:
        raise OutputError("no format to build: name at least one (--formats pdf,epub,mp3)")
    check_output(options.output, [release])
    with Batch() as batch:
        artifacts = _stage_release(release, options, batch, progress, warn)
        batch.replace_targets()
    return artifacts


def _stage_release(
    release: Release,
    options: BuildOptions,
    batch: Batch,
    progress: Progress | None,
    warn: Callable[[str], None] | None,
) -> list[Artifact]:
    """Write every requested format of one release into a staging folder of ``batch``."""
    editions = select_editions(release, options.langs)
    target = options.output / release.slug
    say = progress or (lambda _: None)
    outputs: list[Output] = []
    staging = batch.stage(target)
    tell = warn or say
    try:
        with _speech_cache(options) as settings:
            for writer, group in writer_groups(settings.formats):
                names = tuple(f.name for f in group)
                what = "/".join(names)
                for edition in editions:
                    say(f"{release.slug}: {what} ({edition.lang})")
                    stem = f"{release.slug}.{edition.primary_language}"
                    job = Job(release, [edition], staging, stem, settings, names, tell)
                    outputs += writer(job)
                if any(f.multilingual for f in group) and settings.bilingual and len(editions) > 1:
                    say(f"{release.slug}: {what} (bilingual)")
                    stem = f"{release.slug}.bilingual"
                    outputs += writer(Job(release, editions, staging, stem, settings, names, tell))
            artifacts = [
                describe(staging.path(o.name), o.format, o.media_type, o.lang, o.duration_s)
                for o in outputs
            ]
            say(f"{release.slug}: download pages and manifest")
            office = release_office(release.root, settings.office)
            pages = BundleOptions(settings.base_url, office=office, templates=settings.templates)
            artifacts += write_bundle(release, artifacts, staging, pages)
            for finding in enforce_budgets(artifacts, settings.budgets):
                tell(f"{release.slug}: size budget exceeded: {finding}")
    except OSError as error:
        raise file_error(error, target) from error
    return [replace(a, path=target / a.path.name) for a in artifacts]
