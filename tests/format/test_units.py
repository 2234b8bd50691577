"""Unit tests of the finsam package: front-matter, amounts, checks, model and formatting."""

from __future__ import annotations

import datetime
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from pyyaml_english import ENGLISH_WORDS, pyyaml_messages, words

from finsam import formatting
from finsam.format import checks, frontmatter, schema
from finsam.format.frontmatter import (
    MAX_BYTES,
    FrontMatterError,
    Node,
    decode,
    describe_character,
    forbidden_character,
    parse,
    split,
)
from finsam.format.model import BudgetYear, Discrepancy, Item, Line, Plan

# --- frontmatter.decode -----------------------------------------------------------------------


def test_decode_strips_bom_and_normalises_line_endings() -> None:
    assert decode(b"\xef\xbb\xbf---\r\na: 1\r\n---\rbody") == "---\na: 1\n---\nbody"


def test_decode_keeps_plain_utf8() -> None:
    assert decode("förbund\n".encode()) == "förbund\n"


def test_decode_rejects_non_utf8_naming_the_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        decode(b"---\ntitle: x\nsource: Samordningsf\xf6rbundet\n---\n")
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.expected


def test_decode_names_the_byte_in_swedish_and_what_it_likely_meant() -> None:
    with pytest.raises(FrontMatterError) as caught:
        decode(b"---\nlabel: Kansli\n---\n".replace(b"Kansli", b"Kansli\xe5"))
    assert caught.value.line == 2
    assert (
        caught.value.found
        == 'en byte som inte är UTF-8: E5 hexadecimalt, som är "å" i teckenkodningen Windows-1252'
    )


def test_decode_rejects_oversized_file() -> None:
    with pytest.raises(FrontMatterError):
        decode(b"a" * (MAX_BYTES + 1))


# --- frontmatter.split ------------------------------------------------------------------------


def test_split_without_front_matter() -> None:
    parts = split("# Rubrik\n\nText.\n")
    assert (parts.front_matter, parts.body, parts.body_line) == (None, "# Rubrik\n\nText.\n", 1)


def test_split_returns_front_matter_body_and_body_line() -> None:
    parts = split("---\na: 1\nb: 2\n---\nText.\n")
    assert (parts.front_matter, parts.body, parts.body_line) == ("a: 1\nb: 2\n", "Text.\n", 5)


def test_split_accepts_dots_as_closing_line() -> None:
    assert split("---\na: 1\n...\nText.\n").front_matter == "a: 1\n"


def test_split_empty_front_matter() -> None:
    parts = split("---\n---\nText.\n")
    assert (parts.front_matter, parts.body, parts.body_line) == ("", "Text.\n", 3)


def test_split_unclosed_front_matter_is_no_front_matter() -> None:
    assert split("---\na: 1\nText.\n").front_matter is None


def test_split_front_matter_at_end_of_file() -> None:
    parts = split("---\na: 1\n---")
    assert (parts.front_matter, parts.body) == ("a: 1\n", "")


# --- frontmatter.parse: YAML line N of the front-matter is file line N + 1 --------------------


def test_parse_gives_file_lines() -> None:
    root = parse("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert root.line == 2
    assert root.key_lines == {"a": 2, "b": 3}
    assert root.value["a"] == Node(1, 2)
    items = root.value["b"]
    assert items.line == 4
    assert [item.line for item in items.value] == [4, 5]
    assert items.value[1].key_lines == {"c": 5}


def test_parse_empty_front_matter_is_empty_mapping() -> None:
    assert parse("").value == {}
    assert parse("\n").is_mapping


def test_parse_reads_plain_values() -> None:
    root = parse("year: 2023\nadopted: 2022-11-16\ntext: hej\nnothing:\n")
    assert {k: v.value for k, v in root.value.items()} == {
        "year": 2023,
        "adopted": datetime.date(2022, 11, 16),
        "text": "hej",
        "nothing": None,
    }


def test_parse_tab_indentation_names_line_and_fix() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("a:\n\tb: 1\n")
    assert caught.value.line == 3
    assert "tabbtecken" in caught.value.fix


def test_parse_bad_indentation_names_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("a:\n  b: 1\n c: 2\n")
    assert caught.value.line == 4
    assert caught.value.expected == "giltig YAML, med samma indrag för fält på samma nivå"


def test_parse_rejects_duplicate_key_naming_both_lines() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("year: 2023\nunit: tkr\nyear: 2024\n")
    assert caught.value.line == 4
    assert "rad 2" in caught.value.found


def test_parse_rejects_alias() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("source: &s Plan\ntitle: *s\n")
    assert "&" in caught.value.found


def test_parse_rejects_billion_laughs() -> None:
    rows = ["a: &a [" + ",".join(['"lol"'] * 10) + "]"]
    rows += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]"
        for i in range(20)
    ]
    with pytest.raises(FrontMatterError):
        parse("\n".join(rows) + "\n")


