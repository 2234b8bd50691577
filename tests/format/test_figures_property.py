"""Property test (issue 20).

Every figure the site shows is the contract's figure, with the right marks.

Hypothesis generates small corpora of one to three förbund with valid plans: printed totals
(income_total, costs_total, result, carried_over) present or absent, sums that do not add up on
the totals, on a line's items and on the member shares (each recorded in `discrepancies`, so the
plan is valid), equity lines, member lines (state, region and municipalities, a members line, two,
some of the parties, or none), forecasts (later budget years) and years printed for reference,
plan years shared by two förbund or not, so that a year often shows one förbund's budget beside
another's forecast from an earlier plan, and a population aged 16–64 in some profiles.

The expected figures come from this file's own reading of "Figures the site shows" in
PLAN-FORMAT.md (the figure functions of finsam.site.derived are never asked), worked out from the
generated numbers rather than from the loaded plans, and formatted by this file's own Swedish
formatting. Every figure is checked where a reader meets it, as a reader meets it:

- the year comparison pages (every cell of every row, found by its column's name: number, star,
  flag and its link, dash; forecast rows), the overview's revenue row, the förbund pages' tables
  "Verksamhetsplaner", "Budget över tid" and "Prognoser och budgetar" (with "Skillnad"), read with
  html.parser both as the eye sees them (no visually hidden text) and as a screen reader says them
  (no aria-hidden text), and each table's key, which explains exactly the marks the table uses;
- every flag links to the explanation of the plan's first discrepancy that touches the figure,
  and that explanation is on the plan's page;
- the feed's entry summaries, read with feedparser; the workbook's sheet Nyckeltal, read with
  openpyxl; nyckeltal.csv and nyckeltal.json; the charts' CSV files and text alternatives.

A missing figure must show as missing (a dash, "saknas", an empty cell, null), never as 0.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser
from typing import ClassVar

import feedparser
import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_properties import grouped as pasted
from test_properties import q

from finsam.format.corpus import BUDGET_MARKER, load
from finsam.format.model import COST_CATEGORIES
from finsam.format.sources import Source
from finsam.site import addresses, derived, markup, pages, workbook

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FORBUND = (
    ("alfa", "Alfa"),
    ("beta", "Beta"),
    ("gamma", "Gamma"),
)  # in Swedish order of the short names
FIRST, LAST = 2020, 2022  # few plan years, so that förbund share years and forecasts meet budgets
FACTOR = {"kr": 1, "tkr": 1_000, "mkr": 1_000_000}
MEMBER_CATEGORIES = ("state", "region", "municipalities", "members")
SHARED = {"state": Fraction(1, 2), "region": Fraction(1, 4), "municipalities": Fraction(1, 4)}
COSTS = tuple(COST_CATEGORIES)  # the categories' order, in which the site lists the shares
COST_LABELS = ("Styrelse", "Kansli", "Insatser 2.1", "Samverkan & <stöd>", "Ej fördelat", "Projekt")
TITLES = ("Verksamhetsplan & budget", "Plan <med> budget", "Verksamhetsplan och budget 2021–2023")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
SITE = "https://example.se/"
FLAG_WORDS = " (berörs av en avvikelse, se förklaringen)"


# --- The generated plans ------------------------------------------------------------------------


@dataclass
class GLine:
    label: str
    category: str
    amount: int
    items: list[int] = field(default_factory=list)


@dataclass
class GYear:
    year: int
    income: list[GLine]
    costs: list[GLine]
    totals: dict[str, int]  # income_total, costs_total, result, carried_over: those printed


@dataclass
class GDiscrepancy:
    kind: str  # income, costs, items, result, shares
    where: str
    printed: int
    computed: int
    confirmed: bool = False


@dataclass
class GPlan:
    slug: str
    year: int
    unit: str
    title: str | None
    adopted: datetime.date | None
    years: list[GYear]
    discrepancies: list[GDiscrepancy]

    @property
    def uri(self) -> str:
        return f"forbund/{self.slug}/{self.year}.md"

    @property
    def display_title(self) -> str:
        return self.title or f"Verksamhetsplan {self.year}"

    def yaml(self) -> str:
        out = ["---"]
        if self.title is not None:
            out.append(f"title: {q(self.title)}")
        out += [f"forbund: {self.slug}", f"year: {self.year}"]
        if self.adopted is not None:
            out.append(f"adopted: {self.adopted.isoformat()}")
        out += ["source: Verksamhetsplan med budget", f"unit: {self.unit}", "budget:"]
        for year in self.years:
            out += [f"  {year.year}:", "    income:" + ("" if year.income else " []")]
            out += [
                (
                    f"      - {{label: {q(line.label)}, category: {line.category}, amount: "
                    f"{pasted(line.amount)}}}"
                )
                for line in year.income
            ]
            out.append("    costs:" + ("" if year.costs else " []"))
            for line in year.costs:
                out += [
                    f"      - label: {q(line.label)}",
                    f"        category: {line.category}",
                    f"        amount: {pasted(line.amount)}",
                ]
                if line.items:
                    out += [
                        "        items:",
                        *(
                            f"          - {{label: Insats {n}, amount: {amount}}}"
                            for n, amount in enumerate(line.items, 1)
                        ),
                    ]
            out += [f"    {name}: {pasted(value)}" for name, value in year.totals.items()]
        if self.discrepancies:
            out.append("discrepancies:")
            for d in self.discrepancies:
                out += [
                    f"  - where: {q(d.where)}",
                    f"    printed: {d.printed}",
                    f"    computed: {d.computed}",
                    "    note: Redaktionens anteckning.",
                ]
                if d.confirmed:
                    out.append("    confirmed: true")
        return "\n".join(out) + f"\n---\n## Inledning\n\nText.\n\n{BUDGET_MARKER}\n"


@dataclass
class GForbund:
    slug: str
    short_name: str
    population: tuple[int, int | None] | None
    plans: list[GPlan]

    @property
    def name(self) -> str:
        return f"Samordningsförbundet {self.short_name}"

    def profile(self) -> str:
        out = ["---", f"name: {self.name}", f"short_name: {self.short_name}", "county: Exempellän"]
        out.append(
            "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]"
        )
        if self.population is not None:
            value, year = self.population
            out += (
                ["population_16_64:", f"  value: {value}"]
                + ([f"  year: {year}"] if year is not None else [])
                + ["  source: SCB"]
            )
        return "\n".join(out) + "\n---\nProfil.\n"


def sources(forbund: list[GForbund]) -> list[Source]:
    found = []
    for f in forbund:
        found.append(
            Source(
                f"forbund/{f.slug}/index.md",
                f"content/forbund/{f.slug}/index.md",
                f.profile().encode("utf-8"),
            )
        )
        found += [
            Source(plan.uri, f"content/{plan.uri}", plan.yaml().encode("utf-8")) for plan in f.plans
        ]
    return found


def amounts(unit: str) -> st.SearchStrategy[int]:
    """Return amounts in a plan's unit.

    Small ones, whose whole tkr are often rounded halves, and large ones.
    """
    small, large = {"kr": (3_000, 40_000_000), "tkr": (40, 90_000), "mkr": (3, 90)}[unit]
    found = st.integers(0, small) | st.integers(0, large)
    # Quarters of a thousand: sums often end in exactly 500 kr, a half tkr; shares often end in a
    # half tenth of a percent.
    if unit == "kr":
        found |= st.integers(0, 40).map(lambda n: 250 * n)
    return found


@st.composite
def income_lines(draw: st.DrawFn, unit: str) -> list[GLine]:
    amount = amounts(unit)
    scheme = draw(
        st.sampled_from(
            [
                "lawful",
                "lawful",
                "unlawful",
                "members",
                "two members lines",
                "some parties",
                "none",
                "no income lines",
            ]
        )
    )
    event(f"member lines: {scheme}")
    if scheme == "no income lines":
        return []
    lines = []
    if scheme == "lawful":  # state 1/2, region 1/4, municipalities 1/4, each within one unit
        quarter = draw(amount)
        state = (
            [2 * quarter]
            if draw(st.booleans())
            else [quarter + 1, quarter - 1]
            if quarter
            else [0, 0]
        )
        towns = draw(st.integers(1, 3))
        parts = [quarter // towns] * towns
        parts[0] += (
            quarter - sum(parts) + draw(st.sampled_from([0, 0, 1]))
        )  # one unit off is within the law's check
        lines += [GLine(f"Staten {n}", "state", a) for n, a in enumerate(state, 1)] + [
            GLine("Regionen", "region", quarter)
        ]
        lines += [GLine(f"Kommun {n}", "municipalities", a) for n, a in enumerate(parts, 1)]
    elif scheme == "unlawful":  # any amounts: the share check may well fail
        lines += [
            GLine("Staten", "state", draw(amount)),
            GLine("Regionen", "region", draw(amount)),
            GLine("Kommunerna", "municipalities", draw(amount)),
        ]
    elif scheme == "members":
        lines.append(GLine("Medlemsavgifter", "members", draw(amount)))
    elif scheme == "two members lines":
        lines += [
            GLine("Medlemsavgifter", "members", draw(amount)),
            GLine("Medlemsavgifter, tillägg", "members", draw(amount)),
        ]
    elif scheme == "some parties":  # never all three: no share check applies
        for category in draw(
            st.lists(
                st.sampled_from(["state", "region", "municipalities"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ):
            lines.append(GLine(category.title(), category, draw(amount)))
    for category in draw(
        st.lists(st.sampled_from(["equity", "equity", "external", "other"]), max_size=3)
    ):
        lines.append(
            GLine(
                {"equity": "Eget kapital", "external": "ESF-medel", "other": "Övriga intäkter"}[
                    category
                ],
                category,
                draw(amount),
            )
        )
    return draw(st.permutations(lines))


def share_discrepancy(year: int, income: list[GLine]) -> GDiscrepancy | None:
    """Return the contract's check 3 on member shares.

    The first party more than one unit off its lawful share, if any.
    """
    if not all(any(line.category == c for line in income) for c in SHARED):
        return None
    paid = {c: sum(line.amount for line in income if line.category == c) for c in SHARED}
    total = sum(paid.values())
    for category, share in SHARED.items():
        lawful = total * share
        if abs(paid[category] - lawful) > 1:
            return GDiscrepancy(
                "shares", f"budget.{year}.shares", paid[category], int(lawful + Fraction(1, 2))
            )
    return None


@st.composite
def budget_year(draw: st.DrawFn, year: int, unit: str) -> tuple[GYear, list[GDiscrepancy]]:
    amount = amounts(unit)
    found: list[GDiscrepancy] = []
    income = draw(income_lines(unit))
    shares = share_discrepancy(year, income)
    if shares:
        found.append(shares)
    costs = []
    for label in draw(st.lists(st.sampled_from(COST_LABELS), max_size=4, unique=True)):
        line = GLine(label, draw(st.sampled_from(COSTS)), draw(amount))
        if draw(st.integers(0, 2)) == 0:
            line.items = draw(st.lists(amount, min_size=1, max_size=3))
            line.amount = sum(line.items) + (
                draw(st.integers(1, 500)) if draw(st.booleans()) else 0
            )
            if line.amount != sum(line.items):
                found.append(
                    GDiscrepancy(
                        "items", f"budget.{year}.costs.{label}", line.amount, sum(line.items)
                    )
                )
        costs.append(line)
    totals: dict[str, int] = {}
    for name, kind, lines in (("income_total", "income", income), ("costs_total", "costs", costs)):
        lines_sum = sum(line.amount for line in lines)
        choice = draw(st.sampled_from(["absent", "as the lines", "off"]))
        event(f"{name}: {choice}")
        if choice != "absent":
            totals[name] = (
                lines_sum if choice == "as the lines" else lines_sum + draw(st.integers(1, 5_000))
            )
            if totals[name] != lines_sum:
                found.append(GDiscrepancy(kind, f"budget.{year}.{kind}", totals[name], lines_sum))
    checked = totals.get("income_total", sum(line.amount for line in income)) - totals.get(
        "costs_total", sum(line.amount for line in costs)
    )
    choice = draw(st.sampled_from(["absent", "absent", "as the totals", "off"]))
    event(f"result: {choice}")
    if choice != "absent":
        totals["result"] = (
            checked
            if choice == "as the totals"
            else checked + draw(st.integers(-5_000, 5_000).filter(bool))
        )
        if totals["result"] != checked:
            found.append(GDiscrepancy("result", f"budget.{year}.result", totals["result"], checked))
    if draw(st.booleans()):
        totals["carried_over"] = draw(
            st.integers(-5_000_000, 5_000_000) | st.integers(-3_000, 3_000)
        )
    return GYear(year, income, costs, totals), found


@st.composite
def plans(draw: st.DrawFn, slug: str, year: int) -> GPlan:
    unit = draw(st.sampled_from(sorted(FACTOR)))
    later = draw(st.sets(st.sampled_from([year + 1, year + 2]), max_size=2))
    earlier = {year - 1} if draw(st.integers(0, 4)) == 0 else set()
    years, found = [], []
    for y in sorted({year, *later, *earlier}):
        budget, discrepancies = draw(budget_year(y, unit))
        years.append(budget)
        found += discrepancies
    found = draw(
        st.permutations(found)
    )  # the plan's order decides which discrepancy a flag links to
    for discrepancy in found:
        discrepancy.confirmed = draw(st.booleans())
    adopted = draw(
        st.none() | st.dates(datetime.date(year - 1, 9, 1), datetime.date(year - 1, 12, 31))
    )
    return GPlan(
        slug, year, unit, draw(st.none() | st.sampled_from(TITLES)), adopted, years, list(found)
    )


@st.composite
def corpora(draw: st.DrawFn) -> list[GForbund]:
    found = []
    for number, (slug, short_name) in enumerate(FORBUND[: draw(st.sampled_from([1, 2, 2, 3, 3]))]):
        population = draw(
            st.none()
            | st.tuples(
                st.integers(1, 2_000_000) | st.integers(1, 50), st.none() | st.integers(2015, 2024)
            )
        )
        years = sorted(
            draw(
                st.lists(
                    st.integers(FIRST, LAST),
                    min_size=1 if number == 0 else 0,
                    max_size=2,
                    unique=True,
                )
            )
        )
        found.append(
            GForbund(slug, short_name, population, [draw(plans(slug, year)) for year in years])
        )
    return found


# --- The contract's figures, worked out here --------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A figure as the contract defines it: its value in kronor (or a ratio), None when missing.

    Computed; the touching discrepancies' indexes.
    """

    value: int | Fraction | None
    computed: bool = False
    touched: tuple[int, ...] = ()

    @property
    def missing(self) -> bool:
        return self.value is None


