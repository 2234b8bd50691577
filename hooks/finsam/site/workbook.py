"""The open data as an Excel workbook for people: Swedish column names, amounts as numbers, one sheet explaining the others.

Written with XlsxWriter. The same rows as the CSV, in the same order, and the derived figures of
the comparison pages. Every text is written as a text, never as a formula, a number or a link,
and the document's dates are fixed, so that the same content gives the same file.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Sequence

import xlsxwriter

from . import export
from .derived import ADOPTED, EARLIER, FORECAST, Figures
from ..format.model import COST_CATEGORIES, INCOME_CATEGORIES, Plan

NAME = "budget.xlsx"
CREATED = datetime.datetime(2004, 1, 1)  # the year FINSAM began: fixed, so that builds are reproducible
TITLE = "Samordningsförbundens budgetar"
LINES_SHEET = "Budgetrader"
FIGURES_SHEET = "Nyckeltal"
ABOUT_SHEET = "Om arbetsboken"
AMOUNT = "#,##0"  # shown with the reader's own digit grouping: 16 000 in Swedish Excel and LibreOffice
SHARE = "0.0%"

PHASE_NAMES = {ADOPTED: "Antagen budget", FORECAST: "Prognos", EARLIER: "Jämförelseår"}
DIRECTION_NAMES = {export.REVENUE: "Intäkt", export.EXPENDITURE: "Kostnad"}
ROW_TYPE_NAMES = {export.LINE: "Budgetrad", export.ITEM: "Insats"}
CATEGORY_NAMES = {export.REVENUE: INCOME_CATEGORIES, export.EXPENDITURE: COST_CATEGORIES}

# (column name, width, kind, description); kind is "text", "year", "amount", "share" or "number".
LINE_COLUMNS: tuple[tuple[str, int, str, str], ...] = (
    ("Förbund (kod)", 14, "text", "Förbundets kortnamn i webbadressen, t.ex. rar-sormland."),
    ("Förbund", 34, "text", "Förbundets fullständiga namn."),
    ("Budgetår", 9, "year", "Året som beloppet gäller."),
    ("Planår", 8, "year", "Året för verksamhetsplanen som beloppet kommer från."),
    ("Fas", 15, "text", "Antagen budget (planens eget år), Prognos (ett senare år i samma plan) eller Jämförelseår (ett tidigare år som planen återger)."),
    ("Intäkt eller kostnad", 11, "text", "Intäkt: planens intäktssida, inklusive eget kapital som används som finansiering. Kostnad: kostnadssidan."),
    ("Kategori", 26, "text", "Radens kategori enligt dataformatet. En insats har sin rads kategori."),
    ("Radtyp", 11, "text", "Budgetrad, eller Insats: en del av uppdelningen av raden i kolumnen Ingår i raden. Summera bara budgetrader: insatserna ingår redan i sin rad."),
    ("Benämning", 36, "text", "Radens eller insatsens benämning, exakt som i planen."),
    ("Ingår i raden", 26, "text", "För en insats: benämningen på budgetraden den hör till."),
    ("Insatsägare", 22, "text", "För en insats: den part som driver insatsen, där planen anger det."),
    ("Belopp, kr", 14, "amount", "Beloppet i kronor."),
    ("Belopp som i källan", 14, "amount", "Beloppet som det står i källdokumentet, i enheten i kolumnen Enhet."),
    ("Enhet", 7, "text", "Enheten i källdokumentet: kr, tkr eller mkr."),
    ("Källdokument", 34, "text", "Det publicerade dokument som planen är avskriven från."),
    ("Planens sida", 44, "text", "Adressen till planens sida på webbplatsen, där budgeten och kända fel i källdokumentet visas."),
)

FIGURE_COLUMNS: tuple[tuple[str, int, str, str], ...] = (
    ("Förbund", 20, "text", "Förbundets kortnamn."),
    ("År", 7, "year", "Budgetåret. Varje rad är den antagna budgeten i planen för det året."),
    ("Intäkter, kr", 14, "amount", "Planens intäktsrader utom eget kapital."),
    ("Medlemsbidrag, kr", 14, "amount", "Statens, regionens och kommunernas bidrag, eller medlemsavgifterna när planen anger dem som en rad."),
    ("Kostnader, kr", 14, "amount", "Summan av planens kostnadsrader."),
    *((f"{name}, andel", 13, "share", f"Kostnaderna i kategorin {name.lower()} delade med alla kostnader.") for name in COST_CATEGORIES.values()),
    ("Resultat, kr", 14, "amount", "Årets resultat så som det är tryckt i planen, annars intäkter minus kostnader."),
    ("Från tidigare år, kr", 14, "amount", "Över- eller underskott från tidigare år, där planen anger det."),
    ("Invånare 16–64 år", 12, "amount", "Förbundets befolkning i åldern 16–64 år, där den finns i förbundets uppgifter."),
    ("Medlemsbidrag per invånare 16–64 år, kr", 16, "number", "Medlemsbidragen delade med befolkningen i åldern 16–64 år."),
    ("Planens sida", 44, "text", "Adressen till planens sida på webbplatsen."),
)

ABOUT = (
    (TITLE, ""),
    ("", "Alla budgetrader i samordningsförbundens verksamhetsplaner på webbplatsen, med samma siffror som planernas sidor. "
     "Arbetsboken skapas på nytt ur de kontrollerade planerna varje gång webbplatsen byggs."),
    ("Källa", "Förbundens egna verksamhetsplaner med budget: allmänna handlingar. Varje rad anger sitt källdokument och sin sida på webbplatsen. "
     "Beloppen är som i källdokumentet och rättas aldrig; kända fel i ett dokument förklaras på planens sida."),
    ("Enheter", "Alla belopp står i kronor (kr), som tal med tusentalsavgränsning. Kolumnen Belopp som i källan har källdokumentets egen enhet "
     "(kr, tkr eller mkr). Andelar är andelar av förbundets kostnader, i procent."),
    ("Licens", "Sammanställningen får användas fritt (CC0 1.0). Ange gärna webbplatsen som källa."),
    ("Maskinläsbart", f"Samma rader finns som {export.CSV_NAME} och {export.JSON_NAME}, med en beskrivning enligt Frictionless Data Package (datapackage.json)."),
)


def build(plans: Sequence[Plan], names: Sequence[str], figures: Sequence[tuple[str, Figures]], url_for: Callable[[str], str]) -> bytes:
    """Return the workbook: every line and item of the plans (with their förbund's names), the figures (short name, figures), and the explanation."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": TITLE, "subject": "Verksamhetsplaner och budgetar", "author": "Samordningsförbundens planer", "created": CREATED})
    formats = _formats(book)
    groups = [group for plan, name in zip(plans, names) for group in export.plan_groups(plan, name, url_for(plan.uri))]
    _sheet(book, LINES_SHEET, LINE_COLUMNS, formats, _line_rows(groups))
    _sheet(book, FIGURES_SHEET, FIGURE_COLUMNS, formats, _figure_rows(figures, url_for))
    _about(book, formats)
    book.close()
    return buffer.getvalue()


def _formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    return {
        "header": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
        "text": None,
        "year": None,
        "amount": book.add_format({"num_format": AMOUNT}),
        "number": book.add_format({"num_format": AMOUNT}),
        "share": book.add_format({"num_format": SHARE}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
    }


def _line_rows(groups: list[export.Group]) -> list[tuple[object, ...]]:
    """Return the lines and items as the sheet's rows, in the CSV's order."""
    rows = []
    for (slug, name, year, plan_year, phase, direction), (unit, source, url), owns in groups:
        categories = CATEGORY_NAMES[direction]
        context = (slug, name, year, plan_year, PHASE_NAMES[phase], DIRECTION_NAMES[direction])
        for category, kind, label, parent, owner, amount, printed in owns:
            rows.append((*context, categories[category], ROW_TYPE_NAMES[kind], label, parent, owner, amount, printed, unit, source, url))
    return rows


def _figure_rows(figures: Sequence[tuple[str, Figures]], url_for: Callable[[str], str]) -> list[tuple[object, ...]]:
    """Return each adopted budget's derived figures as the sheet's rows."""
    rows = []
    for name, f in figures:
        amounts = dict(f.costs_by_category)
        shares = [amounts.get(c, 0) / f.costs if f.costs else None for c in COST_CATEGORIES]
        per_capita = f.per_capita
        rows.append(
            (name, f.year, f.revenue, f.member_contributions, f.costs, *shares, f.result, f.carried_over, f.population,
             None if per_capita is None else float(per_capita), url_for(f.plan_uri))
        )
    return rows


def _sheet(book: xlsxwriter.Workbook, title: str, columns: tuple[tuple[str, int, str, str], ...], formats: dict[str, object], rows: list[tuple[object, ...]]) -> None:
    """Add a sheet of a header row (frozen, with filters) and rows; texts as texts, amounts as numbers."""
    sheet = book.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    for index, (name, width, kind, _) in enumerate(columns):
        sheet.set_column(index, index, width, formats[kind])
        sheet.write_string(0, index, name, formats["header"])
    sheet.set_row(0, 45)
    kinds = [kind for _, _, kind, _ in columns]
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            if kinds[index] == "text":
                sheet.write_string(number, index, value)
            else:
                sheet.write_number(number, index, value, formats[kinds[index]])
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def _about(book: xlsxwriter.Workbook, formats: dict[str, object]) -> None:
    """Add the sheet that explains the others: the source, the units, each sheet and each column."""
    sheet = book.add_worksheet(ABOUT_SHEET)
    sheet.set_column(0, 0, 32, formats["bold"])
    sheet.set_column(1, 1, 100, formats["wrap"])
    entries = list(ABOUT[1:])
    entries.append(("", ""))
    entries.append((f"Bladet {LINES_SHEET}", "En rad per budgetrad och en per insats i en rads uppdelning, för varje budgetår i varje plan, i samma ordning som CSV-filen."))
    entries.extend((name, description) for name, _, _, description in LINE_COLUMNS)
    entries.append(("", ""))
    entries.append((f"Bladet {FIGURES_SHEET}", "Nyckeltalen för varje förbund och år, som på webbplatsens jämförelsesidor: en rad per antagen budget."))
    entries.extend((name, description) for name, _, _, description in FIGURE_COLUMNS)
    sheet.write_string(0, 0, ABOUT[0][0], formats["title"])
    for number, (name, text) in enumerate(entries, start=1):
        if name:
            sheet.write_string(number, 0, name, formats["bold"])
        if text:
            sheet.write_string(number, 1, text, formats["wrap"])
