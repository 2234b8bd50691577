"""The build's speed-ups change nothing a reader or the search sees.

The shared navigation and header renderings (overrides/partials/nav.html, header.html) give
byte-identical pages, and the light view the search indexes keeps every heading and word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import copy_project, run_build

from finsam.site.search import indexable
from finsam.site.theme import NavCache, PartialCache

CACHING_OVERRIDES = ("overrides/partials/nav.html", "overrides/partials/header.html")


def test_pages_outside_the_nav_share_a_rendering_per_place() -> None:
    cache = NavCache(["", "forbund/", "forbund/varend/", "jamfor/", "jamfor/2023/"])
    assert cache.key("forbund/varend/") is None  # in the nav: its item is active, never shared
    assert cache.key("forbund/varend/2022/") == cache.key("forbund/varend/2023/")
    assert cache.key("forbund/varend/2022/") != cache.key("forbund/rar-sormland/2021/")  # links to forbund/varend/ differ
    assert cache.key("forbund/varend/2022/") != cache.key("om/sidan/djupare/")


def test_a_kept_partial_is_given_back_and_an_unkeyed_one_is_not_kept() -> None:
    cache = PartialCache()
    assert cache.keep(("a",), "<nav>a</nav>") == "<nav>a</nav>"
    assert ("a",) in cache and cache[("a",)] == "<nav>a</nav>"
    cache.keep(None, "<nav>b</nav>")
    assert None not in cache


def test_the_shared_renderings_give_the_same_site_as_material_alone(tmp_path: Path) -> None:
    shared = run_build(copy_project(tmp_path / "shared", {}), tmp_path / "shared-site")
    plain_project = copy_project(tmp_path / "plain", {})
    for override in CACHING_OVERRIDES:
        (plain_project / override).unlink()
    plain = run_build(plain_project, tmp_path / "plain-site")
    assert shared.returncode == plain.returncode == 0, shared.log + plain.log
    files = sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert len(files) > 20
    for path in files:
        assert (shared.site / path).read_bytes() == (plain.site / path).read_bytes(), path


PAGE = """<article><h1 id="plan">Plan 2023<a class="headerlink" href="#plan" title="Länk">&para;</a></h1>
<dl class="finsam-facts"><dt>Förbund</dt><dd><a href="../">Värend</a></dd></dl>
<h2 id="budget-2023">Budget 2023</h2>
<div class="finsam-budget" role="region"><table><caption>Budget 2023, tkr</caption>
<tr><th scope="row">Kansli</th><td>Administration</td><td class="finsam-num"><span>2&nbsp;800</span></td></tr>
<tr><th scope="row">– SIKTA</th><td>Insats</td><td>Region Sörmland</td><td>3&nbsp;107</td></tr></table></div>
<figure><svg role="img"><title>Diagram</title><text>9 999</text></svg><figcaption>Kostnader per år</figcaption></figure>
<p>Text med <strong>fet</strong> stil och <code>kod</code>.</p><ul><li>en punkt</li></ul></article>"""


def _words(html: str) -> list[str]:
    return re.findall(r"\w+", re.sub(r"<[^>]*>", " ", html))


def test_the_search_view_keeps_headings_ids_and_words_but_few_tags() -> None:
    view = indexable(PAGE)
    assert '<h1 id="plan">Plan 2023</h1>' in view and '<h2 id="budget-2023">Budget 2023</h2>' in view
    for word in ("Kansli", "Administration", "SIKTA", "Sörmland", "Kostnader", "fet", "kod", "punkt"):
        assert word in _words(view)
    assert "SIKTA Insats Region" in " ".join(_words(view))  # cells stay separate words
    assert "9" not in _words(view) and "<svg" not in view  # chart drawings are not indexed; their captions are
    assert not re.search(r"<(?:table|tr|td|th|span|a|strong|caption)\b", view)
    assert "<p>" in view and "<code>" in view and "<li>" in view and '<div class="finsam-budget"' in view


def test_a_page_that_excludes_a_part_from_search_is_indexed_whole() -> None:
    page = PAGE.replace("<dl ", "<dl data-search-exclude ")
    assert indexable(page) == page


def test_the_built_search_index_finds_table_words_as_separate_words(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project", {}), tmp_path / "site")
    assert build.returncode == 0, build.log
    docs = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    budget = next(d for d in docs if d["location"] == "forbund/rar-sormland/2023/#budget-2023")
    assert "SIKTA" in budget["text"].split() and "Samverkansinsatser" in budget["text"].split()
    assert "<table" not in budget["text"]
