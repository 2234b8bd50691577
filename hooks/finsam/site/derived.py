"""The figures the site shows.

One function per figure as the contract defines it ("Figures the site shows").

Every figure is a `Figure`: its value in kronor (or a ratio), whether the plan printed it or the
site computed it, and which of the plan's discrepancies touch it. Pages, charts, the feed, the
workbook and the open data all show these, and nothing else: each figure is derived once, here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

from .. import formatting
from ..format.model import COST_CATEGORIES, UNITS, BudgetYear, Corpus, Line, Plan, Profile
from ..format.where import Where
from .memo import Memoize, no_memo

BUDGET = "budget"  # the plan's own year: the förbund's budget for that year
FORECAST = "forecast"  # a later year in the same plan
EARLIER = "earlier"  # an earlier year that the plan prints for reference
PHASES = (BUDGET, FORECAST, EARLIER)
MEMBER_CATEGORIES = ("state", "region", "municipalities", "members")
EQUITY = "equity"
T = TypeVar("T")

# The kinds of figure, in the order the site lists them, with their names for readers and machines.
FIGURE_NAMES: dict[str, str] = {
    "income_total": "Summa intäkter",
    "revenue": "Intäkter utom eget kapital",
    "member_contributions": "Medlemsbidrag",
    "costs": "Kostnader",
    "result": "Resultat",
    "carried_over": "Från tidigare år",
    "per_capita": "Medlemsbidrag per invånare 16–64 år",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure the site shows.

    Its value, whether the site computed it, and the plan's discrepancies that touch it.

    value is in kronor, or a ratio (a cost share, kronor per inhabitant); None means the plan gives
    nothing to show, which the site shows as "–", never as 0. discrepancies are indexes into the
    plan's list of discrepancies.
    """

    value: int | Fraction | None = None
    computed: bool = False
    discrepancies: tuple[int, ...] = ()

    @property
    def missing(self) -> bool:
        """Return whether there is no figure to show."""
        return self.value is None

    @property
    def disputed(self) -> bool:
        """Return whether a discrepancy touches the figure.

        A printed sum that its lines do not reach, or its lines.
        """
        return bool(self.discrepancies)


MISSING = Figure()


def discrepancy_anchor(index: int) -> str:
    """Return the id, on the plan's page.

    Of the explanation of the plan's discrepancy at this index.
    """
    return f"avvikelse-{index + 1}"


def budget_anchor(year: int) -> str:
    """Return the id, on a plan's page, of the heading of the plan's own budget year."""
    return f"budget-{year}"


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one förbund for one budget year, from one plan, in kronor."""

    slug: str
    year: int
    plan_year: int
    phase: str
    plan_uri: str
    income_total: Figure
    revenue: Figure
    member_contributions: Figure
    costs: Figure
    cost_lines: Figure  # the sum of the cost lines: what the shares are shares of
    costs_by_category: tuple[tuple[str, int], ...]  # each category's lines, summed
    cost_shares: tuple[tuple[str, Figure], ...]
    result: Figure
    carried_over: Figure
    per_capita: Figure
    population: int | None = None
    population_year: int | None = None

    @property
    def is_forecast(self) -> bool:
        """Return whether the figures are a forecast from an earlier plan."""
        return self.phase == FORECAST

    def cost_share(self, category: str) -> Figure:
        """Return one cost category's share of the sum of the cost lines."""
        return dict(self.cost_shares)[category]

    def figure(self, name: str) -> Figure:
        """Return the figure of one of the kinds in FIGURE_NAMES."""
        return getattr(self, name)


def phase_of(plan_year: int, year: int) -> str:
    """Return a budget year's phase.

    The plan's own year is its budget, later years forecasts, earlier ones printed for reference.
    """
    if year == plan_year:
        return BUDGET
    return FORECAST if year > plan_year else EARLIER


# --- One function per figure ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Touching:
    """The indexes of a budget year's discrepancies, by the sums they touch."""

    income: tuple[int, ...] = ()
    costs: tuple[int, ...] = ()
    result: tuple[int, ...] = ()
    shares: tuple[int, ...] = ()


def _touching(plan: Plan, year: int) -> _Touching:
    """Return which of a plan's discrepancies touch one budget year's sums.

    The sums are the year's income, costs (a total or a line's items), result and member shares.
    """
    found: dict[str, list[int]] = defaultdict(list)
    for index, discrepancy in enumerate(plan.discrepancies):
        where = Where.parse(discrepancy.where)
        if where is not None and where.year == year:
            # an ITEMS where, budget.<year>.costs.<label>, names one of the cost lines: it
            # touches the costs
            found[where.field].append(index)
    return _Touching(**{kind: tuple(indexes) for kind, indexes in found.items()})


def _joined(*groups: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(set().union(*groups)))


