"""Render pages of the site as Markdown with escaped HTML blocks, from the checked corpus."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import formatting
from ..format import bodies, checks
from ..format.model import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    MEMBER_SHARES,
    BudgetYear,
    Corpus,
    Document,
    Item,
    Line,
    Plan,
    Profile,
)
from . import marks
from .derived import Figures, discrepancy_anchor, figures_of
from .markup import (
    BLOCK_END,
    BLOCK_START,
    escaped,
    html_escaped,
    table_html,
    tbody,
    th,
    without_blank_lines,
)
from .memo import Memoize, fresh

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
    env.globals.update(number=formatting.number, long_date=formatting.long_date)
    return env


ENV = _environment()


def rendered(template: str, **context: object) -> str:
    """Return a rendered template as one raw HTML block without blank lines."""
    return without_blank_lines(ENV.get_template(template).render(**context))


_BLOCK_RE = re.compile(f"{BLOCK_START}(.*?){BLOCK_END}", re.DOTALL)
_BLOCK_RUN_RE = re.compile(
    f"{BLOCK_START}.*?{BLOCK_END}(?:\\s*{BLOCK_START}.*?{BLOCK_END})*", re.DOTALL
)
_TOKEN_RE = re.compile(f"<p>{BLOCK_START}([0-9]+){BLOCK_END}</p>")


def block(text: str) -> str:
    """Return an HTML block, marked so that it can bypass Markdown, set apart by blank lines."""
    return f"\n\n{BLOCK_START}{text}{BLOCK_END}\n\n"


def stash(markdown: str) -> tuple[str, list[str]]:
    """Return the Markdown with each HTML block replaced by a token, and the blocks.

    Python-Markdown runs every raw HTML block through an HTML parser; the site's own blocks
    are already escaped, so they skip it: a large share of the build's time otherwise. Blocks
    that follow each other become one token, one paragraph less for Markdown to process each.
    """
    blocks: list[str] = []

    def token(match: re.Match[str]) -> str:
        blocks.append("\n".join(_BLOCK_RE.findall(match.group(0))))
        return f"{BLOCK_START}{len(blocks) - 1}{BLOCK_END}"

    return _BLOCK_RUN_RE.sub(token, markdown), blocks


def unstash(html_text: str, blocks: list[str]) -> str:
    """Return the HTML with each token put back as its block."""
    return _TOKEN_RE.sub(lambda match: blocks[int(match.group(1))], html_text)


_DEFINITION_START_RE = re.compile(r"((?:[ \t]*\n)*[ ]{0,3}):(?= )")


def set_apart(text: str) -> str:
    """Return an editor's text to follow one of the site's blocks: its first block cannot take the block before it as its own.

    A text whose first line starts with ": " is a paragraph on its own (as the body check renders
    it), but after a block it would make that block the term of a definition list, leaving the
    block's mark in the page. The colon becomes a character reference: shown the same, no list.
    """
    match = _DEFINITION_START_RE.match(text)
    return text if match is None else f"{match.group(1)}&#58;{text[match.end() :]}"


@dataclass(frozen=True, slots=True)
class Meta:
    """A page's title and description, and the förbund and year a search result shows, escaped for templates that print them raw."""

    title: str
    description: str
    forbund: str = ""
    year: str = ""

    def as_dict(self) -> dict[str, str]:
        """Return the values as page metadata (the förbund and year where the page has them)."""
        found = {
            "title": self.title,
            "description": self.description,
            "forbund": self.forbund,
            "year": self.year,
        }
        return {key: value for key, value in found.items() if value}


PRINTED_META = ("title", "description", "forbund", "year")  # page metadata the theme prints raw


def escaped_page_meta(meta: dict) -> dict:
    """Return a site page's metadata with its title and description escaped, for the theme, which prints them raw."""
    return {
        key: escaped(str(value)) if key in PRINTED_META and value is not None else value
        for key, value in meta.items()
    }


def escaped_meta(title: str, description: str, forbund: str = "", year: int | None = None) -> Meta:
    """Return title, description and the page's förbund with HTML special characters escaped."""
    return Meta(
        escaped(title), escaped(description), escaped(forbund), "" if year is None else str(year)
    )


