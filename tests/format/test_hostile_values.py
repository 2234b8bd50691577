"""Hostile values, written from the contract (PLAN-FORMAT.md, "Values are text, never markup").

Each is refused with a clear message, or loaded harmlessly.

- Front-matter is plain YAML: every form of tag (!!int, !x, !<…>, on values, keys, lists and
  tables, in block and flow style, with %TAG) is an error; every value YAML 1.1 would convert
  (hexadecimal, octal, sexagesimal, underscored, floats, yes/no/on/off, timestamps) is a text,
  judged by the schema's own rules; PyYAML's constructors never run.
- No text holds a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF), raw or written as an escape.
- A note or a member does not start with = + - @, a tab or a carriage return.
- A source_url or website host is ASCII; the message shows its xn-- form.
- A profile's members include the four parties; two profiles do not share an org_number.

A refused value gives an error with its file, line and field, Förväntat, Hittat and Gör så här,
never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re

import pytest
import yaml
from conftest import load_safely as loaded

from finsam.format import frontmatter, schema
from finsam.format.corpus import load
from finsam.format.frontmatter import FrontMatterError, parse
from finsam.format.model import Corpus
from finsam.format.sources import Source
from finsam.problems import Problem, errors


def Q(text: str) -> str:  # noqa: N802 - short, used in many table rows
    """Return a YAML double-quoted scalar: JSON's escapes (\\uXXXX, \\t, \\r) are YAML's."""
    return json.dumps(text)


PROFILE = """---
name: {name}
short_name: {short_name}
county: {county}
{org_number}members:
{members}
population_16_64: {{value: 1000, year: 2021, source: {population_source}}}
website: {website}
---
Förbundets text.
"""
PROFILE_VALUES = {
    "name": "Samordningsförbundet Exempel",
    "short_name": "Exempel",
    "county": "Exempels län",
    "org_number": "",
    "members": (
        "  - Försäkringskassan\n  - Arbetsförmedlingen\n  - Region Exempel\n  - Exempels kommun"
    ),
    "population_source": "SCB",
    "website": "https://www.exempel.se",
}
PLAN = """---
title: {title}
forbund: exempel
year: 2023
adopted: {adopted}
source: {source}
source_url: {source_url}
unit: tkr
budget:
  2023:
    income:
      - {{label: Medlemsavgifter, category: members, amount: 16000}}
      - {{label: {label}, category: external, amount: {amount}}}
    costs:
      - label: Insatser
        category: individual
        amount: 18500
        items:
          - {{label: Steget, owner: {owner}, amount: 18500}}
    costs_total: 18000
discrepancies:
  - where: budget.2023.costs
    printed: 18000
    computed: 18500
    note: {note}
    confirmed: {confirmed}
---
Planens text.
"""
PLAN_VALUES = {
    "title": "Verksamhetsplan 2023",
    "adopted": "2022-11-16",
    "source": "Verksamhetsplan och budget 2023",
    "source_url": "https://www.exempel.se/vp-2023.pdf",
    "label": "ESF-medel",
    "amount": "2500",
    "owner": "Exempels kommun",
    "note": "Raderna summerar till 18 500 tkr.",
    "confirmed": "true",
}
DOCUMENT = (
    "---\ntitle: {title}\ndate: 2023-03-01\nsource: Protokoll\ndescription: {description}\n---\n"
    "Text.\n"
)


def line_of(template: str, name: str) -> int:
    """Return the file line of a value in a template: the line of its {name}."""
    return next(
        number for number, line in enumerate(template.split("\n"), 1) if f"{{{name}}}" in line
    )


PLAN_LINES = {name: line_of(PLAN, name) for name in PLAN_VALUES}
PLAN_FIELDS = {
    "title": "title",
    "adopted": "adopted",
    "source": "source",
    "source_url": "source_url",
    "label": "budget.2023.income[2].label",
    "amount": "budget.2023.income[2].amount",
    "owner": "budget.2023.costs[1].items[1].owner",
    "note": "discrepancies[1].note",
    "confirmed": "discrepancies[1].confirmed",
}


def key_line(text: str, key: str) -> int:
    """Return the file line of a key in a file's text."""
    return next(
        number for number, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key}:")
    )


_PROFILE_TEXT = PROFILE.format(**PROFILE_VALUES)
PROFILE_LINES = {
    name: key_line(_PROFILE_TEXT, key)
    for name, key in (
        ("name", "name"),
        ("short_name", "short_name"),
        ("county", "county"),
        ("population_source", "population_16_64"),
        ("website", "website"),
    )
}
MEMBERS_LINE = (
    key_line(_PROFILE_TEXT, "members") + 1
)  # the first member's line, where the list starts
ORG_NUMBER_LINE = key_line(
    PROFILE.format(**{**PROFILE_VALUES, "org_number": "org_number: 222000-2634\n"}), "org_number"
)
PROFILE_FIELDS = {
    "name": "name",
    "short_name": "short_name",
    "county": "county",
    "population_source": "population_16_64.source",
    "website": "website",
}
INDEX = "content/forbund/exempel/index.md"
PLAN_PATH = "content/forbund/exempel/2023.md"


