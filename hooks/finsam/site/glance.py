"""A plan's budget at a glance: at the top of the plan's page, and of its förbund's page.

The year's figures as the contract defines them (finsam.site.derived), with their marks
(finsam.site.marks): Summa intäkter, Intäkter utom eget kapital, Medlemsbidrag, Kostnader,
Resultat, the shares of administration, structural and individual insatser, and Medlemsbidrag per
invånare 16–64 år. Each beside the median of the förbund with a budget for that year and the
förbund's place among them, highest first (a forecast is no budget: not counted), with how many of
the other förbund have a figure touched by a discrepancy. Below, links to the full budget table
and to the year's comparison page, which marks those figures.

A glance shows what other förbund's figures give, so a preview builds a page again when that
changed (standing_keys, finsam.site.preview).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction

from .. import formatting
from ..format.model import COST_CATEGORIES, Corpus, Plan
from . import marks
from .addresses import Link, year_uri
from .compare import per_capita_text, share_text
from .derived import FIGURE_NAMES, Comparison, Figure, Figures, budget_anchor
from .markup import html_escaped, table_html, tbody, th

AMOUNTS = ("income_total", "revenue", "member_contributions", "costs", "result")
SHARES = ("administration", "structural", "individual")  # the cost shares a glance shows
PER_CAPITA = "per_capita"
KEYS = (*AMOUNTS, *SHARES, PER_CAPITA)
DERIVATION_ANCHOR = "sa-raknas-siffrorna"  # the heading "Så räknas siffrorna" of a comparison page

Value = int | Fraction


def row_figures(figures: Figures) -> list[Figure]:
    """Return the figures of a glance's rows, in the order of KEYS: figures by name, cost shares."""
    shares = dict(figures.cost_shares)
    return [shares[key] if key in SHARES else getattr(figures, key) for key in KEYS]


def label(key: str) -> str:
    """Return the name of a glance's row, with its unit."""
    if key in SHARES:
        return f"{COST_CATEGORIES[key]}, andel"
    return f"{FIGURE_NAMES[key]}, {'kr' if key == PER_CAPITA else 'tkr'}"


def value_text(key: str, value: Value) -> str:
    """Return a value of a row as shown: tkr, a percentage, or kronor per inhabitant."""
    if key in SHARES:
        return share_text(Figure(value))
    if key == PER_CAPITA:
        return per_capita_text(Figure(value))
    return formatting.number(formatting.rounded(Fraction(value) / 1000))


# --- The other förbund's budgets for the year ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one förbund's figure of one row stands among the year's budgets.

    The median of the figures there are (None below two), the förbund's place, highest first
    (None when its own figure is missing or there is no median), and how many there are.
    """

    median: Value | None
    place: int | None
    count: int


@dataclass(frozen=True, slots=True)
class YearPeers:
    """The budgets for one year, as glances compare with them.

    Each row's median and count, each förbund's places, and the förbund with a figure in a row that
    a discrepancy touches. shown is what every glance of the year shows of them (each row's median
    as text and count, how many budgets and forecasts there are): a preview compares it between
    builds.
    """

    year: int
    budgets: int  # förbund with a budget for the year
    forecasts: int  # förbund shown with a forecast for the year instead
    medians: tuple[Value | None, ...]  # one per row (KEYS), None below two figures
    counts: tuple[int, ...]
    places: dict[str, tuple[int | None, ...]]  # by förbund, one per row; None without a figure
    disputed: frozenset[str]
    shown: tuple

    def standings(self, slug: str) -> tuple[Standing, ...]:
        """Return where each of a förbund's figures stands, row by row."""
        return tuple(map(Standing, self.medians, self.places[slug], self.counts))

    def disputed_besides(self, slug: str) -> int:
        """Return how many other förbund have a figure that a discrepancy touches."""
        return len(self.disputed - {slug})


def year_peers(comparison: Comparison, year: int) -> YearPeers:
    """Return the budgets for a year as glances compare with them, made once per comparison."""
    return comparison.made_once(("glance", year), lambda: _year_peers(comparison, year))