def plan_meta(plan: Plan, profile: Profile) -> Meta:
    """Return the escaped title and description of a plan page."""
    description = (
        f"{plan.display_title} för {profile.name}: planens text och budget för {plan.year}."
    )
    return escaped_meta(plan.display_title, description, profile.name, plan.year)


def profile_meta(profile: Profile) -> Meta:
    """Return the escaped title and description of a förbund page."""
    return escaped_meta(
        profile.name,
        f"{profile.name}, {profile.county}: verksamhetsplaner och budgetar.",
        profile.name,
    )


def document_meta(document: Document, profile: Profile) -> Meta:
    """Return the escaped title and description of a document page."""
    return escaped_meta(
        document.title, document.description or f"{document.title}, {profile.name}.", profile.name
    )


def plan_page(plan: Plan, profile: Profile, link: Link, compare_href: str | None = None) -> str:
    """Return the Markdown of a plan page: facts, the text, and the budget where marked."""
    facts = plan_facts_html(plan, profile.name, link(profile.uri), compare_href)
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


def plan_facts_html(plan: Plan, forbund: str, forbund_href: str, compare_href: str | None) -> str:
    """Return the facts of a plan: förbund, year, adoption, source, unit, budget years, comparison and known errors."""
    years = [f"{plan.year} ({'antagen budget' if plan.adopted else 'planens budget'})"]
    if plan.forecasts:
        years.append(f"{', '.join(str(b.year) for b in plan.forecasts)} (prognos)")
    if plan.earlier:
        years.append(f"{', '.join(str(b.year) for b in plan.earlier)} (jämförelseår)")
    facts = [
        '<dl class="finsam-facts">',
        f'<dt>Förbund</dt><dd><a href="{html_escaped(forbund_href)}">{html_escaped(forbund)}</a></dd>',
        f"<dt>Verksamhetsår</dt><dd>{plan.year}</dd>",
    ]
    if plan.adopted:
        facts.append(
            f'<dt>Antagen</dt><dd><time datetime="{plan.adopted.isoformat()}">{formatting.long_date(plan.adopted)}</time></dd>'
        )
    if plan.source_url:
        facts.append(
            f'<dt>Källdokument</dt><dd><a href="{html_escaped(plan.source_url)}" rel="external">{html_escaped(plan.source)}</a> (originaldokumentet hos förbundet)</dd>'
        )
    else:
        facts.append(f"<dt>Källdokument</dt><dd>{html_escaped(plan.source)}</dd>")
    facts.append(f"<dt>Belopp i</dt><dd>{UNIT_NAMES[plan.unit]}</dd>")
    facts.append(f"<dt>Budgetår i planen</dt><dd>{', '.join(years)}</dd>")
    if compare_href:
        facts.append(
            f'<dt>Jämför</dt><dd><a href="{html_escaped(compare_href)}">Alla förbunds budgetar för {plan.year}</a></dd>'
        )
    confirmed, unconfirmed = len(plan.confirmed_discrepancies), len(plan.unconfirmed_discrepancies)
    if confirmed:
        facts.append(
            f'<dt>Fel i källdokumentet</dt><dd><a href="#budget-{plan.year}">{_sums(confirmed)} som inte stämmer i originalet</a></dd>'
        )
    if unconfirmed:
        facts.append(
            f'<dt>Ej kontrollerat mot originalet</dt><dd><a href="#budget-{plan.year}">{_sums(unconfirmed)} som inte går ihop i avskriften</a></dd>'
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
    """Return the Markdown of a plan's budget years, headed at level, with sums, shares and discrepancies."""
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
            f"Beloppen för {year} är en prognos i planen för {plan.year}, inte förbundets budget för {year}.\n",
        )
    return (
        f"Jämförelseår {year}",
        f"Beloppen för {year} återges som jämförelse så som de står i planen för {plan.year}. Förbundets budget för {year} är den i planen för {year}.\n",
    )