def files(
    plan: dict[str, str] | None = None,
    profile: dict[str, str] | None = None,
    document: dict[str, str] | None = None,
) -> list[Source]:
    """Return a förbund with a profile and a plan (and a document).

    Some values are replaced by YAML as written.
    """
    found = [
        Source(
            "forbund/exempel/index.md",
            INDEX,
            PROFILE.format(**{**PROFILE_VALUES, **(profile or {})}).encode("utf-8"),
        ),
        Source(
            "forbund/exempel/2023.md",
            PLAN_PATH,
            PLAN.format(**{**PLAN_VALUES, **(plan or {})}).encode("utf-8"),
        ),
    ]
    if document is not None:
        text = DOCUMENT.format(**{"title": "Protokoll", "description": "Mötet", **document})
        found.append(
            Source(
                "forbund/exempel/protokoll.md",
                "content/forbund/exempel/protokoll.md",
                text.encode("utf-8"),
            )
        )
    return found


def refusal(
    sources: list[Source], path: str, line: int | None, field: str | None, *fragments: str
) -> Problem:
    """Return the one error at a file, line and field.

    Assert it is complete and holds each fragment.
    """
    found = errors(loaded(sources).problems)
    matching = [p for p in found if p.path == path and p.line == line and p.field == field]
    shown = "\n\n".join(p.message() for p in found)
    assert matching, f"no error at {path}, rad {line}, fältet {field}; errors were:\n\n{shown}"
    message = matching[0].message()
    assert "Förväntat: " in message and "Hittat: " in message and "Gör så här: " in message, message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    return matching[0]


def accepted(sources: list[Source]) -> Corpus:
    corpus = loaded(sources)
    assert [p.message() for p in errors(corpus.problems)] == []
    return corpus


def test_the_templates_are_valid() -> None:
    corpus = accepted(files(document={}))
    plan = corpus.plans[0]
    assert (plan.adopted, plan.discrepancies[0].confirmed, plan.budget[0].income[1].amount) == (
        datetime.date(2022, 11, 16),
        True,
        2500,
    )
    lines = PLAN.format(**PLAN_VALUES).split("\n")
    assert all(PLAN_VALUES[name] in lines[line - 1] for name, line in PLAN_LINES.items())
    profile_lines = PROFILE.format(**PROFILE_VALUES).split("\n")
    assert all(
        PROFILE_VALUES[name] in profile_lines[line - 1] for name, line in PROFILE_LINES.items()
    )
    assert (
        profile_lines[MEMBERS_LINE - 1] == "  - Försäkringskassan"
        and profile_lines[MEMBERS_LINE - 2] == "members:"
    )


# --- tags: every form is an error -----------------------------------------------------------------

TAGGED = {
    "!!int on an amount": ("amount", "!!int 2500", "!!int"),
    "!!int on hexadecimal": ("amount", "!!int 0x9C4", "!!int"),
    "!!int on octal": ("amount", "!!int 0o4704", "!!int"),
    "!!int on sexagesimal": ("amount", "!!int 41:40", "!!int"),
    "!!int on underscores": ("amount", "!!int 2_500", "!!int"),
    "!!int on other digits": ("amount", "!!int ٢٥٠٠", "!!int"),
    "!!float": ("amount", "!!float 2500", "!!float"),
    "!!str on a number": ("amount", "!!str 2500", "!!str"),
    "!!bool yes": ("confirmed", "!!bool yes", "!!bool"),
    "!!bool true": ("confirmed", "!!bool true", "!!bool"),
    "!!str on true": ("confirmed", "!!str true", "!!str"),
    "!!timestamp": ("adopted", "!!timestamp 2022-11-16", "!!timestamp"),
    "!!null": ("title", "!!null", "!!null"),
    "!!binary": ("label", "!!binary RVNGLW1lZGVs", "!!binary"),
    "!!python/name": ("source", "!!python/name:os.system", "!!python/name:os.system"),
    "!!python/object/apply": (
        "source",
        "!!python/object/apply:os.system [echo hej]",
        "!!python/object/apply:os.system",
    ),
    "a local tag": ("note", "!viktigt Raderna summerar fel.", "!viktigt"),
    "the non-specific tag": ("note", "! Raderna summerar fel.", "!"),
    "a verbatim tag": ("amount", "!<tag:yaml.org,2002:int> 2500", "!<tag:yaml.org,2002:int>"),
    "a verbatim local tag": ("label", "!<!x> ESF-medel", "!<!x>"),
    "a tag after an anchor": ("label", "&a !!str ESF-medel", "!!str"),
    "a tag on a quoted text": ("source", '!!str "Verksamhetsplan 2023"', "!!str"),
    "a tag with nothing after": ("title", "!!str", "!!str"),
    "!!map on a table": ("title", "!!map {a: 1}", "!!map"),
    "!!seq on a list": ("title", "!!seq [a, b]", "!!seq"),
    "!!set": ("title", "!!set {a, b}", "!!set"),
    "!!omap": ("title", "!!omap [a: 1]", "!!omap"),
}


