"""Errors a user can act on, each with the exit code the command line returns for it."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3
EXIT_INVALID_OUTPUT = 4
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a program stopped with Ctrl-C."""


class PublisherError(Exception):
    """Base class: a failure explained in one message, never a traceback."""

    exit_code = EXIT_FAILURE

    def __reduce__(self) -> tuple[object, ...]:
        """Travel between processes as its class and message: a worker's error reaches the build."""
        return (_rebuilt, (type(self), str(self)))


def _rebuilt(kind: type[PublisherError], message: str) -> PublisherError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    return error


class SourceError(PublisherError):
    """A release source is wrong: names the file, the line where there is one, and what is wrong."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {message}")


class UsageError(PublisherError):
    """A command-line option asks for something the sources do not have."""

    exit_code = EXIT_BAD_INPUT


class OutputError(PublisherError):
    """The output folder cannot be written as asked (it holds sources, or files not ours)."""

    exit_code = EXIT_BAD_INPUT


class EngineUnavailable(PublisherError):
    """A text-to-speech engine cannot run here (missing package, no network, unknown voice)."""

    exit_code = EXIT_UNAVAILABLE


class NoVoice(EngineUnavailable):
    """An engine that runs here has no voice for a language."""


class SynthesisError(PublisherError):
    """An engine failed while speaking a sentence, or did not finish it within its time limit.

    Exits as an unavailable engine: the engine cannot do this work here.
    """

    exit_code = EXIT_UNAVAILABLE


class BudgetExceeded(PublisherError):
    """A file or a language's files are larger than the configured size budget."""

    exit_code = EXIT_INVALID_OUTPUT


class ValidationError(PublisherError):
    """A written output fails an accessibility or format check."""

    exit_code = EXIT_INVALID_OUTPUT
