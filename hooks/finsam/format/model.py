"""The domain: förbund profiles, plans with budgets, and other documents."""

from __future__ import annotations

import datetime
import operator
from dataclasses import dataclass, field, fields
from typing import TypeVar

UNITS: dict[str, int] = {"kr": 1, "tkr": 1_000, "mkr": 1_000_000}

INCOME_CATEGORIES: dict[str, str] = {
    "state": "Staten (Försäkringskassan och Arbetsförmedlingen)",
    "region": "Regionen",
    "municipalities": "Kommunerna",
    "members": "Medlemsavgifter",
    "equity": "Eget kapital",
    "external": "Externa medel",
    "other": "Övriga intäkter",
}

COST_CATEGORIES: dict[str, str] = {
    "administration": "Administration",
    "structural": "Strukturinriktade insatser",
    "individual": "Individinriktade insatser",
    "unallocated": "Ej fördelat",
    "other": "Övriga kostnader",
}

MEMBER_SHARES: dict[str, tuple[int, int]] = {
    "state": (1, 2),
    "region": (1, 4),
    "municipalities": (1, 4),
}

FIRST_YEAR = 2004

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Return a dataclass (of two or more fields) whose objects pickle as class and field values.

    The default for dataclasses with slots calls fields() for every object, several times slower:
    what worker processes read (see corpus.load) comes back as a hundred thousand objects.
    """
    values = operator.attrgetter(*(f.name for f in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Item:
    """One insats in the breakdown of a cost line."""

    label: str
    amount: int
    owner: str | None = None
    line: int = 0


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Line:
    """One income or cost line of a budget year."""

    label: str
    category: str
    amount: int
    items: tuple[Item, ...] = ()
    line: int = 0

    @property
    def items_sum(self) -> int:
        """Return the sum of the line's items."""
        return sum(item.amount for item in self.items)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class BudgetYear:
    """The budget of one year in a plan, as printed."""

    year: int
    income: tuple[Line, ...]
    costs: tuple[Line, ...]
    income_total: int | None = None
    costs_total: int | None = None
    carried_over: int | None = None
    result: int | None = None
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def income_sum(self) -> int:
        """Return the sum of the income lines."""
        return sum(line.amount for line in self.income)

    @property
    def costs_sum(self) -> int:
        """Return the sum of the cost lines."""
        return sum(line.amount for line in self.costs)

    @property
    def result_computed(self) -> int:
        """Return income minus costs, from the printed totals where they exist."""
        income = self.income_sum if self.income_total is None else self.income_total
        costs = self.costs_sum if self.costs_total is None else self.costs_total
        return income - costs

    def category_sum(self, category: str, direction: str = "income") -> int:
        """Return the sum of the lines of one category."""
        lines = self.income if direction == "income" else self.costs
        return sum(line.amount for line in lines if line.category == category)

    def has_member_split(self) -> bool:
        """Return whether the year has state, region and municipality lines."""
        categories = {line.category for line in self.income}
        return all(category in categories for category in MEMBER_SHARES)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A printed figure that does not add up, recorded by the editor.

    Confirmed once checked against the original.
    """

    where: str
    printed: int
    computed: int
    note: str | None = None
    line: int = 0
    confirmed: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Population:
    """Inhabitants aged 16–64 in the förbund's area."""

    value: int
    year: int | None = None
    source: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Profile:
    """One samordningsförbund."""

    uri: str
    path: str
    slug: str
    name: str
    short_name: str
    county: str
    members: tuple[str, ...]
    founded: int | None = None
    org_number: str | None = None
    population: Population | None = None
    website: str | None = None
    body: str = ""
    org_number_line: int | None = field(
        default=None, compare=False
    )  # for the message about a number two profiles share


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Plan:
    """One förbund's verksamhetsplan for one year, with its budget."""

    uri: str
    path: str
    slug: str  # its förbund, the field forbund in the file
    year: int
    source: str
    unit: str
    budget: tuple[BudgetYear, ...]
    title: str | None = None
    adopted: datetime.date | None = None
    discrepancies: tuple[Discrepancy, ...] = ()
    body: str = ""
    source_url: str | None = None

    @property
    def display_title(self) -> str:
        """Return the title, or the default "Verksamhetsplan <year>"."""
        return self.title or f"Verksamhetsplan {self.year}"

    @property
    def own_budget(self) -> BudgetYear | None:
        """Return the budget for the plan's own year."""
        return next((b for b in self.budget if b.year == self.year), None)

    @property
    def forecasts(self) -> tuple[BudgetYear, ...]:
        """Return the budget years after the plan's own: forecasts."""
        return tuple(b for b in self.budget if b.year > self.year)

    @property
    def earlier(self) -> tuple[BudgetYear, ...]:
        """Return the budget years before the plan's own, printed for reference."""
        return tuple(b for b in self.budget if b.year < self.year)

    @property
    def confirmed_discrepancies(self) -> tuple[Discrepancy, ...]:
        """Return the discrepancies checked against the original document: errors in the source."""
        return tuple(d for d in self.discrepancies if d.confirmed)

    @property
    def unconfirmed_discrepancies(self) -> tuple[Discrepancy, ...]:
        """Return the discrepancies not yet checked against the original document."""
        return tuple(d for d in self.discrepancies if not d.confirmed)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Document:
    """Any other document of a förbund, without a budget."""

    uri: str
    path: str
    slug: str
    title: str
    date: datetime.date | None = None
    source: str | None = None
    description: str | None = None
    body: str = ""


@pickled_by_fields
@dataclass(slots=True)
class Corpus:
    """Everything read from the content folder, and what was wrong with it."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    plans: list[Plan] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    problems: list = field(default_factory=list)
    _by_uri: dict = field(default_factory=dict, repr=False, compare=False)

    def plans_of(self, slug: str) -> list[Plan]:
        """Return a förbund's plans, oldest first."""
        return sorted((p for p in self.plans if p.slug == slug), key=lambda p: p.year)

    def documents_of(self, slug: str) -> list[Document]:
        """Return a förbund's other documents, newest first, then by title."""
        return sorted(
            (d for d in self.documents if d.slug == slug),
            key=lambda d: (-(d.date.toordinal() if d.date else 0), d.title),
        )

    def page(self, uri: str) -> Profile | Plan | Document | None:
        """Return the profile, plan or document read from one file."""
        if not self._by_uri:
            pages = [*self.profiles.values(), *self.plans, *self.documents]
            self._by_uri.update((page.uri, page) for page in pages)
        return self._by_uri.get(uri)
