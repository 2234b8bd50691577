"""Export every budget line and item of every plan as open data: CSV, JSON and a Data Package.

One row per budget line (row_type "line") and one per item of a line (row_type "item"), for
every budget year of every plan, adopted and forecast. Amounts are integer kronor (`amount`)
and as printed in the source's unit (`amount_as_printed`). Field names follow the Fiscal Data
Package where it has one (`direction`: revenue | expenditure, `phase`, `fiscal_year`).
Texts are exported as read from the plan files: no cell is altered to defuse spreadsheet formulas
(the plan format refuses texts that would run as one); the package description says to import
text columns as text.

Every recorded discrepancy (a printed sum that the lines do not add up to) is exported too, one
row each, with `confirmed`: whether it was checked against the original document.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring

from ..format.model import COST_CATEGORIES, FIRST_YEAR, INCOME_CATEGORIES, UNITS, Corpus, Plan
from ..format.paths import SLUG_PATTERN
from ..format.where import Where
from .addresses import CSV_NAME, DISCREPANCIES_CSV_NAME, DISCREPANCIES_JSON_NAME, JSON_NAME
from .derived import PHASES, phase_of
from .memo import Memoize, no_memo

REVENUE = "revenue"
EXPENDITURE = "expenditure"
LINE = "line"
ITEM = "item"
PACKAGE_NAME = "samordningsforbundens-budgetar"

# (name, Table Schema type, Swedish description): the export's columns, in order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("forbund", "string", "Förbundets kod i webbadressen (slug), till exempel rar-sormland."),
    (
        "forbund_name",
        "string",
        "Förbundets fullständiga namn, till exempel Samordningsförbundet RAR i Sörmland.",
    ),
    ("fiscal_year", "integer", "Budgetåret som beloppet gäller."),
    ("plan_year", "integer", "Året för verksamhetsplanen som beloppet kommer från."),
    (
        "phase",
        "string",
        "budget: budgeten för planens eget år (fiscal_year = plan_year); forecast: en prognos för "
        "ett senare år i samma plan; earlier: ett tidigare år som planen återger som jämförelse. "
        "Om budgeten är antagen och när står i nyckeltal.csv (adopted) och på planens sida.",
    ),
    (
        "direction",
        "string",
        "revenue: planens intäktssida, inklusive eget kapital som används som finansiering; "
        "expenditure: kostnadssidan.",
    ),
    (
        "category",
        "string",
        "Radens kategori enligt planformatet, vald av redaktionen för den tryckta raden: för "
        "intäkter state, region, municipalities, members, equity, external eller other; för "
        "kostnader administration, structural, individual, unallocated eller other. En insats har "
        "samma kategori som sin rad.",
    ),
    (
        "row_type",
        "string",
        "line: en budgetrad; item: en insats i uppdelningen av raden parent_label. Summera bara "
        "line-rader: insatserna ingår redan i sin rad.",
    ),
    (
        "label",
        "string",
        "Radens eller insatsens benämning så som den är avskriven ur källdokumentet. Bokstäver "
        "som har lästs fel när texten togs ut ur dokumentet är rättade utan anmärkning (se Om "
        "webbplatsen); rader som redaktionen har slagit ihop står i en anmärkning på planens sida.",
    ),
    (
        "parent_label",
        "string",
        "För en insats (item): benämningen på raden den hör till. Tom för en budgetrad.",
    ),
    (
        "owner",
        "string",
        "För en insats (item): den part som driver insatsen, där planen anger det. Annars tom.",
    ),
    (
        "amount",
        "integer",
        "Beloppet i kronor: amount_as_printed gånger 1 (kr), 1 000 (tkr) eller 1 000 000 (mkr).",
    ),
    ("amount_as_printed", "integer", "Beloppet som det står i planens budget, i enheten unit."),
    (
        "unit",
        "string",
        "Planens enhet för beloppen: kr, tkr eller mkr (se planens sida för hur den framgår av "
        "källdokumentet).",
    ),
    ("source", "string", "Det publicerade dokument som planen är avskriven från."),
    (
        "url",
        "string",
        "Adressen till planens sida på webbplatsen, där budgeten visas och summor som inte går "
        "ihop förklaras.",
    ),
)
NAMES: tuple[str, ...] = tuple(name for name, _, _ in FIELDS)

CONSTRAINTS: dict[str, dict[str, object]] = {
    "forbund": {"required": True, "pattern": SLUG_PATTERN},
    "forbund_name": {"required": True},
    "fiscal_year": {"required": True, "minimum": FIRST_YEAR},
    "plan_year": {"required": True, "minimum": FIRST_YEAR},
    "phase": {"required": True, "enum": list(PHASES)},
    "direction": {"required": True, "enum": [REVENUE, EXPENDITURE]},
    "category": {
        "required": True,
        "enum": list(dict.fromkeys([*INCOME_CATEGORIES, *COST_CATEGORIES])),
    },
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
    "Alla budgetrader i de verksamhetsplaner från samordningsförbund som publiceras på "
    "webbplatsen. Samordningsförbunden "
    "bildas enligt lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser. En rad "
    "per budgetrad (row_type = line) och en "
    "per insats i en rads uppdelning (row_type = item), för varje budgetår i varje plan. "
    "phase = budget är budgeten för planens eget år; phase = forecast är en prognos "
    "för ett senare år i samma plan. Budgeten för ett förbund och ett år är den i planen för det "
    "året; en prognos ur en tidigare plan är bara en prognos. "
    "amount är beloppet i kronor, amount_as_printed beloppet i planens enhet (unit). "
    "direction = revenue är hela intäktssidan, inklusive eget kapital (category = equity) som "
    "används som finansiering; webbplatsens nyckeltal Intäkter utom eget kapital räknar inte med "
    "eget kapital. "
    "Kategorierna är redaktionens indelning av planens rader. "
    "Summera bara rader med row_type = line: insatserna är en uppdelning av sin rad. Tryckta "
    "summor (income_total, costs_total, result, carried_over) ingår inte här; de finns i "
    "nyckeltal.csv. "
    "Beloppen är så som de står i avskriften och rättas aldrig. Där raderna inte går ihop med en "
    "tryckt summa, "
    "till exempel en rad vars insatser inte summerar till radens belopp, syns skillnaden också "
    "här; den förklaras på planens sida (url). "
    f"Varje sådan summa finns i {DISCREPANCIES_CSV_NAME} och {DISCREPANCIES_JSON_NAME}, med "
    "confirmed = true "
    "om avskriften är jämförd med det publicerade originaldokumentet och siffrorna inte går ihop "
    "där heller (ett fel i källdokumentet), och false om den inte är jämförd "
    "(raderna så som de är avskrivna går inte ihop med den tryckta summan, och en rad kan ha "
    "fallit bort eller lästs fel när texten togs ut). "
    "En text som börjar med =, +, - eller @ kan tolkas som en formel av ett kalkylprogram; "
    "planformatet "
    "tillåter inga sådana texter, men importera ändå textkolumnerna som text. "
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
        return dict(zip(NAMES, self.values(), strict=False))


# A plan's rows come in groups that share a context (förbund, budget year, plan year, phase and
# direction) and an origin (unit, source, page); each row adds its own values (category, row
# type, label, parent label, owner, amounts). What a group shares is encoded once.
CONTEXT = 6
ORIGIN = 13
Values = tuple[str | int, ...]
Group = tuple[Values, Values, list[Values]]


def rows(corpus: Corpus, url_for: Callable[[str], str]) -> list[Row]:
    """Return one row per line and per item of every budget year of every plan, in export order."""
    return [
        Row(*context, *own, *origin)
        for plan in _in_order(corpus.plans)
        for context, origin, owns in plan_groups(plan, _name(corpus, plan), url_for(plan.uri))
        for own in owns
    ]


def _in_order(plans: list[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda plan: (plan.slug, plan.year))


def _name(corpus: Corpus, plan: Plan) -> str:
    profile = corpus.profiles.get(plan.slug)
    return profile.name if profile else plan.slug


def plan_groups(plan: Plan, name: str, url: str) -> Iterator[Group]:
    """Yield the rows of one plan by budget year, oldest first, and direction.

    Income lines, then cost lines, each followed by its items.
    """
    origin = (plan.unit, plan.source, url)
    factor = UNITS[plan.unit]
    for budget in sorted(plan.budget, key=lambda b: b.year):
        phase = phase_of(plan.year, budget.year)
        for direction, lines in ((REVENUE, budget.income), (EXPENDITURE, budget.costs)):
            owns: list[Values] = []
            for line in lines:
                owns.append(
                    (line.category, LINE, line.label, "", "", line.amount * factor, line.amount)
                )
                owns.extend(
                    (
                        line.category,
                        ITEM,
                        item.label,
                        line.label,
                        item.owner or "",
                        item.amount * factor,
                        item.amount,
                    )
                    for item in line.items
                )
            yield (plan.slug, name, budget.year, plan.year, phase, direction), origin, owns


def to_csv(rows: list[Row]) -> str:
    """Return the rows as CSV text: a header row, commas, RFC 4180 quoting, "\\n" line endings."""
    return csv_header() + _csv_lines(map(_group, rows))


def to_json(rows: list[Row]) -> str:
    """Return the rows as a JSON array of objects, one per line, keys in the order of FIELDS."""
    return json_array(_json_objects(map(_group, rows)))


def _group(row: Row) -> Group:
    values = row.values()
    return values[:CONTEXT], values[ORIGIN:], [values[CONTEXT:ORIGIN]]


@dataclass(frozen=True, slots=True)
class PlanTables:
    """One plan's rows as CSV lines and as JSON objects."""

    csv: str
    json: str
    count: int


