"""The build's speed-ups change nothing a reader or the search sees.

The shared navigation and header renderings (overrides/partials/nav.html, header.html) give
byte-identical pages, and the search index (Pagefind, finsam.site.search) is made from the
pages' articles with the förbund and year of each page.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

from finsam.background import Jobs
from finsam.site import search
from finsam.site.theme import NavCache, PartialCache

CACHING_OVERRIDES = ("overrides/partials/nav.html", "overrides/partials/header.html")


def test_pages_outside_the_nav_share_a_rendering_per_place() -> None:
    cache = NavCache(["", "forbund/", "forbund/varend/", "jamfor/", "jamfor/2023/"])
    assert cache.key("forbund/varend/") is None  # in the nav: its item is active, never shared
    assert cache.key("forbund/varend/2022/") == cache.key("forbund/varend/2023/")
    assert cache.key("forbund/varend/2022/") != cache.key(
        "forbund/rar-sormland/2021/"
    )  # links to forbund/varend/ differ
    assert cache.key("forbund/varend/2022/") != cache.key("om/sidan/djupare/")


def test_a_kept_partial_is_given_back_and_an_unkeyed_one_is_not_kept() -> None:
    cache = PartialCache()
    assert cache.keep(("a",), "<nav>a</nav>") == "<nav>a</nav>"
    assert ("a",) in cache and cache[("a",)] == "<nav>a</nav>"
    cache.keep(None, "<nav>b</nav>")
    assert None not in cache


@pytest.mark.slow
def test_the_shared_renderings_give_the_same_site_as_material_alone(tmp_path: Path) -> None:
    shared = run_build(copy_project(tmp_path / "shared", {}), tmp_path / "shared-site")
    plain_project = copy_project(tmp_path / "plain", {})
    for override in CACHING_OVERRIDES:
        (plain_project / override).unlink()
    (plain_project / "overrides/partials/header.html").write_text(
        '{% include "partials/material-header.html" %}'
    )  # the header, not kept
    plain = run_build(plain_project, tmp_path / "plain-site")
    assert shared.returncode == plain.returncode == 0, shared.log + plain.log
    files = sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert len(files) > 20
    for path in files:
        assert (shared.site / path).read_bytes() == (plain.site / path).read_bytes(), path


def test_the_indexer_reads_the_articles_without_drawings_headings_of_columns_or_numbers() -> None:
    assert search.settings() == {
        "root_selector": "article",
        "exclude_selectors": [".headerlink", "svg", "thead", ".finsam-num", ".finsam-insatser"],
    }


def test_a_page_is_indexed_as_its_article_with_the_title_heading_material_would_print() -> None:
    untitled = search.document(
        "<p>Text</p>", "Om &lt;oss&gt;", "sv", "Förbundet &quot;A&quot;", "2023"
    )
    assert untitled.startswith('<!doctype html><html lang="sv"><body><article>')
    assert (
        '<span data-pagefind-meta="forbund[data-value]" data-value="Förbundet '
        '&quot;A&quot;"></span>'
    ) in untitled
    assert '<span data-pagefind-meta="year[data-value]" data-value="2023"></span>' in untitled
    assert "<h1>Om &lt;oss&gt;</h1><p>Text</p></article>" in untitled
    titled = search.document('<h1 id="x">Rubrik</h1><p>Text</p>', "Annat", "sv")
    assert "Annat" not in titled and "data-pagefind-meta" not in titled
    assert "data-pagefind-filter" not in titled
    editors = search.document("<p>Text</p>", "Planformatet", "sv", uri="redaktorer.md")
    assert (
        '<span data-pagefind-meta="sort[data-value]" data-value="För redaktörer"></span>'
        '<span data-pagefind-filter="publik[data-value]" data-value="redaktorer"></span>'
    ) in editors
    assert search.address("forbund/varend/2022/") == "/forbund/varend/2022/"
    assert (
        search.address("") == "/"
        and search.address("index.html") == "/"
        and search.address("om/index.html") == "/om/"
    )
    assert search.address("forbund/varend/2022.html") == "/forbund/varend/2022.html"


def test_the_pages_for_editors_are_the_navigations_section_for_editors() -> None:
    nav = re.search(
        r"^  - För redaktörer:\n((?:      - .*\n)+)",
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert nav is not None
    pages = re.findall(r": (\S+\.md)$", nav.group(1), re.MULTILINE)
    assert tuple(pages) == search.EDITORS_PAGES


def _fragments(index: Path) -> dict[str, dict]:
    """Return the pages of a Pagefind index by address: their text, headings and metadata."""
    found = {}
    for path in (index / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


def _typed(value: object) -> object:
    """Return a fragment with every text's search.AMPERSAND as the & it stands for."""
    if isinstance(value, str):
        return value.replace(search.AMPERSAND, "&")
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return value


