"""Render the generated comparison pages: years side by side, a förbund over time, all insatser."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from . import charts, export
from .. import formatting
from .derived import ADOPTED, EARLIER, FORECAST, Comparison, Figures, Memoize, fresh, phase_of
from ..format.model import COST_CATEGORIES, BudgetYear, Corpus, Plan, Profile
from .render import Link, block, html_escaped, rendered, table_html, tbody, th

SECTION = "jamfor"
PHASE_NAMES = {ADOPTED: "", FORECAST: "prognos", EARLIER: "jämförelseår"}
INSATSER = "insatser/index.md"
DATA = "data/index.md"
CHARTS = f"{SECTION}/diagram"
REVENUE_FILES = (f"{CHARTS}/intakter-per-forbund.svg", f"{CHARTS}/intakter-per-forbund.csv")
WIDE = "hide:\n  - toc\n"  # front-matter of the comparison pages: no contents sidebar, so that a year's table has the width
OVERVIEW_YEARS = 10  # years in the overview's table and chart; every year has its own page

DERIVATION = """## Så räknas siffrorna

Alla belopp räknas om till kronor från den enhet planen har (kr, tkr eller mkr) och visas
här avrundade till hela tusental kronor (tkr). Siffrorna tas direkt från planernas budgetar:

- **Intäkter** är planens intäktsrader utom eget kapital (`equity`), alltså det förbundet får in under året.
- **Medlemsbidrag** är statens, regionens och kommunernas bidrag, eller medlemsavgifterna när planen anger dem som en rad.
- **Kostnader** är summan av planens kostnadsrader. Varje kostnadskategoris **andel** är kategorins belopp delat med den summan.
- **Resultat** är årets resultat så som det är tryckt i planen, annars intäkter minus kostnader.
- **Från tidigare år** är över- eller underskott från tidigare år, där planen anger det.
- **Medlemsbidrag per invånare 16–64 år** är medlemsbidragen delade med förbundets befolkning i åldern 16–64 år, där den finns i förbundets uppgifter.
- Ett års budget för ett förbund är den som står i planen **för** det året. Ett belopp för samma år i en tidigare plan är en **prognos** och visas som prognos.
- Ett förbund som saknar plan för ett år visas med ”–”, aldrig som noll.

Siffrorna kommer från samma kontrollerade budgetar som planernas sidor. Alla budgetrader
finns att ladda ner som öppna data: se [Öppna data]({data}).
"""


def tkr(kronor: int) -> str:
    """Return kronor as whole tkr, rounded half away from zero: 1 438 939 kr → 1 439."""
    return formatting.number(formatting.whole_tkr(kronor))


def _shares(figures: Figures) -> list[str]:
    """Return each cost category's share of the costs, as figures.cost_share gives it (amount / costs, rounded once)."""
    if not figures.costs:
        return ["–"] * len(COST_CATEGORIES)
    amounts = dict(figures.costs_by_category)
    return [formatting.percent(amounts.get(category, 0) / figures.costs) for category in COST_CATEGORIES]


