"""Derive comparable figures, in kronor, from every budget year of every plan (one pass).

Also the memo that keeps derived and rendered values from one build to the next, so that a
preview after a change derives and renders again only what the change touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from ..format.model import COST_CATEGORIES, UNITS, BudgetYear, Corpus, Line, Plan, Profile

T = TypeVar("T")
Memoize = Callable[..., Any]  # memo(function, *inputs) -> function(*inputs), perhaps kept from an earlier build

ADOPTED = "approved"
FORECAST = "forecast"
EARLIER = "earlier"
PHASES = (ADOPTED, FORECAST, EARLIER)
MEMBER_CATEGORIES = ("state", "region", "municipalities", "members")


@dataclass(frozen=True, slots=True)
class Figures:
    """The contract's derived figures for one förbund, one budget year, from one plan, in kronor."""

    slug: str
    year: int
    plan_year: int
    phase: str
    revenue: int
    member_contributions: int
    costs: int
    costs_by_category: tuple[tuple[str, int], ...]
    result: int
    carried_over: int | None
    population: int | None
    plan_uri: str

    @property
    def is_forecast(self) -> bool:
        """Return whether the figures are a forecast from an earlier plan."""
        return self.phase == FORECAST

    def cost_share(self, category: str) -> Fraction | None:
        """Return one cost category's share of the sum of the cost lines."""
        if not self.costs:
            return None
        return Fraction(dict(self.costs_by_category).get(category, 0), self.costs)

    @property
    def per_capita(self) -> Fraction | None:
        """Return member contributions per inhabitant aged 16–64, where the population is known."""
        if not self.population:
            return None
        return Fraction(self.member_contributions, self.population)


def phase_of(plan_year: int, year: int) -> str:
    """Return a budget year's phase: the plan's own year is adopted, later years forecasts, earlier ones as printed for reference."""
    if year == plan_year:
        return ADOPTED
    return FORECAST if year > plan_year else EARLIER


def figures_of(plan: Plan, budget: BudgetYear, profile: Profile | None) -> Figures:
    """Return the derived figures of one budget year of one plan."""
    return _figures(plan, budget, _population(profile))


def _population(profile: Profile | None) -> int | None:
    return profile.population.value if profile and profile.population else None


def _figures(plan: Plan, budget: BudgetYear, population: int | None) -> Figures:
    factor = UNITS[plan.unit]
    income = _sums_by_category(budget.income)
    costs = _sums_by_category(budget.costs)
    result = budget.result if budget.result is not None else budget.result_computed
    return Figures(
        slug=plan.forbund,
        year=budget.year,
        plan_year=plan.year,
        phase=phase_of(plan.year, budget.year),
        revenue=sum(amount for category, amount in income.items() if category != "equity") * factor,
        member_contributions=sum(income.get(c, 0) for c in MEMBER_CATEGORIES) * factor,
        costs=sum(costs.values()) * factor,
        costs_by_category=tuple((c, costs.get(c, 0) * factor) for c in COST_CATEGORIES),
        result=result * factor,
        carried_over=None if budget.carried_over is None else budget.carried_over * factor,
        population=population,
        plan_uri=plan.uri,
    )


def _sums_by_category(lines: tuple[Line, ...]) -> dict[str, int]:
    """Return the sum of the lines of each category, in one pass."""
    sums: dict[str, int] = defaultdict(int)
    for line in lines:
        sums[line.category] += line.amount
    return sums


@dataclass(slots=True)
class Comparison:
    """All derived figures, indexed for comparison pages: by year, by förbund, forecasts beside adopted."""

    adopted: dict[tuple[str, int], Figures]
    forecasts: dict[tuple[str, int], list[Figures]]
    years: list[int]
    slugs: list[str]
    plans: dict[str, list[Plan]] = field(default_factory=dict)  # each förbund's plans, oldest first
    forecast_years: dict[str, list[int]] = field(default_factory=dict)  # the years each förbund has forecasts for, in order

    def adopted_in(self, year: int) -> dict[str, Figures]:
        """Return the adopted budgets of one year, by förbund."""
        return {slug: self.adopted[(slug, year)] for slug in self.slugs if (slug, year) in self.adopted}

    def timeline(self, slug: str) -> list[Figures]:
        """Return a förbund's adopted budgets, oldest first."""
        return [self.adopted[(slug, year)] for year in self.years if (slug, year) in self.adopted]

    def forecast_pairs(self, slug: str) -> list[tuple[Figures, Figures | None]]:
        """Return each forecast of a förbund with the adopted budget for the same year, if any."""
        pairs = []
        for year in self.forecast_years.get(slug, ()):
            pairs.extend((f, self.adopted.get((slug, year))) for f in self.forecasts[(slug, year)])
        return pairs