def test_parse_rejects_too_many_values() -> None:
    with pytest.raises(FrontMatterError):
        parse("a: [" + "1," * 50_001 + "]\n")


def test_parse_rejects_list_as_key() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("? [a]\n: b\n")
    assert caught.value.line == 2


def test_parse_rejects_impossible_date_naming_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("title: x\nadopted: 2022-02-30\n")
    assert caught.value.line == 3


def test_parse_list_root_is_a_node_not_a_mapping() -> None:
    root = parse("- a\n- b\n")
    assert root.is_sequence and not root.is_mapping


# --- schema: amounts --------------------------------------------------------------------------


def read_amount(value: object, negative: bool = False) -> tuple[int | None, schema.Reader]:
    reader = schema.Reader("content/forbund/x/2023.md")
    return reader.amount(
        Node(value, 7), "budget.2023.costs[1].amount", "tkr", negative=negative
    ), reader


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (16000, 16000),
        (0, 0),
        ("16000", 16000),
        ("1 065 500", 1_065_500),
        ("1\u00a0065\u00a0500", 1_065_500),
        ("1\u202f065\u202f500", 1_065_500),
        ("16 000", 16000),
        ("999", 999),
    ],
)
def test_amount_accepted(value: object, amount: int) -> None:
    found, reader = read_amount(value)
    assert (found, reader.problems) == (amount, [])


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (-3600, -3600),
        ("-3 600", -3600),
        ("\u22123 600", -3600),
        ("\u22121\u00a0065\u00a0500", -1_065_500),
    ],
)
def test_negative_amount_accepted_where_allowed(value: object, amount: int) -> None:
    found, reader = read_amount(value, negative=True)
    assert (found, reader.problems) == (amount, [])


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        16000.0,
        "1,5",
        "1.5",
        "8k",
        "16 000 kr",
        "",
        "  ",
        None,
        True,
        False,
        "1 0655",
        "10 00",
        "1  000",
        "--5",
        "- 5",
        "1 065 500,00",
        [1],
        {"a": 1},
    ],
    ids=repr,
)
def test_amount_rejected(value: object) -> None:
    found, reader = read_amount(value, negative=True)
    assert found is None
    assert len(reader.problems) == 1
    problem = reader.problems[0]
    assert (problem.path, problem.line, problem.field) == (
        "content/forbund/x/2023.md",
        7,
        "budget.2023.costs[1].amount",
    )


@pytest.mark.parametrize("value", [-1, "-3 600", "\u22123 600"])
def test_negative_line_amount_rejected(value: object) -> None:
    found, reader = read_amount(value)
    assert found is None
    assert "0 eller mer" in reader.problems[0].expected


def test_amount_error_message_names_place_and_value() -> None:
    _, reader = read_amount("8k")
    text = reader.problems[0].message()
    assert text.startswith("content/forbund/x/2023.md, rad 7: fältet budget.2023.costs[1].amount")
    assert "Förväntat: ett belopp i tkr" in text
    assert 'Hittat: texten "8k"' in text


# --- checks -----------------------------------------------------------------------------------


def line(
    category: str, amount: int, label: str | None = None, items: tuple[Item, ...] = ()
) -> Line:
    return Line(label or category, category, amount, items)


def year(income: list[Line], costs: list[Line], year_: int = 2023, **totals: int) -> BudgetYear:
    return BudgetYear(year_, tuple(income), tuple(costs), **totals)


def plan(*budget: BudgetYear, discrepancies: tuple[Discrepancy, ...] = ()) -> Plan:
    return Plan(
        "forbund/x/2023.md",
        "content/forbund/x/2023.md",
        "x",
        2023,
        "Plan",
        "tkr",
        tuple(budget),
        discrepancies=discrepancies,
    )


MEMBERS = [line("state", 8000), line("region", 4000), line("municipalities", 4000)]
COSTS = [line("administration", 3000), line("individual", 13000)]


def where(p: Plan) -> list[tuple[str, int, int]]:
    return [(f.where, f.printed, f.computed) for f in checks.findings(p)]


def test_findings_empty_when_everything_adds_up() -> None:
    assert where(plan(year(MEMBERS, COSTS, income_total=16000, costs_total=16000, result=0))) == []


def test_findings_empty_without_printed_totals() -> None:
    assert where(plan(year(MEMBERS, COSTS))) == []


def test_findings_income_total() -> None:
    assert where(plan(year(MEMBERS, COSTS, income_total=16100))) == [
        ("budget.2023.income", 16100, 16000)
    ]


def test_findings_costs_total() -> None:
    assert where(plan(year(MEMBERS, COSTS, costs_total=15000))) == [
        ("budget.2023.costs", 15000, 16000)
    ]


def test_findings_items() -> None:
    items = (Item("A", 500), Item("B", 700))
    costs = [line("administration", 3000), line("individual", 13000, "Insatser", items)]
    assert where(plan(year(MEMBERS, costs))) == [("budget.2023.costs.Insatser", 13000, 1200)]