@pytest.mark.parametrize(("name", "value", "written"), TAGGED.values(), ids=TAGGED.keys())
def test_a_tagged_plan_value_is_refused(name: str, value: str, written: str) -> None:
    refusal(
        files({name: value}),
        PLAN_PATH,
        PLAN_LINES[name],
        PLAN_FIELDS[name],
        "utan typmarkering",
        "som läses så som det står",
        f"typmarkeringen {written} ",
        "Ta bort typmarkeringen",
    )


@pytest.mark.parametrize(
    ("text", "line", "field", "written"),
    [
        ("!!str title: x\n", 2, None, "!!str"),
        ("? !!str title\n: x\n", 2, None, "!!str"),
        ("budget:\n  !!int 2023: {}\n", 3, "budget", "!!int"),
        ("members: [a, !!str b]\n", 2, "members[2]", "!!str"),
        ("members:\n  - a\n  - !x b\n", 4, "members[2]", "!x"),
        (
            "budget: {2023: {costs: [{label: a, amount: !!int 1}]}}\n",
            2,
            "budget.2023.costs[1].amount",
            "!!int",
        ),
        ("budget:\n  2023:\n    costs: !!seq\n      - a\n", 4, "budget.2023.costs", "!!seq"),
        ("title: !!map\n  a: 1\n", 2, "title", "!!map"),
        ("title: !<tag:yaml.org,2002:str> x\n", 2, "title", "!<tag:yaml.org,2002:str>"),
        (
            "title: !e!x y\n",
            None,
            None,
            None,
        ),  # an undefined handle: a syntax error, refused as such
    ],
)
def test_a_tag_anywhere_is_refused_where_it_stands(
    text: str, line: int | None, field: str | None, written: str | None
) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    error = caught.value
    if written is None:
        assert "!" in error.found and "citattecken" in error.fix
        return
    assert (error.line, error.field, error.expected) == (line, field, frontmatter._TAG_EXPECTED)
    assert error.found.startswith(f"typmarkeringen {written} ")
    assert (
        frontmatter._simple_tree(text) is None
    )  # the direct reader never reads a tag: YAML's events decide


def test_a_tag_directive_is_refused_at_its_line() -> None:
    plan = PLAN.format(**PLAN_VALUES).replace(
        "---\ntitle:", "---\n%TAG ! tag:yaml.org,2002:\n--- # planen\ntitle:", 1
    )
    refusal(exempel_plan(plan), PLAN_PATH, 2, None, "utan YAML-direktiv", "en rad som börjar med %")
    unused = PLAN.format(**PLAN_VALUES).replace(
        "---\ntitle:", "---\n%TAG !e! tag:example.com,2024:\n--- # planen\ntitle:", 1
    )
    refusal(exempel_plan(unused), PLAN_PATH, 2, None, "utan YAML-direktiv")
    plain = PLAN.format(**PLAN_VALUES).replace(
        "---\ntitle:", "---\n%YAML 1.1\n--- # planen\ntitle:", 1
    )
    accepted(exempel_plan(plain))  # a version directive changes no value's meaning


def exempel_plan(text: str) -> list[Source]:
    return [files()[0], Source("forbund/exempel/2023.md", PLAN_PATH, text.encode("utf-8"))]


def test_tags_in_profiles_and_documents_are_refused() -> None:
    refusal(
        files(profile={"name": "!!str Samordningsförbundet Exempel"}),
        INDEX,
        2,
        "name",
        "typmarkeringen !!str ",
    )
    refusal(
        files(
            profile={
                "members": (
                    "  - !!str Försäkringskassan\n  - Arbetsförmedlingen\n  - Region Exempel\n"
                    "  - Exempels kommun"
                )
            }
        ),
        INDEX,
        MEMBERS_LINE,
        "members[1]",
        "typmarkeringen !!str ",
    )
    refusal(
        files(document={"title": "!!binary UHJvdG9rb2xs"}),
        "content/forbund/exempel/protokoll.md",
        2,
        "title",
        "typmarkeringen !!binary ",
    )


