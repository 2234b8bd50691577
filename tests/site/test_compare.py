"""Comparison pages, the förbund timeline and the insatser list, from real and generated corpora."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import synthetic
from conftest import assert_expected, build_copy, copy_project, real_corpus, run_build

from finsam.format.corpus import load
from finsam.site import addresses, compare, insatser, pages
from finsam.site.derived import compare as comparison_of


def _link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


def _url(uri: str) -> str:
    return f"https://example.se/{uri}"


@pytest.fixture(scope="module")
def real():
    corpus = real_corpus()
    return corpus, comparison_of(corpus)


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_year_page_matches_expected_output(real, year: int) -> None:
    corpus, comparison = real
    assert_expected(
        f"jamfor-{year}.md",
        compare.year_page(year, comparison, corpus, _link_from(f"jamfor/{year}.md")),
    )


@pytest.mark.parametrize("slug", ["rar-sormland", "varend"])
def test_forbund_page_matches_expected_output(real, slug: str) -> None:
    corpus, comparison = real
    profile = corpus.profiles[slug]
    _, text = pages.page(profile, corpus, comparison, _link_from(profile.uri))
    assert_expected(f"forbund-{slug}.md", text)


def test_overview_page_matches_expected_output(real) -> None:
    corpus, comparison = real
    assert_expected(
        "jamfor-index.md", compare.overview_page(comparison, corpus, _link_from("jamfor/index.md"))
    )


def test_forbund_without_a_plan_or_forecast_is_missing_not_zero(real) -> None:
    corpus, comparison = real
    page = compare.year_page(2023, comparison, corpus, _link_from("x"))
    assert "Södertälje</th><td colspan=" in page and "Ingen plan och ingen prognos för 2023" in page
    assert page.count("Ingen plan och ingen prognos för 2023") == 2


def test_a_year_shows_the_forecast_of_a_forbund_without_a_plan_for_it_marked(real) -> None:
    corpus, comparison = real
    page = compare.year_page(2022, comparison, corpus, _link_from("x"))
    row = page[page.index("RAR Sörmland<") :].split("</tr>", 1)[0]
    assert (
        ' (prognos i <a href="x~forbund/rar-sormland/2021.md">planen för 2021</a>)' in row
    )  # the plan the forecast comes from, named and linked
    assert "Ingen plan" not in row
    assert (
        "18\u00a0500" in row and 'href="x~forbund/rar-sormland/2021.md#avvikelse-2"' in row
    )  # the printed costs, touched by budget.2022.costs


def test_profile_compares_each_forecast_with_the_printed_budget(real) -> None:
    corpus, comparison = real
    history = compare.profile_history(
        corpus.profiles["rar-sormland"], comparison, corpus, _link_from("p")
    )
    assert "## Budget över tid" in history and "## Prognoser och budgetar" in history
    row = history[history.index('<th scope="row">2023</th><td>Kostnader</td>') :].split("</tr>", 1)[
        0
    ]
    assert (
        row.index("18\u00a0500") < row.index("15\u00a0401") < row.index("\u22123\u00a0099")
    )  # the forecast as printed, not its lines (18 050)


def test_insatser_pages_list_every_item_linked_to_its_plan_one_page_per_year(real) -> None:
    corpus, comparison = real
    pages_by_year = {
        year: insatser.insatser_year_page(
            year, corpus, comparison, _link_from(addresses.insatser_uri(year))
        )
        for year in comparison.years
    }
    every = "".join(pages_by_year.values())
    for label in (
        "SIKTA",
        "NUVAS",
        "Steget före",
        "Trappan mot arbete",
        "Steg för steg",
        "Unga på väg",
        "Slussen",
        "Ung comeback",
    ):
        assert f'<th scope="row">{label}</th>' in every
    assert "SIKTA" in pages_by_year[2023] and "SIKTA" not in pages_by_year[2021]
    assert 'href="insatser/2023.md~forbund/rar-sormland/2023.md"' in pages_by_year[2023]
    index = insatser.insatser_page(corpus, comparison, _link_from("insatser/index.md"))
    assert '<th scope="row">SIKTA</th>' not in index
    for year in comparison.years:
        assert f'href="insatser/index.md~insatser/{year}.md"' in index


def test_generated_corpus_gives_every_page_and_every_row() -> None:
    corpus = load(synthetic.sources(12, 7, seed=3))
    comparison = comparison_of(corpus)
    content = pages.generated_content(corpus, comparison, _link_from, _url)
    assert set(content) == set(addresses.generated_uris(comparison.years, corpus.profiles))
    for year in comparison.years:
        page = content[addresses.year_uri(year)]
        assert all(
            f">{p.short_name}<" in page or f">{p.short_name}</a>" in page
            for p in corpus.profiles.values()
        )
    rows = list(csv.DictReader(io.StringIO(content[addresses.DATA_FILES["csv"]])))
    expected = sum(
        len(b.income) + len(b.costs) + sum(len(line.items) for line in b.costs)
        for p in corpus.plans
        for b in p.budget
    )
    assert len(rows) == expected


@pytest.mark.slow
def test_generated_corpus_builds_strictly(tmp_path: Path) -> None:
    folder = copy_project(tmp_path, {})
    synthetic.write(folder / "content", 6, 5, seed=1)
    build = run_build(folder, folder / "site")
    assert build.returncode == 0, build.log
    assert (folder / "site" / "jamfor" / "index.html").exists()
    assert (folder / "site" / "data" / "budgetrader.csv").stat().st_size > 0


@pytest.mark.slow
def test_content_at_a_generated_path_stops_the_build(tmp_path: Path) -> None:
    build = build_copy(tmp_path, {"jamfor/index.md": "# Egen sida\n"})
    assert build.returncode != 0
    assert "content/jamfor/index.md" in build.log and "skapas automatiskt" in build.log


def test_the_overview_shows_the_latest_years_and_says_where_the_others_are() -> None:
    corpus = load(synthetic.sources(4, compare.OVERVIEW_YEARS + 4, seed=2))
    comparison = comparison_of(corpus)
    assert len(comparison.years) > compare.OVERVIEW_YEARS
    page = compare.overview_page(comparison, corpus, _link_from(addresses.OVERVIEW))
    shown = compare.overview_years(comparison)
    assert shown == tuple(comparison.years[-compare.OVERVIEW_YEARS :])
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert [year for year in comparison.years if f">{year}</a></th>" in head] == list(shown)
    assert f"de senaste {compare.OVERVIEW_YEARS} åren, {shown[0]}–{shown[-1]}" in page
    assert all(
        f"[{year}]({year}.md)" in page for year in comparison.years
    )  # every year's own page stays one click away
    assert {
        f.year for _, figures in compare.revenue_series(comparison, corpus) for f in figures
    } <= set(shown)


def test_the_overview_of_few_years_shows_them_all_without_a_remark() -> None:
    corpus = real_corpus()
    comparison = comparison_of(corpus)
    assert compare.overview_years(comparison) == tuple(comparison.years)
    assert "de senaste" not in compare.overview_page(
        comparison, corpus, _link_from(addresses.OVERVIEW)
    )
