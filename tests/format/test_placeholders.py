"""Placeholders from `finsam new`: a draft is never published (PLAN-FORMAT.md, check 5).

Each placeholder is one message that says where and what to fill in, found in values, comments
and the text alike; it takes the place of what the schema says about the same value; ordinary
prose that says "fyll i" is no placeholder; and a file that holds one is not in the corpus.
"""

from __future__ import annotations

import pytest

from finsam.format import placeholders
from finsam.format.corpus import ParseCache, load
from finsam.format.sources import Source
from finsam.problems import errors

PROFILE = """---
name: Samordningsförbundet Exempel
short_name: Exempel
county: Exempels län
members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]
---
Förbundet finns bara i testerna.
"""

PLAN = """---
forbund: exempel
year: 2024
source: Verksamhetsplan och budget 2024
unit: tkr
budget:
  2024:
    income:
      - {label: Medlemsavgifter, category: members, amount: 16000}
    income_total: 16000
    costs:
      - {label: Kansli, category: administration, amount: 3000}
      - label: Insatser
        category: individual
        amount: 13000
        items:
          - {label: Steg 1, owner: Exempels kommun, amount: 13000}
    costs_total: 16000
    result: 0
---
Planens text.
"""


def read(files: dict[str, str]) -> list:
    """Return the errors of förbund files (a valid profile unless one is given)."""
    files = {"forbund/exempel/index.md": PROFILE, **files}
    corpus = load(
        Source(uri, f"content/{uri}", text.encode("utf-8")) for uri, text in files.items()
    )
    return errors(corpus.problems)


def plan(old: str, new: str) -> dict[str, str]:
    assert old in PLAN
    return {"forbund/exempel/2024.md": PLAN.replace(old, new, 1)}


def test_the_example_plan_is_valid() -> None:
    assert read({"forbund/exempel/2024.md": PLAN}) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Planens text.", "Fyll i blanketten: den finns på webbplatsen."),
        ("Planens text.", "Ansökan: fyll i: namn, adress."),
        ("Planens text.", "FYLL I BLANKETTEN"),
        ("Planens text.", "UTFYLL I: text"),
        ("Planens text.", "Fyll I: text"),
        ("label: Kansli,", 'label: "Kansli, fyll i: lön",'),
        ("forbund: exempel\n", "# Fyll i alla belopp.\nforbund: exempel\n"),
    ],
)
def test_ordinary_prose_that_says_fyll_i_is_no_placeholder(old: str, new: str) -> None:
    assert read(plan(old, new)) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("amount: 3000}", 'amount: "FYLL I: belopp"}', 12, "budget.2024.costs[1].amount"),
        (
            "category: administration",
            'category: "FYLL I: administration, structural eller other"',
            12,
            "budget.2024.costs[1].category",
        ),
        ("unit: tkr", 'unit: "FYLL I: kr, tkr eller mkr"', 5, "unit"),
        ("unit: tkr\n", 'unit: tkr\nadopted: "FYLL I: dagen, ÅÅÅÅ-MM-DD"\n', 6, "adopted"),
        ("year: 2024", 'year: "FYLL I: året"', 3, "year"),
        ("forbund: exempel", 'forbund: "FYLL I: förbundet"', 2, "forbund"),
        ("costs_total: 16000", 'costs_total: "FYLL I: summan"', 18, "budget.2024.costs_total"),
        ("result: 0", 'result: "FYLL I: resultatet"', 19, "budget.2024.result"),
        (
            "amount: 13000}",
            'amount: "FYLL I: belopp"}',
            17,
            "budget.2024.costs[2].items[1].amount",
        ),
        (
            "unit: tkr\n",
            'unit: tkr\nsource_url: "FYLL I: adressen, https://…"\n',
            6,
            "source_url",
        ),
    ],
)
def test_a_placeholder_is_one_message_instead_of_the_schemas(
    old: str, new: str, line: int, field: str
) -> None:
    (problem,) = read(plan(old, new))
    assert (problem.path, problem.line, problem.field) == (
        "content/forbund/exempel/2024.md",
        line,
        field,
    )
    assert problem.expected == "ett ifyllt värde, ingen platshållare från finsam new"
    assert problem.found.startswith('platshållaren "FYLL I: ')


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("county: Exempels län", 'county: "FYLL I: länet"', "county"),
        ("county: Exempels län", 'county: Exempels län\nfounded: "FYLL I: året"', "founded"),
        (
            "county: Exempels län",
            'county: Exempels län\norg_number: "FYLL I: NNNNNN-NNNN"',
            "org_number",
        ),
        (
            "county: Exempels län",
            'county: Exempels län\nwebsite: "FYLL I: https://…"',
            "website",
        ),
        (
            "county: Exempels län",
            'county: Exempels län\npopulation_16_64: {value: "FYLL I: antalet", year: 2023}',
            "population_16_64.value",
        ),
        ("Region Exempel, Exempels kommun", 'Region Exempel, "FYLL I: kommunen"', "members[4]"),
    ],
)
def test_a_placeholder_in_a_profile_is_one_message(old: str, new: str, field: str) -> None:
    (problem,) = read({"forbund/exempel/index.md": PROFILE.replace(old, new, 1)})
    assert (problem.path, problem.field) == ("content/forbund/exempel/index.md", field)
    assert "platshållaren" in problem.found