def test_findings_result_uses_printed_totals() -> None:
    budget = year(MEMBERS, COSTS, income_total=16000, costs_total=16000, result=100)
    assert where(plan(budget)) == [("budget.2023.result", 100, 0)]


def test_findings_cover_every_budget_year() -> None:
    p = plan(year(MEMBERS, COSTS, 2023, costs_total=1), year(MEMBERS, COSTS, 2024, costs_total=2))
    assert where(p) == [("budget.2023.costs", 1, 16000), ("budget.2024.costs", 2, 16000)]


def test_findings_shares_off_by_more_than_one_unit() -> None:
    income = [line("state", 8050), line("region", 4100), line("municipalities", 3950)]
    found = checks.findings(plan(year(income, [])))
    assert [(f.where, f.printed, f.computed, f.label) for f in found] == [
        ("budget.2023.shares", 4100, 4025, "region")
    ]


@pytest.mark.parametrize(
    ("state", "region", "municipalities"),
    [(8001, 4000, 4000), (8002, 4000, 4000), (8000, 4001, 4000), (8000, 4001, 3999), (1, 0, 0)],
)
def test_shares_within_one_unit_pass(state: int, region: int, municipalities: int) -> None:
    income = [line("state", state), line("region", region), line("municipalities", municipalities)]
    assert checks.share_finding(year(income, [])) is None


def test_shares_one_and_a_half_units_off_fail() -> None:
    income = [line("state", 8003), line("region", 4000), line("municipalities", 4000)]
    finding = checks.share_finding(year(income, []))
    assert (finding.printed, finding.computed, finding.label) == (8003, 8002, "state")


def test_shares_not_checked_without_all_three_parties() -> None:
    income = [line("state", 9000), line("region", 1000), line("members", 6000)]
    assert checks.share_finding(year(income, [])) is None


def test_lawful_share_is_exact_fraction_of_the_three_parties() -> None:
    income = [
        line("state", 8001),
        line("region", 4000),
        line("municipalities", 2000),
        line("municipalities", 2000),
        line("external", 999),
    ]
    budget = year(income, [])
    assert checks.lawful_share(budget, "state") == Fraction(16001, 2)
    assert checks.lawful_share(budget, "region") == Fraction(16001, 4)
    assert checks.lawful_share(budget, "municipalities") == Fraction(16001, 4)


def test_check_plan_accepts_recorded_discrepancy() -> None:
    budget = year(MEMBERS, COSTS, costs_total=15000)
    assert (
        checks.check_plan(
            plan(budget, discrepancies=(Discrepancy("budget.2023.costs", 15000, 16000),))
        )
        == []
    )


def test_check_plan_reports_unrecorded_finding() -> None:
    problems = checks.check_plan(plan(year(MEMBERS, COSTS, costs_total=15000)))
    assert [p.field for p in problems] == ["budget.2023.costs"]


def test_check_plan_reports_stale_discrepancy() -> None:
    problems = checks.check_plan(
        plan(
            year(MEMBERS, COSTS),
            discrepancies=(Discrepancy("budget.2023.costs", 15000, 16000, line=20),),
        )
    )
    assert [(p.field, p.line) for p in problems] == [("discrepancies", 20)]


def test_check_plan_reports_discrepancy_with_wrong_computed_value() -> None:
    budget = year(MEMBERS, COSTS, costs_total=15000)
    problems = checks.check_plan(
        plan(budget, discrepancies=(Discrepancy("budget.2023.costs", 15000, 15500),))
    )
    assert sorted(p.field for p in problems) == ["budget.2023.costs", "discrepancies"]


# --- model ------------------------------------------------------------------------------------


def test_budget_year_sums() -> None:
    budget = year([*MEMBERS, line("external", 2500)], COSTS)
    assert (budget.income_sum, budget.costs_sum) == (18500, 16000)
    assert budget.category_sum("state") == 8000
    assert budget.category_sum("individual", "costs") == 13000
    assert budget.has_member_split()
    assert not year([line("members", 1)], []).has_member_split()


def test_result_computed_from_lines_or_printed_totals() -> None:
    assert year(MEMBERS, COSTS).result_computed == 0
    assert year(MEMBERS, COSTS, income_total=17000).result_computed == 1000
    assert year(MEMBERS, COSTS, income_total=17000, costs_total=18000).result_computed == -1000


def test_items_sum() -> None:
    assert line("individual", 10, items=(Item("a", 3), Item("b", 4))).items_sum == 7
    assert line("individual", 10).items_sum == 0


def test_plan_adopted_budget_and_forecasts() -> None:
    p = plan(year(MEMBERS, COSTS, 2023), year(MEMBERS, COSTS, 2024), year(MEMBERS, COSTS, 2025))
    assert p.own_budget.year == 2023
    assert [b.year for b in p.forecasts] == [2024, 2025]


