"""finsam import of a PDF: its text layer read with pypdf, the budget table found in it.

The fast tests read PDFs written here byte by byte (text placed at given points, in Helvetica);
the slow ones read PDFs that LibreOffice makes of documents built from the seeds' budget tables,
and compare the drafts with those of the tables pasted as text. Without LibreOffice (soffice)
they are skipped with the reason, except under CI=true, where that fails the run.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from pypdf import PdfWriter
from pypdf.errors import DependencyError
from test_importer import SEED_001, SEED_002, checked_as_plan

from finsam.editors import cli, pdftext
from finsam.editors.importer import draft
from finsam.editors.pdftext import PdfError, text_of

Run = tuple[float, float, str]  # x and y in points from the page's lower left corner, the text


def pdf_of(pages: list[list[Run]]) -> bytes:
    """Return a PDF whose pages show these texts in Helvetica, 10 points."""
    objects = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    parent = 2 + 2 * len(pages)  # the page tree comes after each page's content and page
    kids = []
    for runs in pages:
        stream = b"".join(
            b"BT /F1 10 Tf %d %d Td (%s) Tj ET\n"
            % (x, y, text.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)"))
            for x, y, text in runs
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>" % (parent, len(objects))
        )
        kids.append(len(objects))
    references = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (references, len(kids)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        start,
    )
    return bytes(out)


def row(y: float, *cells: str) -> list[Run]:
    """Return a table row at height y: the label at the margin, each amount in a column."""
    return [(72 if i == 0 else 250 + 100 * i, y, cell) for i, cell in enumerate(cells) if cell]


TWO_PAGES = [
    [
        (72, 800, "Verksamhetsplan och budget 2024"),
        (72, 770, "Forbundet finansierar och stodjer samverkan mellan myndigheterna och kommunen."),
        *row(740, "Intäkter", "2024", "2025"),
        *row(725, "Staten", "8 000", "8 000"),
        *row(710, "Regionen", "4 000", "4 000"),
        *row(695, "Samverkan 2,5", ""),
        (290, 40, "Sida 1 av 2"),
    ],
    [
        (72, 800, "2"),
        *row(770, "Kostnader", "2024", "2025"),
        *row(755, "Kansli", "300", "300 300"),
        *row(740, "Summa kostnader", "300", "300 300"),
    ],
]


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_columns_become_cells_and_page_numbers_are_left_out() -> None:
    found = text_of(pdf_of(TWO_PAGES), "plan.pdf")
    lines = found.text.split("\n")
    assert found.pages[0] == 1 and lines[found.pages[1] - 2] == ""
    assert lines.index("Regionen\t4 000\t4 000") < found.pages[1] - 1
    assert lines.index("Kostnader\t2024\t2025") > found.pages[1] - 1
    assert "Staten\t8 000\t8 000" in lines and "Kansli\t300\t300 300" in lines
    assert not any("Sida" in line for line in lines) and "2" not in lines
    assert lines[found.pages[1] - 1] == ""  # the page number at the top of page 2, blank


def test_a_pdf_is_imported_with_pages_in_its_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    document = tmp_path / "plan.pdf"
    document.write_bytes(pdf_of(TWO_PAGES))
    code, out, err = run(["import", str(document)], capsys)
    assert code == 1  # one line could not be read
    data = yaml.safe_load(out)
    # Columns apart are never one number: 300 and 300 300 (as printed), not 300 300 300 guessed.
    assert data["budget"][2025]["costs"][0]["amount"] == 300300
    assert data["budget"][2024]["income"][1] == {
        "label": "Regionen",
        "category": "region",
        "amount": 4000,
    }
    assert "#   source: Verksamhetsplan och budget 2024 (dokumentets titel" in out
    found = text_of(pdf_of(TWO_PAGES), "plan.pdf")
    lines = found.text.split("\n")
    kansli = lines.index("Kansli\t300\t300 300") + 1 - found.pages[1] + 1
    assert f"kontrollera kategorin (sidan 2, rad {kansli})" in out
    staten = lines.index("Staten\t8 000\t8 000") + 1
    assert f"kontrollera kategorin (sidan 1, rad {staten})" in out
    assert f'Sidan 1, rad {staten + 2}: kunde inte läsa "Samverkan 2,5"' in err
    assert f"Budgettabellen hittades på sidan 1, rad {staten - 1} till sidan 2, rad " in err


def test_a_pdf_from_standard_input(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(pdf_of(TWO_PAGES)), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(["import", "-"], capsys)
    assert code == 1 and "Staten, category: state, amount: 8000" in out


def test_a_pdf_without_text_says_so_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    scanned = tmp_path / "inskannad.pdf"
    with open(scanned, "wb") as handle:
        writer.write(handle)
    code, out, err = run(["import", str(scanned)], capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        str(scanned),
        "  Förväntat: en PDF med text (text som går att markera och kopiera i en PDF-läsare)",
        "  Hittat: ingen text på någon av de 3 sidorna: sidorna är bara bilder, som i ett "
        "inskannat dokument",
        "  Gör så här: Gör sidorna sökbara med textigenkänning (OCR), till exempel med "
        "ocrmypdf: ocrmypdf -l swe dokument.pdf dokument-med-text.pdf, och kör make import med "
        "fil=dokument-med-text.pdf. Eller skriv av budgettabellen i en textfil och kör make "
        "import med fil=tabell.txt.",
    ]


def test_a_locked_or_broken_pdf_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(PdfError) as refused:
        text_of(locked.getvalue(), "låst.pdf")
    assert refused.value.problem.found == "en lösenordsskyddad PDF"
    with pytest.raises(PdfError) as refused:
        text_of(b"%PDF-1.4\nbara skrap\n", "trasig.pdf")
    assert refused.value.problem.found.startswith("en fil som inte går att läsa som PDF")

    def aes(*_: object) -> None:  # pypdf without the package cryptography, given AES
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf, "PdfReader", aes)
    with pytest.raises(PdfError) as refused:
        text_of(pdf_of(TWO_PAGES), "skyddad.pdf")
    assert "krypterad med AES" in refused.value.problem.found
    assert "Spara som PDF" in refused.value.problem.fix


def test_a_file_named_pdf_that_is_none(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    fake = tmp_path / "plan.pdf"
    fake.write_text("Intäkter 2024\nStaten 8 000\n", encoding="utf-8")
    code, _, err = run(["import", str(fake)], capsys)
    assert code == 2 and "är ingen PDF" in err
    assert pdftext.is_pdf(b"\n\n%PDF-1.7\n") and not pdftext.is_pdf(b"PDF-1.7")


# --- PDFs made by LibreOffice from the seeds' budget tables (slow) ----------------------------

PROSE = (
    "Samordningsforbundet finansierar och stodjer samverkan mellan myndigheterna, "
    "i syfte att individen ska oka sin formaga till arbete."
)
# Seed 000 (RAR Sörmland 2021): three years, a column each.
SEED_000_CELLS = [
    ["Intakter", "2021", "2022", "2023"],
    ["Staten", "8 000", "8 000", "8 000"],
    ["Regionen", "4000", "4000", "4000"],
    ["Kommunerna", "4 000", "4000", "4 000"],
    ["ESF-medel", "2700", "2500", "2500"],
    ["Summa intakter", "18 700", "18 500", "18 500"],
    ["Kostnader", "2021", "2022", "2023"],
    ["Kansli", "3000", "3000", "3000"],
    ["Samverkanskostnader", "300", "300", "300"],
    ["Stod ESF-projekt", "3700", "3500", "3500"],
    ["Beviljade insatser", "13500", "6 000", "0"],
    ["Medel tillgangligt nya insatser", "1350", "5250", "11 250"],
    ["Summa kostnader", "22300", "18 500", "18 500"],
    ["Resultat", "-3 600", "0", "0"],
]
# Seed 002 (Södertälje 2018): the members' shares above the budget, whose costs have minus signs.
MEMBERS_CELLS = [
    ["Finansidr", "Andel", "Medlemsavgift 2018 i kr"],
    ["Staten", "50 %", "5594 000"],
    ["Landstinget", "25%", "2 797 000"],
    ["Sodertdlje kommun", "25%", "2 797 000"],
    ["Totalt", "", "11 188 000"],
]


def seed_002_cells() -> list[list[str]]:
    """Return the Södertälje 2018 budget table as cells: the label, then its amount."""
    lines = SEED_002.strip("\n").split("\n")
    cells = [[lines[0]], ["Verksamhet", "FORSLAG 2018"]]
    for line in lines[3:]:
        label, _, amount = line.rpartition(" -" if " -" in line else " ")
        while label.rsplit(" ", 1)[-1].isdigit() and len(label.rsplit(" ", 1)[-1]) <= 3:
            label, digits = label.rsplit(" ", 1)
            amount = f"{digits} {amount}"
        cells.append([label, f"-{amount}" if " -" in line else amount])
    assert [" ".join(c for c in row if c) for row in cells[2:]] == lines[3:]
    return cells


def page(title: str, *parts: list[list[str]] | str) -> str:
    """Return an HTML page: a title, then paragraphs (texts) and tables (rows of cells)."""
    body = [f"<p>{html.escape(title)}</p>"] if title else []
    for part in parts:
        if isinstance(part, str):
            body.append(f"<p>{html.escape(part)}</p>")
        else:
            rows = (
                "<tr>" + "".join(f"<td nowrap>{html.escape(cell)}</td>" for cell in cells) + "</tr>"
                for cells in part
            )
            body.append(f"<table>{''.join(rows)}</table>")
    return f"<html><head><meta charset='utf-8'></head><body>{''.join(body)}</body></html>"


def require_soffice() -> None:
    """Skip without LibreOffice; under CI=true, fail instead."""
    if shutil.which("soffice") is not None:
        return
    message = "soffice is missing: apt-get install -y libreoffice-calc-nogui"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder of PDFs that LibreOffice Calc made of the documents, one run for all."""
    require_soffice()
    folder = tmp_path_factory.mktemp("pdf")
    documents = {
        "rar-2021": page("6 Budget", PROSE, SEED_000_CELLS, PROSE),
        "rar-2023": page(
            "Verksamhetsplan och budget 2023",
            PROSE,
            [line.split("\t") for line in SEED_001.strip("\n").split("\n")],
            PROSE,
        ),
        "sodertalje-2018": page(
            "", PROSE, MEMBERS_CELLS, PROSE, seed_002_cells(), "9.0 Beslut", PROSE
        ),
    }
    for name, text in documents.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--infilter=HTML (StarCalc)",  # Calc, as CI installs it (libreoffice-calc-nogui)
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(folder / f"{name}.html") for name in documents),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "table", "years"),
    [
        ("rar-2021", "\n".join(" ".join(c for c in row if c) for row in SEED_000_CELLS), None),
        ("rar-2023", SEED_001, None),
        ("sodertalje-2018", SEED_002, None),
    ],
)
def test_a_pdf_made_from_a_seed_reads_as_its_table_pasted(
    made: Path, name: str, table: str, years: list[int] | None
) -> None:
    found = text_of((made / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    result = draft(found.text, years=years, pages=found.pages)
    pasted = draft(table, years=years)
    assert result.unread == ()
    assert yaml.safe_load(result.yaml)["budget"] == yaml.safe_load(pasted.yaml)["budget"]
    assert dict(result.blocks).keys() - {"source"} == dict(pasted.blocks).keys()
    assert result.notes[0].startswith("Budgettabellen hittades på sidan 1, rad ")


@pytest.mark.slow
@pytest.mark.browser
def test_a_pdf_into_a_plan_that_then_passes_the_check(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    plan = tmp_path / "2023.md"
    plan.write_text(
        "---\nforbund: test\nyear: 2023\nsource:\nunit:\nbudget:\n---\nText.\n", encoding="utf-8"
    )
    code, out, err = run(["import", str(made / "rar-2023.pdf"), "--into", str(plan)], capsys)
    assert code == 0, err
    assert "Ersatta fält: source, unit, budget. Tillagda fält: discrepancies." in out
    front = plan.read_text(encoding="utf-8").split("---\n")[1]
    assert "source: Verksamhetsplan och budget 2023  # dokumentets titel" in front
    front = "".join(  # checked_as_plan writes forbund, year and source itself
        line
        for line in front.splitlines(keepends=True)
        if not line.startswith(("forbund:", "year:", "source:"))
    )
    (tmp_path / "projekt").mkdir()
    code, output = checked_as_plan(front, 2023, tmp_path / "projekt", monkeypatch, capsys)
    assert code == 0, output
