"""The commands: each reads releases, calls the API and prints what it did.

Imported only when a command runs, so ``publisher --help`` loads none of the libraries below.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from publisher.artifact import Artifact
from publisher.bundle.formatting import SUMMARY_COLUMNS, summary_rows
from publisher.clock import release_time, time_source
from publisher.config import load_config
from publisher.dump import release_json
from publisher.editions import select_editions
from publisher.errors import EXIT_OK, UsageError, ValidationError
from publisher.languages import primary
from publisher.model import Release
from publisher.sources import find_releases, load_release
from publisher.speech.engines.registry import list_engines
from publisher.speech.normalize.unresolved import format_findings, unresolved
from publisher.speech.script import format_script, speech_script


def _releases(sources: Sequence[Path]) -> list[Release]:
    """Every release under the given paths, all read and checked before anything is built."""
    return [load_release(folder) for source in sources for folder in find_releases(source)]


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    """Build every requested format of every release."""
    from publisher.build import build_releases
    from publisher.progress import BuildProgress
    from publisher.settings import CommandLine, resolve
    from publisher.tasks.report import JsonLog, Several

    options = resolve(
        CommandLine(
            output=args.output,
            langs=tuple(args.lang or ()),
            formats=args.formats,
            engine=args.engine,
            voice=args.voice,
            voice_variation=args.voice_variation,
            mp3_kbps=args.mp3_kbps,
            cache_dir=args.cache_dir,
            no_cache=args.no_cache,
            base_url=args.base_url,
            budget=args.budget,
            budget_formats=tuple(args.budget_format or ()),
            budget_warn=args.budget_warn,
            page_size=args.page_size,
            pdf_stylesheet=args.pdf_stylesheet,
            jobs=args.jobs,
            scheduler=args.scheduler,
            clean=args.clean,
        ),
        load_config(args.config),
    )
    releases = _releases(args.sources)
    warnings: list[str] = []
    try:
        log = JsonLog.to_file(args.log) if args.log else None
    except OSError as error:
        raise UsageError(f"--log {args.log}: {error.strerror or error}") from None
    try:
        with BuildProgress(console, quiet=args.quiet) as progress:
            reporters = (progress, log) if log is not None else (progress,)
            built = build_releases(
                releases, options, progress.step, warnings.append, Several(*reporters)
            )
    finally:
        if log is not None:
            log.close()
    artifacts = built.artifacts
    for message in dict.fromkeys(warnings):  # each once, in the order they came
        console.print(f"warning: {message}", markup=False, soft_wrap=True)
    for message in [] if args.quiet else built.notes:
        console.print(f"note: {message}", markup=False, soft_wrap=True)
    if not args.quiet:
        console.print(_summary(artifacts, options.output))
        console.print(
            f"{built.ran} tasks run, {built.reused} outputs already current", markup=False
        )
        for release in releases:
            source = time_source(release.date)
            when = release_time(release.date).isoformat().replace("+00:00", "Z")
            console.print(f"{release.slug}: dated {when} ({source})", markup=False)
    return EXIT_OK


def _summary(artifacts: Sequence[Artifact], output: Path) -> Table:
    """One section per folder; file names without the release slug that starts them all."""
    table = Table(title=f"Written to {output}", title_justify="left")
    for column in SUMMARY_COLUMNS:
        table.add_column(column, justify="right" if column in ("size", "duration") else "left")
    folders: dict[Path, list[Artifact]] = {}
    for artifact in artifacts:
        folders.setdefault(artifact.path.parent, []).append(artifact)
    for folder, group in folders.items():
        table.add_section()
        heading = f"{folder.relative_to(output)}/" if folder != output else "site index"
        table.add_row(f"[bold]{heading}[/bold]")
        for name, *rest in summary_rows(group, folder):
            table.add_row(f"  {name.removeprefix(f'{folder.name}.')}", *rest)
    return table


def cmd_check(args: argparse.Namespace, console: Console) -> int:
    """Read and check releases; with --outputs, also audit what a build wrote."""
    from publisher.audit import audit_release_outputs, audit_site_pages
    from publisher.source_warnings import source_warnings
    from publisher.sources.release import read_release
    from publisher.sources.staleness import StaleTranslations, stale_blocks
    from publisher.validate import browser_session

    read = [read_release(folder) for source in args.sources for folder in find_releases(source)]
    options = None
    if args.outputs is not None:  # the settings the outputs were built with
        from publisher.settings import CommandLine, resolve

        options = resolve(CommandLine(output=args.outputs), load_config(args.config))

    failures = stale = 0
    with browser_session() as browser:  # one browser for every page; started only if needed
        for release, spans in read:
            for message in source_warnings(release, spans):
                console.print(f"warning: {release.slug}: {message}", markup=False, soft_wrap=True)
            stale += len(stale_blocks(release))
            langs = ", ".join(e.lang for e in release.editions)
            blocks = len(release.original.blocks)
            if not args.quiet:
                console.print(f"{release.slug}: source OK ({langs}; {blocks} blocks aligned)")
            if args.outputs is None:
                continue
            with console.status("auditing", spinner="dots") as status:
                audit = audit_release_outputs(
                    release, args.outputs / release.slug, status.update, browser, options
                )
            for finding in audit.findings:
                console.print(f"{release.slug}: {finding}", markup=False)
            failures += len(audit.findings)
            if not args.quiet and not audit.findings:
                tools = ", ".join(audit.tools) or "manifest only"
                console.print(f"{release.slug}: outputs OK ({tools})", markup=False)
        if args.outputs is not None:
            site = audit_site_pages(args.outputs, browser=browser)
            for finding in site:
                console.print(f"site index: {finding}", markup=False)
            failures += len(site)
    if failures:
        raise ValidationError(f"{failures} accessibility or format finding(s) in the outputs")
    if stale and args.strict:
        raise StaleTranslations(f"{stale} translated block(s) may be stale (--strict)")
    return EXIT_OK


def cmd_aligned(args: argparse.Namespace, console: Console) -> int:
    """Record that each release's translations follow its original as it is now."""
    from publisher.sources.staleness import record_aligned

    for release in _releases(args.sources):
        path = record_aligned(release, args.lang)
        if not args.quiet:
            console.print(f"{path}: translations recorded as aligned", markup=False)
    return EXIT_OK


