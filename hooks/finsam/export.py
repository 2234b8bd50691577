"""Export every budget line and item of every plan as open data: CSV, JSON and a Data Package.

One row per budget line (row_type "line") and one per item of a line (row_type "item"), for
every budget year of every plan, adopted and forecast. Amounts are integer kronor (`amount`)
and as printed in the source's unit (`amount_as_printed`). Field names follow the Fiscal Data
Package where it has one (`direction`: revenue | expenditure, `phase`, `fiscal_year`).
Texts are exported exactly as read: no cell is altered to defuse spreadsheet formulas; the
package description warns that text columns should be imported as text.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .derived import PHASES, phase_of
from .model import COST_CATEGORIES, FIRST_YEAR, INCOME_CATEGORIES, UNITS, BudgetYear, Corpus, Line, Plan

REVENUE = "revenue"
EXPENDITURE = "expenditure"
LINE = "line"
ITEM = "item"
CSV_NAME = "budgetrader.csv"
JSON_NAME = "budgetrader.json"
PACKAGE_NAME = "samordningsforbundens-budgetar"
SLUG_PATTERN = "[a-z0-9]+(?:-[a-z0-9]+)*"

# (name, Table Schema type, Swedish description): the export's columns, in order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("forbund", "string", "Förbundets kortnamn i webbadressen (slug), t.ex. rar-sormland."),
    ("forbund_name", "string", "Förbundets fullständiga namn, t.ex. Samordningsförbundet RAR i Sörmland."),
    ("fiscal_year", "integer", "Budgetåret som beloppet gäller."),
    ("plan_year", "integer", "Året för verksamhetsplanen som beloppet kommer från."),
    ("phase", "string", "approved: den antagna budgeten, för planens eget år (fiscal_year = plan_year); forecast: en prognos för ett senare år i samma plan; earlier: ett tidigare år som planen återger som jämförelse."),
    ("direction", "string", "revenue: planens intäktssida, inklusive eget kapital som används som finansiering; expenditure: kostnadssidan."),
    ("category", "string", "Radens kategori enligt dataformatet: intäkter state, region, municipalities, members, equity, external, other; kostnader administration, structural, individual, unallocated, other. En insats har sin rads kategori."),
    ("row_type", "string", "line: en budgetrad; item: en insats i uppdelningen av raden parent_label. Summera bara line-rader: insatserna ingår redan i sin rad."),
    ("label", "string", "Radens eller insatsens benämning, exakt som i planen."),
    ("parent_label", "string", "För en insats (item): benämningen på raden den hör till. Tom för en budgetrad."),
    ("owner", "string", "För en insats (item): den part som driver insatsen, där planen anger det. Annars tom."),
    ("amount", "integer", "Beloppet i kronor: amount_as_printed gånger 1 (kr), 1 000 (tkr) eller 1 000 000 (mkr)."),
    ("amount_as_printed", "integer", "Beloppet som det står i källdokumentet, i enheten unit."),
    ("unit", "string", "Enheten i källdokumentet: kr, tkr eller mkr."),
    ("source", "string", "Det publicerade dokument som planen är avskriven från."),
    ("url", "string", "Adressen till planens sida på webbplatsen, där budgeten och kända fel i källdokumentet visas."),
)
NAMES: tuple[str, ...] = tuple(name for name, _, _ in FIELDS)

CONSTRAINTS: dict[str, dict[str, object]] = {
    "forbund": {"required": True, "pattern": SLUG_PATTERN},
    "forbund_name": {"required": True},
    "fiscal_year": {"required": True, "minimum": FIRST_YEAR},
    "plan_year": {"required": True, "minimum": FIRST_YEAR},
    "phase": {"required": True, "enum": list(PHASES)},
    "direction": {"required": True, "enum": [REVENUE, EXPENDITURE]},
    "category": {"required": True, "enum": list(dict.fromkeys([*INCOME_CATEGORIES, *COST_CATEGORIES]))},
    "row_type": {"required": True, "enum": [LINE, ITEM]},
    "label": {"required": True},
    "amount": {"required": True, "minimum": 0},
    "amount_as_printed": {"required": True, "minimum": 0},
    "unit": {"required": True, "enum": list(UNITS)},
    "source": {"required": True},
    "url": {"required": True},
}

LICENSE = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}
TITLE = "Samordningsförbundens budgetar"
DESCRIPTION = (
    "Alla budgetrader i de verksamhetsplaner för samordningsförbund (finansiell samordning enligt "
    "lag 2003:1210) som publiceras på webbplatsen: en rad per budgetrad (row_type = line) och en "
    "per insats i en rads uppdelning (row_type = item), för varje budgetår i varje plan. "
    "phase = approved är den antagna budgeten för planens eget år; phase = forecast är en prognos "
    "för ett senare år i samma plan. Budgeten för ett förbund och ett år är den i planen för det "
    "året; en prognos ur en tidigare plan är bara en prognos. "
    "amount är beloppet i kronor, amount_as_printed beloppet i källdokumentets enhet (unit). "
    "direction = revenue är hela intäktssidan, inklusive eget kapital (category = equity) som "
    "används som finansiering; webbplatsens nyckeltal intäkter räknar inte med eget kapital. "
    "Summera bara rader med row_type = line: insatserna är en uppdelning av sin rad. Tryckta "
    "summor (income_total, costs_total, result, carried_over) ingår inte. Beloppen är som i "
    "källdokumentet och rättas aldrig: där dokumentet har ett känt fel, t.ex. en rad vars insatser "
    "inte summerar till radens belopp, finns felet också här och förklaras på planens sida (url). "
    "Texter återges exakt som i planen. En text som börjar med =, +, - eller @ kan tolkas som en "
    "formel av ett kalkylprogram: importera textkolumnerna som text. "
    f"{CSV_NAME} (UTF-8, kommaseparerad, rubrikrad) och {JSON_NAME} (en lista med ett objekt per "
    "rad) innehåller samma rader i samma ordning: förbund, planår, budgetår, intäkter före "
    "kostnader, raderna i planens ordning, varje rads insatser direkt efter raden. "
    "Licens: verksamhetsplanerna är allmänna handlingar. Sammanställningen ges ut under CC0 1.0 "
    "och får användas fritt, utan villkor."
)
JSON_DESCRIPTION = (
    "Samma rader som budgetrader, i samma ordning, som en JSON-lista med ett objekt per rad. "
    "Objektens nycklar är fälten i budgetraders tabellschema, i samma ordning; belopp och år är "
    "heltal, tomma texter (parent_label, owner) är tomma strängar."
)


@dataclass(frozen=True, slots=True)
class Row:
    """One budget line or item, flat, with its amount in kronor and as printed."""

    forbund: str
    forbund_name: str
    fiscal_year: int
    plan_year: int
    phase: str
    direction: str
    category: str
    row_type: str
    label: str
    parent_label: str
    owner: str
    amount: int
    amount_as_printed: int
    unit: str
    source: str
    url: str

    def values(self) -> tuple[str | int, ...]:
        """Return the row's values in the order of FIELDS."""
        return tuple(getattr(self, name) for name in NAMES)

    def as_dict(self) -> dict[str, str | int]:
        """Return the row as a mapping in the order of FIELDS."""
        return dict(zip(NAMES, self.values()))