def test_the_fix_says_what_to_write_and_when_the_line_may_go() -> None:
    (amount,) = read(plan("amount: 3000}", 'amount: "FYLL I: belopp"}'))
    assert "t.ex. amount: 16000." in amount.fix and "ta bort raden" not in amount.fix
    (total,) = read(plan("costs_total: 16000", 'costs_total: "FYLL I: summan"'))
    assert (
        "t.ex. costs_total: 16000" in total.fix and "Saknas uppgiften, ta bort raden." in total.fix
    )
    (source,) = read(plan("source: Verksamhetsplan och budget 2024", 'source: "FYLL I: namnet"'))
    assert source.field == "source" and source.fix == (
        "Ersätt platshållaren inom citattecknen med uppgiften den ber om."
    )  # a plan must have a source: no line to remove


def test_other_problems_of_a_draft_are_still_reported() -> None:
    found = read(
        plan(
            "{label: Kansli, category: administration, amount: 3000}",
            '{label: "=Kansli", category: admin, amount: "FYLL I: belopp"}',
        )
    )
    assert sorted(p.field for p in found) == [
        "budget.2024.costs[1].amount",
        "budget.2024.costs[1].category",
        "budget.2024.costs[1].label",
    ]
    assert [p.field for p in found if "platshållaren" in (p.found or "")] == [
        "budget.2024.costs[1].amount"
    ]


def test_two_placeholders_on_one_line_are_two_messages() -> None:
    found = read(
        plan(
            "label: Kansli, category: administration, amount: 3000",
            'label: "FYLL I: text", category: administration, amount: "FYLL I: belopp"',
        )
    )
    assert sorted((p.line, p.field) for p in found) == [
        (12, "budget.2024.costs[1].amount"),
        (12, "budget.2024.costs[1].label"),
    ]


def test_a_comment_with_placeholders_is_one_message_per_line() -> None:
    found = read(
        plan(
            "forbund: exempel\n",
            "# FYLL I: ny plan. FYLL I: mer\n# mer text\nforbund: exempel  # FYLL I: året\n",
        )
    )
    assert [(p.line, p.field, p.found) for p in found] == [
        (2, None, 'kommentaren "FYLL I: ny plan. FYLL I: mer"'),
        (4, None, 'kommentaren "FYLL I: året"'),
    ]
    assert "ta sedan bort dem" in found[0].fix


@pytest.mark.parametrize(
    "written", ['"FYLL\\x20I: namnet"', '"\\x46YLL I: namnet"', '"FYLL\n  I: namnet"']
)
def test_a_placeholder_written_with_an_escape_or_a_line_break_is_found(written: str) -> None:
    (problem,) = read(plan("source: Verksamhetsplan och budget 2024", f"source: {written}"))
    assert (problem.line, problem.field) == (4, "source")


def test_a_placeholder_on_a_later_line_of_a_value_is_the_values() -> None:
    (problem,) = read(
        plan("source: Verksamhetsplan och budget 2024", "source: |\n  Verksamhetsplan\n  FYLL I: x")
    )
    assert (problem.line, problem.field, problem.found) == (
        4,
        "source",
        'platshållaren "FYLL I: x"',
    )


def test_placeholders_in_the_text_headings_code_and_comments_are_found() -> None:
    found = read(
        plan(
            "Planens text.",
            "## FYLL I: rubriken\n\nFYLL I: texten\n\n```\nFYLL I: kod\n```\n\n<!-- FYLL I: x -->",
        )
    )
    assert [(p.line, p.expected.split(",")[0]) for p in found] == [
        (21, "rubriken ur dokumentet"),
        (23, "text ur dokumentet"),
        (26, "text ur dokumentet"),
        (29, "text ur dokumentet"),
    ]
    assert "efter #-tecknen" in found[0].fix


def test_a_draft_is_not_read_into_the_corpus_and_its_sums_wait() -> None:
    files = {
        "forbund/exempel/index.md": PROFILE.replace("testerna.", "testerna. FYLL I: mer"),
        "forbund/exempel/2024.md": PLAN.replace("result: 0", "result: 5").replace(
            "Planens text.", "FYLL I: text"
        ),
        "forbund/exempel/protokoll.md": "---\ntitle: Protokoll\n---\nFYLL I: text\n",
    }
    corpus = load(
        Source(uri, f"content/{uri}", text.encode("utf-8")) for uri, text in files.items()
    )
    assert corpus.profiles == {} and corpus.plans == [] and corpus.documents == []
    assert [(p.path, p.line) for p in errors(corpus.problems)] == [
        ("content/forbund/exempel/2024.md", 21),
        ("content/forbund/exempel/index.md", 7),
        ("content/forbund/exempel/protokoll.md", 4),
    ]  # the result that does not add up is checked once the plan is filled in


def test_a_cached_reading_finds_the_same_placeholders() -> None:
    sources = [
        Source("forbund/exempel/index.md", "content/forbund/exempel/index.md", PROFILE.encode()),
        Source(
            "forbund/exempel/2024.md",
            "content/forbund/exempel/2024.md",
            PLAN.replace("amount: 3000}", 'amount: "FYLL I: belopp"}').encode(),
        ),
    ]
    cache: ParseCache = {}
    first = load(sources, cache).problems
    assert first == load(sources, cache).problems and len(errors(first)) == 1


def test_count() -> None:
    assert placeholders.count('a: "FYLL I: x"\n# FYLL I: y, FYLL I: z\nFyll i: w') == 3