def _sum_of(
    lines: list[Line] | tuple[Line, ...],
    factor: int,
    touched: tuple[int, ...],
    computed: bool = True,
) -> Figure:
    """Return the sum of lines as a figure (computed unless told otherwise).

    Missing when there are none.
    """
    if not lines:
        return MISSING
    return Figure(sum(line.amount for line in lines) * factor, computed, touched)


def income_total(budget: BudgetYear, factor: int, touching: _Touching) -> Figure:
    """Return Summa intäkter.

    income_total as printed; where not printed, the sum of the income lines (computed).
    """
    if budget.income_total is not None:
        return Figure(budget.income_total * factor, False, touching.income)
    return _sum_of(budget.income, factor, touching.income)


def revenue(budget: BudgetYear, factor: int, touching: _Touching) -> Figure:
    """Return Intäkter utom eget kapital.

    The income lines except equity (computed); missing where the plan has no income lines.
    """
    if not budget.income:
        return MISSING
    return Figure(
        sum(line.amount for line in budget.income if line.category != EQUITY) * factor,
        True,
        touching.income,
    )


def member_contributions(budget: BudgetYear, factor: int, touching: _Touching) -> Figure:
    """Return Medlemsbidrag.

    The state, region, municipalities and members lines (computed where there are several); missing
    where the plan has none.
    """
    lines = [line for line in budget.income if line.category in MEMBER_CATEGORIES]
    return _sum_of(
        lines, factor, _joined(touching.income, touching.shares), computed=len(lines) > 1
    )  # one line is the printed figure itself


def costs(budget: BudgetYear, factor: int, touching: _Touching) -> Figure:
    """Return Kostnader: costs_total as printed.

    Where not printed, the sum of the cost lines (computed).
    """
    if budget.costs_total is not None:
        return Figure(budget.costs_total * factor, False, touching.costs)
    return _sum_of(budget.costs, factor, touching.costs)


def cost_lines(budget: BudgetYear, factor: int, touching: _Touching) -> Figure:
    """Return the sum of the cost lines, which the cost shares divide by (computed)."""
    return _sum_of(budget.costs, factor, touching.costs)


def costs_by_category(budget: BudgetYear, factor: int) -> tuple[tuple[str, int], ...]:
    """Return each cost category's lines summed, in kronor, in the order of the categories."""
    sums: dict[str, int] = defaultdict(int)
    for line in budget.costs:
        sums[line.category] += line.amount
    return tuple((category, sums.get(category, 0) * factor) for category in COST_CATEGORIES)


def cost_shares(
    by_category: tuple[tuple[str, int], ...], lines: Figure
) -> tuple[tuple[str, Figure], ...]:
    """Return each cost category's share of the sum of the cost lines (computed).

    So that the shares add up to 100 %; missing without costs.
    """
    if lines.missing or lines.value <= 0:
        return tuple((category, MISSING) for category, _ in by_category)
    return tuple(
        (category, Figure(Fraction(amount, lines.value), True, lines.discrepancies))
        for category, amount in by_category
    )


def result(
    budget: BudgetYear,
    factor: int,
    touching: _Touching,
    revenue_figure: Figure,
    costs_figure: Figure,
) -> Figure:
    """Return Resultat: result as printed.

    Where not printed, Intäkter utom eget kapital minus Kostnader (computed).
    """
    if budget.result is not None:
        return Figure(budget.result * factor, False, touching.result)
    if revenue_figure.missing or costs_figure.missing:
        return MISSING
    return Figure(
        revenue_figure.value - costs_figure.value,
        True,
        _joined(revenue_figure.discrepancies, costs_figure.discrepancies),
    )


def carried_over(budget: BudgetYear, factor: int) -> Figure:
    """Return Från tidigare år: carried_over as printed, or missing."""
    return MISSING if budget.carried_over is None else Figure(budget.carried_over * factor)


def per_capita(members: Figure, population: int | None) -> Figure:
    """Return Medlemsbidrag per invånare 16–64 år (computed), where the population is known."""
    if members.missing or not population:
        return MISSING
    return Figure(Fraction(members.value, population), True, members.discrepancies)


def figures_of(plan: Plan, budget: BudgetYear, profile: Profile | None) -> Figures:
    """Return the figures of one budget year of one plan."""
    return _figures(plan, budget, _population(profile))


def _population(profile: Profile | None) -> tuple[int, int | None] | None:
    return (
        (profile.population.value, profile.population.year)
        if profile and profile.population
        else None
    )


