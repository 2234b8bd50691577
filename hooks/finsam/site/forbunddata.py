"""data/forbund/<förbund>.json: one förbund's profile and every plan, with every figure and mark.

A stable address per förbund for programs that want one förbund's budgets without reading them
all. Each file names its JSON Schema (`$schema`, published beside the folder). A
figure is given in kronor and, where it is an amount, in the plan's unit; with whether the site
computed it (not printed in the plan) and whether a recorded discrepancy touches it. Each budget
year says whether it is the plan's budget, a forecast or an earlier year that the plan reprints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..format.model import UNITS, Line, Plan, Profile
from .addresses import FORBUND_DATA, FORBUND_SCHEMA, url_from
from .derived import BUDGET, EARLIER, FORECAST, Figures, phase_of
from .keyfigures import AMOUNT_COLUMNS, shown_figures, value_of

AMOUNTS = frozenset(
    (*(column for column, _ in AMOUNT_COLUMNS), "result", "carried_over")
)  # figures in kronor that the plan's unit can express


def forbund_json(
    profile: Profile,
    plans: Sequence[tuple[Plan, Sequence[Figures]]],
    url_for: Callable[[str], str],
) -> str:
    """Return a förbund's JSON: its profile, and each plan with the figures of its years."""
    population = profile.population
    found = {
        "$schema": url_from(url_for(FORBUND_SCHEMA), FORBUND_DATA),
        "forbund": profile.slug,
        "name": profile.name,
        "short_name": profile.short_name,
        "county": profile.county,
        "members": list(profile.members),
        "org_number": profile.org_number,
        "founded": profile.founded,
        "website": profile.website,
        "population_16_64": population.value if population else None,
        "population_year": population.year if population else None,
        "url": url_for(profile.uri),
        "plans": [_plan(plan, figures, url_for) for plan, figures in plans],
    }
    return json.dumps(found, ensure_ascii=False, indent=1) + "\n"


def _plan(plan: Plan, figures: Sequence[Figures], url_for: Callable[[str], str]) -> dict:
    factor = UNITS[plan.unit]
    by_year = {item.year: item for item in figures}
    return {
        "year": plan.year,
        "title": plan.display_title,
        "url": url_for(plan.uri),
        "adopted": plan.adopted.isoformat() if plan.adopted else None,
        "source": plan.source,
        "source_url": plan.source_url,
        "unit": plan.unit,
        "budget_years": [
            {
                "year": budget.year,
                "phase": phase_of(plan.year, budget.year),
                "figures": _figures(by_year.get(budget.year), factor),
                "income": [_line(line, factor) for line in budget.income],
                "costs": [_line(line, factor) for line in budget.costs],
            }
            for budget in sorted(plan.budget, key=lambda budget: budget.year)
        ],
    }


def _figures(figures: Figures | None, factor: int) -> dict | None:
    """Return a year's figures by name, each with its marks; None for an earlier year."""
    if figures is None:
        return None
    return {
        column: {
            "kronor": value_of(column, figure),
            "in_unit": _in_unit(figure.value, factor)
            if column in AMOUNTS and not figure.missing
            else None,
            "computed": figure.computed,
            "discrepancy": figure.disputed,
        }
        for column, figure in shown_figures(figures).items()
    }


def _line(line: Line, factor: int) -> dict:
    return {
        "label": line.label,
        "category": line.category,
        "kronor": line.amount * factor,
        "in_unit": line.amount,
        "items": [
            {
                "label": item.label,
                "owner": item.owner,
                "kronor": item.amount * factor,
                "in_unit": item.amount,
            }
            for item in line.items
        ],
    }


def _in_unit(kronor: object, factor: int) -> int | float:
    if isinstance(kronor, int) and kronor % factor == 0:
        return kronor // factor
    return float(kronor) / factor