def _year_peers(comparison: Comparison, year: int) -> YearPeers:
    budgets = comparison.budgets_in(year)
    figures = {slug: row_figures(b) for slug, b in budgets.items()}
    keyed = {
        slug: [None if f.missing else _sort_key(f.value) for f in row]
        for slug, row in figures.items()
    }
    columns = [sorted(k[i] for k in keyed.values() if k[i] is not None) for i in range(len(KEYS))]
    medians = tuple(
        _median([value for _, value in column]) if len(column) >= 2 else None for column in columns
    )
    places = {
        slug: tuple(
            None if key is None or median is None else len(column) - bisect_right(column, key) + 1
            for key, column, median in zip(row, columns, medians, strict=True)
        )
        for slug, row in keyed.items()
    }
    disputed = frozenset(slug for slug, row in figures.items() if any(f.disputed for f in row))
    forecasts = len(comparison.shown_in(year)) - len(budgets)
    counts = tuple(map(len, columns))
    shown = (
        len(budgets),
        forecasts,
        counts,
        *(None if m is None else value_text(k, m) for k, m in zip(KEYS, medians, strict=True)),
    )
    return YearPeers(year, len(budgets), forecasts, medians, counts, places, disputed, shown)


def _sort_key(value: Value) -> tuple[float, Value]:
    """Return a key that orders values exactly, comparing floats first (a tenth of the time).

    Rounding to a float keeps the order, so the exact values decide only between equal floats.
    """
    return float(value), value


def _median(values: list[Value]) -> Value:
    """Return the median of ascending values, exactly (of an even count, the middle two's mean)."""
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return Fraction(values[middle - 1] + values[middle], 2)


def standing_keys(corpus: Corpus, comparison: Comparison) -> dict[str, tuple]:
    """Return, by page, what the glance of each plan and förbund page shows of other förbund.

    A preview builds a page again when its key changed: each row's median as shown, the förbund's
    places, and how many budgets, forecasts and förbund with a figure touched by a discrepancy the
    year has.
    """
    found: dict[str, tuple] = {}
    for slug, plans in comparison.plans.items():
        for plan in plans:
            peers = year_peers(comparison, plan.year)
            found[plan.uri] = (
                peers.shown,
                peers.disputed_besides(slug),
                peers.places[slug],
            )
        if slug in corpus.profiles and plans:
            found[corpus.profiles[slug].uri] = found[plans[-1].uri]
    return found


# --- The glance ----------------------------------------------------------------------------------


def plan_glance(plan: Plan, short_name: str, comparison: Comparison, link: Link) -> str:
    """Return the glance at the top of a plan's page, linked to its budget's table on the page."""
    own = plan.uri
    return glance_html(
        comparison.budgets[(plan.slug, plan.year)],
        short_name,
        year_peers(comparison, plan.year),
        lambda uri: "" if uri == own else link(uri),  # the explanations are on this page
        (f"#{budget_anchor(plan.year)}", "längre ned"),
        link(year_uri(plan.year)),
    )


def forbund_glance(plan: Plan, short_name: str, comparison: Comparison, link: Link) -> str:
    """Return the glance at the top of a förbund's page: its latest plan's budget."""
    return glance_html(
        comparison.budgets[(plan.slug, plan.year)],
        short_name,
        year_peers(comparison, plan.year),
        link,
        (f"{link(plan.uri)}#{budget_anchor(plan.year)}", "på planens sida"),
        link(year_uri(plan.year)),
    )