MISSING = Ref(None)


def lines_sum(
    lines: list[GLine], factor: int, touched: tuple[int, ...], computed: bool = True
) -> Ref:
    """Return the sum of lines, which the site computes.

    Missing when there are no lines (never 0).
    """
    if not lines:
        return MISSING
    return Ref(sum(line.amount for line in lines) * factor, computed, touched)


@dataclass
class RefFigures:
    plan: GPlan
    year: int
    figures: dict[str, Ref]
    population: tuple[int, int | None] | None

    @property
    def forecast(self) -> bool:
        return self.year > self.plan.year

    def __getitem__(self, key: str) -> Ref:
        return self.figures[key]


def reference(plan: GPlan, budget: GYear, population: tuple[int, int | None] | None) -> RefFigures:
    """Return the figures of one budget year of one plan.

    From "Figures the site shows" and the rule that a discrepancy touches what its where names.
    """
    factor = FACTOR[plan.unit]
    touching: dict[str, tuple[int, ...]] = {"income": (), "costs": (), "result": (), "shares": ()}
    for index, d in enumerate(plan.discrepancies):
        if d.where.startswith(f"budget.{budget.year}."):
            kind = (
                "costs" if d.kind == "items" else d.kind
            )  # an item's where names one of the cost lines
            touching[kind] += (index,)
    income, costs, result, shares = (touching[k] for k in ("income", "costs", "result", "shares"))
    printed = budget.totals
    f: dict[str, Ref] = {}
    f["income_total"] = (
        Ref(printed["income_total"] * factor, False, income)
        if "income_total" in printed
        else lines_sum(budget.income, factor, income)
    )
    f["revenue"] = (
        Ref(
            sum(line.amount for line in budget.income if line.category != "equity") * factor,
            True,
            income,
        )
        if budget.income
        else MISSING
    )
    members = [
        line for line in budget.income if line.category in MEMBER_CATEGORIES
    ]  # one line is the printed figure itself, several the site adds up
    f["member_contributions"] = lines_sum(
        members, factor, tuple(sorted({*income, *shares})), computed=len(members) > 1
    )
    f["costs"] = (
        Ref(printed["costs_total"] * factor, False, costs)
        if "costs_total" in printed
        else lines_sum(budget.costs, factor, costs)
    )
    f["cost_lines"] = lines_sum(budget.costs, factor, costs)
    for category in COSTS:
        amount = sum(line.amount for line in budget.costs if line.category == category) * factor
        whole = f["cost_lines"].value
        f[f"{category}_share"] = MISSING if not whole else Ref(Fraction(amount, whole), True, costs)
    if "result" in printed:
        f["result"] = Ref(printed["result"] * factor, False, result)
    elif f["revenue"].missing or f["costs"].missing:
        f["result"] = MISSING
    else:
        f["result"] = Ref(
            f["revenue"].value - f["costs"].value, True, tuple(sorted({*income, *costs}))
        )
    f["carried_over"] = (
        Ref(printed["carried_over"] * factor) if "carried_over" in printed else MISSING
    )
    contributions = f["member_contributions"]
    f["per_capita"] = (
        MISSING
        if contributions.missing or population is None
        else Ref(Fraction(contributions.value, population[0]), True, contributions.touched)
    )
    return RefFigures(plan, budget.year, f, population)


