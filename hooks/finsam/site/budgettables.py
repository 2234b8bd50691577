"""A budget year's tables on a plan page.

Its lines, its printed and computed sums, its members' shares.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting
from ..format import checks
from ..format.model import COST_CATEGORIES, INCOME_CATEGORIES, MEMBER_SHARES, BudgetYear, Item, Line
from .markup import html_escaped, table_html, tbody, th

SHARE_NAMES = {"state": "Staten", "region": "Regionen", "municipalities": "Kommunerna"}


@dataclass(frozen=True, slots=True)
class _TotalRow:
    label: str
    printed: str
    computed: str
    status: str
    differs: bool


def _total_row(label: str, printed: int | None, computed: int | None) -> _TotalRow:
    if printed is None:
        return _TotalRow(label, "–", formatting.number(computed), "Anges inte i dokumentet", False)
    if computed is None:
        return _TotalRow(
            label, formatting.number(printed), "–", "Anges i dokumentet, kontrolleras inte", False
        )
    differs = printed != computed
    status = f"Avviker med {formatting.number(printed - computed)}" if differs else "Stämmer"
    return _TotalRow(
        label, formatting.number(printed), formatting.number(computed), status, differs
    )


def total_rows(year: BudgetYear) -> list[_TotalRow]:
    """Return the rows of a budget year's sums: printed, computed and whether they agree."""
    rows = [
        _total_row("Summa intäkter", year.income_total, year.income_sum),
        _total_row("Summa kostnader", year.costs_total, year.costs_sum),
    ]
    rows.extend(
        _total_row(f"{line.label} (summa av insatserna)", line.amount, line.items_sum)
        for line in year.costs
        if line.items
    )
    rows.append(_total_row("Resultat (intäkter − kostnader)", year.result, year.result_computed))
    if year.carried_over is not None:
        rows.append(_total_row("Över-/underskott från tidigare år", year.carried_over, None))
    return rows


@dataclass(frozen=True, slots=True)
class _ShareRow:
    label: str
    amount: str
    share: str
    lawful: str
    status: str
    differs: bool


def share_rows(year: BudgetYear) -> list[_ShareRow]:
    """Return the rows of the members' shares of a budget year against the law's."""
    total = sum(year.category_sum(c) for c in MEMBER_SHARES)
    rows = []
    for category, (numerator, denominator) in MEMBER_SHARES.items():
        paid = year.category_sum(category)
        differs = abs(paid - checks.lawful_share(year, category)) > 1
        share = formatting.percent(paid / total) if total else "–"
        rows.append(
            _ShareRow(
                SHARE_NAMES[category],
                formatting.number(paid),
                share,
                formatting.percent(numerator / denominator),
                "Avviker" if differs else "Stämmer",
                differs,
            )
        )
    return rows


_DIFFERS = ' class="finsam-differs"'


def budget_lines_html(year: BudgetYear, unit: str, caption: str, forecast: bool) -> str:
    """Return the table of a budget year's income and cost lines.

    Each cost line followed by its insatser. A line's category, and an insats's owner, stand under
    its label, so that the label and the amount both fit a phone's screen.
    """
    rows = ['<tr class="finsam-group"><th scope="rowgroup" colspan="2">Intäkter</th></tr>']
    rows.extend(_line_html(line, INCOME_CATEGORIES) for line in year.income)
    rows.append('<tr class="finsam-group"><th scope="rowgroup" colspan="2">Kostnader</th></tr>')
    for line in year.costs:
        rows.append(_line_html(line, COST_CATEGORIES))
        rows.extend(_item_html(item) for item in line.items)
    return table_html(
        caption,
        th("Post och kategori", f"Belopp, {unit}", numeric=(1,)),
        tbody(rows),
        region_class="finsam-budget finsam-forecast" if forecast else "finsam-budget",
    )


def _line_html(line: Line, categories: dict[str, str]) -> str:
    category = categories[line.category]
    under = (
        "" if category.casefold() == line.label.casefold() else _CATEGORY.format(category)
    )  # a line named as its category (Medlemsavgifter) does not say it twice
    return (
        f'<tr><th scope="row">{html_escaped(line.label)}{under}</th>'
        f'<td class="finsam-num">{formatting.number(line.amount)}</td></tr>'
    )


# Under a row's name (finsam.css): its category, an insats's owner, or whether a sum agrees. The
# space keeps the words apart for the search index and for screen readers.
_CATEGORY = " <small>{}</small>"


def _item_html(item: Item) -> str:
    owner = f", insatsägare: {html_escaped(item.owner)}" if item.owner else ""
    return (
        '<tr class="finsam-item"><th scope="row"><span class="finsam-indent" '
        f'aria-hidden="true">– </span>{html_escaped(item.label)}'
        f"{_CATEGORY.format(f'Insats{owner}')}</th><td "
        f'class="finsam-num">{formatting.number(item.amount)}</td></tr>'
    )


def budget_totals_html(year: int, unit: str, rows: list[_TotalRow]) -> str:
    """Return the table of a budget year's printed and computed sums.

    Whether they agree stands under each sum's name, so that the table fits a phone's screen.
    """
    head = th("Summa och kontroll", f"Tryckt, {unit}", f"Beräknat, {unit}", numeric=(1, 2))
    body = (
        f'<tr{_DIFFERS if row.differs else ""}><th scope="row">{html_escaped(row.label)}'
        f'{_CATEGORY.format(row.status)}</th><td class="finsam-num">{row.printed}</td>'
        f'<td class="finsam-num">{row.computed}</td></tr>'
        for row in rows
    )
    return table_html(f"Summor {year}: tryckta och beräknade", head, tbody(body))


def budget_shares_html(year: int, unit: str, rows: list[_ShareRow]) -> str:
    """Return the table of the members' shares of a budget year against the law's.

    Whether each agrees stands under the member's name, so that the table fits a phone's screen.
    """
    head = th("Part och kontroll", f"Belopp, {unit}", "Andel", "Enligt lagen", numeric=(1, 2, 3))
    body = (
        f'<tr{_DIFFERS if row.differs else ""}><th scope="row">{row.label}'
        f'{_CATEGORY.format(row.status)}</th><td class="finsam-num">{row.amount}</td>'
        f'<td class="finsam-num">{row.share}</td><td class="finsam-num">{row.lawful}</td></tr>'
        for row in rows
    )
    return table_html(
        f"Medlemmarnas andelar {year} enligt lagen (2003:1210) om finansiell samordning av "
        "rehabiliteringsinsatser",
        head,
        tbody(body),
    )
