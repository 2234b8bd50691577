"""datapackage.json: the open data's files described as a Frictionless Data Package (v2).

Each CSV file with its Table Schema, every field with a Swedish title and description.
"""

from __future__ import annotations

import json

from . import export, keyfigures, workbook
from .addresses import FIGURES_CSV_NAME

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Each CSV file's columns by name: their Swedish titles, as the workbook heads them.
TITLES: dict[str, dict[str, str]] = {
    "csv": dict(zip(export.NAMES, (name for name, *_ in workbook.LINE_COLUMNS), strict=True)),
    "figures_csv": {
        "forbund": "Förbund (kod)",
        "forbund_name": "Förbund",
        **{column: name for column, name, *_ in workbook.FIGURE_COLUMNS},
    },
    "discrepancies_csv": export.DISCREPANCY_TITLES,
}
SOURCES = [
    {
        "title": "Verksamhetsplaner och budgetar från Sveriges samordningsförbund (allmänna "
        "handlingar), återgivna på webbplatsen; budgetraderna och avvikelserna anger sitt "
        "källdokument (source), och varje rad planens sida (url), som länkar till originalet."
    }
]

RESOURCE_KINDS = (
    "csv",
    "json",
    "discrepancies_csv",
    "discrepancies_json",
    "figures_csv",
    "figures_json",
)
DESCRIPTION = (
    "Budgetarna i de verksamhetsplaner för samordningsförbund som publiceras på webbplatsen, som "
    "öppna data: "
    f"alla budgetrader och insatser ({export.CSV_NAME}), nyckeltalen per förbund och år som på "
    "jämförelsesidorna "
    f"({FIGURES_CSV_NAME}, med vilka siffror som är beräknade av webbplatsen) och de summor som "
    "inte går ihop med "
    f"sina rader ({export.DISCREPANCIES_CSV_NAME}), var och en också som JSON. "
    "Verksamhetsplanerna är allmänna handlingar. "
    "Sammanställningen ges ut under CC0 1.0 och får användas fritt, utan villkor."
)


def datapackage(resource_paths: dict[str, str]) -> str:
    """Return datapackage.json for the exported files.

    resource_paths maps kinds in RESOURCE_KINDS to paths.
    """
    unknown = set(resource_paths) - set(RESOURCE_KINDS)
    if unknown:
        raise ValueError(
            f"okända format: {', '.join(sorted(unknown))}; bara {', '.join(RESOURCE_KINDS)}"
        )
    resources = [
        _titled(kind, _resource(kind, resource_paths[kind]))
        for kind in RESOURCE_KINDS
        if kind in resource_paths
    ]
    descriptor = {
        "$schema": PROFILE,
        "name": export.PACKAGE_NAME,
        "title": export.TITLE,
        "description": DESCRIPTION,
        "licenses": [export.LICENSE],
        "sources": SOURCES,
        "resources": resources,
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _titled(kind: str, resource: dict[str, object]) -> dict[str, object]:
    """Return a resource with its schema (if any) declared as v2 and every field titled."""
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return resource
    fields = [
        {"name": field["name"], "title": TITLES[kind][field["name"]], **field}
        for field in schema["fields"]
    ]
    return {**resource, "schema": {"$schema": SCHEMA_PROFILE, **schema, "fields": fields}}


def _resource(kind: str, path: str) -> dict[str, object]:
    """Return the descriptor of one file.

    CSV as a tabular resource with its schema, JSON as a plain one.
    """
    if kind in ("discrepancies_csv", "discrepancies_json"):
        return export.discrepancy_resource(kind, path)
    if kind == "figures_csv":
        return export.csv_resource(
            "nyckeltal",
            path,
            "Nyckeltal per förbund och år (CSV)",
            keyfigures.DESCRIPTION,
            keyfigures.table_schema(),
        )
    if kind == "figures_json":
        return export.json_resource(
            "nyckeltal-json",
            path,
            "Nyckeltal per förbund och år (JSON)",
            keyfigures.JSON_DESCRIPTION,
        )
    if kind == "json":
        return export.json_resource(
            "budgetrader-json", path, "Budgetrader och insatser (JSON)", export.JSON_DESCRIPTION
        )
    return export.csv_resource(
        "budgetrader",
        path,
        "Budgetrader och insatser (CSV)",
        export.DESCRIPTION,
        export.table_schema(),
    )
