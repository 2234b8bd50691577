"""New files for editors.

Quoting, slugs, profile and plan templates, next year's plan from the last one: every text the
scaffold cannot know is a placeholder, the check says what to fill in, nothing else could pass
for data, and a draft filled in passes.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT, real_corpus

from finsam.editors.scaffold import (
    Facts,
    is_slug,
    next_plan,
    outline,
    plan_template,
    profile_template,
    quote,
    suggested_slug,
)
from finsam.format.corpus import load
from finsam.format.frontmatter import decode, split
from finsam.format.model import Plan
from finsam.format.placeholders import MARKER
from finsam.format.sources import Source
from finsam.problems import errors

PLACEHOLDER_RE = re.compile(r'"FYLL I:(?:[^"\\]|\\.)*"')
KEY_RE = re.compile(r"(\w+): \Z")  # the key just before a value
# A filled-in value for each field, where a text would not do.
FILLED = {
    "amount": "0",
    "income_total": "0",
    "costs_total": "0",
    "carried_over": "0",
    "result": "0",
    "adopted": "2024-11-20",
    "unit": "tkr",
    "founded": "2008",
    "value": "50000",
    "year": "2023",
    "org_number": "222000-0000",
    "website": "https://www.exempel.se",
    "source_url": "https://www.exempel.se/vp.pdf",
}
EXEMPEL = (ROOT / "tests/fixtures/invalid/amount-empty/forbund/exempel/index.md").read_text(
    encoding="utf-8"
)


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


# --- helpers -----------------------------------------------------------------------------------


def _problems(files: dict[str, str]) -> list:
    corpus = load(Source(u, f"content/{u}", t.encode("utf-8")) for u, t in files.items())
    return errors(corpus.problems)


def _placeholder_problems(problems: list) -> list:
    return [p for p in problems if "platshållare" in p.expected]


def _filled_value(line: str, match: re.Match[str]) -> str:
    """Return what an editor writes for one placeholder on a line of front-matter."""
    key = KEY_RE.search(line[: match.start()])
    name = key.group(1) if key else None
    what = json.loads(match.group())
    if name == "category":
        return "members" if "state" in what else "administration"
    if name in FILLED:
        return FILLED[name]
    if "regionen" in what:
        return "Region Exempel"
    if "kommun" in what:
        return "Exempels kommun"
    return "Text"


def filled(text: str) -> str:
    """Return a draft with every placeholder filled in as an editor would, comments removed."""
    parts = split(text)
    front = []
    for line in parts.front_matter.split("\n"):
        if line.startswith("#"):
            continue
        front.append(PLACEHOLDER_RE.sub(lambda match, line=line: _filled_value(line, match), line))
    body = [
        ("## Rubrik" if line.startswith("#") else "Text.") if MARKER in line else line
        for line in parts.body.split("\n")
    ]
    return "---\n" + "\n".join(front) + "---\n" + "\n".join(body)


def _outside_placeholders(text: str) -> str:
    """Return a text with its placeholders taken out, and the keys of its front-matter."""
    lines = []
    for line in text.split("\n"):
        shown = PLACEHOLDER_RE.sub("", line)
        shown = shown[: shown.index(MARKER)] if MARKER in shown else shown
        lines.append(re.sub(r"^\s*\w+:", "", shown))
    return "\n".join(lines)


def _previous(slug: str, year: int) -> tuple[Plan, str]:
    corpus = real_corpus()
    plan = next(p for p in corpus.plans if p.slug == slug and p.year == year)
    body = split(decode((ROOT / f"content/forbund/{slug}/{year}.md").read_bytes())).body
    return plan, body


# --- the profile -------------------------------------------------------------------------------


def test_profile_template_is_all_placeholders_and_passes_when_filled_in() -> None:
    text = profile_template("nytt")
    problems = _problems({"forbund/nytt/index.md": text})
    assert problems == _placeholder_problems(problems)
    assert sorted(p.field or f"rad {p.line}" for p in problems) == [
        "county",
        "founded",
        "members[3]",
        "members[4]",
        "name",
        "org_number",
        "population_16_64.source",
        "population_16_64.value",
        "population_16_64.year",
        "rad 2",
        "rad 23",
        "short_name",
        "website",
    ]
    assert _problems({"forbund/nytt/index.md": filled(text)}) == []


def test_profile_template_holds_no_real_looking_data() -> None:
    text = profile_template("nytt")
    assert not re.search(r"\d", _outside_placeholders(text))  # comments too
    assert "Värend" not in text and "Kronoberg" not in text


def test_profile_with_facts_needs_no_hand_edit_for_them() -> None:
    facts = Facts(
        name="Samordningsförbundet Exempel",
        short_name="Exempel",
        county="Exempels län",
        members=("Region Exempel", "Exempels kommun", "Försäkringskassan"),
        founded=2008,
        org_number="222000-0000",
        website="https://www.exempel.se",
    )
    text = profile_template("exempel", facts)
    data = yaml.safe_load(split(text).front_matter)
    assert (data["name"], data["short_name"], data["county"], data["founded"]) == (
        "Samordningsförbundet Exempel",
        "Exempel",
        "Exempels län",
        2008,
    )
    assert data["members"] == [
        "Arbetsförmedlingen",
        "Region Exempel",
        "Exempels kommun",
        "Försäkringskassan",
    ]  # the state's parties always, once
    assert (data["org_number"], data["website"]) == ("222000-0000", "https://www.exempel.se")
    problems = _problems({"forbund/exempel/index.md": text})
    assert sorted(p.field or "" for p in problems) == [
        "",
        "",
        "population_16_64.source",
        "population_16_64.value",
        "population_16_64.year",
    ]


def test_facts_are_written_as_texts_however_they_look() -> None:
    hostile = 'Förbundet "X": #1\nrad två'
    text = profile_template("x", Facts(name=hostile, county="true", members=("- a",)))
    data = yaml.safe_load(split(text).front_matter)
    assert (data["name"], data["county"], data["members"][-1]) == (hostile, "true", "- a")


# --- a plan from a template --------------------------------------------------------------------


def test_plan_template_is_all_placeholders_and_passes_when_filled_in() -> None:
    text = plan_template("exempel", 2030)
    problems = _problems({"forbund/exempel/index.md": EXEMPEL, "forbund/exempel/2030.md": text})
    assert problems == _placeholder_problems(problems)
    assert {p.field for p in problems} == {
        None,
        "title",
        "adopted",
        "source",
        "source_url",
        "unit",
        "budget.2030.income[1].label",
        "budget.2030.income[1].category",
        "budget.2030.income[1].amount",
        "budget.2030.income_total",
        "budget.2030.costs[1].label",
        "budget.2030.costs[1].category",
        "budget.2030.costs[1].amount",
        "budget.2030.costs_total",
        "budget.2030.carried_over",
        "budget.2030.result",
    }
    assert (
        _problems({"forbund/exempel/index.md": EXEMPEL, "forbund/exempel/2030.md": filled(text)})
        == []
    )


def test_plan_template_holds_no_real_looking_data() -> None:
    text = plan_template("exempel", 2030)
    assert set(re.findall(r"\d+", _outside_placeholders(text))) == {"2030"}  # comments too


# --- next year's plan from the last ------------------------------------------------------------


def test_next_plan_keeps_lines_items_and_owners_as_placeholders_for_amounts() -> None:
    previous, body = _previous("rar-sormland", 2023)
    text = next_plan(previous, "2023.md", body, 2024)
    data = yaml.safe_load(split(text).front_matter)
    assert data["year"] == 2024 and data["forbund"] == "rar-sormland"
    assert data["title"] == (
        "FYLL I: titeln som i det nya dokumentet (i 2023.md: ”Verksamhetsplan och budget 2023”)"
    )
    assert data["unit"] == (
        "FYLL I: kr, tkr eller mkr, som beloppen står i det nya dokumentet (i 2023.md: tkr)"
    )
    assert "discrepancies" not in data and list(data["budget"]) == [2024]
    year = data["budget"][2024]
    assert set(year) == {"income", "income_total", "costs", "costs_total", "carried_over", "result"}
    old = previous.own_budget
    for direction in ("income", "costs"):
        assert [(line["label"], line["category"], line["amount"]) for line in year[direction]] == [
            (line.label, line.category, "FYLL I: belopp") for line in getattr(old, direction)
        ]
    items = year["costs"][3]["items"]
    assert [(i["label"], i.get("owner"), i["amount"]) for i in items] == [
        (i.label, i.owner, "FYLL I: belopp") for i in old.costs[3].items
    ]
    problems = _problems(
        {
            "forbund/rar-sormland/index.md": (
                ROOT / "content/forbund/rar-sormland/index.md"
            ).read_text(encoding="utf-8"),
            "forbund/rar-sormland/2024.md": text,
        }
    )
    assert problems == _placeholder_problems(problems)
    amounts = [p for p in problems if p.field and p.field.endswith(".amount")]
    assert len(amounts) == len(old.income) + len(old.costs) + len(old.costs[3].items)
    assert all(p.found == 'platshållaren "FYLL I: belopp"' for p in amounts)


def test_next_plan_carries_no_old_year_text_or_number() -> None:
    previous, body = _previous("varend", 2022)
    text = next_plan(previous, "2022.md", body, 2023)
    outside = _outside_placeholders(text).replace("2022.md", "")  # comments name the file
    numbers = set(re.findall(r"\d+", outside))
    assert "2023" in numbers and numbers - {"2023"} <= set("123456")
    # the plan's own year, and the old headings' numbers: 1. Samordningsförbundets ändamål …
    for old in (
        "2 030 000",
        "2030000",
        "Redaktionell anmärkning",
        "1 065 500",
        "organisationsnummer",
    ):
        assert old not in text
    assert "## FYLL I: rubriken som i det nya dokumentet (i 2022.md: ”4. Budget 2022”)" in text
    assert "Insatser från huvudmännen 2022" not in outside  # a label that names a year
    assert "- {label: Processutveckling, category: structural, amount: " in text


def test_next_plan_keeps_the_headings_and_the_budget_marker_in_place() -> None:
    previous, body = _previous("varend", 2022)
    text = next_plan(previous, "2022.md", body, 2023)
    headings = [line for line in split(text).body.split("\n") if line.startswith("#")]
    old = [line for line in body.split("\n") if line.startswith("#") and not line.startswith("#!")]
    assert len(headings) == len(old)
    assert [h for h in headings if MARKER not in h] == [
        h for h in old if not re.search(r"\d{4}", h)
    ]
    new_body = split(text).body
    assert new_body.count("<!-- budget -->") == 1
    budget = new_body.index("<!-- budget -->")
    assert (
        new_body.rindex("4. Budget 2022", 0, budget) < budget < new_body.index("## 5. Riskanalys")
    )


@pytest.mark.parametrize(
    ("slug", "year"), [("rar-sormland", 2023), ("varend", 2022), ("sodertalje", 2018)]
)
def test_every_next_plan_of_the_real_plans_passes_when_filled_in(slug: str, year: int) -> None:
    previous, body = _previous(slug, year)
    text = next_plan(previous, f"{year}.md", body, year + 1)
    profile = (ROOT / f"content/forbund/{slug}/index.md").read_text(encoding="utf-8")
    files = {f"forbund/{slug}/index.md": profile, f"forbund/{slug}/{year + 1}.md": text}
    problems = _problems(files)
    assert problems and problems == _placeholder_problems(problems)
    assert _problems({**files, f"forbund/{slug}/{year + 1}.md": filled(text)}) == []


def test_next_plan_of_a_plan_without_title_has_none() -> None:
    previous, _ = _previous("varend", 2022)
    data = yaml.safe_load(split(next_plan(previous, "2022.md", "\nText.\n", 2023)).front_matter)
    assert "title" not in data  # the 2022 document prints no title, so its plan has none
    assert "source_url" not in data  # nor an address


# --- the outline of the text -------------------------------------------------------------------


def test_outline_replaces_every_text_and_keeps_headings_outside_code() -> None:
    body = (
        "\nInledning.\n\n## Bakgrund\n\nText 2022.\n\n```text\n# ingen rubrik\n```\n\n"
        "## Budget 2022\n\n<!-- budget -->\n\n- En lista\n- <!-- budget -->\n\n#### Slut ###\n"
    )
    assert outline(body, "2022.md").split("\n\n") == [
        "\nFYLL I: texten före den första rubriken, avskriven ur det nya dokumentet (ta bort "
        "raden om det inte finns någon)",
        "## Bakgrund",
        "FYLL I: avsnittets text, avskriven ur det nya dokumentet (ta bort avsnittet om det inte "
        "finns där)",
        "## FYLL I: rubriken som i det nya dokumentet (i 2022.md: ”Budget 2022”)",
        "<!-- budget -->",
        "FYLL I: avsnittets text, avskriven ur det nya dokumentet (ta bort avsnittet om det inte "
        "finns där)",
        "#### Slut\n",
    ]


@pytest.mark.parametrize("body", ["", "\nBara text 2022.\n", "\n<!-- budget -->\n"])
def test_outline_of_a_text_without_headings_is_one_placeholder(body: str) -> None:
    text = outline(body, "2022.md")
    assert text.startswith(
        "\nFYLL I: planens text, avskriven ur det nya dokumentet med dess rubriker"
    )
    assert "2022" not in text.replace("2022.md", "")
    assert text.count("<!-- budget -->") == body.count("<!-- budget -->")