def rows(corpus: Corpus, url_for: Callable[[str], str]) -> list[Row]:
    """Return one row per line and per item of every budget year of every plan, in export order."""
    plans = sorted(corpus.plans, key=lambda plan: (plan.forbund, plan.year))
    return [row for plan in plans for row in _plan_rows(plan, corpus, url_for(plan.uri))]


def _plan_rows(plan: Plan, corpus: Corpus, url: str) -> Iterator[Row]:
    """Yield the rows of every budget year of one plan, oldest year first."""
    profile = corpus.profiles.get(plan.forbund)
    name = profile.name if profile else plan.forbund
    shared = {"forbund": plan.forbund, "forbund_name": name, "plan_year": plan.year, "unit": plan.unit, "source": plan.source, "url": url}
    for budget in sorted(plan.budget, key=lambda b: b.year):
        yield from _year_rows(budget, shared, UNITS[plan.unit])


def _year_rows(budget: BudgetYear, shared: dict[str, str | int], factor: int) -> Iterator[Row]:
    """Yield the rows of one budget year: income lines, then cost lines, each followed by its items."""
    phase = phase_of(int(shared["plan_year"]), budget.year)
    for direction, lines in ((REVENUE, budget.income), (EXPENDITURE, budget.costs)):
        context = {**shared, "fiscal_year": budget.year, "phase": phase, "direction": direction}
        for line in lines:
            yield from _line_rows(line, context, factor)


def _line_rows(line: Line, context: dict[str, str | int], factor: int) -> Iterator[Row]:
    """Yield one line's row and then one row per item."""
    common = {**context, "category": line.category}
    yield Row(**common, row_type=LINE, label=line.label, parent_label="", owner="", amount=line.amount * factor, amount_as_printed=line.amount)
    for item in line.items:
        yield Row(**common, row_type=ITEM, label=item.label, parent_label=line.label, owner=item.owner or "", amount=item.amount * factor, amount_as_printed=item.amount)


def to_csv(rows: list[Row]) -> str:
    """Return the rows as CSV text: a header row, commas, RFC 4180 quoting, "\\n" line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(NAMES)
    writer.writerows(row.values() for row in rows)
    return buffer.getvalue()


def to_json(rows: list[Row]) -> str:
    """Return the rows as a JSON array of objects, one per line, keys in the order of FIELDS."""
    if not rows:
        return "[]\n"
    objects = ",\n".join(json.dumps(row.as_dict(), ensure_ascii=False) for row in rows)
    return f"[\n{objects}\n]\n"


def table_schema() -> dict[str, object]:
    """Return the Table Schema of the rows: every field with type, description and constraints."""
    fields = [_field(name, kind, description) for name, kind, description in FIELDS]
    return {"fields": fields, "missingValues": [""]}


def _field(name: str, kind: str, description: str) -> dict[str, object]:
    """Return one field's Table Schema descriptor."""
    descriptor: dict[str, object] = {"name": name, "type": kind, "description": description}
    if name in CONSTRAINTS:
        descriptor["constraints"] = copy.deepcopy(CONSTRAINTS[name])
    return descriptor


def datapackage(resource_paths: dict[str, str]) -> str:
    """Return datapackage.json for the exported files; resource_paths maps "csv" and/or "json" to a path."""
    unknown = set(resource_paths) - {"csv", "json"}
    if unknown:
        raise ValueError(f"okända format: {', '.join(sorted(unknown))}; bara csv och json")
    resources = [_resource(kind, resource_paths[kind]) for kind in ("csv", "json") if kind in resource_paths]
    descriptor = {"name": PACKAGE_NAME, "title": TITLE, "description": DESCRIPTION, "licenses": [LICENSE], "resources": resources}
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _resource(kind: str, path: str) -> dict[str, object]:
    """Return the descriptor of the CSV resource (tabular, with its schema) or the JSON one."""
    if kind == "json":
        return {
            "name": "budgetrader-json",
            "path": path,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "title": "Budgetrader och insatser (JSON)",
            "description": JSON_DESCRIPTION,
        }
    return {
        "name": "budgetrader",
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": "Budgetrader och insatser (CSV)",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(),
    }
