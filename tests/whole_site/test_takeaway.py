"""Data and pages people take with them: the Excel workbook, the Atom feed, the charts as files."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import openpyxl
import pytest
from conftest import ROOT, real_corpus

from finsam.format.corpus import load
from finsam.format.sources import Source
from finsam.site import addresses, charts, compare, derived, feed, history, pages, workbook

SITE = "https://planer.example.se/"


def _link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


def _absolute(uri: str) -> str:
    return (
        SITE
        + uri.removesuffix("index.md").removesuffix(".md")
        + (
            ""
            if uri.endswith((".xml", ".xlsx", ".csv", ".json", ".svg"))
            else "/"
            if not uri.endswith("index.md")
            else ""
        )
    )


@pytest.fixture(scope="module")
def generated() -> dict[str, str | bytes]:
    corpus = real_corpus()
    return pages.generated_content(corpus, derived.compare(corpus), _link_from, _absolute)


def _sheet_rows(data: bytes, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return list(book[name].iter_rows(values_only=True))


def test_workbook_has_every_csv_row_with_swedish_names_and_numbers(generated) -> None:
    data = generated[addresses.DATA_FILES["xlsx"]]
    assert isinstance(data, bytes) and data[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        workbook.LINES_SHEET,
        workbook.FIGURES_SHEET,
        workbook.DISCREPANCIES_SHEET,
        workbook.ABOUT_SHEET,
    ]
    lines = book[workbook.LINES_SHEET]
    assert lines.freeze_panes == "A2" and lines.auto_filter.ref.startswith("A1:")
    header, *rows = list(lines.iter_rows(values_only=True))
    assert header[0] == "Förbund (kod)" and "Belopp, kr" in header
    expected = list(csv.DictReader(io.StringIO(generated[addresses.DATA_FILES["csv"]])))
    assert len(rows) == len(expected) > 0
    amount, printed, label = (
        header.index("Belopp, kr"),
        header.index("Belopp som i planen"),
        header.index("Benämning"),
    )
    for row, line in zip(rows, expected, strict=True):
        assert (row[0], row[label], row[amount], row[printed]) == (
            line["forbund"],
            line["label"],
            int(line["amount"]),
            int(line["amount_as_printed"]),
        )
    assert lines.cell(row=2, column=amount + 1).number_format == workbook.AMOUNT


def test_workbook_figures_are_the_open_datas_key_figures_with_swedish_marks(generated) -> None:
    corpus = real_corpus()
    comparison = derived.compare(corpus)
    header, *rows = _sheet_rows(generated[addresses.DATA_FILES["xlsx"]], workbook.FIGURES_SHEET)
    records = list(csv.DictReader(io.StringIO(generated[addresses.DATA_FILES["figures_csv"]])))
    assert (
        len(rows)
        == len(records)
        == len(comparison.budgets) + sum(len(f) for f in comparison.forecasts.values())
    )
    columns = {name: index for index, (_, name, *_) in enumerate(workbook.FIGURE_COLUMNS)}
    assert list(header) == list(columns)
    for row, record in zip(rows, records, strict=True):
        figures = comparison.budgets.get((record["forbund"], int(record["fiscal_year"])))
        if record["phase"] == "budget":
            assert row[columns["Budget eller prognos"]] == "Budget" and figures.plan_year == int(
                record["plan_year"]
            )
        for key in ("income_total", "revenue", "costs", "result"):
            value = row[columns[workbook._FIGURE_NAMES[key]]]
            assert value == (int(record[key]) if record[key] else None)
        computed = row[columns["Beräknade siffror"]] or ""
        assert (
            computed.split("; ") == [workbook._FIGURE_NAMES[c] for c in record["computed"].split()]
            if record["computed"]
            else computed == ""
        )
    varend = next(row for row in rows if row[0] == "Värend")
    assert (
        varend[columns["Resultat, kr"]] == -2_030_000
        and "Resultat, kr" in varend[columns["Beräknade siffror"]]
    )


def test_workbook_discrepancies_are_the_open_datas_with_swedish_words(generated) -> None:
    header, *rows = _sheet_rows(
        generated[addresses.DATA_FILES["xlsx"]], workbook.DISCREPANCIES_SHEET
    )
    records = list(
        csv.DictReader(io.StringIO(generated[addresses.DATA_FILES["discrepancies_csv"]]))
    )
    assert len(rows) == len(records) == 4
    assert header[:5] == ("Förbund (kod)", "Förbund", "Planår", "Budgetår", "Kontroll")
    for row, record in zip(rows, records, strict=True):
        found = dict(zip(header, row, strict=True))
        assert (found["Förbund (kod)"], found["Plats i budgeten"]) == (
            record["forbund"],
            record["where"],
        )
        assert (found["Tryckt siffra"], found["Beräknad siffra"]) == (
            int(record["printed"]),
            int(record["computed"]),
        )
        assert (
            found["Bekräftad i originalet"] == {"true": "Ja", "false": "Nej"}[record["confirmed"]]
        )
        assert found["Kontroll"] == workbook.CHECK_NAMES[record["check"]]
        assert (found["Kommentar"] or "") == record["note"]
    about = [
        row[0] for row in _sheet_rows(generated[addresses.DATA_FILES["xlsx"]], "Om arbetsboken")
    ]
    assert f"Bladet {workbook.DISCREPANCIES_SHEET}" in about and "Bekräftad i originalet" in about


def _shown_rows(year: int, generated) -> list[dict[str, str] | None]:
    """Return the key figures' rows the year's table shows, by förbund (None: no figures)."""
    corpus = real_corpus()
    comparison = derived.compare(corpus)
    records = list(csv.DictReader(io.StringIO(generated[addresses.DATA_FILES["figures_csv"]])))
    found = []
    for slug in comparison.slugs:
        figures = comparison.shown(slug, year)
        found.append(
            None
            if figures is None
            else next(
                r
                for r in records
                if (r["forbund"], r["fiscal_year"], r["plan_year"])
                == (slug, str(year), str(figures.plan_year))
            )
        )
    return found


@pytest.mark.parametrize("year", [2018, 2021, 2022, 2023])
def test_each_years_comparison_is_a_workbook_of_its_tables_rows(generated, year: int) -> None:
    path = addresses.year_workbook_uri(year)
    assert path in addresses.generated_uris([year]) and path == f"jamfor/jamfor-{year}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(generated[path]))
    assert book.sheetnames == [workbook.FIGURES_SHEET, workbook.ABOUT_SHEET]
    sheet = book[workbook.FIGURES_SHEET]
    assert sheet.freeze_panes == "A2"
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == [name for _, name, *_ in workbook.FIGURE_COLUMNS]
    columns = {name: index for index, name in enumerate(header)}
    shown = _shown_rows(year, generated)
    assert len(rows) == len(shown) == len(derived.compare(real_corpus()).slugs)
    for row, record in zip(rows, shown, strict=True):
        assert row[columns["År"]] == year
        if record is None:  # the table's "Ingen plan och ingen prognos"
            assert row[columns["Budget eller prognos"]] == workbook.NO_FIGURES
            assert all(value is None for value in row[columns["Planår"] :])
            continue
        assert row[columns["Planår"]] == int(record["plan_year"])
        for key in ("income_total", "revenue", "member_contributions", "costs", "result"):
            value = row[columns[workbook._FIGURE_NAMES[key]]]
            assert value == (int(record[key]) if record[key] else None), key
    about = [row[1] for row in book[workbook.ABOUT_SHEET].iter_rows(values_only=True)]
    assert any(text and f"Jämför {year}" in text for text in about)
    page = generated[addresses.year_uri(year)]
    assert f"[jamfor-{year}.xlsx](jamfor-{year}.xlsx)" in page


def test_a_years_workbook_is_made_again_only_when_its_rows_change() -> None:
    corpus = real_corpus()
    generator = pages.Generator()
    first = generator.content(corpus, generator.compare(corpus), _link_from, _absolute)
    again = generator.content(corpus, generator.compare(corpus), _link_from, _absolute)
    for year in derived.compare(corpus).years:
        path = addresses.year_workbook_uri(year)
        assert again[path] is first[path]
    fresh = pages.generated_content(
        real_corpus(), derived.compare(real_corpus()), _link_from, _absolute
    )
    assert all(
        fresh[addresses.year_workbook_uri(y)] == first[addresses.year_workbook_uri(y)]
        for y in derived.compare(corpus).years
    )  # the same bytes in every build


def test_workbook_is_the_same_file_every_build() -> None:
    corpus = real_corpus()
    comparison = derived.compare(corpus)
    first = pages.generated_content(corpus, comparison, _link_from, _absolute)[
        addresses.DATA_FILES["xlsx"]
    ]
    again = pages.generated_content(
        real_corpus(), derived.compare(real_corpus()), _link_from, _absolute
    )[addresses.DATA_FILES["xlsx"]]
    assert first == again


def test_data_page_links_the_workbook_first(generated) -> None:
    page = generated[addresses.DATA]
    assert page.index("budget.xlsx") < page.index("budgetrader.csv")


def test_open_data_csv_files_are_for_programs_and_the_workbook_has_their_rows(generated) -> None:
    """The CSV files under data/ are for programs (commas, decimal points, no byte-order mark, as
    datapackage.json and the DCAT catalogue describe them); a reader in Excel opens the workbook,
    which has the same rows, and the data page says so where it offers them."""
    for kind in ("csv", "figures_csv", "discrepancies_csv"):
        text = generated[addresses.DATA_FILES[kind]]
        assert not text.startswith(charts.BYTE_ORDER_MARK) and text.split("\n", 1)[0].count(",")
    page = generated[addresses.DATA]
    programs = page[page.index("## Filer för program") :]
    assert programs.index("[budget.xlsx](budget.xlsx)") < programs.index("budgetrader.csv")
    for sheet in (workbook.LINES_SHEET, workbook.FIGURES_SHEET, workbook.DISCREPANCIES_SHEET):
        assert (
            f"*{sheet}*" in programs.split("\n- ", 1)[0]
            and f"*{sheet}*" in page[: len(page) - len(programs)]
        )
    assert "Excel med svenska inställningar" in programs


# --- the feed ----------------------------------------------------------------------------------


def test_feed_is_valid_atom_newest_first(generated) -> None:
    parsed = feedparser.parse(generated[addresses.FEED])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    corpus = real_corpus()
    assert len(parsed.entries) == len(corpus.plans)
    dates = [datetime.fromisoformat(e.updated.replace("Z", "+00:00")) for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    first = parsed.entries[0]
    assert first.link.startswith(SITE) and first.id.startswith("urn:uuid:")
    assert "tkr" in first.summary and "\u00a0" in first.summary  # Swedish numbers: 18 500 tkr
    assert (
        parsed.feed.links[-1].rel == "self" and parsed.feed.links[-1].href == SITE + addresses.FEED
    )


def _hostile_corpus(title: str):
    sources = [
        Source(
            path.relative_to(ROOT / "content").as_posix(),
            path.relative_to(ROOT).as_posix(),
            path.read_bytes(),
        )
        for path in sorted((ROOT / "content" / "forbund").rglob("*.md"))
    ]
    plan = f"""---