def test_plan_without_its_own_year_has_no_adopted_budget() -> None:
    p = plan(year(MEMBERS, COSTS, 2024))
    assert p.own_budget is None
    assert [b.year for b in p.forecasts] == [2024]


def test_display_title_defaults_to_year() -> None:
    assert plan().display_title == "Verksamhetsplan 2023"


# --- formatting -------------------------------------------------------------------------------


def test_number_groups_with_no_break_space() -> None:
    assert formatting.number(16000) == "16\u00a0000"
    assert formatting.number(1_065_500) == "1\u00a0065\u00a0500"
    assert formatting.number(0) == "0"


def test_negative_number_uses_minus_sign() -> None:
    assert formatting.number(-3600) == "\u22123\u00a0600"


def test_money() -> None:
    assert formatting.money(16000, "tkr") == "16\u00a0000\u00a0tkr"
    assert formatting.money(-3600, "tkr") == "\u22123\u00a0600\u00a0tkr"


def test_percent() -> None:
    assert formatting.percent(0.125) == "12,5\u00a0%"
    assert formatting.percent(1) == "100,0\u00a0%"


def test_long_date() -> None:
    assert formatting.long_date(datetime.date(2022, 11, 16)) == "16 november 2022"


def test_load_with_a_cache_reads_only_changed_files() -> None:
    from conftest import ROOT, real_corpus

    from finsam.format.corpus import load
    from finsam.format.sources import Source

    content = ROOT / "content"

    first = real_corpus()
    cache: dict = {}
    real = [
        Source(item.uri, item.path, (content / item.uri).read_bytes())
        for item in (*first.profiles.values(), *first.plans, *first.documents)
    ]
    once = load(real, cache)
    twice = load(real, cache)
    assert [p.uri for p in once.plans] == [p.uri for p in twice.plans]
    assert all(a is b for a, b in zip(once.plans, twice.plans, strict=True))
    changed = [
        s
        if not s.uri.endswith("2022.md")
        else Source(s.uri, s.path, s.data.replace(b"712729", b"712728"))
        for s in real
    ]
    thrice = load(changed, cache)
    varend = next(p for p in thrice.plans if p.uri.endswith("varend/2022.md"))
    assert varend.budget[0].costs[1].amount == 712728
    assert all(
        a is b
        for a, b in zip(once.plans, thrice.plans, strict=True)
        if not a.uri.endswith("2022.md")
    )
    assert len(cache) == len(real)


def test_parse_missing_colon_names_the_key_line_not_the_next() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("forbund: x\nunit tkr\nbudget:\n  2024: {}\n")
    assert caught.value.line == 3


# --- frontmatter: the YAML parser's errors in Swedish -------------------------------------------
#
# One broken front-matter for every message PyYAML's reader, scanner, parser and composer can give,
# with the file line the Swedish message must name (the front-matter starts on line 2).

