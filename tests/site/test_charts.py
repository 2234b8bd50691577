"""The SVG charts: expected output, determinism, escaping, accessibility, gaps and large inputs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import assert_expected

from finsam import formatting
from finsam.format.model import COST_CATEGORIES, BudgetYear, Corpus, Line, Plan, Profile
from finsam.site import charts, derived
from finsam.site.derived import Figures

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'


def figures(
    slug: str,
    year: int,
    revenue: int = 0,
    costs: dict[str, int] | None = None,
    phase: str = derived.BUDGET,
) -> Figures:
    """Return the figures of one budget year in kronor, derived by the site.

    From a plan with one income line and a cost line per category.
    """
    income = (Line("Staten", "state", revenue),) if revenue else ()
    lines = tuple(Line(category, category, amount) for category, amount in (costs or {}).items())
    plan_year = year if phase == derived.BUDGET else year - 1
    budget = BudgetYear(year, income=income, costs=lines)
    plan = Plan(
        f"forbund/{slug}/{plan_year}.md",
        f"content/forbund/{slug}/{plan_year}.md",
        slug,
        plan_year,
        "källa",
        "kr",
        (budget,),
    )
    return derived.figures_of(plan, budget, None)


def cost_rows() -> list[tuple[str, Figures]]:
    return [
        (
            "RAR Sörmland",
            figures(
                "rar",
                2023,
                costs={
                    "administration": 3_232_000,
                    "structural": 4_050_000,
                    "individual": 8_119_000,
                },
            ),
        ),
        (
            "Värend",
            figures(
                "varend",
                2023,
                costs={
                    "administration": 1_438_939,
                    "structural": 1_747_501,
                    "individual": 1_405_560,
                    "unallocated": 1_700_000,
                },
            ),
        ),
        (
            "Samordningsförbundet Västra Östergötland",
            figures(
                "vo",
                2023,
                costs={
                    "administration": 1_000_000,
                    "individual": 7_000_000,
                    "unallocated": 500_000,
                    "other": 1_500_000,
                },
            ),
        ),
    ]


def revenue_series() -> list[tuple[str, list[Figures]]]:
    return [
        (
            "RAR Sörmland",
            [
                figures("rar", 2020, 17_900_000),
                figures("rar", 2021, 18_700_000),
                figures("rar", 2023, 18_500_000),
            ],
        ),
        (
            "Värend",
            [
                figures("varend", 2021, 4_100_000),
                figures("varend", 2022, 4_262_000),
                figures("varend", 2023, 4_400_500),
            ],
        ),
        ("Skellefteå-Norsjö", [figures("sn", 2022, 9_999_499)]),
    ]


def parse(chart: charts.Chart) -> ET.Element:
    """Return the chart's SVG parsed as XML (it must be well-formed)."""
    return ET.fromstring(chart.svg)


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{NS}text")]


# --- Expected output -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cost-shares-2023.svg", lambda: charts.cost_shares_chart(2023, cost_rows())),
        ("revenue-2020-2023.svg", lambda: charts.revenue_chart(revenue_series())),
    ],
)
def test_chart_matches_expected_output(name, make) -> None:
    assert_expected(f"charts/{name}", make().svg + "\n")


def test_cost_shares_title_and_description_give_the_key_numbers_in_swedish() -> None:
    chart = charts.cost_shares_chart(2023, cost_rows())
    assert chart.title == "Kostnadernas fördelning per förbund 2023"
    # 3 232 000 / 15 401 000 = 20,99 %; 1 438 939 / 6 292 000 = 22,87 %.
    assert (
        "RAR Sörmland: Administration 21,0\u00a0%, Strukturinriktade insatser 26,3\u00a0%, "
        "Individinriktade insatser 52,7\u00a0%."
    ) in chart.description
    assert "Värend: Administration 22,9\u00a0%" in chart.description
    assert "Kategorier som inte nämns har inga kostnader." in chart.description