def test_pyyaml_constructors_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a PyYAML constructor ran")

    for constructor in (yaml.constructor.BaseConstructor, yaml.constructor.SafeConstructor):
        for method in (
            "construct_object",
            "construct_document",
            "construct_scalar",
            "construct_yaml_int",
            "construct_yaml_bool",
            "construct_yaml_timestamp",
        ):
            if hasattr(constructor, method):
                monkeypatch.setattr(constructor, method, refuse, raising=False)
    texts = [
        "a: 1\nb: true\nc: 2022-11-16\nd: ~\ne: 0x1A\nf: 1.5\ng: [1, 2]\n",
        "a: !!int 1\n",
        "a: !!bool yes\n",
        "a: !!timestamp 2022-11-16\n",
        "a: !!binary aGVq\n",
        "a: !!float 1\n",
        "a: [1, !!int 2]\n",
        "a: {b: !!str 1}\n",
        "a: !!set {b}\n",
        "a: 2022-02-30\n",
        '"a\\u00e5": "\\x41"\n',
        "a:\n  - 2023\n  - -5\n  - " + "9" * 40 + "\n",
    ]
    for text in texts:
        with contextlib.suppress(FrontMatterError):
            parse(text)
    assert parse("a: 1\nb: true\nc: 2022-11-16\nd: ~\n").value["c"].value == datetime.date(
        2022, 11, 16
    )


# --- every value YAML 1.1 would convert is text, judged by the schema -----------------------------

NOT_AMOUNTS = [
    "0x9C4", "0o4704", "0b100111000100", "41:40", "2_500", "2500.0", "2.5e3", "2.5E+3", ".inf",
    "-.inf", ".nan", "+2500", "٢٥٠٠", "２５００", "²⁵⁰⁰", "yes", "on", "true", "~", "null",
    "2023-01-01", '"2 500,0"', "2500 kr", "1e3", "0x9c4",
]  # fmt: skip


@pytest.mark.parametrize("written", NOT_AMOUNTS)
def test_an_amount_in_another_yaml_notation_is_refused_as_written(written: str) -> None:
    problem = refusal(
        files({"amount": written}),
        PLAN_PATH,
        PLAN_LINES["amount"],
        "budget.2023.income[2].amount",
        "ett belopp i tkr",
    )
    shown = {
        "~": "ett tomt värde",
        "null": "ett tomt värde",
        "true": "sanningsvärdet true",
        "2023-01-01": "datumet 2023-01-01",
    }.get(written, written.strip('"'))
    assert shown in problem.found, (
        problem.found
    )  # the value as written, never as YAML 1.1 would convert it (0x9C4 is not 2500)


@pytest.mark.parametrize("written", ["2500", '"2500"', '"2 500"', '"2\u00a0500"', '"2\u202f500"'])
def test_an_amount_as_the_contract_writes_it_is_read(written: str) -> None:
    assert accepted(files({"amount": written})).plans[0].budget[0].income[1].amount == 2500


@pytest.mark.parametrize("written", ["04704", "004704", '"04704"'])
def test_an_amount_with_a_leading_zero_is_decimal_never_octal(written: str) -> None:
    assert (
        accepted(files({"amount": written})).plans[0].budget[0].income[1].amount == 4704
    )  # YAML 1.1 would read 2500


@pytest.mark.parametrize(
    "written",
    [
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "True",
        "FALSE",
        "1",
        "0",
        '"true"',
        "~",
        "!!bool true",
        "!!bool 1",
    ],
)
def test_confirmed_is_only_true_or_false_as_written(written: str) -> None:
    refusal(
        files({"confirmed": written}),
        PLAN_PATH,
        PLAN_LINES["confirmed"],
        "discrepancies[1].confirmed",
    )


@pytest.mark.parametrize(("written", "confirmed"), [("true", True), ("false", False)])
def test_confirmed_true_and_false_are_read(written: str, confirmed: bool) -> None:
    assert accepted(files({"confirmed": written})).plans[0].discrepancies[0].confirmed is confirmed


@pytest.mark.parametrize(
    "written",
    [
        "2022-11-16 10:00:00",
        "2022-11-16T10:00:00Z",
        "2022-11-16t10:00:00.5-05:00",
        "2022-1-6",
        "20221116",
        '"20221116"',
        '"2022-W46-3"',
        '"2022-320"',
        "16 november 2022",
        "2022-02-30",
        '"2022-02-30"',
        "2022.11.16",
    ],
)
def test_adopted_is_only_an_iso_date(written: str) -> None:
    refusal(files({"adopted": written}), PLAN_PATH, PLAN_LINES["adopted"], "adopted", "ÅÅÅÅ-MM-DD")


@pytest.mark.parametrize("written", ["2022-11-16", '"2022-11-16"', "'2022-11-16'"])
def test_adopted_as_the_contract_writes_it_is_read(written: str) -> None:
    assert accepted(files({"adopted": written})).plans[0].adopted == datetime.date(2022, 11, 16)


LOOKALIKE_LABELS = [
    "0x9C4",
    "0o17",
    "017",
    "1:30",
    "1_000",
    "1.10",
    "1.0e+3",
    ".inf",
    ".NaN",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "True",
    "2022-1-6",
    "2001-12-14 21:59:43.10 -5",
    "<<x",
    "x=",
    "1 000",
]


