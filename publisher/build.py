"""The build: releases in, output files out, through one writer per format.

Every file of a release is written into a staging folder first and moved into
``<output>/<slug>/`` only when all of them succeeded (see :mod:`publisher.staging`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from publisher.artifact import Artifact, describe
from publisher.backends.epub import write_epub
from publisher.backends.pdf import write_pdf
from publisher.bundle.budget import enforce_budgets
from publisher.bundle.write import BundleOptions, write_bundle
from publisher.errors import PublisherError
from publisher.languages import primary
from publisher.model import Edition, Release
from publisher.options import BuildOptions
from publisher.staging import Staging, staged

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


def _pdf(release: Release, editions: Sequence[Edition], staging: Staging, stem: str) -> Output:
    name = f"{stem}.pdf"
    write_pdf(release, editions, staging.path(name))
    return Output(name, "pdf", "application/pdf", " ".join(e.lang for e in editions))


def _epub(release: Release, editions: Sequence[Edition], staging: Staging, stem: str) -> Output:
    name = f"{stem}.epub"
    write_epub(release, editions, staging.path(name))
    return Output(name, "epub", "application/epub+zip", " ".join(e.lang for e in editions))


Writer = Callable[[Release, Sequence[Edition], Staging, str], Output]
WRITERS: dict[str, Writer] = {"pdf": _pdf, "epub": _epub}
"""Format name -> writer of one file for one edition (or all editions: the bilingual one)."""
MULTILINGUAL = frozenset({"pdf", "epub"})
"""Formats that also get one file holding every edition."""


def select_editions(release: Release, langs: Sequence[str]) -> list[Edition]:
    """The editions asked for by ``--lang`` (all when empty); an unknown language is an error."""
    if not langs:
        return list(release.editions)
    chosen: list[Edition] = []
    for lang in langs:
        matches = [e for e in release.editions if lang in (e.lang, primary(e.lang))]
        if not matches:
            have = ", ".join(e.lang for e in release.editions)
            raise PublisherError(f"{release.slug}: no edition in '{lang}' (it has {have})")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def build_release(
    release: Release,
    options: BuildOptions,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Artifact]:
    """Write every requested format of one release; returns what was written."""
    editions = select_editions(release, options.langs)
    target = options.output / release.slug
    say = progress or (lambda _: None)
    outputs: list[Output] = []
    with staged(target) as staging:
        for format_name in options.formats:
            writer = WRITERS[format_name]
            for edition in editions:
                say(f"{release.slug}: {format_name} ({edition.lang})")
                outputs.append(
                    writer(
                        release, [edition], staging, f"{release.slug}.{edition.primary_language}"
                    )
                )
            if format_name in MULTILINGUAL and options.bilingual and len(editions) > 1:
                say(f"{release.slug}: {format_name} (bilingual)")
                outputs.append(writer(release, editions, staging, f"{release.slug}.bilingual"))
        artifacts = [
            describe(staging.path(o.name), o.format, o.media_type, o.lang, o.duration_s)
            for o in outputs
        ]
        say(f"{release.slug}: download pages and manifest")
        artifacts += write_bundle(release, artifacts, staging, BundleOptions(options.base_url))
        for finding in enforce_budgets(artifacts, options.budgets):
            (warn or say)(f"{release.slug}: size budget exceeded: {finding}")
        staging.commit()
    return [replace(a, path=target / a.path.name) for a in artifacts]