def plan_tables(plan: Plan, name: str, url: str) -> PlanTables:
    """Return one plan's rows as CSV lines and as JSON objects (joined with ",\\n").

    And how many rows there are.
    """
    groups = list(plan_groups(plan, name, url))
    return PlanTables(
        _csv_lines(groups),
        ",\n".join(_json_objects(groups)),
        sum(len(owns) for _, _, owns in groups),
    )


def tables(
    corpus: Corpus, url_for: Callable[[str], str], memo: Memoize = no_memo
) -> tuple[str, str, int]:
    """Return the CSV and the JSON of all rows, and their number.

    With a Memo, an unchanged plan's rows are not encoded again.
    """
    parts = [
        memo(_plan_tables_at, plan, _name(corpus, plan), url_for)
        for plan in _in_order(corpus.plans)
    ]
    csv_text = memo(joined, csv_header(), *(part.csv for part in parts))
    json_text = memo(json_file, *(part.json for part in parts if part.json))
    return csv_text, json_text, sum(part.count for part in parts)


def _plan_tables_at(plan: Plan, name: str, url_for: Callable[[str], str]) -> PlanTables:
    return plan_tables(plan, name, url_for(plan.uri))


def joined(*texts: str) -> str:
    """Return the texts joined (as a memo's function: kept while its parts are unchanged)."""
    return "".join(texts)


