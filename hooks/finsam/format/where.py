"""Where a discrepancy is in a plan's budget: `budget.<year>.<field>`, or a cost line's items.

PLAN-FORMAT.md, "Discrepancies": a discrepancy's `where` is `budget.2023.income`,
`budget.2023.costs`, `budget.2023.costs.<label>` (that cost line's items), `budget.2023.result` or
`budget.2023.shares`. The checks write it, the schema validates it, the site and the open data read
it: all through `Where`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The checks of a plan's sums, by what they compare: each is a kind of discrepancy.
INCOME = "income"
COSTS = "costs"
ITEMS = "items"
RESULT = "result"
SHARES = "shares"

FIELDS = (INCOME, COSTS, RESULT, SHARES)  # what a where can name in a budget year
_WHERE_RE = re.compile(r"budget\.(\d{4})\.(" + "|".join(FIELDS) + r")(?:\.(.+))?", re.ASCII)
EXPECTED = (
    "budget.<år>.income, budget.<år>.costs, budget.<år>.costs.<rad>, budget.<år>.result "
    "eller budget.<år>.shares"
)  # for the message about a where that is none of these


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a budget: a year's income, costs, result or member shares.

    Or one line under one.
    """

    year: int
    field: str  # one of FIELDS
    label: str | None = None  # a line's label under costs: its items

    @classmethod
    def parse(cls, text: str) -> Where | None:
        """Return the place a where names, or None if it is not written as the format says."""
        match = _WHERE_RE.fullmatch(text)
        if match is None:
            return None
        return cls(int(match.group(1)), match.group(2), match.group(3))

    @property
    def check(self) -> str:
        """Return the check that finds a discrepancy here: ITEMS for a cost line, else the field."""
        return ITEMS if self.field == COSTS and self.label is not None else self.field

    def __str__(self) -> str:
        """Return the where as written in a plan."""
        place = f"budget.{self.year}.{self.field}"
        return place if self.label is None else f"{place}.{self.label}"
