"""The open data as Excel workbooks for people.

Swedish column names, amounts as numbers, one sheet explaining the others.

Written with XlsxWriter. `build` makes the open data's workbook: the same rows as the CSV files, in
the same order (budget lines, the key figures of the comparison pages, the discrepancies).
`year_build` makes one year's comparison as a workbook: its table's rows, in kronor. Every text is
written as a text, never as a formula, a number or a link, and the document's dates are fixed, so
that the same content gives the same file.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Callable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..format.model import COST_CATEGORIES, INCOME_CATEGORIES, Plan
from . import export
from .addresses import (
    DISCREPANCIES_CSV_NAME,
    DISCREPANCIES_JSON_NAME,
    FIGURES_CSV_NAME,
    FIGURES_JSON_NAME,
)
from .derived import BUDGET, EARLIER, FIGURE_NAMES, FORECAST

CREATED = datetime.datetime(
    2004, 1, 1
)  # the year FINSAM began: fixed, so that builds are reproducible
TITLE = "Samordningsförbundens budgetar"
LINES_SHEET = "Budgetrader"
FIGURES_SHEET = "Nyckeltal"
DISCREPANCIES_SHEET = "Avvikelser"
ABOUT_SHEET = "Om arbetsboken"
AMOUNT = (
    "#,##0"  # shown with the reader's own digit grouping: 16 000 in Swedish Excel and LibreOffice
)
SHARE = "0.0%"

PHASE_NAMES = {BUDGET: "Budget", FORECAST: "Prognos", EARLIER: "Jämförelseår"}
DIRECTION_NAMES = {export.REVENUE: "Intäkt", export.EXPENDITURE: "Kostnad"}
ROW_TYPE_NAMES = {export.LINE: "Budgetrad", export.ITEM: "Insats"}
CATEGORY_NAMES = {export.REVENUE: INCOME_CATEGORIES, export.EXPENDITURE: COST_CATEGORIES}

# (column name, width, kind, description); kind is "text", "year", "amount", "share" or "number".
LINE_COLUMNS: tuple[tuple[str, int, str, str], ...] = (
    ("Förbund (kod)", 14, "text", "Förbundets kod i webbadressen, till exempel rar-sormland."),
    ("Förbund", 34, "text", "Förbundets fullständiga namn."),
    ("Budgetår", 9, "year", "Året som beloppet gäller."),
    ("Planår", 8, "year", "Året för verksamhetsplanen som beloppet kommer från."),
    (
        "Fas",
        15,
        "text",
        "Budget (planens eget år), Prognos (ett senare år i samma plan) eller Jämförelseår (ett "
        "tidigare år som planen återger).",
    ),
    (
        "Intäkt eller kostnad",
        11,
        "text",
        "Intäkt: planens intäktssida, inklusive eget kapital som används som finansiering. "
        "Kostnad: kostnadssidan.",
    ),
    (
        "Kategori",
        26,
        "text",
        "Radens kategori enligt planformatet, vald av redaktionen för den tryckta raden. En "
        "insats har samma kategori som sin rad.",
    ),
    (
        "Radtyp",
        11,
        "text",
        "Budgetrad, eller Insats: en del av uppdelningen av raden i kolumnen Ingår i raden. "
        "Summera bara budgetrader: insatserna ingår redan i sin rad.",
    ),
    (
        "Benämning",
        36,
        "text",
        "Radens eller insatsens benämning så som den är avskriven ur källdokumentet. Bokstäver "
        "som har lästs fel när texten togs ut ur dokumentet är rättade utan anmärkning (se Om "
        "webbplatsen); rader som redaktionen har slagit ihop står i en anmärkning på planens "
        "sida.",
    ),
    ("Ingår i raden", 26, "text", "För en insats: benämningen på budgetraden den hör till."),
    (
        "Insatsägare",
        22,
        "text",
        "För en insats: den part som driver insatsen, där planen anger det.",
    ),
    ("Belopp, kr", 14, "amount", "Beloppet i kronor."),
    (
        "Belopp som i planen",
        14,
        "amount",
        "Beloppet som det står i planens budget, i enheten i kolumnen Enhet.",
    ),
    ("Enhet", 7, "text", "Planens enhet för beloppen: kr, tkr eller mkr."),
    ("Källdokument", 34, "text", "Det publicerade dokument som planen är avskriven från."),
    (
        "Planens sida",
        44,
        "text",
        "Adressen till planens sida på webbplatsen, där budgeten visas och summor som inte går "
        "ihop förklaras.",
    ),
)

# The key figures: (column in keyfigures, name, width, kind, description), in the order of
# keyfigures.FIELDS.
FIGURE_COLUMNS: tuple[tuple[str, str, int, str, str], ...] = (
    (
        "short_name",
        "Förbund",
        20,
        "text",
        "Förbundets korta namn, som i tabellerna på webbplatsen.",
    ),
    ("fiscal_year", "År", 7, "year", "Budgetåret."),
    (
        "phase",
        "Budget eller prognos",
        12,
        "text",
        "Budget: förbundets budget för året, i planen för samma år. Prognos: en prognos för året "
        "i en tidigare plan.",
    ),
    ("plan_year", "Planår", 8, "year", "Året för planen som siffrorna kommer från."),
    (
        "adopted",
        "Antagen",
        12,
        "text",
        "Dagen då styrelsen antog planen, där planen anger den. Tom annars.",
    ),
    (
        "income_total",
        f"{FIGURE_NAMES['income_total']}, kr",
        14,
        "amount",
        "Planens tryckta summa intäkter, eller summan av intäktsraderna där planen inte anger "
        "någon (beräknad).",
    ),
    (
        "revenue",
        f"{FIGURE_NAMES['revenue']}, kr",
        14,
        "amount",
        "Summan av intäktsraderna utom eget kapital, alltså utom överskott och egna medel från "
        "tidigare år (beräknad).",
    ),
    (
        "member_contributions",
        f"{FIGURE_NAMES['member_contributions']}, kr",
        14,
        "amount",
        "Statens, regionens och kommunernas bidrag tillsammans, eller medlemsavgifterna när "
        "planen anger dem på en enda rad. Tom om planen inte har några sådana rader.",
    ),
    (
        "costs",
        f"{FIGURE_NAMES['costs']}, kr",
        14,
        "amount",
        "Planens tryckta summa kostnader, eller summan av kostnadsraderna där planen inte anger "
        "någon (beräknad).",
    ),
    (
        "cost_lines",
        "Summa av kostnadsraderna, kr",
        14,
        "amount",
        "Summan av planens kostnadsrader, som andelarna räknas på. Skiljer sig från Kostnader "
        "där raderna inte går ihop med den tryckta summan.",
    ),
    *(
        (
            f"{category}_share",
            f"{name}, andel",
            13,
            "share",
            f"Andelen för kategorin {name.lower()}: summan av kategorins rader delad med summan "
            "av kostnadsraderna (beräknad). Kategorierna är redaktionens indelning av planens "
            "rader.",
        )
        for category, name in COST_CATEGORIES.items()
    ),
    (
        "result",
        f"{FIGURE_NAMES['result']}, kr",
        14,
        "amount",
        "Årets resultat som planen anger det, eller intäkter utom eget kapital minus kostnader "
        "där planen inte anger något (beräknat).",
    ),
    (
        "carried_over",
        f"{FIGURE_NAMES['carried_over']}, kr",
        14,
        "amount",
        "Över- eller underskott från tidigare år, där planen anger det.",
    ),
    (
        "population_16_64",
        "Invånare 16–64 år",
        12,
        "amount",
        "Antalet invånare i åldern 16–64 år i förbundets område, där förbundets sida på "
        "webbplatsen anger det.",
    ),
    ("population_year", "Befolkningsår", 10, "year", "Året som befolkningssiffran gäller."),
    (
        "per_capita",
        f"{FIGURE_NAMES['per_capita']}, kr",
        16,
        "number",
        "Medlemsbidragen delade med antalet invånare i åldern 16–64 år, i kronor (beräknad). "
        "Året står i kolumnen Befolkningsår.",
    ),
    (
        "computed",
        "Beräknade siffror",
        30,
        "text",
        "De kolumner i raden, åtskilda av semikolon, vars siffra webbplatsen har beräknat ur "
        "planens rader: siffran är inte tryckt i planen.",
    ),
    (
        "discrepancy",
        "Berörs av en avvikelse",
        30,
        "text",
        "De kolumner i raden, åtskilda av semikolon, vars siffra berörs av en avvikelse: "
        "avvikelsen gäller siffran själv eller någon av raderna som den bygger på. Förklaringen "
        "står på planens sida.",
    ),
    ("url", "Planens sida", 44, "text", "Adressen till planens sida på webbplatsen."),
)
_FIGURE_NAMES = {column: name for column, name, _, _, _ in FIGURE_COLUMNS}
NO_FIGURES = "Ingen plan och ingen prognos"  # a förbund's phase in a year it has neither

# The discrepancies: (field of export.DiscrepancyRow, width, kind, description); each named by its
# Swedish title in export.DISCREPANCY_TITLES, as datapackage.json titles it.
DISCREPANCY_COLUMNS: tuple[tuple[str, int, str, str], ...] = (
    ("forbund", 14, "text", "Förbundets kod i webbadressen, till exempel rar-sormland."),
    ("forbund_name", 34, "text", "Förbundets fullständiga namn."),
    ("plan_year", 8, "year", "Året för verksamhetsplanen som summan står i."),
    ("fiscal_year", 9, "year", "Budgetåret som summan gäller."),
    (
        "check",
        22,
        "text",
        "Summan som inte stämmer: Summa intäkter, Summa kostnader, Insatserna under en rad, "
        "Resultat eller Medlemmarnas andelar (enligt lagen).",
    ),
    (
        "where",
        34,
        "text",
        "Platsen i planens budget så som planformatet skriver den, till exempel "
        "budget.2023.costs.Samverkansinsatser.",
    ),
    ("printed", 12, "amount", "Siffran så som den står i planen, i enheten i kolumnen Enhet."),
    (
        "computed",
        12,
        "amount",
        "Siffran som webbplatsen räknar fram ur raderna så som de är avskrivna, i enheten i "
        "kolumnen Enhet.",
    ),
    ("unit", 7, "text", "Planens enhet för beloppen: kr, tkr eller mkr."),
    (
        "confirmed",
        12,
        "text",
        "Ja: avskriften är jämförd med det publicerade originaldokumentet, och siffrorna går inte "
        "ihop där heller (ett fel i källdokumentet). Nej: avskriften är inte jämförd med "
        "originalet, och en rad kan ha fallit bort eller lästs fel när texten togs ut ur "
        "dokumentet.",
    ),
    ("note", 60, "text", "Redaktionens kommentar. Tom om det inte finns någon."),
    ("source", 34, "text", "Det publicerade dokument som planen är avskriven från."),
    ("url", 44, "text", "Adressen till planens sida på webbplatsen, där avvikelsen förklaras."),
)
CHECK_NAMES = {
    "income": "Summa intäkter",
    "costs": "Summa kostnader",
    "items": "Insatserna under en rad",
    "result": "Resultat",
    "shares": "Medlemmarnas andelar",
}
YES_NO = {True: "Ja", False: "Nej"}

ABOUT = (
    (TITLE, ""),
    (
        "",
        "Alla budgetrader i samordningsförbundens verksamhetsplaner på webbplatsen, med samma "
        "siffror som planernas sidor, nyckeltalen som på jämförelsesidorna och avvikelserna: de "
        "summor som inte går ihop med sina rader. Arbetsboken skapas på nytt varje gång "
        "webbplatsen byggs, efter att budgetarnas rader har kontrollerats mot planernas tryckta "
        "summor.",
    ),
    (
        "Källa",
        "Förbundens egna verksamhetsplaner med budget, som är allmänna handlingar. Varje rad "
        "anger sitt källdokument och sin sida på webbplatsen. "
        "Beloppen är så som de står i avskriften och rättas aldrig. Där raderna inte går ihop "
        "med en tryckt summa förklaras det på planens sida.",
    ),
    (
        "Beräknat",
        "En siffra som inte är tryckt i planen, till exempel ett resultat som planen inte anger "
        "eller en andel, har webbplatsen beräknat ur planens rader. "
        "I bladet Nyckeltal räknas sådana siffror upp i kolumnen Beräknade siffror, och siffror "
        "som berörs av en avvikelse i kolumnen Berörs av en avvikelse. "
        "En siffra som planen inte anger är tom, aldrig 0.",
    ),
    (
        "Enheter",
        "Alla belopp står i kronor (kr), som tal med tusentalsavgränsning. Kolumnen Belopp som i "
        "planen har planens egen enhet "
        "(kr, tkr eller mkr). Andelarna är andelar av summan av förbundets kostnadsrader, i "
        "procent.",
    ),
    ("Licens", "Sammanställningen får användas fritt (CC0 1.0). Ange gärna webbplatsen som källa."),
    (
        "Maskinläsbart",
        f"Samma rader finns som {export.CSV_NAME} och {export.JSON_NAME}, nyckeltalen som "
        f"{FIGURES_CSV_NAME} och {FIGURES_JSON_NAME} och avvikelserna som "
        f"{DISCREPANCIES_CSV_NAME} och {DISCREPANCIES_JSON_NAME}, med en beskrivning enligt "
        "Frictionless Data Package (datapackage.json).",
    ),
)


def build(
    plans: Sequence[Plan],
    names: Sequence[str],
    figures: Sequence[tuple[str, dict[str, object]]],
    url_for: Callable[[str], str],
    discrepancies: Sequence[export.DiscrepancyRow] = (),
) -> bytes:
    """Return the workbook: every line and item of the plans (with their förbund's names), the key
    figures (short name, row of keyfigures), the discrepancies, and the explanation."""
    buffer = io.BytesIO()
    book = _workbook(buffer, TITLE)
    formats = _formats(book)
    groups = [
        group
        for plan, name in zip(plans, names, strict=True)
        for group in export.plan_groups(plan, name, url_for(plan.uri))
    ]
    _sheet(book, LINES_SHEET, LINE_COLUMNS, formats, _line_rows(groups))
    _sheet(book, FIGURES_SHEET, _FIGURE_SHEET_COLUMNS, formats, _figure_rows(figures))
    _sheet(
        book,
        DISCREPANCIES_SHEET,
        _DISCREPANCY_SHEET_COLUMNS,
        formats,
        _discrepancy_rows(discrepancies),
    )
    _about(book, formats, _about_entries())
    book.close()
    return buffer.getvalue()


def year_build(year: int, rows: Sequence[tuple[str, dict[str, object] | None]]) -> bytes:
    """Return one year's comparison as a workbook: its table's rows, and the explanation.

    Each row a förbund's short name and its key figures for the year (a row of keyfigures: its
    budget, else a forecast), or None where it has neither.
    """
    buffer = io.BytesIO()
    title = f"Jämför {year}"
    book = _workbook(buffer, f"{title}: {TITLE.lower()}")
    formats = _formats(book)
    sheet_rows = [
        _figure_rows(((name, found),))[0] if found else _no_figures_row(name, year)
        for name, found in rows
    ]
    _sheet(book, FIGURES_SHEET, _FIGURE_SHEET_COLUMNS, formats, sheet_rows)
    _about(book, formats, _year_about_entries(year))
    book.close()
    return buffer.getvalue()


def _workbook(buffer: io.BytesIO, title: str) -> xlsxwriter.Workbook:
    """Return a new workbook writing into buffer: texts as texts, the document's date fixed."""
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": title,
            "subject": "Verksamhetsplaner och budgetar",
            "author": "Samordningsförbundens planer",
            "created": CREATED,
        }
    )
    return book


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
            rows.append(
                (
                    *context,
                    categories[category],
                    ROW_TYPE_NAMES[kind],
                    label,
                    parent,
                    owner,
                    amount,
                    printed,
                    unit,
                    source,
                    url,
                )
            )
    return rows


