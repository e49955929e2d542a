"""Editions -> tagged PDF (PDF/UA-1) with WeasyPrint, reading nothing outside the release."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from weasyprint import CSS, HTML

from publisher.errors import SourceError
from publisher.fetch import ResourceRefused, RestrictedFetcher
from publisher.model import Edition, Release
from publisher.render.html import HtmlOptions, document
from publisher.resources import styles_dir, stylesheet


def write_pdf(release: Release, editions: Sequence[Edition], target: Path) -> None:
    """Render ``editions`` of ``release`` (one, or all for the bilingual edition) to ``target``."""
    fetcher = RestrictedFetcher([release.root, styles_dir()])
    markup = document(release, editions, HtmlOptions())
    try:
        html = HTML(string=markup, base_url=f"{release.root}/", url_fetcher=fetcher)
        css = CSS(filename=str(stylesheet("print.css")), url_fetcher=fetcher)
        html.write_pdf(target, stylesheets=[css], pdf_variant="pdf/ua-1")
    except Exception as error:
        if fetcher.refused:
            raise SourceError(release.root, f"refused to read {fetcher.refused[0]}") from None
        if isinstance(error, ResourceRefused):
            raise SourceError(release.root, str(error)) from None
        raise
