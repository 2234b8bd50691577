"""Render the generated comparison pages: years side by side, a förbund over time, all insatser."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from .. import formatting
from ..format.model import COST_CATEGORIES, Corpus, Profile
from ..format.paths import profile_uri
from . import charts, marks
from .addresses import (
    DATA,
    OVERVIEW,
    REVENUE_FILES,
    Link,
    cost_shares_files,
    relative,
    year_uri,
    year_workbook_uri,
)
from .derived import FIGURE_NAMES, Comparison, Figure, Figures
from .marks import amount_html, explanation, tkr
from .markup import html_escaped, table_html, tbody, th
from .memo import Memoize, no_memo
from .meta import front_matter
from .stash import block
from .templating import rendered

# front-matter of the comparison pages: no contents sidebar, so that a year's table has the width
WIDE = "hide:\n  - toc\n"
OVERVIEW_YEARS = 10  # years in the overview's table and chart; every year has its own page

DERIVATION = """## Så räknas siffrorna

Alla belopp räknas om till kronor från planens enhet (kr, tkr eller mkr) och visas här avrundade
till hela tusental kronor (tkr). En siffra i *kursiv stil med stjärna* (\\*) har webbplatsen
beräknat ur planens rader: den är inte tryckt i planen. Övriga belopp är tryckta i planen.

- **Summa intäkter** är planens tryckta summa intäkter. Där planen inte anger någon summa är det summan av intäktsraderna (beräknad).
- **Intäkter utom eget kapital** är summan av intäktsraderna utom eget kapital, alltså utom överskott och egna medel från tidigare år som planen använder för att finansiera året (beräknad).
- **Medlemsbidrag** är statens, regionens och kommunernas bidrag tillsammans, eller medlemsavgifterna när planen anger dem på en enda rad (beräknad när bidragen står på flera rader).
- **Kostnader** är planens tryckta summa kostnader. Där planen inte anger någon summa är det summan av kostnadsraderna (beräknad).
- **Andelen** för en kostnadskategori är summan av kategorins rader delad med summan av alla kostnadsrader, så att andelarna blir 100 % tillsammans (beräknad). Kategorierna är redaktionens indelning av planens rader; planerna själva delar inte in sina kostnader så.
- **Resultat** är årets resultat så som det står i planen. Där planen inte anger något resultat är det intäkter utom eget kapital minus kostnader (beräknat).
- **Från tidigare år** är det överskott, eller underskott, som förbundet enligt planen har kvar från tidigare års verksamhet.
- **Medlemsbidrag per invånare 16–64 år** är medlemsbidragen delade med antalet invånare i åldern 16–64 år i förbundets område enligt förbundets sida på den här webbplatsen (beräknat). Året som befolkningssiffran gäller står under den.
- **!** efter en siffra betyder att den berörs av en avvikelse, till exempel en tryckt summa som raderna i avskriften inte går ihop med: antingen gäller avvikelsen siffran själv, eller någon av raderna som siffran bygger på. Länken leder till förklaringen på planens sida.
- Ett förbunds budget för ett år är den som står i planen **för** det året. Har förbundet ingen plan för året, men en tidigare plan med en prognos för det, visas prognosen och markeras som prognos.
- Ett förbund som varken har en plan eller en prognos för ett år visas med ”–”, aldrig som noll. Detsamma gäller en uppgift som planen inte anger.