_FIGURE_SHEET_COLUMNS = tuple(column[1:] for column in FIGURE_COLUMNS)
_DISCREPANCY_SHEET_COLUMNS = tuple(
    (export.DISCREPANCY_TITLES[field], width, kind, description)
    for field, width, kind, description in DISCREPANCY_COLUMNS
)


def _no_figures_row(name: str, year: int) -> tuple[object, ...]:
    """Return the row of a förbund with neither a plan nor a forecast for the year."""
    found = {"short_name": name, "fiscal_year": year, "phase": NO_FIGURES}
    return tuple(found.get(column) for column, *_ in FIGURE_COLUMNS)


def _discrepancy_rows(rows: Sequence[export.DiscrepancyRow]) -> list[tuple[object, ...]]:
    """Return the discrepancies as the sheet's rows, in the CSV's order, with Swedish words."""
    found = []
    for row in rows:
        values = {
            **row.as_dict(),
            "check": CHECK_NAMES[row.check],
            "confirmed": YES_NO[row.confirmed],
        }
        found.append(tuple(values[field] for field, *_ in DISCREPANCY_COLUMNS))
    return found


def _figure_rows(figures: Sequence[tuple[str, dict[str, object]]]) -> list[tuple[object, ...]]:
    """Return the key figures as the sheet's rows: the same values as nyckeltal.csv, with Swedish
    words for the phase and the lists of columns."""
    rows = []
    for short_name, row in figures:
        values = {**row, "short_name": short_name, "phase": PHASE_NAMES[row["phase"]]}
        for listed in ("computed", "discrepancy"):
            values[listed] = "; ".join(_FIGURE_NAMES[column] for column in row[listed])
        rows.append(tuple(values[column] for column, *_ in FIGURE_COLUMNS))
    return rows