@pytest.mark.parametrize("written", LOOKALIKE_LABELS)
def test_a_label_yaml_11_would_convert_is_kept_as_written(written: str) -> None:
    plan = accepted(files({"label": written})).plans[0]
    assert plan.budget[0].income[1].label == written


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL", ""])
def test_an_empty_label_is_refused_as_empty(written: str) -> None:
    refusal(
        files({"label": written}),
        PLAN_PATH,
        PLAN_LINES["label"],
        PLAN_FIELDS["label"],
        "ett tomt värde",
    )


@pytest.mark.parametrize("written", ["0x7E7", "2_023", "2023.0", "+2023", "03727", "!!int 2023"])
def test_a_year_in_another_notation_is_refused(written: str) -> None:
    text = PLAN.format(**PLAN_VALUES).replace("year: 2023\n", f"year: {written}\n", 1)
    refusal(exempel_plan(text), PLAN_PATH, 4, "year")


@pytest.mark.parametrize("written", ["0x7E7", "2_023", "2023.0", "+2023", "!!int 2023"])
def test_a_budget_year_in_another_notation_is_refused(written: str) -> None:
    text = PLAN.format(**PLAN_VALUES).replace(
        "  2023:\n", f"  2023:\n    income: []\n    costs: []\n  {written}:\n", 1
    )
    assert errors(loaded(exempel_plan(text)).problems)


# --- noncharacters, raw or as escapes, in every text ----------------------------------------------

NONCHARACTER_ESCAPES = {
    "\\uFFFE": "U+FFFE", "\\uffff": "U+FFFF", "\\uFDD0": "U+FDD0", "\\uFDEF": "U+FDEF",
    "\\U0001FFFE": "U+1FFFE", "\\U0002FFFF": "U+2FFFF", "\\U000EFFFE": "U+EFFFE",
    "\\U0010FFFE": "U+10FFFE", "\\U0010FFFF": "U+10FFFF",
}  # fmt: skip
PLAN_TEXTS = ("title", "source", "label", "owner", "note")
PROFILE_TEXTS = ("name", "short_name", "county", "population_source")


def escaped(text: str, escape: str) -> str:
    """Return a double-quoted YAML text with an escape inside it, as an editor could write it."""
    return '"' + text[:3] + escape + text[3:] + '"'


@pytest.mark.parametrize("escape", NONCHARACTER_ESCAPES, ids=NONCHARACTER_ESCAPES.values())
@pytest.mark.parametrize("name", PLAN_TEXTS)
def test_a_noncharacter_escape_in_a_plan_text_is_refused(name: str, escape: str) -> None:
    value = escaped(PLAN_VALUES[name], escape)
    refusal(
        files({name: value}),
        PLAN_PATH,
        PLAN_LINES[name],
        PLAN_FIELDS[name],
        NONCHARACTER_ESCAPES[escape],
        "aldrig är ett tecken",
        "Ta bort tecknet",
    )


@pytest.mark.parametrize("escape", NONCHARACTER_ESCAPES, ids=NONCHARACTER_ESCAPES.values())
@pytest.mark.parametrize("name", PROFILE_TEXTS)
def test_a_noncharacter_escape_in_a_profile_text_is_refused(name: str, escape: str) -> None:
    value = escaped(PROFILE_VALUES[name], escape)
    refusal(
        files(profile={name: value}),
        INDEX,
        PROFILE_LINES[name],
        PROFILE_FIELDS[name],
        NONCHARACTER_ESCAPES[escape],
    )


@pytest.mark.parametrize("escape", NONCHARACTER_ESCAPES, ids=NONCHARACTER_ESCAPES.values())
def test_a_noncharacter_escape_in_a_member_is_refused(escape: str) -> None:
    members = (
        f"  - Försäkringskassan\n  - {escaped('Arbetsförmedlingen', escape)}\n  - Region Exempel\n"
        "  - Exempels kommun"
    )
    refusal(
        files(profile={"members": members}),
        INDEX,
        MEMBERS_LINE + 1,
        "members[2]",
        NONCHARACTER_ESCAPES[escape],
    )


@pytest.mark.parametrize("name", ["title", "description"])
@pytest.mark.parametrize("escape", ["\\uFFFE", "\\U0010FFFF", "\\uFDD5"])
def test_a_noncharacter_escape_in_a_document_text_is_refused(name: str, escape: str) -> None:
    refusal(
        files(document={name: escaped("Protokoll", escape)}),
        "content/forbund/exempel/protokoll.md",
        2 if name == "title" else 5,
        name,
        "aldrig är ett tecken",
    )


