"""Read the text layer of a PDF as the importer reads a pasted table: lines, columns as tabs.

pypdf lays each page out as fixed-width text (extraction_mode="layout"), so a table's columns
stay on the line of their row, in reading order. A wide gap between two words (three spaces or
more) is a column boundary: it becomes a tab, as in a table copied from a spreadsheet, so that
the digit groups of two amount columns can never be read as one number. Layout mode prints two
texts that stand closer than a character's width as one (13500 and 6 000 as 135006 000): where
two of the page's texts on one line, one ending and the next starting with a digit, were printed
so, a tab is put between them again, as the positions of the texts say. A page number at the
top or the foot of a page (3, Sida 3, Sida 3 av 12, - 3 -) is left out, a blank line in its
place, so that it is never read as an amount under the table above it. Every page's first line
is remembered, so that the importer can say on which page a line stands.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems import Problem

if TYPE_CHECKING:
    from pypdf import PageObject

PDF_SIGNATURE = b"%PDF-"
SIGNATURE_REACH = 1024  # a PDF may start with some bytes of junk before its signature
COLUMN_GAP_RE = re.compile(r" {3,}")
AMOUNT_START = tuple("0123456789-\u2212\u2013")
PAGE_NUMBER_RE = re.compile(
    r"[-–(\s]*(?:sida|sid\.|s\.|page)?\s*\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4})?[-–)\s]*",
    re.IGNORECASE,
)
NO_TEXT_FIX = (
    "Gör sidorna sökbara med textigenkänning (OCR), till exempel med ocrmypdf: "
    "ocrmypdf -l swe dokument.pdf dokument-med-text.pdf, och kör make import med "
    "fil=dokument-med-text.pdf. Eller skriv av budgettabellen i en textfil och kör make import "
    "med fil=tabell.txt."
)


@dataclass(frozen=True, slots=True)
class PdfText:
    """A PDF's text, one line per printed line, and the line number each page starts on."""

    text: str
    pages: tuple[int, ...]


class PdfError(Exception):
    """A PDF whose text cannot be read: the problem, for the editor."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.found)
        self.problem = problem


def is_pdf(data: bytes) -> bool:
    """Return whether data is a PDF file (its signature near the start)."""
    return PDF_SIGNATURE in data[:SIGNATURE_REACH]


def text_of(data: bytes, path: str) -> PdfText:
    """Return the text layer of a PDF; raise PdfError if it has none or cannot be read."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are in English, for us
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _locked(path)
        pages = [
            _unsqueezed(page.extract_text(extraction_mode="layout"), _amount_pairs(page))
            for page in reader.pages
        ]
    except FileNotDecryptedError:
        raise _locked(path) from None
    except DependencyError:  # AES, which pypdf reads only with the package cryptography
        raise PdfError(
            Problem(
                path,
                None,
                None,
                "en PDF utan kryptering",
                "en PDF som är krypterad med AES (skyddad mot ändringar) och som finsam inte "
                "kan läsa",
                "Öppna den i en PDF-läsare och skriv ut den till en ny PDF (Skriv ut, Spara som "
                "PDF), och kör make import med den nya filen. Eller kopiera budgettabellen till "
                "en textfil och kör make import med fil=tabell.txt.",
            )
        ) from None
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        OSError,
    ) as error:
        raise PdfError(
            Problem(
                path,
                None,
                None,
                "en hel PDF-fil",
                f"en fil som inte går att läsa som PDF ({type(error).__name__})",
                "Ladda ner dokumentet igen, eller öppna det och spara det som PDF på nytt.",
            )
        ) from None
    if not any(page.strip() for page in pages):
        raise PdfError(
            Problem(
                path,
                None,
                None,
                "en PDF med text (text som går att markera och kopiera i en PDF-läsare)",
                f"ingen text på någon av de {len(pages)} sidorna: sidorna är bara bilder, "
                "som i ett inskannat dokument"
                if len(pages) != 1
                else "ingen text på sidan: den är bara en bild, som i ett inskannat dokument",
                NO_TEXT_FIX,
            )
        )
    return _joined([_columns(page) for page in pages])


def _locked(path: str) -> PdfError:
    return PdfError(
        Problem(
            path,
            None,
            None,
            "en PDF som går att öppna utan lösenord",
            "en lösenordsskyddad PDF",
            "Be förbundet om en version utan lösenord, eller kopiera budgettabellen ur "
            "dokumentet till en textfil och kör make import med fil=tabell.txt.",
        )
    )


def _amount_pairs(page: PageObject) -> set[tuple[str, str]]:
    """Return each two texts side by side on a line of the page, one ending in a digit and the
    next starting with one (or a minus sign).
    """
    runs: list[tuple[int, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(y), x, text.strip()))

    page.extract_text(visitor_text=visit)
    runs.sort()
    return {
        (left, right)
        for (y, _, left), (next_y, _, right) in itertools.pairwise(runs)
        if y == next_y and left[-1].isdigit() and right[:1] in AMOUNT_START
    }


def _unsqueezed(text: str, pairs: set[tuple[str, str]]) -> str:
    """Return a page's text with a tab between two amounts that were printed as one."""
    for left, right in pairs:
        squeezed = re.compile(rf"(?<![\d]){re.escape(left)}(?={re.escape(right)}(?!\d))")
        text = squeezed.sub(lambda match: match.group() + "\t", text)
    return text


def _columns(page: str) -> list[str]:
    """Return a page's lines: indentation removed, wide gaps made tabs, page numbers blank."""
    lines = [COLUMN_GAP_RE.sub("\t", line.strip(" ")) for line in page.split("\n")]
    printed = [index for index, line in enumerate(lines) if line.strip()]
    for index in {printed[0], printed[-1]} if printed else ():
        if PAGE_NUMBER_RE.fullmatch(lines[index]):
            lines[index] = ""
    return lines


def _joined(pages: list[list[str]]) -> PdfText:
    lines: list[str] = []
    starts = []
    for page in pages:
        starts.append(len(lines) + 1)
        lines.extend(page)
    return PdfText("\n".join(lines) + "\n", tuple(starts))