# --- Keeping values between builds ------------------------------------------------------------


def fresh(function: Callable[..., T], *inputs: object) -> T:
    """Return function(*inputs), made now: the memo of a build that keeps nothing."""
    return function(*inputs)


_VALUES = frozenset((str, int, type(None)))


def _key(inputs: tuple) -> tuple:
    """Return what identifies inputs: strings, integers and None by value, tuples by their items, anything else as that
    very object (its id); the last item marks which inputs were objects, so that an id never equals a number."""
    parts: list[object] = []
    objects = 0
    for index, value in enumerate(inputs):
        kind = type(value)
        if kind in _VALUES:
            parts.append(value)
        elif kind is tuple:
            parts.append(_key(value))
        else:
            parts.append(id(value))
            objects |= 1 << index
    parts.append(objects)
    return tuple(parts)


class Memo:
    """Results of pure functions kept from one build to the next, keyed by the very inputs they were made from.

    Call it as memo(function, *inputs). A result is reused when the same function gets equal strings,
    integers and None, tuples of such inputs, and otherwise the very same objects: the parse cache
    gives an unchanged file's Plan again as the same object. Each kept result holds its inputs, so
    no other object can take their ids meanwhile (and so does the function). What a build did not
    use is forgotten when the next build starts.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple] = {}
        self._used: dict[tuple, tuple] = {}

    def next_build(self) -> None:
        """Start a build: keep only what the previous build used."""
        self._kept, self._used = self._used, {}

    def __call__(self, function: Callable[..., T], *inputs: object) -> T:
        """Return function(*inputs), kept from an earlier call with the same inputs if there was one."""
        key = (id(function), *_key(inputs))  # only numbers and texts: the garbage collector need not track it
        entry = self._used.get(key)
        if entry is None:
            entry = self._kept.get(key)
            if entry is None:
                entry = (function(*inputs), function, *inputs)
            self._used[key] = entry
        return entry[0]


def plan_figures(plan: Plan, population: int | None) -> tuple[Figures, ...]:
    """Return the derived figures of every budget year of one plan, given its förbund's population aged 16–64."""
    return tuple(_figures(plan, budget, population) for budget in plan.budget)


def compare(corpus: Corpus, memo: Memoize = fresh) -> Comparison:
    """Return the comparison of every plan's budget years, in one pass; with a Memo, a plan already derived is not derived again."""
    adopted: dict[tuple[str, int], Figures] = {}
    forecasts: dict[tuple[str, int], list[Figures]] = defaultdict(list)
    plans: dict[str, list[Plan]] = defaultdict(list)
    for plan in corpus.plans:
        plans[plan.forbund].append(plan)
        for figures in memo(plan_figures, plan, _population(corpus.profiles.get(plan.forbund))):
            if figures.phase == ADOPTED:
                adopted[(plan.forbund, figures.year)] = figures
            elif figures.phase == FORECAST:
                forecasts[(plan.forbund, figures.year)].append(figures)
    forecast_years: dict[str, list[int]] = defaultdict(list)
    for slug, year in sorted(forecasts):
        forecasts[(slug, year)].sort(key=lambda f: f.plan_year)
        forecast_years[slug].append(year)
    for group in plans.values():
        group.sort(key=lambda plan: plan.year)
    years = sorted({year for _, year in adopted})
    slugs = sorted(corpus.profiles, key=lambda slug: corpus.profiles[slug].short_name)
    return Comparison(adopted, dict(forecasts), years, slugs, dict(plans), dict(forecast_years))
