"""The HTML edition: the whole release as one small web page, the lightest way to read it.

The markup is the EPUB's (:mod:`publisher.render.html`: headings, ``lang`` wherever the language
changes, abbreviations with their expansion), as an HTML document with its stylesheet inlined and
no script, so it opens in any browser, reads in order without the stylesheet, and reflows on a
small phone. The images the text shows are copied next to it, under ``images/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from publisher.bundle.formatting import clip
from publisher.model import Edition, Paragraph, Release, plain_text
from publisher.render.html import HtmlOptions, edition_section, id_prefix
from publisher.render.labels import label
from publisher.resources import inline_stylesheet

if TYPE_CHECKING:
    from publisher.tasks.job import Job, Output

IMAGE_FOLDER = "images/"
"""Where the edition's images go, relative to the page (the EPUB's folder name, too)."""
MEDIA_TYPE = "text/html"


def description(edition: Edition) -> str:
    """What a search result or a shared link says about the edition: its summary, or its lede."""
    if edition.summary:
        return " ".join(edition.summary.split())
    lede = next((b for b in edition.blocks if isinstance(b, Paragraph)), None)
    return " ".join(plain_text(lede.children).split()) if lede else edition.title


def html_edition(release: Release, editions: Sequence[Edition], back: str | None = None) -> str:
    """The HTML document of ``editions`` (one, or several in reading order), as text.

    ``back`` is the address of the download page the edition links to, if any.
    """
    lang = editions[0].lang
    several = len(editions) > 1
    options = HtmlOptions(image_prefix=IMAGE_FOLDER)
    articles = "\n".join(
        edition_section(release, e, options, lang, id_prefix(e, editions)) for e in editions
    )
    title = " / ".join(e.title for e in editions) if several else editions[0].title
    nav = ""
    if back:
        name = escape(label("page_downloads", lang))
        nav = (
            f'<nav aria-label="{name}"><a href="{escape(back)}">'
            f"{escape(label('edition_other_formats', lang))}</a></nav>\n"
        )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta name="description" content="{escape(clip(description(editions[0])))}">\n'
        f"<style>{inline_stylesheet('web.css', 'edition.css')}</style>\n</head>\n<body>\n"
        f"{nav}<main>\n{articles}\n</main>\n</body>\n</html>\n"
    )


def write_html(job: Job) -> list[Output]:
    """The HTML edition of the job's editions, with the images it shows beside it."""
    from publisher.bundle.page import page_names
    from publisher.epub.images import image_resources
    from publisher.tasks.job import Output

    name = f"{job.stem}.html"
    # Pages are named after every edition of the release (outputs of other languages stay
    # when one is rebuilt); the edition links to the page in its first language.
    pages = page_names([e.lang for e in job.release.editions])
    back = pages.get(job.editions[0].lang, "index.html")
    markup = html_edition(job.release, job.editions, back=back)
    job.staging.path(name).write_text(markup, encoding="utf-8")
    for image in image_resources(job.release, job.editions):
        # image_resources names each image by its path in the release folder, under images/.
        target = job.staging.path(image.href.replace("images/", IMAGE_FOLDER, 1))
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image.source, target)
    return [Output(name, "html", MEDIA_TYPE, job.langs)]
