"""Check that every rule of the plan contract stops a broken file, and that valid files pass.

Fixture trees live in tests/fixtures/invalid/<rule>/ and tests/fixtures/valid/<case>/; each is a
small content folder (forbund/<slug>/...). Adding a folder adds a test. An invalid tree has an
expected.txt: fragments (one per line) that one single error message must contain.

The plain broken example of each rule the editors' page Felmeddelanden shows is not repeated here:
it is in finsam.site.catalogue, and test_catalogue.py pins its message word for word. The folders
hold the rules and forms that page does not show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, load_safely, messages
from conftest import holds as contains
from conftest import tree_sources as sources

from finsam.format import checks
from finsam.format.sources import Source
from finsam.problems import Problem, errors

CONTENT = ROOT / "content"
EXPECTED = "expected.txt"

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())

PROFILE = (
    FIXTURES / "valid" / "documents-and-a-minimal-plan" / "forbund" / "exempel" / "index.md"
).read_bytes()


def exempel(plan: str | bytes, name: str = "2023.md") -> list[Source]:
    """Return a valid profile for forbund/exempel plus one file in its folder."""
    data = plan.encode("utf-8") if isinstance(plan, str) else plan
    return [
        Source("forbund/exempel/index.md", "content/forbund/exempel/index.md", PROFILE),
        Source(f"forbund/exempel/{name}", f"content/forbund/exempel/{name}", data),
    ]


def fragments(case: Path) -> list[str]:
    lines = (case / EXPECTED).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


# --- invalid fixtures -------------------------------------------------------------------------


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_lists_expected_fragments(case: Path) -> None:
    assert fragments(case), f"{case.name}/{EXPECTED} is missing or empty"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_is_rejected(case: Path) -> None:
    assert errors(load_safely(sources(case)).problems), f"{case.name}: no error reported"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_message_names_file_place_and_values(case: Path) -> None:
    found = messages(load_safely(sources(case)))
    wanted = fragments(case)
    assert any(all(contains(m, f) for f in wanted) for m in found), (
        f"no single error contains all of {wanted}; errors were:\n\n" + "\n\n".join(found)
    )


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_messages_are_complete(case: Path) -> None:
    for problem in errors(load_safely(sources(case)).problems):
        text = problem.message()
        assert text.startswith("content/forbund/")
        assert "Förväntat:" in text and "Gör så här:" in text


# --- valid fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_fixture_has_no_errors(case: Path) -> None:
    assert messages(load_safely(sources(case))) == []


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_fixture_reads_every_profile_and_plan(case: Path) -> None:
    corpus = load_safely(sources(case))
    uris = [s.uri for s in sources(case)]
    assert sorted(p.uri for p in corpus.profiles.values()) == sorted(
        u for u in uris if u.endswith("/index.md")
    )
    assert sorted(p.uri for p in corpus.plans) == sorted(
        u for u in uris if re.fullmatch(r"forbund/[^/]+/\d{4}\.md", u)
    )


def test_bom_and_crlf_fixtures_keep_their_bytes() -> None:
    bom = (FIXTURES / "valid" / "utf8-bom" / "forbund" / "exempel" / "2023.md").read_bytes()
    crlf = (
        FIXTURES / "valid" / "crlf-line-endings" / "forbund" / "exempel" / "2023.md"
    ).read_bytes()
    latin1 = (FIXTURES / "invalid" / "not-utf8" / "forbund" / "exempel" / "2023.md").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf---\n")
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 10
    assert b"\xf6" in latin1


def test_bom_and_crlf_together_are_read() -> None:
    plan = (FIXTURES / "valid" / "utf8-bom" / "forbund" / "exempel" / "2023.md").read_bytes()
    corpus = load_safely(exempel(plan.replace(b"\n", b"\r\n")))
    assert messages(corpus) == []
    assert [p.year for p in corpus.plans] == [2023]


def test_grouped_amounts_are_normalised() -> None:
    corpus = load_safely(sources(FIXTURES / "valid" / "grouped-amounts"))
    budget = corpus.plans[0].own_budget
    assert [line.amount for line in budget.income] == [1_065_500, 532_750, 532_750]
    assert [line.amount for line in budget.costs] == [1_000_000, 1_500_000]
    assert (budget.income_total, budget.costs_total) == (2_131_000, 2_500_000)
    assert (budget.carried_over, budget.result) == (-1_000, -369_000)


def test_every_kind_of_recorded_discrepancy_passes() -> None:
    corpus = load_safely(sources(FIXTURES / "valid" / "discrepancies-of-every-kind"))
    plan = corpus.plans[0]
    found = {(f.where, f.printed, f.computed) for f in checks.findings(plan)}
    assert found == {
        ("budget.2023.income", 17000, 17100),
        ("budget.2023.costs", 13500, 13000),
        ("budget.2023.costs.Insatser", 5000, 4500),
        ("budget.2023.result", 3600, 3500),
        ("budget.2023.shares", 8000, 8050),
    }
    assert {(d.where, d.printed, d.computed) for d in plan.discrepancies} == found


def test_member_shares_within_one_unit_have_no_findings() -> None:
    corpus = load_safely(sources(FIXTURES / "valid" / "member-shares-within-one-unit"))
    plan = corpus.plans[0]
    assert [b.year for b in plan.budget] == [2023, 2024]
    assert checks.findings(plan) == []


def test_multi_year_plan_has_adopted_budget_and_forecasts() -> None:
    corpus = load_safely(sources(FIXTURES / "valid" / "multi-year-plan-with-forecasts"))
    older, newer = corpus.plans_of("exempel")
    assert (older.year, newer.year) == (2022, 2023)
    assert newer.own_budget.year == 2023
    assert [b.year for b in newer.forecasts] == [2024, 2025]
    assert [b.year for b in older.forecasts] == [2023]


def test_profile_optional_fields_are_read() -> None:
    corpus = load_safely(sources(FIXTURES / "valid" / "profile-with-every-field"))
    profile = corpus.profiles["exempel"]
    assert (profile.founded, profile.org_number, profile.website) == (
        2015,
        "222000-2634",
        "https://example.se",
    )
    assert (profile.population.value, profile.population.year, profile.population.source) == (
        87398,
        2021,
        "SCB",
    )


# --- hostile input: rejected quickly, never a traceback ---------------------------------------


def test_billion_laughs_is_rejected() -> None:
    rows = ["a: &a [" + ",".join(['"lol"'] * 10) + "]"]
    rows += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]"
        for i in range(20)
    ]
    corpus = load_safely(exempel("---\n" + "\n".join(rows) + "\n---\n"))
    assert any("YAML-referens" in m for m in messages(corpus))
    assert corpus.plans == []


HOSTILE = {
    "deeply nested lists": "title: " + "[" * 5000 + "]" * 5000,
    "deeply nested mappings": "title: " + "{a: " * 5000 + "1" + "}" * 5000,
    "empty !!int": "title: !!int ''",
    "empty !!float": "title: !!float ''",
    "bad !!bool": "title: !!bool kanske",
    "bad !!timestamp": "adopted: !!timestamp igår",
    "superscript digit year": "year: ²",
    "superscript digit budget year": "budget:\n  ²: {income: [], costs: []}",
    "merge key": "<<: {title: x}",
    "control character": "title: a\x07b",
}


@pytest.mark.parametrize("front_matter", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_front_matter_is_an_error_not_a_crash(front_matter: str) -> None:
    corpus = load_safely(exempel(f"---\n{front_matter}\n---\n"))
    assert messages(corpus)


def test_file_over_size_limit_is_rejected() -> None:
    corpus = load_safely(exempel(b"---\ntitle: x\n---\n" + b"a" * 1_100_000))
    assert any("1000000 byte" in m for m in messages(corpus))


# --- YAML 1.1 number forms must not silently change an amount -----------------------------------

PLAN = """---
forbund: exempel
year: 2023
source: Plan 2023
unit: tkr
budget:
  2023:
    income:
      - {{label: Medlemsavgifter, category: members, amount: {amount}}}
    costs: []
