"""The press office on the pages (release.yaml or publisher.toml) and a site's own templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.build import build_release
from publisher.config import Config
from publisher.errors import PublisherError, SourceError
from publisher.office import Office, release_office
from publisher.options import BuildOptions
from publisher.settings import CommandLine, resolve
from publisher.sources import load_release
from publisher.validate import run_axe
from tests.conftest import RELEASE_YAML, MakeRelease
from tests.validate.support import PNG_1PX, require

OFFICE_YAML = RELEASE_YAML + (
    "office:\n"
    "  name:\n"
    "    es: Oficina de Prensa de la PCM\n"
    "    en: PCM Press Office\n"
    "  logo: logo.png\n"
    "  email: prensa@example.gob.pe\n"
    "  phone: +51 1 219 7000\n"
)


def _build(folder: Path, output: Path, **options: object) -> Path:
    release = load_release(folder)
    build_release(release, BuildOptions(output=output, formats=("html",), **options))  # type: ignore[arg-type]
    return output / release.slug


def test_office_from_release_yaml_on_every_page(make_release: MakeRelease, tmp_path: Path) -> None:
    folder = make_release({"release.yaml": OFFICE_YAML, "logo.png": PNG_1PX})
    built = _build(folder, tmp_path / "dist")
    spanish = (built / "index.html").read_text("utf-8")
    assert '<img src="office-logo.png" alt="Oficina de Prensa de la PCM" height="48">' in spanish
    assert '<a href="mailto:prensa@example.gob.pe">prensa@example.gob.pe</a>' in spanish
    assert '<a href="tel:+5112197000">+51 1 219 7000</a>' in spanish
    assert "Contacto de prensa" in spanish
    assert '<meta property="og:site_name" content="Oficina de Prensa de la PCM">' in spanish
    english = (built / "index.en.html").read_text("utf-8")
    assert 'alt="PCM Press Office"' in english
    assert (built / "office-logo.png").read_bytes() == PNG_1PX


@pytest.mark.slow
def test_page_with_office_is_axe_clean(make_release: MakeRelease, tmp_path: Path) -> None:
    folder = make_release({"release.yaml": OFFICE_YAML, "logo.png": PNG_1PX})
    page = _build(folder, tmp_path / "dist") / "index.html"
    for width in (320, 1280):
        assert require(run_axe, page, width) == []


def test_release_values_win_over_the_site_key_by_key(make_release: MakeRelease) -> None:
    folder = make_release({"release.yaml": RELEASE_YAML + "office:\n  email: a@example.org\n"})
    site = Office(name={"*": "Oficina"}, email="site@example.org", website="https://example.org")
    office = release_office(load_release(folder), site)
    assert office.email == "a@example.org"
    assert office.name_in("es") == "Oficina"
    assert office.website == "https://example.org"


@pytest.mark.parametrize(
    ("office", "message"),
    [
        ("office:\n  mail: a@example.org\n", "unknown key 'mail'"),
        ("office:\n  email: nobody\n", "is not an e-mail address"),
        ("office:\n  logo: ../../outside.png\n", "outside the release folder"),
        ("office:\n  website: example.org\n", "must start with https://"),
    ],
)
def test_bad_office_names_the_file(make_release: MakeRelease, office: str, message: str) -> None:
    folder = make_release({"release.yaml": RELEASE_YAML + office})
    with pytest.raises(SourceError, match=message) as error:
        load_release(folder)
    assert "release.yaml" in str(error.value)


def test_the_reader_still_refuses_unknown_release_keys(make_release: MakeRelease) -> None:
    load_release(make_release({"release.yaml": RELEASE_YAML + "office:\n  name: Oficina\n"}))
    with pytest.raises(SourceError, match="unknown key 'ofice'"):
        load_release(make_release({"release.yaml": RELEASE_YAML + "ofice:\n  name: Oficina\n"}))


def test_office_and_templates_from_publisher_toml(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    config = Config(
        tmp_path / "publisher.toml",
        {
            "office": {"name": "Oficina de Prensa", "logo": "logo.png", "website": "https://x.pe"},
            "page": {"templates": "templates"},
        },
    )
    options = resolve(CommandLine(output=tmp_path / "dist"), config)
    assert options.office.name_in("es") == "Oficina de Prensa"
    assert options.office.logo == (tmp_path / "logo.png").resolve()
    assert options.templates == tmp_path / "templates"
    missing = Config(tmp_path / "publisher.toml", {"page": {"templates": "nowhere"}})
    with pytest.raises(SourceError, match=r"\[page\] templates: 'nowhere' is not a folder"):
        resolve(CommandLine(output=tmp_path / "dist"), missing)


def test_a_site_template_replaces_the_packaged_one(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "release.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ edition.title }}</h1>{% endblock %}',
        encoding="utf-8",
    )
    built = _build(make_release(), tmp_path / "dist", templates=templates)
    text = (built / "index.html").read_text("utf-8")
    assert "<h1>Título</h1>" in text
    assert "<style>" in text  # the packaged frame around the site's block


def test_a_broken_site_template_is_named(make_release: MakeRelease, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "release.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ nope }}{% endblock %}', "utf-8"
    )
    with pytest.raises(PublisherError, match=r"templates/release\.html:1: .*'nope' is undefined"):
        _build(make_release(), tmp_path / "dist", templates=templates)


def test_templates_escape_what_they_show(make_release: MakeRelease, tmp_path: Path) -> None:
    title = "title: \"<script>alert(1)</script> & 'x'\"\n"
    hostile = f"---\n{title}lang: es-PE\n---\n\n## S\n\nUno.\n\nDos.\n"
    built = _build(make_release({"es.md": hostile}), tmp_path / "dist")
    text = (built / "index.html").read_text("utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text


def test_check_refuses_a_bad_office_before_any_build(make_release: MakeRelease) -> None:
    from publisher.cli import main

    folder = make_release({"release.yaml": RELEASE_YAML + "office:\n  email: nobody\n"})
    assert main(["check", str(folder), "-q"]) == 2