YAML_ERRORS = {
    "tab in the indentation": ("a:\n\tb: 1\n", 3),
    "@ first in a value": ("owner: @kansliet\n", 2),
    "` first in a value": ("label: `Steg 1`\n", 2),
    "% first in a value": ("label: % av budgeten\n", 2),
    "a line without colon": ("forbund: x\nunit tkr\nbudget:\n  a: 1\n", 3),
    "a text continued at the start of a line": ("source: Plan och\nbudget 2024\nunit: tkr\n", 3),
    "a colon inside a value": ("label: Styrelse: arvoden\n", 2),
    "a field indented under a value": ("a: b\n  c: d\n", 3),
    "a list dash after text": ("label: - Kansli\n", 2),
    "? first in a value": ("label: ? Kansli\n", 2),
    "a line starting with %": ("%andel: 5\n", 2),
    "a YAML directive": ("%YAML 1.1\na: 1\n", 2),
    "a YAML directive without number": ("%YAML x\n---\na: 1\n", 2),
    "a YAML directive with a bad minor number": ("%YAML 1.x\n---\na: 1\n", 2),
    "a YAML directive without dot": ("%YAML 1 1\n---\na: 1\n", 2),
    "a YAML directive with letters after": ("%YAML 1.1x\n---\na: 1\n", 2),
    "a YAML directive with text after": ("%YAML 1.1 mer\n---\na: 1\n", 2),
    "a directive name with @": ("%Y@\n---\na: 1\n", 2),
    "a TAG directive without !": ("%TAG x y\n---\na: 1\n", 2),
    "a TAG directive with a bad handle": ("%TAG !a b\n---\na: 1\n", 2),
    "a TAG directive without prefix": ("%TAG ! \n---\na: 1\n", 2),
    "a TAG directive with a bad prefix": ("%TAG ! a%zz\n---\na: 1\n", 2),
    "a TAG directive without space": ("%TAG !!x\n---\na: 1\n", 2),
    "a duplicate YAML directive": ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 3),
    "YAML 2": ("%YAML 2.0\n---\na: 1\n", 2),
    "a duplicate TAG handle": ("%TAG ! a\n%TAG ! b\n---\na: 1\n", 3),
    "& first in a value": ("label: & övrigt\n", 2),
    "* first in a value": ("label: * stjärnmärkt\n", 2),
    "an anchor ending in a quote": ("label: &a'b x\n", 2),
    "an unclosed verbatim tag": ("label: !<abc x\n", 2),
    "a tag without space after": ("label: !<abc>x\n", 2),
    "an empty verbatim tag": ("label: !<> x\n", 2),
    "a tag with a bad escape": ("label: !<%zz> x\n", 2),
    "a tag with an escape that is not UTF-8": ("label: !<%ff> x\n", 2),
    "a tag handle not ending in !": ("label: !a-b!c x\n", 2),
    "an undefined tag handle": ("label: !x!y z\n", 2),
    "| first with text after": ("label: | Kansli\n", 2),
    "> and a digit": ("label: > 50 år\n", 2),
    "> and 0": ("label: >0\n  x\n", 2),
    "|+ and 0": ("label: |+0\n  x\n", 2),
    "> and a letter": ("label: >x\n", 2),
    "an unknown escape": ('path: "C:\\dokument"\n', 2),
    "a short \\x escape": ('label: "\\x4g"\n', 2),
    "a short \\u escape": ('label: "\\u12"\n', 2),
    "an unclosed double quote": ('label: "Kansli\nunit: tkr\n', 2),
    "an unclosed single quote": ("label: 'Kansli\nunit: tkr\n", 2),
    "a quote across a line with ---": ('label: "Kansli\n--- x\n"\n', 2),
    "a field indented wrongly": ("a:\n  b: 1\n c: 2\n", 4),
    "a list line indented wrongly": ("a:\n  - b\n - c\n", 4),
    "a field among list lines": ("a:\n  - 1\n  b: 2\n", 4),
    "a field after a list": ("- a\nb: 1\n", 3),
    "an unclosed [": ("members: [A, B\nunit: tkr\n", 2),
    "} closing a [": ("members: [A, B}\n", 2),
    "an unclosed {": ("- {label: Staten, amount: 8000\n- {label: Region}\n", 2),
    "a missing comma in {}": ("- {label: Staten category: state, amount: 8000}\n", 2),
    "an empty value in []": ("members: [A,, B]\n", 2),
    "] as a value": ("label: ]\n", 2),
    "a second document": ("a: 1\n--- b\n", 3),
    "a line starting with ...": ("a: 1\n... x\n", 3),
    "a control character": ("label: Kan\x07sli\n", 2),
    "a NUL character": ("label: x\n\nsource: Kan\x00sli\n", 4),
    "a date that does not exist": ("adopted: 2023-02-30\n", 2),
    "!!bool on a text": ("title: !!bool kanske\n", 2),
    "!!int on nothing": ("title: !!int ''\n", 2),
    "a local tag": ("label: !Viktigt\n", 2),
    "a Python tag": ("title: !!python/name:os.system x\n", 2),
    "<< as a key": ("<<: {title: x}\n", 2),
    "a lone surrogate escape": ('label: "\\ud83d"\n', 2),
    "an alias": ("source: &s Plan\ntitle: *s\n", 3),
    "a tag on a key": ("title: x\n!!str unit: tkr\n", 3),
    "a verbatim tag": ("amount: !<!belopp> 0x1A\n", 2),
    "a tag on a list": ("members: !!seq\n  - a\n", 2),
    "the non-specific tag": ("label: ! Kansli\n", 2),
    "a TAG directive": ("%TAG ! tag:yaml.org,2002:\n--- # x\namount: !int 1\n", 2),
    "a noncharacter escape": ('title: x\nlabel: "Kansli\\uFFFE"\n', 3),
}


def as_pattern(template: str | None) -> re.Pattern[str]:
    """Return a PyYAML message template as a pattern that matches its messages.

    None: any message or none.
    """
    if template is None:
        return re.compile(r"(?s).*")
    return re.compile(re.sub(r"%[rsd]", lambda _: ".+", re.escape(template).replace(r"\%", "%")))


def pyyaml_error(text: str) -> tuple[str | None, str | None]:
    """Return the (context, problem) PyYAML's pure-Python parser gives for a front-matter.

    Or (None, None).
    """
    try:
        frontmatter._Composer(frontmatter._LOADER(text)).root()
    except yaml.MarkedYAMLError as error:
        return error.context, error.problem
    except yaml.reader.ReaderError as error:
        return None, error.reason
    except FrontMatterError:
        pass
    return None, None