@dataclass
class Expected:
    """What the site should show.

    Each förbund's budget by year, each forecast by year (oldest plan first), the years with a
    budget.
    """

    forbund: list[GForbund]
    budgets: dict[tuple[str, int], RefFigures]
    forecasts: dict[tuple[str, int], list[RefFigures]]

    @property
    def years(self) -> list[int]:
        return sorted({year for _, year in self.budgets})

    def shown(self, slug: str, year: int) -> RefFigures | None:
        """The budget of a förbund for a year is the one in its plan for that year.

        Else the forecast in its latest earlier plan.
        """
        if (slug, year) in self.budgets:
            return self.budgets[(slug, year)]
        forecasts = self.forecasts.get((slug, year))
        return forecasts[-1] if forecasts else None

    def rows(self) -> list[RefFigures]:
        """Every budget and forecast, by förbund, year and plan year.

        As the key figures list them.
        """
        found = [*self.budgets.values(), *(f for group in self.forecasts.values() for f in group)]
        return sorted(found, key=lambda f: (f.plan.slug, f.year, f.plan.year))


def expected(forbund: list[GForbund]) -> Expected:
    budgets, forecasts = {}, {}
    for f in forbund:
        for plan in sorted(f.plans, key=lambda p: p.year):
            for budget in plan.years:
                figures = reference(plan, budget, f.population)
                if budget.year == plan.year:
                    budgets[(f.slug, budget.year)] = figures
                elif budget.year > plan.year:
                    forecasts.setdefault((f.slug, budget.year), []).append(figures)
    return Expected(forbund, budgets, forecasts)


# --- Swedish numbers, worked out here -------------------------------------------------------------


def half_away(value: Fraction) -> int:
    magnitude = int(abs(value) + Fraction(1, 2))  # floor(|value| + 1/2)
    return magnitude if value >= 0 else -magnitude


def number(value: int) -> str:
    """16 000, −3 600: groups of three digits, and a real minus sign.

    The groups are set apart by a no-break space.
    """
    return ("\u2212" if value < 0 else "") + f"{abs(value):,}".replace(",", "\u00a0")


