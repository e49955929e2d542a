"""Running one task: its writers into a scratch folder, and what they wrote.

The same function runs in the build's own process, in a worker process and on a Dask worker:
it reads only the task (the parsed release and the options) and the files the model names,
and writes only into its scratch folder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from publisher.clock import given_build_time
from publisher.context import BuildContext
from publisher.formats import load
from publisher.tasks.job import Folder, Job, Output
from publisher.tasks.plan import Task


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a task wrote (paths inside its scratch folder) and what it had to say."""

    task_id: str
    outputs: tuple[Output, ...]
    files: tuple[str, ...]
    """Every file it wrote, outputs and their extras, relative to the scratch folder."""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    data: dict[str, bytes] = field(default_factory=dict)
    """The files' bytes, when the scratch folder is not shared with the build (Dask)."""

    def extras(self) -> tuple[str, ...]:
        """Files that are not outputs of their own (an HTML edition's images)."""
        names = {o.name for o in self.outputs}
        return tuple(f for f in self.files if f not in names)


def run_task(task: Task, scratch: Path) -> TaskResult:
    """Run every writer of ``task`` into ``scratch`` (created if missing)."""
    with given_build_time(task.build_time):
        return _run(task, scratch)


def _run(task: Task, scratch: Path) -> TaskResult:
    started = time.perf_counter()
    scratch.mkdir(exist_ok=True)  # never its parent: a deleted staging folder stays deleted
    warnings: list[str] = []
    context = BuildContext(task.release, task.options.audio, warnings.append)
    outputs: list[Output] = []
    editions = task.editions()
    try:
        for target, formats in task.writers:
            job = Job(
                task.release,
                editions,
                Folder(scratch),
                task.stem,
                task.options,
                formats,
                warnings.append,
                context,
            )
            outputs += load(target)(job)
    finally:
        context.close()
    files = tuple(
        sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file())
    )
    seconds = time.perf_counter() - started
    return TaskResult(task.id, tuple(outputs), files, tuple(warnings), seconds)


def run_detached(task: Task) -> TaskResult:
    """Run ``task`` in a temporary folder and return the files' bytes with the result."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="publisher-task-") as folder:
        result = run_task(task, Path(folder))
        data = {name: (Path(folder) / name).read_bytes() for name in result.files}
    return TaskResult(
        result.task_id, result.outputs, result.files, result.warnings, result.seconds, data
    )
