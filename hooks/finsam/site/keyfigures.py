"""Export the figures the comparison pages show as open data.

One row per förbund and year, budget or forecast.

Every value is a figure of finsam.site.derived, the same as on the pages; the column `computed`
names the figures in the row that the site computed (not printed in the plan), and the column
`discrepancy` those that a recorded discrepancy touches. A figure the plan does not give is empty,
never 0.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from fractions import Fraction

from ..format.model import COST_CATEGORIES, FIRST_YEAR, Plan
from ..format.paths import SLUG_PATTERN
from .derived import BUDGET, FORECAST, Figure, Figures
from .export import schema_of

SHARE_DECIMALS = 4  # a share as a fraction of 1, to a hundredth of a percentage point
PER_CAPITA_DECIMALS = 2

SHARE_COLUMNS = tuple(f"{category}_share" for category in COST_CATEGORIES)
# The columns that hold figures, each with the name of its figure in derived.Figures.
AMOUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    (
        "income_total",
        "Summa intäkter i kronor: planens tryckta summa, eller summan av intäktsraderna där "
        "planen inte anger någon.",
    ),
    (
        "revenue",
        "Intäkter utom eget kapital i kronor: summan av intäktsraderna utom eget kapital, alltså "
        "utom överskott och egna medel från tidigare år (beräknad).",
    ),
    (
        "member_contributions",
        "Medlemsbidrag i kronor: statens, regionens och kommunernas bidrag tillsammans, eller "
        "medlemsavgifterna när planen anger dem på en enda rad. Tom om planen inte har några "
        "sådana rader.",
    ),
    (
        "costs",
        "Kostnader i kronor: planens tryckta summa kostnader, eller summan av kostnadsraderna där "
        "planen inte anger någon.",
    ),
    (
        "cost_lines",
        "Summan av kostnadsraderna i kronor, som kostnadsandelarna räknas på. Skiljer sig från "
        "costs där raderna inte går ihop med den tryckta summan.",
    ),
)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("forbund", "string", "Förbundets kod i webbadressen (slug), till exempel rar-sormland."),
    ("forbund_name", "string", "Förbundets fullständiga namn."),
    ("fiscal_year", "integer", "Budgetåret som siffrorna gäller."),
    ("plan_year", "integer", "Året för verksamhetsplanen som siffrorna kommer från."),
    (
        "phase",
        "string",
        "budget: förbundets budget för året, i planen för samma år; forecast: en prognos för året "
        "i en tidigare plan.",
    ),
    (
        "adopted",
        "date",
        "Dagen då styrelsen antog planen, där planen anger den (bara för phase = budget). Tom "
        "annars: då säger webbplatsen inte att budgeten är antagen.",
    ),
    *((name, "integer", description) for name, description in AMOUNT_COLUMNS),
    *(
        (
            f"{category}_share",
            "number",
            f"Andelen för kostnadskategorin {category}: summan av kategorins rader delad med "
            "summan av kostnadsraderna (cost_lines), som ett tal mellan 0 och 1 med "
            f"{SHARE_DECIMALS} decimaler (beräknad). Kategorierna är redaktionens indelning av "
            "planens rader.",
        )
        for category in COST_CATEGORIES
    ),
    (
        "result",
        "integer",
        "Resultat i kronor: årets resultat som planen anger det, eller intäkter utom eget kapital "
        "minus kostnader där planen inte anger något.",
    ),
    (
        "carried_over",
        "integer",
        "Överskott eller underskott som förbundet enligt planen har kvar från tidigare år, i "
        "kronor, där planen anger det.",
    ),
    (
        "population_16_64",
        "integer",
        "Antalet invånare i åldern 16–64 år i förbundets område, enligt förbundets sida på "
        "webbplatsen.",
    ),
    ("population_year", "integer", "Året som befolkningssiffran gäller."),
    (
        "per_capita",
        "number",
        f"Medlemsbidrag per invånare 16–64 år, i kronor med {PER_CAPITA_DECIMALS} decimaler "
        "(beräknad). Invånarantalet gäller året i population_year.",
    ),
    (
        "computed",
        "string",
        "De kolumner i raden, åtskilda av mellanslag, vars siffra webbplatsen har beräknat ur "
        "planens rader: siffran är inte tryckt i planen.",
    ),
    (
        "discrepancy",
        "string",
        "De kolumner i raden, åtskilda av mellanslag, vars siffra berörs av en registrerad "
        "avvikelse: avvikelsen gäller siffran själv eller någon av raderna som den bygger på. "
        "Förklaringen står på planens sida (url) och i avvikelser.csv.",
    ),
    ("url", "string", "Adressen till planens sida på webbplatsen."),
)
NAMES: tuple[str, ...] = tuple(name for name, _, _ in FIELDS)
FIGURE_COLUMNS: tuple[str, ...] = (
    *(name for name, _ in AMOUNT_COLUMNS),
    *SHARE_COLUMNS,
    "result",
    "carried_over",
    "per_capita",
)
_LIST = "^(?:[a-z_0-9]+(?: [a-z_0-9]+)*)?$"
CONSTRAINTS: dict[str, dict[str, object]] = {
    "forbund": {"required": True, "pattern": SLUG_PATTERN},
    "forbund_name": {"required": True},
    "fiscal_year": {"required": True, "minimum": FIRST_YEAR},
    "plan_year": {"required": True, "minimum": FIRST_YEAR},
    "phase": {"required": True, "enum": [BUDGET, FORECAST]},
    **{name: {"minimum": 0, "maximum": 1} for name in SHARE_COLUMNS},
    "computed": {"pattern": _LIST},
    "discrepancy": {"pattern": _LIST},
    "url": {"required": True},
}
DESCRIPTION = (
    "Nyckeltalen för varje förbund och år, samma siffror som på webbplatsens jämförelsesidor: en "
    "rad per "
    "budget (phase = budget) och en per prognos för ett senare år i en plan (phase = forecast). "
    "Belopp i kronor. "
    "Kolumnen computed anger vilka siffror i raden som webbplatsen har beräknat (de är inte "
    "tryckta i planen), "
    "och kolumnen discrepancy vilka som berörs av en registrerad avvikelse (se avvikelser.csv). "
    "En siffra som planen "
    "inte anger är tom, aldrig 0."
)
JSON_DESCRIPTION = (
    "Samma rader som nyckeltal, i samma ordning, som en JSON-lista med ett objekt per rad. "
    "computed och discrepancy "
    "är listor med kolumnnamn; en siffra som saknas är null."
)


def row(
    plan: Plan, name: str, figures: Figures, url_for: Callable[[str], str]
) -> dict[str, object]:
    """Return the row of one budget or forecast, in the order of FIELDS; missing figures None."""
    shown = shown_figures(figures)
    found = {
        "forbund": figures.slug,
        "forbund_name": name,
        "fiscal_year": figures.year,
        "plan_year": figures.plan_year,
        "phase": figures.phase,
        "adopted": plan.adopted.isoformat() if plan.adopted and figures.phase == BUDGET else None,
        **{column: value_of(column, figure) for column, figure in shown.items()},
        "population_16_64": figures.population,
        "population_year": figures.population_year,
        "computed": [column for column, figure in shown.items() if figure.computed],
        "discrepancy": [column for column, figure in shown.items() if figure.disputed],
        "url": url_for(figures.plan_uri),
    }
    return {column: found[column] for column in NAMES}


def shown_figures(figures: Figures) -> dict[str, Figure]:
    """Return the figures of a row by column, in the order of FIGURE_COLUMNS."""
    found = {name: figures.figure(name) for name, _ in AMOUNT_COLUMNS}
    found.update((f"{category}_share", share) for category, share in figures.cost_shares)
    found.update(
        result=figures.result, carried_over=figures.carried_over, per_capita=figures.per_capita
    )
    return {column: found[column] for column in FIGURE_COLUMNS}


def value_of(column: str, figure: Figure) -> int | float | None:
    """Return a figure as the open data gives it: kronor, or a rounded share; None if missing."""
    if figure.missing:
        return None
    if isinstance(figure.value, Fraction):
        return _decimal(
            figure.value, SHARE_DECIMALS if column.endswith("_share") else PER_CAPITA_DECIMALS
        )
    return figure.value


def _decimal(value: Fraction, decimals: int) -> float:
    """Return a ratio rounded to decimals, halves away from zero.

    As a float that prints with at most that many decimals.
    """
    scale = 10**decimals
    numerator = abs(value.numerator) * scale * 2 + value.denominator
    rounded = numerator // (2 * value.denominator)
    return (rounded if value >= 0 else -rounded) / scale


def csv_header() -> str:
    """Return the CSV header row (the rows follow, each a csv_line)."""
    return _csv_text(NAMES)


def csv_line(found: dict[str, object]) -> str:
    """Return one row as a line of CSV: missing figures empty, lists joined by spaces."""
    return _csv_text([_cell(found[name]) for name in NAMES])


def _csv_text(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return value


def json_object(found: dict[str, object]) -> str:
    """Return one row as a JSON object on one line."""
    return json.dumps(found, ensure_ascii=False)


def table_schema() -> dict[str, object]:
    """Return the Table Schema of the key figures."""
    return schema_of(FIELDS, CONSTRAINTS)
