"""Property-based tests: generated valid plans keep every line, amount and total.

They keep them through rendering and export.

Hypothesis generates budgets (lines, categories, amounts, items, printed totals that agree or
differ with the difference recorded as a discrepancy) with texts from a broad alphabet, writes
them as front-matter, loads them with finsam.format.corpus.load and checks that:

- they load without problems and read back exactly (texts with white space made single);
- the rendered plan page, run through Markdown as MkDocs runs it, shows every line and item
  label as text, every amount formatted with finsam.formatting.number, and every total;
- the export has every line and item exactly once, in order, amounts times the unit's factor,
  and sums that match the plan; the CSV reads back to the same rows.

Runs are derandomised (the same examples every time) and bounded, so CI is reproducible and fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from finsam import formatting
from finsam.format import bodies
from finsam.format.corpus import BUDGET_MARKER, load
from finsam.format.frontmatter import forbidden_character
from finsam.format.model import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    MEMBER_SHARES,
    UNITS,
    Plan,
    Profile,
)
from finsam.format.schema import FORMULA_STARTS
from finsam.format.sources import Source
from finsam.problems import errors
from finsam.site import export, planpage

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters that matter to HTML, Markdown, YAML, CSV and Jinja, then any printable character
# the YAML reader accepts (no control characters, surrogates or non-characters).
SPECIAL = [
    *"<>&\"'|*_`#-:{}[]!\\/.,;=+@%~^$()?",
    "&amp;",
    "<b>",
    "</td>",
    "{{",
    "{%",
    "-->",
    " ",
    "å",
    "Ö",
    "€",
    "\xa0",
]
CHAR = st.one_of(
    st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))
)
# Texts the contract allows: no bidirectional controls, none that a spreadsheet would run as a
# formula.
TEXT = (
    st.lists(CHAR, min_size=1, max_size=12)
    .map("".join)
    .filter(
        lambda text: (
            text.strip() != ""
            and forbidden_character(text) is None
            and not text.lstrip().startswith(FORMULA_STARTS)
            and not text.startswith(FORMULA_STARTS)
        )
    )
)
AMOUNT = st.integers(min_value=0, max_value=10**9)


def normal(text: str) -> str:
    """Return a text as the schema reads it: runs of white space made single, trimmed."""
    return " ".join(text.split())


@dataclass
class GLine:
    label: str
    category: str
    amount: int
    items: list[tuple[str, str | None, int]] = field(default_factory=list)


@dataclass
class GYear:
    year: int
    income: list[GLine]
    costs: list[GLine]
    totals: dict[str, int]


@dataclass
class GPlan:
    year: int
    unit: str
    title: str | None
    source: str
    years: list[GYear]
    discrepancies: list[tuple[str, int, int, str | None]]
    name: str
    short_name: str

    def files(self) -> list[Source]:
        profile = "\n".join(
            [
                "---",
                f"name: {q(self.name)}",
                f"short_name: {q(self.short_name)}",
                "county: Exempellän",
                "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]",
                "---",
                "Profil.",
                "",
            ]
        )
        return [
            Source(
                "forbund/exempel/index.md",
                "content/forbund/exempel/index.md",
                profile.encode("utf-8"),
            ),
            Source(
                f"forbund/exempel/{self.year}.md",
                f"content/forbund/exempel/{self.year}.md",
                self.yaml().encode("utf-8"),
            ),
        ]

    def yaml(self) -> str:
        out = ["---"]
        if self.title is not None:
            out.append(f"title: {q(self.title)}")
        out += [
            "forbund: exempel",
            f"year: {self.year}",
            f"source: {q(self.source)}",
            f"unit: {self.unit}",
            "budget:",
        ]
        for year in self.years:
            out += [f"  {year.year}:", "    income:" + ("" if year.income else " []")]
            out += [
                (
                    f"      - {{label: {q(line.label)}, category: {line.category}, amount: "
                    f"{line.amount}}}"
                )
                for line in year.income
            ]
            out.append("    costs:" + ("" if year.costs else " []"))
            for line in year.costs:
                out += [
                    f"      - label: {q(line.label)}",
                    f"        category: {line.category}",
                    f"        amount: {line.amount}",
                ]
                if line.items:
                    out.append("        items:")
                for label, owner, amount in line.items:
                    owner_text = f", owner: {q(owner)}" if owner is not None else ""
                    out.append(f"          - {{label: {q(label)}{owner_text}, amount: {amount}}}")
            out += [f"    {name}: {grouped(value)}" for name, value in year.totals.items()]
        if self.discrepancies:
            out.append("discrepancies:")
            for where, printed, computed, note in self.discrepancies:
                out += [
                    f"  - where: {q(where)}",
                    f"    printed: {printed}",
                    f"    computed: {computed}",
                ]
                if note is not None:
                    out.append(f"    note: {q(note)}")
        return (
            "\n".join(out)
            + f"\n---\n## Inledning\n\nText.\n\n{BUDGET_MARKER}\n\n## Uppföljning\n\nMer text.\n"
        )


def q(text: str) -> str:
    """Return a YAML double-quoted scalar (JSON's escapes are YAML's; raw non-ASCII stays raw)."""
    return json.dumps(text, ensure_ascii=False)


def grouped(value: int) -> str:
    """Return an amount as editors paste it from a PDF: digits grouped by spaces, − for minus."""
    digits = f"{abs(value):,}".replace(",", "\u00a0")
    return q(("\u2212" if value < 0 else "") + digits) if abs(value) >= 1000 else str(value)


@st.composite
def income_lines(draw: st.DrawFn) -> list[GLine]:
    lines = []
    if draw(st.booleans()):  # the three member parties in the lawful 1/2, 1/4, 1/4 split
        quarter = draw(st.integers(0, 10**8))
        towns = draw(st.integers(1, 3))
        parts = [quarter // towns] * towns
        parts[0] += quarter - sum(parts)
        lines += [GLine(draw(TEXT), "state", 2 * quarter), GLine(draw(TEXT), "region", quarter)]
        lines += [GLine(draw(TEXT), "municipalities", part) for part in parts]
        others = [c for c in INCOME_CATEGORIES if c not in MEMBER_SHARES]
    else:  # never all three parties: no share check applies
        others = [c for c in INCOME_CATEGORIES if c != "municipalities"]
    lines += [
        GLine(draw(TEXT), draw(st.sampled_from(others)), draw(AMOUNT))
        for _ in range(draw(st.integers(0, 4)))
    ]
    return draw(st.permutations(lines))


@st.composite
def budget_year(draw: st.DrawFn, year: int, recorded: list) -> GYear:
    income = draw(income_lines())
    labels = draw(st.lists(TEXT, min_size=0, max_size=6, unique_by=normal))
    costs = []
    for label in labels:
        line = GLine(label, draw(st.sampled_from(sorted(COST_CATEGORIES))), draw(AMOUNT))
        if draw(st.integers(0, 2)) == 0:
            line.items = [
                (draw(TEXT), draw(st.none() | TEXT), draw(AMOUNT))
                for _ in range(draw(st.integers(1, 4)))
            ]
            items_sum = sum(amount for _, _, amount in line.items)
            line.amount = (
                items_sum if draw(st.booleans()) else items_sum + draw(st.integers(1, 1000))
            )
            if line.amount != items_sum:
                recorded.append(
                    (
                        f"budget.{year}.costs.{normal(label)}",
                        line.amount,
                        items_sum,
                        draw(st.none() | TEXT),
                    )
                )
        costs.append(line)
    totals: dict[str, int] = {}
    for name, where, lines in (("income_total", "income", income), ("costs_total", "costs", costs)):
        computed = sum(line.amount for line in lines)
        choice = draw(st.sampled_from(["none", "same", "off"]))
        if choice != "none":
            totals[name] = computed if choice == "same" else computed + draw(st.integers(1, 10**6))
            if totals[name] != computed:
                recorded.append(
                    (f"budget.{year}.{where}", totals[name], computed, draw(st.none() | TEXT))
                )
    computed = totals.get("income_total", sum(line.amount for line in income)) - totals.get(
        "costs_total", sum(line.amount for line in costs)
    )
    choice = draw(st.sampled_from(["none", "same", "off"]))
    if choice != "none":
        totals["result"] = (
            computed
            if choice == "same"
            else computed + draw(st.integers(-(10**6), 10**6).filter(bool))
        )
        if totals["result"] != computed:
            recorded.append(
                (f"budget.{year}.result", totals["result"], computed, draw(st.none() | TEXT))
            )
    if draw(st.booleans()):
        totals["carried_over"] = draw(st.integers(-(10**9), 10**9))
    return GYear(year, income, costs, totals)


@st.composite
def plans(draw: st.DrawFn) -> GPlan:
    year = draw(st.integers(2004, 2090))
    years = sorted(
        {year, *draw(st.sets(st.sampled_from([year - 1, year + 1, year + 2]), max_size=2))} - {2003}
    )
    recorded: list = []
    generated = [draw(budget_year(y, recorded)) for y in years]
    return GPlan(
        year=year,
        unit=draw(st.sampled_from(sorted(UNITS))),
        title=draw(st.none() | TEXT),
        source=draw(TEXT),
        years=generated,
        discrepancies=recorded,
        name=draw(TEXT),
        short_name=draw(TEXT),
    )


def loaded(generated: GPlan) -> tuple[Plan, Profile]:
    corpus = load(generated.files())
    assert [p.message() for p in errors(corpus.problems)] == [], generated.yaml()
    [plan] = corpus.plans
    return plan, corpus.profiles["exempel"]


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(plans())
def test_generated_plan_loads_and_reads_back_exactly(generated: GPlan) -> None:
    plan, profile = loaded(generated)
    assert (plan.year, plan.unit, plan.source) == (
        generated.year,
        generated.unit,
        normal(generated.source),
    )
    assert plan.title == (normal(generated.title) if generated.title is not None else None)
    assert profile.short_name == normal(generated.short_name)
    assert [b.year for b in plan.budget] == [y.year for y in generated.years]
    for year, want in zip(plan.budget, generated.years, strict=True):
        assert [(line.label, line.category, line.amount) for line in year.income] == [
            (normal(line.label), line.category, line.amount) for line in want.income
        ]
        assert [(line.label, line.category, line.amount) for line in year.costs] == [
            (normal(line.label), line.category, line.amount) for line in want.costs
        ]
        for line, want_line in zip(year.costs, want.costs, strict=True):
            assert [(i.label, i.owner, i.amount) for i in line.items] == [
                (normal(a), normal(b) if b is not None else None, c) for a, b, c in want_line.items
            ]
        for name in ("income_total", "costs_total", "result", "carried_over"):
            assert getattr(year, name) == want.totals.get(name)
    assert len(plan.discrepancies) == len(generated.discrepancies)


# --- rendering ----------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Collect the site's tables: for each, its caption and rows of (row class, cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._hidden = 0
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "finsam-table" in (values.get("class") or ""):
            self.tables.append({"caption": "", "rows": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append((values.get("class") or "", []))
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "span" and values.get("aria-hidden") == "true":
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self.tables:
            self.tables[-1]["rows"][-1][1].append("".join(self._cell))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables_of(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def expected_line_rows(year) -> list[tuple[str, ...]]:
    """Return each line's label, its category under it (unless the same) and amount; each insats's.

    An insats has its owner under its label.
    """

    def named(label: str, category: str) -> str:
        return label if label.casefold() == category.casefold() else f"{label} {category}"

    rows = [("Intäkter",)]
    rows += [
        (named(line.label, INCOME_CATEGORIES[line.category]), formatting.number(line.amount))
        for line in year.income
    ]
    rows.append(("Kostnader",))
    for line in year.costs:
        rows.append(
            (named(line.label, COST_CATEGORIES[line.category]), formatting.number(line.amount))
        )
        rows += [
            (
                f"{i.label} Insats" + (f", insatsägare: {i.owner}" if i.owner else ""),
                formatting.number(i.amount),
            )
            for i in line.items
        ]
    return rows


def expected_total_rows(year) -> list[tuple[str, str, str]]:
    """Return each sum's name with whether it agrees under it, its printed and computed amount."""

    def row(label: str, printed: int | None, computed: int | None) -> tuple[str, str, str]:
        if printed is None:
            check = "Anges inte i dokumentet"
        elif computed is None:
            check = "Anges i dokumentet, kontrolleras inte"
        elif printed == computed:
            check = "Stämmer"
        else:
            check = f"Avviker med {formatting.number(printed - computed)}"
        return (
            f"{label} {check}",
            "–" if printed is None else formatting.number(printed),
            "–" if computed is None else formatting.number(computed),
        )

    rows = [
        row("Summa intäkter", year.income_total, year.income_sum),
        row("Summa kostnader", year.costs_total, year.costs_sum),
    ]
    rows += [
        row(f"{line.label} (summa av insatserna)", line.amount, line.items_sum)
        for line in year.costs
        if line.items
    ]
    rows.append(row("Resultat (intäkter − kostnader)", year.result, year.result_computed))
    if year.carried_over is not None:
        rows.append(row("Över-/underskott från tidigare år", year.carried_over, None))
    return rows


