"""A release long enough to stop in the middle of: half an hour of Spanish speech.

Its paragraphs are drawn from a few dozen distinct sentences, so the narration is long but
synthesis soon runs from the speech cache: within seconds the build encodes, as a long build
does for most of its time. Every paragraph is its own order of sentences, so no two sections
of the narration are the same and none is encoded from the cache.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "gobierno ministerio ciudadanos servicios plataforma región desarrollo comunidad educación "
    "salud transporte agua energía proyecto inversión programa municipio provincia trabajo "
    "empresa familia escuela hospital camino puente mercado informe consejo acuerdo oficina "
    "política sistema acceso seguridad calidad recursos avance proceso objetivo resultado"
)
VERBS = "anunció presentó impulsa fortalece mejora amplía promueve coordina evalúa garantiza"
SENTENCES = 40
PARAGRAPH = 5
"""Sentences per paragraph."""


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS.split()) for _ in range(rng.randint(9, 15))]
    words.insert(2, rng.choice(VERBS.split()))
    return " ".join(words).capitalize() + "."


def write_long_release(folder: Path, words: int = 3000, seed: int = 0) -> Path:
    """Write a Spanish release of about ``words`` words (3000: some 28 minutes spoken)."""
    rng = random.Random(seed)
    bank = [_sentence(rng) for _ in range(SENTENCES)]
    lines = ["---", "title: Informe anual de los servicios", "lang: es-PE", "---", ""]
    count = paragraphs = 0
    while count < words:
        if paragraphs % 8 == 0:
            lines += [f"## Capítulo {paragraphs // 8 + 1}", ""]
        paragraph = " ".join(rng.sample(bank, PARAGRAPH))
        lines += [paragraph, ""]
        count += len(paragraph.split())
        paragraphs += 1
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.yaml").write_text("original: es-PE\n", encoding="utf-8")
    (folder / "es.md").write_text("\n".join(lines), encoding="utf-8")
    return folder