def _front_matter(title: str, description: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n\n"


def cost_shares_files(year: int) -> tuple[str, str]:
    """Return the paths of the cost shares chart of one year as an SVG file and its figures as CSV."""
    stem = f"{CHARTS}/kostnadernas-fordelning-{year}"
    return f"{stem}.svg", f"{stem}.csv"


def chart_files(years: list[int]) -> list[str]:
    """Return the paths of every chart's SVG file and CSV file."""
    return [*REVENUE_FILES, *(path for year in years for path in cost_shares_files(year))]


def year_rows(year: int, comparison: Comparison, corpus: Corpus) -> tuple[tuple[str, Figures], ...]:
    """Return the förbund with an adopted budget for one year, each (short name, figures), as the year's chart shows them."""
    adopted = comparison.adopted_in(year)
    return tuple((corpus.profiles[slug].short_name, adopted[slug]) for slug in comparison.slugs if slug in adopted)


def overview_years(comparison: Comparison) -> tuple[int, ...]:
    """Return the years the overview's table and chart show: the latest OVERVIEW_YEARS, so that the page stays small as years are added."""
    return tuple(comparison.years)[-OVERVIEW_YEARS:]


def revenue_series(comparison: Comparison, corpus: Corpus) -> tuple[tuple[str, tuple[Figures, ...]], ...]:
    """Return every förbund's adopted budgets in the overview's years, each (short name, figures), as the revenue chart shows them."""
    shown = set(overview_years(comparison))
    return tuple((corpus.profiles[slug].short_name, tuple(f for f in comparison.timeline(slug) if f.year in shown)) for slug in comparison.slugs)


def chart_html(chart: charts.Chart, svg_href: str, csv_href: str) -> str:
    """Return a chart's figure, with links to the chart as an SVG file and to its figures as CSV under it."""
    return rendered("chart.html", chart=chart, svg=Markup(chart.svg), svg_href=svg_href, csv_href=csv_href)


def _chart_block(chart: charts.Chart, files: tuple[str, str], link: Link, memo: Memoize) -> str:
    return memo(chart_html, chart, link(files[0]), link(files[1]))


def cost_shares_csv(rows: tuple[tuple[str, Figures], ...]) -> str:
    """Return the figures of a year's cost shares chart as CSV: each förbund's costs and each category's amount and share."""
    header = ["Förbund", "År", "Kostnader, kr"]
    header += [f"{name}, kr" for name in COST_CATEGORIES.values()] + [f"{name}, andel i procent" for name in COST_CATEGORIES.values()]
    lines = []
    for name, figures in rows:
        amounts = dict(figures.costs_by_category)
        shares = [_percent_value(amounts.get(c, 0), figures.costs) for c in COST_CATEGORIES]
        lines.append([name, figures.year, figures.costs, *(amounts.get(c, 0) for c in COST_CATEGORIES), *shares])
    return _csv_text(header, lines)


def revenue_csv(series: tuple[tuple[str, tuple[Figures, ...]], ...]) -> str:
    """Return the figures of the revenue chart as CSV: one row per förbund and year with an adopted budget."""
    lines = [[name, figures.year, figures.revenue] for name, timeline in series for figures in timeline]
    return _csv_text(["Förbund", "År", "Intäkter, kr"], lines)


def _percent_value(amount: int, costs: int) -> str:
    """Return a share in percent with one decimal and a decimal point (as in the chart, for machines): 12.4."""
    return "" if costs <= 0 else formatting.percent(amount / costs).replace("\u00a0%", "").replace(",", ".").replace("\u2212", "-")


def _csv_text(header: list[str], lines: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


def year_page(year: int, comparison: Comparison, corpus: Corpus, link: Link, memo: Memoize = fresh) -> str:
    """Return the Markdown of the comparison of all förbund in one year; with a Memo, unchanged rows and charts are kept."""
    adopted = comparison.adopted_in(year)
    rows = tuple((corpus.profiles[slug].short_name, adopted.get(slug)) for slug in comparison.slugs)
    chart = memo(charts.cost_shares_chart, year, year_rows(year, comparison, corpus))
    intro = (
        f"Förbundens antagna budgetar för {year}, sida vid sida: {len(adopted)} av "
        f"{len(comparison.slugs)} förbund har en plan för {year} på webbplatsen.\n"
    )
    return (
        _front_matter(f"Jämför {year}", f"Samordningsförbundens antagna budgetar för {year} jämförda.", WIDE + f"year: {year}\n")
        + block(f"<h1>Jämför {year}</h1>")
        + intro
        + block(memo(year_table_html, year, rows, link))
        + f"## Kostnadernas fördelning {year}\n"
        + block(_chart_block(chart, cost_shares_files(year), link, memo))
        + DERIVATION.format(data="../data/index.md")
    )


COMPARE_TABLE = "finsam-table finsam-compare"
# A dash that screen readers say as "saknas": the dash is hidden from them, the word from the eye
# (aria-label is not allowed on a plain span, and the Nu HTML Checker rejects it).
MISSING = '<span aria-hidden="true">–</span><span class="finsam-visually-hidden">saknas</span>'

MISSING_COLUMNS = 6 + len(COST_CATEGORIES)


@cache
def _year_head() -> str:
    names = ["Förbund", "Intäkter, tkr", "Medlemsbidrag, tkr", "Kostnader, tkr", *(f"{name}, andel" for name in COST_CATEGORIES.values())]
    names += ["Resultat, tkr", "Från tidigare år, tkr", "Medlemsbidrag per invånare 16–64 år, kr"]
    return th(*names, numeric=tuple(range(1, len(names))))


def year_table_html(year: int, rows: tuple[tuple[str, Figures | None], ...], link: Link) -> str:
    """Return the table of every förbund's adopted budget in one year, each (name, figures or None)."""
    body = tbody(year_row_html(year, name, figures, link) for name, figures in rows)
    return table_html(f"Antagna budgetar {year}, alla förbund", _year_head(), body, table_class=COMPARE_TABLE)


def year_row_html(year: int, name: str, figures: Figures | None, link: Link) -> str:
    """Return one förbund's row in the comparison of a year: its figures, linked to the plan, or that it has no plan for the year."""
    if figures is None:
        return f'<tr><th scope="row">{html_escaped(name)}</th><td colspan="{MISSING_COLUMNS}"><span class="finsam-missing">– Ingen plan för {year} på webbplatsen</span></td></tr>'
    per_capita = figures.per_capita
    values = [
        tkr(figures.revenue),
        tkr(figures.member_contributions),
        tkr(figures.costs),
        *_shares(figures),
        tkr(figures.result),
        "–" if figures.carried_over is None else tkr(figures.carried_over),
        "–" if per_capita is None else formatting.number(formatting.rounded(per_capita)),
    ]
    cells = "".join(f'<td class="finsam-num">{value}</td>' for value in values)
    return f'<tr><th scope="row"><a href="{html_escaped(link(figures.plan_uri))}">{html_escaped(name)}</a></th>{cells}</tr>'


def overview_page(comparison: Comparison, corpus: Corpus, link: Link, memo: Memoize = fresh) -> str:
    """Return the Markdown of the overview across all years, with links to each year; with a Memo, unchanged rows and the chart are kept."""
    years = overview_years(comparison)
    rows = tuple(
        memo(overview_row_html, corpus.profiles[slug], tuple(comparison.adopted.get((slug, year)) for year in years), link) for slug in comparison.slugs
    )
    table = memo(table_html, "Intäkter i antagna budgetar, tkr, per förbund och år", memo(_overview_head, years, link), tbody(rows), COMPARE_TABLE)
    chart = memo(charts.revenue_chart, revenue_series(comparison, corpus))
    year_links = ", ".join(f"[{year}]({year}.md)" for year in comparison.years) or "inga år ännu"
    return (
        _front_matter("Jämför förbund och år", "Samordningsförbundens budgetar jämförda över alla år.", WIDE)
        + "Här jämförs förbundens antagna budgetar över alla år. Välj ett år för att se alla "
        + f"förbund sida vid sida med kostnadernas fördelning: {year_links}.\n"
        + _earlier_years(comparison, years)
        + block(table)
        + "## Intäkter över tid\n"
        + block(_chart_block(chart, REVENUE_FILES, link, memo))
        + DERIVATION.format(data="../data/index.md")
    )


def _earlier_years(comparison: Comparison, shown: tuple[int, ...]) -> str:
    """Return a sentence saying where the years the overview leaves out are, or nothing when it shows them all."""
    if len(shown) == len(comparison.years):
        return ""
    return (
        f"\nTabellen och diagrammet visar de senaste {len(shown)} åren, {shown[0]}–{shown[-1]}. Alla år, "
        f"från {comparison.years[0]}, finns på årens egna sidor och i de [öppna datan](../data/index.md), "
        "till exempel i arbetsbokens blad Nyckeltal.\n"
    )


def _overview_head(years: tuple[int, ...], link: Link) -> str:
    cells = "".join(f'<th scope="col" class="finsam-num"><a href="{html_escaped(link(f"{SECTION}/{year}.md"))}">{year}</a></th>' for year in years)
    return f'<tr><th scope="col">Förbund</th>{cells}</tr>'


def overview_row_html(profile: Profile, years: tuple[Figures | None, ...], link: Link) -> str:
    """Return one förbund's row in the overview: its revenue in each year's adopted budget, linked to the plan, or missing."""
    parts = [f'<tr><th scope="row"><a href="{html_escaped(link(profile.uri))}">{html_escaped(profile.short_name)}</a></th>']
    for figures in years:
        href = link(figures.plan_uri) if figures else None
        if href:
            parts.append(f'<td class="finsam-num"><a href="{html_escaped(href)}">{tkr(figures.revenue)}</a></td>')
        else:
            parts.append(f'<td class="finsam-num">{MISSING}</td>')
    parts.append("</tr>")
    return "".join(parts)


def profile_history(profile: Profile, comparison: Comparison, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of a förbund's budgets over time and its forecasts beside the adopted budgets."""
    timeline = comparison.timeline(profile.slug)
    if not timeline:
        return ""
    link = cache(link)  # each forecast links to its plan and to the adopted budget's
    parts = [
        "\n\n## Budget över tid\n",
        block(timeline_html(f"Antagna budgetar för {profile.short_name}, tkr", [(f, link(f.plan_uri), corpus.page(f.plan_uri).display_title) for f in timeline])),
    ]
    pairs = comparison.forecast_pairs(profile.slug)
    if pairs:
        rows = [row for forecast, adopted in pairs for row in _forecast_rows(forecast, adopted, corpus, link)]
        parts.append("\n\n## Prognoser och antagna budgetar\n\n")
        parts.append(
            "En plan kan innehålla prognoser för de följande åren. Här står varje prognos bredvid "
            "den budget som senare antogs för samma år, med skillnaden (antagen minus prognos).\n"
        )
        parts.append(block(forecasts_html(f"Prognoser jämförda med antagna budgetar, {profile.short_name}", rows)))
    return "".join(parts)


def timeline_html(caption: str, rows: list[tuple[Figures, str, str]]) -> str:
    """Return the table of a förbund's adopted budgets by year, each (figures, link to the plan, plan title)."""
    head = th("År", "Intäkter, tkr", "Medlemsbidrag, tkr", "Kostnader, tkr", "Resultat, tkr", "Plan", numeric=(1, 2, 3, 4))
    body = (
        f'<tr><th scope="row">{f.year}</th><td class="finsam-num">{tkr(f.revenue)}</td><td class="finsam-num">{tkr(f.member_contributions)}</td>'
        f'<td class="finsam-num">{tkr(f.costs)}</td><td class="finsam-num">{tkr(f.result)}</td><td><a href="{html_escaped(href)}">{html_escaped(title)}</a></td></tr>'
        for f, href, title in rows
    )
    return table_html(caption, head, tbody(body))


@dataclass(frozen=True, slots=True)
class _ForecastRow:
    year: int
    measure: str
    forecast: str
    forecast_plan: str
    forecast_href: str
    adopted: str
    adopted_href: str | None
    difference: str


def _forecast_rows(forecast: Figures, adopted: Figures | None, corpus: Corpus, link: Link) -> list[_ForecastRow]:
    measures = (("Intäkter", "revenue"), ("Kostnader", "costs"), ("Resultat", "result"))
    rows = []
    for name, attribute in measures:
        predicted = getattr(forecast, attribute)
        actual = getattr(adopted, attribute) if adopted else None
        rows.append(
            _ForecastRow(
                forecast.year,
                name,
                tkr(predicted),
                corpus.page(forecast.plan_uri).display_title,
                link(forecast.plan_uri),
                "– ingen antagen budget på webbplatsen" if actual is None else tkr(actual),
                link(adopted.plan_uri) if adopted else None,
                "–" if actual is None else tkr(actual - predicted),
            )
        )
    return rows


def forecasts_html(caption: str, rows: list[_ForecastRow]) -> str:
    """Return the table of a förbund's forecasts, each beside the budget adopted later for the same year."""
    head = th("År", "Uppgift", "Prognos, tkr", "Prognosen finns i", "Antagen budget, tkr", "Skillnad, tkr", numeric=(2, 4, 5))
    body = (
        f'<tr><th scope="row">{row.year}</th><td>{row.measure}</td><td class="finsam-num">{row.forecast}</td>'
        f'<td><a href="{html_escaped(row.forecast_href)}">{html_escaped(row.forecast_plan)}</a></td>'
        f'<td class="finsam-num">{_adopted_cell(row)}</td><td class="finsam-num">{row.difference}</td></tr>'
        for row in rows
    )
    return table_html(caption, head, tbody(body))


def _adopted_cell(row: _ForecastRow) -> str:
    return f'<a href="{html_escaped(row.adopted_href)}">{row.adopted}</a>' if row.adopted_href else row.adopted


def insatser_uri(year: int) -> str:
    """Return the path of the page of the insatser in the plans for one year."""
    return f"{INSATSER.rsplit('/', 1)[0]}/{year}.md"


def insatser_page(corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = fresh) -> str:
    """Return the Markdown of the insatser's index: how many each year's plans specify, each year linked to its page."""
    counts = [memo(_insatser_counted, plan) for slug in comparison.slugs for plan in comparison.plans.get(slug, ())]
    rows = []
    for year in comparison.years:
        items = sum(n for plan_year, n, _ in counts if plan_year == year)
        budgets = sum(n for plan_year, _, n in counts if plan_year == year)
        rows.append(f'<tr><th scope="row"><a href="{html_escaped(link(insatser_uri(year)))}">{year}</a></th><td class="finsam-num">{formatting.number(items)}</td><td class="finsam-num">{budgets}</td></tr>')
    intro = (
        "Här finns alla insatser som förbundens planer specificerar under en kostnadsrad, en sida per planår. "
        "Varje sida grupperar insatserna per förbund och budgetår och länkar till planerna. Alla insatser finns också "
        "i [de öppna data](../data/index.md) (raderna med `row_type` = `item`).\n"
    )
    head = th("Planår", "Insatser", "Budgetar", numeric=(1, 2))
    body = block(table_html("Insatser per planår", head, tbody(reversed(rows)))) if rows else "\nInga planer finns ännu på webbplatsen.\n"
    return _front_matter("Insatser", "Alla insatser i samordningsförbundens planer, per planår.") + intro + body


def insatser_year_page(year: int, corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize = fresh) -> str:
    """Return the Markdown listing every itemised insats in the plans for one year, by förbund and budget year; with a Memo, unchanged plans' groups are kept."""
    groups = _insatser_of_year(year, corpus, comparison, link, memo)
    count = sum(rows for _, rows in groups)
    intro = (
        f"Här finns alla insatser som förbundens planer för {year} specificerar under en kostnadsrad: "
        f"{count} insatser i {len(groups)} {'budget' if len(groups) == 1 else 'budgetar'}. De är grupperade per förbund och år, och varje grupp "
        "länkar till sin plan. Beloppen står i planens egen enhet. Insatserna i andra års planer finns under "
        "[Insatser](index.md).\n"
    )
    head = th("Insats", "Insatsägare", "Kostnadsrad", "Budget", "Belopp", numeric=(4,))
    body = block(memo(table_html, f"Insatser i planerna för {year}, per förbund och år", head, tuple(html for html, _ in groups))) if groups else f"\nIngen plan för {year} specificerar några insatser.\n"
    return _front_matter(f"Insatser {year}", f"Alla insatser i samordningsförbundens planer för {year}.", f"year: {year}\n") + intro + body


def _insatser_counted(plan: Plan) -> tuple[int, int, int]:
    """Return a plan's year, its number of insatser and its number of budget years with any."""
    per_budget = [sum(len(line.items) for line in budget.costs) for budget in plan.budget]
    return plan.year, sum(per_budget), sum(1 for n in per_budget if n)


def _insatser_of_year(year: int, corpus: Corpus, comparison: Comparison, link: Link, memo: Memoize) -> list[tuple[str, int]]:
    """Return the insatser groups of the plans for one year, förbund by förbund: each group's table body and number of rows."""
    return [
        group
        for slug in comparison.slugs
        for plan in comparison.plans.get(slug, ())
        if plan.year == year
        for group in memo(insatser_groups, corpus.profiles[slug].short_name, plan, link)
    ]


def insatser_groups(name: str, plan: Plan, link: Link) -> tuple[tuple[str, int], ...]:
    """Return the insatser of each budget year of one plan that has any: the group's table body and its number of rows."""
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
    heading = f'<tr class="finsam-group"><th scope="rowgroup" colspan="5"><a href="{html_escaped(href)}">{html_escaped(name)} {budget.year}</a>{note}</th></tr>'
    rows = (
        f'<tr><th scope="row">{html_escaped(item.label)}</th><td>{html_escaped(item.owner or "–")}</td><td>{html_escaped(line.label)}</td>'
        f'<td>{year}</td><td class="finsam-num">{html_escaped(formatting.money(item.amount, plan.unit))}</td></tr>'
        for line in budget.costs
        for item in line.items
    )
    return "\n".join(tbody((heading, *rows)))


def data_page(files: dict[str, str], row_count: int) -> str:
    """Return the Markdown of the open-data page: the downloads and every field, from the export's own list."""
    names = {key: path.rsplit("/", 1)[-1] for key, path in files.items()}
    return (
        _front_matter("Öppna data", "Ladda ner alla budgetrader från samordningsförbundens planer som Excel, CSV och JSON.")
        + "Alla budgetrader i alla planer på webbplatsen finns att ladda ner, med samma siffror som "
        + "planernas sidor. Filerna skapas på nytt varje gång webbplatsen byggs, ur de kontrollerade "
        + f"planerna. Just nu innehåller de {formatting.number(row_count)} rader.\n\n"
        + "## Att öppna i Excel\n\n"
        + f"- [{names['xlsx']}]({names['xlsx']}): en arbetsbok för Excel, LibreOffice och Numbers med svenska "
        + "kolumnnamn och belopp som tal. Bladet *Budgetrader* har alla budgetrader och insatser, bladet "
        + "*Nyckeltal* förbundens nyckeltal per år som på jämförelsesidorna, och bladet *Om arbetsboken* "
        + "förklarar bladen, kolumnerna, enheterna och källorna.\n\n"
        + "Vill du veta när en plan läggs till eller ändras? Prenumerera på [flödet med nya och ändrade planer](../nyheter.xml) "
        + "(Atom) i din flödesläsare.\n\n"
        + "## Filer för program\n\n"
        + f"- [{names['csv']}]({names['csv']}): en rad per budgetrad och per insats, kommaseparerad, UTF-8.\n"
        + f"- [{names['json']}]({names['json']}): samma rader som en JSON-lista.\n"
        + f"- [{names['package']}]({names['package']}): en beskrivning enligt Frictionless Data Package "
        + "med tabellschema, så att filerna kan läsas och kontrolleras med vanliga verktyg.\n"
        + _discrepancy_files(names)
        + "\n"
        + "Varje budgetrad finns med en gång (`row_type` = `line`), och varje insats under en rad en gång "
        + "till (`row_type` = `item`). Summera bara raderna av en sort: annars räknas insatserna två gånger. "
        + "Beloppen står i kronor i `amount` och som de är tryckta i `amount_as_printed`.\n\n"
        + "## Fält\n"
        + block(_fields_html())
        + "## Villkor\n\n"
        + "Planerna är allmänna handlingar från förbunden. Sammanställningen får användas fritt "
        + "(CC0 1.0). Ange gärna webbplatsen som källa.\n\n"
        + f"Hur siffrorna på jämförelsesidorna räknas fram står på sidan [Jämför](../{SECTION}/index.md).\n"
    )


def _discrepancy_files(names: dict[str, str]) -> str:
    """Return the list item of the discrepancies' files, where the site writes them."""
    if "discrepancies_csv" not in names:
        return ""
    csv_name, json_name = names["discrepancies_csv"], names.get("discrepancies_json")
    also = f" och [{json_name}]({json_name})" if json_name else ""
    return (
        f"- [{csv_name}]({csv_name}){also}: varje summa i planerna som inte går ihop med sina rader, som CSV och JSON. "
        "Kolumnen `confirmed` är `true` om summan är kontrollerad mot originaldokumentet (ett fel i källdokumentet) "
        "och `false` om den inte är det (raderna så som de är avskrivna går inte ihop med den tryckta summan).\n"
    )


@cache
def _fields_html() -> str:
    """Return the table of the export's fields: name, type and description."""
    body = (
        f'<tr><th scope="row"><code>{"_<wbr>".join(html_escaped(part) for part in name.split("_"))}</code></th><td>{kind}</td><td>{html_escaped(description)}</td></tr>'
        for name, kind, description in export.FIELDS
    )
    return table_html("Fälten i budgetrader.csv och budgetrader.json", th("Fält", "Typ", "Beskrivning"), tbody(body))
