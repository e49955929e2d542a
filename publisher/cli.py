"""Command line: parses arguments and runs the command (:mod:`publisher.commands`).

Only the parser is loaded before a command runs, so ``--help`` and a mistyped option answer
at once; the libraries a command needs are imported when it starts.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import EXIT_INTERRUPTED, PublisherError
from publisher.formats import BUILDABLE, DEFAULT_FORMATS, FORMATS
from publisher.interrupts import exit_if_signalled, interrupt_on_signals, leaving, message

if TYPE_CHECKING:
    from rich.console import Console
Command = Callable[[argparse.Namespace, "Console"], int]
EXIT_CODES = """exit codes:
  0    success
  2    bad input: a source file, a setting in publisher.toml, or a command-line option
  3    an engine, voice or validator this needs is not available here
  4    an output failed an audit or a size budget
  130  interrupted (Ctrl-C, SIGTERM, SIGHUP): outputs are left as they were before the build
"""


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


def _page_size(value: str) -> object:
    from publisher.pdf.options import PdfOptions

    return PdfOptions(page_size=value)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 512:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of jobs: give 1 to 512")
    return jobs


def _scheduler(value: str) -> object:
    scheme, _, rest = value.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit():
        raise ValueError(f"'{value}' is not a scheduler address such as tcp://127.0.0.1:8786")
    return value


def _base_url(value: str) -> str:
    """The address exactly as given: a space or line break around it is refused, not dropped."""
    from publisher.bundle.address import check_base_url

    try:
        return check_base_url(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a port: give 1 to 65535, or 0 for any free port"
        )
    return port


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def _size_or_none(value: str) -> object:
    from publisher.bundle.budget import parse_size

    return None if value.strip().lower() == "none" else parse_size(value)


def _format_limit(value: str) -> object:
    from publisher.bundle.budget import parse_budgets

    return parse_budgets(per_format=[value], known=tuple(FORMATS))


def _add_source_commands(sub: Any) -> None:
    """The commands that write sources: import and new."""
    text = "make a release folder from plain text (the seed's layout) or Word .docx files"
    imp = sub.add_parser("import", help=text, description=text, allow_abbrev=False)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("-o", "--output", type=Path, default=Path("source"), help="(default: source)")
    imp.add_argument(
        "--slug", help="the release's folder name in -o: a-z, 0-9, '-' (default: the file's name)"
    )
    imp.add_argument("--langs", help="language tags in order, original first: es-PE,en")
    imp.add_argument("--split", metavar="PATTERN", help="the line that starts a translation")
    imp.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    imp.set_defaults(handler="cmd_import")
    text = "write a commented scaffold of a release: release.yaml and one file per language"
    new = sub.add_parser("new", help=text, description=text, allow_abbrev=False)
    new.add_argument("slug", metavar="SLUG", help="the release's folder name in -o: a-z, 0-9, '-'")
    new.add_argument("--langs", required=True, help="language tags, original first: es-PE,en")
    new.add_argument("-o", "--output", type=Path, default=Path("source"), help="(default: source)")
    new.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    new.set_defaults(handler="cmd_new")


def _age(value: str) -> float:
    """``30d``, ``12h``, ``90m`` or ``45s`` as seconds."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    number, unit = value[:-1], value[-1:].lower()
    if unit not in units or not number.isdigit():
        raise argparse.ArgumentTypeError(f"'{value}' is not an age such as 30d, 12h or 90m")
    return int(number) * units[unit]


def _add_task_options(build: argparse.ArgumentParser) -> None:
    """How the build's tasks run: jobs, a Dask scheduler, cleaning, the JSON log."""
    build.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="tasks run at once (default: the number of cores; 1: in this process)",
    )
    build.add_argument(
        "--scheduler",
        type=_checked(_scheduler),
        metavar="tcp://HOST:PORT",
        help="run the tasks on this Dask scheduler's workers (needs publisher[dask])",
    )
    build.add_argument(
        "--clean",
        action="store_true",
        help="remove outputs this build does not write or confirm current (other formats, "
        "languages no longer built); without it they stay",
    )
    build.add_argument(
        "--log",
        type=Path,
        metavar="FILE",
        help="append a JSON line per task to FILE (task, key, status built or cached, seconds)",
    )


def _add_cache_command(sub: Any) -> None:
    """``publisher cache info`` and ``publisher cache prune --older-than 30d``."""
    text = "show or shrink the speech cache (synthesized sentences and encoded audio)"
    cache = sub.add_parser("cache", help=text, description=text, allow_abbrev=False)
    actions = cache.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, what in (
        ("info", "where the cache is, how many entries, how large, last used"),
        ("prune", "delete the entries no build has used for a while"),
    ):
        action = actions.add_parser(name, help=what, description=what, allow_abbrev=False)
        action.add_argument(
            "--cache-dir",
            type=Path,
            help="cache folder (default: $PUBLISHER_CACHE, else the user's cache folder)",
        )
        action.set_defaults(handler="cmd_cache")
    actions.choices["prune"].add_argument(
        "--older-than",
        type=_age,
        required=True,
        metavar="AGE",
        help="unused for longer than AGE: 30d, 12h, 90m",
    )


