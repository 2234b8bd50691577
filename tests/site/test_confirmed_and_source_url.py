"""Discrepancies confirmed against the original or not, and the link to the source document.

Also one meaning per word.

A confirmed discrepancy may be shown as an error in the source document; an unconfirmed one
says that the lines as transcribed do not add up and that this has not been checked. Both
wordings are compared with expected-output files (UPDATE_EXPECTED=1 rewrites them).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, assert_expected, load_safely, messages, real_corpus
from conftest import tree_sources as sources

from finsam.format import schema
from finsam.format.model import Corpus, Plan
from finsam.site import export, forbundpages, markup, package, planpage

BOTH_KINDS = FIXTURES / "valid" / "discrepancies-confirmed-and-unconfirmed"
WITH_URL = FIXTURES / "valid" / "plan-with-source-url"


def _link(uri: str) -> str:
    return f"/{uri}"


def _corpus(case: Path) -> Corpus:
    corpus = load_safely(sources(case))
    assert messages(corpus) == []
    return corpus


def _plan(case: Path) -> Plan:
    return _corpus(case).plans[0]


# --- reading confirmed -----------------------------------------------------------------------


def test_confirmed_true_false_and_absent_are_read() -> None:
    plan = _plan(BOTH_KINDS)
    assert [(d.where, d.confirmed) for d in plan.discrepancies] == [
        ("budget.2023.costs.Insatser", True),
        ("budget.2024.costs", False),
        ("budget.2024.result", False),  # absent: false
    ]
    assert len(plan.confirmed_discrepancies) == 1 and len(plan.unconfirmed_discrepancies) == 2


@pytest.mark.parametrize("value", ['"true"', "yes", "1", "True", "''", "[true]"])
def test_confirmed_of_another_type_is_an_error(value: str) -> None:
    case = FIXTURES / "invalid" / "discrepancy-confirmed-not-boolean"
    found = [
        s
        if not s.uri.endswith("2023.md")
        else type(s)(
            s.uri, s.path, s.data.replace(b"confirmed: ja", f"confirmed: {value}".encode())
        )
        for s in sources(case)
    ]
    errors = [m for m in messages(load_safely(found)) if "discrepancies[1].confirmed" in m]
    assert (
        len(errors) == 1 and "Förväntat: true eller false" in errors[0] and ", rad 23" in errors[0]
    )


def test_unrecorded_finding_tells_when_to_confirm() -> None:
    plan_file = BOTH_KINDS / "forbund" / "exempel" / "2023.md"
    text = plan_file.read_text(encoding="utf-8")
    stripped = re.sub(r"^discrepancies:\n(?:[ \t].*\n)*", "", text, count=1, flags=re.MULTILINE)
    found = [
        s if not s.uri.endswith("2023.md") else type(s)(s.uri, s.path, stripped.encode())
        for s in sources(BOTH_KINDS)
    ]
    texts = messages(load_safely(found))
    assert len(texts) == 3
    assert all(
        "confirmed: true först när du har jämfört med det publicerade originaldokumentet" in t
        for t in texts
    )


# --- the two wordings ------------------------------------------------------------------------


def test_both_wordings_match_expected_output() -> None:
    corpus = _corpus(BOTH_KINDS)
    plan = corpus.plans[0]
    rendered = planpage.budget_section(plan, corpus.profiles[plan.slug])
    assert_expected("discrepancies-confirmed-and-unconfirmed.md", rendered)


def test_confirmed_box_blames_the_source_and_unconfirmed_box_does_not() -> None:
    corpus = _corpus(BOTH_KINDS)
    plan = corpus.plans[0]
    html = markup.plain(planpage.budget_section(plan, corpus.profiles[plan.slug]))
    confirmed = re.findall(
        r'<div class="admonition failure finsam-discrepancies finsam-confirmed">.*?</div>',
        html,
        re.DOTALL,
    )
    unconfirmed = re.findall(
        r'<div class="admonition warning finsam-discrepancies finsam-unconfirmed">.*?</div>',
        html,
        re.DOTALL,
    )
    assert len(confirmed) == 1 and len(unconfirmed) == 1  # the 2024 box holds both of that year's
    assert (
        "Fel i källdokumentet" in confirmed[0]
        and "Avskriften är jämförd med originaldokumentet" in confirmed[0]
    )
    assert (
        "Raden ”Insatser” för 2023 är enligt dokumentet 5\u00a0000\u00a0tkr" in confirmed[0]
        and "dokumentets siffra är" in confirmed[0]
    )
    assert "källdokumentet" not in unconfirmed[0].replace("originaldokumentet", "")
    assert "Ej kontrollerat" in unconfirmed[0] and "så som de är avskrivna här" in unconfirmed[0]
    assert "inte jämförts med det publicerade originaldokumentet" in unconfirmed[0]
    assert "Redaktionens kommentar: En rad på 450 tkr kan ha fallit bort" in unconfirmed[0]


def test_facts_name_each_kind() -> None:
    plan = _plan(BOTH_KINDS)
    facts = planpage.plan_facts_html(plan, "Exempel", "/forbund/exempel/")
    assert (
        "<dt>Fel i källdokumentet</dt>" in facts
        and "1 summa som inte stämmer i originalet" in facts
    )
    assert (
        "<dt>Ej kontrollerat mot originalet</dt>" in facts
        and "2 summor som inte går ihop i avskriften" in facts
    )
    assert "Kända fel" not in facts


def test_real_rar_2021_is_unconfirmed_and_names_the_missing_styrelse_row() -> None:
    corpus = real_corpus()
    plan = corpus.page("forbund/rar-sormland/2021.md")
    assert [d.confirmed for d in plan.discrepancies] == [False, False, False]
    assert all("Styrelse" in d.note and "450 tkr" in d.note for d in plan.discrepancies)
    html = markup.plain(planpage.budget_section(plan, corpus.profiles[plan.slug]))
    assert (
        "Fel i källdokumentet" not in html
        and "stämmer inte i källdokumentet" not in html
        and "dokumentets siffra är" not in html
    )
    assert html.count("finsam-unconfirmed") == 3 and "finsam-confirmed" not in html


# --- source_url --------------------------------------------------------------------------------


def test_source_url_is_a_link_on_the_plan_page() -> None:
    corpus = _corpus(WITH_URL)
    plan = corpus.plans[0]
    assert plan.source_url == "https://www.exempel.se/dokument/vp%202023.pdf?version=2&format=pdf"
    page = planpage.plan_page(plan, corpus.profiles["exempel"], _link)
    assert (
        "<dt>Källdokument</dt><dd><a "
        'href="https://www.exempel.se/dokument/vp%202023.pdf?version=2&amp;format=pdf" '
        'rel="external">Verksamhetsplan och budget 2023</a>'
    ) in page


def test_plan_without_source_url_names_the_source_without_a_link() -> None:
    corpus = real_corpus()
    plan = corpus.page("forbund/varend/2022.md")
    facts = planpage.plan_facts_html(plan, "Värend", "/forbund/varend/")
    assert plan.source_url is None
    assert f"<dt>Källdokument</dt><dd>{plan.source}</dd>" in facts and "Värend" in plan.source


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("https://www.exempel.se/vp.pdf", None),
        ("https://www.växjö.se/vp-2022.pdf", "vars namn www.växjö.se har tecken utanför ASCII"),
        ("https://www.xn--vxj-qla6g.se/vp-2022.pdf", None),
        ("https://www.exаmple.se/vp.pdf", 'tecknet "а" (U+0430)'),
        ("http://www.exempel.se/vp.pdf", "som börjar med http://"),
        ("javascript:alert(1)", "som börjar med javascript:"),
        ("JavaScript:alert(1)", "som börjar med javascript:"),
        ("data:text/html,<script>", "som börjar med data:"),
        ("vp-2023.pdf", "som inte börjar med https://"),
        ("/dokument/vp.pdf", "som inte börjar med https://"),
        ("//www.exempel.se/vp.pdf", "som inte börjar med https://"),
        ("https://", "som inte är en giltig webbadress"),
        ('https://www.exempel.se/a"onmouseover="x', "som inte är en giltig webbadress"),
        ("https://betrodd.se@exempel.se/vp.pdf", "som inte är en giltig webbadress"),
    ],
)
def test_source_url_rules(value: str, found: str | None) -> None:
    problem = schema.source_url_problem(value)
    assert (problem is None) == (found is None)
    if problem:
        assert found in problem[0] and problem[1]


# --- one meaning per word on the förbund page ---------------------------------------------------


def test_plan_list_shows_the_printed_totals_in_tkr() -> None:
    corpus = real_corpus()
    profile = corpus.profiles["varend"]
    page = markup.plain(forbundpages.profile_page(profile, corpus, _link))
    assert "Summa intäkter, tkr" in page and "Kostnader, tkr" in page
    assert (
        '<td class="finsam-num">6\u00a0292</td><td class="finsam-num">6\u00a0292</td>' in page
    )  # both printed: no mark
    assert "6\u00a0292\u00a0000" not in page and "\u00a0kr<" not in page and "Intäkter," not in page


def test_plan_list_tells_unconfirmed_from_confirmed() -> None:
    corpus = real_corpus()
    page = markup.plain(forbundpages.profile_page(corpus.profiles["rar-sormland"], corpus, _link))
    assert "3 ej kontrollerade mot originalet" in page and "Kända fel" not in page


# --- open data ----------------------------------------------------------------------------------


def test_open_data_carries_confirmed() -> None:
    rows = export.discrepancy_rows(_corpus(BOTH_KINDS), lambda uri: f"https://example.se/{uri}")
    assert [(r.where, r.check, r.fiscal_year, r.confirmed) for r in rows] == [
        ("budget.2023.costs.Insatser", "items", 2023, True),
        ("budget.2024.costs", "costs", 2024, False),
        ("budget.2024.result", "result", 2024, False),
    ]
    records = list(csv.DictReader(io.StringIO(export.discrepancies_csv(rows), newline="")))
    assert [r["confirmed"] for r in records] == ["true", "false", "false"]
    assert list(records[0]) == list(export.DISCREPANCY_NAMES)
    assert [r["confirmed"] for r in json.loads(export.discrepancies_json(rows))] == [
        True,
        False,
        False,
    ]
    assert export.discrepancies_json([]) == "[]\n"


def test_discrepancies_package_validates(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    corpus = real_corpus()
    url = lambda uri: f"https://example.se/{uri}"  # noqa: E731
    rows = export.discrepancy_rows(corpus, url)
    lines = export.rows(corpus, url)
    (tmp_path / export.CSV_NAME).write_text(export.to_csv(lines), encoding="utf-8", newline="")
    (tmp_path / export.JSON_NAME).write_text(export.to_json(lines), encoding="utf-8", newline="")
    (tmp_path / export.DISCREPANCIES_CSV_NAME).write_text(
        export.discrepancies_csv(rows), encoding="utf-8", newline=""
    )
    (tmp_path / export.DISCREPANCIES_JSON_NAME).write_text(
        export.discrepancies_json(rows), encoding="utf-8", newline=""
    )
    names = {
        "csv": export.CSV_NAME,
        "json": export.JSON_NAME,
        "discrepancies_csv": export.DISCREPANCIES_CSV_NAME,
        "discrepancies_json": export.DISCREPANCIES_JSON_NAME,
    }
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(package.datapackage(names), encoding="utf-8")
    report = frictionless.validate(descriptor)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    table = next(task for task in report.tasks if task.name == "avvikelser")
    assert table.stats["rows"] == len(rows) == 4
    schema = json.loads(descriptor.read_text(encoding="utf-8"))["resources"][2]["schema"]
    assert {f["name"]: f["type"] for f in schema["fields"]}["confirmed"] == "boolean"