title: '{title}'
forbund: varend
year: 2030
adopted: 2029-11-20
source: Testplan
unit: kr
budget:
  2030:
    income:
      - {{label: Medlemsavgifter, category: members, amount: 1000}}
    costs:
      - {{label: Kansli, category: administration, amount: 1000}}
---
"""
    sources.append(
        Source("forbund/varend/2030.md", "content/forbund/varend/2030.md", plan.encode())
    )
    corpus = load(sources)
    assert not [p for p in corpus.problems if p.message()], corpus.problems
    return corpus


def test_feed_escapes_hostile_titles_and_keeps_ids_without_site_url() -> None:
    title = '<script>alert(1)</script> & "Plan" ]]> <b>fet</b>'
    corpus = _hostile_corpus(title)
    comparison = derived.compare(corpus)
    relative = pages.generated_content(
        corpus, comparison, _link_from, lambda uri: uri.removesuffix("index.md")
    )[addresses.FEED]
    absolute = pages.generated_content(corpus, comparison, _link_from, _absolute)[addresses.FEED]
    assert "<script>" not in relative and "<b>" not in relative
    parsed = feedparser.parse(relative)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = next(e for e in parsed.entries if e.link.endswith("2030.md"))
    assert entry.title_detail.type == "text/plain" and entry.title == f"Värend: {title}"
    ids = [e.id for e in parsed.entries]
    assert ids == [
        e.id for e in feedparser.parse(absolute).entries
    ]  # the same ids with or without the site's address
    assert all(link.rel != "self" for link in parsed.feed.links)


def test_entry_date_is_the_last_change_else_the_adoption_date() -> None:
    corpus = _hostile_corpus("Plan")
    comparison = derived.compare(corpus)
    items = pages._feed_items(corpus, comparison)
    changed = (("content/forbund/varend/2022.md", "2031-05-01T10:00:00+02:00"),)
    parsed = feedparser.parse(feed.atom(items, changed, lambda uri: uri))
    assert [e.updated for e in parsed.entries[:2]] == [
        "2031-05-01T10:00:00+02:00",
        "2029-11-20T00:00:00Z",
    ]


def test_history_without_git_is_empty(tmp_path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("x")
    assert history.last_changed(str(tmp_path), ["content/a.md"]) == {}


def test_history_reads_the_repository() -> None:
    paths = [plan.path for plan in real_corpus().plans]
    dates = history.last_changed(str(ROOT), paths)
    if not dates:
        pytest.skip("no git history here (a copy without .git)")
    assert set(dates) <= set(paths)
    assert all(datetime.fromisoformat(value) for value in dates.values())


# --- charts as files ---------------------------------------------------------------------------


def test_every_chart_is_a_standalone_svg_and_a_csv_linked_under_it(generated) -> None:
    corpus = real_corpus()
    comparison = derived.compare(corpus)
    for year in comparison.years:
        svg_path, csv_path = addresses.cost_shares_files(year)
        root = ET.fromstring(generated[svg_path].encode())
        assert root.tag == f"{{{charts.SVG_NS}}}svg" and root.get("width") == str(charts.WIDTH)
        assert (
            root.find(f"{{{charts.SVG_NS}}}title").text
            == f"Kostnadernas fördelning per förbund {year}"
        )
        assert root.find(f"{{{charts.SVG_NS}}}desc").text
        rows = _spreadsheet_rows(generated[csv_path])
        assert len(rows) == len(comparison.shown_in(year))
        page = generated[addresses.year_uri(year)]
        assert (
            f'href="{addresses.year_uri(year)}~{svg_path}"' in page
            and f'href="{addresses.year_uri(year)}~{csv_path}"' in page
        )
    rows = _spreadsheet_rows(generated[addresses.REVENUE_FILES[1]])
    assert len(rows) == sum(
        1
        for _, figures in compare.revenue_series(comparison, corpus)
        for f in figures
        if not f.revenue.missing
    )
    assert (
        ET.fromstring(generated[addresses.REVENUE_FILES[0]].encode())
        .find(f"{{{charts.SVG_NS}}}desc")
        .text
    )


def _spreadsheet_rows(text: str) -> list[dict[str, str]]:
    """Return the rows of a chart's CSV: a byte-order mark, semicolons, texts quoted."""
    assert text.startswith(charts.BYTE_ORDER_MARK)
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_a_charts_csv_opens_in_columns_in_a_spreadsheet_set_to_swedish(generated) -> None:
    text = generated[addresses.cost_shares_files(2022)[1]]
    first, *lines = text.split("\r\n")
    assert first.startswith('\ufeff"Förbund";"År";"Budget eller prognos";"Planår";')
    assert lines[-1] == "" and "\n" not in "".join(lines)
    assert lines[0] == (
        '"RAR Sörmland";2022;"prognos";2021;18050000;3000000;3800000;6000000;5250000;0;'
        '"16,6";"21,1";"33,2";"29,1";"0,0";"ja"'
    )  # amounts and years as numbers, shares with a decimal comma, every text quoted
    rows = _spreadsheet_rows(text)
    assert [row["Förbund"] for row in rows] == ["RAR Sörmland", "Värend"]
    revenue = generated[addresses.REVENUE_FILES[1]]
    assert revenue.startswith('\ufeff"Förbund";"År";') and revenue.endswith("\r\n")
