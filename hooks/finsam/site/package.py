"""datapackage.json: the open data's files described as a Frictionless Data Package.

Each with its Table Schema.
"""

from __future__ import annotations

import json

from . import export, keyfigures
from .addresses import FIGURES_CSV_NAME

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
        _resource(kind, resource_paths[kind]) for kind in RESOURCE_KINDS if kind in resource_paths
    ]
    descriptor = {
        "name": export.PACKAGE_NAME,
        "title": export.TITLE,
        "description": DESCRIPTION,
        "licenses": [export.LICENSE],
        "resources": resources,
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


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