Siffrorna kommer från samma budgetar som på planernas sidor, där raderna har kontrollerats mot
planernas tryckta summor. Alla budgetrader och nyckeltal finns att ladda ner som öppna data:
se [Öppna data]({data}).
"""  # noqa: E501 - the page's Markdown as published: its list items are one line each


def share_text(share: Figure) -> str:
    """Return a cost share as a Swedish percentage with one decimal.

    Rounded once from the exact share.
    """
    return formatting.percent(float(share.value))


def per_capita_text(figure: Figure) -> str:
    """Return kronor per inhabitant, rounded to whole kronor, halves away from zero."""
    return formatting.number(formatting.rounded(figure.value))


def year_rows(year: int, comparison: Comparison, corpus: Corpus) -> tuple[tuple[str, Figures], ...]:
    """Return the förbund with a budget or a forecast for one year, each (name, figures).

    As the year's chart shows them.
    """
    shown = comparison.shown_in(year)
    return tuple(
        (corpus.profiles[slug].short_name, shown[slug])
        for slug in comparison.slugs
        if slug in shown
    )


def overview_years(comparison: Comparison) -> tuple[int, ...]:
    """Return the years the overview's table and chart show.

    The latest OVERVIEW_YEARS, so that the page stays small as years are added.
    """
    return tuple(comparison.years)[-OVERVIEW_YEARS:]


def revenue_series(
    comparison: Comparison, corpus: Corpus
) -> tuple[tuple[str, tuple[Figures, ...]], ...]:
    """Return every förbund's figures in the overview's years (budget, else forecast).

    Each (short name, figures), as the revenue chart shows them.
    """
    years = overview_years(comparison)
    return tuple(
        (
            corpus.profiles[slug].short_name,
            tuple(f for f in (comparison.shown(slug, year) for year in years) if f is not None),
        )
        for slug in comparison.slugs
    )


def chart_html(chart: charts.Chart, svg_href: str, csv_href: str) -> str:
    """Return a chart's figure.

    With links to the chart as an SVG file and to its figures as CSV under it.
    """
    return rendered(
        "chart.html",
        chart=chart,
        svg=Markup(chart.svg),  # noqa: S704 - the chart's SVG, written by charts with every text escaped
        svg_href=svg_href,
        csv_href=csv_href,
    )


def _chart_block(chart: charts.Chart, files: tuple[str, str], link: Link, memo: Memoize) -> str:
    return memo(chart_html, chart, link(files[0]), link(files[1]))


# --- One year, every förbund --------------------------------------------------------------------


def year_page(
    year: int, comparison: Comparison, corpus: Corpus, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown of the comparison of all förbund in one year.

    With a Memo, unchanged rows and charts are kept.
    """
    rows = tuple(
        (corpus.profiles[slug].short_name, comparison.shown(slug, year))
        for slug in comparison.slugs
    )
    chart = memo(charts.cost_shares_chart, year, year_rows(year, comparison, corpus))
    book = relative(year_workbook_uri(year), year_uri(year))
    budgets = sum(1 for _, figures in rows if figures is not None and not figures.is_forecast)
    forecasts = sum(1 for _, figures in rows if figures is not None and figures.is_forecast)
    intro = (
        f"Förbundens budgetar för {year}, sida vid sida: {budgets} av {len(comparison.slugs)} "
        f"förbund har en plan för {year} på webbplatsen"
    )
    if forecasts:
        intro += f", och {forecasts} visas med en prognos ur en tidigare plan"
    return (
        front_matter(
            f"Jämför {year}",
            f"Samordningsförbundens budgetar för {year} jämförda.",
            WIDE + f"year: {year}\n",
        )
        + block(f"<h1>Jämför {year}</h1>")
        + intro
        + ".\n"
        + block(
            memo(year_table_html, year, rows, link)
            + marks_legend([figures for _, figures in rows], YEAR_KEYS, shares=True)
        )
        + "Tabellen som arbetsbok för Excel och LibreOffice, med beloppen i kronor: "
        + f"[{book}]({book}).\n\n"
        + f"## Kostnadernas fördelning {year}\n"
        + block(_chart_block(chart, cost_shares_files(year), link, memo))
        + DERIVATION.format(data=relative(DATA, year_uri(year)))
    )


