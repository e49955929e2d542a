"""Write a press office's archive: N release folders made from the seed release and its variations.

    python scripts/make_archive.py OUT [-n 200] [--seed 0] [--from source/<slug>]

Deterministic: the same N, seed and seed release give byte-identical folders. Release i draws its
variations from ``random.Random`` seeded with (seed, i) alone, so the first releases of a larger
archive are the releases of a smaller one. Each release has:

- a slug of its own (city, topic, year, number) and a title with a topic before the seed's;
- a date between 2014 and 2025, a press-office identifier, and sometimes an issuer and a series;
- a dateline paragraph first ("Cusco, 12 de marzo de 2019."), so no two releases start alike;
- the seed's paragraphs, some dropped, some duplicated, sometimes shuffled (the same choices in
  every language, so translations still follow the original block by block), and the seed's
  figures scaled (years become the release's year);
- either the original alone (about 3 in 10) or the original and its translations;
- in about 1 in 4, an extra paragraph with a greeting in Quechua (``[...]{lang=qu}``).

OUT must not exist or be empty; the archive is written beside it and moved into place whole.
Exit codes: 0 written, 2 bad input (the seed release or OUT).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date

ROOT = Path(__file__).resolve().parent.parent

CITIES = ("lima", "cusco", "arequipa", "trujillo", "piura", "iquitos", "puno", "ayacucho")
TOPICS = (
    ("gobierno-digital", "Gobierno digital", "Digital government"),
    ("conectividad", "Conectividad", "Connectivity"),
    ("cooperacion", "Cooperación internacional", "International cooperation"),
    ("seguridad-digital", "Seguridad digital", "Digital security"),
    ("servicios", "Servicios al ciudadano", "Services for citizens"),
)
ISSUER = {
    "es": "Presidencia del Consejo de Ministros",
    "en": "Presidency of the Council of Ministers",
}
QUECHUA = {
    "es": "[Allin p'unchaw, llaqtamasikuna]{lang=qu}, saludó el ministro al abrir la ceremonia.",
    "en": "[Allin p'unchaw, llaqtamasikuna]{lang=qu}, the minister greeted as the ceremony opened.",
}
NUMBER = re.compile(r"(?<![\w-])(\d{1,3}(?:,\d{3})+|\d+)(?!\w)")
FIRST_DAY, DAYS = dt.date(2014, 1, 1), 12 * 365


class ArchiveError(Exception):
    """Bad input: the message names the file or folder and what is wrong."""


@dataclass(frozen=True)
class Edition:
    """One edition of the seed: its file name, front matter and paragraphs (Markdown blocks)."""

    name: str
    front: dict[str, Any]
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class Seed:
    """The seed release: release.yaml's mapping, the original edition, then the translations."""

    meta: dict[str, Any]
    editions: tuple[Edition, ...]


def read_edition(path: Path) -> Edition:
    """An edition file split into its YAML front matter and its blocks."""
    text = path.read_text(encoding="utf-8")
    parts = text.split("---\n", 2)
    if len(parts) != 3 or parts[0]:
        raise ArchiveError(f"{path}: the edition does not start with '---' front matter")
    front = yaml.safe_load(parts[1])
    if not isinstance(front, dict) or "title" not in front or "lang" not in front:
        raise ArchiveError(f"{path}: the front matter needs title: and lang:")
    blocks = tuple(b.strip() for b in parts[2].split("\n\n") if b.strip())
    if not blocks:
        raise ArchiveError(f"{path}: the edition has no text")
    return Edition(path.name, front, blocks)


def read_seed(folder: Path) -> Seed:
    """The seed release in ``folder`` (release.yaml and one Markdown file per language)."""
    meta_path = folder / "release.yaml"
    if not meta_path.is_file():
        raise ArchiveError(f"{folder}: not a release folder (no release.yaml)")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or not isinstance(meta.get("original"), str):
        raise ArchiveError(f"{meta_path}: needs original: <language tag>")
    original = meta["original"].split("-")[0].lower() + ".md"
    files = sorted(folder.glob("*.md"), key=lambda p: (p.name != original, p.name))
    if not files or files[0].name != original:
        raise ArchiveError(f"{folder}: no {original} for the original {meta['original']}")
    editions = tuple(read_edition(path) for path in files)
    if len({len(e.blocks) for e in editions}) != 1:
        raise ArchiveError(f"{folder}: the editions do not have the same number of blocks")
    return Seed(meta, editions)


def default_seed() -> Path:
    """The first release folder in the repository's source/."""
    found = sorted(p for p in (ROOT / "source").iterdir() if (p / "release.yaml").is_file())
    if not found:
        raise ArchiveError(f"{ROOT / 'source'}: no release folder to start from")
    return found[0]


