"""`make serve` with broken content: it starts, every page shows the errors until they are mended.

As the development servers of Hugo and Vite do. A real `mkdocs serve --dirty` (what `make serve`
runs) on a copy of the project, asked over HTTP and in Debian's Chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    LAUNCH_ARGS,
    Guard,
    axe_violations,
    describe_violations,
    new_context,
    require_chromium,
    require_playwright,
)
from conftest import copy_project

PLAN = "forbund/varend/2022.md"
BROKEN_LINE = ("forbund: varend", "forbund varend")  # a key without its colon
WRONG_YEAR = ("year: 2023", "year: 2o23")
OTHER_PLAN = "forbund/rar-sormland/2023.md"
PROBLEM_HEADING = "Webbplatsen kan inte visas: innehållet har fel"
WAIT_SECONDS = 60


class Server:
    """`mkdocs serve --dirty` on a project folder, in its own process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "serve.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "serve",
                    "--dirty",
                    "-a",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )

    def get(self, path: str) -> str:
        """Return the text the server gives for a path."""
        with urllib.request.urlopen(self.base + path, timeout=30) as response:  # noqa: S310 - our own server
            return response.read().decode("utf-8")

    def until(self, path: str, wanted: str) -> str:
        """Return the page at path once it holds the wanted text (a rebuild may be under way)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            assert self.process.poll() is None, self.log()
            try:
                text = self.get(path)
            except OSError:
                text = ""
            if wanted in text:
                return text
            assert time.monotonic() < deadline, f"{path} never showed {wanted!r}:\n{self.log()}"
            time.sleep(0.2)

    def edit(self, uri: str, old: str, new: str) -> None:
        """Save a content file with one text replaced, as an editor would."""
        path = self.folder / "content" / uri
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def log(self) -> str:
        """Return what the server printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture()
def broken(tmp_path: Path) -> Iterator[Server]:
    """A preview started on content with an error in one plan."""
    folder = copy_project(tmp_path / "project", {})
    plan = folder / "content" / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace(*BROKEN_LINE, 1), encoding="utf-8")
    server = Server(folder)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_serve_starts_with_broken_content_and_shows_the_errors_on_every_page(
    broken: Server,
) -> None:
    page = broken.until("/", PROBLEM_HEADING)
    assert "content/forbund/varend/2022.md, rad 3" in page
    assert "Gör så här" in page
    assert "/livereload/" in page  # the browser reloads when the next build is done
    for path in ("/jamfor/2023/", "/forbund/varend/2022/", "/finns-inte/", "/sitemap.html"):
        assert PROBLEM_HEADING in broken.get(path)
    log = broken.log()
    assert "rad 3" in log and "i webbläsaren i stället för webbplatsen" in log
    assert "Aborted" not in log and "Traceback" not in log
    assert "Bygger webbplatsen …" in log and "Webbplatsen visas på http://127.0.0.1:" in log
    assert "Building documentation" not in log and "Serving on" not in log

    broken.edit(PLAN, BROKEN_LINE[1], BROKEN_LINE[0])  # mended: the site again
    broken.until("/", "Samordningsförbundet Värend")
    assert PROBLEM_HEADING not in broken.get("/jamfor/2023/")

    broken.edit(OTHER_PLAN, *WRONG_YEAR)  # a save that breaks another file
    page = broken.until("/forbund/varend/2022/", PROBLEM_HEADING)
    assert "content/forbund/rar-sormland/2023.md, rad 4: fältet year" in page
    assert "2o23" in page
    broken.edit(OTHER_PLAN, *reversed(WRONG_YEAR))
    broken.until("/forbund/rar-sormland/2023/", "Verksamhetsplan och budget 2023")
    assert broken.process.poll() is None
    log = broken.log()
    assert "] En eller flera filer har ändrats" in log and "] Sidan laddas om i webbläsaren" in log


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        ("Building documentation...", "Bygger webbplatsen …"),
        ("Building documentation to directory: /tmp/a b", "Bygger webbplatsen i mappen /tmp/a b"),
        ("Cleaning site directory", "Tömmer mappen för den byggda webbplatsen"),
        ("Documentation built in 12.05 seconds", "Webbplatsen byggdes på 12,05 sekunder"),
        (
            "[01:02:03] Watching paths for changes: 'content', 'mkdocs.yml'",
            "[01:02:03] Bevakar ändringar i 'content', 'mkdocs.yml'",
        ),
        (
            "[01:02:03] Serving on http://127.0.0.1:8000/ and opening it in a browser",
            "[01:02:03] Webbplatsen visas på http://127.0.0.1:8000/ (öppnas i webbläsaren)",
        ),
        (
            "[01:02:03] Serving on http://127.0.0.1:8000/",
            "[01:02:03] Webbplatsen visas på http://127.0.0.1:8000/",
        ),
        ("[01:02:03] Detected file changes", "[01:02:03] En eller flera filer har ändrats"),
        ("[01:02:03] Reloading browsers", "[01:02:03] Sidan laddas om i webbläsaren"),
        ("[01:02:03] Browser connected: http://x/", "[01:02:03] En webbläsare visar http://x/"),
        ("Shutting down...", "Stänger av …"),
        (
            "Documentation built in fast time",
            "Documentation built in fast time",
        ),  # unknown: as it is
    ],
)
def test_mkdocs_own_lines_are_swedish(english: str, swedish: str) -> None:
    import mkdocs_compat

    assert mkdocs_compat._swedish(english) == swedish


@pytest.mark.browser
def test_the_browser_shows_the_errors_and_the_site_again_without_reloading_by_hand(
    broken: Server,
) -> None:
    require_chromium()
    require_playwright()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    broken.until("/", PROBLEM_HEADING)
    guard = Guard(broken.base)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = new_context(browser, guard, width=360, height=740).new_page()
            page.goto(f"{broken.base}/forbund/varend/")
            heading = page.get_by_role("heading", level=1)
            assert heading.inner_text() == PROBLEM_HEADING
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            violations = axe_violations(Axe(), page)
            assert not violations, describe_violations(violations)
            broken.edit(PLAN, BROKEN_LINE[1], BROKEN_LINE[0])
            page.get_by_role("heading", name="Samordningsförbundet Värend", level=1).wait_for(
                timeout=WAIT_SECONDS * 1000
            )
        finally:
            browser.close()
    assert guard.outside == []