---
"""


def read_amount(amount: str) -> tuple[list[str], list[int]]:
    corpus = load_safely(exempel(PLAN.format(amount=amount)))
    return messages(corpus), [p.budget[0].income[0].amount for p in corpus.plans]


def test_plain_amount_is_read() -> None:
    assert read_amount("16000") == ([], [16000])


def test_amount_with_leading_zero_is_not_read_as_octal() -> None:
    found, amounts = read_amount("0700")
    assert amounts in ([700], []), f"0700 was read as {amounts} (YAML 1.1 octal)"
    assert amounts == [700] or found


@pytest.mark.parametrize("amount", ["1:30", "0x10", "0b101", "1_000", "0o17"])
def test_amount_in_other_yaml_integer_notation_is_rejected(amount: str) -> None:
    found, amounts = read_amount(amount)
    assert found and amounts == [], f"{amount} was accepted as {amounts}"


# --- the real content -------------------------------------------------------------------------

KNOWN_DISCREPANCIES = {
    ("forbund/rar-sormland/2021.md", "budget.2021.costs", 22300, 21850),
    ("forbund/rar-sormland/2021.md", "budget.2022.costs", 18500, 18050),
    ("forbund/rar-sormland/2021.md", "budget.2023.costs", 18500, 18050),
    ("forbund/rar-sormland/2023.md", "budget.2023.costs.Samverkansinsatser", 8119, 9353),
}


def content_sources(replace: dict[str, bytes] | None = None) -> list[Source]:
    found = sources(CONTENT)
    replace = replace or {}
    return [Source(s.uri, s.path, replace.get(s.uri, s.data)) for s in found]


def without_discrepancies(data: bytes) -> bytes:
    text = data.decode("utf-8")
    stripped = re.sub(r"^discrepancies:\n(?:[ \t].*\n)*", "", text, count=1, flags=re.MULTILINE)
    assert stripped != text
    return stripped.encode("utf-8")


def test_real_content_loads_without_errors() -> None:
    corpus = load_safely(content_sources())
    assert messages(corpus) == []
    plan_files = [
        s.uri for s in sources(CONTENT) if re.fullmatch(r"forbund/[^/]+/\d{4}\.md", s.uri)
    ]
    assert sorted(p.uri for p in corpus.plans) == sorted(plan_files)


def test_real_content_has_exactly_the_known_discrepancies() -> None:
    corpus = load_safely(content_sources())
    found = {
        (p.uri, f.where, f.printed, f.computed) for p in corpus.plans for f in checks.findings(p)
    }
    recorded = {
        (p.uri, d.where, d.printed, d.computed) for p in corpus.plans for d in p.discrepancies
    }
    assert found == KNOWN_DISCREPANCIES
    assert recorded == KNOWN_DISCREPANCIES


def test_real_content_without_discrepancies_fails_at_each_known_one() -> None:
    plans = {"forbund/rar-sormland/2021.md", "forbund/rar-sormland/2023.md"}
    edited = {s.uri: without_discrepancies(s.data) for s in sources(CONTENT) if s.uri in plans}
    found: list[Problem] = errors(load_safely(content_sources(edited)).problems)
    assert len(found) == len(KNOWN_DISCREPANCIES)
    for uri, where, printed, computed in KNOWN_DISCREPANCIES:
        matching = [p for p in found if p.path == f"content/{uri}" and p.field == where]
        assert len(matching) == 1, f"no error for {uri} {where}"
        text = matching[0].message()
        assert f"{printed:,} tkr".replace(",", " ") in text
        assert f"{computed:,} tkr".replace(",", " ") in text
        assert re.search(r", rad \d+", text)
