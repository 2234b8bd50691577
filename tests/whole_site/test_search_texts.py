"""Search results show every text as the page shows it.

Typed entities, markup look-alikes and ampersands.

A plan whose labels, owner and text hold "&lt;b&gt;", "<i>", "&", "&amp;" and quotes is built into a
copy of the site, served on 127.0.0.1 and searched in Debian's Chromium as a reader searches: the
title, the heading and the excerpt of each result must read exactly as the same words on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    LAUNCH_ARGS,
    Guard,
    new_context,
    require_chromium,
    require_playwright,
    serve,
)
from conftest import copy_project, run_build

from finsam.site import search

# Each reads differently once decoded twice: "&lt;b&gt;" as "<b>", "&amp;" as "&".
# Chromium through Playwright: `make quick` leaves these out.
pytestmark = pytest.mark.browser

TYPED = ("&lt;b&gt;", "<i>", "A & B", "&amp;", "x > y < z")
PLAN = """---
forbund: varend
year: 2024
source: Testplan
unit: kr
budget:
  2024:
    income:
      - {{label: Medlemsavgifter, category: members, amount: 100}}
    costs:
      - {{label: {label}, category: administration, amount: 100}}
---
## Zebrafink {heading}

Stycket om zebrafinken: {text}.
"""
LABEL = "Koltrast " + " ".join(TYPED)


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    require_playwright()
    folder = tmp_path_factory.mktemp("search-texts")
    heading = "&amp;lt;i&amp;gt; och A &amp; B"  # Markdown: the page shows "&lt;i&gt; och A & B"
    text = (
        "&amp;lt;b&amp;gt;, &amp;amp; och A &amp; B"  # the page shows "&lt;b&gt;, &amp; och A & B"
    )
    project = copy_project(
        folder / "project",
        {"forbund/varend/2024.md": PLAN.format(label=_yaml(LABEL), heading=heading, text=text)},
    )
    build = run_build(project, folder / "site")
    assert build.returncode == 0, build.log
    return build.site


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_index_reads_each_ampersand_as_its_full_width_stand_in() -> None:
    page = search.document("<p>A &amp; B &#38; C &lt;b&gt; &amp;lt;</p>", "T &amp; U", "sv")
    assert "&amp;" not in page and "&#38;" not in page
    assert (
        f"A {search.AMPERSAND} B {search.AMPERSAND} C &lt;b&gt; {search.AMPERSAND}lt;" in page
        and f"T {search.AMPERSAND} U" in page
    )


def test_results_show_texts_as_the_page_shows_them(site: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = new_context(browser, Guard(base)).new_page()
            page.goto(f"{base}/forbund/varend/2024/")
            shown = _flat(page.locator("article").inner_text())
            assert (
                LABEL in shown
                and "&lt;i&gt; och A & B" in shown
                and "&lt;b&gt;, &amp; och A & B" in shown
            ), shown
            page.keyboard.press("/")
            found = {}
            for query in ("koltrast", "zebrafinken"):
                page.locator("input.md-search__input").fill(query)
                expect(page.locator(".md-search-result__meta")).to_have_text(
                    re.compile(r"^[\d\s]+ sökresultat")
                )
                results = page.locator(".md-search-result__list a.md-search-result__link")
                expect(results.first).to_be_visible()
                found[query] = " ".join(
                    _flat(t) for t in results.evaluate_all("links => links.map(a => a.innerText)")
                )
            assert LABEL in found["koltrast"], found  # the label, in the budget table's excerpt
            assert "Zebrafink &lt;i&gt; och A & B" in found["zebrafinken"], (
                found
            )  # the heading where the word is
            assert "zebrafinken: &lt;b&gt;, &amp; och A & B" in found["zebrafinken"], (
                found
            )  # the paragraph's excerpt
            assert "<b>" not in " ".join(found.values()), found  # nothing decoded twice
        finally:
            browser.close()