def json_file(*objects: str) -> str:
    """Return JSON objects as a JSON array (as a memo's function: kept while they are unchanged)."""
    return json_array(objects)


# --- CSV and JSON text ----------------------------------------------------------------------------

_CSV_QUOTED = re.compile(
    '[,"\n\r]'
)  # at least every character that makes the csv module quote a text


def csv_header() -> str:
    """Return the CSV header row."""
    return _csv_cells(NAMES) + "\n"


def _csv_lines(groups: Iterable[Group]) -> str:
    groups = list(groups)
    rows = _csv_rows([own for _, _, owns in groups for own in owns])
    lines = []
    start = 0
    for context, origin, owns in groups:
        head, tail = _csv_cells(context), _csv_cells(origin)
        lines.extend([f"{head},{row},{tail}\n" for row in rows[start : start + len(owns)]])
        start += len(owns)
    return "".join(lines)


def _csv_rows(rows: list[Values]) -> list[str]:
    """Return each row's values as CSV cells.

    Written by the csv module in one go (row by row if a cell holds a line break).
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    lines = buffer.getvalue().split("\n")[:-1]
    return lines if len(lines) == len(rows) else [_csv_cells(row) for row in rows]


def _csv_cells(values: Values) -> str:
    return ",".join([_csv_cell(value) for value in values])


def _csv_cell(value: str | int) -> str:
    """Return one value as a CSV cell.

    The csv module's quoting, asked only for a text that may need it.
    """
    if type(value) is int or not _CSV_QUOTED.search(value):
        return str(value)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow((value, ""))
    return buffer.getvalue()[:-2]


def json_array(objects: Iterable[str]) -> str:
    """Return JSON objects as a JSON array, one object per line.

    Joined in one go (the array is large).
    """
    parts = ["[\n"]
    for text in objects:
        parts += (text, ",\n")
    if len(parts) == 1:
        return "[]\n"
    parts[-1] = "\n]\n"
    return "".join(parts)


def _json_objects(groups: Iterable[Group]) -> list[str]:
    objects = []
    text = encode_basestring
    for context, origin, owns in groups:
        head = f"{{{_JSON_CONTEXT % tuple(map(_json_value, context))}, "
        tail = f", {_JSON_ORIGIN % tuple(map(_json_value, origin))}}}"
        objects.extend(
            [
                head
                + _JSON_OWN
                % (
                    text(category),
                    text(kind),
                    text(label),
                    text(parent),
                    text(owner),
                    amount,
                    printed,
                )
                + tail
                for category, kind, label, parent, owner, amount, printed in owns
            ]
        )
    return objects


def _json_value(value: str | int) -> str:
    """Return a text or an integer as json.dumps writes it (without ASCII escapes)."""
    return encode_basestring(value) if type(value) is str else int.__repr__(value)


def _json_members(names: tuple[str, ...]) -> str:
    """Return the members of a JSON object with these keys, with %s for each value."""
    return ", ".join(f"{_json_value(name)}: %s" for name in names)


_JSON_CONTEXT = _json_members(NAMES[:CONTEXT])
_JSON_OWN = _json_members(NAMES[CONTEXT:ORIGIN])
_JSON_ORIGIN = _json_members(NAMES[ORIGIN:])


def table_schema() -> dict[str, object]:
    """Return the Table Schema of the rows: every field with type, description and constraints."""
    return schema_of(FIELDS, CONSTRAINTS)


def schema_of(
    fields: tuple[tuple[str, str, str], ...], constraints: dict[str, dict[str, object]]
) -> dict[str, object]:
    """Return a Table Schema of fields (name, type, description).

    Each with its constraints where it has any.
    """
    descriptors = []
    for name, kind, description in fields:
        descriptor: dict[str, object] = {"name": name, "type": kind, "description": description}
        if name in constraints:
            descriptor["constraints"] = copy.deepcopy(constraints[name])
        descriptors.append(descriptor)
    return {"fields": descriptors, "missingValues": [""]}


def json_resource(name: str, path: str, title: str, description: str) -> dict[str, object]:
    """Return the descriptor of a JSON resource."""
    return {
        "name": name,
        "path": path,
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "title": title,
        "description": description,
    }


def csv_resource(
    name: str, path: str, title: str, description: str | None, schema: dict[str, object]
) -> dict[str, object]:
    """Return the descriptor of a CSV resource.

    tabular, with its dialect and schema (and a description where given).
    """
    descriptor: dict[str, object] = {
        "name": name,
        "path": path,
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
    }
    if description is not None:
        descriptor["description"] = description
    return {
        **descriptor,
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": schema,
    }


# --- discrepancies --------------------------------------------------------------------------------

CHECKS = ("income", "costs", "items", "result", "shares")

# (name, Table Schema type, Swedish description): the columns of the discrepancies, in order.
DISCREPANCY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("forbund", "string", "Förbundets kod i webbadressen (slug), till exempel rar-sormland."),
    ("forbund_name", "string", "Förbundets fullständiga namn."),
    ("plan_year", "integer", "Året för verksamhetsplanen som summan står i."),
    ("fiscal_year", "integer", "Budgetåret som summan gäller."),
    (
        "check",
        "string",
        "Kontrollen som inte stämmer: income (summa intäkter), costs (summa kostnader), items "
        "(insatserna under en kostnadsrad), result (resultatet) eller shares (medlemmarnas "
        "andelar enligt lagen).",
    ),
    (
        "where",
        "string",
        "Platsen i planens budget, så som planformatet skriver den, till exempel "
        "budget.2021.costs eller budget.2023.costs.Samverkansinsatser.",
    ),
    ("printed", "integer", "Siffran så som den står i planen, i enheten unit."),
    (
        "computed",
        "integer",
        "Siffran som kontrollen beräknar ur raderna så som de är avskrivna, i enheten unit.",
    ),
    ("unit", "string", "Planens enhet för beloppen: kr, tkr eller mkr."),
    (
        "confirmed",
        "boolean",
        "true: avskriften är jämförd med det publicerade originaldokumentet, och siffrorna går "
        "inte ihop där heller: ett fel i källdokumentet. false: avskriften är inte jämförd med "
        "originalet; raderna så som de är avskrivna går inte ihop med den tryckta siffran, och en "
        "rad kan ha fallit bort eller lästs fel när texten togs ut ur dokumentet.",
    ),
    (
        "note",
        "string",
        "Redaktionens kommentar, till exempel vad som kan förklara skillnaden. Tom om det inte "
        "finns någon.",
    ),
    ("source", "string", "Det publicerade dokument som planen är avskriven från."),
    ("url", "string", "Adressen till planens sida på webbplatsen, där avvikelsen förklaras."),
)
DISCREPANCY_NAMES: tuple[str, ...] = tuple(name for name, _, _ in DISCREPANCY_FIELDS)
DISCREPANCY_TITLES = {  # the columns' Swedish titles (datapackage.json)
    "forbund": "Förbund (kod)",
    "forbund_name": "Förbund",
    "plan_year": "Planår",
    "fiscal_year": "Budgetår",
    "check": "Kontroll",
    "where": "Plats i budgeten",
    "printed": "Tryckt siffra",
    "computed": "Beräknad siffra",
    "unit": "Enhet",
    "confirmed": "Bekräftad i originalet",
    "note": "Kommentar",
    "source": "Källdokument",
    "url": "Planens sida",
}
DISCREPANCY_CONSTRAINTS: dict[str, dict[str, object]] = {
    "forbund": {"required": True, "pattern": SLUG_PATTERN},
    "forbund_name": {"required": True},
    "plan_year": {"required": True, "minimum": FIRST_YEAR},
    "fiscal_year": {"required": True, "minimum": FIRST_YEAR},
    "check": {"required": True, "enum": list(CHECKS)},
    "where": {"required": True},
    "printed": {"required": True},
    "computed": {"required": True},
    "unit": {"required": True, "enum": list(UNITS)},
    "confirmed": {"required": True},
    "source": {"required": True},
    "url": {"required": True},
}
DISCREPANCIES_DESCRIPTION = (
    "En rad per registrerad avvikelse i planerna: en tryckt summa som raderna inte summerar till, "
    "eller medlemsbidrag som inte följer lagens fördelning. confirmed = true betyder att "
    "avskriften "
    "är jämförd med det publicerade originaldokumentet och att siffrorna inte går ihop där heller: "
    "ett fel i källdokumentet. confirmed = false betyder att avskriften inte är jämförd med "
    "originalet; raderna så "
    "som de är avskrivna går inte ihop med den tryckta siffran, och en rad kan ha fallit bort "
    "eller "
    "lästs fel när texten togs ut ur dokumentet. Beloppen står i planens enhet (unit). "
    "Texterna (note, where) återges exakt som i planens fil: importera textkolumnerna som text."
)


@dataclass(frozen=True, slots=True)
class DiscrepancyRow:
    """One recorded discrepancy of one plan, flat."""

    forbund: str
    forbund_name: str
    plan_year: int
    fiscal_year: int
    check: str
    where: str
    printed: int
    computed: int
    unit: str
    confirmed: bool
    note: str
    source: str
    url: str

    def values(self) -> tuple[str | int | bool, ...]:
        """Return the row's values in the order of DISCREPANCY_FIELDS."""
        return tuple(getattr(self, name) for name in DISCREPANCY_NAMES)

    def as_dict(self) -> dict[str, str | int | bool]:
        """Return the row as a mapping in the order of DISCREPANCY_FIELDS."""
        return dict(zip(DISCREPANCY_NAMES, self.values(), strict=False))


