"""The insatser pages: every itemised insats, and every individinriktad or strukturinriktad cost
line that a plan does not itemise, listed as a budget line, by year and förbund: each förbund's
budget for the year, else the forecast of an earlier plan."""

from __future__ import annotations

import re

import pytest
from conftest import assert_expected, real_corpus

from finsam.format.model import BudgetYear, Corpus, Item, Line, Plan, Profile
from finsam.site import addresses, insatser
from finsam.site.derived import compare as comparison_of


def _link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


@pytest.fixture(scope="module")
def real():
    corpus = real_corpus()
    return corpus, comparison_of(corpus)


def _year_page(real, year: int) -> str:
    corpus, comparison = real
    return insatser.insatser_year_page(
        year, corpus, comparison, _link_from(addresses.insatser_uri(year))
    )


def _rows(page: str) -> dict[str, list[str]]:
    """Return the page's insats rows by label: the cells after the label, as text."""
    found = {}
    for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', page):
        texts = re.findall(r"<td[^>]*>(.*?)</td>", cells)
        found[label] = [re.sub(r"<[^>]+>", "", text) for text in texts]
    return found


@pytest.mark.parametrize("year", [2018, 2021, 2022, 2023])
def test_insatser_year_page_matches_expected_output(real, year: int) -> None:
    assert_expected(f"insatser-{year}.md", _year_page(real, year))


def test_insatser_index_matches_expected_output(real) -> None:
    corpus, comparison = real
    page = insatser.insatser_page(corpus, comparison, _link_from(addresses.INSATSER))
    assert_expected("insatser-index.md", page)


def test_sodertaljes_budget_lines_are_listed_as_budget_lines_without_an_owner(real) -> None:
    page = _year_page(real, 2018)
    rows = _rows(page)
    for label in ("Rehab-arena Torekällberget", "SamSpråk", "Unga", "Mentor AG"):
        assert rows[label][:2] == ["Budgetrad, individinriktad", "–"], rows[label]
    assert rows["Samverkansresurs"][0] == "Budgetrad, strukturinriktad"
    assert rows["Rehab-arena Torekällberget"][2] == "2\u00a0900\u00a0000\u00a0kr"
    # Administration and what is not yet allocated are not insatser.
    assert "Kansliet" not in rows and "Oförutsedda kostnader" not in rows
    assert "<h1>Insatser 2018</h1>" in page
    assert "inga insatser som planerna delar upp en kostnadsrad i, och 9 budgetrader" in page
    assert "0 insatser i 0 budgetar" not in page


def test_an_itemised_line_gives_its_insatser_with_owners_and_not_itself(real) -> None:
    rows = _rows(_year_page(real, 2023))
    assert rows["SIKTA"] == [
        "Insats under ”Samverkansinsatser”",
        "Region Sörmland",
        "3\u00a0107\u00a0tkr",
    ]
    assert rows["Ung comeback"][1] == "–"  # an insats whose owner the plan does not name
    assert "Samverkansinsatser" not in rows
    assert rows["Samverkansstöd, ESF, utvärdering"][0] == "Budgetrad, strukturinriktad"
    # The 2023 budget, not the forecast for 2023 in the plan for 2021 that it replaces.
    assert "Beviljade insatser" not in rows


def test_a_forbund_without_a_plan_for_the_year_is_shown_with_its_forecast(real) -> None:
    page = _year_page(real, 2022)
    assert "RAR Sörmland</a> (prognos i planen för 2021)</th>" in page
    assert "Värend</a></th>" in page
    rows = _rows(page)
    assert rows["Beviljade insatser"] == ["Budgetrad, individinriktad", "–", "6\u00a0000\u00a0tkr"]
    assert rows["Pilotprojekt"][0] == "Budgetrad, individinriktad"


def test_the_index_counts_insatser_and_budget_lines_of_every_year(real) -> None:
    corpus, comparison = real
    index = insatser.insatser_page(corpus, comparison, _link_from(addresses.INSATSER))
    counts = {
        int(year): [int(n) for n in numbers]
        for year, *numbers in re.findall(
            r">(\d{4})</a></th>"
            r'<td class="finsam-num">(\d+)</td><td class="finsam-num">(\d+)</td>'
            r'<td class="finsam-num">(\d+)</td>',
            index,
        )
    }
    # 2018: Södertälje's 9 lines; 2021: RAR's 3; 2022: RAR's forecast, 3, and Värend's 4;
    # 2023: RAR's 8 insatser and its structural line.
    assert counts == {2018: [0, 9, 1], 2021: [0, 3, 1], 2022: [0, 7, 2], 2023: [8, 1, 1]}


def _plan(costs: tuple[Line, ...]) -> tuple[Corpus, Plan]:
    profile = Profile(
        "forbund/x/index.md", "content/forbund/x/index.md", "x", "Förbundet X", "X", "Län", ()
    )
    year = BudgetYear(2024, income=(Line("Medlemsavgifter", "members", 100),), costs=costs)
    plan = Plan(
        "forbund/x/2024.md", "content/forbund/x/2024.md", "x", 2024, "Källa", "tkr", (year,)
    )
    return Corpus(profiles={"x": profile}, plans=[plan]), plan


def test_only_items_and_unitemised_insats_lines_are_insatser() -> None:
    _, plan = _plan(
        (
            Line("Kansli", "administration", 10),
            Line("Buffert", "unallocated", 10),
            Line("Projekt", "individual", 10),
            Line("Processer", "structural", 10),
            Line("Övrigt", "other", 20, (Item("Lokal", 20, "Kommunen"),)),
            Line("Insatser", "individual", 30, (Item("A", 10), Item("B", 20, "Regionen"))),
        )
    )
    found = [
        (line.label, item and item.label) for line, item in insatser.insatser_of(plan.budget[0])
    ]
    assert found == [
        ("Projekt", None),
        ("Processer", None),
        ("Övrigt", "Lokal"),
        ("Insatser", "A"),
        ("Insatser", "B"),
    ]


def test_a_year_without_insatser_says_so() -> None:
    corpus, _ = _plan((Line("Kansli", "administration", 100),))
    comparison = comparison_of(corpus)
    page = insatser.insatser_year_page(2024, corpus, comparison, _link_from("insatser/2024.md"))
    assert "Inget förbund har några insatser i sin budget för 2024" in page
    assert "<table" not in page and "<h1>Insatser 2024</h1>" in page


def test_labels_and_owners_are_escaped() -> None:
    corpus, _ = _plan(
        (Line("<b>Rad</b> & co", "structural", 5), Line("L", "other", 5, (Item("<i>", 5, "<u>"),)))
    )
    page = insatser.insatser_year_page(
        2024, corpus, comparison_of(corpus), _link_from("insatser/2024.md")
    )
    assert "<b>" not in page and "<i>" not in page and "<u>" not in page
    assert "&lt;b&gt;Rad&lt;/b&gt; &amp; co" in page and "Insats under ”L”" in page
