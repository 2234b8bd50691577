"""Render pages of the site as Markdown with escaped HTML blocks, from the checked corpus."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import checks, formatting
from .corpus import BUDGET_MARKER
from .model import COST_CATEGORIES, INCOME_CATEGORIES, MEMBER_SHARES, BudgetYear, Corpus, Document, Plan, Profile

Link = Callable[[str], str]

TEMPLATES = Path(__file__).parent / "templates"
UNIT_NAMES = {"kr": "kronor (kr)", "tkr": "tusental kronor (tkr)", "mkr": "miljoner kronor (mkr)"}
SHARE_NAMES = {"state": "Staten", "region": "Regionen", "municipalities": "Kommunerna"}
SHARE_WORDS = {"state": "hälften", "region": "en fjärdedel", "municipalities": "en fjärdedel"}


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.globals.update(
        number=formatting.number,
        long_date=formatting.long_date,
        income_categories=INCOME_CATEGORIES,
        cost_categories=COST_CATEGORIES,
    )
    return env


ENV = _environment()


def rendered(template: str, **context: object) -> str:
    """Return a rendered template as one raw HTML block without blank lines."""
    text = ENV.get_template(template).render(**context)
    return "\n".join(line for line in text.split("\n") if line.strip())


BLOCK_START = "\ue000"
BLOCK_END = "\ue001"
_BLOCK_RE = re.compile(f"{BLOCK_START}(.*?){BLOCK_END}", re.DOTALL)
_TOKEN_RE = re.compile(f"<p>{BLOCK_START}([0-9]+){BLOCK_END}</p>")


def block(text: str) -> str:
    """Return an HTML block, marked so that it can bypass Markdown, set apart by blank lines."""
    return f"\n\n{BLOCK_START}{text}{BLOCK_END}\n\n"


def stash(markdown: str) -> tuple[str, list[str]]:
    """Return the Markdown with each HTML block replaced by a token, and the blocks.

    Python-Markdown runs every raw HTML block through an HTML parser; the site's own blocks
    are already escaped, so they skip it: a large share of the build's time otherwise.
    """
    blocks: list[str] = []

    def token(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"{BLOCK_START}{len(blocks) - 1}{BLOCK_END}"

    return _BLOCK_RE.sub(token, markdown), blocks


def unstash(html_text: str, blocks: list[str]) -> str:
    """Return the HTML with each token put back as its block."""
    return _TOKEN_RE.sub(lambda match: blocks[int(match.group(1))], html_text)


def plain(markdown: str) -> str:
    """Return Markdown with the block marks removed, for engines that read raw HTML blocks."""
    return markdown.replace(BLOCK_START, "").replace(BLOCK_END, "")


@dataclass(frozen=True, slots=True)
class Meta:
    """A page's title and description, escaped for templates that print them raw."""

    title: str
    description: str

    def as_dict(self) -> dict[str, str]:
        """Return the values as page metadata."""
        return {"title": self.title, "description": self.description}


def escaped(text: str) -> str:
    """Return text with HTML special characters escaped, for templates that print it raw."""
    return html.escape(text, quote=True)


def escaped_meta(title: str, description: str) -> Meta:
    """Return title and description with HTML special characters escaped."""
    return Meta(escaped(title), escaped(description))


def plan_meta(plan: Plan, profile: Profile) -> Meta:
    """Return the escaped title and description of a plan page."""
    description = f"{plan.display_title} för {profile.name}: budget för {plan.year} kontrollerad mot källdokumentet."
    return escaped_meta(plan.display_title, description)


def profile_meta(profile: Profile) -> Meta:
    """Return the escaped title and description of a förbund page."""
    return escaped_meta(profile.name, f"{profile.name}, {profile.county}: verksamhetsplaner och budgetar.")


def document_meta(document: Document, profile: Profile) -> Meta:
    """Return the escaped title and description of a document page."""
    return escaped_meta(document.title, document.description or f"{document.title}, {profile.name}.")


