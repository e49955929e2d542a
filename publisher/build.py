"""The build: releases in, output files out, through one writer per format.

Every file of a release is written into a staging folder first; the staging folders replace
``<output>/<slug>/`` only when every release of the build succeeded (see
:mod:`publisher.staging`): a build of several releases replaces all of them or none.
The PDF and EPUB backends (WeasyPrint, ebooklib) are imported by their writers, on first use,
so the commands that build nothing start without them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from publisher.artifact import Artifact, describe
from publisher.audio.writer import build_audio
from publisher.bundle.budget import enforce_budgets
from publisher.bundle.manifest import MANIFEST_NAME
from publisher.bundle.write import BundleOptions, check_site, write_bundle, write_site_index
from publisher.context import BuildContext
from publisher.editions import select_editions
from publisher.errors import OutputError
from publisher.formats import FORMATS, Format, load
from publisher.model import Edition, Release
from publisher.office import release_office
from publisher.options import BuildOptions
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
    context: BuildContext
    """The release's shared work: scripts, narrations, MP3s, made once."""

    @property
    def langs(self) -> str:
        """The editions' language tags, space-separated."""
        return " ".join(e.lang for e in self.editions)


def write_pdf(job: Job) -> list[Output]:
    """The tagged PDF of the job's editions."""
    from publisher.pdf.writer import write_pdf

    name = f"{job.stem}.pdf"
    write_pdf(job.release, job.editions, job.staging.path(name), job.warn, job.options.pdf)
    return [Output(name, "pdf", "application/pdf", job.langs)]


def write_epub(job: Job) -> list[Output]:
    """The EPUB of the job's editions."""
    from publisher.epub.writer import write_epub

    name = f"{job.stem}.epub"
    write_epub(job.release, job.editions, job.staging.path(name), job.options.epub)
    return [Output(name, "epub", "application/epub+zip", job.langs)]


def write_audio(job: Job) -> list[Output]:
    """The edition's narration (MP3, Opus) and captions, those of them the job asks for."""
    (edition,) = job.editions
    files = build_audio(
        job.context.script(edition),
        job.release,
        job.staging.folder,
        job.stem,
        replace(job.options.audio, formats=job.formats),
        narration=job.context.narration(edition),
        warn=job.warn,
    )
    for file in files:
        if file.format == "mp3":
            job.context.keep_mp3(edition, file.path)
    return [Output(f.path.name, f.format, f.media_type, f.lang, f.duration_s) for f in files]


def write_narrated_epub(job: Job) -> list[Output]:
    """The EPUB with the edition's MP3 read along with the text.

    The narration and the MP3 are the build context's: the same the audio writer publishes.
    """
    from publisher.epub.overlay import Timed
    from publisher.epub.writer import Recording, write_narrated_epub

    (edition,) = job.editions
    narration = job.context.narration(edition)
    data = job.context.mp3(edition, job.stem).read_bytes()
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
    context = BuildContext(release, options.audio, tell)
    try:
        for writer, group in writer_groups(options.formats):
            names = tuple(f.name for f in group)
            what = "/".join(names)
            for edition in editions:
                say(f"{release.slug}: {what} ({edition.lang})")
                stem = f"{release.slug}.{edition.primary_language}"
                job = Job(release, [edition], staging, stem, options, names, tell, context)
                outputs += writer(job)
            if any(f.multilingual for f in group) and options.bilingual and len(editions) > 1:
                say(f"{release.slug}: {what} (bilingual)")
                stem = f"{release.slug}.bilingual"
                job = Job(release, editions, staging, stem, options, names, tell, context)
                outputs += writer(job)
        artifacts = [
            describe(staging.path(o.name), o.format, o.media_type, o.lang, o.duration_s)
            for o in outputs
        ]
        say(f"{release.slug}: download pages and manifest")
        settings = {"pdf": options.pdf.record()} if options.wants("pdf") else {}
        office = release_office(release, options.office)
        pages = BundleOptions(options.base_url, office=office, templates=options.templates)
        artifacts += write_bundle(release, artifacts, staging, pages, settings)
        for finding in enforce_budgets(artifacts, options.budgets):
            tell(f"{release.slug}: size budget exceeded: {finding}")
    except OSError as error:
        raise file_error(error, target) from error
    finally:
        context.close()
    return [replace(a, path=target / a.path.name) for a in artifacts]