def tkr_text(kronor: int) -> str:
    return number(half_away(Fraction(kronor, 1000)))


def percent_text(share: Fraction) -> str:
    tenths = round(
        share * 1000
    )  # a tenth of a percent; an exact half goes to the even tenth, as Babel's pattern does
    return f"{number(tenths // 10)},{tenths % 10}\u00a0%"


def per_capita_text(value: Fraction) -> str:
    return number(half_away(value))


def decimal(value: Fraction, decimals: int) -> float:
    """A ratio to so many decimals, halves away from zero, as the open data writes it."""
    return half_away(value * 10**decimals) / 10**decimals


def long_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- Reading pages as a reader does ---------------------------------------------------------------


@dataclass
class Cell:
    visible: str = ""  # what the eye sees and a printout shows: no visually hidden text
    spoken: str = ""  # what a screen reader says: no aria-hidden text
    italic: str = ""  # the text set in the computed figure's italics
    flags: list[str] = field(default_factory=list)  # the discrepancy marks' links
    links: list[str] = field(default_factory=list)  # every other link
    span: int = 1  # the columns the cell spans


@dataclass
class Table:
    caption: str = ""
    head: list[list[Cell]] = field(default_factory=list)
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)  # (the row's class, its cells)
    legend: str | None = None  # the key to the marks under the table


