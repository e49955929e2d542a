"""The build: releases in, output files out, as tasks (see :mod:`publisher.tasks`).

For each release the plan says which outputs are current and which tasks must run. Current
and kept outputs are linked into a staging folder, the tasks run (here, on worker processes or
on a Dask cluster) and their files are moved in beside them; then the pages and the manifest
are written, and the staging folders replace ``<output>/<slug>/`` only when every release of
the build succeeded (see :mod:`publisher.staging`): all of them, or none.
The PDF, EPUB and audio backends are imported by their writers, on first use, so the commands
that build nothing start without them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from publisher.artifact import Artifact, describe
from publisher.bundle.budget import enforce_budgets
from publisher.bundle.manifest import MANIFEST_NAME
from publisher.bundle.write import (
    BundleOptions,
    bundle_key,
    check_site,
    write_bundle,
    write_site_index,
)
from publisher.editions import select_editions
from publisher.errors import OutputError
from publisher.formats import FORMATS
from publisher.interrupts import deferred, on_stop
from publisher.model import Release
from publisher.office import release_office
from publisher.options import BuildOptions
from publisher.staging import Batch, Staging, file_error, leftover_stagings, recover, restore
from publisher.tasks.executors import InProcess, encoder_threads, executor_for
from publisher.tasks.job import Job, Output
from publisher.tasks.lock import output_lock
from publisher.tasks.plan import (
    ReleasePlan,
    Task,
    engine_fingerprint,
    plan_release,
    with_encoders,
)
from publisher.tasks.report import Reporter, Silent
from publisher.tasks.run import TaskResult
from publisher.tasks.state import (
    Record,
    read_bundle_key,
    read_journal,
    read_state,
    write_journal,
    write_state,
)

__all__ = ["Built", "Job", "Output", "build_release", "build_releases", "check_output"]

Progress = Callable[[str], None]
"""Called with a short description of each step as it starts."""


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
    from publisher.audio.writer import build_audio

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
    ran: int = 0
    """Tasks run."""
    reused: int = 0
    """Outputs that were current and not written again."""


@dataclass(slots=True)
class _Stage:
    """One release's plan and its staging folder while the build runs."""

    plan: ReleasePlan
    staging: Staging
    records: list[Record] = field(default_factory=list)
    scratch: dict[str, Path] = field(default_factory=dict)

    @property
    def release(self) -> Release:
        return self.plan.release


def build_releases(
    releases: Sequence[Release],
    options: BuildOptions,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    reporter: Reporter | None = None,
) -> Built:
    """Build every release, then replace their folders: all of them, or none if one fails.

    The output folder is checked and locked first, and the manifests of the other releases in
    it are read before anything is replaced, so a broken one stops the build while every
    folder is still as it was.
    """
    with _building(releases, options):
        check_site(options.output, {r.slug for r in releases})
        with Batch() as batch, on_stop(batch.discard):
            built = _build(
                releases, options, batch, progress=progress, warn=warn, reporter=reporter
            )
            with deferred():
                batch.replace_targets()
        bundle = BundleOptions(
            options.base_url, options.feed_image_url, options.office, options.templates
        )
        site = write_site_index(options.output, bundle)
    return replace(built, artifacts=built.artifacts + site.artifacts, notes=site.notes)


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
    with _building([release], options), Batch() as batch, on_stop(batch.discard):
        built = _build([release], options, batch, progress=progress, warn=warn, reporter=None)
        with deferred():
            batch.replace_targets()
    return built.artifacts


@contextlib.contextmanager
def _building(releases: Sequence[Release], options: BuildOptions) -> Iterator[None]:
    """Checks before anything is written (a --scheduler answers), then the output folder's lock."""
    if not options.formats:
        raise OutputError("no format to build: name at least one (--formats pdf,epub,mp3)")
    check_output(options.output, releases)
    for release in releases:
        select_editions(release, options.langs)
    if options.scheduler is not None:
        from publisher.tasks.dask import check_scheduler

        check_scheduler(options.scheduler)
    with output_lock(options.output):
        restore(options.output)
        yield