def marks_legend(
    shown: list[Figures | None],
    keys: tuple[str, ...],
    shares: bool = False,
    marked_column: bool = False,
) -> str:
    """Return the key to the marks of a table of these figures (None where it has a dash).

    The kinds in keys, the cost shares and
    per capita where it shows them, and a column whose name carries the computed mark
    (marked_column).
    """
    figures = [f for f in shown if f is not None]
    every = [f.figure(key) for f in figures for key in keys]
    every += (
        [
            figure
            for f in figures
            for figure in (*(share for _, share in f.cost_shares), f.per_capita)
        ]
        if shares
        else []
    )
    return marks.legend_html(
        computed=shares
        or marked_column
        or any(
            figure.computed for figure in every
        ),  # a column's name with the star is always there
        disputed=any(figure.disputed for figure in every),
        missing=len(figures) < len(shown) or any(figure.missing for figure in every),
    )


YEAR_KEYS = (
    "revenue",
    "member_contributions",
    "costs",
    "result",
    "carried_over",
)  # Summa intäkter is on each förbund's page: the table fits 1280 px
COMPARE_TABLE = "finsam-table finsam-compare"
MISSING_COLUMNS = (
    len(YEAR_KEYS) + len(COST_CATEGORIES) + 2
)  # every column but the förbund's: the figures, the shares, population and per capita


# Soft hyphens in the long compound words of the column names, so that a name may break where a
# Swedish reader expects it and the year's table fits 1280 px (CSS hyphenation of Swedish is not in
# every browser).
_SOFT_BREAKS = {
    "Medlemsbidrag": "Medlems\u00adbidrag",
    "Strukturinriktade": "Struktur\u00adinriktade",
    "Individinriktade": "Individ\u00adinriktade",
    "Administration": "Admini\u00adstration",
}
_SOFT_BREAK = re.compile("|".join(_SOFT_BREAKS))


def breakable(name: str) -> str:
    """Return a column's name with soft hyphens in its long compound words."""
    return _SOFT_BREAK.sub(lambda match: _SOFT_BREAKS[match.group(0)], name)


@cache
def _year_head() -> str:
    names = [
        "Förbund",
        "Intäkter utom eget kapital, tkr",
        breakable("Medlemsbidrag, tkr"),
        "Kostnader, tkr",
    ]
    names += [marks.computed_name(breakable(f"{name}, andel")) for name in COST_CATEGORIES.values()]
    names += [
        "Resultat, tkr",
        "Från tidigare år, tkr",
        "Invånare 16–64 år",
        marks.computed_name(breakable("Medlemsbidrag per invånare 16–64 år, kr")),
    ]
    return th(*names, numeric=tuple(range(1, len(names))))


def year_table_html(year: int, rows: tuple[tuple[str, Figures | None], ...], link: Link) -> str:
    """Return the table of every förbund's budget in one year (or its forecast).

    Each (name, figures or None).
    """
    body = tbody(year_row_html(year, name, figures, link) for name, figures in rows)
    return table_html(
        f"Budgetar {year}, alla förbund", _year_head(), body, table_class=COMPARE_TABLE
    )


def year_row_html(year: int, name: str, figures: Figures | None, link: Link) -> str:
    """Return one förbund's row in the comparison of a year.

    Its figures, linked to the plan, or that it has neither plan nor forecast for the year.
    """
    if figures is None:
        return (
            f'<tr><th scope="row">{html_escaped(name)}</th><td colspan="{MISSING_COLUMNS}"><span '
            f'class="finsam-missing">– Ingen plan och ingen prognos för {year} på '
            "webbplatsen</span></td></tr>"
        )
    amounts = [amount_html(figures, figures.figure(key), link) for key in YEAR_KEYS[:3]]
    shares = [
        _in_marked_column(figures, share, share_text, link) for _, share in figures.cost_shares
    ]
    values = [
        *amounts,
        *shares,
        *(amount_html(figures, figures.figure(key), link) for key in YEAR_KEYS[3:]),
        population_html(figures),
        _in_marked_column(figures, figures.per_capita, per_capita_text, link),
    ]
    cells = "".join(f'<td class="finsam-num">{value}</td>' for value in values)
    return (
        f"<tr{_FORECAST_ROW if figures.is_forecast else ''}><th "
        f'scope="row">{_name_html(name, figures, link)}</th>{cells}</tr>'
    )


