"""The build a reviewer downloads (mkdocs build --no-directory-urls) works from disk.

Every internal link reaches a file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import ROOT

# Every test here builds the site with MkDocs: `make quick` leaves them out.
pytestmark = pytest.mark.slow

NOT_FROM_DISK = {
    "404.html"
}  # served by the web server for any missing address: its links start at the site's root


class _References(HTMLParser):
    """The href and src values of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, value) for name, value in attrs if name in ("href", "src") and value]


def _references(page: Path) -> list[tuple[str, str]]:
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built as the pull request's artifact is built."""
    site = tmp_path_factory.mktemp("webbplatsen")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--no-directory-urls",
            "--site-dir",
            str(site),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_every_internal_link_reaches_a_file(offline_site: Path) -> None:
    broken, followed = [], 0
    for page in sorted(offline_site.rglob("*.html")):
        if page.relative_to(offline_site).as_posix() in NOT_FROM_DISK:
            continue
        for tag, reference in _references(page):
            parts = urlsplit(reference)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a place on the same page
            target = (page.parent / unquote(parts.path)).resolve()
            followed += 1
            if not target.is_file() or not target.is_relative_to(offline_site.resolve()):
                broken.append(f"{page.relative_to(offline_site)}: <{tag}> {reference}")
    assert followed > 100
    assert broken == []


def test_plan_pages_are_files_with_a_report_link(offline_site: Path) -> None:
    plans = sorted(offline_site.glob("forbund/*/[0-9][0-9][0-9][0-9].html"))
    assert len(plans) >= 4
    for page in plans:
        reports = [ref for tag, ref in _references(page) if "/issues/new?" in ref]
        assert len(reports) == 1, page
        query = parse_qs(urlsplit(reports[0]).query)
        assert query["template"] == ["fel-i-en-plan.yml"]
        assert query["sida"] == [page.relative_to(offline_site).as_posix()]
        assert query["plan"][0].endswith(
            f"(content/{page.relative_to(offline_site).with_suffix('.md').as_posix()})"
        )
        assert "Rapportera ett fel</a>" in page.read_text(encoding="utf-8")
