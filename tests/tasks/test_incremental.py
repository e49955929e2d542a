"""Incremental builds: current outputs are reused, partial builds keep the rest."""

from __future__ import annotations

import json
from pathlib import Path

from publisher.build import build_releases
from publisher.options import BuildOptions
from publisher.sources import load_release
from publisher.tasks.state import STATE_NAME, read_state
from tests.conftest import ES, MakeRelease

TEXT = ("html", "pdf", "epub")


def _inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir() if p.is_file()}


def _listed(folder: Path) -> list[str]:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return sorted(f["path"] for f in manifest["files"])


def test_a_rebuild_with_nothing_changed_runs_no_task(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    release = load_release(make_release())
    options = BuildOptions(output=tmp_path / "dist", formats=TEXT)
    first = build_releases([release], options)
    assert first.ran == 9  # html, pdf and epub of es, en and the bilingual edition
    folder = tmp_path / "dist" / "nota"
    before = _inodes(folder)
    again = build_releases([load_release(make_release())], options)
    assert again.ran == 0
    assert again.reused == len(read_state(folder)) == 9
    after = _inodes(folder)
    outputs = {name for name in before if name.startswith("nota.")}
    assert outputs
    assert all(after[name] == before[name] for name in outputs)


def test_editing_one_edition_runs_only_its_tasks(make_release: MakeRelease, tmp_path: Path) -> None:
    options = BuildOptions(output=tmp_path / "dist", formats=TEXT)
    build_releases([load_release(make_release())], options)
    folder = tmp_path / "dist" / "nota"
    before = _inodes(folder)
    edited = ES.replace("Segundo párrafo.", "Segundo párrafo, corregido.")
    built = build_releases([load_release(make_release({"es.md": edited}))], options)
    after = _inodes(folder)
    rewritten = sorted(n for n in before if n.startswith("nota.") and after[n] != before[n])
    assert rewritten == [
        "nota.bilingual.epub",
        "nota.bilingual.html",
        "nota.bilingual.pdf",
        "nota.es.epub",
        "nota.es.html",
        "nota.es.pdf",
    ]
    assert built.ran == 6
    assert "corregido" in (folder / "nota.es.html").read_text("utf-8")


def test_a_partial_build_keeps_the_other_outputs(make_release: MakeRelease, tmp_path: Path) -> None:
    folder = tmp_path / "dist" / "nota"
    build_releases([load_release(make_release())], BuildOptions(output=tmp_path / "dist"))
    everything = _listed(folder)
    assert any(name.endswith(".mp3") for name in everything)
    edited = ES.replace("Segundo párrafo.", "Segundo párrafo, corregido.")
    release = load_release(make_release({"es.md": edited}))
    built = build_releases(
        [release], BuildOptions(output=tmp_path / "dist", formats=("pdf",), langs=("es",))
    )
    assert built.ran == 1
    assert _listed(folder) == everything  # the audio and the English files stay listed
    on_disk = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert on_disk == sorted([*everything, "manifest.json"])


def test_clean_removes_what_the_build_did_not_ask_for(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    folder = tmp_path / "dist" / "nota"
    release = load_release(make_release())
    build_releases([release], BuildOptions(output=tmp_path / "dist", formats=TEXT))
    built = build_releases(
        [release], BuildOptions(output=tmp_path / "dist", formats=("pdf",), clean=True)
    )
    assert built.ran == 0
    assert [n for n in _listed(folder) if n.startswith("nota.")] == [
        "nota.bilingual.pdf",
        "nota.en.pdf",
        "nota.es.pdf",
    ]
    assert not (folder / "nota.es.epub").exists()


def test_a_removed_language_goes_with_its_files(make_release: MakeRelease, tmp_path: Path) -> None:
    folder = tmp_path / "dist" / "nota"
    build_releases([load_release(make_release())], BuildOptions(output=tmp_path / "dist"))
    source = make_release()
    (source / "en.md").unlink()
    build_releases([load_release(source)], BuildOptions(output=tmp_path / "dist", formats=TEXT))
    assert not [n for n in _listed(folder) if ".en." in n or ".bilingual." in n]


def test_a_damaged_state_means_a_full_build(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release())
    options = BuildOptions(output=tmp_path / "dist", formats=("html",))
    build_releases([release], options)
    (tmp_path / "dist" / "nota" / STATE_NAME).write_text("{not json", encoding="utf-8")
    assert build_releases([release], options).ran == 3


def test_a_deleted_output_is_written_again(make_release: MakeRelease, tmp_path: Path) -> None:
    release = load_release(make_release())
    options = BuildOptions(output=tmp_path / "dist", formats=("html", "pdf"))
    build_releases([release], options)
    (tmp_path / "dist" / "nota" / "nota.en.pdf").unlink()
    built = build_releases([release], options)
    assert built.ran == 1
    assert (tmp_path / "dist" / "nota" / "nota.en.pdf").is_file()


def test_changed_options_rebuild_only_the_formats_that_read_them(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    from publisher.pdf.options import PdfOptions

    release = load_release(make_release())
    build_releases([release], BuildOptions(output=tmp_path / "dist", formats=TEXT))
    letter = BuildOptions(
        output=tmp_path / "dist", formats=TEXT, pdf=PdfOptions(page_size="letter")
    )
    built = build_releases([release], letter)
    assert built.ran == 3  # the three PDFs


def _page_files(dist: Path) -> dict[str, int]:
    """The inodes of the release's pages and manifest."""
    folder = dist / "nota"
    names = [folder / n for n in ("index.html", "index.en.html", "manifest.json")]
    return {str(p.relative_to(dist)): p.stat().st_ino for p in names}


def test_pages_nothing_changed_in_are_kept_as_they_are(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    options = BuildOptions(output=tmp_path / "dist", formats=TEXT)
    build_releases([load_release(make_release())], options)
    before = _page_files(tmp_path / "dist")
    build_releases([load_release(make_release())], options)
    assert _page_files(tmp_path / "dist") == before  # linked again, not rendered


def test_pages_follow_the_text_the_options_and_the_templates(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    templates = tmp_path / "templates"
    templates.mkdir()
    options = BuildOptions(output=dist, formats=TEXT, templates=templates)
    build_releases([load_release(make_release())], options)
    first = _page_files(dist)
    edited = ES.replace("Segundo párrafo.", "Segundo párrafo, corregido.")
    build_releases([load_release(make_release({"es.md": edited}))], options)
    second = _page_files(dist)
    assert second["nota/manifest.json"] != first["nota/manifest.json"]
    assert second["nota/index.html"] != first["nota/index.html"]
    base = "https://example.org/press/"
    with_base = BuildOptions(output=dist, formats=TEXT, templates=templates, base_url=base)
    build_releases([load_release(make_release({"es.md": edited}))], with_base)
    assert base in (dist / "nota" / "index.html").read_text("utf-8")
    (templates / "base.html").write_text(
        (Path("publisher/templates/base.html").read_text("utf-8")).replace(
            "</body>", "<p>Plantilla propia</p></body>"
        ),
        encoding="utf-8",
    )
    build_releases([load_release(make_release({"es.md": edited}))], with_base)
    assert "Plantilla propia" in (dist / "nota" / "index.html").read_text("utf-8")
    assert "Plantilla propia" in (dist / "index.html").read_text("utf-8")


def _site_files(dist: Path) -> dict[str, int]:
    """The inodes of the site's own files (index pages, feeds)."""
    return {p.name: p.stat().st_ino for p in dist.iterdir() if p.is_file()}


def test_site_pages_nothing_changed_in_are_kept_as_they_are(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    options = BuildOptions(output=dist, formats=("html", "mp3"), base_url="https://example.org/")
    first = build_releases([load_release(make_release())], options)
    before = _site_files(dist)
    assert set(before) == {"index.html", "index.en.html", "podcast.es.rss", "podcast.en.rss"}
    feeds = {name: (dist / name).read_bytes() for name in before if name.endswith(".rss")}
    again = build_releases([load_release(make_release())], options)
    after = _site_files(dist)
    assert {n: after[n] for n in ("index.html", "index.en.html")} == {
        n: before[n] for n in ("index.html", "index.en.html")
    }  # not rendered again
    assert {name: (dist / name).read_bytes() for name in feeds} == feeds  # written, the same
    site = sorted((a.path.name, a.sha256) for a in first.artifacts if a.path.parent == dist)
    assert sorted((a.path.name, a.sha256) for a in again.artifacts if a.path.parent == dist) == site
    (dist / "index.en.html").unlink()
    build_releases([load_release(make_release())], options)
    assert (dist / "index.en.html").is_file()  # a page missing: all of them rendered again
    assert _site_files(dist)["index.html"] != before["index.html"]


def test_the_site_index_follows_the_releases_and_the_options(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    options = BuildOptions(output=dist, formats=("html",))
    build_releases([load_release(make_release())], options)
    edited = ES.replace("title: Título", "title: Título corregido")
    build_releases([load_release(make_release({"es.md": edited}))], options)
    assert "Título corregido" in (dist / "index.html").read_text("utf-8")
    build_releases([load_release(make_release(slug="otra"))], options)
    assert 'href="otra/' in (dist / "index.html").read_text("utf-8")
    before = _site_files(dist)
    with_base = BuildOptions(output=dist, formats=("html",), base_url="https://example.org/")
    build_releases([load_release(make_release(slug="otra"))], with_base)
    assert _site_files(dist)["index.html"] != before["index.html"]
