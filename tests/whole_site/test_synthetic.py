"""The synthetic national corpus: valid, deterministic, and with every shape the plans have."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import synthetic

from finsam.format.corpus import BUDGET_MARKER, SLUG_RE, load
from finsam.format.model import Corpus
from finsam.format.sources import Source


@pytest.fixture(scope="module")
def small() -> Corpus:
    return load(synthetic.sources(5, 4))


@pytest.fixture(scope="module")
def national() -> Corpus:
    return load(synthetic.sources(80, 20))


def _messages(corpus: Corpus) -> list[str]:
    return [problem.message() for problem in corpus.problems]


def test_small_corpus_loads_without_problems(small: Corpus) -> None:
    assert _messages(small) == []
    assert len(small.profiles) == 5


@pytest.mark.slow  # the national corpus: 80 förbund × 20 years
def test_national_corpus_loads_without_problems(national: Corpus) -> None:
    assert _messages(national) == []
    assert len(national.profiles) == 80
    assert 80 * 20 * 0.85 < len(national.plans) < 80 * 20


def test_same_seed_gives_same_bytes_and_other_seed_other_bytes() -> None:
    assert synthetic.sources(5, 4, seed=7) == synthetic.sources(5, 4, seed=7)
    assert synthetic.sources(5, 4, seed=7) != synthetic.sources(5, 4, seed=8)


def test_a_forbund_does_not_depend_on_how_many_there_are() -> None:
    few = {source.uri: source.data for source in synthetic.sources(3, 4)}
    many = {source.uri: source.data for source in synthetic.sources(6, 4)}
    assert few.items() <= many.items()


def test_small_corpus_has_forecasts_items_discrepancies_and_missing_years(small: Corpus) -> None:
    assert any(plan.forecasts for plan in small.plans)
    assert any(
        line.items for plan in small.plans for budget in plan.budget for line in budget.costs
    )
    assert any(plan.discrepancies for plan in small.plans)
    plans_per_forbund = Counter(plan.slug for plan in small.plans)
    assert any(plans_per_forbund[slug] < 4 for slug in small.profiles)


@pytest.mark.slow  # the national corpus: 80 förbund × 20 years
def test_names_and_years_follow_the_contract(national: Corpus) -> None:
    for slug in national.profiles:
        assert SLUG_RE.fullmatch(slug) and slug.isascii()
    assert min(plan.year for plan in national.plans) == 2005
    assert all(plan.uri == f"forbund/{plan.slug}/{plan.year}.md" for plan in national.plans)


@pytest.mark.slow  # the national corpus: 80 förbund × 20 years
def test_every_budget_year_has_10_to_25_lines(national: Corpus) -> None:
    sizes = [len(b.income) + len(b.costs) for plan in national.plans for b in plan.budget]
    assert min(sizes) >= 10 and max(sizes) <= 25
    assert min(sizes) < 13 and max(sizes) > 22


@pytest.mark.slow  # the national corpus: 80 förbund × 20 years
def test_national_corpus_has_every_shape(national: Corpus) -> None:
    budgets = [budget for plan in national.plans for budget in plan.budget]
    categories = {line.category for budget in budgets for line in budget.income}
    assert {plan.unit for plan in national.plans} == {"kr", "tkr", "mkr"}
    assert any(budget.has_member_split() for budget in budgets)
    assert any(
        not budget.has_member_split() and budget.category_sum("members") for budget in budgets
    )
    assert {
        "state",
        "region",
        "municipalities",
        "members",
        "equity",
        "external",
        "other",
    } <= categories
    for total in ("income_total", "costs_total", "result", "carried_over"):
        assert any(getattr(b, total) is not None for b in budgets) and any(
            getattr(b, total) is None for b in budgets
        )
    assert any(b.carried_over is not None and b.carried_over < 0 for b in budgets)
    items = [item for budget in budgets for line in budget.costs for item in line.items]
    assert any(item.owner for item in items) and any(item.owner is None for item in items)
    assert {len(plan.forecasts) for plan in national.plans} == {0, 1, 2}
    population = [profile.population for profile in national.profiles.values()]
    assert any(population) and not all(population)


@pytest.mark.slow  # the national corpus: 80 förbund × 20 years
def test_national_corpus_has_discrepancies_of_every_kind(national: Corpus) -> None:
    kinds = set()
    for plan in national.plans:
        for discrepancy in plan.discrepancies:
            parts = discrepancy.where.split(".", 3)
            kinds.add("items" if len(parts) == 4 else parts[2])
    assert kinds == {"income", "costs", "items", "result", "shares"}


def test_plan_files_are_front_matter_and_a_body_with_one_budget_marker() -> None:
    for source in synthetic.sources(5, 4):
        text = source.data.decode("utf-8")
        assert text.startswith("---\n") and source.path == f"content/{source.uri}"
        if not source.uri.endswith("/index.md"):
            assert [line for line in text.split("\n") if line == BUDGET_MARKER] == [BUDGET_MARKER]


def test_amounts_are_sometimes_grouped_as_pasted_from_pdf() -> None:
    text = b"".join(source.data for source in synthetic.sources(20, 5)).decode("utf-8")
    assert (
        "\u00a0" in text and "\u202f" in text and re.search(r'amount: "\d{1,3}(?: \d{3})+"', text)
    )


def test_write_puts_the_same_files_under_the_folder(tmp_path: Path) -> None:
    paths = synthetic.write(tmp_path, 3, 3, seed=2)
    written = [
        Source(p.relative_to(tmp_path).as_posix(), str(p), p.read_bytes()) for p in sorted(paths)
    ]
    expected = synthetic.sources(3, 3, seed=2)
    assert [(s.uri, s.data) for s in written] == [(s.uri, s.data) for s in expected]
    assert all(p.is_relative_to(tmp_path / "forbund") for p in paths)
    assert load(written).problems == []