@pytest.mark.slow
@SETTINGS
@given(plans())
def test_rendered_page_keeps_every_label_amount_and_total(generated: GPlan) -> None:
    plan, profile = loaded(generated)
    section = planpage.budget_section(plan, profile)
    page = planpage.plan_page(plan, profile, lambda uri: f"/{uri}")
    html = bodies.render(page)  # as MkDocs renders it, with the site's Markdown extensions
    for text in (section, html):
        tables = [t for t in tables_of(text) if not t["caption"].startswith("Medlemmarnas andelar")]
        assert len(tables) == 2 * len(plan.budget)
        for year, lines, totals in zip(plan.budget, tables[0::2], tables[1::2], strict=True):
            assert lines["caption"].endswith(f", {profile.short_name}, {plan.unit}")
            assert [tuple(cells) for _, cells in lines["rows"][1:]] == expected_line_rows(year)
            assert [tuple(cells[:3]) for _, cells in totals["rows"][1:]] == expected_total_rows(
                year
            )
    for year in plan.budget:
        for line in (*year.income, *year.costs):
            assert str(escape(line.label)) in section
    for discrepancy in plan.discrepancies:
        assert formatting.money(discrepancy.printed, plan.unit) in html
        if discrepancy.note:
            assert normal(discrepancy.note) in "".join(page_text(html))