_FORECAST_ROW = ' class="finsam-forecast-row"'


def _in_marked_column(
    figures: Figures, figure: Figure, text: Callable[[Figure], str], link: Link
) -> str:
    """Return a figure in a column whose name carries the computed mark.

    Without a mark of its own.
    """
    return marks.figure_html(
        figure,
        "" if figure.missing else text(figure),
        explanation(figures, figure, link),
        in_marked_column=True,
    )


def _name_html(name: str, figures: Figures, link: Link) -> str:
    """Return a förbund's name linked to its plan for the year.

    For a forecast, the name and the plan the forecast comes from, linked.
    """
    href = html_escaped(link(figures.plan_uri))
    if not figures.is_forecast:
        return f'<a href="{href}">{html_escaped(name)}</a>'
    return (
        f'{html_escaped(name)}<span class="finsam-phase"> (prognos i <a href="{href}">planen för '
        f"{figures.plan_year}</a>)</span>"
    )


def population_html(figures: Figures) -> str:
    """Return the population aged 16–64 that per capita figures use, with the year it is for."""
    if figures.population is None:
        return marks.MISSING_HTML
    year = (
        f'<span class="finsam-phase">år {figures.population_year}</span>'
        if figures.population_year
        else ""
    )
    return f"{formatting.number(figures.population)}{year}"


# --- Every year, every förbund ------------------------------------------------------------------


def overview_page(
    comparison: Comparison, corpus: Corpus, link: Link, memo: Memoize = no_memo
) -> str:
    """Return the Markdown of the overview across all years, with links to each year.

    With a Memo, unchanged rows and the chart are kept.
    """
    years = overview_years(comparison)
    shown = {
        slug: tuple(comparison.shown(slug, year) for year in years) for slug in comparison.slugs
    }
    rows = tuple(
        memo(overview_row_html, corpus.profiles[slug], shown[slug], link)
        for slug in comparison.slugs
    )
    table = memo(
        table_html,
        "Intäkter utom eget kapital, tkr, per förbund och år",
        memo(_overview_head, years, link),
        tbody(rows),
        COMPARE_TABLE,
    )
    chart = memo(charts.revenue_chart, revenue_series(comparison, corpus))
    year_links = (
        ", ".join(f"[{year}]({relative(year_uri(year), OVERVIEW)})" for year in comparison.years)
        or "inga år ännu"
    )
    legend = marks_legend([figures for row in shown.values() for figures in row], ("revenue",))
    return (
        front_matter(
            "Jämför förbund och år", "Samordningsförbundens budgetar jämförda över alla år.", WIDE
        )
        + "Här jämförs förbundens budgetar över alla år. Välj ett år för att se alla "
        + f"förbund sida vid sida med kostnadernas fördelning: {year_links}.\n"
        + _earlier_years(comparison, years)
        + block(table + legend)
        + "## Intäkter över tid\n"
        + block(_chart_block(chart, REVENUE_FILES, link, memo))
        + DERIVATION.format(data=relative(DATA, OVERVIEW))
    )


def _earlier_years(comparison: Comparison, shown: tuple[int, ...]) -> str:
    """Return a sentence saying where the years the overview leaves out are.

    Or nothing when it shows them all.
    """
    if len(shown) == len(comparison.years):
        return ""
    return (
        f"\nTabellen och diagrammet visar de senaste {len(shown)} åren, {shown[0]}–{shown[-1]}. "
        "Alla år, "
        f"från {comparison.years[0]}, finns på årens egna sidor och under [Öppna "
        f"data]({relative(DATA, OVERVIEW)}), "
        "till exempel i arbetsbokens blad Nyckeltal.\n"
    )