def plan_page(plan: Plan, profile: Profile, link: Link, compare_href: str | None = None) -> str:
    """Return the Markdown of a plan page: facts, the text, and the budget where marked."""
    facts = rendered(
        "plan_facts.html",
        plan=plan,
        profile=profile,
        profile_href=link(profile.uri),
        unit_name=UNIT_NAMES[plan.unit],
        compare_href=compare_href,
    )
    lines = plan.body.split("\n")
    marker = next((i for i, line in enumerate(lines) if line.strip() == BUDGET_MARKER), None)
    if marker is None:
        body = f"{plan.body.rstrip()}\n\n## Budget\n{budget_section(plan, profile, level=3)}"
    else:
        level = _heading_level_before(lines[:marker]) + 1
        lines[marker] = budget_section(plan, profile, level=level)
        body = "\n".join(lines)
    return block(facts) + body


def _heading_level_before(lines: list[str]) -> int:
    """Return the level of the last ATX heading in lines (1 if there is none)."""
    for line in reversed(lines):
        match = re.match(r"(#{1,6})[ \t]", line)
        if match:
            return len(match.group(1))
    return 1


def budget_section(plan: Plan, profile: Profile, level: int = 3) -> str:
    """Return the Markdown of a plan's budget years, headed at level, with sums, shares and discrepancies."""
    parts = [f"\n\nBeloppen är i {UNIT_NAMES[plan.unit]}, så som i källdokumentet.\n"]
    accepted = [f for f in checks.findings(plan) if any(f.matches(d) for d in plan.discrepancies)]
    for year in plan.budget:
        parts.append(_year_section(plan, profile, year, min(level, 6), [f for f in accepted if f.year == year.year]))
    return "".join(parts)


def _year_heading(plan: Plan, year: int) -> tuple[str, str]:
    """Return the heading and the sentence that say what kind of budget year this is."""
    if year == plan.year:
        return f"Budget {year}", f"Antagen budget för verksamhetsåret {year}.\n"
    if year > plan.year:
        return f"Prognos {year}", f"Prognos: beloppen för {year} är en framskrivning i planen för {plan.year}, inte en antagen budget.\n"
    return f"Jämförelseår {year}", f"Beloppen för {year} återges så som de står i planen för {plan.year}; den antagna budgeten för {year} finns i planen för {year}.\n"


def _year_section(plan: Plan, profile: Profile, year: BudgetYear, level: int, accepted: list[checks.Finding]) -> str:
    forecast = year.year > plan.year
    heading, intro = _year_heading(plan, year.year)
    caption = f"{heading}, {profile.short_name}, {plan.unit}"
    has_items = any(line.items for line in year.costs)
    parts = [
        f"\n\n{'#' * level} {heading}\n\n",
        intro,
        block(
            rendered(
                "budget_lines.html",
                year=year,
                unit=plan.unit,
                caption=caption,
                forecast=forecast,
                has_items=has_items,
                columns=4 if has_items else 3,
            )
        ),
        block(rendered("budget_totals.html", year=year, unit=plan.unit, rows=_total_rows(year))),
    ]
    if year.has_member_split():
        parts.append(block(rendered("budget_shares.html", year=year, unit=plan.unit, rows=_share_rows(year))))
    if accepted:
        parts.append(block(discrepancies_html(plan, accepted)))
    return "".join(parts)


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
        return _TotalRow(label, formatting.number(printed), "–", "Anges i dokumentet, kontrolleras inte", False)
    differs = printed != computed
    status = f"Avviker med {formatting.number(printed - computed)}" if differs else "Stämmer"
    return _TotalRow(label, formatting.number(printed), formatting.number(computed), status, differs)


def _total_rows(year: BudgetYear) -> list[_TotalRow]:
    rows = [
        _total_row("Summa intäkter", year.income_total, year.income_sum),
        _total_row("Summa kostnader", year.costs_total, year.costs_sum),
    ]
    rows.extend(_total_row(f"{line.label} (summa av insatserna)", line.amount, line.items_sum) for line in year.costs if line.items)
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


def _share_rows(year: BudgetYear) -> list[_ShareRow]:
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


@dataclass(frozen=True, slots=True)
class _Entry:
    text: str
    note: str | None


def discrepancies_html(plan: Plan, accepted: list[checks.Finding]) -> str:
    """Return the warning box that explains each recorded discrepancy in plain Swedish."""
    entries = []
    for finding in accepted:
        note = next(d.note for d in plan.discrepancies if finding.matches(d))
        entries.append(_Entry(discrepancy_text(finding, plan.unit), note))
    title = "Summan stämmer inte i källdokumentet" if len(entries) == 1 else "Summor som inte stämmer i källdokumentet"
    return rendered("discrepancies.html", title=title, entries=entries)