def _year_section(
    plan: Plan,
    profile: Profile,
    year: BudgetYear,
    level: int,
    accepted: list[tuple[int, checks.Finding]],
) -> str:
    heading, intro = _year_heading(plan, year.year)
    caption = f"{heading}, {profile.short_name}, {plan.unit}"
    parts = [
        f"\n\n{'#' * level} {heading}\n\n",
        intro,
        block(budget_lines_html(year, plan.unit, caption, forecast=year.year > plan.year)),
        block(budget_totals_html(year.year, plan.unit, _total_rows(year))),
    ]
    if year.has_member_split():
        parts.append(block(budget_shares_html(year.year, plan.unit, _share_rows(year))))
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
        return _TotalRow(
            label, formatting.number(printed), "–", "Anges i dokumentet, kontrolleras inte", False
        )
    differs = printed != computed
    status = f"Avviker med {formatting.number(printed - computed)}" if differs else "Stämmer"
    return _TotalRow(
        label, formatting.number(printed), formatting.number(computed), status, differs
    )


def _total_rows(year: BudgetYear) -> list[_TotalRow]:
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


_DIFFERS = ' class="finsam-differs"'


def budget_lines_html(year: BudgetYear, unit: str, caption: str, forecast: bool) -> str:
    """Return the table of a budget year's income and cost lines, each cost line followed by its insatser."""
    has_items = any(line.items for line in year.costs)
    columns = 4 if has_items else 3
    head = (
        th("Post", "Kategori", "Insatsägare", f"Belopp, {unit}", numeric=(3,))
        if has_items
        else th("Post", "Kategori", f"Belopp, {unit}", numeric=(2,))
    )
    rows = [f'<tr class="finsam-group"><th scope="rowgroup" colspan="{columns}">Intäkter</th></tr>']
    rows.extend(_line_html(line, INCOME_CATEGORIES, has_items) for line in year.income)
    rows.append(
        f'<tr class="finsam-group"><th scope="rowgroup" colspan="{columns}">Kostnader</th></tr>'
    )
    for line in year.costs:
        rows.append(_line_html(line, COST_CATEGORIES, has_items))
        rows.extend(_item_html(item) for item in line.items)
    return table_html(
        caption,
        head,
        tbody(rows),
        region_class="finsam-budget finsam-forecast" if forecast else "finsam-budget",
    )


def _line_html(line: Line, categories: dict[str, str], has_items: bool) -> str:
    owner = "<td></td>" if has_items else ""
    return f'<tr><th scope="row">{html_escaped(line.label)}</th><td>{categories[line.category]}</td>{owner}<td class="finsam-num">{formatting.number(line.amount)}</td></tr>'


def _item_html(item: Item) -> str:
    return (
        f'<tr class="finsam-item"><th scope="row"><span class="finsam-indent" aria-hidden="true">– </span>{html_escaped(item.label)}</th>'
        f'<td>Insats</td><td>{html_escaped(item.owner or "–")}</td><td class="finsam-num">{formatting.number(item.amount)}</td></tr>'
    )


def budget_totals_html(year: int, unit: str, rows: list[_TotalRow]) -> str:
    """Return the table of a budget year's printed and computed sums."""
    head = th("Summa", f"Tryckt, {unit}", f"Beräknat, {unit}", "Kontroll", numeric=(1, 2))
    body = (
        f'<tr{_DIFFERS if row.differs else ""}><th scope="row">{html_escaped(row.label)}</th><td class="finsam-num">{row.printed}</td>'
        f'<td class="finsam-num">{row.computed}</td><td>{row.status}</td></tr>'
        for row in rows
    )
    return table_html(f"Summor {year}: tryckta och beräknade", head, tbody(body))


def budget_shares_html(year: int, unit: str, rows: list[_ShareRow]) -> str:
    """Return the table of the members' shares of a budget year against the law's."""
    head = th("Part", f"Belopp, {unit}", "Andel", "Enligt lagen", "Kontroll", numeric=(1, 2, 3))
    body = (
        f'<tr{_DIFFERS if row.differs else ""}><th scope="row">{row.label}</th><td class="finsam-num">{row.amount}</td>'
        f'<td class="finsam-num">{row.share}</td><td class="finsam-num">{row.lawful}</td><td>{row.status}</td></tr>'
        for row in rows
    )
    return table_html(
        f"Medlemmarnas andelar {year} enligt lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser",
        head,
        tbody(body),
    )


