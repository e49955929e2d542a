"""Build options from three layers: command line, then ``publisher.toml``, then defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from publisher.audio.options import AudioOptions
from publisher.bundle.address import check_base_url
from publisher.bundle.budget import Budgets, parse_budgets
from publisher.clock import source_date_epoch
from publisher.config import CONFIG_NAME, Config, fields_of
from publisher.epub.options import EpubOptions
from publisher.errors import SourceError, UsageError
from publisher.formats import BUILDABLE, DEFAULT_FORMATS, FORMATS
from publisher.office import Office, parse_office
from publisher.options import BuildOptions
from publisher.pdf.options import PdfOptions
from publisher.speech.engines.cache import default_cache_dir
from publisher.speech.engines.registry import DEFAULT_ENGINE, ENGINES

DEFAULT_LIST = "[" + ", ".join(f'"{f}"' for f in DEFAULT_FORMATS) + "]"


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What the command line said; None where it said nothing, so the configuration decides."""

    output: Path
    langs: tuple[str, ...] = ()
    formats: tuple[str, ...] | None = None
    engine: str | None = None
    voice: str | None = None
    voice_variation: bool = False
    """Livelier prosody where the engine offers it (its ``variation`` setting)."""
    mp3_kbps: int | None = None
    cache_dir: Path | None = None
    """Cache folder (speech goes in its ``speech`` folder); None: $PUBLISHER_CACHE or
    the user's cache folder. ``no_cache`` disables the cache."""
    no_cache: bool = False
    base_url: str | None = None
    budget: str | None = None
    budget_formats: tuple[str, ...] = ()
    budget_warn: bool = False
    page_size: str | None = None
    pdf_stylesheet: Path | None = None
    jobs: int | None = None
    """Tasks at once; None: ``[build] jobs``, else the number of cores."""
    scheduler: str | None = None
    clean: bool = False


def resolve(cli: CommandLine, config: Config) -> BuildOptions:
    """The options of a build; a bad configured value is an error naming file and key."""
    source_date_epoch()  # a malformed SOURCE_DATE_EPOCH is refused before anything is built
    formats = cli.formats or tuple(
        str(f).strip().lower()
        for f in _setting(config, "build", "formats", list, list(DEFAULT_FORMATS))
    )
    if not formats:
        raise config.error("build", "formats", f"is empty: name formats, e.g. {DEFAULT_LIST}")
    unknown = sorted(set(formats) - set(BUILDABLE))
    if unknown:
        known = ", ".join(BUILDABLE)
        raise config.error("build", "formats", f"unknown format '{unknown[0]}' (known: {known})")
    base_url = cli.base_url or _setting(config, "build", "base_url", str, None)
    if base_url is not None:
        try:
            check_base_url(base_url)
        except ValueError as error:
            raise config.error("build", "base_url", str(error)) from None
    office = _office(config)
    templates = _templates(config)
    if templates is not None:
        _try_templates(templates, office, base_url)
    return BuildOptions(
        output=cli.output,
        formats=formats,
        langs=cli.langs,
        audio=_audio(cli, config),
        epub=EpubOptions(
            certified_by=_setting(config, "epub", "certified_by", str, None),
            certifier_credential=_setting(config, "epub", "certifier_credential", str, None),
            certifier_report=_setting(config, "epub", "certifier_report", str, None),
        ),
        pdf=_pdf(cli, config),
        base_url=base_url,
        feed_image_url=_setting(config, "build", "feed_image_url", str, None),
        budgets=_budgets(cli, config),
        office=office,
        templates=templates,
        jobs=cli.jobs or _jobs(config),
        scheduler=cli.scheduler or _setting(config, "build", "scheduler", str, None),
        clean=cli.clean,
    )


def _jobs(config: Config) -> int:
    from publisher.tasks.executors import default_jobs

    jobs = _setting(config, "build", "jobs", int, None)
    if jobs is None:
        return default_jobs()
    if not 1 <= jobs <= 512:
        raise config.error("build", "jobs", f"must be 1 to 512, not {jobs}")
    return int(jobs)


def _pdf(cli: CommandLine, config: Config) -> PdfOptions:
    if cli.pdf_stylesheet is not None:
        path: Path | None = cli.pdf_stylesheet.resolve()
        if not cli.pdf_stylesheet.is_file():
            raise UsageError(f"--pdf-stylesheet {cli.pdf_stylesheet}: not a file")
    else:
        sheet = _setting(config, "pdf", "stylesheet", str, None)
        path = (config.folder / sheet).resolve() if sheet else None
        if path is not None and not path.is_file():
            where = f"'{sheet}' is not a file (from {config.folder})"
            raise config.error("pdf", "stylesheet", where)
    try:
        size = cli.page_size or _setting(config, "pdf", "page_size", str, None)
        return PdfOptions(stylesheet=path, page_size=size)
    except ValueError as error:
        raise config.error("pdf", "page_size", str(error)) from None


