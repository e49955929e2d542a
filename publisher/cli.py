"""Command line: parses arguments, calls the API, prints. No publishing logic lives here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from publisher.artifact import Artifact
from publisher.audit import audit_release_outputs, audit_site_pages
from publisher.build import build_releases, select_editions
from publisher.bundle.budget import parse_budgets, parse_size
from publisher.bundle.feed import check_base_url
from publisher.bundle.formatting import SUMMARY_COLUMNS, summary_rows
from publisher.clock import release_time, time_source
from publisher.config import load_config
from publisher.dump import release_json
from publisher.errors import EXIT_INTERRUPTED, EXIT_OK, PublisherError, ValidationError
from publisher.formats import BUILDABLE, DEFAULT_FORMATS, FORMATS
from publisher.interrupts import interrupt_on_termination
from publisher.languages import primary
from publisher.model import Release
from publisher.render.normalize.unresolved import format_findings, unresolved
from publisher.render.speech import format_script, speech_script
from publisher.settings import CommandLine, resolve
from publisher.sources import find_releases, load_release
from publisher.tts.registry import list_engines
from publisher.validate import browser_session

Command = Callable[[argparse.Namespace, Console], int]
EXIT_CODES = """exit codes:
  0    success
  2    bad input: a source file, a setting in publisher.toml, or a command-line option
  3    an engine, voice or validator this needs is not available here
  4    an output failed an audit or a size budget
  130  interrupted (Ctrl-C, SIGTERM, SIGHUP): outputs are left as they were before the build
"""


def _releases(sources: Sequence[Path]) -> list[Release]:
    """Every release under the given paths, all read and checked before anything is built."""
    return [load_release(folder) for source in sources for folder in find_releases(source)]


def _csv(choices: Sequence[str]) -> Callable[[str], tuple[str, ...]]:
    def parse(value: str) -> tuple[str, ...]:
        items = tuple(v.strip().lower() for v in value.split(",") if v.strip())
        unknown = [v for v in items if v not in choices]
        if unknown or not items:
            raise argparse.ArgumentTypeError(
                f"unknown format '{unknown[0] if unknown else value}' "
                f"(choose from {', '.join(choices)})"
            )
        return items

    return parse


def _checked(check: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type that runs ``check`` and shows its ValueError message."""

    def parse(value: str) -> str:
        try:
            check(value.strip())
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return value.strip()

    return parse


def _mp3_kbps(value: str) -> int:
    from publisher.audio.codec import MP3_BITRATES_KBPS

    try:
        kbps = int(value)
    except ValueError:
        kbps = -1
    if kbps not in MP3_BITRATES_KBPS:
        choices = ", ".join(map(str, MP3_BITRATES_KBPS))
        raise argparse.ArgumentTypeError(f"'{value}' is not an MP3 bitrate: choose {choices}")
    return kbps


def _size_or_none(value: str) -> object:
    return None if value.strip().lower() == "none" else parse_size(value)


def _format_limit(value: str) -> object:
    return parse_budgets(per_format=[value], known=tuple(FORMATS))


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    """Build every requested format of every release."""
    options = resolve(
        CommandLine(
            output=args.output,
            langs=tuple(args.lang or ()),
            formats=args.formats,
            engine=args.engine,
            voice=args.voice,
            mp3_kbps=args.mp3_kbps,
            cache_dir=args.cache_dir,
            no_cache=args.no_cache,
            base_url=args.base_url,
            budget=args.budget,
            budget_formats=tuple(args.budget_format or ()),
            budget_warn=args.budget_warn,
        ),
        load_config(args.config),
    )
    releases = _releases(args.sources)
    warnings: list[str] = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=args.quiet,
    ) as progress:
        task = progress.add_task("building", total=None)
        built = build_releases(
            releases,
            options,
            lambda step: progress.update(task, description=step),
            warnings.append,
        )
    artifacts = built.artifacts
    for message in warnings:
        console.print(f"warning: {message}", markup=False)
    for message in [] if args.quiet else built.notes:
        console.print(f"note: {message}", markup=False)
    if not args.quiet:
        console.print(_summary(artifacts, options.output))
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
    releases = _releases(args.sources)
    failures = 0
    with browser_session() as browser:  # one browser for every page; started only if needed
        for release in releases:
            for edition in release.editions:  # reads the release's lexicons, as a build would
                for guess in unresolved(release, edition):
                    console.print(f"warning: {release.slug}: {guess}", markup=False)
            langs = ", ".join(e.lang for e in release.editions)
            blocks = len(release.original.blocks)
            if not args.quiet:
                console.print(f"{release.slug}: source OK ({langs}; {blocks} blocks aligned)")
            if args.outputs is None:
                continue
            with console.status("auditing", spinner="dots") as status:
                audit = audit_release_outputs(
                    release, args.outputs / release.slug, status.update, browser
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
        voices = [v for v in info.voices if not args.lang or primary(v.lang) == primary(args.lang)]
        for voice in voices if (args.voices or args.lang) else ():
            out.print(f"  {voice.id:<12} {voice.lang:<10} {voice.name}", markup=False)
        if not (args.voices or args.lang):
            out.print(f"  {len(voices)} voices (--voices lists them, --lang LANG filters)")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, console: Console) -> int:
    """Make a release folder from plain text a press office has (the seed's layout)."""
    from publisher.sources.importer import import_release

    langs = [t for t in (args.langs or "").split(",") if t]
    folder = import_release(args.files, args.output, slug=args.slug, langs=langs, split=args.split)
    release = load_release(folder)
    if not args.quiet:
        tags = ", ".join(e.lang for e in release.editions)
        console.print(f"{folder}: imported ({tags}); check it with publisher check", markup=False)
    return EXIT_OK