@pytest.mark.parametrize("raw", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
@pytest.mark.parametrize("quoted", [False, True])
def test_a_raw_noncharacter_is_refused(raw: str, quoted: bool) -> None:
    value = f"Kan{raw}sli"
    refusal(
        files({"label": f'"{value}"' if quoted else value}),
        PLAN_PATH,
        PLAN_LINES["amount"],
        PLAN_FIELDS["label"],
        "aldrig är ett tecken",
    )


@pytest.mark.parametrize("raw", ["\ufffe", "\uffff"])
def test_a_raw_noncharacter_of_the_basic_plane_is_refused_by_yaml_itself(raw: str) -> None:
    refusal(
        files({"label": f"Kan{raw}sli"}), PLAN_PATH, PLAN_LINES["amount"], None, "otillåtet tecken"
    )


@pytest.mark.parametrize(
    ("escape", "described"),
    [
        ("\\x07", "BEL"),
        ("\\x85", "U+0085"),
        ("\\x9f", "U+009F"),
        ("\\u202e", "vänder textens riktning"),
        ("\\ue000", "privat bruk"),
        ("\\e", "ESC"),
        ("\\0", "NUL"),
    ],
)
def test_other_characters_no_text_may_hold_are_refused_as_escapes(
    escape: str, described: str
) -> None:
    refusal(
        files({"note": escaped(PLAN_VALUES["note"], escape)}),
        PLAN_PATH,
        PLAN_LINES["note"],
        "discrepancies[1].note",
        described,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Kansli \\u00e5\\u00e4\\u00f6",
        "Kansli \\uFFFD",
        "Kansli \\U0001F642",
        "Kansli \\uFDCF \\uFDF0",
        "Kansli \\x41",
    ],
)
def test_escapes_of_ordinary_characters_are_read(text: str) -> None:
    plan = accepted(files({"label": f'"{text}"'})).plans[0]
    assert plan.budget[0].income[1].label == text.encode("ascii").decode("unicode_escape")


def test_every_noncharacter_is_forbidden_and_its_neighbours_are_not() -> None:
    noncharacters = [
        *range(0xFDD0, 0xFDF0),
        *(plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)),
    ]
    assert len(noncharacters) == 66
    assert all(frontmatter.forbidden_character(f"a{chr(code)}b") for code in noncharacters)
    assert not any(
        frontmatter.forbidden_character(chr(code))
        for code in (0xFDCF, 0xFDF0, 0xFFFD, 0x1FFFD, 0x10000, 0x10FFFD)
    )


# --- formula starts in notes and members ----------------------------------------------------------

FORMULA_STARTS = {
    "=": "tecknet =",
    "+": "tecknet +",
    "-": "tecknet -",
    "@": "tecknet @",
    "\t": "ett tabbtecken",
    "\r": "en vagnretur",
}


@pytest.mark.parametrize(
    "start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"]
)
def test_a_note_that_starts_like_a_formula_is_refused(start: str) -> None:
    value = Q(start + "SUMMA(A1:A9) stämmer inte")
    refusal(
        files({"note": value}),
        PLAN_PATH,
        PLAN_LINES["note"],
        "discrepancies[1].note",
        f"som börjar med {FORMULA_STARTS[start]}",
        "Ta bort tecknet",
        "kalkylprogram",
    )


@pytest.mark.parametrize(
    "start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"]
)
def test_a_member_that_starts_like_a_formula_is_refused(start: str) -> None:
    members = (
        "  - Försäkringskassan\n  - Arbetsförmedlingen\n  - Region Exempel\n"
        f"  - {Q(start + 'Exempels kommun')}"
    )
    refusal(
        files(profile={"members": members}),
        INDEX,
        MEMBERS_LINE + 3,
        "members[4]",
        f"som börjar med {FORMULA_STARTS[start]}",
        "Ta bort tecknet",
    )


def test_a_negative_number_as_a_note_is_refused_and_a_formula_inside_a_text_is_not() -> None:
    refusal(
        files({"note": "-500"}),
        PLAN_PATH,
        PLAN_LINES["note"],
        "discrepancies[1].note",
        "som börjar med tecknet -",
    )
    corpus = accepted(files({"note": "Summan =SUMMA(A1:A9) och +46 8 i texten"}))
    assert corpus.plans[0].discrepancies[0].note == "Summan =SUMMA(A1:A9) och +46 8 i texten"


# --- hosts: ASCII, with the xn-- form shown -------------------------------------------------------

LOOKALIKE_HOSTS = {
    "www.växjö.se": "www.xn--vxj-qla6g.se",
    "www.ex\u0430mpel.se": "www.xn--exmpel-4nf.se",  # a Cyrillic а
    "www.exemp\u0435l.se": None,  # a Cyrillic е: the form is shown too, whatever it is
    "www.\u03bfrebro.se": None,  # a Greek ο
    "www.ｅxempel.se": "www.exempel.se",  # full-width letters: IDNA maps them to ASCII
    "xn--vxj-qla6g.sе": None,  # an ASCII label and a Cyrillic е in the top-level domain
}