def cmd_preview(args: argparse.Namespace, console: Console) -> int:
    """Build the sources, serve them on 127.0.0.1, rebuild and reload on every save."""
    from publisher.options import BuildOptions
    from publisher.preview import PreviewServer, builder
    from publisher.settings import CommandLine, resolve

    config = load_config(args.config)

    def options_for(output: Path) -> BuildOptions:
        return resolve(CommandLine(output=output, formats=args.formats), config)

    sources = list(args.sources)
    server = PreviewServer(sources, builder(sources, options_for), args.port)
    console.print(f"preview: {server.url} (Ctrl-C to stop)", markup=False)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a preview ends
        server.serve(args.stop_after)
    return EXIT_OK


def cmd_inspect(args: argparse.Namespace, console: Console) -> int:
    """Print the document model of each release as JSON."""
    for release in _releases(args.sources):
        sys.stdout.write(release_json(release) + "\n")
    return EXIT_OK


def cmd_script(args: argparse.Namespace, console: Console) -> int:
    """Print the spoken script of each edition, for proofreading before synthesis."""
    for release in _releases(args.sources):
        for edition in select_editions(release, tuple(args.lang or ())):
            if args.unresolved:
                sys.stdout.write(format_findings(edition, unresolved(release, edition)) + "\n")
                continue
            if args.announcer:
                from publisher.audio.announcer import announcer_text

                sys.stdout.write(announcer_text(speech_script(release, edition)))
                continue
            sys.stdout.write(format_script(speech_script(release, edition)) + "\n")
    return EXIT_OK


def cmd_engines(args: argparse.Namespace, console: Console) -> int:
    """List the speech engines, whether each can run here, and their voices."""
    out = Console(highlight=False)
    for info in list_engines():
        where = "online" if info.online else "offline"
        if not info.available:
            status = f"not available: {info.reason}"
        else:
            status = "available, needs the network" if info.online else "available"
        out.print(f"{info.name} ({where}): {status}", markup=False)
        if info.note:
            out.print(f"  {info.note}", markup=False, soft_wrap=True)
        voices = [v for v in info.voices if not args.lang or primary(v.lang) == primary(args.lang)]
        for voice in voices if (args.voices or args.lang) else ():
            out.print(f"  {voice.id:<12} {voice.lang:<10} {voice.name}", markup=False)
        if not (args.voices or args.lang):
            out.print(f"  {len(voices)} voices (--voices lists them, --lang LANG filters)")
    return EXIT_OK


def cmd_cache(args: argparse.Namespace, console: Console) -> int:
    """Say what the speech cache holds, or delete what no build has used for a while."""
    import datetime as dt

    from publisher.bundle.formatting import format_size
    from publisher.speech.engines.cache import default_cache_root, prune, usage

    root = (args.cache_dir or default_cache_root()) / "speech"
    out = Console(highlight=False)

    def when(moment: float | None) -> str:
        if moment is None:
            return "never"
        return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    if args.action == "prune":
        gone = prune(root, args.older_than)
        out.print(
            f"{root}: deleted {gone.entries} entries, {format_size(gone.bytes)}",
            markup=False,
            soft_wrap=True,
        )
    held = usage(root)
    out.print(
        f"{root}: {held.entries} entries, {format_size(held.bytes)}; "
        f"least recently used {when(held.oldest)}, most recently {when(held.newest)}",
        markup=False,
        soft_wrap=True,
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, console: Console) -> int:
    """Make a release folder from the plain text or Word files a press office has."""
    from publisher.sources.importer import import_release
    from publisher.sources.naming import parse_langs

    def warn(message: str) -> None:
        console.print(f"warning: {message}", markup=False, soft_wrap=True)

    langs = parse_langs(args.langs)
    folder = import_release(
        args.files, args.output, slug=args.slug, langs=langs, split=args.split, warn=warn
    )
    release = load_release(folder)
    if not args.quiet:
        tags = ", ".join(e.lang for e in release.editions)
        console.print(f"{folder}: imported ({tags}); check it with publisher check", markup=False)
    return EXIT_OK


def cmd_new(args: argparse.Namespace, console: Console) -> int:
    """Write a commented scaffold of a release: release.yaml and one file per language."""
    from publisher.sources.naming import parse_langs
    from publisher.sources.scaffold import new_release

    folder = new_release(args.output, args.slug, parse_langs(args.langs))
    if not args.quiet:
        console.print(f"{folder}: written; edit the files, then publisher check", markup=False)
    return EXIT_OK


def cmd_voices(args: argparse.Namespace, console: Console) -> int:
    """List the installed voice models, or add one (copied or downloaded, checksum verified)."""
    from publisher.speech.voices.commands import add, listing
    from publisher.speech.voices.install import Pins

    if args.action == "list":
        lines = listing(args.config)
    else:
        lines = add(args.source, Pins(args.sha256, args.json_sha256), args.config)
    out = Console(highlight=False)
    for line in lines if not args.quiet else ():
        out.print(line, markup=False, soft_wrap=True)
    return EXIT_OK
