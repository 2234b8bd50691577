"""Describe a problem in a content file so that an editor can fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "fel"
WARNING = "varning"
# Characters a message must not print as they are (a file name may hold them): they would move the
# cursor or clear a terminal, or turn text around. Shown as escape codes instead.
_INVISIBLE_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
        place = self.path if self.line is None else f"{self.path}, rad {self.line}"
        head = f"{place}: fältet {self.field}" if self.field else place
        lines = [head, f"  Förväntat: {self.expected}"]
        if self.found is not None:
            lines.append(f"  Hittat: {self.found}")
        lines.append(f"  Gör så här: {self.fix}")
        return _INVISIBLE_RE.sub(_escape, "\n".join(lines))

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
    return f"{count} fel i planerna: bygget stoppades. Rätta felen ovan och spara igen."
