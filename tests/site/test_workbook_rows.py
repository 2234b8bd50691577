"""The workbook's one-pass sheet (finsam.site.workbook._RowsSheet) writes XlsxWriter's own bytes.

It leans on XlsxWriter's internals (pinned in pyproject.toml): when XlsxWriter changes, this test
says whether the sheet still writes what write_string and write_number would.
"""

from __future__ import annotations

import io

import xlsxwriter

from finsam.site import workbook

COLUMNS = (
    ("Förbund", 30, "text", ""),
    ("År", 6, "year", ""),
    ("Belopp", 14, "amount", ""),
    ("Andel", 10, "share", ""),
    ("Not", 40, "text", ""),
)
ROWS = [
    ("Värend", 2022, 4262000, 0.25, "Medlemsbidrag"),
    ("Värend", 2022, -1700.5, None, ""),
    ("RAR Sörmland", 2023, 0, 1, "Medlemsbidrag"),  # a text again: one shared string
    (None, None, None, None, None),  # an empty row
    ("Södertälje", 2018, 10**12, 0.125, "Text med & och <tecken>"),
]


def _book(write: object) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": workbook.CREATED})
    write(book, workbook._formats(book))
    book.close()
    return buffer.getvalue()


def _cell_by_cell(book: xlsxwriter.Workbook, formats: dict[str, object]) -> None:
    """Write the sheet as XlsxWriter's own path writes it, cell by cell."""
    sheet = book.add_worksheet("Rader")
    sheet.freeze_panes(1, 0)
    for index, (name, width, kind, _) in enumerate(COLUMNS):
        sheet.set_column(index, index, width, formats[kind])
        sheet.write_string(0, index, name, formats["header"])
    sheet.set_row(0, 45)
    for number, row in enumerate(ROWS, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            kind = COLUMNS[column][2]
            if kind == "text":
                sheet.write_string(number, column, value, formats[kind])
            else:
                sheet.write_number(number, column, value, formats[kind])
    sheet.autofilter(0, 0, len(ROWS), len(COLUMNS) - 1)


def test_the_one_pass_sheet_writes_the_bytes_xlsxwriter_writes() -> None:
    one_pass = _book(lambda book, formats: workbook._sheet(book, "Rader", COLUMNS, formats, ROWS))
    assert one_pass == _book(_cell_by_cell)