class Reader(HTMLParser):
    """Collect the site's tables with each cell read by eye and by ear.

    And the keys under them, and the ids of the page.
    """

    VOID: ClassVar[set[str]] = {
        "br",
        "wbr",
        "img",
        "hr",
        "input",
        "meta",
        "link",
        "source",
        "col",
        "area",
        "base",
        "embed",
        "param",
        "track",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.ids: list[str] = []
        self.texts: dict[str, str] = {}  # the text of each element with an id
        self.text: list[str] = []  # the whole text, as it comes
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.cell: Cell | None = None
        self.legend: list[str] | None = None

    def _classes(self, attrs: dict[str, str]) -> set[str]:
        return set((attrs.get("class") or "").split())

    def _inside(self, tag: str | None = None, cls: str | None = None, **wanted: str) -> bool:
        return any(
            (tag is None or t == tag)
            and (cls is None or cls in self._classes(a))
            and all(a.get(k) == v for k, v in wanted.items())
            for t, a in self.stack
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag in self.VOID:
            return
        self.stack.append((tag, values))
        classes = self._classes(values)
        if tag == "table" and "finsam-table" in classes:
            self.tables.append(Table())
        elif tag == "p" and "finsam-legend" in classes:
            self.legend = []
        elif not self.tables:
            return
        elif tag == "tr":
            row = (values.get("class", ""), [])
            if self._inside("thead"):
                self.tables[-1].head.append(row[1])
            else:
                self.tables[-1].rows.append(row)
        elif tag in ("td", "th") and self._inside("table"):
            self.cell = Cell(span=int(values.get("colspan") or 1))
        elif tag == "a" and self.cell is not None:
            (self.cell.flags if "finsam-flag" in classes else self.cell.links).append(
                values.get("href", "")
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.tables:
            target = (
                self.tables[-1].head[-1] if self._inside("thead") else self.tables[-1].rows[-1][1]
            )
            target.append(self.cell)
            self.cell = None
        if tag == "p" and self.legend is not None and self._inside("p", "finsam-legend"):
            if self.tables:
                self.tables[-1].legend = "".join(self.legend)
            self.legend = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, attrs in self.stack:
            if "id" in attrs:
                self.texts[attrs["id"]] = self.texts.get(attrs["id"], "") + data
        if self.legend is not None:
            self.legend.append(data)
        if self._inside("caption") and self.tables:
            self.tables[-1].caption += data
        if self.cell is None:
            return
        if not self._inside(cls="finsam-visually-hidden"):
            self.cell.visible += data
        if not self._inside(**{"aria-hidden": "true"}):
            self.cell.spoken += data
        if self._inside("i", "finsam-computed"):
            self.cell.italic += data


def read(markdown: str) -> Reader:
    reader = Reader()
    reader.feed(markup.plain(markdown))
    reader.close()
    return reader


def table(reader: Reader, caption: str) -> Table:
    [found] = [t for t in reader.tables if t.caption == caption]
    return found


def seen(cell: Cell) -> tuple[str, str, str, list[str]]:
    return (cell.visible, cell.spoken, cell.italic, cell.flags)


def shown(
    figure: Ref, text: str, flag: str | None, marked_column: bool = False
) -> tuple[str, str, str, list[str]]:
    """Return how a figure must read (by eye, by ear, its italics, its flag's link).

    Computed in italics with a star that is also said, unless its column's name carries the star;
    touched by a discrepancy with a linked "!"; missing as a dash said "saknas".
    """
    if figure.missing:
        return "–", "saknas", "", []
    star = figure.computed and not marked_column
    visible, spoken = text + ("*" if star else ""), text + (" (beräknat)" if star else "")
    if figure.touched:
        visible, spoken = visible + "!", spoken + FLAG_WORDS
    return visible, spoken, text if star else "", [flag] if figure.touched else []


def flag_of(figures: RefFigures, figure: Ref, origin: str) -> str | None:
    """The link to the explanation of the plan's first discrepancy that touches the figure."""
    return (
        f"{origin}~{figures.plan.uri}#avvikelse-{figure.touched[0] + 1}" if figure.touched else None
    )


def amount(figures: RefFigures, key: str, origin: str) -> tuple[str, str, str, list[str]]:
    figure = figures[key]
    return shown(
        figure, "" if figure.missing else tkr_text(figure.value), flag_of(figures, figure, origin)
    )


def check_legend(where: str, t: Table, marked: set[int] = frozenset()) -> None:
    """Each table's key explains exactly the marks the table uses.

    The star where a figure is computed (and always where a column's name carries the star, at the
    indexes in marked), the flag where a figure is touched by a discrepancy, the dash where
    something is missing.
    """
    cells = [cell for _, row in t.rows for cell in row]
    legend = t.legend or ""
    star = any("*" in c.visible for c in cells) or bool(marked)
    assert ("Kursiv" in legend) == star, (where, legend)
    assert ("!:" in legend) == any(c.flags for c in cells), (where, legend)
    assert ("–:" in legend) == any(c.visible.startswith("–") for c in cells), (where, legend)


# --- The test -------------------------------------------------------------------------------------


def link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


def url_for(uri: str) -> str:
    return SITE + uri


@pytest.mark.slow
@SETTINGS
@given(corpora())
def test_every_figure_is_the_contracts_with_its_marks_on_every_page_and_file(
    forbund: list[GForbund],
) -> None:
    corpus = load(sources(forbund))
    assert [p.message() for p in corpus.problems] == [], "\n\n".join(
        plan.yaml() for f in forbund for plan in f.plans
    )
    want = expected(forbund)
    _events(want)
    comparison = derived.compare(corpus)
    content = pages.generated_content(corpus, comparison, link_from, url_for)

    _check_plan_pages(want, corpus, comparison)
    for year in want.years:
        _check_year_page(want, year, content[addresses.year_uri(year)])
        _check_cost_shares_csv(want, year, content)
        _check_cost_shares_description(want, year, content)
    _check_overview(want, content[addresses.OVERVIEW])
    _check_revenue_csv(want, content)
    _check_revenue_description(want, content)
    for f in forbund:
        _, text = pages.page(
            corpus.profiles[f.slug], corpus, comparison, link_from(f"forbund/{f.slug}/index.md")
        )
        _check_forbund_page(want, f, read(text))
    _check_feed(want, content)
    _check_key_figures(want, content)


def _events(want: Expected) -> None:
    """Say how often the cases that matter most occur (pytest --hypothesis-show-statistics)."""
    for year in want.years:
        for f in want.forbund:
            shown_ = want.shown(f.slug, year)
            if shown_ is not None and shown_.forecast:
                event("a year page shows a forecast for a förbund without a plan for that year")
    for f in want.forbund:
        for plan in f.plans:
            for d in plan.discrepancies:
                event(f"discrepancy on {d.kind}")
            if any(budget.year < plan.year for budget in plan.years):
                event("a plan prints an earlier year for reference")
            if any(line.category == "equity" for budget in plan.years for line in budget.income):
                event("equity line")
    for figures in [
        *want.budgets.values(),
        *(f for group in want.forecasts.values() for f in group),
    ]:
        for key in ("income_total", "costs", "result", "member_contributions", "per_capita"):
            figure = figures[key]
            event(
                f"{key}: "
                f"{'missing' if figure.missing else 'computed' if figure.computed else 'printed'}"
                f"{', disputed' if figure.touched else ''}"
            )


def _check_plan_pages(want: Expected, corpus, comparison) -> None:
    """Every flag's target exists.

    The plan's page explains each of its discrepancies under the id avvikelse-N.
    """
    for f in want.forbund:
        for plan in f.plans:
            loaded = corpus.page(plan.uri)
            assert [(d.where, d.printed, d.computed) for d in loaded.discrepancies] == [
                (d.where, d.printed, d.computed) for d in plan.discrepancies
            ]
            _, text = pages.page(loaded, corpus, comparison, link_from(plan.uri))
            reader = read(text)
            _check_glance(want, f, want.budgets[(f.slug, plan.year)], reader, plan.uri)
            anchors = [i for i in reader.ids if i.startswith("avvikelse-")]
            assert sorted(anchors) == sorted(
                f"avvikelse-{n}" for n in range(1, len(plan.discrepancies) + 1)
            ), (plan.uri, anchors)
            for n, d in enumerate(
                plan.discrepancies, 1
            ):  # the N-th explanation is the N-th discrepancy's: its year and both amounts
                explanation = reader.texts[f"avvikelse-{n}"]
                year = d.where.split(".")[1]
                assert (
                    year in explanation and f"{number(d.printed)}\u00a0{plan.unit}" in explanation
                ), (plan.uri, n, explanation)
                assert f"{number(d.computed)}\u00a0{plan.unit}" in explanation, (
                    plan.uri,
                    n,
                    explanation,
                )


YEAR_COLUMNS = {
    "Summa intäkter, tkr": "income_total",
    "Intäkter utom eget kapital, tkr": "revenue",
    "Medlemsbidrag, tkr": "member_contributions",
    "Kostnader, tkr": "costs",
    **{f"{name}, andel": f"{category}_share" for category, name in COST_CATEGORIES.items()},
    "Resultat, tkr": "result",
    "Från tidigare år, tkr": "carried_over",
    "Medlemsbidrag per invånare 16–64 år, kr": "per_capita",
}
YEAR_REQUIRED = {
    "revenue",
    "costs",
    "result",
    "carried_over",
    "per_capita",
    *(f"{c}_share" for c in COSTS),
}


def _columns(head: list[Cell]) -> list[tuple[str, bool]]:
    """Return what each column of the year's table shows, by its name as read (soft hyphens aside).

    And whether the name carries the computed star.
    """
    found = []
    for cell in head[1:]:
        name = cell.visible.replace("\u00ad", "")
        marked = name.endswith("*")
        name = name.removesuffix("*")
        key = "population" if name.startswith("Invånare 16–64 år") else YEAR_COLUMNS[name]
        found.append((key, marked))
    return found


def _check_year_page(want: Expected, year: int, page: str) -> None:
    origin = addresses.year_uri(year)
    t = table(read(page), f"Budgetar {year}, alla förbund")
    columns = _columns(t.head[0])
    assert {key for key, _ in columns} >= YEAR_REQUIRED, columns
    assert all(
        marked == (key.endswith("_share") or key == "per_capita") for key, marked in columns
    ), columns
    assert len(t.rows) == len(want.forbund)
    assert all(sum(cell.span for cell in cells) == len(t.head[0]) for _, cells in t.rows), (
        "every row spans the table's columns"
    )
    for f, (row_class, cells) in zip(want.forbund, t.rows, strict=True):
        where = (year, f.slug)
        figures = want.shown(f.slug, year)
        if figures is None:
            assert len(cells) == 2 and cells[0].visible == f.short_name, where
            assert (
                cells[1].visible == f"– Ingen plan och ingen prognos för {year} på webbplatsen"
            ), where
            continue
        name = f.short_name + (
            f" (prognos i planen för {figures.plan.year})" if figures.forecast else ""
        )
        assert (cells[0].visible, cells[0].links) == (name, [f"{origin}~{figures.plan.uri}"]), where
        assert ("finsam-forecast-row" in row_class) == figures.forecast, where
        assert len(cells) == 1 + len(columns), where
        for (key, marked), cell in zip(columns, cells[1:], strict=True):
            if key == "population":
                if figures.population is None:
                    assert seen(cell) == ("–", "saknas", "", []), where
                else:
                    value, population_year = figures.population
                    assert cell.visible.startswith(number(value)) and cell.spoken.startswith(
                        number(value)
                    ), (where, cell)
                    rest = cell.visible.removeprefix(number(value))
                    assert (str(population_year) in rest) if population_year else rest == "", (
                        where,
                        cell,
                    )
                continue
            figure = figures[key]
            if key.endswith("_share"):
                text = "" if figure.missing else percent_text(figure.value)
            elif key == "per_capita":
                text = "" if figure.missing else per_capita_text(figure.value)
            else:
                text = "" if figure.missing else tkr_text(figure.value)
            assert seen(cell) == shown(
                figure, text, flag_of(figures, figure, origin), marked_column=marked
            ), (where, key, cell)
    check_legend(f"jamfor/{year}", t, {i for i, (_, marked) in enumerate(columns, 1) if marked})


def _check_overview(want: Expected, page: str) -> None:
    origin = addresses.OVERVIEW
    years = want.years[-10:]
    t = table(read(page), "Intäkter utom eget kapital, tkr, per förbund och år")
    assert [c.visible for c in t.head[0]] == ["Förbund", *map(str, years)]
    assert len(t.rows) == len(want.forbund)
    for f, (_, cells) in zip(want.forbund, t.rows, strict=True):
        assert cells[0].visible == f.short_name
        for year, cell in zip(years, cells[1:], strict=True):
            figures = want.shown(f.slug, year)
            if figures is None:
                assert seen(cell) == ("–", "saknas", "", []), (year, f.slug)
                continue
            visible, spoken, italic, flags = amount(figures, "revenue", origin)
            if figures.forecast:
                visible += f" (prognos i planen för {figures.plan.year})"
                spoken += f" (prognos i planen för {figures.plan.year})"
                assert cell.links == [f"{origin}~{figures.plan.uri}"]
            assert seen(cell) == (visible, spoken, italic, flags), (year, f.slug)
    check_legend("jamfor/index", t)


GLANCE_ROWS = {
    "Summa intäkter, tkr": "income_total",
    "Intäkter utom eget kapital, tkr": "revenue",
    "Medlemsbidrag, tkr": "member_contributions",
    "Kostnader, tkr": "costs",
    "Resultat, tkr": "result",
    "Administration, andel*": "administration_share",
    "Strukturinriktade insatser, andel*": "structural_share",
    "Individinriktade insatser, andel*": "individual_share",
    "Medlemsbidrag per invånare 16–64 år, kr*": "per_capita",
}


def _glance_text(key: str, value: Fraction | int) -> str:
    if key.endswith("_share"):
        return percent_text(Fraction(value))
    if key == "per_capita":
        return per_capita_text(Fraction(value))
    return number(half_away(Fraction(value) / 1000))


def _check_glance(
    want: Expected, f: GForbund, figures: RefFigures, reader: Reader, origin: str
) -> None:
    """The budget at a glance at the top of a plan's page (origin the plan) or its förbund's.

    Each figure of the plan's own year with its marks (a flag to the explanation, on the same page
    when the glance is on the plan's); beside the other budgets of the year (forecasts aside): the
    median of the figures there are and the place, highest first; and how many of the other förbund
    have one of these figures touched by a discrepancy.
    """
    year, on_plan = figures.year, origin == figures.plan.uri
    t = table(reader, f"Budget {year} i korthet, {f.short_name}")
    budgets = [want.budgets[(g.slug, year)] for g in want.forbund if (g.slug, year) in want.budgets]
    compared = len(budgets) > 1
    head = [c.visible for c in t.head[0]]
    assert head == ["Nyckeltal", f.short_name] + (["Median*", "Plats, högst först"] * compared)
    assert [
        cells[0].visible.split("*")[0] + "*" * ("*" in cells[0].visible) for _, cells in t.rows
    ] == list(GLANCE_ROWS)
    for (name, key), (_, cells) in zip(GLANCE_ROWS.items(), t.rows, strict=True):
        where = (origin, key)
        figure = figures[key]
        flag = flag_of(figures, figure, origin)
        if on_plan and flag is not None:
            flag = flag.removeprefix(f"{origin}~{figures.plan.uri}")  # #avvikelse-N, on this page
        text = "" if figure.missing else _glance_text(key, figure.value)
        assert seen(cells[1]) == shown(figure, text, flag, marked_column=name.endswith("*")), where
        if key == "per_capita" and figures.population is not None:
            value, population_year = figures.population
            assert f"{number(value)} invånare i åldern 16–64 år" in cells[0].visible, where
            assert (str(population_year) in cells[0].visible) == bool(population_year), where
        if not compared:
            assert len(cells) == 2, where
            continue
        event("a glance compares a figure with other budgets of its year")
        values = sorted(b[key].value for b in budgets if not b[key].missing)
        if len(values) < 2:
            assert [seen(c) for c in cells[2:]] == [("–", "saknas", "", [])] * 2, where
            continue
        middle = len(values) // 2
        median = (
            values[middle] if len(values) % 2 else Fraction(values[middle - 1] + values[middle], 2)
        )
        assert seen(cells[2]) == (_glance_text(key, median),) * 2 + ("", []), where
        place = (
            ("–", "saknas")
            if figure.missing
            else (f"{1 + sum(v > figure.value for v in values)} av {len(values)}",) * 2
        )
        assert (cells[3].visible, cells[3].spoken) == place, where
    check_legend(f"{origin} glance", t)
    assert t.legend is not None and "Kursiv" in t.legend
    others = [b for b in budgets if b.plan.slug != f.slug]
    touched = sum(any(b[key].touched for key in GLANCE_ROWS.values()) for b in others)
    whose = (
        "det andra förbundet"
        if len(others) == 1
        else f"{touched} av de {len(others)} andra förbunden"
    )
    said = f"Hos {whose} berörs minst en av de här siffrorna av en avvikelse"
    assert (said in "".join(reader.text)) == bool(touched), (origin, touched)
    if touched:
        event("a glance says that other förbund have figures touched by a discrepancy")


def _check_forbund_page(want: Expected, f: GForbund, reader: Reader) -> None:
    origin = f"forbund/{f.slug}/index.md"
    own = sorted(f.plans, key=lambda p: p.year)
    if not own:
        assert not any(
            t.caption.startswith(("Verksamhetsplaner", "Budgetar för", "Prognoser", "Budget "))
            for t in reader.tables
        )
        return
    _check_glance(want, f, want.budgets[(f.slug, own[-1].year)], reader, origin)
    # Verksamhetsplaner: each plan's own budget, Summa intäkter and Kostnader.
    t = table(reader, f"Verksamhetsplaner för {f.short_name}, tkr")
    assert len(t.rows) == len(own)
    for plan, (_, cells) in zip(own, t.rows, strict=True):
        figures = want.budgets[(f.slug, plan.year)]
        assert (cells[0].visible, cells[1].visible, cells[1].links) == (
            str(plan.year),
            plan.display_title,
            [f"{origin}~{plan.uri}"],
        )
        assert seen(cells[2]) == (
            (long_date(plan.adopted),) * 2 + ("", []) if plan.adopted else ("–", "saknas", "", [])
        )
        assert [seen(c) for c in cells[3:5]] == [
            amount(figures, key, origin) for key in ("income_total", "costs")
        ], plan.uri
        confirmed = sum(d.confirmed for d in plan.discrepancies)
        unconfirmed = len(plan.discrepancies) - confirmed
        counts = ([f"{confirmed} fel i källdokumentet"] if confirmed else []) + (
            [
                (
                    f"{unconfirmed} ej {'kontrollerad' if unconfirmed == 1 else 'kontrollerade'} "
                    "mot "
                    "originalet"
                )
            ]
            if unconfirmed
            else []
        )
        assert cells[5].visible == (", ".join(counts) or "Inga")
    check_legend(f"{origin} plans", t)
    # Budget över tid: every budget, oldest first.
    t = table(reader, f"Budgetar för {f.short_name}, tkr")
    assert len(t.rows) == len(own)
    for plan, (_, cells) in zip(own, t.rows, strict=True):
        figures = want.budgets[(f.slug, plan.year)]
        keys = ("income_total", "revenue", "member_contributions", "costs", "result")
        assert cells[0].visible == str(plan.year)
        assert [seen(c) for c in cells[1:6]] == [amount(figures, key, origin) for key in keys], (
            plan.uri
        )
        assert (cells[6].visible, cells[6].links) == (plan.display_title, [f"{origin}~{plan.uri}"])
    check_legend(f"{origin} timeline", t)
    # Prognoser och budgetar: each forecast beside the budget for its year, with the difference.
    pairs = [
        (forecast, want.budgets.get((f.slug, year)))
        for (slug, year), group in sorted(want.forecasts.items())
        if slug == f.slug
        for forecast in group
    ]
    forecasts = [
        t for t in reader.tables if t.caption == f"Prognoser jämförda med budgetar, {f.short_name}"
    ]
    assert len(forecasts) == (1 if pairs else 0)
    if not pairs:
        return
    rows = forecasts[0].rows
    assert len(rows) == 3 * len(pairs)
    names = {"revenue": "Intäkter utom eget kapital", "costs": "Kostnader", "result": "Resultat"}
    for (forecast, budget), group in zip(
        pairs, (rows[i : i + 3] for i in range(0, len(rows), 3)), strict=True
    ):
        for key, (_, cells) in zip(names, group, strict=True):
            where = (f.slug, forecast.year, forecast.plan.year, key)
            assert [c.visible for c in cells[:2]] == [str(forecast.year), names[key]], where
            assert seen(cells[2]) == amount(forecast, key, origin), where
            assert (cells[3].visible, cells[3].links) == (
                forecast.plan.display_title,
                [f"{origin}~{forecast.plan.uri}"],
            ), where
            if budget is None:
                assert [seen(c) for c in cells[4:7]] == [("–", "saknas", "", [])] * 3, where
                continue
            assert seen(cells[4]) == amount(budget, key, origin), where
            assert (cells[5].visible, cells[5].links) == (
                f"Planen för {forecast.year}",
                [f"{origin}~{budget.plan.uri}"],
            ), where
            actual, predicted = budget[key], forecast[key]
            if actual.missing or predicted.missing:
                difference = ("–", "saknas", "", [])
            else:
                touched, source = (actual, budget) if actual.touched else (predicted, forecast)
                change = Ref(actual.value - predicted.value, True, touched.touched)
                difference = shown(
                    change,
                    tkr_text(change.value),
                    flag_of(source, change, origin),
                    marked_column=True,
                )
            assert seen(cells[6]) == difference, where
    check_legend(f"{origin} forecasts", forecasts[0], {6})


def _feed_text(figure: Ref) -> str:
    if figure.missing:
        return "saknas"
    words = [
        word
        for word, marked in (
            ("beräknat", figure.computed),
            ("berörs av en avvikelse", bool(figure.touched)),
        )
        if marked
    ]
    text = f"{tkr_text(figure.value)}\u00a0tkr"
    return f"{text} ({', '.join(words)})" if words else text


def _check_feed(want: Expected, content: dict) -> None:
    parsed = feedparser.parse(content["nyheter.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {entry.link: entry for entry in parsed.entries}
    plans = [plan for f in want.forbund for plan in f.plans]
    assert len(parsed.entries) == len(plans)
    for plan in plans:
        summary = entries[url_for(plan.uri)].summary
        figures = want.budgets[(plan.slug, plan.year)]
        keys = (
            ("income_total", "summa intäkter"),
            ("revenue", "intäkter utom eget kapital"),
            ("costs", "kostnader"),
            ("result", "resultat"),
        )
        sentence = (
            f"Budget {plan.year}: "
            + ", ".join(f"{name} {_feed_text(figures[key])}" for key, name in keys)
            + "."
        )
        assert sentence in summary, (plan.uri, summary, sentence)
        assert ("Beräknat betyder" in summary) == any(figures[key].computed for key, _ in keys), (
            summary
        )
        assert ("berörs av en avvikelse bygger" in summary) == any(
            figures[key].touched for key, _ in keys
        ), summary
        assert ("Antagen" in summary) == (plan.adopted is not None), summary
        if plan.adopted:
            assert f"Antagen {long_date(plan.adopted)}." in summary


def _key_figure_values(
    want: Expected, figures: RefFigures, columns: list[str]
) -> dict[str, object]:
    """The key figures' row, as values (None where missing), in the open data's columns."""
    f = next(g for g in want.forbund if g.slug == figures.plan.slug)
    row: dict[str, object] = {
        "forbund": f.slug,
        "forbund_name": f.name,
        "fiscal_year": figures.year,
        "plan_year": figures.plan.year,
        "phase": "forecast" if figures.forecast else "budget",
        "adopted": figures.plan.adopted.isoformat()
        if figures.plan.adopted and not figures.forecast
        else None,
        "population_16_64": figures.population[0] if figures.population else None,
        "population_year": figures.population[1] if figures.population else None,
        "url": url_for(figures.plan.uri),
    }
    for column, figure in figures.figures.items():
        if figure.missing:
            row[column] = None
        elif isinstance(figure.value, Fraction):
            row[column] = decimal(figure.value, 4 if column.endswith("_share") else 2)
        else:
            row[column] = figure.value
    row["computed"] = [
        c
        for c in columns
        if c in figures.figures and figures[c].computed and not figures[c].missing
    ]
    row["discrepancy"] = [
        c for c in columns if c in figures.figures and figures[c].touched and not figures[c].missing
    ]
    return {column: row[column] for column in columns}


def _check_key_figures(want: Expected, content: dict) -> None:
    records = list(csv.reader(io.StringIO(content["data/nyckeltal.csv"])))
    columns, rows = records[0], records[1:]
    assert set(want.rows()[0].figures) <= set(columns)  # every figure has its column
    expected_rows = [_key_figure_values(want, figures, columns) for figures in want.rows()]
    assert len(rows) == len(expected_rows)
    for got, row in zip(rows, expected_rows, strict=True):
        record = dict(zip(columns, got, strict=True))
        for column in columns:
            value = row[column]
            cell = record[column]
            if isinstance(value, list):
                assert cell.split() == value, (column, row, record)
            elif value is None:
                assert cell == "", (column, row, record)
            elif isinstance(value, float):
                assert float(cell) == value, (column, row, record)
            else:
                assert cell == str(value), (column, row, record)
    parsed = json.loads(content["data/nyckeltal.json"])
    assert parsed == expected_rows
    # The workbook's sheet Nyckeltal: the same rows, the short name first, Swedish words for the
    # phase and the lists.
    book = openpyxl.load_workbook(io.BytesIO(content[addresses.DATA_FILES["xlsx"]]))
    header, *sheet = list(book[workbook.FIGURES_SHEET].iter_rows(values_only=True))
    names = {column: name for column, name, *_ in workbook.FIGURE_COLUMNS}
    assert list(header) == [names[column] for column, *_ in workbook.FIGURE_COLUMNS]
    assert len(sheet) == len(expected_rows)
    short = {f.slug: f.short_name for f in want.forbund}
    for got, row in zip(sheet, expected_rows, strict=True):
        values = {
            **row,
            "short_name": short[row["forbund"]],
            "phase": "Prognos" if row["phase"] == "forecast" else "Budget",
        }
        for listed in ("computed", "discrepancy"):
            values[listed] = "; ".join(names[column] for column in row[listed]) or None
        assert list(got) == [values[column] for column, *_ in workbook.FIGURE_COLUMNS], (row, got)


def _yes(marked: bool) -> str:
    return "ja" if marked else "nej"


def _chart_csv(text: str) -> list[list[str]]:
    """Return a chart's CSV as rows: for spreadsheets set to Swedish (a mark, semicolons)."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def _check_revenue_csv(want: Expected, content: dict) -> None:
    rows = _chart_csv(content["jamfor/diagram/intakter-per-forbund.csv"])
    wanted = []
    for f in want.forbund:
        for year in want.years[-10:]:
            figures = want.shown(f.slug, year)
            if figures is None or figures["revenue"].missing:
                continue
            revenue = figures["revenue"]
            phase = "prognos" if figures.forecast else "budget"
            wanted.append(
                [
                    f.short_name,
                    str(year),
                    phase,
                    str(figures.plan.year),
                    str(revenue.value),
                    _yes(revenue.computed),
                    _yes(bool(revenue.touched)),
                ]
            )
    assert rows[0][-2:] == ["Beräknad", "Berörs av en avvikelse"]
    assert rows[1:] == wanted


def _check_cost_shares_csv(want: Expected, year: int, content: dict) -> None:
    rows = _chart_csv(content[f"jamfor/diagram/kostnadernas-fordelning-{year}.csv"])
    wanted = []
    for f in want.forbund:
        figures = want.shown(f.slug, year)
        if figures is None:
            continue
        lines = figures["cost_lines"]
        budget = next(b for b in figures.plan.years if b.year == year)
        factor = FACTOR[figures.plan.unit]
        by_category = (
            [""] * len(COSTS)
            if lines.missing
            else [
                str(sum(line.amount for line in budget.costs if line.category == c) * factor)
                for c in COSTS
            ]
        )  # no cost lines: empty, never 0
        shares = [figures[f"{c}_share"] for c in COSTS]
        percents = [
            "" if s.missing else percent_text(s.value).removesuffix("\u00a0%") for s in shares
        ]
        phase = "prognos" if figures.forecast else "budget"
        wanted.append(
            [
                f.short_name,
                str(year),
                phase,
                str(figures.plan.year),
                "" if lines.missing else str(lines.value),
                *by_category,
                *percents,
                _yes(bool(lines.touched)),
            ]
        )
    assert rows[0][-1] == "Berörs av en avvikelse"
    assert rows[1:] == wanted, [(g, w) for g, w in zip(rows[1:], wanted, strict=False) if g != w]


def _description(svg: str) -> str:
    """Return a chart's text alternative: its SVG's desc."""
    return ET.fromstring(svg.encode("utf-8")).find("{http://www.w3.org/2000/svg}desc").text


def _check_revenue_description(want: Expected, content: dict) -> None:
    """The revenue chart's text alternative gives each förbund's revenue per year in tkr.

    A forecast and a figure touched by a discrepancy said so.
    """
    desc = _description(content["jamfor/diagram/intakter-per-forbund.svg"])
    for f in want.forbund:
        points = []
        for year in want.years[-10:]:
            figures = want.shown(f.slug, year)
            if figures is None or figures["revenue"].missing:
                continue
            revenue = figures["revenue"]
            words = ([f"prognos i planen för {figures.plan.year}"] if figures.forecast else []) + (
                ["berörs av en avvikelse"] if revenue.touched else []
            )
            points.append(
                (
                    year,
                    f"{year} {tkr_text(revenue.value)}\u00a0tkr"
                    + (f" ({', '.join(words)})" if words else ""),
                )
            )
        if not points:
            continue
        gaps = [
            str(y)
            for y in range(points[0][0], points[-1][0] + 1)
            if y not in {year for year, _ in points}
        ]
        gap = (
            (
                "; varken budget eller prognos "
                f"{' och '.join([', '.join(gaps[:-1]), gaps[-1]] if len(gaps) > 1 else gaps)}"
            )
            if gaps
            else ""
        )
        assert f"{f.short_name}: {', '.join(text for _, text in points)}{gap}." in desc, (
            f.slug,
            desc,
        )


def _check_cost_shares_description(want: Expected, year: int, content: dict) -> None:
    """The cost shares chart's text alternative gives each förbund's shares.

    A forecast and lines touched by a discrepancy said so.
    """
    desc = _description(content[f"jamfor/diagram/kostnadernas-fordelning-{year}.svg"])
    for f in want.forbund:
        figures = want.shown(f.slug, year)
        if figures is None:
            continue
        lines = figures["cost_lines"]
        words = ([f"prognos i planen för {figures.plan.year}"] if figures.forecast else []) + (
            ["berörs av en avvikelse"] if lines.touched else []
        )
        name = f.short_name + (f" ({', '.join(words)})" if words else "")
        if lines.missing:
            text = "inga kostnadsrader i budgeten"
        elif lines.value == 0:
            text = "kostnadsraderna summerar till 0 kr"  # lines there, all 0: no share can be drawn
        else:
            text = ", ".join(
                f"{label} {percent_text(figures[f'{c}_share'].value)}"
                for c, label in COST_CATEGORIES.items()
                if figures[f"{c}_share"].value
            )
        assert f"{name}: {text}." in desc, (f.slug, year, desc)