def test_every_pyyaml_message_has_a_broken_example() -> None:
    raised = [pyyaml_error(text) for text, _ in YAML_ERRORS.values()]
    templates = set(pyyaml_messages())
    assert len(templates) > 35, "PyYAML's source has changed its form: read it anew"
    missing = [
        (context, problem)
        for context, problem in templates
        if not any(
            as_pattern(context).fullmatch(c or "") and as_pattern(problem).fullmatch(p or "")
            for c, p in raised
            if c or p
        )
    ]
    # Unreachable through this reader: PyYAML's own composer, which it never runs (aliases are
    # refused as they come).
    unreachable = {
        (None, "found undefined alias %r"),
        ("found duplicate anchor %r; first occurrence", "second occurrence"),
    }
    assert set(missing) <= unreachable, missing
    assert {"while", "scanning", "found", "expected", "mapping", "token", "block"} <= ENGLISH_WORDS


@pytest.mark.parametrize(("text", "line"), YAML_ERRORS.values(), ids=YAML_ERRORS.keys())
def test_yaml_errors_are_explained_in_swedish_at_their_line(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    error = caught.value
    message = " ".join((error.expected, error.found, error.fix))
    assert error.line == line, message
    english = sorted(word for word in words(message) if word.lower() in ENGLISH_WORDS)
    assert not english, f"English from PyYAML: {english} in {message!r}"
    assert not re.search(r"""b'|'\\[a-z]|'<[a-z ]+>'|\(timestamp\)|#x[0-9a-f]{2}""", message), (
        f"Python's notation in {message!r}"
    )


def test_pyyaml_composer_errors_are_explained_in_swedish() -> None:
    for text, line in (("a: *x\n", 2), ("a: &x 1\nb: &x 2\n", 3)):
        with pytest.raises(yaml.MarkedYAMLError) as caught:
            yaml.compose(text, Loader=yaml.SafeLoader)
        error = frontmatter._yaml_error(caught.value)
        assert (error.line, error.found) == (line, "en YAML-referens (& och *)")


def test_a_message_the_translation_does_not_know_is_still_swedish() -> None:
    mark = yaml.Mark("<unicode string>", 4, 1, 0, "a: 1\nb\0", 5)
    error = frontmatter._yaml_error(
        yaml.MarkedYAMLError("while doing something new", mark, "found something", mark)
    )
    assert (error.line, error.expected, error.found) == (
        3,
        "giltig YAML",
        "en rad som YAML inte kan läsa",
    )


@pytest.mark.parametrize(
    ("character", "described"),
    [
        ("\t", "ett tabbtecken (U+0009)"),
        ("\x07", "styrtecknet BEL (U+0007)"),
        ("\x1b", "styrtecknet ESC (U+001B)"),
        ("\x02", "ett styrtecken (U+0002)"),
        ("@", 'tecknet "@"'),
        ("å", 'tecknet "å" (U+00E5)'),
        ('"', 'ett citattecken (")'),
        ("\xa0", "ett hårt mellanslag (U+00A0)"),
        ("\u200b", "ett osynligt mellanslag (U+200B)"),
        ("\ud83d", "en ogiltig teckenkod (U+D83D), en halva av ett teckenpar"),
        ("\ue000", "ett tecken för privat bruk (U+E000)"),
        ("\uffff", "en teckenkod utan tecken (U+FFFF)"),
    ],
)
def test_characters_are_described_in_swedish(character: str, described: str) -> None:
    assert describe_character(character) == described


def test_a_forbidden_character_is_described_without_python_notation() -> None:
    assert forbidden_character("Kan\x07sli") == "styrtecknet BEL (U+0007)"


def test_a_noncharacter_is_described_as_one() -> None:
    for character in ("\ufdd0", "\ufffe", "\U0001ffff", "\U0010fffe"):
        assert forbidden_character(f"a{character}") == (
            f"en teckenkod som aldrig är ett tecken (U+{ord(character):04X}), och som gör "
            "webbplatsens XML-filer ogiltiga"
        )


# --- frontmatter: values mean what they say -------------------------------------------------------


def test_the_resolver_types_only_what_the_contract_writes() -> None:
    for loader in (frontmatter._LOADER, frontmatter._FAST_LOADER):
        tags = {
            tag for resolvers in loader.yaml_implicit_resolvers.values() for tag, _ in resolvers
        }
        assert tags == {
            f"tag:yaml.org,2002:{kind}"
            for kind in ("int", "bool", "null", "timestamp", "merge", "value")
        }


@pytest.mark.parametrize(
    ("written", "read"), [ ("16000", 16000), ("-5", -5), ("0", 0), ("-0", "-0"), ("+5", "+5"),
    ("0700", "0700"), ("0x1A", "0x1A"), ("0o17", "0o17"), ("1_000", "1_000"), ("1:30", "1:30"),
    ("1.5", "1.5"), ("1e3", "1e3"), (".inf", ".inf"), ("true", True), ("false", False),
    ("True", "True"), ("yes", "yes"), ("off", "off"), ("~", None), ("null", None),
    ("2022-11-16", datetime.date(2022, 11, 16)), ("2022-1-6", "2022-1-6"),
    ("2022-11-16 10:00:00", "2022-11-16 10:00:00"), ("9" * 20, "9" * 20), ("٢٥٠٠", "٢٥٠٠"), ],
)  # fmt: skip
def test_a_plain_value_is_read_by_the_contract_not_by_yaml_11(written: str, read: object) -> None:
    for text in (
        f"a: {written}\n",
        f"a: [{written}]\n",
        f"a:\n  - {written}\n",
        f"b: 1\na: {written}\n# the YAML parser: \ta\n",
    ):
        node = parse(text).value["a"]
        value = node.value[0].value if node.is_sequence else node.value
        assert value == read and type(value) is type(read), (text, value)


def test_a_date_that_does_not_exist_is_an_error_and_no_constructor_reads_it() -> None:
    with pytest.raises(FrontMatterError) as caught:
        frontmatter._implicit_value("tag:yaml.org,2002:timestamp", "2023-02-29", 4, "adopted")
    assert (caught.value.line, caught.value.field, caught.value.expected) == (
        4,
        "adopted",
        "ett datum som finns, skrivet ÅÅÅÅ-MM-DD",
    )
    assert frontmatter._implicit_value(
        "tag:yaml.org,2002:timestamp", "2024-02-29"
    ) == datetime.date(2024, 2, 29)


def test_frontmatter_no_longer_holds_a_pyyaml_constructor() -> None:
    source = Path(frontmatter.__file__).read_text(encoding="utf-8")
    assert "Constructor" not in source and "construct_" not in source


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a: !!int 0x1A\n", 'typmarkeringen !!int före värdet "0x1A"'),
        (
            "a: [x, !<tag:yaml.org,2002:int> 5]\n",
            'typmarkeringen !<tag:yaml.org,2002:int> före värdet "5"',
        ),
        ("!!str k: v\n", 'typmarkeringen !!str före fältnamnet "k"'),
        ("a: &x !!map {b: 1}\n", "typmarkeringen !!map före en tabell"),
        ("a: !!seq\n  - 1\n", "typmarkeringen !!seq före en lista"),
        ("a: !x\n", "typmarkeringen !x utan något värde efter"),
        ("a: ! v\n", 'typmarkeringen ! före värdet "v"'),
        (
            "%TAG !e! tag:example.com,2024:\n--- # x\na: !e!int 5\n",
            (
                "en rad som börjar med %, ett YAML-direktiv som ger typmarkeringar (! och !!) en "
                "egen "
                "betydelse"
            ),
        ),
    ],
)
def test_a_tag_is_shown_as_written(text: str, found: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    assert caught.value.found == found


# --- schema: the contract's own rules for texts, dates, hosts and members -------------------------


@pytest.mark.parametrize(
    ("field", "checked"),
    [
        ("label", True),
        ("discrepancies[1].note", True),
        ("members[3]", True),
        ("population_16_64.source", True),
        ("county", False),
        ("description", False),
        ("where", False),
    ],
)
def test_the_fields_that_open_data_carries_are_checked_for_formulas(
    field: str, checked: bool
) -> None:
    reader = schema.Reader("x.md")
    assert (reader.text(Node("=1+1", 2), field) is None) is checked
    assert bool(reader.problems) is checked


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2022-11-16", datetime.date(2022, 11, 16)),
        (datetime.date(2022, 11, 16), datetime.date(2022, 11, 16)),
        ("20221116", None),
        ("2022-W46-3", None),
        ("2022-320", None),
        ("2022-02-30", None),
        (datetime.datetime(2022, 11, 16, 10), None),
    ],
)
def test_a_date_is_only_yyyy_mm_dd(written: object, read: datetime.date | None) -> None:
    reader = schema.Reader("x.md")
    assert reader.date(Node(written, 4), "adopted") == read
    assert bool(reader.problems) is (read is None)


