"""The open-data export: a valid Data Package whose rows reproduce every plan's sums exactly."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import synthetic
from conftest import real_corpus

from finsam.format.corpus import load
from finsam.format.model import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    UNITS,
    BudgetYear,
    Corpus,
    Item,
    Line,
    Plan,
    Profile,
)
from finsam.format.sources import Source
from finsam.site import derived, export, package


def _real_corpus() -> Corpus:
    return real_corpus()


def _synthetic_corpus() -> Corpus:
    return load(synthetic.sources(20, 10, seed=1))


def _url(uri: str) -> str:
    return f"https://finsam.example.se/{uri.removesuffix('.md')}/"


CORPORA: dict[str, Callable[[], Corpus]] = {"real": _real_corpus, "synthetic": _synthetic_corpus}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> Corpus:
    loaded = CORPORA[request.param]()
    assert [p.message() for p in loaded.problems] == []
    return loaded


def _write_package(folder: Path, rows: list[export.Row]) -> Path:
    (folder / export.CSV_NAME).write_text(export.to_csv(rows), encoding="utf-8", newline="")
    (folder / export.JSON_NAME).write_text(export.to_json(rows), encoding="utf-8", newline="")
    descriptor = folder / "datapackage.json"
    descriptor.write_text(
        package.datapackage({"csv": export.CSV_NAME, "json": export.JSON_NAME}), encoding="utf-8"
    )
    return descriptor


def _validate(descriptor: Path):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(descriptor)
    if not report.valid:
        print(report.flatten(["rowNumber", "fieldName", "type", "message"]))
    return report


def _csv_records(rows: list[export.Row]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.to_csv(rows), newline="")))


# --- fields and descriptor ---------------------------------------------------------------------


def test_fields_are_the_rows_fields_in_order_snake_case_and_described() -> None:
    assert tuple(field.name for field in dataclasses.fields(export.Row)) == export.NAMES
    for name, kind, description in export.FIELDS:
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", name)
        assert kind in ("string", "integer")
        assert description.endswith(".") and len(description) > 20
    assert set(export.CONSTRAINTS) <= set(export.NAMES)


def test_descriptor_has_license_swedish_title_and_both_resources() -> None:
    descriptor = json.loads(package.datapackage({"csv": "a.csv", "json": "a.json"}))
    assert (
        descriptor["licenses"] == [export.LICENSE]
        and descriptor["licenses"][0]["name"] == "CC0-1.0"
    )
    assert "allmänna handlingar" in descriptor["description"] and "ö" in descriptor["title"]
    table, records = descriptor["resources"]
    assert (table["path"], table["format"], table["mediatype"]) == ("a.csv", "csv", "text/csv")
    assert (records["path"], records["format"], records["mediatype"]) == (
        "a.json",
        "json",
        "application/json",
    )
    assert [f["name"] for f in table["schema"]["fields"]] == list(export.NAMES)
    assert "primaryKey" not in table["schema"]


def test_schema_enums_are_the_contracts_codes() -> None:
    fields = {f["name"]: f for f in export.table_schema()["fields"]}
    assert set(fields["category"]["constraints"]["enum"]) == set(INCOME_CATEGORIES) | set(
        COST_CATEGORIES
    )
    assert fields["unit"]["constraints"]["enum"] == list(UNITS)
    assert fields["phase"]["constraints"]["enum"] == [
        derived.BUDGET,
        derived.FORECAST,
        derived.EARLIER,
    ]
    assert fields["direction"]["constraints"]["enum"] == ["revenue", "expenditure"]
    assert fields["amount"]["constraints"]["minimum"] == 0
    assert "constraints" not in fields["parent_label"] and "constraints" not in fields["owner"]


def test_descriptor_only_for_csv_and_json() -> None:
    assert len(json.loads(package.datapackage({"csv": "a.csv"}))["resources"]) == 1
    with pytest.raises(ValueError):
        package.datapackage({"xlsx": "a.xlsx"})


# --- the package validates ---------------------------------------------------------------------


def test_package_validates_with_frictionless(corpus: Corpus, tmp_path: Path) -> None:
    rows = export.rows(corpus, _url)
    report = _validate(_write_package(tmp_path, rows))
    assert report.valid
    table = next(task for task in report.tasks if task.name == "budgetrader")
    assert table.stats["rows"] == len(rows) and table.stats["fields"] == len(export.FIELDS)


def test_json_rows_validate_against_the_same_schema(corpus: Corpus) -> None:
    frictionless = pytest.importorskip("frictionless")
    records = json.loads(export.to_json(export.rows(corpus, _url)))
    schema = frictionless.Schema.from_descriptor(export.table_schema())
    report = frictionless.Resource(data=records, schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_validation_sees_a_cell_that_breaks_the_schema(tmp_path: Path) -> None:
    rows = export.rows(_real_corpus(), _url)
    broken = [
        dataclasses.replace(rows[0], amount=-1),
        dataclasses.replace(rows[1], phase="adopted"),
        *rows[2:],
    ]
    report = _validate(_write_package(tmp_path, broken))
    assert not report.valid
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [
        [2, "amount", "constraint-error"],
        [3, "phase", "constraint-error"],
    ]


# --- the rows reproduce every plan ------------------------------------------------------------


def test_csv_reproduces_every_plans_sums_exactly(corpus: Corpus) -> None:
    records = _csv_records(export.rows(corpus, _url))
    lines: Counter = Counter()
    items: Counter = Counter()
    for record in records:
        key = (record["forbund"], int(record["plan_year"]), int(record["fiscal_year"]))
        if record["row_type"] == "line":
            lines[(*key, record["direction"])] += int(record["amount"])
        else:
            items[(*key, record["parent_label"])] += int(record["amount"])
    expected_rows = 0
    for plan in corpus.plans:
        factor = UNITS[plan.unit]
        for budget in plan.budget:
            key = (plan.slug, plan.year, budget.year)
            assert lines[(*key, "revenue")] == budget.income_sum * factor
            assert lines[(*key, "expenditure")] == budget.costs_sum * factor
            for line in budget.costs:
                if line.items:
                    assert items[(*key, line.label)] == line.items_sum * factor
            expected_rows += sum(1 + len(line.items) for line in (*budget.income, *budget.costs))
    assert len(records) == expected_rows


def test_every_line_and_item_appears_once(corpus: Corpus) -> None:
    exported = Counter(
        (
            r.forbund,
            r.plan_year,
            r.fiscal_year,
            r.direction,
            r.row_type,
            r.label,
            r.parent_label,
            r.owner,
            r.amount_as_printed,
        )
        for r in export.rows(corpus, _url)
    )
    expected: Counter = Counter()
    for plan in corpus.plans:
        for budget in plan.budget:
            for direction, lines in (("revenue", budget.income), ("expenditure", budget.costs)):
                for line in lines:
                    expected[
                        (
                            plan.slug,
                            plan.year,
                            budget.year,
                            direction,
                            "line",
                            line.label,
                            "",
                            "",
                            line.amount,
                        )
                    ] += 1
                    for item in line.items:
                        expected[
                            (
                                plan.slug,
                                plan.year,
                                budget.year,
                                direction,
                                "item",
                                item.label,
                                line.label,
                                item.owner or "",
                                item.amount,
                            )
                        ] += 1
    assert exported == expected


def test_rows_give_the_contracts_derived_figures(corpus: Corpus) -> None:
    revenue: Counter = Counter()
    members: Counter = Counter()
    costs: Counter = Counter()
    for row in export.rows(corpus, _url):
        key = (row.forbund, row.plan_year, row.fiscal_year)
        if row.row_type == "line" and row.direction == "revenue":
            revenue[key] += row.amount if row.category != "equity" else 0
            members[key] += row.amount if row.category in derived.MEMBER_CATEGORIES else 0
        elif row.row_type == "line":
            costs[key] += row.amount
    for plan in corpus.plans:
        for budget in plan.budget:
            figures = derived.figures_of(plan, budget, corpus.profiles.get(plan.slug))
            key = (plan.slug, plan.year, budget.year)
            found = (figures.revenue, figures.member_contributions, figures.cost_lines)
            assert (revenue[key], members[key], costs[key]) == tuple(
                0 if figure.missing else figure.value for figure in found
            )
            assert all(
                figure.missing == (not lines)
                for figure, lines in zip(
                    found,
                    (
                        budget.income,
                        [1 for line in budget.income if line.category in derived.MEMBER_CATEGORIES],
                        budget.costs,
                    ),
                    strict=True,
                )
            )
            assert {
                r.phase
                for r in export.rows(Corpus(corpus.profiles, [plan]), _url)
                if r.fiscal_year == budget.year
            } == {figures.phase}


def test_json_and_csv_hold_the_same_rows(corpus: Corpus) -> None:
    rows = export.rows(corpus, _url)
    records = json.loads(export.to_json(rows))
    table = list(csv.reader(io.StringIO(export.to_csv(rows), newline="")))
    assert table[0] == list(export.NAMES)
    assert [list(record) for record in records] == [list(export.NAMES)] * len(rows)
    assert [[str(value) for value in record.values()] for record in records] == table[1:]
    assert records == [row.as_dict() for row in rows]


def test_csv_text_is_comma_separated_with_newline_endings(corpus: Corpus) -> None:
    text = export.to_csv(export.rows(corpus, _url))
    assert "\r" not in text and text.endswith("\n")
    assert text.split("\n", 1)[0] == ",".join(export.NAMES)
    assert export.to_json([]) == "[]\n" and export.to_csv([]) == ",".join(export.NAMES) + "\n"


# --- order, phases and URLs ---------------------------------------------------------------------


def _tiny_corpus() -> Corpus:
    def plan(slug: str, year: int, budget: tuple[BudgetYear, ...]) -> Plan:
        return Plan(f"forbund/{slug}/{year}.md", "", slug, year, f"VP {year}", "tkr", budget)

    def year(y: int) -> BudgetYear:
        items = (Item("B1", 2, "Kommunen"), Item("B2", 3))
        return BudgetYear(
            y,
            income=(Line("I1", "members", 5), Line("I2", "equity", 1)),
            costs=(Line("K1", "administration", 1), Line("K2", "individual", 5, items)),
        )

    profiles = {
        slug: Profile(
            f"forbund/{slug}/index.md",
            "",
            slug,
            f"Förbund {slug}",
            slug,
            "Län",
            ("a", "b", "c", "d"),
        )
        for slug in ("a", "a-b")
    }
    plans = [
        plan("a", 2024, (year(2024),)),
        plan("a-b", 2023, (year(2023),)),
        plan("a", 2023, (year(2023), year(2024), year(2025))),
    ]
    return Corpus(profiles=profiles, plans=plans)


def test_rows_are_ordered_by_forbund_plan_year_fiscal_year_direction_and_line() -> None:
    rows = export.rows(_tiny_corpus(), _url)
    plan_order = list(dict.fromkeys((r.forbund, r.plan_year, r.fiscal_year) for r in rows))
    assert plan_order == [
        ("a", 2023, 2023),
        ("a", 2023, 2024),
        ("a", 2023, 2025),
        ("a", 2024, 2024),
        ("a-b", 2023, 2023),
    ]
    first = [(r.direction, r.row_type, r.label, r.parent_label) for r in rows[:6]]
    assert first == [
        ("revenue", "line", "I1", ""),
        ("revenue", "line", "I2", ""),
        ("expenditure", "line", "K1", ""),
        ("expenditure", "line", "K2", ""),
        ("expenditure", "item", "B1", "K2"),
        ("expenditure", "item", "B2", "K2"),
    ]


def test_phase_amounts_and_url_of_rows() -> None:
    rows = export.rows(_tiny_corpus(), _url)
    phases = {(r.plan_year, r.fiscal_year): r.phase for r in rows if r.forbund == "a"}
    assert phases == {
        (2023, 2023): "budget",
        (2023, 2024): "forecast",
        (2023, 2025): "forecast",
        (2024, 2024): "budget",
    }
    item = next(r for r in rows if r.label == "B1")
    assert (item.amount, item.amount_as_printed, item.unit, item.owner, item.category) == (
        2000,
        2,
        "tkr",
        "Kommunen",
        "individual",
    )
    assert (
        item.url == "https://finsam.example.se/forbund/a/2023/" and item.forbund_name == "Förbund a"
    )
    assert next(r for r in rows if r.label == "B2").owner == ""


# --- hostile texts ------------------------------------------------------------------------------

# A text may not start as a formula (the validator refuses it: see test_hostile.py), but may hold
# one.
HOSTILE = (
    "Källa =cmd|' /C calc'!A0",
    'Länk =HYPERLINK("http://example.com","klicka")',
    "Summa +1+1",
    "Rad -2+3",
    "Epost @SUM(A1:A9)",
    "<script>alert(1)</script>",
    "Samverkan, \"ESF\" och 'utvärdering'",
    "Styrelse; arvoden | & * _ `kod`",
)


def _hostile_corpus() -> Corpus:
    """Return a corpus read from a plan file whose every text is hostile.

    As an editor could write it.
    """
    quoted = [json.dumps(text, ensure_ascii=False) for text in HOSTILE]
    income = "\n".join(
        f"      - {{label: {q}, category: other, amount: {i + 1}}}" for i, q in enumerate(quoted)
    )
    items = "\n".join(f"          - {{label: {q}, owner: {q}, amount: 1}}" for q in quoted)
    plan = (
        f"---\nforbund: x\nyear: 2024\nsource: {quoted[0]}\nunit: kr\nbudget:\n  2024:\n"
        f"    income:\n{income}\n"
        f"    costs:\n      - label: {quoted[1]}\n        category: individual\n"
        f"        amount: {len(HOSTILE)}\n        items:\n{items}\n---\n"
    )
    profile = (
        f"---\nname: {quoted[2]}\nshort_name: X\ncounty: {quoted[5]}\n"
        "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]\n---\n"
    )
    corpus = load(
        [
            Source("forbund/x/index.md", "x", profile.encode()),
            Source("forbund/x/2024.md", "p", plan.encode()),
        ]
    )
    assert [p.message() for p in corpus.problems] == []
    return corpus


def test_hostile_texts_round_trip_exactly_through_csv_and_json() -> None:
    rows = export.rows(_hostile_corpus(), _url)
    table = list(csv.reader(io.StringIO(export.to_csv(rows), newline="")))[1:]
    assert table == [[str(value) for value in row.values()] for row in rows]
    column = {name: [record[i] for record in table] for i, name in enumerate(export.NAMES)}
    assert column["label"] == [*HOSTILE, HOSTILE[1], *HOSTILE]
    assert column["owner"][-len(HOSTILE) :] == list(HOSTILE)
    assert set(column["parent_label"][-len(HOSTILE) :]) == {HOSTILE[1]}
    assert set(column["source"]) == {HOSTILE[0]} and set(column["forbund_name"]) == {HOSTILE[2]}
    assert [r["label"] for r in json.loads(export.to_json(rows))] == column["label"]


def test_hostile_texts_do_not_change_numbers(tmp_path: Path) -> None:
    rows = export.rows(_hostile_corpus(), _url)
    records = _csv_records(rows)
    assert [int(r["amount"]) for r in records] == [
        *range(1, len(HOSTILE) + 1),
        len(HOSTILE),
        *[1] * len(HOSTILE),
    ]
    assert _validate(_write_package(tmp_path, rows)).valid


def test_descriptor_is_a_data_package_v2_with_every_field_titled_in_swedish(
    tmp_path: Path,
) -> None:
    frictionless = pytest.importorskip("frictionless")
    descriptor = json.loads(package.datapackage({kind: kind for kind in package.RESOURCE_KINDS}))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["licenses"] == [export.LICENSE]
    assert "källdokument" in descriptor["sources"][0]["title"]
    tables = [resource for resource in descriptor["resources"] if "schema" in resource]
    assert len(tables) == 3 and all(resource["type"] == "table" for resource in tables)
    for resource in tables:
        assert resource["schema"]["$schema"].endswith("/profiles/2.0/tableschema.json")
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["title"][0].isupper(), field
            assert field["description"].endswith("."), field
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    read = frictionless.Package(str(path))
    assert read.get_resource("nyckeltal").schema.get_field("per_capita").title == (
        "Medlemsbidrag per invånare 16–64 år, kr"
    )