UNCONFIRMED_EXPLANATION = (
    "Avskriften har inte jämförts med det publicerade originaldokumentet. Det är alltså inte känt om siffrorna går ihop där, "
    "eller om en rad har fallit bort eller lästs fel när texten togs ut ur dokumentet."
)


def discrepancies_html(plan: Plan, accepted: list[tuple[int, checks.Finding]]) -> str:
    """Return the boxes that explain each recorded discrepancy (its index in the plan, the finding) in plain Swedish: errors confirmed in the source, then sums not yet checked."""
    confirmed = [(i, f) for i, f in accepted if plan.discrepancies[i].confirmed]
    unconfirmed = [(i, f) for i, f in accepted if not plan.discrepancies[i].confirmed]
    boxes = []
    if confirmed:
        title = (
            "Fel i källdokumentet: summan stämmer inte"
            if len(confirmed) == 1
            else "Fel i källdokumentet: summor som inte stämmer"
        )
        paragraphs = [
            _discrepancy_paragraph(i, discrepancy_text(f, plan.unit), plan.discrepancies[i].note)
            for i, f in confirmed
        ]
        closing = "Avskriften är jämförd med originaldokumentet, och siffrorna går inte ihop där heller. Alla belopp visas så som de är tryckta; webbplatsen rättar dem inte."
        boxes.append(
            _box("warning finsam-discrepancies finsam-confirmed", title, paragraphs, closing)
        )
    if unconfirmed:
        title = (
            "Ej kontrollerat: summan går inte ihop i avskriften"
            if len(unconfirmed) == 1
            else "Ej kontrollerat: summor som inte går ihop i avskriften"
        )
        paragraphs = [
            _discrepancy_paragraph(i, unconfirmed_text(f, plan.unit), plan.discrepancies[i].note)
            for i, f in unconfirmed
        ]
        closing = f"{UNCONFIRMED_EXPLANATION} Alla belopp visas så som de står i avskriften; webbplatsen rättar dem inte."
        boxes.append(
            _box("question finsam-discrepancies finsam-unconfirmed", title, paragraphs, closing)
        )
    return "\n".join(boxes)


def _discrepancy_paragraph(index: int, text: str, note: str | None) -> str:
    """Return one discrepancy's explanation, with the id that figures touched by it link to."""
    comment = (
        f' <span class="finsam-note">Redaktionens kommentar: {html_escaped(note)}</span>'
        if note
        else ""
    )
    return f'<p id="{discrepancy_anchor(index)}">{html_escaped(text)}{comment}</p>'


def _box(kind: str, title: str, paragraphs: list[str], closing: str) -> str:
    html_lines = [
        f'<div class="admonition {kind}">',
        f'<p class="admonition-title">{html_escaped(title)}</p>',
        *paragraphs,
        f"<p>{html_escaped(closing)}</p>",
        "</div>",
    ]
    return without_blank_lines("\n".join(html_lines))


def _amounts(finding: checks.Finding, unit: str) -> tuple[str, str, str]:
    """Return a discrepancy's printed and computed amounts and their difference, for readers."""
    return tuple(
        formatting.money(amount, unit)
        for amount in (finding.printed, finding.computed, abs(finding.printed - finding.computed))
    )


def discrepancy_text(finding: checks.Finding, unit: str) -> str:
    """Return one discrepancy confirmed in the source, explained in a Swedish sentence."""
    printed, computed, difference = _amounts(finding, unit)
    direction = "större" if finding.printed > finding.computed else "mindre"
    what = {
        checks.INCOME: (
            f"Summa intäkter för {finding.year} är enligt dokumentet {printed}",
            f"intäktsraderna summerar till {computed}",
        ),
        checks.COSTS: (
            f"Summa kostnader för {finding.year} är enligt dokumentet {printed}",
            f"kostnadsraderna summerar till {computed}",
        ),
        checks.ITEMS: (
            f"Raden ”{finding.label}” för {finding.year} är enligt dokumentet {printed}",
            f"insatserna under den summerar till {computed}",
        ),
        checks.RESULT: (
            f"Årets resultat för {finding.year} är enligt dokumentet {printed}",
            f"intäkter minus kostnader blir {computed}",
        ),
        checks.SHARES: (
            f"{SHARE_NAMES.get(finding.label or '', finding.label)}s bidrag för {finding.year} är enligt dokumentet {printed}",
            f"enligt lagen ska {SHARE_NAMES.get(finding.label or '', '').lower() or 'parten'} stå för {SHARE_WORDS.get(finding.label or '', 'sin andel')} av medlemsbidragen, {computed}",
        ),
    }[finding.kind]
    return f"{what[0]}, men {what[1]}: dokumentets siffra är {difference} {direction}."


