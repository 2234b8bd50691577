"""New files for editors.

Quoting, slugs, profile and plan templates, next year's plan from the last one.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT, real_corpus

from finsam.editors.scaffold import (
    is_slug,
    next_plan,
    plan_template,
    profile_template,
    quote,
    suggested_slug,
)
from finsam.format import schema
from finsam.format.corpus import load
from finsam.format.frontmatter import decode, parse, split
from finsam.format.sources import Source


@pytest.mark.parametrize(
    "text",
    [
        "Kansli",
        "Samverkansstöd, ESF, utvärdering",
        "true",
        "No",
        "null",
        "R&D: lön",
        "#1",
        "a  b",
        "Unga < 25 år",
        '"citat"',
        "Styrelse (arvoden)",
        "-",
        "{x}",
        "2021",
        "Ej fördelat",
        "x: y # z",
    ],
)
def test_quote_round_trips_in_a_flow_mapping(text: str) -> None:
    assert yaml.safe_load(f"- {{label: {quote(text)}, amount: 1}}") == [
        {"label": text, "amount": 1}
    ]


def test_plain_labels_stay_plain() -> None:
    assert quote("Kansli") == "Kansli"
    assert (
        quote("Utveckling sociala företag (Coompanion)")
        == "Utveckling sociala företag (Coompanion)"
    )
    assert quote("Samverkansstöd, ESF") == '"Samverkansstöd, ESF"'


def test_slugs() -> None:
    assert suggested_slug("Östra Skaraborg") == "ostra-skaraborg"
    assert suggested_slug("RAR i Sörmland") == "rar-i-sormland"
    assert (
        is_slug("rar-sormland")
        and not is_slug("Rar")
        and not is_slug("a--b")
        and not is_slug("värend")
    )


def _problems(uri: str, text: str, extra: dict[str, str] | None = None) -> list:
    files = {uri: text, **(extra or {})}
    corpus = load(Source(u, f"content/{u}", t.encode("utf-8")) for u, t in files.items())
    return corpus.problems


def test_profile_template_fails_until_filled_in() -> None:
    problems = _problems("forbund/nytt/index.md", profile_template("nytt"))
    assert sorted(p.field for p in problems) == ["county", "members", "name", "short_name"]


def test_plan_template_fails_until_filled_in() -> None:
    profile = (ROOT / "content/forbund/varend/index.md").read_text(encoding="utf-8")
    problems = _problems(
        "forbund/varend/2030.md",
        plan_template("varend", 2030),
        {"forbund/varend/index.md": profile},
    )
    assert sorted(p.field for p in problems) == [
        "budget.2030.costs",
        "budget.2030.income",
        "source",
        "unit",
    ]


def test_next_plan_keeps_lines_items_and_owners_with_empty_amounts() -> None:
    corpus = real_corpus()
    previous = next(p for p in corpus.plans if p.slug == "rar-sormland" and p.year == 2023)
    raw = decode((ROOT / "content/forbund/rar-sormland/2023.md").read_bytes())
    text = next_plan(previous, "2023.md", split(raw).body, 2024)
    parts = split(text)
    assert parts.body == split(raw).body
    data = yaml.safe_load(parts.front_matter)
    assert data["year"] == 2024 and data["forbund"] == "rar-sormland" and data["source"] is None
    assert data["title"] == "Verksamhetsplan och budget 2024"
    assert data["unit"] == "tkr"
    assert "discrepancies" not in data and "adopted" not in data
    assert list(data["budget"]) == [2024]
    year = data["budget"][2024]
    assert set(year) == {"income", "costs"}
    old = previous.own_budget
    assert [(line["label"], line["category"], line["amount"]) for line in year["income"]] == [
        (line.label, line.category, None) for line in old.income
    ]
    assert [(line["label"], line["category"], line["amount"]) for line in year["costs"]] == [
        (line.label, line.category, None) for line in old.costs
    ]
    items = year["costs"][3]["items"]
    assert [(i["label"], i.get("owner"), i["amount"]) for i in items] == [
        (i.label, i.owner, None) for i in old.costs[3].items
    ]
    assert text.splitlines()[1].startswith("# Ny plan för 2024")
    # The file is valid YAML with located nodes, and the schema reports exactly what is missing.
    reader = schema.Reader("x.md")
    schema.read_plan(reader, parse(parts.front_matter))
    amounts = [p.field for p in reader.problems if p.field.endswith(".amount")]
    assert len(amounts) == len(old.income) + len(old.costs) + len(old.costs[3].items)
    assert {p.field for p in reader.problems} - set(amounts) == {"source"}


def test_next_plan_of_a_plan_in_kronor_without_title() -> None:
    corpus = real_corpus()
    previous = next(p for p in corpus.plans if p.slug == "varend")
    text = next_plan(previous, "2022.md", "\nText.\n", 2023)
    data = yaml.safe_load(split(text).front_matter)
    assert (
        data["unit"] == "kr" and "title" not in data
    )  # the 2022 document prints no title, so its plan has none
    assert split(text).body == "\nText.\n"
