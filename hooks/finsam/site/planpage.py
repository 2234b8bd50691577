"""A plan's page: its facts, its text, and each budget year's tables where the text marks them."""

from __future__ import annotations

import re

from .. import formatting
from ..format import bodies, checks
from ..format.model import BudgetYear, Plan, Profile
from . import glance
from .addresses import Link
from .budgettables import (
    budget_lines_html,
    budget_shares_html,
    budget_totals_html,
    share_rows,
    total_rows,
)
from .derived import Comparison, budget_anchor
from .discrepancies import discrepancies_html
from .markup import html_escaped, without_blank_lines
from .stash import block, set_apart

UNIT_NAMES = {"kr": "kronor (kr)", "tkr": "tusental kronor (tkr)", "mkr": "miljoner kronor (mkr)"}


def plan_page(
    plan: Plan, profile: Profile, link: Link, comparison: Comparison | None = None
) -> str:
    """Return the Markdown of a plan page: facts, the text, and the budget where marked.

    With the comparison of every plan, the budget at a glance stands between the facts and the text.
    """
    facts = plan_facts_html(plan, profile.name, link(profile.uri))
    if comparison is not None:
        facts += "\n" + glance.plan_glance(plan, profile.short_name, comparison, link)
    marker = next(
        (m.line for m in bodies.budget_markers(plan.body) if m.kind == bodies.PLACED), None
    )  # one at most: checked
    if marker is None:  # no marker, or only as text in a code block
        body = f"{plan.body.rstrip()}\n\n## Budget\n{budget_section(plan, profile, level=3)}"
    else:
        lines = plan.body.split("\n")
        level = _heading_level_before(lines[:marker]) + 1
        lines[marker] = budget_section(plan, profile, level=level)
        body = "\n".join(lines)
    return block(facts) + set_apart(body)


def plan_facts_html(plan: Plan, forbund: str, forbund_href: str) -> str:
    """Return the facts of a plan.

    förbund, year, adoption, source, unit, budget years and known errors.
    """
    years = [f"{plan.year} ({'antagen budget' if plan.adopted else 'planens budget'})"]
    if plan.forecasts:
        years.append(f"{', '.join(str(b.year) for b in plan.forecasts)} (prognos)")
    if plan.earlier:
        years.append(f"{', '.join(str(b.year) for b in plan.earlier)} (jämförelseår)")
    facts = [
        '<dl class="finsam-facts">',
        "<dt>Förbund</dt><dd><a "
        f'href="{html_escaped(forbund_href)}">{html_escaped(forbund)}</a></dd>',
        f"<dt>Verksamhetsår</dt><dd>{plan.year}</dd>",
    ]
    if plan.adopted:
        facts.append(
            "<dt>Antagen</dt><dd><time "
            f'datetime="{plan.adopted.isoformat()}">{formatting.long_date(plan.adopted)}</time></dd>'
        )
    if plan.source_url:
        facts.append(
            f'<dt>Källdokument</dt><dd><a href="{html_escaped(plan.source_url)}" '
            f'rel="external">{html_escaped(plan.source)}</a> (originaldokumentet hos '
            "förbundet)</dd>"
        )
    else:
        facts.append(f"<dt>Källdokument</dt><dd>{html_escaped(plan.source)}</dd>")
    facts.append(f"<dt>Belopp i</dt><dd>{UNIT_NAMES[plan.unit]}</dd>")
    facts.append(f"<dt>Budgetår i planen</dt><dd>{', '.join(years)}</dd>")
    confirmed, unconfirmed = len(plan.confirmed_discrepancies), len(plan.unconfirmed_discrepancies)
    budget = f"#{budget_anchor(plan.year)}"
    if confirmed:
        facts.append(
            f'<dt>Fel i källdokumentet</dt><dd><a href="{budget}">{_sums(confirmed)} '
            "som inte stämmer i originalet</a></dd>"
        )
    if unconfirmed:
        facts.append(
            f'<dt>Ej kontrollerat mot originalet</dt><dd><a href="{budget}">{_sums(unconfirmed)} '
            "som inte går ihop i avskriften</a></dd>"
        )
    facts.append("</dl>")
    return without_blank_lines("\n".join(facts))


def _sums(count: int) -> str:
    """Return a count of sums in Swedish words: 1 summa, 3 summor."""
    return f"{count} {'summa' if count == 1 else 'summor'}"


def _heading_level_before(lines: list[str]) -> int:
    """Return the level of the last ATX heading in lines (1 if there is none)."""
    for line in reversed(lines):
        match = re.match(r"(#{1,6})[ \t]", line)
        if match:
            return len(match.group(1))
    return 1


def budget_section(plan: Plan, profile: Profile, level: int = 3) -> str:
    """Return the Markdown of a plan's budget years, headed at level, with sums.

    Shares and discrepancies.
    """
    parts = [f"\n\nBeloppen är i {UNIT_NAMES[plan.unit]}.\n"]
    accepted = (
        [
            (index, f)
            for f in checks.findings(plan)
            for index, d in enumerate(plan.discrepancies)
            if f.matches(d)
        ]
        if plan.discrepancies
        else []
    )
    for year in plan.budget:
        parts.append(
            _year_section(
                plan,
                profile,
                year,
                min(level, 6),
                [(i, f) for i, f in accepted if f.year == year.year],
            )
        )
    return "".join(parts)


def _year_heading(plan: Plan, year: int) -> tuple[str, str]:
    """Return the heading and the sentence that say what kind of budget year this is."""
    if year == plan.year:
        adopted = (
            f" (antagen {formatting.long_date(plan.adopted)})"
            if plan.adopted
            else ". Planen anger inte om eller när styrelsen har antagit den"
        )
        return f"Budget {year}", f"Förbundets budget för verksamhetsåret {year}{adopted}.\n"
    if year > plan.year:
        return (
            f"Prognos {year}",
            f"Beloppen för {year} är en prognos i planen för {plan.year}, inte förbundets budget "
            f"för {year}.\n",
        )
    return (
        f"Jämförelseår {year}",
        f"Beloppen för {year} återges som jämförelse så som de står i planen för {plan.year}. "
        f"Förbundets budget för {year} är den i planen för {year}.\n",
    )


def _year_section(
    plan: Plan,
    profile: Profile,
    year: BudgetYear,
    level: int,
    accepted: list[tuple[int, checks.Mismatch]],
) -> str:
    heading, intro = _year_heading(plan, year.year)
    caption = f"{heading}, {profile.short_name}, {plan.unit}"
    anchor = (
        f" {{#{budget_anchor(plan.year)}}}" if year.year == plan.year else ""
    )  # the glance and the facts link here, whatever headings the plan's text has
    parts = [
        f"\n\n{'#' * level} {heading}{anchor}\n\n",
        intro,
        block(budget_lines_html(year, plan.unit, caption, forecast=year.year > plan.year)),
        block(budget_totals_html(year.year, plan.unit, total_rows(year))),
    ]
    if year.has_member_split():
        parts.append(block(budget_shares_html(year.year, plan.unit, share_rows(year))))
    if accepted:
        parts.append(block(discrepancies_html(plan, accepted)))
    return "".join(parts)