def _build(
    releases: Sequence[Release],
    options: BuildOptions,
    batch: Batch,
    *,
    progress: Progress | None,
    warn: Callable[[str], None] | None,
    reporter: Reporter | None,
) -> Built:
    say = progress or (lambda _: None)
    tell = warn or say
    report = reporter or Silent()
    voice = engine_fingerprint(options)
    stages: list[_Stage] = []
    for release in releases:
        target = options.output / release.slug
        previous, where = _previous(target)
        plan = plan_release(release, options, previous, voice, clean=options.clean)
        stage = _Stage(plan, batch.stage(target))
        _link_kept(stage, where)
        stages.append(stage)
    recover(options.output)  # killed builds' leftovers, once what they finished is linked
    threads = encoder_threads(options, sum(t.narrated for s in stages for t in s.plan.tasks))
    owned = [(with_encoders(t, threads), stage) for stage in stages for t in stage.plan.tasks]
    tasks = [task for task, _ in owned]
    report.planned([s.plan for s in stages])
    owner = {id(task): stage for task, stage in owned}

    def scratch_for(task: Task) -> Path:
        stage = owner[id(task)]
        folder = stage.staging.path(f".task-{len(stage.scratch)}")
        stage.scratch[task.id] = folder
        return folder

    def done(task: Task, result: TaskResult) -> None:
        stage = owner[id(task)]
        try:
            _take(stage, task, result)
        except OSError as error:
            raise file_error(error, stage.staging.target) from error
        for message in result.warnings:
            tell(message)
        report.finished(task, result)
        say(f"{task.release.slug}: {'/'.join(task.formats)} ({' '.join(task.langs)})")

    executor = executor_for(options.jobs, options.scheduler) if len(tasks) > 1 else InProcess()
    executor.run(tasks, scratch_for, done)
    artifacts: list[Artifact] = []
    for stage in stages:
        say(f"{stage.release.slug}: download pages and manifest")
        artifacts += _finish(stage, options, tell)
    reused = sum(len(s.plan.kept) for s in stages)
    return Built(artifacts, [], ran=len(tasks), reused=reused)


def _previous(target: Path) -> tuple[dict[str, Record], dict[str, Path]]:
    """The outputs an earlier build left, and the folder each is in.

    They are in the release folder, and in the staging folders of builds killed before they
    finished: those builds' finished tasks are not run again.
    """
    records = read_state(target)
    where = dict.fromkeys(records, target)
    for folder in leftover_stagings(target):
        for record in read_journal(folder):
            records[record.name] = record
            where[record.name] = folder
    return records, where


def _link_kept(stage: _Stage, where: dict[str, Path]) -> None:
    """Link the outputs the plan keeps into the staging folder (no copy, no rewrite)."""
    folder = stage.staging.folder
    for record in stage.plan.kept:
        for name in record.files():
            _place(where[record.name] / name, folder / name)
        stage.records.append(record)
    write_journal(folder, stage.records)


def _place(source: Path, destination: Path) -> None:
    """``source`` also at ``destination``: a hard link where possible, else a copy."""
    if destination.exists():
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _take(stage: _Stage, task: Task, result: TaskResult) -> None:
    """Move a finished task's files into the staging folder and record them."""
    folder = stage.staging.folder
    scratch = stage.scratch.pop(task.id, None)
    for name in result.files:
        destination = folder / name
        if destination.exists():  # an image another edition brought already
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if result.data:
            temporary = destination.with_name(f".{destination.name}.part")
            temporary.write_bytes(result.data[name])
            temporary.replace(destination)
        elif scratch is not None:
            (scratch / name).replace(destination)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    settings = task.options.pdf.record()
    extras = result.extras()
    for number, output in enumerate(result.outputs):
        stage.records.append(
            Record(
                name=output.name,
                format=output.format,
                media_type=output.media_type,
                lang=output.lang,
                stem=task.stem,
                key=task.keys[output.format],
                duration_s=output.duration_s,
                extras=extras if number == 0 else (),
                settings=settings if output.format == "pdf" else None,
            )
        )
    write_journal(folder, stage.records)


def _order(release: Release) -> Callable[[Record], tuple[int, int, int]]:
    """The manifest's order: by writer (as the registry lists them), edition, format."""
    names = list(FORMATS)
    writers = list(dict.fromkeys(f.writer for f in FORMATS.values()))
    stems = [f"{release.slug}.{e.primary_language}" for e in release.editions]

    def key(record: Record) -> tuple[int, int, int]:
        descriptor = FORMATS[record.format]
        stem = stems.index(record.stem) if record.stem in stems else len(stems)
        return (writers.index(descriptor.writer), stem, names.index(record.format))

    return key


def _finish(stage: _Stage, options: BuildOptions, tell: Callable[[str], None]) -> list[Artifact]:
    """The release's records, pages and manifest, written into its staging folder."""
    release = stage.release
    staging = stage.staging
    target = staging.target
    try:
        records = sorted(stage.records, key=_order(release))
        artifacts = [
            describe(staging.path(r.name), r.format, r.media_type, r.lang, r.duration_s)
            for r in records
        ]
        pdf = [dict(r.settings) for r in records if r.format == "pdf" and r.settings]
        settings = {"pdf": pdf[-1]} if pdf else {}
        office = release_office(release, options.office)
        pages = BundleOptions(options.base_url, office=office, templates=options.templates)
        key = bundle_key(release, artifacts, pages, settings)
        reuse = target if read_bundle_key(target) == key else None
        artifacts += write_bundle(release, artifacts, staging, pages, settings, reuse=reuse)
        for finding in enforce_budgets(artifacts, options.budgets):
            tell(f"{release.slug}: size budget exceeded: {finding}")
        write_state(staging.folder, records, key)
    except OSError as error:
        raise file_error(error, target) from error
    return [replace(a, path=target / a.path.name) for a in artifacts]