@pytest.mark.parametrize("host", LOOKALIKE_HOSTS)
def test_a_source_url_host_that_is_not_ascii_is_refused_with_its_xn_form(host: str) -> None:
    problem = refusal(
        files({"source_url": f"https://{host}/vp-2023.pdf"}),
        PLAN_PATH,
        PLAN_LINES["source_url"],
        "source_url",
        "tecken utanför ASCII",
    )
    ascii_host = LOOKALIKE_HOSTS[host] or host.encode("idna").decode("ascii")
    assert f"https://{ascii_host}/vp-2023.pdf" in problem.fix
    assert all(f"(U+{ord(char):04X})" in problem.found for char in host if not char.isascii())


@pytest.mark.parametrize("host", LOOKALIKE_HOSTS)
def test_a_website_host_that_is_not_ascii_is_refused_with_its_xn_form(host: str) -> None:
    problem = refusal(
        files(profile={"website": f"http://{host}:8080/om-oss"}),
        INDEX,
        PROFILE_LINES["website"],
        "website",
        "tecken utanför ASCII",
    )
    ascii_host = LOOKALIKE_HOSTS[host] or host.encode("idna").decode("ascii")
    assert f"http://{ascii_host}:8080/om-oss" in problem.fix


def test_a_host_without_an_ascii_form_is_refused_without_one() -> None:
    host = "www." + "ä" * 70 + ".se"  # a label too long for IDNA
    problem = refusal(
        files({"source_url": f"https://{host}/vp.pdf"}),
        PLAN_PATH,
        PLAN_LINES["source_url"],
        "source_url",
        "tecken utanför ASCII",
        "a–z",
    )
    assert "xn--" not in problem.fix


@pytest.mark.parametrize(
    "url",
    [
        "https://www.xn--vxj-qla6g.se/vp-2023.pdf",
        "https://www.exempel.se/dokument/v%C3%A4xj%C3%B6.pdf",
        "https://www.exempel.se/växjö.pdf",
    ],
)
def test_an_ascii_host_is_read_whatever_the_path_holds(url: str) -> None:
    assert accepted(files({"source_url": url})).plans[0].source_url == url


@pytest.mark.parametrize(
    "url", ["https://[x/vp.pdf", "https://[::1/vp.pdf", "https://exempel.se]/vp.pdf"]
)
def test_an_address_python_cannot_split_is_an_error_not_a_traceback(url: str) -> None:
    refusal(
        files({"source_url": url}),
        PLAN_PATH,
        PLAN_LINES["source_url"],
        "source_url",
        "inte är en giltig webbadress",
    )


# --- the four parties ----------------------------------------------------------------------------

PARTIES_MISSING = {
    "no Försäkringskassan": (
        ["Arbetsförmedlingen", "Region Exempel", "Exempels kommun", "Annans kommun"],
        "Försäkringskassan",
    ),
    "no Arbetsförmedlingen": (
        ["Försäkringskassan", "Region Exempel", "Exempels kommun", "Annans kommun"],
        "Arbetsförmedlingen",
    ),
    "neither state party": (
        ["Region Exempel", "Exempels kommun", "Annans kommun", "Tredje kommun"],
        "Försäkringskassan eller Arbetsförmedlingen",
    ),
    "no region": (
        ["Försäkringskassan", "Arbetsförmedlingen", "Exempels kommun", "Annans kommun"],
        "en region",
    ),
    "no municipality": (
        ["Försäkringskassan", "Arbetsförmedlingen", "Region Exempel", "Region Annan"],
        "en kommun",
    ),
    "a look-alike of Försäkringskassan": (
        ["Försäkringskassa", "Arbetsförmedlingen", "Region Exempel", "Exempels kommun"],
        "Försäkringskassan",
    ),
    "four other names": (
        ["Kansliet", "Styrelsen", "Revisorerna", "Ordföranden"],
        "Försäkringskassan, Arbetsförmedlingen, en region eller en kommun",
    ),
}


@pytest.mark.parametrize(
    ("members", "missing"), PARTIES_MISSING.values(), ids=PARTIES_MISSING.keys()
)
def test_a_profile_without_one_of_the_four_parties_is_refused(
    members: list[str], missing: str
) -> None:
    text = "".join(f"  - {member}\n" for member in members).rstrip("\n")
    refusal(
        files(profile={"members": text}),
        INDEX,
        MEMBERS_LINE,
        "members",
        "de fyra parterna",
        f"ingen medlem som är {missing}",
        "Lista alla förbundets medlemmar",
    )


def test_two_missing_parties_are_one_message() -> None:
    problem = refusal(
        files(profile={"members": "  - Försäkringskassan\n  - Arbetsförmedlingen"}),
        INDEX,
        MEMBERS_LINE,
        "members",
        "de fyra parterna",
    )
    assert problem.found == "ingen medlem som är en region eller en kommun"
    assert (
        len(
            [
                p
                for p in errors(
                    loaded(
                        files(profile={"members": "  - Försäkringskassan\n  - Arbetsförmedlingen"})
                    ).problems
                )
                if p.field == "members"
            ]
        )
        == 1
    )