def schema() -> str:
    """Return the JSON Schema of a förbund's file."""
    nullable_int = {"type": ["integer", "null"]}
    nullable_text = {"type": ["string", "null"]}
    figure = _record(
        {
            "kronor": {
                "type": ["number", "null"],
                "description": "Siffran i kronor (andelar som ett tal mellan 0 och 1); null om "
                "planen inte anger den, aldrig 0 i stället.",
            },
            "in_unit": {
                "type": ["number", "null"],
                "description": "Beloppet i planens enhet (unit); null för andelar, "
                "medlemsbidrag per invånare och siffror som saknas.",
            },
            "computed": {
                "type": "boolean",
                "description": "true: webbplatsen har beräknat siffran; den är inte tryckt i "
                "planen.",
            },
            "discrepancy": {
                "type": "boolean",
                "description": "true: en registrerad avvikelse berör siffran (se planens sida).",
            },
        },
        "En siffra med sina markeringar.",
    )
    amount = {
        "kronor": {"type": "integer", "description": "Beloppet i kronor."},
        "in_unit": {
            "type": "integer",
            "description": "Beloppet i planens enhet (unit), så som det står i planen.",
        },
    }
    item = _record(
        {
            "label": {"type": "string", "description": "Insatsens benämning."},
            "owner": {**nullable_text, "description": "Den part som driver insatsen."},
            **amount,
        }
    )
    line = _record(
        {
            "label": {"type": "string", "description": "Radens benämning."},
            "category": {"type": "string", "description": "Radens kategori enligt planformatet."},
            **amount,
            "items": {
                "type": "array",
                "items": item,
                "description": "Radens uppdelning i insatser.",
            },
        }
    )
    budget_year = _record(
        {
            "year": {"type": "integer", "description": "Budgetåret."},
            "phase": {
                "enum": [BUDGET, FORECAST, EARLIER],
                "description": "budget: planens eget år; forecast: en prognos för ett senare år; "
                "earlier: ett tidigare år som planen återger.",
            },
            "figures": {
                "type": ["object", "null"],
                "additionalProperties": figure,
                "description": "Nyckeltalen, samma som på jämförelsesidorna, med kolumnnamnen i "
                "nyckeltal.csv; null för ett tidigare år.",
            },
            "income": {"type": "array", "items": line, "description": "Intäktsraderna."},
            "costs": {"type": "array", "items": line, "description": "Kostnadsraderna."},
        }
    )
    plan = _record(
        {
            "year": {"type": "integer", "description": "Planens år."},
            "title": {"type": "string", "description": "Planens titel."},
            "url": {"type": "string", "description": "Planens sida på webbplatsen."},
            "adopted": {**nullable_text, "description": "Dagen då planen antogs (ÅÅÅÅ-MM-DD)."},
            "source": {"type": "string", "description": "Källdokumentet."},
            "source_url": {**nullable_text, "description": "Adressen till källdokumentet."},
            "unit": {"enum": list(UNITS), "description": "Planens enhet: kr, tkr eller mkr."},
            "budget_years": {"type": "array", "items": budget_year},
        }
    )
    found = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Ett samordningsförbunds planer och budgetar",
        "description": "Uppgifter om förbundet och varje verksamhetsplan på webbplatsen, med "
        "budgetrader och nyckeltal per budgetår.",
        "type": "object",
        "required": ["forbund", "name", "short_name", "county", "members", "url", "plans"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string", "description": "Adressen till det här schemat."},
            "forbund": {"type": "string", "description": "Förbundets kod i webbadressen."},
            "name": {"type": "string", "description": "Förbundets fullständiga namn."},
            "short_name": {"type": "string", "description": "Förbundets korta namn."},
            "county": {"type": "string", "description": "Länet."},
            "members": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Medlemmarna.",
            },
            "org_number": {**nullable_text, "description": "Organisationsnummer."},
            "founded": {**nullable_int, "description": "Året då förbundet bildades."},
            "website": {**nullable_text, "description": "Förbundets egen webbplats."},
            "population_16_64": {
                **nullable_int,
                "description": "Antalet invånare i åldern 16–64 år.",
            },
            "population_year": {
                **nullable_int,
                "description": "Året som befolkningssiffran gäller.",
            },
            "url": {"type": "string", "description": "Förbundets sida på webbplatsen."},
            "plans": {"type": "array", "items": plan, "description": "Planerna, äldst först."},
        },
    }
    return json.dumps(found, ensure_ascii=False, indent=1) + "\n"


def _record(properties: dict[str, object], description: str | None = None) -> dict[str, object]:
    """Return the schema of an object with exactly these properties, each required."""
    described = {} if description is None else {"description": description}
    return {
        "type": "object",
        **described,
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
