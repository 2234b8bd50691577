"""The take-away files and pages in real clients: LibreOffice Calc opens the workbook, Chromium
prints to PDF (read back with pdftotext), and the W3C Nu HTML Checker checks every page and chart.

Each tool is Debian's or the pinned npm package's (.ci/run installs them); without one the test is
skipped with the reason, except under CI=true, where a missing tool fails the run.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import CHROMIUM, LAUNCH_ARGS, require_chromium, require_playwright, serve
from conftest import ROOT, Build

# Chromium, LibreOffice, pdftotext or the Nu checker: `make quick` leaves these out.
pytestmark = pytest.mark.browser

VNU = ROOT / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One page of each printed kind: the column names every printed table must keep (a name may wrap
# over lines in its column, so each word is looked for), and whole rows that must print on one line.
YEAR_COLUMNS = [
    "Förbund",
    "Intäkter utom eget kapital, tkr",
    "Medlemsbidrag, tkr",
    "Kostnader, tkr",
    "Administration, andel",
    "Strukturinriktade insatser, andel",
    "Individinriktade insatser, andel",
    "Ej fördelat, andel",
    "Övriga kostnader, andel",
    "Resultat, tkr",
    "Från tidigare år, tkr",
    "Invånare 16–64 år",
    "Medlemsbidrag per invånare 16–64 år, kr",
]
PRINTED = {
    # Computed figures keep their star and figures touched by a discrepancy their "!" on paper.
    "/jamfor/2023/": (
        YEAR_COLUMNS,
        [
            (
                "RAR Sörmland 18 500 * 16 000 15 401 ! 21,0 % ! 26,3 % ! 52,7 % ! 0,0 % ! 0,0 % ! "
                "3 "
                "099 1 488 – –"
            )
        ],
    ),
    "/jamfor/": (["Förbund", "2018", "2021", "2022", "2023"], []),
    "/forbund/rar-sormland/": (
        [
            "År",
            "Summa intäkter, tkr",
            "Intäkter utom eget kapital, tkr",
            "Medlemsbidrag, tkr",
            "Kostnader, tkr",
            "Resultat, tkr",
            "Plan",
            "Uppgift",
            "Prognos, tkr",
            "Prognosen finns i",
            "Budget, tkr",
            "Budgeten finns i",
            "Skillnad, tkr",
        ],
        ["2021 Verksamhetsplan 2021 – 18 700 22 300 ! 3 ej kontrollerade mot originalet"],
    ),
    "/forbund/rar-sormland/2021/": (
        [
            "Budget 2021 i korthet, RAR Sörmland",
            "Nyckeltal",
            "Budget 2021",
            "Prognos 2022",
            "Post och kategori",
            "Belopp, tkr",
            "Summa och kontroll",
            "Tryckt, tkr",
            "Beräknat, tkr",
            "Part och kontroll",
            "Andel",
            "Enligt lagen",
        ],
        ["Summa intäkter, tkr 18 700"],
    ),
}


def require(tool: str, found: bool, install: str) -> None:
    """Skip when a tool is missing; under CI=true, fail instead."""
    if found:
        return
    message = f"{tool} is missing: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def site(real_site: Build) -> Path:
    assert real_site.returncode == 0, real_site.log
    return real_site.site


def _flat(text: str) -> str:
    """Return printed text as a reader reads it.

    Soft hyphens (which mark where a long word may break) dropped, spaces single.
    """
    return " ".join(
        text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ").split()
    )


def test_libreoffice_opens_the_workbook_and_every_amount_matches_the_csv(
    site: Path, tmp_path: Path
) -> None:
    require(
        "soffice", shutil.which("soffice") is not None, "apt-get install -y libreoffice-calc-nogui"
    )
    out = tmp_path / "out"
    # Every sheet to its own CSV (the last token, -1), cells as their values, not as shown.
    filter_options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            filter_options,
            "--outdir",
            str(out),
            str(site / "data" / "budget.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out / "budget-Budgetrader.csv", encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    with open(site / "data" / "budgetrader.csv", encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    assert len(rows) == len(expected) > 0
    columns = {
        name: header.index(name)
        for name in ("Förbund (kod)", "Benämning", "Belopp, kr", "Belopp som i planen", "Budgetår")
    }
    for row, line in zip(rows, expected, strict=True):
        assert (
            row[columns["Förbund (kod)"]] == line["forbund"]
            and row[columns["Benämning"]] == line["label"]
        )
        assert int(row[columns["Belopp, kr"]]) == int(line["amount"])
        assert int(row[columns["Belopp som i planen"]]) == int(line["amount_as_printed"])
        assert int(row[columns["Budgetår"]]) == int(line["fiscal_year"])
    with open(out / "budget-Nyckeltal.csv", encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    with open(site / "data" / "nyckeltal.csv", encoding="utf-8", newline="") as handle:
        key_figures = list(csv.DictReader(handle))
    assert len(figures) == len(key_figures) > 0
    for row, record in zip(
        figures, key_figures, strict=True
    ):  # the same figures, a missing one empty in both, never 0
        for name, column in (
            ("Summa intäkter, kr", "income_total"),
            ("Intäkter utom eget kapital, kr", "revenue"),
            ("Kostnader, kr", "costs"),
            ("Resultat, kr", "result"),
        ):
            assert row[name] == record[column]
        assert bool(row["Beräknade siffror"]) == bool(record["computed"])
    assert (out / "budget-Om arbetsboken.csv").read_text(encoding="utf-8").count("Belopp, kr") == 1


def _soffice(tmp_path: Path, out: Path, files: list[Path], infilter: str | None = None) -> None:
    """Convert files with LibreOffice to CSV in out: UTF-8, commas, numbers as their values.

    Every sheet of a workbook to its own CSV (the last token, -1).
    """
    require(
        "soffice", shutil.which("soffice") is not None, "apt-get install -y libreoffice-calc-nogui"
    )
    command = [
        "soffice",
        f"-env:UserInstallation=file://{tmp_path / 'profile'}",
        "--headless",
        *([f"--infilter={infilter}"] if infilter else []),
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr


def _sheet(out: Path, file: Path) -> Path:
    """Return the CSV that LibreOffice made of a file's one sheet, named as the file."""
    return out / f"{file.stem}-{file.stem}.csv"