def _overview_head(years: tuple[int, ...], link: Link) -> str:
    cells = "".join(
        '<th scope="col" class="finsam-num"><a '
        f'href="{html_escaped(link(year_uri(year)))}">{year}</a></th>'
        for year in years
    )
    return f'<tr><th scope="col">Förbund</th>{cells}</tr>'


def overview_row_html(profile: Profile, years: tuple[Figures | None, ...], link: Link) -> str:
    """Return one förbund's row in the overview.

    Its revenue in each year's budget (or forecast, marked), linked to the plan, or missing.
    """
    parts = [
        '<tr><th scope="row"><a '
        f'href="{html_escaped(link(profile.uri))}">{html_escaped(profile.short_name)}</a></th>'
    ]
    for figures in years:
        if figures is None:
            parts.append(f'<td class="finsam-num">{marks.MISSING_HTML}</td>')
            continue
        revenue = amount_html(figures, figures.revenue, link)
        kind = (
            ' <span class="finsam-phase">(prognos i planen för <a '
            f'href="{html_escaped(link(figures.plan_uri))}">{figures.plan_year}</a>)</span>'
            if figures.is_forecast
            else ""
        )
        parts.append(f'<td class="finsam-num">{revenue}{kind}</td>')
    parts.append("</tr>")
    return "".join(parts)


# --- One förbund over time ----------------------------------------------------------------------

PROFILE_DERIVATION = (
    "Beloppen är avrundade till hela tusental kronor (tkr). **Summa intäkter**, **Kostnader** och "
    "**Resultat** är planens tryckta summor. Där planen inte anger någon summa har webbplatsen "
    "beräknat den ur planens rader, "
    "och ett resultat som planen inte anger är intäkter utom eget kapital minus kostnader; sådana "
    "siffror står i "
    "*kursiv stil med stjärna* (\\*). **Intäkter utom eget kapital** är summan av intäktsraderna "
    "utom överskott och egna medel från "
    "tidigare år. Hur alla siffror beräknas står på sidan [Jämför]({compare}).\n"
)


def profile_history(profile: Profile, comparison: Comparison, corpus: Corpus, link: Link) -> str:
    """Return the Markdown of a förbund's budgets over time.

    And its forecasts beside the budgets for the same years.
    """
    timeline = comparison.timeline(profile.slug)
    if not timeline:
        return ""
    link = cache(link)  # each forecast links to its plan and to the budget's
    parts = [
        "\n\n## Budget över tid\n",
        block(
            timeline_html(
                f"Budgetar för {profile.short_name}, tkr",
                [(f, corpus.page(f.plan_uri).display_title) for f in timeline],
                link,
            )
            + marks_legend(list(timeline), TIMELINE_KEYS)
        ),
    ]
    pairs = comparison.forecast_pairs(profile.slug)
    if pairs:
        rows = [
            row
            for forecast, budget in pairs
            for row in _forecast_rows(forecast, budget, corpus, link)
        ]
        parts.append("\n\n## Prognoser och budgetar\n\n")
        parts.append(
            "En plan kan innehålla prognoser för de följande åren. Här står varje prognos bredvid "
            "budgeten för samma år, "
            "alltså den i planen för det året, när den planen finns på webbplatsen. Skillnaden är "
            "budget minus prognos.\n"
        )
        shown = [f for pair in pairs for f in pair]
        parts.append(
            block(
                forecasts_html(f"Prognoser jämförda med budgetar, {profile.short_name}", rows)
                + marks_legend(shown, FORECAST_KEYS, marked_column=True)
            )
        )
    parts.append(
        "\n" + PROFILE_DERIVATION.format(compare=relative(OVERVIEW, profile_uri(profile.slug)))
    )
    return "".join(parts)


