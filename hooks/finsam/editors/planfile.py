"""Write an import's draft into a plan file, on the text level of its front-matter's top keys.

A top-level key starts a line of the front-matter (not a comment); its block runs to its last
indented line, so that the comments between two keys stay where they are. The draft's blocks
replace the plan's `unit:`, `budget:` and `discrepancies:`, and `source:` only where the plan's
is empty or a placeholder (FYLL I); a key the plan lacks is added beside the others. Every other
key, every comment outside those blocks, the body, the line ends (CRLF too) and a byte-order
mark stay as they were, whatever the scaffold wrote. Amounts already in the plan are replaced
only when the editor asks for it.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass

from ..format.frontmatter import FrontMatterError, decode
from ..format.placeholders import MARKER_RE
from ..problems import Problem

ORDER = ("source", "unit", "budget", "discrepancies")
WITH_AMOUNTS = ("budget", "discrepancies")
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
FENCE_RE = re.compile(r"---[ \t]*")
CLOSING_RE = re.compile(r"(?:---|\.\.\.)[ \t]*")
KEY_RE = re.compile(r"""(?:([A-Za-z_][\w-]*)|"([^"\\]*)"|'([^']*)')[ \t]*:(?=[ \t]|$)""")
# An amount's key and its value; a quoted text elsewhere (a label "amount: 5") is passed over.
AMOUNT_RE = re.compile(
    r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'"
    r"|\b(?:amount|income_total|costs_total|carried_over|result|printed|computed)[ \t]*:[ \t]*"
    r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,}\]]*)"
)
YEAR_RE = re.compile(r"[ \t]*([0-9]{4})[ \t]*")
FRONT_MATTER = "en plan med front-matter: första raden ---, sedan fälten, sedan en rad ---"


@dataclass(frozen=True, slots=True)
class Written:
    """A plan's new text, and which of its keys the draft replaced, added or removed."""

    text: str
    replaced: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


class PlanFileError(Exception):
    """A plan the draft cannot be written into: the problem, for the editor."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.found)
        self.problem = problem


@dataclass(slots=True)
class _Piece:
    """Lines of the front-matter: one top-level key's block, or the lines between blocks."""

    key: str | None
    lines: list[str]
    first: int  # the file's line number of its first line


def write(path: str, shown: str, blocks: tuple[tuple[str, str], ...], replace: bool) -> Written:
    """Write the draft's blocks into the plan file at path and return what changed.

    Raise PlanFileError, with nothing written, if it cannot be done.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise PlanFileError(
            Problem(
                shown,
                None,
                None,
                "en plan att skriva utkastet i",
                f"en fil som inte går att läsa ({error.strerror or error})",
                "Skapa planen först med make new forbund=FÖRBUND ar=ÅR och kör importen igen.",
            )
        ) from None
    try:
        decode(data)
    except FrontMatterError as error:
        raise PlanFileError(
            Problem(shown, error.line, error.field, error.expected, error.found, error.fix)
        ) from None
    written = with_draft(data.decode("utf-8"), shown, blocks, replace)
    _replace_file(path, written.text.encode("utf-8"))
    return written


def _replace_file(path: str, data: bytes) -> None:
    """Write data over the file at path all at once, keeping its permissions."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".finsam-import-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def with_draft(text: str, path: str, blocks: tuple[tuple[str, str], ...], replace: bool) -> Written:
    """Return the plan's text with the draft's blocks written into its front-matter."""
    bom, lines, close = _split(text)
    if close < 0:
        raise PlanFileError(
            Problem(
                path,
                1,
                None,
                FRONT_MATTER,
                "ingen front-matter (filen börjar inte med en rad ---)",
                "Ingenting skrevs. Skapa planen med make new forbund=FÖRBUND ar=ÅR och kör "
                "importen igen, eller börja filen med front-matter (se sidan Planformatet).",
            )
        )
    if close == 0:
        raise PlanFileError(
            Problem(
                path,
                1,
                None,
                FRONT_MATTER,
                "en rad med --- i början, men ingen rad med --- som avslutar front-matter",
                "Ingenting skrevs. Lägg till en rad med bara --- efter det sista fältet, "
                "före texten, och kör importen igen.",
            )
        )
    newline = lines[0][len(_content(lines[0])) :] or "\n"
    pieces = _pieces(lines[1:close])
    _refuse_twice(pieces, path)
    if not replace:
        _refuse_amounts(pieces, path)
    replaced, added, removed = [], [], []
    draft = dict(blocks)
    for key in ORDER:
        piece = next((p for p in pieces if p.key == key), None)
        if key not in draft:
            if piece is not None and key == "discrepancies" and replace:
                pieces.remove(piece)
                removed.append(key)
            continue
        new = [line + newline for line in draft[key].split("\n")]
        if piece is None:
            _insert(pieces, _Piece(key, new, 0))
            added.append(key)
        elif key != "source" or _placeholder(piece):
            piece.lines = new
            replaced.append(key)
    front = "".join(line for piece in pieces for line in piece.lines)
    return Written(
        bom + lines[0] + front + "".join(lines[close:]),
        tuple(replaced),
        tuple(added),
        tuple(removed),
    )