def discrepancy_text(finding: checks.Finding, unit: str) -> str:
    """Return one discrepancy explained in a Swedish sentence."""
    printed = formatting.money(finding.printed, unit)
    computed = formatting.money(finding.computed, unit)
    difference = formatting.money(abs(finding.printed - finding.computed), unit)
    direction = "mer" if finding.printed > finding.computed else "mindre"
    what = {
        checks.INCOME: (f"summa intäkter för {finding.year} till {printed}", f"intäktsraderna summerar till {computed}"),
        checks.COSTS: (f"summa kostnader för {finding.year} till {printed}", f"kostnadsraderna summerar till {computed}"),
        checks.ITEMS: (f"raden ”{finding.label}” för {finding.year} till {printed}", f"insatserna under den summerar till {computed}"),
        checks.RESULT: (f"årets resultat för {finding.year} till {printed}", f"intäkter minus kostnader blir {computed}"),
        checks.SHARES: (
            f"{SHARE_NAMES.get(finding.label or '', finding.label)} bidrag för {finding.year} till {printed}",
            f"enligt lagen ska {SHARE_NAMES.get(finding.label or '', '').lower() or 'parten'} stå för {SHARE_WORDS.get(finding.label or '', 'sin andel')} av medlemsbidragen, {computed}",
        ),
    }[finding.kind]
    return f"Dokumentet anger {what[0]}, men {what[1]}: dokumentets siffra är {difference} {direction}."


def profile_page(profile: Profile, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of a förbund page: facts, the text, its plans and documents."""
    parts = [block(rendered("profile_facts.html", profile=profile)), profile.body.rstrip(), "\n\n## Verksamhetsplaner\n"]
    plans = corpus.plans_of(profile.slug)
    if plans:
        rows = [_plan_row(plan, link) for plan in plans]
        parts.append(block(rendered("profile_plans.html", profile=profile, rows=rows)))
    else:
        parts.append("\nDet finns ännu inga verksamhetsplaner för förbundet på webbplatsen.\n")
    documents = corpus.documents_of(profile.slug)
    if documents:
        rows = [{"document": d, "href": link(d.uri)} for d in documents]
        parts.append("\n\n## Övriga dokument\n")
        parts.append(block(rendered("document_list.html", rows=rows)))
    return "".join(parts)


def _plan_row(plan: Plan, link: Link) -> dict[str, object]:
    budget = plan.adopted_budget
    count = len(plan.discrepancies)
    return {
        "plan": plan,
        "href": link(plan.uri),
        "adopted": formatting.long_date(plan.adopted) if plan.adopted else "–",
        "income": formatting.money(budget.income_total if budget.income_total is not None else budget.income_sum, plan.unit),
        "costs": formatting.money(budget.costs_total if budget.costs_total is not None else budget.costs_sum, plan.unit),
        "discrepancies": f"{count} st." if count else "Inga",
    }


def document_page(document: Document, profile: Profile, link: Link) -> str:
    """Return the Markdown of a document page: facts and the text."""
    facts = rendered("document_facts.html", document=document, profile=profile, profile_href=link(profile.uri))
    body = re.sub(r"\A\s*#[ \t]+.*\n", "", document.body, count=1)
    return block(facts) + body


def forbund_index(corpus: Corpus, link: Link) -> str:
    """Return the Markdown of the list of all förbund."""
    rows = [
        {
            "profile": profile,
            "href": link(profile.uri),
            "plans": [{"year": p.year, "href": link(p.uri)} for p in corpus.plans_of(slug)],
            "documents": len(corpus.documents_of(slug)),
        }
        for slug, profile in sorted(corpus.profiles.items(), key=lambda kv: kv[1].name)
    ]
    intro = (
        "---\ntitle: Förbund\ndescription: Alla samordningsförbund vars verksamhetsplaner finns på webbplatsen.\n---\n\n"
        "Här finns alla samordningsförbund vars verksamhetsplaner och budgetar finns på webbplatsen. "
        "Välj ett förbund för att se dess uppgifter, planer och dokument.\n"
    )
    return intro + block(rendered("forbund_index.html", rows=rows))

