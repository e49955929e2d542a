"""What a build tells about its tasks as they go: counts for a progress bar, a JSON log."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Protocol

from publisher.tasks.plan import ReleasePlan, Task
from publisher.tasks.run import TaskResult


class Reporter(Protocol):
    """Hears the plan, then each task as it finishes (in the build's own process)."""

    def planned(self, plans: Sequence[ReleasePlan]) -> None:
        """The tasks to run and the outputs reused, before any task runs."""
        ...

    def finished(self, task: Task, result: TaskResult) -> None:
        """A task finished and its files are staged."""
        ...


class Silent:
    """A reporter that says nothing."""

    def planned(self, plans: Sequence[ReleasePlan]) -> None:
        """Nothing to say."""

    def finished(self, task: Task, result: TaskResult) -> None:
        """Nothing to say."""


class JsonLog:
    """One JSON object per line: each output reused (``cached``), each task run (``built``)."""

    def __init__(self, stream: IO[str]) -> None:
        """Write to ``stream`` (flushed after every line, so a killed build's log is whole)."""
        self.stream = stream

    @classmethod
    def to_file(cls, path: Path) -> JsonLog:
        """A log appended to ``path``."""
        return cls(path.open("a", encoding="utf-8"))

    def _line(self, **fields: object) -> None:
        self.stream.write(json.dumps({"time": round(time.time(), 3), **fields}) + "\n")
        self.stream.flush()

    def planned(self, plans: Sequence[ReleasePlan]) -> None:
        """A line per output reused."""
        for plan in plans:
            for record in plan.kept:
                self._line(
                    release=plan.release.slug,
                    task=f"{record.stem}:{record.format}",
                    key=record.key,
                    status="cached",
                    seconds=0.0,
                )

    def finished(self, task: Task, result: TaskResult) -> None:
        """A line per task run."""
        self._line(
            release=task.release.slug,
            task=task.id,
            key=dict(task.keys),
            status="built",
            seconds=round(result.seconds, 3),
            files=list(result.files),
        )

    def close(self) -> None:
        """Close the log file."""
        self.stream.close()


class Several:
    """Tells every one of its reporters."""

    def __init__(self, *reporters: Reporter) -> None:
        """Tell ``reporters``, in order."""
        self.reporters = reporters

    def planned(self, plans: Sequence[ReleasePlan]) -> None:
        """Tell each."""
        for reporter in self.reporters:
            reporter.planned(plans)

    def finished(self, task: Task, result: TaskResult) -> None:
        """Tell each."""
        for reporter in self.reporters:
            reporter.finished(task, result)
