"""The one timestamp a build writes into its outputs, and where it came from.

Outputs are dated, in this order: the release's own date (``date:`` in release.yaml), else
SOURCE_DATE_EPOCH, else the time the build started. The first two make a build reproducible;
the last is the truth when neither is given. No output ever carries an invented date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Iterator
from enum import StrEnum

from publisher.errors import SourceError

ENV_VAR = "SOURCE_DATE_EPOCH"
RELEASE_HOUR = 12
"""A release dated by day is dated at noon UTC: the same calendar day from UTC-11 to UTC+11."""
ZIP_FIRST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
"""The range a ZIP entry's DOS timestamp can hold."""


class TimeSource(StrEnum):
    """Where the outputs' date came from, as the build summary says it."""

    RELEASE = "the release's date"
    EPOCH = "SOURCE_DATE_EPOCH"
    BUILD = "the build's time"


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, None when it is not set.

    A value that is not a whole number of seconds is an error, as the reproducible-builds
    specification asks, rather than silently giving another date.
    """
    epoch = os.environ.get(ENV_VAR)
    if not epoch:
        return None
    try:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise SourceError(
            ENV_VAR,
            f"'{epoch}' is not a date: give whole seconds since 1970-01-01 UTC, e.g. 1700000000",
        ) from None


@functools.cache
def _started() -> dt.datetime:
    """The wall-clock time of the first call in this process, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


_GIVEN: dict[str, dt.datetime] = {}


@contextlib.contextmanager
def given_build_time(moment: dt.datetime) -> Iterator[None]:
    """Within the block, date outputs not dated otherwise at ``moment``.

    A task in a worker process is given the time of the build that planned it.
    """
    _GIVEN["build"] = moment
    try:
        yield
    finally:
        _GIVEN.pop("build", None)


def build_time() -> dt.datetime:
    """The build's time.

    The time a task was given, else SOURCE_DATE_EPOCH if set, else the time this process
    started building (one value per process).
    """
    return _GIVEN.get("build") or source_date_epoch() or _started()


def release_time(date: dt.date | None) -> dt.datetime:
    """The timestamp for the outputs of a release dated ``date`` (None: not dated)."""
    if date is None:
        return build_time()
    return dt.datetime.combine(date, dt.time(RELEASE_HOUR), tzinfo=dt.UTC)


def time_source(date: dt.date | None) -> TimeSource:
    """Which of the three sources :func:`release_time` takes for a release dated ``date``."""
    if date is not None:
        return TimeSource.RELEASE
    return TimeSource.EPOCH if source_date_epoch() is not None else TimeSource.BUILD


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """``moment`` as a ZIP entry's date_time, clamped to the years a ZIP entry can hold."""
    clamped = min(max(moment, ZIP_FIRST), ZIP_LAST)
    return (clamped.year, clamped.month, clamped.day, clamped.hour, clamped.minute, clamped.second)