def _figures(plan: Plan, budget: BudgetYear, population: tuple[int, int | None] | None) -> Figures:
    factor = UNITS[plan.unit]
    touching = _touching(plan, budget.year)
    revenue_figure = revenue(budget, factor, touching)
    costs_figure = costs(budget, factor, touching)
    members = member_contributions(budget, factor, touching)
    lines = cost_lines(budget, factor, touching)
    by_category = costs_by_category(budget, factor)
    people, people_year = population or (None, None)
    return Figures(
        slug=plan.slug,
        year=budget.year,
        plan_year=plan.year,
        phase=phase_of(plan.year, budget.year),
        plan_uri=plan.uri,
        income_total=income_total(budget, factor, touching),
        revenue=revenue_figure,
        member_contributions=members,
        costs=costs_figure,
        cost_lines=lines,
        costs_by_category=by_category,
        cost_shares=cost_shares(by_category, lines),
        result=result(budget, factor, touching, revenue_figure, costs_figure),
        carried_over=carried_over(budget, factor),
        per_capita=per_capita(members, people),
        population=people,
        population_year=people_year,
    )


# --- The comparison across förbund and years ------------------------------------------------------


@dataclass(slots=True)
class Comparison:
    """All figures, indexed for the comparison pages.

    Each förbund's budget by year, and the forecasts for each year.
    """

    budgets: dict[
        tuple[str, int], Figures
    ]  # the budget of a förbund for a year: the one in its plan for that year
    forecasts: dict[
        tuple[str, int], list[Figures]
    ]  # the forecasts for a year in earlier plans, oldest plan first
    years: list[int]  # the years with a budget
    slugs: list[str]  # every förbund, in Swedish alphabetical order of the short name
    plans: dict[str, list[Plan]] = field(default_factory=dict)  # each förbund's plans, oldest first
    forecast_years: dict[str, list[int]] = field(
        default_factory=dict
    )  # the years each förbund has forecasts for, in order
    made: dict[object, object] = field(
        default_factory=dict, repr=False, compare=False
    )  # what pages derive from the comparison once per build, by its maker's key (see made_once)

    def budgets_in(self, year: int) -> dict[str, Figures]:
        """Return the budgets for one year, by förbund."""
        return {
            slug: self.budgets[(slug, year)] for slug in self.slugs if (slug, year) in self.budgets
        }

    def shown(self, slug: str, year: int) -> Figures | None:
        """Return a förbund's figures for a year.

        Its budget, else the forecast in its latest plan before that year, else None.
        """
        budget = self.budgets.get((slug, year))
        if budget is not None:
            return budget
        forecasts = self.forecasts.get((slug, year))
        return forecasts[-1] if forecasts else None

    def shown_in(self, year: int) -> dict[str, Figures]:
        """Return every förbund's figures for one year, budget or forecast, by förbund."""
        found = ((slug, self.shown(slug, year)) for slug in self.slugs)
        return {slug: figures for slug, figures in found if figures is not None}

    def timeline(self, slug: str) -> list[Figures]:
        """Return a förbund's budgets, oldest first."""
        return [self.budgets[(slug, year)] for year in self.years if (slug, year) in self.budgets]

    def made_once(self, key: object, make: Callable[[], T]) -> T:
        """Return what make() returns, made the first time this comparison is asked for key."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]

    def forecast_pairs(self, slug: str) -> list[tuple[Figures, Figures | None]]:
        """Return each forecast of a förbund with the budget for the same year, if any."""
        pairs = []
        for year in self.forecast_years.get(slug, ()):
            pairs.extend((f, self.budgets.get((slug, year))) for f in self.forecasts[(slug, year)])
        return pairs


def plan_figures(plan: Plan, population: tuple[int, int | None] | None) -> tuple[Figures, ...]:
    """Return the figures of every budget year of one plan.

    Given its förbund's population aged 16–64 and its year.
    """
    return tuple(_figures(plan, budget, population) for budget in plan.budget)


def compare(corpus: Corpus, memo: Memoize = no_memo) -> Comparison:
    """Return the comparison of every plan's budget years, in one pass.

    With a Memo, a plan already derived is not derived again.
    """
    budgets: dict[tuple[str, int], Figures] = {}
    forecasts: dict[tuple[str, int], list[Figures]] = defaultdict(list)
    plans: dict[str, list[Plan]] = defaultdict(list)
    for plan in corpus.plans:
        plans[plan.slug].append(plan)
        for figures in memo(plan_figures, plan, _population(corpus.profiles.get(plan.slug))):
            if figures.phase == BUDGET:
                budgets[(plan.slug, figures.year)] = figures
            elif figures.phase == FORECAST:
                forecasts[(plan.slug, figures.year)].append(figures)
    forecast_years: dict[str, list[int]] = defaultdict(list)
    for slug, year in sorted(forecasts):
        forecasts[(slug, year)].sort(key=lambda f: f.plan_year)
        forecast_years[slug].append(year)
    for group in plans.values():
        group.sort(key=lambda plan: plan.year)
    years = sorted({year for _, year in budgets})
    slugs = sorted(
        corpus.profiles, key=lambda slug: formatting.swedish_order(corpus.profiles[slug].short_name)
    )
    return Comparison(budgets, dict(forecasts), years, slugs, dict(plans), dict(forecast_years))
