"""The insatser pages: an index of the years, and one page per year.

A year's page lists every förbund's insatser in its budget for that year (or, where it has no plan
for the year, in the forecast of an earlier plan, as the comparison pages show it): each item of an
itemised cost line (an insats with its owner, where the plan names one), and each individinriktad
or strukturinriktad cost line that the plan does not itemise, marked as a budget line (the plan
gives it no owner). One budget per förbund and year keeps a page within reach at national scale:
the plans' forecasts for later years and the earlier years they repeat are on the plans' pages.
"""

from __future__ import annotations

from .. import formatting
from ..format.model import BudgetYear, Corpus, Item, Line, Plan
from .addresses import DATA, INSATSER, Link, insatser_uri, relative
from .derived import Comparison
from .markup import html_escaped, table_html, tbody, th
from .memo import Memoize, no_memo
from .meta import front_matter
from .stash import block

# The cost lines that are insatser themselves where the plan does not itemise them, each with the
# word that marks such a budget line.
INSATS_CATEGORIES = {"individual": "individinriktad", "structural": "strukturinriktad"}
COLUMNS = ("Insats", "Står i planen som", "Insatsägare", "Belopp")
NO_OWNER = "–"  # an insats whose owner the plan does not name, and every budget line
# The search leaves the table out (finsam.site.search.EXCLUDED): each insats is found on its plan's
# page, and a year's hundreds of rows made a first search fetch a tenth more.
TABLE_CLASS = "finsam-table finsam-insatser"


