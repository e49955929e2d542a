"""The one timestamp a build writes into its outputs."""

from __future__ import annotations

import datetime as dt
import os


def build_time() -> dt.datetime:
    """The timestamp written into outputs: SOURCE_DATE_EPOCH if set, else 2000-01-01 UTC.

    Outputs never carry the wall-clock time, so two builds of the same source are identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else 946684800
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
