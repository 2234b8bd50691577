"""Assemble the site's pages: each förbund file's page, and the generated comparison and data pages."""

from __future__ import annotations

from collections.abc import Callable

from . import catalogue, compare, export, render
from .corpus import FORBUND_INDEX
from .derived import Comparison
from .model import Corpus, Document, Plan, Profile
from .problems import Problem
from .render import Link, Meta

LinkFrom = Callable[[str], Link]

OVERVIEW = f"{compare.SECTION}/index.md"
ERRORS = "felmeddelanden.md"
DATA_FILES = {
    "csv": "data/budgetrader.csv",
    "json": "data/budgetrader.json",
    "package": "data/datapackage.json",
}


def page(item: Plan | Profile | Document, corpus: Corpus, comparison: Comparison, link: Link) -> tuple[Meta, str]:
    """Return the escaped metadata and the Markdown of a plan, förbund or document page."""
    if isinstance(item, Plan):
        profile = corpus.profiles[item.forbund]
        return render.plan_meta(item, profile), render.plan_page(item, profile, link, link(year_uri(item.year)))
    if isinstance(item, Profile):
        text = render.profile_page(item, corpus, link) + compare.profile_history(item, comparison, corpus, link)
        return render.profile_meta(item), text
    profile = corpus.profiles[item.slug]
    return render.document_meta(item, profile), render.document_page(item, profile, link)


def year_uri(year: int) -> str:
    """Return the path of one year's comparison page."""
    return f"{compare.SECTION}/{year}.md"


def generated_uris(comparison: Comparison) -> list[str]:
    """Return the paths of every page and file the site generates."""
    pages = [FORBUND_INDEX, OVERVIEW, *(year_uri(y) for y in comparison.years), compare.INSATSER, compare.DATA, ERRORS]
    return pages + list(DATA_FILES.values())


def collisions(existing: set[str], comparison: Comparison) -> list[Problem]:
    """Return a problem for every content file at a path the site generates itself."""
    return [
        Problem(f"content/{uri}", None, None, "ingen fil här: sidan skapas automatiskt", "en fil", "Ta bort eller flytta filen; den här sidan skapas av webbplatsen.")
        for uri in generated_uris(comparison)
        if uri in existing and uri != FORBUND_INDEX
    ]


def generated_content(corpus: Corpus, comparison: Comparison, link_from: LinkFrom, url_for: Callable[[str], str]) -> dict[str, str]:
    """Return the content of every generated page and data file, by path."""
    content = {
        FORBUND_INDEX: render.forbund_index(corpus, link_from(FORBUND_INDEX)),
        OVERVIEW: compare.overview_page(comparison, corpus, link_from(OVERVIEW)),
        compare.INSATSER: compare.insatser_page(corpus, comparison, link_from(compare.INSATSER)),
        ERRORS: catalogue.page(),
    }
    for year in comparison.years:
        content[year_uri(year)] = compare.year_page(year, comparison, corpus, link_from(year_uri(year)))
    rows = export.rows(corpus, url_for)
    content[compare.DATA] = compare.data_page(DATA_FILES, len(rows))
    content[DATA_FILES["csv"]] = export.to_csv(rows)
    content[DATA_FILES["json"]] = export.to_json(rows)
    content[DATA_FILES["package"]] = export.datapackage({"csv": "budgetrader.csv", "json": "budgetrader.json"})
    return content


def nav_sections(corpus: Corpus, comparison: Comparison) -> dict[str, list]:
    """Return the children of the generated nav sections, keyed by the section's index page."""
    profiles = sorted(corpus.profiles.values(), key=lambda p: p.short_name)
    return {
        FORBUND_INDEX: [FORBUND_INDEX] + [{render.escaped(p.short_name): p.uri} for p in profiles],
        OVERVIEW: [OVERVIEW] + [{str(year): year_uri(year)} for year in comparison.years],
    }
