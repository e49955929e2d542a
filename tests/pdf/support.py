"""Helpers for the PDF tests: a release with every kind of block, builds, and PDF surgery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
from PIL import Image as PILImage

from publisher.model import Edition, Release
from publisher.pdf.structure import Element, read_tree
from publisher.pdf.writer import write_pdf

NAMES = ("es", "en", "bilingual")
"""The three PDFs of a two-language release."""

LONG_ES = " ".join(
    ["Este párrafo es largo para que cruce de una página a la siguiente sin perder su unidad."] * 45
)
LONG_EN = " ".join(
    ["This paragraph is long so that it runs from one page to the next as a single paragraph."] * 45
)

RICH_YAML = """original: es-PE
issuer:
  es: Presidencia del Consejo de Ministros
  en: Presidency of the Council of Ministers
date: 2023-03-15
series: Nota 123
abbreviations:
  es:
    PCM: Presidencia del Consejo de Ministros
  en:
    PCM: Presidency of the Council of Ministers
"""

RICH_ES = f"""---
title: "Prueba de estructura: ñandú y pingüino"
lang: es-PE
summary: Un resumen breve de la nota.
---

## Sección con *énfasis* {{#seccion}}

Dijo [Allin p'unchaw, ch'aska, k'anchay, q'umir, t'ika, ñuqa]{{lang=qu}} ante la PCM,
y luego [good morning]{{lang=en}} en inglés.

> Una cita con **fuerza**, un [anexo](anexo.txt) y [la sección](#seccion).

- Primer elemento
- Segundo elemento con [un enlace](https://www.gob.pe)

### Subsección

| Región | Localidades |
|---|---|
| Ucayali | 14 |

![Un rectángulo azul](logo.png)

{LONG_ES}
"""

RICH_EN = f"""---
title: "Structure test: rhea and penguin"
lang: en
summary: A short summary of the release.
---

## Section with *emphasis* {{#section}}

He said [Allin p'unchaw, ch'aska, k'anchay, q'umir, t'ika, ñuqa]{{lang=qu}} to the PCM,
and then [buenos días]{{lang=es-PE}} in Spanish.

> A quote with **strength**, an [annex](anexo.txt) and [the section](#section).

- First item
- Second item with [a link](https://www.gob.pe)

### Subsection

| Region | Localities |
|---|---|
| Ucayali | 14 |

![A blue rectangle](logo.png)

{LONG_EN}
"""


def write_rich_release(folder: Path) -> Path:
    """A two-language release with issuer, date, summary, every block kind and a long paragraph."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.yaml").write_text(RICH_YAML, encoding="utf-8")
    (folder / "es.md").write_text(RICH_ES, encoding="utf-8")
    (folder / "en.md").write_text(RICH_EN, encoding="utf-8")
    PILImage.new("RGB", (40, 20), (20, 60, 120)).save(folder / "logo.png")
    (folder / "anexo.txt").write_text("Anexo\n", encoding="utf-8")
    return folder


def editions(release: Release, name: str) -> list[Edition]:
    """The editions of one of the PDFs in ``NAMES``."""
    return list(release.editions) if name == "bilingual" else [release.edition(name)]


def build_all(release: Release, out: Path) -> dict[str, Path]:
    """Write the es, en and bilingual PDFs of ``release`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in NAMES:
        paths[name] = out / f"{release.slug}.{name}.pdf"
        write_pdf(release, editions(release, name), paths[name])
    return paths


def tree_of(pdf: pikepdf.Pdf) -> Element:
    """The structure tree, which every PDF here has."""
    tree = read_tree(pdf)
    assert tree is not None
    return tree


def altered(source: Path, target: Path, change: Callable[[pikepdf.Pdf], None]) -> Path:
    """A copy of ``source`` with ``change`` applied, saved at ``target``."""
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target