def block_order(rng: random.Random, count: int) -> list[int]:
    """Indices of the seed's blocks for one release: some dropped, some doubled, maybe shuffled."""
    order = list(range(count))
    for _ in range(rng.randint(0, max(0, count - 3) // 2)):
        order.pop(rng.randrange(len(order)))
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(len(order))
            order.insert(at + 1, order[at])
    if rng.random() < 0.4:
        rng.shuffle(order)
    return order


def figures(rng: random.Random, texts: list[str], year: int) -> dict[str, str]:
    """New figures for the seed's: years become ``year``, amounts of 10 or more are scaled."""
    mapping: dict[str, str] = {}
    for token in sorted({m.group(1) for text in texts for m in NUMBER.finditer(text)}):
        value = int(token.replace(",", ""))
        if 1900 <= value <= 2100 and "," not in token:
            mapping[token] = str(year)
        elif value >= 10:
            new = max(10, round(value * rng.uniform(0.5, 3.0)))
            mapping[token] = f"{new:,}" if "," in token else str(new)
    return mapping


def dateline(lang: str, city: str, date: dt.date) -> str:
    """The dateline paragraph in ``lang`` (Spanish wording unless it is English)."""
    pattern, locale = ("MMMM d, y", "en") if lang == "en" else ("d 'de' MMMM 'de' y", "es")
    return f"{city}, {format_date(date, pattern, locale=locale)}."


def edition_text(front: dict[str, Any], blocks: list[str]) -> str:
    """An edition file: YAML front matter, then the blocks one blank line apart."""
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + head + "---\n\n" + "\n\n".join(blocks) + "\n"


def make_release(seed: Seed, seed_number: int, index: int) -> tuple[str, dict[str, str]]:
    """The slug and files (name -> text) of release ``index`` of the archive."""
    rng = random.Random(seed_number * 1_000_003 + index)
    city = rng.choice(CITIES)
    topic_slug, topic_es, topic_en = rng.choice(TOPICS)
    date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    slug = f"{city}-{topic_slug}-{date.year}-{index + 1:04d}"
    count = 1 if rng.random() < 0.3 else len(seed.editions)
    editions = seed.editions[:count]
    order = block_order(rng, len(editions[0].blocks))
    quechua_at = rng.randrange(len(order) + 1) if rng.random() < 0.25 else None
    mapping = figures(rng, [b for e in editions for b in e.blocks], date.year)

    def scaled(text: str) -> str:
        return NUMBER.sub(lambda m: mapping.get(m.group(1), m.group(1)), text)

    files: dict[str, str] = {}
    langs: list[str] = []
    for edition in editions:
        lang = str(edition.front["lang"]).split("-")[0].lower()
        langs.append(lang)
        blocks = [scaled(edition.blocks[i]) for i in order]
        if quechua_at is not None:
            blocks.insert(quechua_at, QUECHUA.get(lang, QUECHUA["es"]))
        blocks.insert(0, dateline(lang, city.capitalize(), date))
        topic = topic_en if lang == "en" else topic_es
        title = f"{topic}: {scaled(str(edition.front['title']))}"
        files[edition.name] = edition_text({**edition.front, "title": title}, blocks)

    meta: dict[str, Any] = {"original": seed.meta["original"]}
    if rng.random() < 0.5:
        meta["issuer"] = {lang: ISSUER.get(lang, ISSUER["es"]) for lang in langs}
    meta["date"] = date
    if rng.random() < 0.5:
        meta["series"] = "Notas de prensa"
    meta["identifiers"] = {"press-office": f"NP-{date.year}-{index + 1:04d}"}
    abbreviations = seed.meta.get("abbreviations")
    if isinstance(abbreviations, dict):
        meta["abbreviations"] = {k: v for k, v in abbreviations.items() if k in langs}
    files["release.yaml"] = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return slug, files


def write_archive(out: Path, count: int, seed_number: int, seed_folder: Path) -> int:
    """Write ``count`` releases into ``out`` (absent or empty), whole or not at all."""
    seed = read_seed(seed_folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ArchiveError(f"{out}: exists and is not an empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for index in range(count):
            slug, files = make_release(seed, seed_number, index)
            folder = scratch / slug
            folder.mkdir()
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8", newline="\n")
        scratch.chmod(0o755)
        if out.exists():
            out.rmdir()
        scratch.replace(out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: write the archive, print one line, exit 0 (2 on bad input)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write (absent or empty)")
    parser.add_argument("-n", "--count", type=int, default=200, help="releases (default: 200)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--from",
        dest="seed_folder",
        type=Path,
        help="the release to vary (default: the first in source/)",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("-n/--count must be at least 1")
    try:
        folder = args.seed_folder or default_seed()
        written = write_archive(args.out, args.count, args.seed, folder)
    except (ArchiveError, OSError, yaml.YAMLError) as exc:
        print(f"make_archive: {exc}", file=sys.stderr)
        return 2
    print(f"make_archive: {written} releases in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
