"""Assemble the site's pages.

Each förbund file's page, and the generated comparison and data pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from itertools import chain

from ..format.model import Corpus, Document, Plan, Profile
from ..format.paths import FORBUND_INDEX
from . import (
    catalogue,
    charts,
    compare,
    datapage,
    dcat,
    derived,
    export,
    feed,
    forbunddata,
    forbundpages,
    history,
    insatser,
    keyfigures,
    meta,
    package,
    planpage,
    report,
    workbook,
)
from .addresses import (
    DATA,
    DATA_FILES,
    ERRORS,
    FEED,
    FORBUND_SCHEMA,
    INSATSER,
    OVERVIEW,
    REVENUE_FILES,
    Link,
    cost_shares_files,
    forbund_data_uri,
    insatser_uri,
    year_uri,
    year_workbook_uri,
)
from .derived import Comparison, Figures
from .markup import escaped
from .memo import Memo, Memoize
from .meta import Meta
from .stash import block

LinkFrom = Callable[[str], Link]
FORBUND_LIST_MARKER = "<!-- förbundslistan -->"
FORBUND_LIST_LINE_RE = re.compile(rf"^[ \t]*{re.escape(FORBUND_LIST_MARKER)}[ \t]*$", re.MULTILINE)


def page(
    item: Plan | Profile | Document,
    corpus: Corpus,
    comparison: Comparison,
    link: Link,
    repo_url: str | None = None,
    page_url: str = "",
) -> tuple[Meta, str]:
    """Return the escaped metadata and the Markdown of a plan, förbund or document page.

    A plan page links to the issue form in repo_url.
    """
    if isinstance(item, Plan):
        profile = corpus.profiles[item.slug]
        data = link(forbund_data_uri(item.slug))
        return replace(meta.plan_meta(item, profile), data_json=escaped(data)), planpage.plan_page(
            item, profile, link, comparison
        ) + _data_link(data) + _report_link(item, profile, repo_url, page_url)
    if isinstance(item, Profile):
        link = cache(link)  # the plans' table and their history link to the same plans
        plans = [
            (plan, comparison.budgets[(plan.slug, plan.year)])
            for plan in comparison.plans.get(item.slug, [])
        ]
        text = forbundpages.profile_page(
            item, corpus, link, plans, comparison
        ) + compare.profile_history(item, comparison, corpus, link)
        data = link(forbund_data_uri(item.slug))
        return replace(meta.profile_meta(item), data_json=escaped(data)), text + _data_link(data)
    profile = corpus.profiles[item.slug]
    return meta.document_meta(item, profile), forbundpages.document_page(item, profile, link)


def site_page(markdown: str, corpus: Corpus, link: Link) -> str:
    """Return a site page's Markdown with the generated parts it asks for in place.

    A line `<!-- förbundslistan -->` becomes the list of all förbund.
    """
    if FORBUND_LIST_MARKER not in markdown:
        return markdown
    return FORBUND_LIST_LINE_RE.sub(lambda _: forbundpages.forbund_list(corpus, link), markdown)


def site_parts(corpus: Corpus) -> str:
    """Return what the generated parts of site pages show (a preview rebuilds them on a change)."""
    return forbundpages.forbund_list(corpus, lambda uri: uri)


def _data_link(href: str) -> str:
    """Return the block with the link to the förbund's plans and figures as open data (JSON)."""
    return block(
        f'<p class="finsam-data-link"><a href="{escaped(href)}" type="application/json">'
        "Förbundets planer och siffror som öppna data (JSON)</a></p>"
    )


def _report_link(plan: Plan, profile: Profile, repo_url: str | None, page_url: str) -> str:
    """Return the block with the link that reports an error in a plan.

    Or nothing if the repository is not on GitHub.
    """
    href = report.plan_issue_url(repo_url, page_url, profile.name, plan.display_title, plan.path)
    return block(report.report_html(href)) if href else ""


@dataclass(frozen=True, eq=False)
class BackgroundFile:
    """A generated file too heavy to make in line (the workbook): how to make it.

    The caller can make it on another core: its function and inputs pickle, so that another process
    can make it. Equal only to itself: a Generator gives the same BackgroundFile again while its
    inputs are the same objects.
    """

    make: Callable[..., bytes]
    inputs: tuple

    def __call__(self) -> bytes:
        """Return the file's bytes."""
        return self.make(*self.inputs)


