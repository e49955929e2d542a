"""Releases and options -> the tasks to run and the outputs that are already current.

A task is the writers of one edition (or of the multilingual edition) of one release: one
writer for a text format, all narrated formats together (they share the spoken edition). Each
format of each edition has a content key (:mod:`publisher.tasks.keys`); an output whose key is
unchanged and whose files are in place is reused, and an output the build was not asked for
is kept (unless ``clean``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from publisher.clock import build_time, source_date_epoch
from publisher.editions import select_editions
from publisher.formats import FORMATS, Format
from publisher.model import Edition, Release
from publisher.options import BuildOptions
from publisher.tasks.keys import code_fingerprint, digest
from publisher.tasks.state import Record


@dataclass(frozen=True, slots=True)
class Task:
    """Writers of one edition stem of one release, for the formats whose outputs are stale."""

    release: Release
    langs: tuple[str, ...]
    """The editions it writes, by language tag (several for the multilingual edition)."""
    stem: str
    writers: tuple[tuple[str, tuple[str, ...]], ...]
    """Each writer (``"module:function"``) with the formats it is asked for."""
    keys: Mapping[str, str]
    """Content key of each format it writes."""
    options: BuildOptions
    build_time: dt.datetime
    """The build's time (see :mod:`publisher.clock`): the same for every task, wherever it runs."""
    cost: int
    """A rough measure of its work (characters times a format's weight): longest first."""

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format the task writes."""
        return tuple(f for _, formats in self.writers for f in formats)

    @property
    def id(self) -> str:
        """A name for the log and the progress: the stem and its formats."""
        return f"{self.stem}:{'+'.join(self.formats)}"

    @property
    def narrated(self) -> bool:
        """Whether it writes narrated formats (synthesis and encoding: most of a build's work)."""
        return any(FORMATS[f].narrated for f in self.formats)

    def editions(self) -> list[Edition]:
        """The editions it writes."""
        return [self.release.edition(lang) for lang in self.langs]


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """What a build does for one release: tasks to run, outputs to keep."""

    release: Release
    tasks: tuple[Task, ...]
    kept: tuple[Record, ...]
    """Outputs already in place that stay: current ones, and those the build was not asked for."""


def with_encoders(task: Task, encoders: int) -> Task:
    """``task`` with ``encoders`` threads for its narration's codecs (not part of any key)."""
    audio = dataclasses.replace(task.options.audio, encoders=encoders)
    return dataclasses.replace(task, options=dataclasses.replace(task.options, audio=audio))


def _length(editions: Sequence[Edition]) -> int:
    return sum(len(repr(e.blocks)) for e in editions)


WEIGHTS = {True: 40, False: 1}
"""Cost per character of narrated and of text formats (speech and encoding dominate)."""


def _stems(release: Release, options: BuildOptions) -> list[tuple[str, tuple[Edition, ...]]]:
    editions = select_editions(release, options.langs)
    stems: list[tuple[str, tuple[Edition, ...]]] = [
        (f"{release.slug}.{e.primary_language}", (e,)) for e in editions
    ]
    if options.bilingual and len(editions) > 1:
        stems.append((f"{release.slug}.bilingual", tuple(editions)))
    return stems


def _applies(descriptor: Format, editions: Sequence[Edition]) -> bool:
    return len(editions) == 1 or descriptor.multilingual


def content_key(release: Release, editions: Sequence[Edition]) -> str:
    """What every format of ``editions`` reads from ``release``.

    Made once per edition stem (it reads the images' bytes), then combined with each format's
    own parts by :func:`format_key`.
    """
    shared = {
        f.name: getattr(release, f.name)
        for f in dataclasses.fields(release)
        if f.name not in ("editions", "root")
    }
    return digest(
        code_fingerprint(),
        shared,
        [e.lang for e in release.editions],
        list(editions),
        # Undated releases carry SOURCE_DATE_EPOCH; without it, an output stays dated when it
        # was built.
        None if release.date is not None else (source_date_epoch() or "build time"),
    )


def format_key(
    content: str, descriptor: Format, options: BuildOptions, voice: Callable[[], str]
) -> str:
    """The key of ``descriptor`` written from editions whose :func:`content_key` is ``content``."""
    return digest(
        content,
        descriptor.name,
        descriptor.writer,
        {name: getattr(options, name) for name in descriptor.reads},
        voice() if descriptor.narrated else None,
    )


def engine_fingerprint(options: BuildOptions) -> Callable[[], str]:
    """The speech engine's fingerprint and the chosen voice, computed once when first needed."""

    @cache
    def fingerprint() -> str:
        from publisher.speech.engines.base import InstalledVoices
        from publisher.speech.engines.registry import get_engine

        engine = get_engine(options.audio.engine, options.audio.engine_settings)
        installed = ""
        if isinstance(engine, InstalledVoices):  # voice models a user adds: keyed by their bytes
            installed = " ".join(sorted(engine.voice_fingerprint(v.id) for v in engine.voices()))
        return f"{engine.name} {engine.fingerprint()} voice={options.audio.voice} {installed}"

    return fingerprint


def plan_release(
    release: Release,
    options: BuildOptions,
    previous: Mapping[str, Record],
    voice: Callable[[], str],
    *,
    clean: bool = False,
) -> ReleasePlan:
    """The tasks that bring ``release``'s folder up to date, given its ``previous`` records."""
    by_output = {(r.stem, r.format): r for r in previous.values()}
    wanted = [FORMATS[name] for name in FORMATS if name in options.formats]
    tasks: list[Task] = []
    current: set[str] = set()
    for stem, editions in _stems(release, options):
        stale: dict[str, list[str]] = {}
        keys: dict[str, str] = {}
        content = content_key(release, editions)
        for descriptor in wanted:
            if descriptor.writer is None or not _applies(descriptor, editions):
                continue
            key = format_key(content, descriptor, options, voice)
            found = by_output.get((stem, descriptor.name))
            if found is not None and found.key == key:
                current.add(found.name)
                continue
            keys[descriptor.name] = key
            stale.setdefault(descriptor.writer, []).append(descriptor.name)
        tasks += _tasks(
            release, stem=stem, editions=editions, stale=stale, keys=keys, options=options
        )
    asked = {(stem, f) for stem, _ in _stems(release, options) for f in options.formats}
    langs = {e.lang for e in release.editions}
    kept = [
        r
        for r in previous.values()
        if r.name in current
        or (
            not clean
            and (r.stem, r.format) not in asked
            and all(lang in langs for lang in r.lang.split())
        )
    ]
    return ReleasePlan(release, tuple(tasks), tuple(kept))


def _tasks(
    release: Release,
    *,
    stem: str,
    editions: Sequence[Edition],
    stale: Mapping[str, Sequence[str]],
    keys: Mapping[str, str],
    options: BuildOptions,
) -> list[Task]:
    """One task per text writer, one for all narrated writers of the stem."""
    narrated: list[tuple[str, tuple[str, ...]]] = []
    tasks: list[Task] = []
    langs = tuple(e.lang for e in editions)
    length = _length(editions)
    for writer, formats in stale.items():
        group = (writer, tuple(formats))
        if FORMATS[formats[0]].narrated:
            narrated.append(group)
            continue
        task_keys = {f: keys[f] for f in formats}
        tasks.append(
            Task(
                release,
                langs,
                stem,
                (group,),
                task_keys,
                options,
                build_time(),
                length * WEIGHTS[False],
            )
        )
    if narrated:
        task_keys = {f: keys[f] for _, formats in narrated for f in formats}
        tasks.append(
            Task(
                release,
                langs,
                stem,
                tuple(narrated),
                task_keys,
                options,
                build_time(),
                length * WEIGHTS[True],
            )
        )
    return tasks