def _sheet(
    book: xlsxwriter.Workbook,
    title: str,
    columns: tuple[tuple[str, int, str, str], ...],
    formats: dict[str, object],
    rows: list[tuple[object, ...]],
) -> None:
    """Add a sheet of a header row (frozen, with filters) and rows; texts as texts, amounts as
    numbers."""
    sheet = book.add_worksheet(title, worksheet_class=_RowsSheet)
    sheet.freeze_panes(1, 0)
    for index, (name, width, kind, _) in enumerate(columns):
        sheet.set_column(index, index, width, formats[kind])
        sheet.write_string(0, index, name, formats["header"])
    sheet.set_row(0, 45)
    sheet.write_rows(rows, [kind == "text" for _, _, kind, _ in columns])
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


class _RowsSheet(Worksheet):
    """A sheet whose rows under the header are kept whole and written as XML in one pass.

    The bytes are those that XlsxWriter's write_string and write_number give with each column's
    format, in a third of the time: its own path checks, stores and writes each cell alone (the
    budget lines are 650,000 cells at national scale). The header row goes through that path.
    """

    def __init__(self) -> None:
        super().__init__()
        self.body: list[list[tuple[int, int | float]]] = []  # (column, shared string or number)
        self.texts: list[bool] = []

    def write_rows(self, rows: list[tuple[object, ...]], texts: list[bool]) -> None:
        """Write rows under the header: a text as a shared string, else a number; None or "" not
        at all. The texts go into the workbook's strings in the order write_string puts them."""
        shared = self.str_table._get_shared_string_index  # noqa: SLF001 - XlsxWriter's own table
        longest = self.xls_strmax // 2  # write_string would cut a longer text (the format: 2,000)
        body = []
        for row in rows:
            cells = []
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                if texts[column]:
                    if len(value) > longest:
                        raise ValueError(f"a text of {len(value)} characters: {value[:40]}…")
                    value = shared(value)
                elif value != value or value in (math.inf, -math.inf):
                    raise ValueError(f"not a number a spreadsheet holds: {value}")
                cells.append((column, value))
            body.append(cells)
        self.body, self.texts = body, texts
        filled = [(number, cells) for number, cells in enumerate(body, start=1) if cells]
        if filled and (
            self._check_dimensions(filled[0][0], min(cells[0][0] for _, cells in filled))
            or self._check_dimensions(filled[-1][0], max(cells[-1][0] for _, cells in filled))
        ):
            raise ValueError(f"{len(body)} rows: more than a sheet holds")

    def _write_rows(self) -> None:
        """Write the header row as XlsxWriter does, then the body with the same spans and styles."""
        spans = self._body_spans()
        for number, cells in sorted(self.table.items()):  # the header
            if cells:
                self._write_row(number, spans.get(number // 16), self.row_info.get(number))
                for column, cell in sorted(cells.items()):
                    self._write_cell(number, column, cell)
                self._xml_end_tag("row")
        names = [xl_col_to_name(column) for column in range(len(self.texts))]
        styles = []
        for column, text in enumerate(self.texts):
            info = self.col_info.get(column)
            style = (
                info.column_format._get_xf_index()  # noqa: SLF001 - as write_number gets it
                if info and info.column_format
                else 0
            )
            styles.append((f' s="{style}"' if style else "") + (' t="s"' if text else ""))
        write = self.fh.write
        for number, cells in enumerate(self.body, start=1):
            if not cells:
                continue
            self._write_row(number, spans.get(number // 16), self.row_info.get(number))
            row = str(number + 1)
            write(
                "".join(  # a shared string's number written as write_number writes a number
                    f'<c r="{names[column]}{row}"{styles[column]}><v>{value:.16G}</v></c>'
                    for column, value in cells
                )
            )
            self._xml_end_tag("row")

    def _body_spans(self) -> dict[int, str]:
        """Return each block of 16 rows' span of columns, as XlsxWriter's _calculate_spans does."""
        limits: dict[int, tuple[int, int]] = {}
        rows = [(number, sorted(cells)) for number, cells in self.table.items() if cells]
        rows += [
            (number, [cells[0][0], cells[-1][0]])
            for number, cells in enumerate(self.body, start=1)
            if cells
        ]
        for number, columns in rows:
            low, high = limits.get(number // 16, (columns[0], columns[-1]))
            limits[number // 16] = (min(low, columns[0]), max(high, columns[-1]))
        return {block: f"{low + 1}:{high + 1}" for block, (low, high) in limits.items()}


def _about_entries() -> list[tuple[str, str]]:
    """Return what the open data's workbook says of itself: the source, the units, each sheet."""
    entries = [ABOUT[0], *ABOUT[1:], ("", "")]
    entries.append(
        (
            f"Bladet {LINES_SHEET}",
            "En rad per budgetrad och en per insats i en rads uppdelning, för varje budgetår i "
            "varje plan, i samma ordning som CSV-filen.",
        )
    )
    entries.extend((name, description) for name, _, _, description in LINE_COLUMNS)
    entries.append(("", ""))
    entries.append(
        (
            f"Bladet {FIGURES_SHEET}",
            "Nyckeltalen för varje förbund och år, som på webbplatsens jämförelsesidor: en rad "
            "per budget och en per prognos för ett senare år i en plan.",
        )
    )
    entries.extend((name, description) for name, _, _, description in _FIGURE_SHEET_COLUMNS)
    entries.append(("", ""))
    entries.append(
        (
            f"Bladet {DISCREPANCIES_SHEET}",
            "En rad per summa i planerna som inte går ihop med sina rader, eller medlemsbidrag "
            "som inte följer lagens fördelning, i samma ordning som CSV-filen. Varje avvikelse "
            "förklaras också på planens sida.",
        )
    )
    entries.extend((name, description) for name, _, _, description in _DISCREPANCY_SHEET_COLUMNS)
    return entries


def _year_about_entries(year: int) -> list[tuple[str, str]]:
    """Return what one year's workbook says of itself: what it holds, the source, the columns."""
    about = dict(ABOUT[1:])
    return [
        (f"Jämför {year}: {TITLE.lower()}", ""),
        (
            "",
            f"Förbundens budgetar för {year} sida vid sida, med samma siffror som tabellen på "
            f"webbplatsens sida Jämför {year}. Ett förbund som inte har någon plan för {year} "
            "visas med prognosen ur en tidigare plan, om det finns en; annars står det utan "
            "siffror. Arbetsboken skapas på nytt varje gång webbplatsen byggs, efter att "
            "budgetarnas rader har kontrollerats mot planernas tryckta summor.",
        ),
        (
            "Källa",
            "Förbundens egna verksamhetsplaner med budget, som är allmänna handlingar. Varje rad "
            "anger planens sida på webbplatsen, som visar budgeten och länkar till "
            "källdokumentet. Beloppen är så som de står i avskriften och rättas aldrig. Där "
            "raderna inte går ihop med en tryckt summa förklaras det på planens sida.",
        ),
        ("Beräknat", about["Beräknat"]),
        (
            "Enheter",
            "Alla belopp står i kronor (kr), som tal med tusentalsavgränsning; på webbplatsen "
            "visas de avrundade till tusental kronor (tkr). Andelarna är andelar av summan av "
            "förbundets kostnadsrader, i procent.",
        ),
        ("Licens", about["Licens"]),
        (
            "Maskinläsbart",
            f"Samma rader, för alla år, finns som {FIGURES_CSV_NAME} och {FIGURES_JSON_NAME} "
            "under Öppna data på webbplatsen.",
        ),
        ("", ""),
        (
            f"Bladet {FIGURES_SHEET}",
            f"En rad per förbund: dess budget för {year}, eller en prognos för {year} i en "
            "tidigare plan.",
        ),
        *((name, description) for name, _, _, description in _FIGURE_SHEET_COLUMNS),
    ]


def _about(
    book: xlsxwriter.Workbook, formats: dict[str, object], entries: list[tuple[str, str]]
) -> None:
    """Add the sheet that explains the others: its title, then each entry (a name and a text)."""
    sheet = book.add_worksheet(ABOUT_SHEET)
    sheet.set_column(0, 0, 32, formats["bold"])
    sheet.set_column(1, 1, 100, formats["wrap"])
    (title, _), *entries = entries
    sheet.write_string(0, 0, title, formats["title"])
    for number, (name, text) in enumerate(entries, start=1):
        if name:
            sheet.write_string(number, 0, name, formats["bold"])
        if text:
            sheet.write_string(number, 1, text, formats["wrap"])