class Addresses(dict):
    """The public address of each page a generated file links to, by path.

    A function of the path that pickles (see finsam.background).
    """

    def __call__(self, uri: str) -> str:
        """Return the address of the page at a path."""
        return self[uri]


Content = dict[str, "str | bytes | BackgroundFile"]


@dataclass(frozen=True, slots=True)
class Repository:
    """Where the project is kept: its folder and its address on GitHub, where known.

    The folder's git history dates the feed's entries and the data catalogue (without it, a feed
    entry has its plan's adoption date); the address gives the issue form for reporting errors.
    """

    root: str | None = None
    url: str | None = None


def generated_content(
    corpus: Corpus,
    comparison: Comparison,
    link_from: LinkFrom,
    url_for: Callable[[str], str],
    repository: Repository = Repository(),
) -> dict[str, str | bytes]:
    """Return the content of every generated page and data file.

    By path (the workbook as bytes, the rest as text).
    """
    return make_background_files(
        content_with_background_files(corpus, comparison, link_from, url_for, repository)
    )


def content_with_background_files(
    corpus: Corpus,
    comparison: Comparison,
    link_from: LinkFrom,
    url_for: Callable[[str], str],
    repository: Repository = Repository(),
) -> Content:
    """Return the content of every generated page and data file, by path.

    The heavy ones as BackgroundFile.
    """
    return _content(
        corpus, comparison, link_from, url_for, Memo(), repository
    )  # kept for this build only: a chart is drawn once for its page and its file


def make_background_files(content: Content) -> dict[str, str | bytes]:
    """Return the content with every BackgroundFile made."""
    return {
        uri: value() if isinstance(value, BackgroundFile) else value
        for uri, value in content.items()
    }


def _content(
    corpus: Corpus,
    comparison: Comparison,
    link_from: LinkFrom,
    url_for: Callable[[str], str],
    memo: Memoize,
    repository: Repository,
) -> Content:
    """Return the content of every generated page and data file, by path.

    Made of parts from the memo.
    """
    csv_text, json_text, count = export.tables(corpus, url_for, memo)
    content = {
        FORBUND_INDEX: forbundpages.forbund_index(
            corpus, link_from(FORBUND_INDEX), memo, comparison.plans
        ),
        OVERVIEW: compare.overview_page(comparison, corpus, link_from(OVERVIEW), memo),
        INSATSER: insatser.insatser_page(corpus, comparison, link_from(INSATSER), memo),
        ERRORS: catalogue.page(),
    }
    for year in comparison.years:
        content[year_uri(year)] = compare.year_page(
            year, comparison, corpus, link_from(year_uri(year)), memo
        )
        insatser_page = insatser_uri(year)
        content[insatser_page] = insatser.insatser_year_page(
            year, corpus, comparison, link_from(insatser_page), memo
        )
    content[DATA] = datapage.data_page(DATA_FILES, count, tuple(comparison.years))
    content[DATA_FILES["csv"]] = csv_text
    content[DATA_FILES["json"]] = json_text
    content[DATA_FILES["package"]] = _package()
    plans, names = _workbook_plans(corpus)
    discrepancies = tuple(  # plan by plan, kept for the workbook while the plans are unchanged
        row
        for plan, name in zip(plans, names, strict=True)
        for row in memo(export.plan_discrepancy_rows, plan, name, url_for(plan.uri))
    )
    content[DATA_FILES["discrepancies_csv"]] = export.discrepancies_csv(list(discrepancies))
    content[DATA_FILES["discrepancies_json"]] = export.discrepancies_json(list(discrepancies))
    items = _key_figure_items(corpus, comparison)
    figure_rows = tuple(  # row by row: a change makes only its plan's rows again
        memo(keyfigures.row, plan, name, figures, url_for) for plan, name, figures in items
    )
    content[DATA_FILES["figures_csv"]] = memo(
        export.joined, keyfigures.csv_header(), *(memo(keyfigures.csv_line, r) for r in figure_rows)
    )
    content[DATA_FILES["figures_json"]] = memo(
        export.json_file, *(memo(keyfigures.json_object, r) for r in figure_rows)
    )
    content.update(_forbund_files(corpus, comparison, url_for, memo))
    content.update(_year_workbooks(corpus, comparison, items, figure_rows, memo))
    figures = tuple((corpus.profiles[row["forbund"]].short_name, row) for row in figure_rows)
    addresses = memo(
        Addresses, tuple((uri, url_for(uri)) for uri in dict.fromkeys(p.uri for p in plans))
    )
    content[DATA_FILES["xlsx"]] = memo(
        BackgroundFile, workbook.build, (plans, names, figures, addresses, discrepancies)
    )
    changed = _changed(corpus, repository.root)
    content[FEED] = feed.atom(_feed_items(corpus, comparison), changed, url_for, memo)
    content[DATA_FILES["catalogue"]] = dcat.catalogue(
        dcat.Site(
            url_for,
            tuple(comparison.years),
            max((date for _, date in changed), default=None),
            report.form_url(repository.url),
        )
    )
    content.update(_chart_files(corpus, comparison, memo))
    return content


