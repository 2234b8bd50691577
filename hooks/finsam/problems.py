"""Describe a problem in a content file so that an editor can fix it.

Print any text so that a log shows it safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "fel"
WARNING = "varning"

# Everything the build and the editors' tools print goes through printable(): messages, the budget
# diff, file names, values, MkDocs's own log lines (PLAN-FORMAT.md, "Values are text": logs are
# read by CI runners). Two kinds of change, both visible, both in the escape codes editors already
# write in YAML's double-quoted texts ("\n", "\x07", "\u202e"), so a draft printed by
# `finsam import` still means what it says:
#
# - Characters a log must not print as they are: line breaks (a value's "\n" would start a line of
#   its own, perhaps "::error::…"), and those that move the cursor, clear a terminal or turn text
#   around. Shown as \t, \n, \r, or \xNN and \uNNNN.
# - What GitHub's runner reads as a workflow command (actions/runner, ActionCommand.cs): "##["
#   anywhere in a line (the legacy form), and "::" at the start of a line after any whitespace. The
#   "[" after "##" is shown as \x5b, and the second ":" of a "::" that starts a word as \x3a:
#   "##\x5badd-mask]", ":\x3aerror::". Rare in a Swedish text; any "::" at a word's start, not only
#   at a line's, so that a terminal that wraps long lines at spaces cannot start a command either.
_UNPRINTABLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_COMMAND_RE = re.compile(r"(?<=##)\[|(?<!\S)::")
_COMMAND_SHOWN = {"[": "\\x5b", "::": ":\\x3a"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """Return a text as one printed line shows it.

    No line break, no control character, nothing a CI runner would obey.
    """
    shown = _UNPRINTABLE_RE.sub(_escape, text)
    return _COMMAND_RE.sub(lambda match: _COMMAND_SHOWN[match.group()], shown)


def printable_lines(text: str) -> str:
    """Return a text of several lines (a message, a report) as printed.

    Each line is made printable; the line breaks ("\\n") are kept.
    """
    return "\n".join(printable(line) for line in text.split("\n"))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file: where, what was expected, what was found, what to do."""

    path: str
    line: int | None
    field: str | None
    expected: str
    found: str | None
    fix: str
    severity: str = ERROR

    def message(self) -> str:
        """Return the problem as a Swedish message for the editor."""
        place = (
            printable(self.path)
            if self.line is None
            else f"{printable(self.path)}, rad {self.line}"
        )
        head = f"{place}: fältet {printable(self.field)}" if self.field else place
        lines = [head, f"  Förväntat: {printable(self.expected)}"]
        if self.found is not None:
            lines.append(f"  Hittat: {printable(self.found)}")
        lines.append(
            f"  Gör så här: {printable_lines(self.fix)}"
        )  # a fix may show lines to copy into the file
        return "\n".join(lines)

    def sort_key(self) -> tuple[str, int, str]:
        """Return a key that orders problems by file and line."""
        return (self.path, self.line or 0, self.field or "")


def errors(problems: list[Problem]) -> list[Problem]:
    """Return the problems that stop the build, in file and line order."""
    return sorted((p for p in problems if p.severity == ERROR), key=Problem.sort_key)


def warnings(problems: list[Problem]) -> list[Problem]:
    """Return the problems that only warn, in file and line order."""
    return sorted((p for p in problems if p.severity == WARNING), key=Problem.sort_key)


def summary(count: int) -> str:
    """Return the line that ends a list of errors: how many, and that the build stopped."""
    them = "felet" if count == 1 else "felen"
    return f"{count} fel i innehållet: bygget stoppades. Rätta {them} ovan och spara igen."


def strict_summary(count: int) -> str:
    """Return the line that ends a strict build's warnings: they stop it, as errors would."""
    many, them = ("varning", "varningen") if count == 1 else ("varningar", "varningarna")
    return (
        f"{count} {many} i innehållet: webbplatsen publiceras inte med varningar, så bygget "
        f"stoppades. Åtgärda {them} ovan och spara igen."
    )


def preview_summary(count: int) -> str:
    """Return the line that ends a preview's errors: its pages show them until they are mended."""
    them = "felet" if count == 1 else "felen"
    return (
        f"{count} fel i innehållet: förhandsvisningen visar {them} i webbläsaren i stället för "
        f"webbplatsen. Rätta {them} ovan och spara, så visas webbplatsen igen."
    )
