"""Derive comparable figures, in kronor, from every budget year of every plan (one pass)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from .model import COST_CATEGORIES, UNITS, BudgetYear, Corpus, Plan, Profile

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
    factor = UNITS[plan.unit]
    costs = budget.costs_sum * factor
    by_category = tuple((c, budget.category_sum(c, "costs") * factor) for c in COST_CATEGORIES)
    result = budget.result if budget.result is not None else budget.result_computed
    return Figures(
        slug=plan.forbund,
        year=budget.year,
        plan_year=plan.year,
        phase=phase_of(plan.year, budget.year),
        revenue=sum(line.amount for line in budget.income if line.category != "equity") * factor,
        member_contributions=sum(budget.category_sum(c) for c in MEMBER_CATEGORIES) * factor,
        costs=costs,
        costs_by_category=by_category,
        result=result * factor,
        carried_over=None if budget.carried_over is None else budget.carried_over * factor,
        population=profile.population.value if profile and profile.population else None,
        plan_uri=plan.uri,
    )


@dataclass(slots=True)
class Comparison:
    """All derived figures, indexed for comparison pages: by year, by förbund, forecasts beside adopted."""

    adopted: dict[tuple[str, int], Figures]
    forecasts: dict[tuple[str, int], list[Figures]]
    years: list[int]
    slugs: list[str]

    def adopted_in(self, year: int) -> dict[str, Figures]:
        """Return the adopted budgets of one year, by förbund."""
        return {slug: self.adopted[(slug, year)] for slug in self.slugs if (slug, year) in self.adopted}

    def timeline(self, slug: str) -> list[Figures]:
        """Return a förbund's adopted budgets, oldest first."""
        return [self.adopted[(slug, year)] for year in self.years if (slug, year) in self.adopted]

    def forecast_pairs(self, slug: str) -> list[tuple[Figures, Figures | None]]:
        """Return each forecast of a förbund with the adopted budget for the same year, if any."""
        pairs = []
        for (forecast_slug, year), forecasts in sorted(self.forecasts.items()):
            if forecast_slug == slug:
                pairs.extend((f, self.adopted.get((slug, year))) for f in forecasts)
        return pairs


def compare(corpus: Corpus) -> Comparison:
    """Return the comparison of every plan's budget years, in one pass over the plans."""
    adopted: dict[tuple[str, int], Figures] = {}
    forecasts: dict[tuple[str, int], list[Figures]] = defaultdict(list)
    for plan in corpus.plans:
        profile = corpus.profiles.get(plan.forbund)
        for budget in plan.budget:
            figures = figures_of(plan, budget, profile)
            if figures.phase == ADOPTED:
                adopted[(plan.forbund, budget.year)] = figures
            elif figures.phase == FORECAST:
                forecasts[(plan.forbund, budget.year)].append(figures)
    for entries in forecasts.values():
        entries.sort(key=lambda f: f.plan_year)
    years = sorted({year for _, year in adopted})
    slugs = sorted(corpus.profiles, key=lambda slug: corpus.profiles[slug].short_name)
    return Comparison(adopted, dict(forecasts), years, slugs)