def _chart_files(corpus: Corpus, comparison: Comparison, memo: Memoize) -> dict[str, str]:
    """Return every chart as a standalone SVG file and its figures as CSV, by path.

    The very charts the pages show.
    """
    series = compare.revenue_series(comparison, corpus)
    files = dict(
        zip(
            REVENUE_FILES,
            (
                memo(charts.standalone, memo(charts.revenue_chart, series)),
                memo(charts.revenue_csv, series),
            ),
            strict=False,
        )
    )
    for year in comparison.years:
        rows = compare.year_rows(year, comparison, corpus)
        svg = memo(charts.standalone, memo(charts.cost_shares_chart, year, rows))
        files.update(
            zip(cost_shares_files(year), (svg, memo(charts.cost_shares_csv, rows)), strict=False)
        )
    return files


def _year_workbooks(
    corpus: Corpus,
    comparison: Comparison,
    items: tuple[tuple[Plan, str, Figures], ...],
    figure_rows: tuple[dict[str, object], ...],
    memo: Memoize,
) -> dict[str, bytes]:
    """Return each year's comparison as a workbook, by path: the rows of the year's table.

    Each förbund's row of the key figures (its budget, else a forecast), or None where it has
    neither; a workbook is made again only when one of its rows changed.
    """
    rows = {
        (figures.slug, figures.year, figures.plan_year): row
        for (_, _, figures), row in zip(items, figure_rows, strict=True)
    }
    found = {}
    for year in comparison.years:
        shown = tuple(
            (corpus.profiles[slug].short_name, comparison.shown(slug, year))
            for slug in comparison.slugs
        )
        year_rows = tuple(
            (name, None if f is None else rows[(f.slug, f.year, f.plan_year)]) for name, f in shown
        )
        found[year_workbook_uri(year)] = memo(workbook.year_build, year, year_rows)
    return found


def _workbook_plans(corpus: Corpus) -> tuple[tuple[Plan, ...], tuple[str, ...]]:
    """Return the plans in the export's order and their förbund's names.

    For the workbook's budget lines.
    """
    plans = tuple(sorted(corpus.plans, key=lambda plan: (plan.slug, plan.year)))
    return plans, tuple(_full_name(corpus, plan.slug) for plan in plans)


def _full_name(corpus: Corpus, slug: str) -> str:
    return corpus.profiles[slug].name if slug in corpus.profiles else slug


def _forbund_files(
    corpus: Corpus, comparison: Comparison, url_for: Callable[[str], str], memo: Memoize
) -> dict[str, str]:
    """Return each förbund's JSON file and their schema, by path."""
    figures: dict[str, list[Figures]] = {}
    for item in (*comparison.budgets.values(), *chain(*comparison.forecasts.values())):
        figures.setdefault(item.plan_uri, []).append(item)
    plans: dict[str, list[Plan]] = {}
    for plan in sorted(corpus.plans, key=lambda plan: plan.year):
        plans.setdefault(plan.slug, []).append(plan)
    found = {FORBUND_SCHEMA: forbunddata.schema()}
    for slug, profile in corpus.profiles.items():
        own = tuple(
            (plan, tuple(sorted(figures.get(plan.uri, ()), key=lambda item: item.year)))
            for plan in plans.get(slug, ())
        )
        found[forbund_data_uri(slug)] = memo(forbunddata.forbund_json, profile, own, url_for)
    return found


def _key_figure_items(
    corpus: Corpus, comparison: Comparison
) -> tuple[tuple[Plan, str, Figures], ...]:
    """Return every budget and every forecast with its plan and its förbund's full name.

    By förbund (as the export orders them), year and plan year.
    """
    found = [
        *comparison.budgets.values(),
        *(f for forecasts in comparison.forecasts.values() for f in forecasts),
    ]
    found.sort(key=lambda f: (f.slug, f.year, f.plan_year))
    return tuple((corpus.page(f.plan_uri), _full_name(corpus, f.slug), f) for f in found)


