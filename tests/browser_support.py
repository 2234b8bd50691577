"""Helpers for the browser tests: serve a built site on 127.0.0.1, launch Debian's Chromium, keep
every request on this machine, switch the palette and run axe-core.

Nothing here downloads a browser or loads anything from another server: Chromium is the system's
/usr/bin/chromium, and axe-core is the copy bundled in the axe-playwright-python wheel.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOST = "127.0.0.1"
SCREENSHOTS = Path(__file__).resolve().parent / "output" / "screenshots"

# One page of every kind the site has, by a short name used in test ids and screenshot names.
PAGE_TYPES = {
    "start": "/",
    "forbund-lista": "/forbund/",
    "forbund": "/forbund/varend/",
    "plan": "/forbund/rar-sormland/2023/",
    "dokument": "/forbund/rar-sormland/styrelsemote-2023-04-05/",
    "jamfor": "/jamfor/",
    "jamfor-ar": "/jamfor/2023/",
    "insatser": "/insatser/",
    "redaktorer": "/redaktorer/",
    "uppdatera": "/uppdatera/",
    "felmeddelanden": "/felmeddelanden/",
    "om-webbplatsen": "/om-webbplatsen/",
    "tillganglighet": "/tillganglighet/",
    "data": "/data/",
}

# The WCAG 2.0, 2.1 and 2.2 success criteria on levels A and AA: what lag (2018:1937) requires
# through EN 301 549, and WCAG 2.2 AA, which the accessibility statement claims. axe-core 4.12
# checks one of 2.2's new criteria (2.5.8, target size, tagged wcag22aa); the others that axe
# cannot check (2.4.11, focus not obscured) are checked by tests of their own.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require_chromium() -> None:
    """Skip when Debian's Chromium is not installed; in CI (CI=true) that is a failure instead."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium package (apt-get "
        "install -y chromium)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def require_playwright() -> None:
    """Skip when Playwright or axe-playwright-python is not installed; in CI that is a failure."""
    import importlib.util

    missing = [
        name
        for name in ("playwright", "axe_playwright_python")
        if importlib.util.find_spec(name) is None
    ]
    if not missing:
        return
    message = f"not installed: {', '.join(missing)} (the pinned requirements include them)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site folder quietly.

    With the content types a real host sends for the data files.
    """

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Stay quiet when the browser drops a connection (a page left while a file was loading)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 on a free port in a thread; yield the base URL without a slash."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = _Server((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Guard:
    """Lets requests to the test server through and aborts every other one, remembering it."""

    origin: str
    allowed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def route(self, route) -> None:  # playwright.sync_api.Route
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname == HOST:
            self.allowed.append(url)
            route.continue_()
        elif parts.scheme in ("data", "blob"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def watch(self, request) -> None:  # playwright.sync_api.Request, from every page and worker
        parts = urlsplit(request.url)
        if (
            parts.scheme in ("http", "https", "ws", "wss")
            and parts.hostname != HOST
            and request.url not in self.outside
        ):
            self.outside.append(request.url)


def new_context(browser, guard: Guard, *, width: int = 1280, height: int = 900, dark: bool = False):
    """Return a browser context whose requests all go through the guard."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if dark else "light",
        locale="sv-SE",
        service_workers="block",
    )
    context.route("**/*", guard.route)
    context.on("request", guard.watch)
    context.set_default_timeout(15_000)
    return context


def use_scheme(page, base: str, scheme: str) -> None:
    """Choose a palette with Material's own toggle, as a reader does; the choice is stored in the
    context's localStorage and so holds for every later page in it."""
    page.goto(f"{base}/")
    for _ in range(2):
        if page.locator("body").get_attribute("data-md-color-scheme") == scheme:
            return
        page.locator("label.md-header__button[for^='__palette_']:visible").click()
        page.wait_for_function(
            "scheme => document.body.getAttribute('data-md-color-scheme') === scheme",
            arg=scheme,
            timeout=5_000,
        )
    raise AssertionError(f"the palette toggle did not switch to {scheme!r}")


def axe_violations(axe, page) -> list[dict]:
    """Run axe-core on the page with the WCAG 2.0/2.1/2.2 A and AA rules; return the violations."""
    results = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """Return axe violations as readable text: rule, impact, help, and each element with its fix."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{', '.join(violation['tags'])}]"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:400]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= root.clientWidth + 1) continue;
    // Inside a box that scrolls horizontally is fine: that box is what scrolls.
    let inside = false;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { inside = true; break; }
    }
    if (inside || getComputedStyle(element).position === 'fixed') continue;
    const classes = element.className && typeof element.className === 'string'
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
    const name = element.tagName.toLowerCase() + classes;
    wide.push(`${name} right=${Math.round(box.right)}`);
    if (wide.length > 8) break;
  }
  return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, wide};
}"""

TABLES_SCRIPT = """() => Array.from(document.querySelectorAll('.md-typeset table')).map(table => {
  // The box that scrolls: the site's own table region, or the one Material wraps around a table
  // written in Markdown.
  const box = table.closest('[role=region]') || table.closest('.md-typeset__scrollwrap')
    || table.parentElement;
  const style = getComputedStyle(box);
  const region = box.getBoundingClientRect();
  const rows = Array.from(table.rows).map(row => row.cells.length);
  return {
    caption: (table.caption && table.caption.textContent.trim())
      || table.textContent.trim().slice(0, 40),
    inRegion: box.getAttribute('role') === 'region',
    tabindex: box.getAttribute('tabindex'),
    overflowX: style.overflowX,
    regionRight: region.right,
    clientWidth: box.clientWidth,
    scrollWidth: box.scrollWidth,
    tableWidth: table.scrollWidth,
    hiddenCells: Array.from(table.querySelectorAll('th, td')).filter(cell => {
      const s = getComputedStyle(cell); return s.display === 'none' || s.visibility === 'hidden';
    }).length,
    rows,
  };
})"""

CHARTS_SCRIPT = """() => Array.from(
  document.querySelectorAll('.md-typeset svg[role=img]')
).map(svg => {
  const box = svg.getBoundingClientRect();
  const label = svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby');
  return {width: box.width, right: box.right, label};
})"""