def page_text(html: str) -> list[str]:
    """Return the text of a page (tags removed, references resolved)."""
    out: list[str] = []

    class _Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

    parser = _Text(convert_charrefs=True)
    parser.feed(html)
    return out


# --- export -------------------------------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(plans())
def test_export_keeps_every_line_and_item_once_with_matching_sums(generated: GPlan) -> None:
    plan, profile = loaded(generated)
    corpus = load(generated.files())
    rows = export.rows(corpus, lambda uri: f"https://example.se/{uri}")
    factor = UNITS[plan.unit]
    expected = []
    for year in plan.budget:
        for direction, lines in ((export.REVENUE, year.income), (export.EXPENDITURE, year.costs)):
            for line in lines:
                expected.append(
                    (year.year, direction, export.LINE, line.label, "", "", line.amount)
                )
                expected += [
                    (
                        year.year,
                        direction,
                        export.ITEM,
                        i.label,
                        line.label,
                        i.owner or "",
                        i.amount,
                    )
                    for i in line.items
                ]
    assert [
        (
            r.fiscal_year,
            r.direction,
            r.row_type,
            r.label,
            r.parent_label,
            r.owner,
            r.amount_as_printed,
        )
        for r in rows
    ] == expected
    assert all(r.amount == r.amount_as_printed * factor for r in rows)
    assert {(r.forbund, r.forbund_name, r.plan_year, r.unit, r.source) for r in rows} <= {
        ("exempel", profile.name, plan.year, plan.unit, plan.source)
    }
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        if r.row_type == export.LINE:
            sums[(r.fiscal_year, r.direction)] += r.amount
    for year in plan.budget:
        assert sums[(year.year, export.REVENUE)] == year.income_sum * factor
        assert sums[(year.year, export.EXPENDITURE)] == year.costs_sum * factor
        for line in year.costs:
            items = [
                r
                for r in rows
                if r.row_type == export.ITEM
                and r.fiscal_year == year.year
                and r.parent_label == line.label
            ]
            assert sum(r.amount for r in items) == line.items_sum * factor
    read = list(csv.reader(io.StringIO(export.to_csv(rows), newline="")))
    assert read[0] == list(export.NAMES)
    assert read[1:] == [[str(value) for value in row.values()] for row in rows]
    assert json.loads(export.to_json(rows)) == [row.as_dict() for row in rows]


