"""Check a plan's sums and member shares, and match failures against recorded discrepancies."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..problems import Problem
from .model import MEMBER_SHARES, BudgetYear, Discrepancy, Plan
from .where import COSTS, INCOME, ITEMS, RESULT, SHARES, Where


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A printed figure that differs from the one computed from the lines."""

    where: str
    printed: int
    computed: int
    kind: str
    year: int
    label: str | None = None

    def matches(self, discrepancy: Discrepancy) -> bool:
        """Return whether a recorded discrepancy describes exactly this mismatch."""
        return (self.where, self.printed, self.computed) == (
            discrepancy.where,
            discrepancy.printed,
            discrepancy.computed,
        )


def findings(plan: Plan) -> list[Mismatch]:
    """Return every failed sum and share check of a plan."""
    return [finding for year in plan.budget for finding in _year_findings(year)]


def _year_findings(budget: BudgetYear) -> list[Mismatch]:
    year = budget.year
    found = []
    if budget.income_total is not None and budget.income_total != budget.income_sum:
        found.append(
            Mismatch(str(Where(year, INCOME)), budget.income_total, budget.income_sum, INCOME, year)
        )
    if budget.costs_total is not None and budget.costs_total != budget.costs_sum:
        found.append(
            Mismatch(str(Where(year, COSTS)), budget.costs_total, budget.costs_sum, COSTS, year)
        )
    for line in budget.costs:
        if line.items and line.items_sum != line.amount:
            found.append(
                Mismatch(
                    str(Where(year, COSTS, line.label)),
                    line.amount,
                    line.items_sum,
                    ITEMS,
                    budget.year,
                    line.label,
                )
            )
    if budget.result is not None and budget.result != budget.result_computed:
        found.append(
            Mismatch(str(Where(year, RESULT)), budget.result, budget.result_computed, RESULT, year)
        )
    share = share_finding(budget)
    if share is not None:
        found.append(share)
    return found


def lawful_share(budget: BudgetYear, category: str) -> Fraction:
    """Return what one party should pay under Lag 2003:1210, 5 §, given the three parties' sum."""
    total = sum(budget.category_sum(c) for c in MEMBER_SHARES)
    numerator, denominator = MEMBER_SHARES[category]
    return Fraction(total * numerator, denominator)


def share_finding(budget: BudgetYear) -> Mismatch | None:
    """Return the first party whose contribution is more than one unit off its lawful share."""
    if not budget.has_member_split():
        return None
    paid = {category: budget.category_sum(category) for category in MEMBER_SHARES}
    total = sum(paid.values())
    for category, (numerator, denominator) in MEMBER_SHARES.items():
        if (
            abs(paid[category] * denominator - total * numerator) > denominator
        ):  # |paid - total × share| > 1, in integers
            expected = lawful_share(budget, category)
            computed = int(expected + Fraction(1, 2)) if expected >= 0 else round(expected)
            return Mismatch(
                str(Where(budget.year, SHARES)),
                paid[category],
                computed,
                SHARES,
                budget.year,
                category,
            )
    return None


def check_plan(plan: Plan) -> list[Problem]:
    """Return a problem for every unrecorded finding and every stale discrepancy."""
    found = findings(plan)
    problems = [
        _unrecorded(plan, f) for f in found if not any(f.matches(d) for d in plan.discrepancies)
    ]
    seen: set[tuple[str, int, int]] = set()
    for discrepancy in plan.discrepancies:
        key = (discrepancy.where, discrepancy.printed, discrepancy.computed)
        if key in seen:
            problems.append(_duplicate(plan, discrepancy))
        elif not any(f.matches(discrepancy) for f in found):
            problems.append(_stale(plan, discrepancy, found))
        seen.add(key)
    return problems


def _unrecorded(plan: Plan, finding: Mismatch) -> Problem:
    field, expected = _explained(finding)
    entry = (
        f"\n      - where: {finding.where}\n        printed: {finding.printed}"
        f"\n        computed: {finding.computed}\n        note: <vad som kan förklara skillnaden, "
        "på svenska>"
    )
    return Problem(
        plan.path,
        _line_of(plan, finding),
        finding.where,
        f"{field} lika med {expected}: {number(finding.computed)} {plan.unit}",
        f"{field}: {number(finding.printed)} {plan.unit}, {_difference(finding, plan.unit)}",
        "Jämför med källdokumentet. Har du skrivit av fel, rätta beloppet. "
        "Står det verkligen så i dokumentet, skriv av det så som det står och lägg till under "
        f"discrepancies:{entry}"
        "\n    Lägg till confirmed: true först när du har jämfört med det publicerade "
        "originaldokumentet "
        "och siffrorna inte går ihop där heller.",
    )


def number(value: int) -> str:
    """Return an amount for a message: digits in groups of three, with spaces (16 000)."""
    return f"{value:,}".replace(",", " ")


def _difference(finding: Mismatch, unit: str) -> str:
    """Return how far the printed figure is from the computed one, in words."""
    more = finding.printed > finding.computed
    amount = number(abs(finding.printed - finding.computed))
    return f"{amount} {unit} {'mer' if more else 'mindre'} än väntat"


def _stale(plan: Plan, discrepancy: Discrepancy, found: list[Mismatch]) -> Problem:
    current = next((f for f in found if f.where == discrepancy.where), None)
    now = (
        f"att kontrollen nu ger printed {current.printed}, computed {current.computed}"
        if current
        else "att siffrorna stämmer: det finns ingen sådan avvikelse"
    )
    return Problem(
        plan.path,
        discrepancy.line,
        "discrepancies",
        f"en avvikelse som finns i budgeten: {discrepancy.where} printed {discrepancy.printed}, "
        f"computed {discrepancy.computed}",
        now,
        "Uppdatera avvikelsen så att den stämmer med budgeten, eller ta bort den om summan nu går "
        "ihop.",
    )


def _duplicate(plan: Plan, discrepancy: Discrepancy) -> Problem:
    return Problem(
        plan.path,
        discrepancy.line,
        "discrepancies",
        "varje avvikelse en gång",
        f"{discrepancy.where} två gånger",
        "Ta bort den ena.",
    )


def _explained(finding: Mismatch) -> tuple[str, str]:
    return {
        INCOME: ("income_total", "summan av intäktsraderna"),
        COSTS: ("costs_total", "summan av kostnadsraderna"),
        ITEMS: (f"amount för {finding.label}", "summan av dess items"),
        RESULT: ("result", "income_total minus costs_total"),
        SHARES: (
            f"summan av {finding.label}-raderna",
            "lagens andel av medlemsbidragen (staten 1/2, regionen 1/4, kommunerna 1/4)",
        ),
    }[finding.kind]


def _line_of(plan: Plan, finding: Mismatch) -> int | None:
    budget = next(b for b in plan.budget if b.year == finding.year)
    if finding.kind == ITEMS:
        return next(line.line for line in budget.costs if line.label == finding.label)
    field = {INCOME: "income_total", COSTS: "costs_total", RESULT: "result"}.get(
        finding.kind, "income"
    )
    return budget.field_lines.get(field, budget.line) or None