def test_revenue_title_and_description_give_tkr_rounded_half_away_from_zero() -> None:
    chart = charts.revenue_chart(revenue_series())
    assert chart.title == "Intäkter utom eget kapital per förbund 2020–2023"
    assert (
        "Beloppen är beräknade av webbplatsen: summan av planens intäktsrader utom eget kapital."
        in chart.description
    )
    assert (
        "RAR Sörmland: 2020 17\u00a0900\u00a0tkr, 2021 18\u00a0700\u00a0tkr, 2023 "
        "18\u00a0500\u00a0tkr; varken budget eller prognos 2022."
    ) in chart.description
    assert (
        "Värend: 2021 4\u00a0100\u00a0tkr, 2022 4\u00a0262\u00a0tkr, 2023 4\u00a0401\u00a0tkr."
        in chart.description
    )
    assert "Skellefteå-Norsjö: 2022 9\u00a0999\u00a0tkr." in chart.description


def test_tkr_rounds_half_away_from_zero() -> None:
    assert [formatting.whole_tkr(v) for v in (1_438_499, 1_438_500, -1_500, -1_499, 0)] == [
        1_438,
        1_439,
        -2,
        -1,
        0,
    ]


# --- Determinism and ids ---------------------------------------------------------------------


def test_output_is_byte_identical_for_the_same_input() -> None:
    assert charts.cost_shares_chart(2023, cost_rows()) == charts.cost_shares_chart(
        2023, cost_rows()
    )
    assert charts.revenue_chart(revenue_series()) == charts.revenue_chart(revenue_series())


def test_ids_come_from_kind_and_year_and_do_not_clash_on_one_page() -> None:
    page = [
        charts.cost_shares_chart(
            2022, [("A", figures("a", 2022, costs={"administration": 1, "structural": 1}))]
        ),
        charts.cost_shares_chart(2023, cost_rows()),
        charts.revenue_chart(revenue_series()),
    ]
    assert [parse(chart).get("id") for chart in page] == [
        "chart-cost-shares-2022",
        "chart-cost-shares-2023",
        "chart-revenue-2020-2023",
    ]
    ids = []
    for chart in page:
        root = parse(chart)
        own = [element.get("id") for element in root.iter() if element.get("id")]
        assert all(i == root.get("id") or i.startswith(root.get("id") + "-") for i in own)
        ids.extend(own)
    assert len(ids) == len(set(ids))
    for reference in re.findall(r"url\(#([^)]+)\)", "".join(chart.svg for chart in page)):
        assert reference in ids


# --- Safety ----------------------------------------------------------------------------------


def all_charts() -> list[charts.Chart]:
    hostile_rows = [(HOSTILE, figures("h", 2023, costs={"administration": 1, "individual": 3}))]
    hostile_series = [(HOSTILE, [figures("h", 2022, 1_000_000), figures("h", 2023, 2_000_000)])]
    return [
        charts.cost_shares_chart(2023, cost_rows()),
        charts.revenue_chart(revenue_series()),
        charts.cost_shares_chart(2023, hostile_rows),
        charts.revenue_chart(hostile_series),
        charts.cost_shares_chart(2023, []),
        charts.revenue_chart([]),
    ]


@pytest.mark.parametrize("index", range(6))
def test_svg_is_static_with_no_script_events_or_external_references(index: int) -> None:
    chart = all_charts()[index]
    svg = chart.svg
    root = parse(chart)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "", 1)
    assert not re.search(
        r"<script|<foreignObject|<iframe|<image|<use|<a[\s>]|<style|<!--|<\?|<!\[CDATA|javascript:",
        svg,
        re.I,
    )
    for element in root.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), name
            assert "href" not in name, name
    assert "@import" not in svg and "font-face" not in svg


