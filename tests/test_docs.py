"""Every field, category and unit of the plan format is documented on the editors' page."""

from __future__ import annotations

import pytest
from conftest import ROOT

from finsam.format import schema
from finsam.format.model import COST_CATEGORIES, INCOME_CATEGORIES, UNITS

EDITORS_PAGE = ROOT / "content" / "redaktorer.md"
FIELD_GROUPS = (
    schema.PROFILE_FIELDS,
    schema.POPULATION_FIELDS,
    schema.PLAN_FIELDS,
    schema.YEAR_FIELDS,
    schema.COST_LINE_FIELDS,
    schema.INCOME_LINE_FIELDS,
    schema.ITEM_FIELDS,
    schema.DISCREPANCY_FIELDS,
    schema.DOCUMENT_FIELDS,
)
NAMES = sorted(
    {name for group in FIELD_GROUPS for name in group}
    | set(INCOME_CATEGORIES)
    | set(COST_CATEGORIES)
    | set(UNITS)
)


@pytest.mark.parametrize("name", NAMES)
def test_name_is_documented_for_editors(name: str) -> None:
    assert f"`{name}`" in EDITORS_PAGE.read_text(encoding="utf-8")


def test_budget_marker_is_documented() -> None:
    assert "<!-- budget -->" in EDITORS_PAGE.read_text(encoding="utf-8")
