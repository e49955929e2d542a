"""The one path-safety rule: images resolved once into the model, links checked by the same rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.model import Figure, walk_images
from publisher.sources import load_release
from tests.conftest import MakeRelease

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
FIGURE = "---\ntitle: Título\nlang: es-PE\n---\n\n![Un logotipo]({src})\n"
FIGURE_EN = "---\ntitle: Title\nlang: en\n---\n\n![A logo]({src})\n"


def _release(make_release: MakeRelease, src: str, files: dict[str, str | bytes | None]) -> Path:
    return make_release(
        {"es.md": FIGURE.format(src=src), "en.md": FIGURE_EN.format(src=src), **files}
    )


def test_an_image_is_resolved_once_into_the_model(make_release: MakeRelease) -> None:
    folder = _release(make_release, "img/logo%20azul.png", {"img/logo azul.png": PNG})
    release = load_release(folder)
    figure = release.original.blocks[0]
    assert isinstance(figure, Figure)
    assert figure.path == (folder / "img" / "logo azul.png").resolve()
    assert all(i.path == figure.path for e in release.editions for i in walk_images(e.blocks))


@pytest.mark.parametrize(
    ("src", "files", "message"),
    [
        ("../outside.png", {}, "leads outside the release folder"),
        ("https://example.org/logo.png", {}, "is on the web"),
        ("file:///etc/hostname", {}, "'file' addresses are not allowed"),
        ("/etc/hostname", {}, "starts with '/': name the image from the release folder"),
        ("missing.png", {}, "does not exist"),
        ("logo.png", {"logo.png": b"GIF89a not a png"}, "is not a PNG file, as its name says"),
        ("sub", {"sub/x.png": PNG}, "does not exist (or is not a file)"),
    ],
)
def test_an_unsafe_image_is_refused_with_file_and_line(
    make_release: MakeRelease, src: str, files: dict[str, str | bytes | None], message: str
) -> None:
    (Path(make_release().parent) / "outside.png").write_bytes(PNG)
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        load_release(_release(make_release, src, files))
    assert caught.value.path.name == "en.md"  # the first file read, in name order
    assert caught.value.line == 6


def test_an_image_link_leading_outside_is_refused(
    make_release: MakeRelease, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    folder = _release(make_release, "logo.png", {})
    (folder / "logo.png").symlink_to(outside)
    with pytest.raises(SourceError, match="leads outside the release folder"):
        load_release(folder)


def test_local_links_follow_the_same_rule(make_release: MakeRelease) -> None:
    es = "---\ntitle: T\nlang: es-PE\n---\n\nVer [el anexo](../otro/anexo.pdf).\n"
    with pytest.raises(SourceError, match=r"link '\.\./otro/anexo\.pdf' leads outside"):
        load_release(make_release({"es.md": es, "en.md": None}))
