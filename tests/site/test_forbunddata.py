"""data/forbund/<förbund>.json: a förbund's plans and figures, valid against their schema."""

from __future__ import annotations

import json
import posixpath
import re

import jsonschema
import pytest
from conftest import Build, real_corpus

from finsam.format.model import UNITS
from finsam.site import derived, forbunddata, pages
from finsam.site.addresses import FORBUND_SCHEMA, forbund_data_uri
from finsam.site.meta import escaped_page_meta

Validator = jsonschema.Draft202012Validator


def _content() -> dict[str, str | bytes]:
    corpus = real_corpus()
    return pages.generated_content(
        corpus, derived.compare(corpus), lambda origin: lambda uri: uri, lambda uri: uri
    )


def _files(content: dict[str, str | bytes]) -> dict[str, dict]:
    return {slug: json.loads(content[forbund_data_uri(slug)]) for slug in real_corpus().profiles}


def test_every_forbund_file_is_valid_against_the_published_schema() -> None:
    content = _content()
    schema = json.loads(content[FORBUND_SCHEMA])
    Validator.check_schema(schema)
    files = _files(content)
    assert len(files) == 3
    for found in files.values():
        assert list(Validator(schema).iter_errors(found)) == []
        assert found["$schema"] == "../forbund.schema.json"


def test_the_schema_finds_a_missing_figure_mark_and_an_unknown_field() -> None:
    content = _content()
    schema = json.loads(content[FORBUND_SCHEMA])
    found = _files(content)["varend"]
    del found["plans"][0]["budget_years"][0]["figures"]["costs"]["computed"]
    found["plans"][0]["extra"] = 1
    messages = [error.message for error in Validator(schema).iter_errors(found)]
    assert any("'computed' is a required property" in message for message in messages)
    assert any("'extra' was unexpected" in message for message in messages)


def test_the_figures_and_marks_are_those_of_the_key_figures() -> None:
    content = _content()
    rows = json.loads(content["data/nyckeltal.json"])
    files = _files(content)
    compared = 0
    for row in rows:
        plan = next(p for p in files[row["forbund"]]["plans"] if p["year"] == row["plan_year"])
        year = next(y for y in plan["budget_years"] if y["year"] == row["fiscal_year"])
        assert year["phase"] == row["phase"]
        factor = UNITS[plan["unit"]]
        for column, figure in year["figures"].items():
            assert figure["kronor"] == row[column], (row["forbund"], column)
            assert figure["computed"] == (column in row["computed"])
            assert figure["discrepancy"] == (column in row["discrepancy"])
            if figure["in_unit"] is not None:
                assert figure["in_unit"] * factor == figure["kronor"]
            compared += 1
    assert compared == len(rows) * len(year["figures"]) > 50


def test_every_line_is_in_kronor_and_as_printed() -> None:
    corpus = real_corpus()
    files = _files(_content())
    for plan in corpus.plans:
        shown = next(p for p in files[plan.slug]["plans"] if p["year"] == plan.year)
        for budget, year in zip(plan.budget, shown["budget_years"], strict=True):
            assert year["year"] == budget.year
            assert [line["in_unit"] for line in year["costs"]] == [
                line.amount for line in budget.costs
            ]
            assert all(
                line["kronor"] == line["in_unit"] * UNITS[plan.unit] for line in year["income"]
            )
    assert any(p["phase"] == derived.FORECAST for f in files.values() for p in _years(f))
    assert all(
        (p["figures"] is None) == (p["phase"] == derived.EARLIER)
        for f in files.values()
        for p in _years(f)
    )


def _years(found: dict) -> list[dict]:
    return [year for plan in found["plans"] for year in plan["budget_years"]]


def test_absolute_schema_address_when_the_site_address_is_known() -> None:
    corpus = real_corpus()
    profile = corpus.profiles["varend"]
    text = forbunddata.forbund_json(profile, (), lambda uri: f"https://planer.example.se/{uri}")
    assert json.loads(text)["$schema"] == "https://planer.example.se/data/forbund.schema.json"


def test_front_matter_cannot_set_the_json_link_of_a_page() -> None:
    meta = escaped_page_meta({"title": "<b>", "data_json": "javascript:alert(1)"})
    assert meta == {"title": "&lt;b&gt;"}


@pytest.mark.slow  # builds the real site
def test_plan_and_forbund_pages_link_their_json_visibly_and_as_alternate(
    real_site: Build,
) -> None:
    assert real_site.returncode == 0, real_site.log
    corpus = real_corpus()
    urls = [f"forbund/{p.slug}/{p.year}/" for p in corpus.plans]
    urls += [f"forbund/{slug}/" for slug in corpus.profiles]
    for url in urls:
        html = real_site.page(url)
        slug = url.split("/")[1]
        alternate = re.search(
            r'<link rel="alternate" type="application/json"[^>]*href="([^"]+)"', html
        )
        visible = re.search(r'<a href="([^"]+)" type="application/json">', html)
        assert alternate and visible, url
        for href in (alternate[1], visible[1]):
            target = posixpath.normpath(posixpath.join(url, href))
            assert target == forbund_data_uri(slug), (url, href)
            assert (real_site.site / target).is_file()
    schema = real_site.site / FORBUND_SCHEMA
    Validator.check_schema(json.loads(schema.read_text(encoding="utf-8")))