@pytest.mark.slow
def test_the_index_made_while_building_is_what_pagefind_makes_of_the_written_pages(
    tmp_path: Path,
) -> None:
    hostile = "Förbundet \"<b>&amp;</b>'"
    profile = (ROOT / "content/forbund/varend/index.md").read_text(encoding="utf-8")
    profile = re.sub(
        r"^name: .*$",
        f"name: '{hostile.replace(chr(39), chr(39) * 2)}'",
        profile,
        count=1,
        flags=re.MULTILINE,
    )
    build = run_build(
        copy_project(tmp_path / "project", {"forbund/varend/index.md": profile}), tmp_path / "site"
    )
    assert build.returncode == 0, build.log
    made = _fragments(build.site / search.FOLDER)
    command = [
        search.executable(),
        "--site",
        str(build.site),
        "--output-path",
        str(tmp_path / "binary"),
        "--root-selector",
        search.ROOT_SELECTOR,
    ]
    for selector in search.EXCLUDED:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    written = _fragments(tmp_path / "binary")
    assert set(written) - set(made) == {
        "/404.html"
    }  # the page for a missing address is not a search result
    assert set(made) <= set(written) and len(made) > 20
    for url, indexed in made.items():
        fragment = _typed(indexed)  # the index reads & as search.AMPERSAND; the words are the same
        expected = dict(written[url])
        expected["anchors"] = [
            a for a in expected["anchors"] if a["id"] != "finsam-innehall"
        ]  # the skip link's target, outside the article's text
        # The metadata and the filter are given to the index, not written into the pages.
        assert {k: v for k, v in fragment.items() if k not in ("meta", "filters")} == {
            k: v for k, v in expected.items() if k not in ("meta", "filters")
        }, url
        assert fragment["meta"]["title"] == expected["meta"]["title"], url
        editors = url in ("/uppdatera/", "/redaktorer/", "/felmeddelanden/")
        assert fragment["filters"] == ({"publik": ["redaktorer"]} if editors else {}), url
        assert fragment["meta"].get("sort") == ("För redaktörer" if editors else None), url
    plan = made["/forbund/rar-sormland/2023/"]["meta"]
    assert plan["forbund"] == "Samordningsförbundet RAR i Sörmland" and plan["year"] == "2023"
    assert (
        made["/forbund/varend/2022/"]["meta"]["forbund"] == hostile
    )  # escaped for the page, read back exactly
    assert (
        "forbund" not in made["/om-webbplatsen/"]["meta"]
        and "year" not in made["/om-webbplatsen/"]["meta"]
    )


@pytest.mark.slow
def test_the_built_site_has_a_swedish_search_index(tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project", {}), tmp_path / "site")
    assert build.returncode == 0, build.log
    index = build.site / search.FOLDER
    assert (index / "pagefind.js").is_file() and list(index.glob("pagefind.sv_*.pf_meta")), sorted(
        p.name for p in index.iterdir()
    )
    assert (
        not (build.site / "search").exists() and not (build.site / f"{search.FOLDER}.part").exists()
    )
    assert '<html lang="sv"' in (build.site / "forbund/rar-sormland/2023/index.html").read_text(
        encoding="utf-8"
    )


def psutil_free_children() -> list[str]:
    """Return the command lines of this process's living children (from /proc, Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "stat").read_text().split()
            if entry.name.isdigit() and int(status[3]) == os.getpid() and status[2] != "Z":
                found.append((entry / "cmdline").read_bytes().decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_a_failed_indexer_leaves_the_previous_index_and_says_why(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / search.FOLDER).mkdir()
    (tmp_path / search.FOLDER / "kept").write_text("x")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    index, jobs = search.Index(str(tmp_path)), Jobs()
    jobs.start("search", index)
    index.add("sida/", search.document("<p>Text</p>", "Sida", "sv"))
    index.write()
    with pytest.raises(search.IndexingFailed, match="Pagefind avslutades med kod 1"):
        jobs.wait()
    assert (tmp_path / search.FOLDER / "kept").exists() and not (
        tmp_path / f"{search.FOLDER}.part"
    ).exists()


@pytest.mark.slow
def test_a_build_without_the_indexer_stops_with_a_swedish_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", {})
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PAGEFIND_BINARY_PATH": str(tmp_path / "saknas"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode != 0
    assert (
        "Sökindexet kunde inte skapas" in done.stdout + done.stderr
        and "Traceback" not in done.stdout + done.stderr
    )


def test_a_cancelled_indexer_leaves_nothing_behind(tmp_path: Path) -> None:
    index, jobs = search.Index(str(tmp_path)), Jobs()
    jobs.start("search", index)
    index.add("sida/", search.document("<p>Text</p>", "Sida", "sv"))
    assert jobs.cancel() == ["search"]
    assert not (tmp_path / search.FOLDER).exists()
    assert not (tmp_path / f"{search.FOLDER}.part").exists()
    assert not [p for p in psutil_free_children() if "pagefind" in p]


def test_an_indexer_that_answers_nonsense_fails_the_build_rather_than_hanging(
    tmp_path: Path, monkeypatch
) -> None:
    liar = tmp_path / "pagefind"
    liar.write_text("#!/bin/sh\necho 'inte base64, inte json,'\nsleep 30\n", encoding="utf-8")
    liar.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(liar))
    index, jobs = search.Index(str(tmp_path)), Jobs()
    jobs.start("search", index)
    index.write()
    with pytest.raises(search.IndexingFailed, match="något oväntat"):
        jobs.wait()