TIMELINE_KEYS = ("income_total", "revenue", "member_contributions", "costs", "result")


def timeline_html(caption: str, rows: list[tuple[Figures, str]], link: Link) -> str:
    """Return the table of a förbund's budgets by year, each (figures, plan title).

    With their marks.
    """
    head = th(
        "År",
        *(breakable(f"{FIGURE_NAMES[key]}, tkr") for key in TIMELINE_KEYS),
        "Plan",
        numeric=(1, 2, 3, 4, 5),
    )  # soft hyphens, so that the table fits the column of a förbund page at 1280 px
    body = []
    for f, title in rows:
        cells = "".join(
            f'<td class="finsam-num">{amount_html(f, f.figure(key), link)}</td>'
            for key in TIMELINE_KEYS
        )
        body.append(
            f'<tr><th scope="row">{f.year}</th>{cells}<td><a '
            f'href="{html_escaped(link(f.plan_uri))}">{html_escaped(title)}</a></td></tr>'
        )
    return table_html(caption, head, tbody(body))


@dataclass(frozen=True, slots=True)
class _ForecastRow:
    year: int
    measure: str
    forecast: str
    forecast_plan: str
    forecast_href: str
    budget: str
    budget_href: str | None
    difference: str


FORECAST_KEYS = ("revenue", "costs", "result")


def _forecast_rows(
    forecast: Figures, budget: Figures | None, corpus: Corpus, link: Link
) -> list[_ForecastRow]:
    rows = []
    for key in FORECAST_KEYS:
        predicted = forecast.figure(key)
        actual = budget.figure(key) if budget else None
        rows.append(
            _ForecastRow(
                forecast.year,
                FIGURE_NAMES[key],
                amount_html(forecast, predicted, link),
                corpus.page(forecast.plan_uri).display_title,
                link(forecast.plan_uri),
                marks.MISSING_HTML if budget is None else amount_html(budget, actual, link),
                link(budget.plan_uri) if budget else None,
                marks.MISSING_HTML
                if budget is None
                else _difference_html(budget, actual, forecast, predicted, link),
            )
        )
    return rows


def _difference_html(
    budget: Figures, actual: Figure, forecast: Figures, predicted: Figure, link: Link
) -> str:
    """Return the budget's figure minus the forecast's (computed).

    Linked to the explanation of a discrepancy that touches either.
    """
    if actual.missing or predicted.missing:
        return marks.MISSING_HTML
    plan, touched = (budget, actual) if actual.disputed else (forecast, predicted)
    change = Figure(actual.value - predicted.value, True, touched.discrepancies)
    return marks.figure_html(
        change, tkr(change.value), explanation(plan, change, link), in_marked_column=True
    )


def forecasts_html(caption: str, rows: list[_ForecastRow]) -> str:
    """Return the table of a förbund's forecasts, each beside the budget for the same year."""
    head = th(
        "År",
        "Uppgift",
        "Prognos, tkr",
        "Prognosen finns i",
        "Budget, tkr",
        "Budgeten finns i",
        marks.computed_name("Skillnad, tkr"),
        numeric=(2, 4, 6),
    )
    body = (
        f'<tr><th scope="row">{row.year}</th><td>{row.measure}</td><td '
        f'class="finsam-num">{row.forecast}</td>'
        "<td><a "
        f'href="{html_escaped(row.forecast_href)}">{html_escaped(row.forecast_plan)}</a></td>'
        f'<td class="finsam-num">{row.budget}</td><td>{_budget_plan_cell(row)}</td><td '
        f'class="finsam-num">{row.difference}</td></tr>'
        for row in rows
    )
    return table_html(caption, head, tbody(body))


def _budget_plan_cell(row: _ForecastRow) -> str:
    return (
        f'<a href="{html_escaped(row.budget_href)}">Planen för {row.year}</a>'
        if row.budget_href
        else marks.MISSING_HTML
    )