def test_libreoffice_reads_each_charts_csv_in_columns_with_a_a_o_and_numbers(
    site: Path, tmp_path: Path
) -> None:
    charts = sorted((site / "jamfor" / "diagram").glob("*.csv"))
    assert len(charts) == 5
    # As LibreOffice opens a CSV file for a reader: its own default separators (comma, semicolon
    # and tab), the character set left for it to find, and numbers read as in Swedish (sv-SE).
    _soffice(tmp_path, tmp_path / "out", charts, "Text - txt - csv (StarCalc):44/59/9,34,,1,,1053")
    for chart in charts:
        with open(chart, encoding="utf-8-sig", newline="") as handle:
            written = list(csv.reader(handle, delimiter=";"))
        with open(_sheet(tmp_path / "out", chart), encoding="utf-8", newline="") as handle:
            read = list(csv.reader(handle))
        assert read[0] == written[0] and read[0][0] == "Förbund", (chart.name, read[0])
        assert len(read) == len(written) > 1
        for got, row in zip(read[1:], written[1:], strict=True):
            assert len(got) == len(row) == len(read[0]), (chart.name, got)
            for value, cell in zip(got, row, strict=True):
                if re.fullmatch(r"-?\d+,\d", cell):  # a share: a number, not a text or a date
                    assert float(value) == float(cell.replace(",", ".")), (chart.name, cell, value)
                else:
                    assert value == cell, (chart.name, cell, value)
    names = {
        row[0] for chart in charts for row in csv.reader(_sheet(tmp_path / "out", chart).open())
    }
    assert {"RAR Sörmland", "Södertälje", "Värend"} <= names