def test_hostile_names_appear_as_literal_text() -> None:
    cost, revenue = all_charts()[2:4]
    for chart in (cost, revenue):
        assert "<script>" not in chart.svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in chart.svg
        root = parse(chart)
        assert HOSTILE in root.find(f"{NS}desc").text
    assert HOSTILE in texts(parse(cost))
    # The end label of the revenue chart wraps the name; its lines join back into it.
    label_lines = [
        element.text for element in parse(revenue).find(f"{NS}g[@class='labels']").iter(f"{NS}text")
    ]
    assert (
        "".join(
            line.removesuffix("-") if line.endswith("-") and not line.endswith("--") else line + " "
            for line in label_lines
        ).strip()
        == HOSTILE
    )


def test_characters_xml_cannot_hold_are_replaced() -> None:
    chart = charts.cost_shares_chart(
        2023, [("a\x00b\x1bc", figures("a", 2023, costs={"administration": 1}))]
    )
    assert "a\ufffdb\ufffdc" in texts(parse(chart))


# --- Accessibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(6))
def test_role_title_and_desc_are_present_and_referenced(index: int) -> None:
    chart = all_charts()[index]
    root = parse(chart)
    assert root.get("role") == "img"
    title, desc = list(root)[:2]
    assert title.tag == f"{NS}title" and title.text == chart.title
    assert desc.tag == f"{NS}desc" and desc.text == chart.description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert chart.description and "\n" not in chart.description


@pytest.mark.parametrize("index", range(6))
def test_chart_scales_to_its_container_with_legible_text(index: int) -> None:
    root = parse(all_charts()[index])
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 480 \d+", root.get("viewBox"))
    sizes = [float(element.get("font-size")) for element in root.iter() if element.get("font-size")]
    assert min(sizes) >= 15
    # Text and axes follow the page's colour; only labels drawn on a coloured fill are black.
    for element in root.iter(f"{NS}text"):
        assert element.get("fill") in ("currentColor", charts.INK)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_palette_has_3_to_1_contrast_on_light_and_dark_and_4_5_to_1_under_black_labels(
    colour: str,
) -> None:
    assert _contrast(colour, "#ffffff") >= 3
    assert _contrast(colour, "#1e2129") >= 3
    assert _contrast(colour, "#000000") >= 4.5


def test_every_cost_category_has_its_own_pattern_and_legend_entry() -> None:
    root = parse(charts.cost_shares_chart(2023, cost_rows()))
    assert len(set(charts.PATTERNS.values())) == len(COST_CATEGORIES)
    legend = root.find(f"{NS}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{NS}text")] == list(COST_CATEGORIES.values())
    fills = [rect.get("fill") for rect in legend.iter(f"{NS}rect")]
    assert len(set(fills)) == len(COST_CATEGORIES)
    assert sum(fill.startswith("url(#") for fill in fills) == len(COST_CATEGORIES) - 1


def test_every_revenue_series_has_its_own_marker_dash_and_end_label() -> None:
    series = [
        (
            f"Förbund {i}",
            [
                figures(f"f{i}", 2022, (i + 1) * 1_000_000),
                figures(f"f{i}", 2023, (i + 1) * 1_000_000),
            ],
        )
        for i in range(8)
    ]
    root = parse(charts.revenue_chart(series))
    labels = root.find(f"{NS}g[@class='labels']")
    assert [t.text for t in labels.iter(f"{NS}text")] == [name for name, _ in series]
    samples = [path for path in labels if path.tag == f"{NS}path" and path.get("d").endswith("h18")]
    assert len({path.get("stroke") for path in samples}) == 8
    assert len({path.get("stroke-dasharray") for path in samples}) == len(charts.DASHES)
    # The markers differ in shape, not only in colour: compare them without coordinates and colour.
    markers = [
        m
        for m in labels
        if m.tag != f"{NS}text" and m not in samples and m.get("stroke") != "currentColor"
    ]
    shapes = {
        (m.tag, m.get("fill") == "none", re.sub(r"^M[-\d.]+,[-\d.]+", "", m.get("d") or ""))
        for m in markers
    }
    assert len(markers) == 8 and len(shapes) == 8