def test_a_decimal_number_is_described_as_one() -> None:
    assert schema.describe("1.5") == "decimaltalet 1.5"
    assert schema.describe("1,5") == 'texten "1,5"'


@pytest.mark.parametrize(
    ("members", "missing"),
    [
        (["Försäkringskassan", "Arbetsförmedlingen", "Region Kronoberg", "Växjö kommun"], []),
        (
            [
                "Arbetsförmedlingen",
                "Försäkringskassan",
                "Stockholms läns landsting",
                "Södertälje kommun",
            ],
            [],
        ),
        (
            [
                "Försäkringskassan",
                "Arbetsförmedlingen",
                "Västra Götalandsregionen",
                "Göteborgs stad",
            ],
            [],
        ),
        (["Försäkringskassan", "Arbetsförmedlingen", "Region Gotland"], []),
        (["Försäkringskassan", "Arbetsförmedlingen", "Landstinget i Värmland", "Kommunen"], []),
        (["Region Kronoberg", "Växjö kommun"], ["Försäkringskassan", "Arbetsförmedlingen"]),
        (["Försäkringskassan", "Arbetsförmedlingen", "Växjö kommun"], ["en region"]),
        (
            ["Försäkringskassan", "Arbetsförmedlingen", "Region Kronoberg", "Regionförbundet"],
            ["en kommun"],
        ),
        (
            [
                "Försäkringskassans kontor",
                "Arbetsförmedlingen",
                "Regional utveckling",
                "Stadsdelen",
            ],
            ["Försäkringskassan", "en region", "en kommun"],
        ),
        ([], list(schema.PARTIES)),
    ],
)
def test_the_four_parties_are_known_by_their_names(members: list[str], missing: list[str]) -> None:
    assert schema.missing_parties(members) == missing


