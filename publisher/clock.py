"""The one timestamp a build writes into its outputs."""

from __future__ import annotations

import datetime as dt
import os

from publisher.errors import SourceError

DEFAULT_EPOCH = 946684800
"""2000-01-01 00:00:00 UTC, written when SOURCE_DATE_EPOCH is not set."""


def build_time() -> dt.datetime:
    """The timestamp written into outputs: SOURCE_DATE_EPOCH if set, else 2000-01-01 UTC.

    Outputs never carry the wall-clock time, so two builds of the same source are identical.
    A SOURCE_DATE_EPOCH that is not a whole number of seconds is an error, as the
    reproducible-builds specification asks, rather than silently giving another date.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.datetime.fromtimestamp(DEFAULT_EPOCH, tz=dt.UTC)
    try:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise SourceError(
            "SOURCE_DATE_EPOCH",
            f"'{epoch}' is not a date: give whole seconds since 1970-01-01 UTC, e.g. 1700000000",
        ) from None
