"""The build's progress bar: tasks and releases done, time left (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from publisher.tasks.plan import ReleasePlan, Task
from publisher.tasks.run import TaskResult


class BuildProgress:
    """A bar with "task 12/45, release 3/20", the time left and the current step."""

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        """A bar on ``console`` (nothing when ``quiet``), gone when the build ends."""
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=quiet,
        )
        self._bar: TaskID = self._progress.add_task("planning", total=None)
        self._left: Counter[str] = Counter()
        self._releases = 0
        self._tasks = 0
        self._done = 0

    def __enter__(self) -> BuildProgress:
        """Show the bar."""
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Take the bar away."""
        self._progress.__exit__(kind, error, trace)

    def _describe(self, step: str = "") -> None:
        finished = self._releases - sum(1 for n in self._left.values() if n)
        text = f"task {self._done}/{self._tasks}, release {finished}/{self._releases}"
        self._progress.update(
            self._bar,
            description=f"{text} {step}".rstrip(),
            total=max(self._tasks, 1),
            completed=self._done,
        )

    def step(self, text: str) -> None:
        """The step the build is at."""
        self._describe(f"· {text}")

    def planned(self, plans: Sequence[ReleasePlan]) -> None:
        """Count the tasks and releases."""
        self._releases = len(plans)
        self._tasks = sum(len(p.tasks) for p in plans)
        self._left = Counter({p.release.slug: len(p.tasks) for p in plans})
        self._describe()

    def finished(self, task: Task, result: TaskResult) -> None:
        """One more task done."""
        self._done += 1
        self._left[task.release.slug] -= 1
        self._describe(f"· {task.id}")