def cmd_new(args: argparse.Namespace, console: Console) -> int:
    """Write a commented scaffold of a release: release.yaml and one file per language."""
    from publisher.sources.scaffold import new_release

    folder = new_release(args.output, args.slug, [t for t in args.langs.split(",") if t])
    load_release(folder)  # the scaffold must pass check as it is
    if not args.quiet:
        console.print(f"{folder}: written; edit the files, then publisher check", markup=False)
    return EXIT_OK


def _add_source_commands(sub: Any) -> None:
    """The commands that write sources: import and new."""
    imp = sub.add_parser("import", help=cmd_import.__doc__, description=cmd_import.__doc__)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("-o", "--output", type=Path, default=Path("source"), help="(default: source)")
    imp.add_argument("--slug", help="the release's folder name (default: from the file name)")
    imp.add_argument("--langs", help="language tags in order, original first: es-PE,en")
    imp.add_argument("--split", metavar="PATTERN", help="the line that starts a translation")
    imp.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    imp.set_defaults(handler=cmd_import)
    new = sub.add_parser("new", help=cmd_new.__doc__, description=cmd_new.__doc__)
    new.add_argument("slug", metavar="SLUG")
    new.add_argument("--langs", required=True, help="language tags, original first: es-PE,en")
    new.add_argument("-o", "--output", type=Path, default=Path("source"), help="(default: source)")
    new.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    new.set_defaults(handler=cmd_new)


class VersionAction(argparse.Action):
    """``--version``: publisher's version and those of the libraries that shape the outputs."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        """Print the versions and exit."""
        from publisher.versions import version_lines

        sys.stdout.write("\n".join(version_lines()) + "\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publisher",
        description="Build accessible PDF, EPUB and narrated audio from multilingual releases.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action=VersionAction, nargs=0, help="show versions and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        p.add_argument(
            "sources",
            nargs="*",
            type=Path,
            default=[Path("source")],
            metavar="SOURCE",
            help="a release folder or a folder of releases (default: source)",
        )
        p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        p.set_defaults(handler=handler)
        return p

    build = command("build", cmd_build, "build the outputs of releases")
    build.add_argument("-o", "--output", type=Path, default=Path("dist"), help="output folder")
    build.add_argument(
        "--formats",
        type=_csv(BUILDABLE),
        help=f"comma-separated formats, of {','.join(BUILDABLE)} "
        f"(default: {','.join(DEFAULT_FORMATS)})",
    )
    build.add_argument(
        "--lang",
        action="append",
        metavar="LANG",
        help="build only this language (repeatable; default: all)",
    )
    build.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: publisher.toml in the working folder, if there is one)",
    )
    build.add_argument("--engine", help="speech engine: espeak (offline, default) or gtts")
    build.add_argument(
        "--voice",
        help="voice for the editions in its language (default: the engine's, one per language)",
    )
    build.add_argument(
        "--cache-dir",
        type=Path,
        help="speech cache folder (default: $PUBLISHER_CACHE, else .cache/publisher)",
    )
    build.add_argument("--no-cache", action="store_true", help="synthesize everything again")
    build.add_argument(
        "--mp3-kbps",
        type=_mp3_kbps,
        metavar="KBPS",
        help="MP3 bitrate, 16-64 (default: 32)",
    )
    build.add_argument(
        "--base-url",
        type=_checked(check_base_url),
        metavar="URL",
        help="web address the output folder is published at (needed for the podcast feeds)",
    )
    build.add_argument(
        "--budget",
        type=_checked(_size_or_none),
        metavar="SIZE",
        help="most bytes for everything in one language (default: 1.5 MB; 'none': no limit)",
    )
    build.add_argument(
        "--budget-format",
        action="append",
        type=_checked(_format_limit),
        metavar="FORMAT=SIZE",
        help="most bytes for one file of FORMAT, e.g. mp3=1MB (repeatable; default: page=15KB)",
    )
    build.add_argument(
        "--budget-warn",
        action="store_true",
        help="warn about exceeded budgets instead of failing",
    )

    check = command("check", cmd_check, "check sources, and with --outputs audit built files")
    check.add_argument(
        "--outputs",
        type=Path,
        metavar="DIST",
        help="also audit the files built into DIST with EPUBCheck, Ace, pdfua and axe-core",
    )
    command("inspect", cmd_inspect, "print the document model as JSON")
    script = command("script", cmd_script, "print the spoken script for proofreading")
    script.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    script.add_argument(
        "--unresolved",
        action="store_true",
        help="list instead what the voice is left to guess (digits, symbols, unknown words)",
    )
    engines = sub.add_parser(
        "engines",
        help="list speech engines and voices",
        description=cmd_engines.__doc__,
        allow_abbrev=False,
    )
    engines.add_argument("--voices", action="store_true", help="list every voice")
    engines.add_argument("--lang", metavar="LANG", help="only voices for this language")
    engines.set_defaults(handler=cmd_engines)
    _add_source_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``publisher`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    interrupt_on_termination()
    console = Console(stderr=True, quiet=False)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        handler: Command = args.handler
        return handler(args, console)
    except PublisherError as error:
        errors.print(f"error: {error}", markup=False)
        return error.exit_code
    except KeyboardInterrupt:
        errors.print(
            "interrupted: the release being built was not written; finished ones were",
            markup=False,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