def unconfirmed_text(finding: checks.Finding, unit: str) -> str:
    """Return one discrepancy not checked against the original, explained in a Swedish sentence about the transcription."""
    printed, computed, difference = _amounts(finding, unit)
    party = SHARE_NAMES.get(finding.label or "", finding.label or "Parten")
    transcribed = "så som de är avskrivna här"
    what = {
        checks.INCOME: (
            f"Summa intäkter för {finding.year} är enligt dokumentet {printed}",
            f"intäktsraderna {transcribed} summerar till {computed}",
        ),
        checks.COSTS: (
            f"Summa kostnader för {finding.year} är enligt dokumentet {printed}",
            f"kostnadsraderna {transcribed} summerar till {computed}",
        ),
        checks.ITEMS: (
            f"Raden ”{finding.label}” för {finding.year} är enligt dokumentet {printed}",
            f"insatserna under den {transcribed} summerar till {computed}",
        ),
        checks.RESULT: (
            f"Årets resultat för {finding.year} är enligt dokumentet {printed}",
            f"intäkter minus kostnader {transcribed} blir {computed}",
        ),
        checks.SHARES: (
            f"{party}s bidrag för {finding.year} är enligt dokumentet {printed}",
            f"enligt lagen ska {party.lower()} stå för {SHARE_WORDS.get(finding.label or '', 'sin andel')} av medlemsbidragen {transcribed}, {computed}",
        ),
    }[finding.kind]
    return f"{what[0]}, men {what[1]}. Skillnaden är {difference}."


def profile_page(
    profile: Profile, corpus: Corpus, link: Link, plans: list[tuple[Plan, Figures]] | None = None
) -> str:
    """Return the Markdown of a förbund page: facts, the text, its plans (oldest first, each with its budget's figures; by default from the corpus) and documents."""
    if plans is None:
        plans = [
            (plan, figures_of(plan, plan.adopted_budget, profile))
            for plan in corpus.plans_of(profile.slug)
        ]
    parts = [
        block(rendered("profile_facts.html", profile=profile)),
        set_apart(profile.body.rstrip()),
        "\n\n## Verksamhetsplaner\n",
    ]
    if plans:
        rows = [_plan_row(plan, figures, link) for plan, figures in plans]
        legend = marks.legend_html(
            computed=any(figures.figure(key).computed for _, figures in plans for key in PLAN_KEYS),
            disputed=any(figures.figure(key).disputed for _, figures in plans for key in PLAN_KEYS),
            missing=any(
                plan.adopted is None or any(figures.figure(key).missing for key in PLAN_KEYS)
                for plan, figures in plans
            ),
        )
        parts.append(block(profile_plans_html(profile.short_name, rows) + legend))
    else:
        parts.append("\nDet finns ännu inga verksamhetsplaner för förbundet på webbplatsen.\n")
    documents = corpus.documents_of(profile.slug)
    if documents:
        rows = [{"document": d, "href": link(d.uri)} for d in documents]
        parts.append("\n\n## Övriga dokument\n")
        parts.append(block(rendered("document_list.html", rows=rows)))
    return "".join(parts)


PLAN_KEYS = ("income_total", "costs")


@dataclass(frozen=True, slots=True)
class _PlanRow:
    year: int
    title: str
    href: str
    adopted: str
    income: str
    costs: str
    discrepancies: str


