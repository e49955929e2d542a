"""A site's page templates run sandboxed; every failure is one message naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.build import build_releases
from publisher.bundle.page import PageSite
from publisher.bundle.templates import TemplateError, compile_folder, render
from publisher.bundle.tryout import try_templates
from publisher.options import BuildOptions
from publisher.sources import load_release
from tests.conftest import MakeRelease

MAIN = '{% extends "base.html" %}{% block main %}\n'
END = "\n{% endblock %}"


def _folder(tmp_path: Path, **files: str | bytes) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        path = folder / name.replace("__", ".")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ('{{ cycler.__init__.__globals__.os.popen("id").read() }}', "refused by the sandbox"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "refused by the sandbox"),
        ('{{ "{0.__class__}".format(1) }}', "refused by the sandbox"),
        ("{{ meta.append(1) }}", "refused by the sandbox"),
        ('{% include "../../../../etc/passwd" %}', "no template '../../../../etc/passwd'"),
        ('{% include "/etc/passwd" %}', "no template '/etc/passwd'"),
        ("{{ 1/0 }}", "division by zero"),
        ("{{ office.nope }}", "has no attribute 'nope'"),
        ("{{ nope }}", "'nope' is undefined"),
    ],
)
def test_a_template_reaches_only_what_it_is_given(
    tmp_path: Path, template: str, words: str
) -> None:
    folder = _folder(tmp_path, release__html="line one\n" + template)
    with pytest.raises(TemplateError) as error:
        render(folder, "release.html", {"office": {}, "meta": []})
    assert str(error.value).startswith(f"{folder / 'release.html'}:2: page template ")
    assert words in str(error.value)


def test_a_failure_in_a_block_names_the_site_file_and_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, site__html=MAIN + "\n{{ 1/0 }}" + END)
    with pytest.raises(TemplateError, match=r"site\.html:3: page template failed: division"):
        try_templates(PageSite(templates=folder))


def test_not_utf8_and_syntax_errors_name_the_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, release__html=b"<p>\n<p>caf\xe9</p>\n")
    with pytest.raises(TemplateError, match=r"release\.html:2: page template is not UTF-8"):
        compile_folder(folder)
    folder = _folder(tmp_path, release__html="<p>\n{% if x %}\n<p>{{ x }</p>\n")
    with pytest.raises(TemplateError, match=r"release\.html:3: page template does not parse"):
        compile_folder(folder)


def test_a_link_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    folder = _folder(tmp_path, release__html='{% include "notes.html" %}')
    (folder / "notes.html").symlink_to(secret)
    with pytest.raises(TemplateError, match="link to a file outside the templates folder"):
        render(folder, "release.html", {})


def test_the_context_is_plain_data(make_release: MakeRelease, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        release__html=MAIN + "{{ edition.keys()|sort|join(',') }}|{{ edition.title }}" + END,
    )
    release = load_release(make_release())
    build_releases([release], BuildOptions(tmp_path / "dist", formats=("html",), templates=folder))
    page = (tmp_path / "dist" / "nota" / "index.html").read_text("utf-8")
    assert "description,issuer,lang,original,title|Título" in page


def test_a_site_index_that_fails_on_a_release_leaves_no_output(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    failing = '{% if releases[0].title == "Título" %}{{ 1/0 }}{% endif %}'
    folder = _folder(tmp_path, site__html=MAIN + failing + END)
    try_templates(PageSite(templates=folder))  # the sample release does not show it
    release = load_release(make_release())
    dist = tmp_path / "dist"
    with pytest.raises(TemplateError, match=r"site\.html:2: .*division by zero"):
        build_releases([release], BuildOptions(dist, formats=("html",), templates=folder))
    assert not dist.exists() or not any(dist.iterdir())
