"""The build's speed-ups change nothing a reader or the search sees.

The shared navigation and header renderings (overrides/partials/nav.html, header.html) give
byte-identical pages, and the search index (Pagefind, finsam.site.search) is made from the
pages' articles with the förbund and year of each page.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_project, run_build

from finsam.site import search
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
    (plain_project / "overrides/partials/header.html").write_text('{% include "partials/material-header.html" %}')  # the header, not kept
    plain = run_build(plain_project, tmp_path / "plain-site")
    assert shared.returncode == plain.returncode == 0, shared.log + plain.log
    files = sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert len(files) > 20
    for path in files:
        assert (shared.site / path).read_bytes() == (plain.site / path).read_bytes(), path


def test_the_indexer_reads_the_articles_without_drawings_headings_of_columns_or_numbers(tmp_path: Path) -> None:
    command = search.command(str(tmp_path))
    assert command[command.index("--site") + 1] == str(tmp_path)
    assert command[command.index("--root-selector") + 1] == "article"
    excluded = [command[i + 1] for i, part in enumerate(command) if part == "--exclude-selectors"]
    assert excluded == [".headerlink", "svg", "thead", ".finsam-num"]
    assert command[command.index("--output-path") + 1] != str(tmp_path / search.FOLDER)  # made beside, then put in place


def test_the_built_site_has_a_swedish_search_index_and_pages_say_their_forbund_and_year(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project", {}), tmp_path / "site")
    assert build.returncode == 0, build.log
    index = build.site / search.FOLDER
    assert (index / "pagefind.js").is_file() and list(index.glob("pagefind.sv_*.pf_meta")), sorted(p.name for p in index.iterdir())
    assert not (build.site / "search").exists() and not (build.site / f"{search.FOLDER}.part").exists()
    plan = (build.site / "forbund/rar-sormland/2023/index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in plan
    assert 'data-pagefind-meta="forbund[data-value]" data-value="Samordningsförbundet RAR i Sörmland"' in plan
    assert 'data-pagefind-meta="year[data-value]" data-value="2023"' in plan


def test_a_failed_indexer_leaves_the_previous_index_and_says_why(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / search.FOLDER).mkdir()
    (tmp_path / search.FOLDER / "kept").write_text("x")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    search.start(str(tmp_path))
    try:
        search.wait(str(tmp_path))
    except search.IndexingFailed as error:
        assert "Pagefind" in str(error)
    else:
        raise AssertionError("a failed indexer was not reported")
    assert (tmp_path / search.FOLDER / "kept").exists()
