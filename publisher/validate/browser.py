"""Pages in headless Debian Chromium through Playwright: axe-core checks and screenshots.

:func:`browser_session` checks many pages in one browser; :func:`run_axe` and
:func:`screenshot` each start a browser for one page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.validate.base import (
    SETUP_HINT,
    Finding,
    ValidatorMissing,
    chromium_path,
    pinned_tool,
    require_file,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Route

VIEWPORT_HEIGHT = 800
"""Height of the window; screenshots capture the full page regardless."""

DEFAULT_FONT_PX = 16
"""Chromium's default text size, which ``text_zoom`` scales like a reader's font setting."""

DEFAULT_FIXED_FONT_PX = 13
"""Chromium's default monospace text size."""

LAUNCH_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
)
"""Keep the browser from reaching out to the network on its own."""


def axe_script() -> Path:
    """axe-core's browser bundle: ``$PUBLISHER_AXE`` or the pinned copy in tools/ace."""
    return pinned_tool("PUBLISHER_AXE", "node_modules/axe-core/axe.min.js", "axe-core")


def ensure_browser() -> None:
    """Raise ValidatorMissing unless Playwright and Chromium are both here."""
    if find_spec("playwright") is None:
        raise ValidatorMissing(
            f"Playwright not available (Python package playwright not installed): {SETUP_HINT}"
        )
    chromium_path()


def ensure_axe() -> None:
    """Raise ValidatorMissing unless axe checks can run here."""
    ensure_browser()
    axe_script()


class BrowserSession:
    """Pages checked one after another in one offline Chromium, launched on first use.

    Each page gets a fresh browser context (no cookies, storage or cache carried over), so a
    result does not depend on what was loaded before; only the browser's start-up is shared.
    Make one with :func:`browser_session`.
    """

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def axe(self, html: Path, width: int, tags: Sequence[str] | None = None) -> list[Finding]:
        """Check ``html`` with axe-core in a ``width`` px wide window; one finding per element.

        ``tags`` limits the rules (e.g. ``["wcag2a", "wcag2aa"]``); axe's defaults otherwise.
        """
        target = require_file(html)
        ensure_axe()
        options: dict[str, Any] = {"resultTypes": ["violations"]}
        if tags:
            options["runOnly"] = {"type": "tag", "values": list(tags)}
        with self._page(target, width, 1.0) as page:
            page.add_script_tag(path=str(axe_script()))
            results = page.evaluate("options => axe.run(document, options)", options)
        findings: list[Finding] = []
        for violation in results.get("violations", []):
            for node in violation.get("nodes", []):
                selector = " ".join(str(part) for part in node.get("target", []))
                findings.append(
                    Finding(
                        tool="axe",
                        rule=str(violation.get("id", "")),
                        severity=str(node.get("impact") or violation.get("impact") or "unknown"),
                        message=str(violation.get("help", "")),
                        location=f"{html.name} @{width}px {selector}".strip(),
                    )
                )
        return findings

    def screenshot(self, html: Path, width: int, out: Path, text_zoom: float = 1.0) -> Path:
        """Write a full-page PNG of ``html`` at ``width`` px to ``out``.

        ``text_zoom`` scales the browser's default font size, as a reader who enlarges
        text does (2.0 for the 200 % of WCAG 1.4.4); layout width stays ``width``.
        """
        target = require_file(html)
        ensure_browser()
        out.parent.mkdir(parents=True, exist_ok=True)
        with self._page(target, width, text_zoom) as page:
            # A full-page capture resets font sizes set through the browser, so grow the
            # window to the page's height and take an ordinary screenshot instead.
            height = int(page.evaluate("document.documentElement.scrollHeight"))
            page.set_viewport_size({"width": width, "height": max(height, 1)})
            page.screenshot(path=str(out))
        return out

    def content_width(self, html: Path, width: int, text_zoom: float = 1.0) -> int:
        """How wide ``html`` lays out in a ``width`` px window (wider than ``width``: it scrolls).

        ``text_zoom`` scales the default font size as in :meth:`screenshot`.
        """
        target = require_file(html)
        ensure_browser()
        with self._page(target, width, text_zoom) as page:
            return int(page.evaluate("document.documentElement.scrollWidth"))

    def close(self) -> None:
        """Close the browser, if it was launched; the session can launch it again."""
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()

    def _launch(self) -> Browser:
        """The session's browser, launched now if it is not running yet."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            try:
                self._browser = playwright.chromium.launch(
                    executable_path=str(chromium_path()), args=list(LAUNCH_ARGS)
                )
            except BaseException:
                playwright.stop()
                raise
            self._playwright = playwright
        return self._browser

    @contextmanager
    def _page(self, html: Path, width: int, text_zoom: float) -> Iterator[Page]:
        """``html`` loaded in a fresh context of the browser; only file: and data: URLs load."""
        context = self._launch().new_context(
            viewport={"width": width, "height": VIEWPORT_HEIGHT},
            device_scale_factor=1,
            bypass_csp=True,
            service_workers="block",
        )
        try:
            context.route("**/*", _local_only)
            page = context.new_page()
            if text_zoom != 1.0:
                session = context.new_cdp_session(page)
                sizes = {
                    "standard": round(DEFAULT_FONT_PX * text_zoom),
                    "fixed": round(DEFAULT_FIXED_FONT_PX * text_zoom),
                }
                session.send("Page.setFontSizes", {"fontSizes": sizes})
            page.goto(html.as_uri(), wait_until="load")
            yield page
        finally:
            context.close()


@contextmanager
def browser_session() -> Iterator[BrowserSession]:
    """A :class:`BrowserSession`, its browser closed on leaving; nothing starts until a page."""
    session = BrowserSession()
    try:
        yield session
    finally:
        session.close()


def run_axe(html: Path, width: int, tags: Sequence[str] | None = None) -> list[Finding]:
    """:meth:`BrowserSession.axe` in a browser of its own; for several pages, use one session."""
    with browser_session() as session:
        return session.axe(html, width, tags)


def screenshot(html: Path, width: int, out: Path, text_zoom: float = 1.0) -> Path:
    """:meth:`BrowserSession.screenshot` in a browser of its own."""
    with browser_session() as session:
        return session.screenshot(html, width, out, text_zoom)


def _local_only(route: Route) -> None:
    """Let local files through and refuse everything that would touch the network."""
    if route.request.url.startswith(("file:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()