def _feed_items(corpus: Corpus, comparison: Comparison) -> tuple[tuple[Plan, Profile, object], ...]:
    """Return every plan with its förbund and the figures of its own year's budget, for the feed."""
    return tuple(
        (plan, corpus.profiles[plan.slug], comparison.budgets[(plan.slug, plan.year)])
        for plan in corpus.plans
    )


def _changed(corpus: Corpus, root: str | None) -> tuple[tuple[str, str], ...]:
    """Return when each plan's file last changed in the history of the repository at root.

    Where there is one.
    """
    if root is None:
        return ()
    return tuple(sorted(history.last_changed(root, [plan.path for plan in corpus.plans]).items()))


@cache
def _package() -> str:
    """Return datapackage.json: the same in every build."""
    return package.datapackage(
        {
            kind: path.rsplit("/", 1)[-1]
            for kind, path in DATA_FILES.items()
            if kind in package.RESOURCE_KINDS
        }
    )


class Generator:
    """Make the generated pages and data files.

    And after a change make again only what the change touched.

    Keep one Generator for a whole `mkdocs serve` session and call compare() and then content() in
    every build. Each page is assembled from parts (a förbund's row, a year's chart, a plan's
    insatser
    and data rows) that are kept between builds and made again only when an object they are made
    from is not the very same as before: the parse cache gives an unchanged file's Plan and Profile
    again as the same objects. A page's address is assumed to depend only on its path and the
    site's settings: each build checks one link and one URL, and if they changed (another
    use_directory_urls or site_url), everything is made afresh.
    """

    def __init__(self) -> None:
        self._figures = Memo()
        self._parts = Memo()
        self._sample: tuple[str, str] | None = None
        self._linkers: dict[str, Link] = {}
        self._link_from: LinkFrom | None = None  # this build's, set by content()
        self._url_for: Callable[[str], str] | None = None
        self._urls: dict[str, str] = {}
        self._url = (
            self._address
        )  # the same function in every build, so that parts made with it are kept

    def compare(self, corpus: Corpus) -> Comparison:
        """Return the comparison of every plan's budget years.

        Deriving again only plans that changed.
        """
        self._figures.next_build()
        return derived.compare(corpus, self._figures)

    def content(
        self,
        corpus: Corpus,
        comparison: Comparison,
        link_from: LinkFrom,
        url_for: Callable[[str], str],
        repository: Repository = Repository(),
    ) -> Content:
        """Return the content of every generated page and data file, by path.

        As content_with_background_files() does.
        """
        sample = (link_from(OVERVIEW)(FORBUND_INDEX), url_for(OVERVIEW))
        if sample != self._sample:
            self._parts, self._linkers, self._urls, self._sample = Memo(), {}, {}, sample
        self._parts.next_build()
        self._link_from, self._url_for = link_from, url_for
        return _content(corpus, comparison, self._linker, self._url, self._parts, repository)

    def _address(self, uri: str) -> str:
        """Return a page's public URL.

        kept, since it depends only on the page's path and the site's settings.
        """
        url = self._urls.get(uri)
        if url is None:
            url = self._urls[uri] = self._url_for(uri)
        return url

    def _linker(self, origin: str) -> Link:
        """Return the links from one page.

        The same function in every build, so that parts made with it are kept.
        """
        if origin not in self._linkers:
            self._linkers[origin] = lambda uri: self._link_from(origin)(uri)
        return self._linkers[origin]


def nav_sections(corpus: Corpus, comparison: Comparison) -> dict[str, list]:
    """Return the children of the generated nav sections, keyed by the section's index page."""
    profiles = [corpus.profiles[slug] for slug in comparison.slugs]
    return {
        FORBUND_INDEX: [FORBUND_INDEX] + [{escaped(p.short_name): p.uri} for p in profiles],
        OVERVIEW: [OVERVIEW] + [{str(year): year_uri(year)} for year in comparison.years],
        INSATSER: [INSATSER] + [{str(year): insatser_uri(year)} for year in comparison.years],
    }


class OneBuild:
    """Make the generated pages and data files for one build.

    Keeping nothing (a one-off `mkdocs build`).
    """

    compare = staticmethod(derived.compare)
    content = staticmethod(content_with_background_files)
