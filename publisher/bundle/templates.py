"""The page templates: loaded, sandboxed and rendered; any failure is one message naming the file.

A site's templates (the folder ``[page] templates`` names in publisher.toml) are code a press
office may have copied from elsewhere, so they run in Jinja2's immutable sandbox
(:class:`jinja2.sandbox.ImmutableSandboxedEnvironment`): a template can read the values it is
given, loop, branch, call macros and Jinja's own filters, but not reach Python's internals
(attributes starting with ``_``, a function's globals), so it can neither read a file nor run a
program, nor change the values it is given. Files are read as UTF-8 from inside the folder only:
``..``, absolute names and links leading out of it are not followed. What is not in the folder
comes from the package's templates (``publisher/templates``), which a site template may
extend, import or include.

What a template gets is plain data: strings, numbers, booleans, None, lists, dicts and *words*
(``text``, ``lang``: the word's language where it is not the page's, ``datetime``: the
machine-readable form of a date or duration). Every page gets ``lang``, ``title``,
``description``, ``css``, ``meta`` (property, content), ``canonical``, ``alternates`` (tag,
href), ``feed`` (url, title), ``office`` (name, logo, email, phone, phone_href, website,
has_contact), ``switch`` (href, tag, name, lang, current), ``switch_label``, ``labels``
(contact, all_releases, no_player) and ``links``. ``release.html`` also gets ``edition``
(lang, title, description, issuer, original), ``byline``, ``total``, ``sections`` (heading,
player, files), ``subscribe`` and ``checksums`` (href, label, tech); ``site.html`` gets
``heading``, ``releases`` (href, lang, title, facts), ``empty`` and ``subscribe``.
``publisher/templates`` shows each in use. An unknown name is an error, not an empty string.

A template that is not UTF-8, does not parse, names something unknown, is refused by the
sandbox or fails while rendering (``{{ 1/0 }}``) is a :class:`TemplateError`: exit 2, one
message with the template's file, its line where Jinja knows it, and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from types import TracebackType
from typing import Any

from publisher.errors import PublisherError, SourceError

PACKAGE_TEMPLATES = ("release.html", "site.html", "base.html", "macros.html")
"""The templates the package ships and renders; a site may replace any of them."""


class TemplateError(SourceError):
    """A page template cannot be read or rendered: its file, its line where known, what is wrong."""


def _folder_stamp(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file in ``folder``: changes when one does."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(
        (p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


def environment(folder: Path | None) -> Any:
    """The sandboxed environment of ``folder``'s templates (None: the package's alone).

    Made again when a file in ``folder`` came, went or changed, as a preview needs.
    """
    return _made_environment(folder, _folder_stamp(folder))


@cache
def _made_environment(folder: Path | None, stamp: tuple[tuple[str, int, int], ...]) -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from publisher.bundle.loader import FolderLoader

    del stamp  # part of the cache's key only
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("publisher", "templates")]
    if folder is not None:
        loaders.insert(0, FolderLoader(folder))
    return ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(folder: Path | None, name: str, context: Mapping[str, Any]) -> bytes:
    """The template ``name`` (``folder``'s own, else the package's) rendered, as UTF-8."""
    return _guarded(folder, name, lambda: environment(folder).get_template(name).render(context))


def compile_folder(folder: Path) -> None:
    """Read and parse every ``.html`` template in ``folder``; TemplateError on the first bad one."""
    templates = environment(folder)
    for path in sorted(folder.rglob("*.html")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            _guarded(folder, name, partial(templates.get_template, name))


def _guarded(folder: Path | None, name: str, run: Callable[[], object]) -> bytes:
    """``run()`` (a page as text, as UTF-8); any failure in it a TemplateError naming the file."""
    import jinja2

    try:
        result = run()
    except PublisherError:
        raise
    except jinja2.TemplateSyntaxError as error:
        path = error.filename or _named(folder, error.name or name)
        message = f"page template does not parse: {error.message}"
        raise TemplateError(path, message, error.lineno) from None
    except Exception as error:  # a template's own failure, whatever it is
        path, line = _where(error.__traceback__, _named(folder, name))
        raise TemplateError(path, f"page template {_what(error)}", line) from None
    return result.encode("utf-8") if isinstance(result, str) else b""


def _what(error: Exception) -> str:
    """What went wrong, in the words a template's author needs."""
    import jinja2
    from jinja2.exceptions import SecurityError

    if isinstance(error, SecurityError):
        return f"refused by the sandbox: {error}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"failed: no template '{error.name}' (in the templates folder or the package)"
    if isinstance(error, jinja2.TemplateError):
        return f"failed: {error}"
    return f"failed: {error} ({type(error).__name__})"


def _named(folder: Path | None, name: str) -> Path:
    """The file a template name stands for: the site's own if there is one, else the package's."""
    if folder is not None and (folder / name).is_file():
        return folder / name
    return Path(__file__).parent.parent / "templates" / name


def _where(trace: TracebackType | None, fallback: Path) -> tuple[Path, int | None]:
    """The template file and line the innermost template frame of ``trace`` was running."""
    found: tuple[Path, int | None] = (fallback, None)
    while trace is not None:
        frame = trace.tb_frame
        if "__jinja_exception__" in frame.f_globals:
            found = (Path(frame.f_code.co_filename), trace.tb_lineno)
        trace = trace.tb_next
    return found