# --- the body check's shortcut --------------------------------------------------------------------

# Markdown made of everything but the three trigger characters: headings, lists, tables, quotes,
# code, emphasis, admonitions, definition lists, entities, URLs in plain text.
MARKDOWN_PIECES = [
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "\t", "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
    "!!! note \"x\"\n    ", "Term\n: ", "`", "``", "```", "*", "**", "_", "---", "***", "\n",
    "\n\n", "  \n", "&amp;", "&#60;", "&#x3C;script&#x3E;", "&lt;", "&", "&#0;", "&notin",
    "javascript:alert(1)", "https://example.com", "mailto:a@b.se", "\\", "!", "(", ")", "\"", "'",
    "=", ":", "onclick=x", "#id", ".class", "text", "å", " ", "|", "~", "^", "%",
]  # fmt: skip
MARKDOWN = st.lists(
    st.sampled_from(MARKDOWN_PIECES)
    | st.text(st.characters(exclude_categories=("Cs",), exclude_characters="<[{"), max_size=5),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(MARKDOWN)
def test_bodies_without_trigger_characters_need_no_sanitising(body: str) -> None:
    assert not bodies.needs_check(body.split("\n"))
    assert bodies.findings(body) == (), bodies.render(body)


# --- malformed input: never a traceback -----------------------------------------------------------

VALID_PLAN = """---
title: Verksamhetsplan 2023
forbund: exempel
year: 2023
adopted: 2022-11-16
source: Verksamhetsplan och budget 2023
unit: tkr
budget:
  2023:
    income:
      - {label: Staten, category: state, amount: 500}
      - {label: Regionen, category: region, amount: "250"}
      - {label: Kommunerna, category: municipalities, amount: 250}
    income_total: 1000
    costs:
      - label: Insatser
        category: individual
        amount: 1000
        items:
          - {label: Insats A, owner: Kommunen, amount: 900}
    costs_total: 1000
    result: 0
discrepancies:
  - {where: budget.2023.costs.Insatser, printed: 1000, computed: 900, note: Fel i källan.}
---
Text[^1] med <b>fet</b> stil.

<!-- budget -->

[^1]: Fotnot.
"""
PIECES = [
    "\n", " ", "  ", "\t", "-", ":", ": ", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ", "!!int ",
    "!!float ", "!!binary ", "!!set ", "!!timestamp ", "!!python/name:os.system ", "? ", "'", '"',
    "#", "|", ">", "~", "null", "2023", "-1", "1e9", ".inf", ".nan", "0x1F", "1_000", "...", "---",
    "%YAML 1.1\n", "<<: ", "9" * 40, "\u2212", "\u00a0", "\ufeff", "\\", "<script>",
    "<img src=x onerror=a()>", "{: onclick=a() }", "[x](javascript:a())", "<!--", "-->", "</div>",
]  # fmt: skip


def with_profile(plan_text: str) -> list[Source]:
    profile = (
        "---\nname: Exempel\nshort_name: Exempel\ncounty: Exempel\n"
        "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]\n---\n"
    ).encode()
    return [
        Source("forbund/exempel/index.md", "content/forbund/exempel/index.md", profile),
        Source(
            "forbund/exempel/2023.md", "content/forbund/exempel/2023.md", plan_text.encode("utf-8")
        ),
    ]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = VALID_PLAN
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from(PIECES))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    return text


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutated())
def test_a_mutated_plan_loads_without_a_traceback_and_every_message_is_complete(text: str) -> None:
    corpus = load(with_profile(text))
    for problem in corpus.problems:
        message = problem.message()
        assert message.startswith("content/forbund/exempel/2023.md"), message
        assert "\n  Förväntat: " in message and "\n  Gör så här: " in message, message
    if not errors(corpus.problems):
        [plan] = corpus.plans
        planpage.plan_page(plan, corpus.profiles["exempel"], lambda uri: uri)
        export.to_csv(export.rows(corpus, lambda uri: uri)).encode("utf-8")


def test_the_plan_that_is_mutated_is_valid() -> None:
    corpus = load(with_profile(VALID_PLAN))
    assert [p.message() for p in corpus.problems] == []


@given(
    st.integers(min_value=-(10**15), max_value=10**15)
    | st.sampled_from([0, 999, 1000, -1000, 9999, 10000, -999_999, 10**12])
)
def test_numbers_are_grouped_exactly_as_babels_swedish_pattern_groups_them(value: int) -> None:
    assert formatting.number(value) == formatting._babel_number(value)
