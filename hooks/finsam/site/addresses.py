"""The addresses of every page and file the site generates itself.

In the content folder's terms (paths with .md).

One place for them, light to import: the build, the link check and `finsam check` ask which
addresses exist without making any page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from ..format.paths import FORBUND_INDEX

Link = Callable[[str], str]  # the links from one page: the href of the page or file at a path

SECTION = "jamfor"  # the comparison pages
OVERVIEW = f"{SECTION}/index.md"
CHARTS = f"{SECTION}/diagram"
REVENUE_FILES = (f"{CHARTS}/intakter-per-forbund.svg", f"{CHARTS}/intakter-per-forbund.csv")
INSATSER = "insatser/index.md"
DATA = "data/index.md"
ERRORS = "felmeddelanden.md"
FEED = "nyheter.xml"
WORKBOOK = "budget.xlsx"
CSV_NAME = "budgetrader.csv"
JSON_NAME = "budgetrader.json"
DISCREPANCIES_CSV_NAME = "avvikelser.csv"
DISCREPANCIES_JSON_NAME = "avvikelser.json"
FIGURES_CSV_NAME = "nyckeltal.csv"
FIGURES_JSON_NAME = "nyckeltal.json"
FORBUND_DATA = "data/forbund"  # each förbund's profile and plans as JSON, <förbund>.json
FORBUND_SCHEMA = "data/forbund.schema.json"  # the JSON Schema of those files
CATALOGUE_NAME = "katalog.rdf"  # the DCAT-AP-SE catalogue that Sveriges dataportal harvests
DATA_FILES = {
    "xlsx": f"data/{WORKBOOK}",
    "csv": f"data/{CSV_NAME}",
    "json": f"data/{JSON_NAME}",
    "package": "data/datapackage.json",
    "discrepancies_csv": f"data/{DISCREPANCIES_CSV_NAME}",
    "discrepancies_json": f"data/{DISCREPANCIES_JSON_NAME}",
    "figures_csv": f"data/{FIGURES_CSV_NAME}",
    "figures_json": f"data/{FIGURES_JSON_NAME}",
    "catalogue": f"data/{CATALOGUE_NAME}",
}


def relative(uri: str, origin: str) -> str:
    """Return the path of uri relative to the page at origin, as a Markdown link from it."""
    return posixpath.relpath(uri, posixpath.dirname(origin))


def url_from(url: str, folder: str) -> str:
    """Return a public URL as a file in folder links to it: kept if absolute, else made relative.

    url is absolute when the site's address is known, else from the site's root ("" the root).
    """
    if urlsplit(url).scheme:
        return url
    found = posixpath.relpath("/" + url, "/" + folder)
    return found + "/" if url.endswith("/") or not url else found


def year_uri(year: int) -> str:
    """Return the path of one year's comparison page."""
    return f"{SECTION}/{year}.md"


def year_workbook_uri(year: int) -> str:
    """Return the path of one year's comparison as a workbook."""
    return f"{SECTION}/jamfor-{year}.xlsx"


def insatser_uri(year: int) -> str:
    """Return the path of the page of the insatser in the budgets for one year."""
    return f"{INSATSER.rsplit('/', 1)[0]}/{year}.md"


def cost_shares_files(year: int) -> tuple[str, str]:
    """Return the paths of one year's cost shares chart: as an SVG file, and its figures as CSV."""
    stem = f"{CHARTS}/kostnadernas-fordelning-{year}"
    return f"{stem}.svg", f"{stem}.csv"


def chart_files(years: list[int]) -> list[str]:
    """Return the paths of every chart's SVG file and CSV file."""
    return [*REVENUE_FILES, *(path for year in years for path in cost_shares_files(year))]


def forbund_data_uri(slug: str) -> str:
    """Return the path of a förbund's JSON file."""
    return f"{FORBUND_DATA}/{slug}.json"


def generated_uris(years: Iterable[int], slugs: Iterable[str] = ()) -> list[str]:
    """Return the paths of every page and file the site generates.

    Given the years with a budget (Comparison.years) and the förbund (their slugs).
    """
    years = list(years)
    pages = [
        FORBUND_INDEX,
        OVERVIEW,
        *(year_uri(y) for y in years),
        INSATSER,
        *(insatser_uri(y) for y in years),
        DATA,
        ERRORS,
    ]
    data = [*DATA_FILES.values(), FORBUND_SCHEMA, *(forbund_data_uri(slug) for slug in slugs)]
    workbooks = [year_workbook_uri(year) for year in years]
    return pages + data + [FEED] + chart_files(years) + workbooks
