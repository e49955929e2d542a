"""Which editions of a release a command works on (``--lang``)."""

from __future__ import annotations

from collections.abc import Sequence

from publisher.errors import UsageError
from publisher.languages import primary
from publisher.model import Edition, Release


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