def test_libreoffice_opens_each_years_workbook_with_the_tables_rows(
    site: Path, tmp_path: Path
) -> None:
    books = sorted((site / "jamfor").glob("jamfor-*.xlsx"))
    assert [book.name for book in books] == [
        f"jamfor-{year}.xlsx" for year in (2018, 2021, 2022, 2023)
    ]
    _soffice(tmp_path, tmp_path / "out", books)
    with open(site / "data" / "nyckeltal.csv", encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    for book in books:
        year = book.stem.removeprefix("jamfor-")
        with open(tmp_path / "out" / f"{book.stem}-Nyckeltal.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["Förbund"] for row in rows] == ["RAR Sörmland", "Södertälje", "Värend"]
        for row in rows:
            assert row["År"] == year
            matching = [
                r for r in records if (r["fiscal_year"], r["url"]) == (year, row["Planens sida"])
            ]
            if row["Budget eller prognos"] == "Ingen plan och ingen prognos":
                assert not row["Planår"] and not row["Kostnader, kr"]
                continue
            assert len(matching) == 1, (book.name, row)
            assert row["Kostnader, kr"] == matching[0]["costs"]
            assert row["Intäkter utom eget kapital, kr"] == matching[0]["revenue"]
        about = (tmp_path / "out" / f"{book.stem}-Om arbetsboken.csv").read_text(encoding="utf-8")
        assert f"Jämför {year}" in about and "Medlemsbidrag, kr" in about


def test_nu_html_checker_finds_no_errors_in_any_page_or_chart(site: Path) -> None:
    require("java", shutil.which("java") is not None, "apt-get install -y default-jre-headless")
    require(
        "vnu.jar", VNU.is_file(), "npm install --no-save --prefix .ci/node vnu-jar (see .ci/run)"
    )
    pages = sorted(str(path) for path in site.rglob("*.html"))
    svgs = sorted(str(path) for path in (site / "jamfor" / "diagram").glob("*.svg"))
    assert len(pages) > 20 and svgs
    errors = []
    for flag, files in (("--html", pages), ("--svg", svgs)):
        done = subprocess.run(
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", flag, *files],
            capture_output=True,
            text=True,
            timeout=300,
        )
        messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
        errors += [
            f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
            for m in messages
            if m.get("type") in ("error", "non-document-error")
        ]
    assert errors == [], "\n".join(errors[:40])


def test_pages_print_on_a4_with_every_column(site: Path, tmp_path: Path) -> None:
    require_chromium()
    require_playwright()
    require("pdftotext", shutil.which("pdftotext") is not None, "apt-get install -y poppler-utils")
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for url, (columns, rows) in PRINTED.items():
                page.goto(base + url)
                pdf = tmp_path / "page.pdf"
                page.pdf(path=str(pdf), format="A4")
                text = subprocess.run(
                    ["pdftotext", "-layout", str(pdf), "-"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                lines = [_flat(line) for line in text.splitlines()]
                words = set(_flat(text).split())
                for column in columns:
                    missing = [word for word in column.split() if word not in words]
                    assert not missing, (
                        f"{url}: {column!r} is not all in the printed text (missing {missing})"
                    )
                for row in rows:
                    assert row in lines, f"{url}: the row {row!r} is not printed whole on one line"
                assert (
                    "Hoppa till innehållet" not in text and "Redigera den här sidan" not in text
                ), f"{url}: navigation or buttons printed"
        finally:
            browser.close()


def test_year_table_fits_the_screen_at_1280_px(site: Path) -> None:
    require_chromium()
    require_playwright()
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/jamfor/2023/")
            regions = page.evaluate(
                "() => Array.from(document.querySelectorAll('.finsam-budget')).map(r => "
                "[r.clientWidth, r.scrollWidth])"
            )
            assert regions and all(scroll <= client for client, scroll in regions), regions
        finally:
            browser.close()