def insatser_page(
    corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown of the insatser's index.

    Each year's insatser, budget lines and förbund with any, the year linked to its page.
    """
    rows = []
    for year in comparison.years:
        counts = [
            memo(_insatser_counted, corpus.page(figures.plan_uri))[figures.year]
            for figures in comparison.shown_in(year).values()
        ]
        items, lines = (sum(counted[i] for counted in counts) for i in (0, 1))
        forbund = sum(1 for counted in counts if any(counted))
        rows.append(
            '<tr><th scope="row"><a '
            f'href="{html_escaped(link(insatser_uri(year)))}">{year}</a></th>'
            + "".join(
                f'<td class="finsam-num">{formatting.number(n)}</td>'
                for n in (items, lines, forbund)
            )
            + "</tr>"
        )
    intro = (
        "Här finns alla insatser i förbundens budgetar, en sida per år. En insats står i "
        "budgeten antingen som en del av en kostnadsrad som planen delar upp, ofta med en "
        "insatsägare, eller som en egen budgetrad för individinriktade eller strukturinriktade "
        "insatser. Varje sida grupperar insatserna per förbund och länkar till planerna. Alla "
        f"finns också under [Öppna data]({relative(DATA, INSATSER)}): insatserna som raderna med "
        "`row_type` = `item`, budgetraderna med `category` = `individual` eller `structural`.\n"
    )
    head = th("År", "Insatser", "Budgetrader", "Förbund", numeric=(1, 2, 3))
    body = (
        block(table_html("Insatser per år", head, tbody(reversed(rows))))
        if rows
        else "\nInga planer finns ännu på webbplatsen.\n"
    )
    return (
        front_matter("Insatser", "Alla insatser i samordningsförbundens budgetar, per år.")
        + intro
        + body
    )


def insatser_year_page(
    year: int, corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown listing every förbund's insatser in its budget for one year.

    Its budget, else a forecast; with a Memo, unchanged förbund's groups are kept.
    """
    groups = [
        group
        for slug, figures in comparison.shown_in(year).items()
        if (
            group := memo(
                insatser_group,
                corpus.profiles[slug].short_name,
                corpus.page(figures.plan_uri),
                year,
                link,
            )
        )
    ]
    items = sum(n for _, n, _ in groups)
    lines = sum(n for _, _, n in groups)
    if groups:
        intro = (
            f"Här finns insatserna i förbundens budgetar för {year}: "
            f"{_counted(items, 'insats', 'insatser')} som planerna delar upp en kostnadsrad i, "
            f"och {_counted(lines, 'budgetrad', 'budgetrader')} för individinriktade eller "
            "strukturinriktade insatser som planerna inte delar upp, hos "
            f"{_counted(len(groups), 'förbund', 'förbund')}. En budgetrad har ingen "
            f"insatsägare i planen. Ett förbund som inte har någon plan för {year} visas med "
            "prognosen ur en tidigare plan, om det finns en. Varje förbund länkar till sin plan, "
            "och beloppen står i planens egen enhet. "
        )
    else:
        intro = (
            f"Inget förbund har några insatser i sin budget för {year}: ingen plan delar upp en "
            "kostnadsrad i insatser, och ingen har en budgetrad för individinriktade eller "
            "strukturinriktade insatser. "
        )
    intro += (
        "Planernas prognoser för senare år, och tidigare år som de återger, finns på planernas "
        f"sidor och under [Öppna data]({relative(DATA, insatser_uri(year))}). Insatserna för "
        f"andra år finns under [Insatser]({relative(INSATSER, insatser_uri(year))}).\n"
    )
    body = (
        block(
            memo(
                table_html,
                f"Insatser {year}, per förbund",
                th(*COLUMNS, numeric=(len(COLUMNS) - 1,)),
                tuple(html for html, _, _ in groups),
                TABLE_CLASS,
            )
        )
        if groups
        else ""
    )
    return (
        front_matter(
            f"Insatser {year}",
            f"Alla insatser i samordningsförbundens budgetar för {year}.",
            f"year: {year}\n",
        )
        + block(f"<h1>Insatser {year}</h1>")
        + intro
        + body
    )


def _counted(count: int, one: str, many: str) -> str:
    """Return a count with its noun: inga insatser, 1 insats, 12 insatser."""
    if count == 0:
        return f"inga {many}"
    return f"{formatting.number(count)} {one if count == 1 else many}"


def insatser_of(budget: BudgetYear) -> tuple[tuple[Line, Item | None], ...]:
    """Return a budget year's insatser in the plan's order, each with the cost line it is in.

    Each item of an itemised line (line, item), and each individinriktad or strukturinriktad line
    without items (line, None).
    """
    found: list[tuple[Line, Item | None]] = []
    for line in budget.costs:
        if line.items:
            found.extend((line, item) for item in line.items)
        elif line.category in INSATS_CATEGORIES:
            found.append((line, None))
    return tuple(found)


def _insatser_counted(plan: Plan) -> dict[int, tuple[int, int]]:
    """Return each budget year's number of insatser and of budget lines listed as insatser."""
    counted = {}
    for budget in plan.budget:
        found = insatser_of(budget)
        items = sum(1 for _, item in found if item is not None)
        counted[budget.year] = (items, len(found) - items)
    return counted


def insatser_group(name: str, plan: Plan, year: int, link: Link) -> tuple[str, int, int] | None:
    """Return one förbund's insatser in a plan's budget year: table body, insatser, budget lines.

    None if it has none.
    """
    budget = next(budget for budget in plan.budget if budget.year == year)
    found = insatser_of(budget)
    if not found:
        return None
    note = f" (prognos i planen för {plan.year})" if plan.year < year else ""
    heading = (
        f'<tr class="finsam-group"><th scope="rowgroup" colspan="{len(COLUMNS)}"><a '
        f'href="{html_escaped(link(plan.uri))}">{html_escaped(name)}</a>{note}</th></tr>'
    )
    rows = (_insats_row_html(line, item, plan.unit) for line, item in found)
    items = sum(1 for _, item in found if item is not None)
    return "\n".join(tbody((heading, *rows))), items, len(found) - items


def _insats_row_html(line: Line, item: Item | None, unit: str) -> str:
    """Return one insats's row: an item of a line, or a line without items (item None)."""
    if item is None:
        label, owner, amount = line.label, None, line.amount
        kind = f"Budgetrad, {INSATS_CATEGORIES[line.category]}"
    else:
        label, owner, amount = item.label, item.owner, item.amount
        kind = f"Insats under ”{line.label}”"
    return (
        f'<tr><th scope="row">{html_escaped(label)}</th><td>{html_escaped(kind)}</td>'
        f"<td>{html_escaped(owner or NO_OWNER)}</td>"
        f'<td class="finsam-num">{html_escaped(formatting.money(amount, unit))}</td></tr>'
    )