def _sha256(value: str) -> str:
    from publisher.speech.voices.install import check_sha256

    try:
        return check_sha256(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_voices_command(sub: Any) -> None:
    """``voices list`` and ``voices add``: the voice models installed for Piper."""
    text = "list or add the voice models an offline neural engine (piper) speaks with"
    voices = sub.add_parser("voices", help=text, description=text, allow_abbrev=False)
    actions = voices.add_subparsers(dest="action", required=True, metavar="ACTION")
    listed = actions.add_parser("list", help="list the installed voices", allow_abbrev=False)
    add = actions.add_parser(
        "add",
        help="copy or download a voice (NAME.onnx and NAME.onnx.json) into the voices folder",
        description=(
            "Copy or download a Piper voice, NAME.onnx and its config NAME.onnx.json beside it, "
            "into the voices folder; nothing is installed unless both arrive and check. "
            "--sha256 pins the model and --json-sha256 the config: a voice is pinned only with "
            "both. A plain http:// address needs both (anyone on the way could change a file); "
            "an https:// address or a local file may go without, and the checksums are then "
            "printed to pin next time. A local source must be a regular file."
        ),
        allow_abbrev=False,
    )
    add.add_argument("source", metavar="FILE|URL", help="the .onnx model; its .onnx.json beside")
    add.add_argument("--sha256", type=_sha256, metavar="HEX", help="sha256 of the model, NAME.onnx")
    add.add_argument(
        "--json-sha256",
        type=_sha256,
        metavar="HEX",
        help="sha256 of the config, NAME.onnx.json (what sha256sum prints for it)",
    )
    for p in (listed, add):
        p.add_argument(
            "--config", type=Path, metavar="FILE", help="settings file ([audio.piper] voices)"
        )
        p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        p.set_defaults(handler="cmd_voices")


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

    def command(name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
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

    build = command("build", "cmd_build", "build the outputs of releases")
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
    build.add_argument(
        "--engine", help="speech engine: espeak (offline, default), piper (offline, neural) or gtts"
    )
    build.add_argument(
        "--voice",
        help="voice for the editions in its language (default: the engine's, one per language)",
    )
    build.add_argument(
        "--voice-variation",
        action="store_true",
        help="piper: livelier prosody from the voice's own noise settings; the audio is then "
        "not the same from one build to the next",
    )
    build.add_argument(
        "--cache-dir",
        type=Path,
        help="cache folder (default: $PUBLISHER_CACHE, else the user's cache folder)",
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
        type=_base_url,
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
    build.add_argument(
        "--page-size",
        type=_checked(_page_size),
        metavar="SIZE",
        help="PDF page size: A4, A5, letter, ... optionally 'landscape' (default: A4)",
    )
    build.add_argument(
        "--pdf-stylesheet",
        type=Path,
        metavar="FILE",
        help="the office's print stylesheet instead of the shipped one (fonts beside it)",
    )
    _add_task_options(build)

    check = command("check", "cmd_check", "check sources, and with --outputs audit built files")
    check.add_argument(
        "--outputs",
        type=Path,
        metavar="DIST",
        help="also audit the files built into DIST with EPUBCheck, Ace, pdfua and axe-core",
    )
    check.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the settings the outputs were built with (default: publisher.toml, if there is one)",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) when a translation may be stale: its original changed since aligned",
    )
    aligned = command(
        "aligned", "cmd_aligned", "record that the translations follow the original as it is now"
    )
    aligned.add_argument(
        "--lang", action="append", metavar="LANG", help="only this translation (repeatable)"
    )
    preview = command(
        "preview", "cmd_preview", "build, serve on 127.0.0.1, rebuild and reload on each save"
    )
    preview.add_argument(
        "--port", type=_port, default=8000, help="1 to 65535 (default: 8000; 0: any free port)"
    )
    preview.add_argument(
        "--formats",
        type=_csv(BUILDABLE),
        metavar="LIST",
        help="formats to build (default: as publisher build)",
    )
    preview.add_argument("--config", type=Path, metavar="FILE", help="settings file")
    preview.add_argument(
        "--stop-after", type=_seconds, metavar="SECONDS", help="stop by itself after SECONDS"
    )
    command("inspect", "cmd_inspect", "print the document model as JSON")
    script = command("script", "cmd_script", "print the spoken script for proofreading")
    script.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    script.add_argument(
        "--unresolved",
        action="store_true",
        help="list instead what the voice is left to guess (digits, symbols, unknown words)",
    )
    script.add_argument(
        "--announcer",
        action="store_true",
        help="print instead the announcer's script (as <slug>.<lang>.script.txt holds it)",
    )
    engines = sub.add_parser(
        "engines",
        help="list speech engines and voices",
        description="List the speech engines, whether each can run here, and their voices.",
        allow_abbrev=False,
    )
    engines.add_argument("--voices", action="store_true", help="list every voice")
    engines.add_argument("--lang", metavar="LANG", help="only voices for this language")
    engines.set_defaults(handler="cmd_engines")
    _add_source_commands(sub)
    _add_cache_command(sub)
    _add_voices_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``publisher`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        interrupt_on_signals()
        from rich.console import Console

        console = Console(stderr=True, quiet=False)
        from publisher import commands

        handler: Command = getattr(commands, args.handler)
        return handler(args, console)
    except PublisherError as error:
        _error(f"error: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        _error(message())
        exit_if_signalled(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        leaving()


def _error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(text, markup=False)


if __name__ == "__main__":
    sys.exit(main())
