"""Build the site with MkDocs.

The real content strictly, hostile content escaped, broken content stopped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import VALID_PLAN, Build, build_copy

# Every test here builds the site with MkDocs: `make quick` leaves them out.
pytestmark = pytest.mark.slow

PROFILE = """---
name: "Samordningsförbundet <b>Test</b> & co"
short_name: "Test <i>x</i>"
county: Testlän
members: [Försäkringskassan, Arbetsförmedlingen, Region Test, Testa kommun]
---
Testförbund.
"""
PLAN = """---
title: "Plan <script>alert(1)</script> a | b *c*"
forbund: test
year: 2024
source: "Källa <img src=x onerror=alert(1)> `kod`"
unit: tkr
budget:
  2024:
    income:
      - {label: "<script>alert(2)</script>", category: state, amount: 500}
      - {label: "a | b *c* _d_", category: region, amount: 250}
      - {label: "R&D", category: municipalities, amount: 250}
    costs:
      - label: "Insatser <em>x</em>"
        category: individual
        amount: 1000
        items:
          - label: "<iframe src=x></iframe>"
            owner: "Ägare \\" onmouseover=\\"alert(3)"
            amount: 1000
    result: 0
---
Text.
"""


@pytest.fixture(scope="module")
def real(real_site: Build) -> Build:
    """The real content built once, strictly."""
    return real_site


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the real content plus a förbund whose every text tries to inject markup."""
    return build_copy(
        tmp_path_factory.mktemp("hostile"),
        {"forbund/test/index.md": PROFILE, "forbund/test/2024.md": PLAN},
    )


def test_real_content_builds_strictly(real: Build) -> None:
    assert real.returncode == 0, real.log
    assert "WARNING" not in real.log


@pytest.mark.parametrize(
    "url",
    [
        "",
        "forbund",
        "forbund/rar-sormland",
        "forbund/rar-sormland/2021",
        "forbund/rar-sormland/2023",
        "forbund/rar-sormland/styrelsemote-2023-04-05",
        "forbund/sodertalje",
        "forbund/sodertalje/2018",
        "forbund/varend",
        "forbund/varend/2022",
        "om-webbplatsen",
        "redaktorer",
        "jamfor",
        "jamfor/2018",
        "jamfor/2023",
        "insatser",
        "data",
    ],
)
def test_every_page_is_built_in_swedish_without_third_party_requests(real: Build, url: str) -> None:
    html = real.page(url)
    assert '<html lang="sv"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert 'data-md-component="source"' not in html
    assert re.search(r'<script[^>]+src="https?://', html) is None
    assert (
        re.search(
            r'<link[^>]+rel="(?:stylesheet|preconnect|preload|icon|dns-prefetch)"[^>]+href="(?:https?:)?//',
            html,
        )
        is None
    )
    assert re.search(r'<(?:img|iframe)[^>]+src="(?:https?:)?//', html) is None
    footer = html[html.index('class="finsam-footer-links"') :]
    assert re.search(r'<a href="[./]*(?:om-webbplatsen/)?">Om webbplatsen</a>', footer)


def test_plan_page_shows_budget_forecasts_and_discrepancies(real: Build) -> None:
    html = real.page("forbund/rar-sormland/2021")
    assert "Budget 2021" in html and "Prognos 2022" in html and "Prognos 2023" in html
    assert "inte förbundets budget för 2022" in html and "(planens budget)" in html
    assert (
        "Antagen budget" not in html and "antagen budget" not in html
    )  # the plan records no adoption
    assert "22\u00a0300" in html and "21\u00a0850" in html
    assert (
        '<p id="avvikelse-1">Summa kostnader för 2021 är enligt dokumentet 22\u00a0300\u00a0tkr'
        in html
    )
    assert "Ej kontrollerat" in html and "Fel i källdokumentet" not in html
    assert html.count("finsam-discrepancies") == 3


def test_itemised_lines_show_owners(real: Build) -> None:
    html = real.page("forbund/rar-sormland/2023")
    assert "SIKTA" in html and "Region Sörmland" in html and "3\u00a0107" in html
    assert (
        "insatserna under den så som de är avskrivna här summerar till 9\u00a0353\u00a0tkr" in html
    )


def test_budget_is_placed_at_the_marker(real: Build) -> None:
    html = real.page("forbund/sodertalje/2018")
    html = html[html.index("<article") :]
    assert (
        html.index("8.3 Budget 2018")
        < html.index("Budget 2018, Södertälje, kr")
        < html.index("9.0 Beslut")
    )
    assert "<!-- budget -->" not in html


def test_edit_button_points_at_the_source_file(real: Build) -> None:
    html = real.page("forbund/varend/2022")
    assert (
        'href="https://github.com/finsam-planer/finsam-planer/edit/main/content/forbund/varend/2022.md"'
        in html
    )


def test_profile_lists_plans_and_documents(real: Build) -> None:
    html = real.page("forbund/rar-sormland")
    assert 'href="2021/"' in html and 'href="2023/"' in html
    assert 'href="styrelsemote-2023-04-05/"' in html


def test_forbund_list_links_every_profile(real: Build) -> None:
    html = real.page("forbund")
    for slug in ("rar-sormland", "sodertalje", "varend"):
        assert f'href="{slug}/"' in html


def test_hostile_text_is_shown_literally(hostile: Build) -> None:
    assert hostile.returncode == 0, hostile.log
    html = hostile.page("forbund/test/2024")
    for raw in (
        "<script>alert",
        "<img src=x",
        "<iframe",
        "<b>Test</b>",
        "<i>x</i>",
        "<em>x</em>",
        'onmouseover="alert',
    ):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        "<title>Plan &lt;script&gt;alert(1)&lt;/script&gt; a | b *c* 2024 – Samordningsförbundet "
        "&lt;b&gt;Test&lt;/b&gt; &amp; co - "
    ) in html  # the plan's year and its förbund's name after the plan's title
    assert 'content="Plan &lt;script&gt;' in html
    assert "a | b *c* _d_" in html
    assert "R&amp;D" in html


def test_hostile_names_are_escaped_in_nav_and_lists(hostile: Build) -> None:
    for url in ("forbund", "forbund/test", "forbund/test/2024"):
        html = hostile.page(url)
        assert "<b>Test</b>" not in html and "<i>x</i>" not in html, url
        assert "Test &lt;i&gt;x&lt;/i&gt;" in html or "&lt;b&gt;Test&lt;/b&gt;" in html, url


def test_broken_plan_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    broken = VALID_PLAN.replace("amount: 100}\n    costs", 'amount: "1,5"}\n    costs')
    build = build_copy(tmp_path, {"forbund/varend/2024.md": broken})
    assert build.returncode != 0
    assert "content/forbund/varend/2024.md, rad 9: fältet budget.2024.income[1].amount" in build.log
    assert "Gör så här:" in build.log
    assert "Traceback" not in build.log


def test_bom_and_crlf_files_are_valid(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + VALID_PLAN.replace("\n", "\r\n").encode("utf-8")
    build = build_copy(tmp_path, {"forbund/varend/2024.md": data})
    assert build.returncode == 0, build.log
    assert "Medlemsavgifter" in build.page("forbund/varend/2024")


def test_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    build = build_copy(tmp_path, {"forbund/varend/anteckning.md": "Ingen titel här.\n"})
    assert build.returncode != 0
    assert "WARNING" in build.log and "forbund/varend/anteckning.md" in build.log