def check_of(where: str) -> tuple[int, str]:
    """Return the budget year and the check of a discrepancy's where.

    budget.2023.costs.Insatser is (2023, "items").
    """
    place = Where.parse(where)
    if place is None:
        raise ValueError(f"not a where: {where!r}")
    return place.year, place.check


def discrepancy_rows(corpus: Corpus, url_for: Callable[[str], str]) -> list[DiscrepancyRow]:
    """Return one row per recorded discrepancy of every plan, by förbund.

    Plan year and the order in the plan.
    """
    return [
        row
        for plan in _in_order(corpus.plans)
        for row in plan_discrepancy_rows(plan, _name(corpus, plan), url_for(plan.uri))
    ]


def plan_discrepancy_rows(plan: Plan, name: str, url: str) -> tuple[DiscrepancyRow, ...]:
    """Return one row per recorded discrepancy of one plan, in the plan's order.

    name is the förbund's full name, url the plan page's address.
    """
    found = []
    for discrepancy in plan.discrepancies:
        year, check = check_of(discrepancy.where)
        found.append(
            DiscrepancyRow(
                plan.slug,
                name,
                plan.year,
                year,
                check,
                discrepancy.where,
                discrepancy.printed,
                discrepancy.computed,
                plan.unit,
                discrepancy.confirmed,
                discrepancy.note or "",
                plan.source,
                url,
            )
        )
    return tuple(found)


