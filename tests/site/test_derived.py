"""The figures the site shows, from the real plans.

Checked by hand against the source documents and the contract.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import real_corpus

from finsam.site.derived import BUDGET, FORECAST, Figure, compare


@pytest.fixture(scope="module")
def comparison():
    return compare(real_corpus())


def test_rar_2023_figures_in_kronor(comparison) -> None:
    figures = comparison.budgets[("rar-sormland", 2023)]
    assert figures.phase == BUDGET
    assert figures.income_total == Figure(18_500_000)
    assert figures.revenue == Figure(18_500_000, computed=True)
    assert figures.member_contributions == Figure(16_000_000)  # one printed line, Medlemsavgifter
    assert figures.result == Figure(3_099_000)
    assert figures.carried_over == Figure(1_488_000)
    assert figures.per_capita.missing and figures.population is None


def test_a_discrepancy_in_a_lines_items_touches_the_costs_and_the_shares(comparison) -> None:
    figures = comparison.budgets[
        ("rar-sormland", 2023)
    ]  # Samverkansinsatser 8 119 printed, its insatser 9 353
    assert figures.costs == Figure(15_401_000, computed=False, discrepancies=(0,))
    assert figures.cost_share("administration") == Figure(
        Fraction(432 + 2800, 15401), computed=True, discrepancies=(0,)
    )
    assert not figures.income_total.disputed and not figures.result.disputed


def test_rar_2021_costs_are_the_printed_total_marked_not_the_lines(comparison) -> None:
    figures = comparison.budgets[("rar-sormland", 2021)]
    assert figures.costs == Figure(
        22_300_000, computed=False, discrepancies=(0,)
    )  # printed; the lines reach 21 850
    assert figures.cost_lines == Figure(21_850_000, computed=True, discrepancies=(0,))
    assert figures.result == Figure(-3_600_000)  # printed, and it fits 18 700 − 22 300
    assert figures.cost_share("administration").value == Fraction(3000, 21850)
    assert figures.cost_share("administration").disputed


def test_revenue_leaves_out_equity_and_per_capita_uses_population_and_its_year(comparison) -> None:
    figures = comparison.budgets[("varend", 2022)]
    assert figures.income_total == Figure(6_292_000)
    assert figures.revenue == Figure(4_262_000, computed=True)
    assert figures.per_capita == Figure(Fraction(4_262_000, 87_398), computed=True)
    assert (figures.population, figures.population_year) == (87_398, 2021)


@pytest.mark.parametrize(
    ("slug", "year", "result"), [("sodertalje", 2018, -1_762_000), ("varend", 2022, -2_030_000)]
)
def test_a_result_the_plan_does_not_print_is_revenue_minus_costs_marked_computed_never_zero(
    comparison, slug: str, year: int, result: int
) -> None:
    assert comparison.budgets[(slug, year)].result == Figure(result, computed=True)


def test_forecast_sits_beside_the_later_budget_with_the_printed_costs(comparison) -> None:
    pairs = comparison.forecast_pairs("rar-sormland")
    assert [(f.year, f.plan_year, b.plan_year if b else None) for f, b in pairs] == [
        (2022, 2021, None),
        (2023, 2021, 2023),
    ]
    forecast, budget = pairs[1]
    assert forecast.phase == FORECAST
    assert (
        forecast.costs == Figure(18_500_000, discrepancies=(2,))
        and budget.costs.value == 15_401_000
    )


def test_a_year_shows_a_forecast_where_a_forbund_has_no_plan_for_it(comparison) -> None:
    assert set(comparison.budgets_in(2022)) == {"varend"}
    shown = comparison.shown_in(2022)
    assert (
        set(shown) == {"rar-sormland", "varend"}
        and shown["rar-sormland"].is_forecast
        and shown["rar-sormland"].plan_year == 2021
    )


def test_a_year_without_a_plan_or_forecast_is_missing_not_zero(comparison) -> None:
    assert set(comparison.shown_in(2023)) == {"rar-sormland"}
    assert comparison.years == [2018, 2021, 2022, 2023]
    assert [f.year for f in comparison.timeline("rar-sormland")] == [2021, 2023]


def test_forbund_are_in_swedish_alphabetical_order(comparison) -> None:
    assert comparison.slugs == ["rar-sormland", "sodertalje", "varend"]