def glance_html(
    figures: Figures,
    name: str,
    peers: YearPeers,
    link: Link,
    budget: tuple[str, str],
    compare_href: str,
) -> str:
    """Return a budget's glance: its figures with their marks beside the year's other budgets.

    Then the key to the marks, what the comparison counts, and links to the budget's table (budget:
    its href, and words that say where it is) and to the year's comparison page. The search leaves
    the glance out: its names are on every plan's page, and its figures in the budget's tables.
    """
    year = figures.year
    standings = list(peers.standings(figures.slug)) if peers.budgets > 1 else []
    head = th(
        "Nyckeltal",
        name,
        *((marks.computed_name("Median"), "Plats, högst först") if standings else ()),
        numeric=(1, 2, 3),
    )
    shown = row_figures(figures)
    rows = tbody(
        _row_html(figures, key, figure, link, found)
        for key, figure, found in zip(KEYS, shown, standings or [None] * len(KEYS), strict=True)
    )
    table = table_html(
        f"Budget {year} i korthet, {name}", head, rows, region_class="finsam-budget finsam-glance"
    )
    legend = marks.legend_html(
        computed=True,  # the shares, per capita and every median carry the mark
        disputed=any(f.disputed for f in shown),
        missing=any(f.missing for f in shown)
        or any(found.median is None or found.place is None for found in standings),
    )
    href, where = budget
    return (
        "<div data-pagefind-ignore>"  # the search finds the figures in the budget's own tables
        + table
        + legend
        + f'<p class="finsam-glance-note">{_counted(figures.slug, name, peers)} '
        "Kostnadskategorierna är redaktionens indelning av planens rader.</p>\n"
        f'<p class="finsam-glance-links">Se <a href="{html_escaped(href)}">hela budgeten för '
        f'{year}</a> {where}, <a href="{html_escaped(compare_href)}">alla förbunds budgetar för '
        f'{year}</a> och <a href="{html_escaped(compare_href)}#{DERIVATION_ANCHOR}">hur siffrorna '
        "räknas</a>.</p></div>"
    )


def _row_html(
    figures: Figures, key: str, figure: Figure, link: Link, found: Standing | None
) -> str:
    """Return a glance's row: the figure's name, the figure, and where it stands (if compared)."""
    always_computed = key in SHARES or key == PER_CAPITA  # the row's name carries the mark
    name = str(marks.computed_name(label(key))) if always_computed else html_escaped(label(key))
    if key == PER_CAPITA:
        name += _population_html(figures)
    cells = [
        marks.figure_html(
            figure,
            "" if figure.missing else value_text(key, figure.value),
            marks.explanation(figures, figure, link),
            in_marked_column=always_computed,
        )
    ]
    if found is not None:
        cells.append(marks.MISSING_HTML if found.median is None else value_text(key, found.median))
        cells.append(
            marks.MISSING_HTML if found.place is None else f"{found.place} av {found.count}"
        )
    return (
        f'<tr><th scope="row">{name}</th>'
        + "".join(f'<td class="finsam-num">{cell}</td>' for cell in cells)
        + "</tr>"
    )


def _population_html(figures: Figures) -> str:
    """Return, under per capita's name, the population it divides by, with the population's year."""
    if figures.population is None:
        return ""  # the figure is a dash, which the key explains
    year = f" ({figures.population_year})" if figures.population_year else ""
    return (
        f' <span class="finsam-phase">{formatting.number(figures.population)} invånare i åldern '
        f"16–64 år{year}</span>"
    )


def _counted(slug: str, name: str, peers: YearPeers) -> str:
    """Return the sentences that say which budgets the medians and places count.

    And how many of the other förbund have a figure touched by a discrepancy: the comparison marks
    each with a link to its explanation.
    """
    year = peers.year
    if peers.budgets < 2:
        forecasts = (
            f", men jämförelsen för {year} visar prognoser ur andra förbunds planer"
            if peers.forecasts
            else ""
        )
        return (
            f"Inget annat förbund har en budget för {year} på webbplatsen att jämföra med"
            f"{forecasts}."
        )
    counted = (
        f"Median och plats gäller de {peers.budgets} förbund som har en budget för {year} på "
        f"webbplatsen, {html_escaped(name)} medräknat; prognoser räknas inte."
    )
    disputed, others = peers.disputed_besides(slug), peers.budgets - 1
    if not disputed:
        return counted
    whose = "det andra förbundet" if others == 1 else f"{disputed} av de {others} andra förbunden"
    return (
        f"{counted} Hos {whose} berörs minst en av de här siffrorna av en avvikelse; jämförelsen "
        f"för {year} visar vilka."
    )