@pytest.mark.parametrize(
    ("url", "ascii_url"),
    [
        ("https://www.växjö.se/vp.pdf", "https://www.xn--vxj-qla6g.se/vp.pdf"),
        (
            "https://WWW.VÄXJÖ.SE:8443/vp.pdf?a=å#b",
            "https://www.xn--vxj-qla6g.se:8443/vp.pdf?a=å#b",
        ),
        ("http://kansli@www.ex\u0430mpel.se/", "http://kansli@www.xn--exmpel-4nf.se/"),
    ],
)
def test_a_host_that_is_not_ascii_is_shown_in_its_xn_form(url: str, ascii_url: str) -> None:
    found, fix = schema.host_problem(url)
    assert "tecken utanför ASCII" in found and fix.endswith(ascii_url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.exempel.se/växjö.pdf",
        "https://www.xn--vxj-qla6g.se/",
        "https://[x/",
        "inte en adress",
        "",
    ],
)
def test_an_ascii_host_or_no_host_is_no_host_problem(url: str) -> None:
    assert schema.host_problem(url) is None


def test_shared_org_numbers_name_the_first_file() -> None:
    from finsam.format.corpus import shared_org_numbers
    from finsam.format.model import Profile

    def profile(slug: str, number: str | None) -> Profile:
        return Profile(
            f"forbund/{slug}/index.md",
            f"content/forbund/{slug}/index.md",
            slug,
            slug,
            slug,
            "Län",
            (),
            org_number=number,
            org_number_line=5,
        )

    found = shared_org_numbers(
        [
            profile("c", "222000-2634"),
            profile("a", "222000-2634"),
            profile("b", None),
            profile("d", "222000-2635"),
        ]
    )
    assert [(p.path, p.line, p.field, p.found) for p in found] == [
        (
            "content/forbund/c/index.md",
            5,
            "org_number",
            "222000-2634, samma nummer som i content/forbund/a/index.md",
        )
    ]


def _example_messages(plan: str) -> list[str]:
    """Return the error messages of the error catalogue's example förbund with this plan."""
    from conftest import load_safely, messages

    from finsam.format.sources import Source
    from finsam.site.catalogue import PROFILE

    folder = "forbund/exempel"
    files = [(f"{folder}/index.md", PROFILE), (f"{folder}/2024.md", plan)]
    return messages(load_safely([Source(uri, f"content/{uri}", t.encode()) for uri, t in files]))


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Tkr", "tkr"),
        ("TKR", "tkr"),
        ("Mkr", "mkr"),
        ("kkr", "tkr"),
        ("tusen kronor", "tkr"),
        ("Miljoner kronor", "mkr"),
        ("SEK", "kr"),
        ("Kr", "kr"),
    ],
)
def test_a_wrong_unit_is_answered_with_the_unit_of_the_same_magnitude(
    written: str, meant: str
) -> None:
    from finsam.site.catalogue import PLAN

    found = _example_messages(PLAN.replace("unit: tkr", f"unit: {written}"))
    assert len(found) == 1 and "fältet unit" in found[0], found
    assert f"Gör så här: Menade du {meant}? " in found[0], found[0]


def test_a_category_in_capitals_is_answered_with_its_code() -> None:
    assert schema._likely("Administration", ("administration", "structural"), {}) == [
        "administration"
    ]


def test_a_misspelt_required_key_is_reported_once_as_a_misspelling() -> None:
    from finsam.site.catalogue import PLAN

    line = "{label: Staten, category: state, amount: 8000}"
    assert line in PLAN
    found = _example_messages(PLAN.replace(line, line.replace("category", "catgory")))
    assert len(found) == 1, found
    assert "det okända fältet catgory" in found[0] and "Menade du category?" in found[0]


def test_a_label_cut_at_a_comma_is_explained_as_such() -> None:
    from finsam.site.catalogue import PLAN

    found = _example_messages(PLAN.replace("{label: Staten,", "{label: Staten, Försäkringskassan,"))
    assert len(found) == 1, found
    assert "en text utan namn och kolon framför: Försäkringskassan" in found[0]
    assert 'label: "Staten, Försäkringskassan"' in found[0]


def test_an_empty_unknown_field_on_its_own_line_is_not_taken_for_a_comma() -> None:
    from finsam.site.catalogue import PLAN

    found = _example_messages(PLAN.replace("unit: tkr\n", "unit: tkr\nxyz:\n"))
    assert len(found) == 1 and "det okända fältet xyz" in found[0], found