def discrepancies_csv(rows: list[DiscrepancyRow]) -> str:
    """Return the discrepancies as CSV text.

    A header row, then one row each; confirmed as true or false.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DISCREPANCY_NAMES)
    writer.writerows(
        tuple(
            ("true" if value else "false") if type(value) is bool else value
            for value in row.values()
        )
        for row in rows
    )
    return buffer.getvalue()


def discrepancies_json(rows: list[DiscrepancyRow]) -> str:
    """Return the discrepancies as a JSON array of objects.

    Keys in the order of DISCREPANCY_FIELDS.
    """
    return json_array(json.dumps(row.as_dict(), ensure_ascii=False) for row in rows)


def discrepancy_schema() -> dict[str, object]:
    """Return the Table Schema of the discrepancies."""
    return schema_of(DISCREPANCY_FIELDS, DISCREPANCY_CONSTRAINTS)


def discrepancy_resource(kind: str, path: str) -> dict[str, object]:
    """Return the descriptor of the discrepancies as CSV (tabular, with its schema) or as JSON."""
    if kind == "discrepancies_json":
        description = (
            "Samma rader som avvikelser, som en JSON-lista med ett objekt per rad; confirmed är "
            f"true eller false. {DISCREPANCIES_DESCRIPTION}"
        )
        return json_resource(
            "avvikelser-json", path, "Summor som inte går ihop (JSON)", description
        )
    return csv_resource(
        "avvikelser",
        path,
        "Summor som inte går ihop (CSV)",
        DISCREPANCIES_DESCRIPTION,
        discrepancy_schema(),
    )
