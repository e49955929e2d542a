"""A site's templates folder as a Jinja2 loader: UTF-8 files inside the folder, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from publisher.bundle.templates import TemplateError


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder: a name with ``..``, or a link leading out, is not followed.

    A name the folder has no file for is left to the next loader (the package's templates);
    a file that is not UTF-8 text, or a link out of the folder, is a TemplateError naming it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file and a check that the file is unchanged."""
        path = self.folder.joinpath(*split_template_path(template))
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        if not path.resolve().is_relative_to(self.root):
            raise TemplateError(path, "is a link to a file outside the templates folder: not read")
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            byte = data[error.start : error.start + 1].hex()
            raise TemplateError(
                path, f"page template is not UTF-8 text (byte 0x{byte}): save it as UTF-8", line
            ) from None
        mtime = path.stat().st_mtime_ns

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), unchanged