def _office(config: Config) -> Office:
    table = config.sections.get("office")
    if not table:
        return Office()
    return parse_office(table, config.path or Path(CONFIG_NAME), config.folder, inside=False)


def _templates(config: Config) -> Path | None:
    folder: str | None = _setting(config, "page", "templates", str, None)
    if folder is None:
        return None
    path = config.folder / folder
    if not path.is_dir():
        raise config.error("page", "templates", f"'{folder}' is not a folder")
    return path


def _try_templates(folder: Path, office: Office, base_url: str | None) -> None:
    """Refuse a templates folder whose pages fail on a sample release, before any build."""
    from publisher.bundle.page import PageSite
    from publisher.bundle.tryout import try_templates

    try_templates(PageSite(office, folder, base_url))


def _budgets(cli: CommandLine, config: Config) -> Budgets:
    configured = config.get("budgets", "per_language")
    limits = config.get("budgets", "per_format", {})
    if not isinstance(limits, dict):
        raise config.error("budgets", "per_format", "must be a table such as { mp3 = '1 MB' }")
    warn_only = cli.budget_warn or _setting(config, "budgets", "warn_only", bool, False)
    try:  # the file's values alone first, so an error names the file
        parse_budgets(
            None if configured is None else str(configured),
            [f"{name}={size}" for name, size in limits.items()],
            known=tuple(FORMATS),
        )
    except ValueError as error:
        raise config.error("budgets", "per_language or per_format", str(error)) from None
    per_language = cli.budget or (None if configured is None else str(configured))
    items = [*(f"{name}={size}" for name, size in limits.items()), *cli.budget_formats]
    try:
        return parse_budgets(per_language, items, warn_only, known=tuple(FORMATS))
    except ValueError as error:  # the command line's values are checked as they are parsed
        raise UsageError(f"--budget or --budget-format: {error}") from None


def _audio(cli: CommandLine, config: Config) -> AudioOptions:
    cover = _setting(config, "audio", "cover", str, None)
    speech_cache = cli.cache_dir / "speech" if cli.cache_dir else default_cache_dir()
    engine = cli.engine or _setting(config, "audio", "engine", str, DEFAULT_ENGINE)
    settings = {
        "engine": engine,
        "voice": cli.voice or _setting(config, "audio", "voice", str, None),
        "engine_settings": _varied(engine, _engine_settings(config).get(engine), cli),
        "mp3_bitrate_kbps": cli.mp3_kbps or _setting(config, "audio", "mp3_kbps", int, 32),
        "opus_bitrate_kbps": _setting(config, "audio", "opus_kbps", int, 16),
        "cover": (config.folder / cover) if cover else None,
        "cache_dir": None if cli.no_cache else speech_cache,
    }
    try:
        return AudioOptions(**settings)
    except ValueError as error:
        # The command line's values were checked as they were parsed: the file set this one.
        raise SourceError(config.path or CONFIG_NAME, f"[audio]: {error}") from None


def _engine_settings(config: Config) -> dict[str, object]:
    """Every registered engine's settings from its ``[audio.<engine>]`` section.

    Each is made, so a bad value is refused even for an engine this build does not use.
    """
    return {
        name: config.settings(f"audio.{name}", entry.settings_type())
        for name, entry in ENGINES.items()
    }


def _varied(engine: str, settings: object, cli: CommandLine) -> object:
    """``settings`` with ``variation`` on if ``--voice-variation`` asked for it."""
    if not cli.voice_variation:
        return settings
    if not is_dataclass(settings) or "variation" not in {f.name for f in fields(settings)}:
        with_it = ", ".join(
            name
            for name, entry in ENGINES.items()
            if "variation" in fields_of(entry.settings_type())
        )
        raise UsageError(f"--voice-variation: the {engine} engine has none ({with_it} has)")
    return replace(settings, variation=True)  # type: ignore[type-var]


def _setting(config: Config, section: str, key: str, kind: type, default: Any) -> Any:
    value = config.get(section, key, default)
    if value is not default and not isinstance(value, kind):
        raise config.error(section, key, f"must be {kind.__name__}, not {value!r}")
    return value
