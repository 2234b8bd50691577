"""Derived figures from the real plans, checked by hand against the source documents."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import real_corpus

from finsam.site.derived import ADOPTED, FORECAST, compare


@pytest.fixture(scope="module")
def comparison():
    return compare(real_corpus())


def test_rar_2023_figures_in_kronor(comparison) -> None:
    figures = comparison.adopted[("rar-sormland", 2023)]
    assert figures.phase == ADOPTED
    assert figures.revenue == 18_500_000
    assert figures.member_contributions == 16_000_000
    assert figures.costs == 15_401_000
    assert figures.cost_share("administration") == Fraction(432 + 2800, 15401)
    assert figures.result == 3_099_000
    assert figures.carried_over == 1_488_000
    assert figures.per_capita is None


def test_revenue_leaves_out_equity_and_per_capita_uses_population(comparison) -> None:
    figures = comparison.adopted[("varend", 2022)]
    assert figures.revenue == 4_262_000
    assert figures.per_capita == Fraction(4_262_000, 87_398)


def test_result_is_computed_where_not_printed(comparison) -> None:
    assert comparison.adopted[("sodertalje", 2018)].result == 0


def test_forecast_sits_beside_the_later_adopted_budget(comparison) -> None:
    pairs = comparison.forecast_pairs("rar-sormland")
    assert [(f.year, f.plan_year, a.plan_year if a else None) for f, a in pairs] == [(2022, 2021, None), (2023, 2021, 2023)]
    forecast, adopted = pairs[1]
    assert forecast.phase == FORECAST
    assert forecast.costs == 18_050_000 and adopted.costs == 15_401_000


def test_a_year_without_a_plan_is_missing_not_zero(comparison) -> None:
    assert set(comparison.adopted_in(2023)) == {"rar-sormland"}
    assert comparison.years == [2018, 2021, 2022, 2023]
    assert [f.year for f in comparison.timeline("rar-sormland")] == [2021, 2023]
