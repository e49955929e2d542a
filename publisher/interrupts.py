"""Termination signals handled as Ctrl-C, so a stopped build cleans up and leaves outputs intact."""

from __future__ import annotations

import signal
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""What ``timeout``, CI runners and a closed terminal send."""


def _interrupt(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(number).name)


def interrupt_on_termination() -> None:
    """Make SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread, as SIGINT does."""
    for number in SIGNALS:
        signal.signal(number, _interrupt)