def test_region_gotland_is_the_region_and_the_kommun_of_three_members() -> None:
    corpus = loaded(
        files(
            profile={"members": "  - Försäkringskassan\n  - Arbetsförmedlingen\n  - Region Gotland"}
        )
    )
    assert [p.message() for p in errors(corpus.problems)] == []


PARTIES_PRESENT = {
    "as the contract writes them": [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Kronoberg",
        "Växjö kommun",
    ],
    "a landsting": [
        "Arbetsförmedlingen",
        "Försäkringskassan",
        "Stockholms läns landsting",
        "Södertälje kommun",
    ],
    "Landstinget": [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Landstinget Sörmland",
        "Nyköpings kommun",
    ],
    "Västra Götalandsregionen and a stad": [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Västra Götalandsregionen",
        "Göteborgs stad",
    ],
    "Region Gotland, both region and municipality": [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Gotland",
        "Samordningsförbundets kansli",
    ],
    "in another case and order": [
        "växjö kommun",
        "REGION KRONOBERG",
        "arbetsförmedlingen",
        "försäkringskassan",
    ],
    "Jämtland Härjedalen": [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Jämtland Härjedalen",
        "Östersunds kommun",
        "Krokoms kommun",
    ],
}


@pytest.mark.parametrize("members", PARTIES_PRESENT.values(), ids=PARTIES_PRESENT.keys())
def test_a_profile_with_the_four_parties_is_read(members: list[str]) -> None:
    text = "".join(f"  - {member}\n" for member in members).rstrip("\n")
    assert accepted(files(profile={"members": text})).profiles["exempel"].members == tuple(members)


def test_every_real_and_synthetic_profile_has_the_four_parties() -> None:
    import synthetic
    from conftest import real_corpus

    profiles = [
        *real_corpus().profiles.values(),
        *loaded(synthetic.sources(25, 1)).profiles.values(),
    ]
    assert len(profiles) > 25
    assert [p.slug for p in profiles if schema.missing_parties(p.members)] == []


# --- two profiles with one org_number -------------------------------------------------------------


def profiles(*numbers: str | None) -> list[Source]:
    found = []
    for slug, number in zip(("alfa", "beta", "gamma"), numbers, strict=False):
        values = {
            **PROFILE_VALUES,
            "name": f"Samordningsförbundet {slug.title()}",
            "short_name": slug.title(),
            "org_number": f"org_number: {number}\n" if number else "",
        }
        found.append(
            Source(
                f"forbund/{slug}/index.md",
                f"content/forbund/{slug}/index.md",
                PROFILE.format(**values).encode("utf-8"),
            )
        )
    return found


def test_two_profiles_with_one_org_number_are_an_error_naming_both_files() -> None:
    problem = refusal(
        profiles("222000-2634", "222000-2634"),
        "content/forbund/beta/index.md",
        ORG_NUMBER_LINE,
        "org_number",
        "222000-2634",
        "content/forbund/alfa/index.md",
        "content/forbund/beta/index.md",
    )
    assert problem.found == "222000-2634, samma nummer som i content/forbund/alfa/index.md"


def test_three_profiles_with_one_org_number_give_two_errors() -> None:
    found = [
        p
        for p in errors(loaded(profiles("222000-2634", "222000-2634", "222000-2634")).problems)
        if p.field == "org_number"
    ]
    assert [(p.path, p.line) for p in found] == [
        ("content/forbund/beta/index.md", ORG_NUMBER_LINE),
        ("content/forbund/gamma/index.md", ORG_NUMBER_LINE),
    ]
    assert all("content/forbund/alfa/index.md" in p.found for p in found)


def test_different_and_missing_org_numbers_are_read() -> None:
    corpus = accepted(profiles("222000-2634", "222000-2635", None))
    assert [corpus.profiles[s].org_number for s in ("alfa", "beta", "gamma")] == [
        "222000-2634",
        "222000-2635",
        None,
    ]
    assert accepted(profiles(None, None)).profiles


def test_a_shared_org_number_is_found_also_when_the_files_are_read_from_the_cache() -> None:
    cache: dict = {}
    sources = profiles("222000-2634", "222000-2635")
    assert not errors(load(sources, cache).problems)
    changed = [
        sources[0],
        Source(
            sources[1].uri, sources[1].path, sources[1].data.replace(b"222000-2635", b"222000-2634")
        ),
    ]
    assert [p.field for p in errors(load(changed, cache).problems)] == ["org_number"]
    assert [p.field for p in errors(load(changed, cache).problems)] == ["org_number"]


# --- every refusal here is a message, never a traceback, and nothing is loaded --------------------


def test_refused_values_leave_no_plan_or_profile_behind() -> None:
    corpus = loaded(
        files({"amount": "!!int 0x9C4", "note": '"\\uFFFE"'}, {"website": "https://www.växjö.se"})
    )
    assert corpus.plans == [] and corpus.profiles == {}
    assert all(
        re.match(r"content/forbund/exempel/(index|2023)\.md, rad \d+", p.message())
        for p in errors(corpus.problems)
    )