def _plan_row(plan: Plan, figures: Figures, link: Link) -> _PlanRow:
    counts = []
    if plan.confirmed_discrepancies:
        counts.append(f"{len(plan.confirmed_discrepancies)} fel i källdokumentet")
    if plan.unconfirmed_discrepancies:
        count = len(plan.unconfirmed_discrepancies)
        counts.append(
            f"{count} ej {'kontrollerad' if count == 1 else 'kontrollerade'} mot originalet"
        )
    return _PlanRow(
        plan.year,
        plan.display_title,
        link(plan.uri),
        f'<time datetime="{plan.adopted.isoformat()}">{formatting.long_date(plan.adopted)}</time>'
        if plan.adopted
        else marks.MISSING_HTML,
        marks.amount_html(figures, figures.income_total, link),
        marks.amount_html(figures, figures.costs, link),
        ", ".join(counts) or "Inga",
    )


def profile_plans_html(short_name: str, rows: list[_PlanRow]) -> str:
    """Return the table of a förbund's plans: year, title, adoption, the budget's Summa intäkter and Kostnader in tkr, and the sums that do not add up."""
    head = th(
        "År",
        "Plan",
        "Antagen",
        "Summa intäkter, tkr",
        "Kostnader, tkr",
        "Summor som inte går ihop",
        numeric=(3, 4),
    )
    body = (
        f'<tr><th scope="row">{row.year}</th><td><a href="{html_escaped(row.href)}">{html_escaped(row.title)}</a></td><td>{row.adopted}</td>'
        f'<td class="finsam-num">{row.income}</td><td class="finsam-num">{row.costs}</td><td>{row.discrepancies}</td></tr>'
        for row in rows
    )
    return table_html(f"Verksamhetsplaner för {short_name}, tkr", head, tbody(body))


def document_page(document: Document, profile: Profile, link: Link) -> str:
    """Return the Markdown of a document page: facts and the text."""
    facts = rendered(
        "document_facts.html", document=document, profile=profile, profile_href=link(profile.uri)
    )
    body = re.sub(r"\A\s*#[ \t]+.*\n", "", document.body, count=1)
    return block(facts) + set_apart(body)


FORBUND_INTRO = (
    "---\ntitle: Förbund\ndescription: Alla samordningsförbund vars verksamhetsplaner finns på webbplatsen.\n---\n\n"
    "Här finns alla samordningsförbund vars verksamhetsplaner och budgetar finns på webbplatsen. "
    "Välj ett förbund för att se dess uppgifter, planer och dokument.\n"
)


def forbund_index(
    corpus: Corpus, link: Link, memo: Memoize = fresh, plans: dict[str, list[Plan]] | None = None
) -> str:
    """Return the Markdown of the list of all förbund (with each förbund's plans, by default from the corpus); with a Memo, unchanged rows are kept."""
    plans = {slug: corpus.plans_of(slug) for slug in corpus.profiles} if plans is None else plans
    documents = Counter(document.slug for document in corpus.documents)
    rows = tuple(
        memo(forbund_row_html, profile, tuple(plans.get(slug, ())), documents[slug], link)
        for slug, profile in sorted(
            corpus.profiles.items(), key=lambda kv: formatting.swedish_order(kv[1].short_name)
        )
    )
    head = th("Förbund", "Län", "Verksamhetsplaner", "Övriga dokument")
    return FORBUND_INTRO + block(
        memo(table_html, "Samordningsförbund med planer på webbplatsen", head, tbody(rows))
    )


def forbund_row_html(profile: Profile, plans: tuple[Plan, ...], documents: int, link: Link) -> str:
    """Return a förbund's row in the list of förbund: name, county, a link to each plan by year, number of documents."""
    years = (
        ", ".join(f'<a href="{html_escaped(link(plan.uri))}">{plan.year}</a>' for plan in plans)
        or "–"
    )
    return (
        f'<tr><th scope="row"><a href="{html_escaped(link(profile.uri))}">{html_escaped(profile.name)}</a></th><td>{html_escaped(profile.county)}</td>'
        f'<td>{years}</td><td class="finsam-num">{documents}</td></tr>'
    )


# --- the link to report an error in a plan (opens GitHub's issue form in a new tab) ------------


def report_html(href: str) -> str:
    """Return the plan page's link "Rapportera ett fel" to a prefilled issue form, opening in a new tab."""
    return (
        '<p class="finsam-report">Har du hittat ett fel på sidan? '
        f'<a href="{html_escaped(href)}" target="_blank" rel="noopener noreferrer">Rapportera ett fel</a> (öppnas i en ny flik på GitHub, där du behöver ett konto).</p>'
    )
