"""The insatser pages: an index of the plan years.

And one page per year of every itemised insats.
"""

from __future__ import annotations

from .. import formatting
from ..format.model import BudgetYear, Corpus, Plan
from .addresses import DATA, INSATSER, Link, insatser_uri, relative
from .derived import BUDGET, EARLIER, FORECAST, Comparison, phase_of
from .markup import html_escaped, table_html, tbody, th
from .memo import Memoize, no_memo
from .meta import front_matter
from .stash import block

PHASE_NAMES = {BUDGET: "", FORECAST: "prognos", EARLIER: "jämförelseår"}


def insatser_page(
    corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown of the insatser's index.

    How many each year's plans specify, each year linked to its page.
    """
    counts = [
        memo(_insatser_counted, plan)
        for slug in comparison.slugs
        for plan in comparison.plans.get(slug, ())
    ]
    rows = []
    for year in comparison.years:
        items = sum(n for plan_year, n, _ in counts if plan_year == year)
        budgets = sum(n for plan_year, _, n in counts if plan_year == year)
        rows.append(
            '<tr><th scope="row"><a '
            f'href="{html_escaped(link(insatser_uri(year)))}">{year}</a></th><td '
            f'class="finsam-num">{formatting.number(items)}</td><td '
            f'class="finsam-num">{budgets}</td></tr>'
        )
    intro = (
        "Här finns alla insatser som förbundens planer delar upp sina kostnadsrader i, en sida "
        "per planår. "
        "Varje sida grupperar insatserna per förbund och budgetår och länkar till planerna. Alla "
        "insatser finns också "
        f"under [Öppna data]({relative(DATA, INSATSER)}), som raderna med `row_type` = `item`.\n"
    )
    head = th("Planår", "Insatser", "Budgetar", numeric=(1, 2))
    body = (
        block(table_html("Insatser per planår", head, tbody(reversed(rows))))
        if rows
        else "\nInga planer finns ännu på webbplatsen.\n"
    )
    return (
        front_matter("Insatser", "Alla insatser i samordningsförbundens planer, per planår.")
        + intro
        + body
    )


def insatser_year_page(
    year: int, corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown listing every itemised insats in the plans for one year.

    By förbund and budget year; with a Memo, unchanged plans' groups are kept.
    """
    groups = _insatser_of_year(year, corpus, comparison, link, memo)
    count = sum(rows for _, rows in groups)
    if groups:
        counted = (
            f"{formatting.number(count)} {'insats' if count == 1 else 'insatser'} i {len(groups)} "
            f"{'budget' if len(groups) == 1 else 'budgetar'}"
        )
        intro = (
            f"Här finns alla insatser som förbundens planer för {year} delar upp en kostnadsrad "
            f"i: {counted}. "
            "De är grupperade per förbund och år, och varje grupp länkar till sin plan. Beloppen "
            "står i planens egen enhet. "
        )
    else:
        intro = (
            f"Ingen av förbundens planer för {year} delar upp en kostnadsrad i enskilda insatser. "
        )
    others = relative(INSATSER, insatser_uri(year))
    intro += f"Insatserna i andra års planer finns under [Insatser]({others}).\n"
    head = th("Insats", "Insatsägare", "Kostnadsrad", "Budget", "Belopp", numeric=(4,))
    body = (
        block(
            memo(
                table_html,
                f"Insatser i planerna för {year}, per förbund och år",
                head,
                tuple(html for html, _ in groups),
            )
        )
        if groups
        else ""
    )
    return (
        front_matter(
            f"Insatser {year}",
            f"Alla insatser i samordningsförbundens planer för {year}.",
            f"year: {year}\n",
        )
        + intro
        + body
    )


def _insatser_counted(plan: Plan) -> tuple[int, int, int]:
    """Return a plan's year, its number of insatser and its number of budget years with any."""
    per_budget = [sum(len(line.items) for line in budget.costs) for budget in plan.budget]
    return plan.year, sum(per_budget), sum(1 for n in per_budget if n)


def _insatser_of_year(
    year: int, corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize
) -> list[tuple[str, int]]:
    """Return the insatser groups of the plans for one year, förbund by förbund.

    Each group's table body and number of rows.
    """
    return [
        group
        for slug in comparison.slugs
        for plan in comparison.plans.get(slug, ())
        if plan.year == year
        for group in memo(insatser_groups, corpus.profiles[slug].short_name, plan, link)
    ]


def insatser_groups(name: str, plan: Plan, link: Link) -> tuple[tuple[str, int], ...]:
    """Return the insatser of each budget year of one plan that has any.

    The group's table body and its number of rows.
    """
    groups = []
    for budget in plan.budget:
        rows = sum(len(line.items) for line in budget.costs)
        if rows:
            groups.append((_insatser_group_html(name, link(plan.uri), plan, budget), rows))
    return tuple(groups)


def _insatser_group_html(name: str, href: str, plan: Plan, budget: BudgetYear) -> str:
    kind = PHASE_NAMES[phase_of(plan.year, budget.year)]
    note = f" ({kind} i planen för {plan.year})" if kind else ""
    year = f"{budget.year}, {kind}" if kind else str(budget.year)
    heading = (
        '<tr class="finsam-group"><th scope="rowgroup" colspan="5"><a '
        f'href="{html_escaped(href)}">{html_escaped(name)} {budget.year}</a>{note}</th></tr>'
    )
    rows = (
        f'<tr><th scope="row">{html_escaped(item.label)}</th>'
        f"<td>{html_escaped(item.owner or '–')}</td><td>{html_escaped(line.label)}</td>"
        f"<td>{year}</td>"
        f'<td class="finsam-num">{html_escaped(formatting.money(item.amount, plan.unit))}</td></tr>'
        for line in budget.costs
        for item in line.items
    )
    return "\n".join(tbody((heading, *rows)))