# --- Gaps, edge cases, size ------------------------------------------------------------------


def _marker_points(root: ET.Element, colour: str) -> list[tuple[float, float]]:
    markers = root.find(f"{NS}g[@class='markers']")
    return [(float(m.get("cx")), float(m.get("cy"))) for m in markers if m.get("fill") == colour]


def test_a_missing_year_is_a_gap_not_zero() -> None:
    root = parse(charts.revenue_chart(revenue_series()))
    first, _second = charts.PALETTE[:2]
    rar = _marker_points(root, first)  # circles: 2020, 2021, 2023
    assert len(rar) == 3
    varend = root.find(f"{NS}g[@class='markers']").findall(f"{NS}rect")  # squares: 2021, 2022, 2023
    x_2022 = float(varend[1].get("x")) + 4
    assert x_2022 not in [x for x, _ in rar]
    lines = [p for p in root.find(f"{NS}g[@class='series']") if p.get("stroke") == first]
    assert len(lines) == 1
    points = re.findall(r"[ML]([\d.]+),([\d.]+)", lines[0].get("d"))
    assert [float(x) for x, _ in points] == [x for x, _ in rar[:2]]
    zero = float(root.find(f".//{NS}line[@class='baseline']").get("y1"))
    assert all(y < zero for _, y in rar)
    assert not any(float(y) == zero for _, y in points)


def test_a_single_year_is_a_marker_without_a_line() -> None:
    root = parse(charts.revenue_chart([("A", [figures("a", 2023, 5_000_000)])]))
    assert root.get("id") == "chart-revenue-2023"
    assert not list(root.find(f"{NS}g[@class='series']"))
    assert len(list(root.find(f"{NS}g[@class='markers']"))) == 1


def test_forbund_without_budgets_are_left_out_and_counted() -> None:
    chart = charts.revenue_chart([("A", [figures("a", 2023, 5_000_000)]), ("B", [])])
    assert "1 förbund har ingen budget på webbplatsen och saknas i diagrammet." in chart.description
    assert "B" not in texts(parse(chart))


def test_a_budget_without_costs_gets_a_note_not_a_bar() -> None:
    chart = charts.cost_shares_chart(2023, [("Tomt", figures("t", 2023))])
    assert "Tomt: inga kostnadsrader i budgeten." in chart.description
    assert "Inga kostnadsrader i budgeten." in texts(parse(chart))


def test_wrong_input_is_refused() -> None:
    with pytest.raises(ValueError, match="not 2023"):
        charts.cost_shares_chart(2023, [("A", figures("a", 2022, costs={"administration": 1}))])
    with pytest.raises(ValueError, match="two figures"):
        charts.revenue_chart(
            [("A", [figures("a", 2023, 1), figures("a", 2023, 2, phase=derived.FORECAST)])]
        )


def test_a_forecast_is_a_ringed_point_without_a_line_named_in_both_charts() -> None:
    series = [
        (
            "A",
            [
                figures("a", 2021, 5_000_000),
                figures("a", 2022, 6_000_000, phase=derived.FORECAST),
                figures("a", 2023, 7_000_000),
            ],
        )
    ]
    chart = charts.revenue_chart(series)
    root = parse(chart)
    assert len(root.findall(f".//{NS}circle[@class='forecast']")) == 1
    assert not list(root.find(f"{NS}g[@class='series']"))  # no line runs through or to the forecast
    assert "2022 6\u00a0000\u00a0tkr (prognos i planen för 2021)" in chart.description
    cost = charts.cost_shares_chart(
        2022, [("A", figures("a", 2022, costs={"administration": 1}, phase=derived.FORECAST))]
    )
    assert "A (prognos i planen för 2021): Administration 100,0\u00a0%." in cost.description