def year_of(text: str) -> int | None:
    """Return the year a plan's front-matter gives (year: 2018), if it gives one plainly."""
    _, lines, close = _split(text)
    if close <= 0:
        return None
    for piece in _pieces(lines[1:close]):
        if piece.key == "year":
            found = YEAR_RE.fullmatch(_value(piece.lines[0]))
            return int(found.group(1)) if found else None
    return None


def _split(text: str) -> tuple[str, list[str], int]:
    """Return a text's byte-order mark, its lines with their ends, and where its front-matter ends.

    That is the index of the line --- (or ...) that closes it: -1 if the text has no
    front-matter, 0 if it is never closed.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = LINE_RE.findall(text[len(bom) :])
    if not lines or not FENCE_RE.fullmatch(_content(lines[0])):
        return bom, lines, -1
    ends = (i for i in range(1, len(lines)) if CLOSING_RE.fullmatch(_content(lines[i])))
    return bom, lines, next(ends, 0)


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _key(line: str) -> str | None:
    match = KEY_RE.match(line)
    return None if match is None else next(group for group in match.groups() if group is not None)


def _continues(line: str) -> bool:
    """Return whether a line belongs to the block above it: indented, or a list's entry."""
    return (line[:1] in (" ", "\t") and bool(line.strip())) or line.startswith(("- ", "-\t"))


def _pieces(lines: list[str]) -> list[_Piece]:
    """Return the front-matter's lines as top-level keys' blocks and the lines between them."""
    pieces: list[_Piece] = []
    current = _Piece(None, [], 2)
    tail: list[str] = []  # blank and comment lines after a block, kept for the next line's sake
    for number, line in enumerate(lines, 2):
        key = _key(line)
        if key is not None:
            _close(pieces, current, tail)
            current, tail = _Piece(key, [line], number), []
        elif current.key is not None and _continues(line):
            current.lines.extend([*tail, line])
            tail = []
        elif current.key is not None:
            tail.append(line)
        else:
            current.lines.append(line)
    _close(pieces, current, tail)
    return pieces


def _close(pieces: list[_Piece], current: _Piece, tail: list[str]) -> None:
    if current.lines:
        pieces.append(current)
    if tail:
        pieces.append(_Piece(None, tail, current.first + len(current.lines)))


def _insert(pieces: list[_Piece], new: _Piece) -> None:
    """Insert a key's block after the key before it in ORDER, else before the one after it."""
    index = ORDER.index(new.key or "")
    keys = [piece.key for piece in pieces]
    before = [keys.index(key) for key in ORDER[:index] if key in keys]
    after = [keys.index(key) for key in ORDER[index + 1 :] if key in keys]
    if before:
        pieces.insert(max(before) + 1, new)
    elif after:
        pieces.insert(min(after), new)
    else:
        pieces.append(new)


def _code(line: str) -> str:
    """Return a line without its comment (a # outside quotes, at its start or after a space)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _value(line: str) -> str:
    """Return the value written on a key's line, without its comment and line end."""
    code = _code(_content(line))
    return code.split(":", 1)[1].strip() if ":" in code else ""


def _placeholder(piece: _Piece) -> bool:
    """Return whether a key's value is still to be filled in: empty, or marked FYLL I."""
    value = _value(piece.lines[0]).strip("\"'").strip()
    return len(piece.lines) == 1 and (not value or MARKER_RE.search(value) is not None)


def _refuse_twice(pieces: list[_Piece], path: str) -> None:
    for key in ORDER:
        found = [piece for piece in pieces if piece.key == key]
        if len(found) > 1:
            raise PlanFileError(
                Problem(
                    path,
                    found[1].first,
                    key,
                    f"fältet {key} en gång",
                    f"fältet {key} två gånger (rad {found[0].first} och rad {found[1].first})",
                    "Ingenting skrevs. Ta bort det ena och kör importen igen.",
                )
            )


def _refuse_amounts(pieces: list[_Piece], path: str) -> None:
    """Raise PlanFileError if the plan's budget or discrepancies already hold an amount."""
    for piece in pieces:
        if piece.key not in WITH_AMOUNTS:
            continue
        for number, line in enumerate(piece.lines, piece.first):
            for match in AMOUNT_RE.finditer(_code(_content(line))):
                value = (match.group(1) or "").strip()
                if any(c.isdigit() for c in value) and MARKER_RE.search(value) is None:
                    raise PlanFileError(
                        Problem(
                            path,
                            number,
                            piece.key,
                            "en plan utan belopp, som finsam new skriver den",
                            f"belopp som redan är ifyllda ({match.group(0).strip()})",
                            "Ingenting skrevs. Vill du ersätta planens belopp med utkastets, "
                            "kör samma kommando med --replace (med make: val=--replace): då "
                            "skrivs unit, budget och "
                            "discrepancies över, medan övriga fält, kommentarer och texten "
                            "står kvar.",
                        )
                    )