def test_long_names_wrap_without_losing_text() -> None:
    name = (
        "Samordningsförbundet för en mycket lång och omständlig förbundsbeteckning i Västra "
        "Götaland"
    )
    root = parse(
        charts.cost_shares_chart(2023, [(name, figures("a", 2023, costs={"administration": 1}))])
    )
    lines = [
        t.text
        for t in root.find(f"{NS}g[@class='bars']").iter(f"{NS}text")
        if t.get("font-weight") == "bold"
    ]
    assert len(lines) == 2 and " ".join(lines) == name


def test_eighty_forbund_over_twenty_years_render() -> None:
    years = range(2005, 2025)
    series = [
        (
            f"Förbund nummer {i}",
            [figures(f"f{i}", y, 1_000_000 * (i + 1) + 10_000 * y) for y in years if (i + y) % 7],
        )
        for i in range(80)
    ]
    cost = charts.cost_shares_chart(
        2024,
        [
            (
                name,
                figures(
                    f"f{i}",
                    2024,
                    costs={"administration": i + 1, "structural": 80 - i, "individual": 100},
                ),
            )
            for i, (name, _) in enumerate(series)
        ],
    )
    root = parse(cost)
    assert len(list(root.find(f"{NS}g[@class='bars']"))) == 80
    assert "median" in cost.description and "tabellen" in cost.description
    revenue = charts.revenue_chart(series)
    root = parse(revenue)
    labels = " ".join(t.text for t in root.find(f"{NS}g[@class='labels']").iter(f"{NS}text"))
    # The top 8 by their latest revenue; number 76 has no budget for 2024, so its label gives its
    # last year.
    assert labels == " ".join(
        f"Förbund nummer {i}" + (" (2023)" if i == 76 else "") for i in range(72, 80)
    )
    assert "de 8 av 80 förbund som har högst intäkter i sin senaste budget" in revenue.description
    assert int(root.get("viewBox").split()[3]) < 600


def test_charts_from_a_compared_corpus() -> None:
    profile = Profile(
        "forbund/a/index.md",
        "content/forbund/a/index.md",
        "a",
        "Samordningsförbundet A",
        "A",
        "Län",
        ("X",),
    )
    plans = [
        Plan(
            f"forbund/a/{year}.md",
            f"content/forbund/a/{year}.md",
            "a",
            year,
            "källa",
            "tkr",
            (
                BudgetYear(
                    year,
                    income=(Line("Staten", "state", 1_000), Line("Eget kapital", "equity", 500)),
                    costs=(
                        Line("Adm", "administration", 300),
                        Line("Insatser", "individual", 1_200),
                    ),
                ),
                BudgetYear(year + 1, income=(Line("Staten", "state", 9_000),), costs=()),
            ),
        )
        for year in (2021, 2023)
    ]
    comparison = derived.compare(Corpus(profiles={"a": profile}, plans=plans))
    revenue = charts.revenue_chart([("A", comparison.timeline("a"))])
    assert (
        "A: 2021 1\u00a0000\u00a0tkr, 2023 1\u00a0000\u00a0tkr; varken budget eller prognos 2022."
        in revenue.description
    )
    cost = charts.cost_shares_chart(2023, [("A", comparison.budgets_in(2023)["a"])])
    assert (
        "A: Administration 20,0\u00a0%, Individinriktade insatser 80,0\u00a0%." in cost.description
    )


def test_a_series_ending_early_has_its_last_year_in_the_label_and_no_line_to_it() -> None:
    root = parse(charts.revenue_chart(revenue_series()))
    labels = root.find(f"{NS}g[@class='labels']")
    assert [t.text for t in labels.iter(f"{NS}text")] == [
        "RAR Sörmland",
        "Värend",
        "Skellefteå-Norsjö",
        "(2022)",
    ]
    connectors = [p for p in labels if p.get("stroke") == "currentColor"]
    assert len(connectors) == 2
