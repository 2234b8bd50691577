"""Issue 24 in Chromium: a plan's budget at a glance, budget tables on a phone, titles, comparisons.

Two builds: the real content (built once for the whole run), and a copy with three more plans, so
that the years 2022 and 2023 have two or three budgets and the glances compare (Värend's plan for
2023 beside RAR Sörmland's, whose costs a discrepancy touches). Each page is read at 360 px (a
phone) and 1280 px, in Debian's Chromium; every request that is not to 127.0.0.1 is blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import (
    CHROMIUM,
    LAUNCH_ARGS,
    OVERFLOW_SCRIPT,
    Guard,
    axe_violations,
    describe_violations,
    new_context,
    require_chromium,
    require_playwright,
    serve,
)
from conftest import Build, build_copy

pytestmark = pytest.mark.browser

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
REAL_PLANS = {
    "/forbund/rar-sormland/2021/": ("Samordningsförbundet RAR i Sörmland", 2021),
    "/forbund/rar-sormland/2023/": ("Samordningsförbundet RAR i Sörmland", 2023),
    "/forbund/sodertalje/2018/": ("Samordningsförbundet i Södertälje", 2018),
    "/forbund/varend/2022/": ("Samordningsförbundet Värend", 2022),
}
FORBUND_PAGES = ("/forbund/rar-sormland/", "/forbund/sodertalje/", "/forbund/varend/")


def _plan(slug: str, year: int, members: int, costs: dict[str, int]) -> str:
    lines = "\n".join(
        f"      - {{label: Rad {category}, category: {category}, amount: {amount}}}"
        for category, amount in costs.items()
    )
    return (
        f"---\nforbund: {slug}\nyear: {year}\nsource: Testplan\nunit: tkr\nbudget:\n  {year}:\n"
        f"    income:\n      - {{label: Medlemsavgifter, category: members, amount: {members}}}\n"
        f"    costs:\n{lines}\n---\n## Inledning\n\nText.\n"
    )


COMPARED = {
    "forbund/sodertalje/2022.md": _plan(
        "sodertalje", 2022, 9000, {"administration": 3000, "individual": 6000}
    ),
    "forbund/rar-sormland/2022.md": _plan(
        "rar-sormland", 2022, 16000, {"administration": 2000, "individual": 14000}
    ),
    "forbund/varend/2023.md": _plan(
        "varend", 2023, 4000, {"administration": 1000, "structural": 1000, "individual": 2000}
    ),
}

# Each table's box and its table's width at min-content, against the width of the page's column.
WIDTHS_SCRIPT = """() => Array.from(document.querySelectorAll('.md-typeset table')).map(table => {
  const box = table.closest('[role=region]') || table.parentElement;
  const column = document.querySelector('.md-content__inner').clientWidth;
  table.style.minWidth = '0'; table.style.width = 'min-content';
  const least = table.getBoundingClientRect().width;
  table.style.width = ''; table.style.minWidth = '';
  return {
    caption: (table.caption && table.caption.textContent.trim()) || '?',
    clientWidth: box.clientWidth, scrollWidth: box.scrollWidth, least, column,
  };
})"""

# Each row of a budget table: the right edges of its name and its amount, and the region's.
ROWS_SCRIPT = """region => Array.from(region.querySelectorAll('tbody tr')).filter(
  row => row.querySelector('td.finsam-num')
).map(row => {
  const right = region.getBoundingClientRect().right;
  const name = row.querySelector('th').getBoundingClientRect();
  const amount = row.querySelector('td.finsam-num:last-child').getBoundingClientRect();
  return {row: row.textContent.trim().slice(0, 40), name: name.right, amount: amount.right, right};
})"""


def text(value: str) -> str:
    return " ".join(value.translate(SPACES).split())


# -- Fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compared_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A copy of the project with budgets of two or three förbund for 2022 and 2023."""
    return build_copy(tmp_path_factory.mktemp("compared"), COMPARED)


@pytest.fixture(scope="module")
def sites(real_site: Build, compared_site: Build) -> Iterator[dict[str, str]]:
    """Serve both sites on 127.0.0.1; yield their base URLs."""
    require_chromium()
    require_playwright()
    assert real_site.returncode == 0, real_site.log
    assert compared_site.returncode == 0, compared_site.log
    with serve(real_site.site) as real, serve(compared_site.site) as compared:
        yield {"real": real, "compared": compared}


@pytest.fixture(scope="module")
def guard(sites: dict[str, str]) -> Guard:
    return Guard(sites["real"])


@pytest.fixture(scope="module")
def browser(sites: dict[str, str]):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def pages(browser, guard: Guard):
    """A page at 360 px (a phone) and one at 1280 px, by width."""
    contexts = {
        width: new_context(browser, guard, width=width, height=780 if width == 360 else 900)
        for width in (360, 1280)
    }
    yield {width: context.new_page() for width, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(autouse=True)
def stays_on_this_machine(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which a page tried to reach another server."""
    if "pages" not in request.fixturenames:
        yield
        return
    guard = request.getfixturevalue("guard")
    before = len(guard.outside)
    yield
    assert not guard.outside[before:], f"requests to other servers: {guard.outside[before:]}"


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")


# -- 1. The budget at a glance ----------------------------------------------------------------


@pytest.mark.parametrize("path", list(REAL_PLANS))
def test_a_plan_page_shows_its_budget_at_a_glance_at_the_top(
    pages, sites: dict[str, str], path: str
) -> None:
    _, year = REAL_PLANS[path]
    for width, page in pages.items():
        visit(page, sites["real"] + path)
        glance = page.locator(".finsam-glance").first
        caption = text(glance.locator("caption").inner_text())
        assert caption.startswith(f"Budget {year} i korthet, "), caption
        top = glance.bounding_box()["y"]
        # The budget's own table is far down the page; the glance is on the first screens.
        budget = page.locator(f"#budget-{year}").bounding_box()["y"]
        assert top < (1000 if width == 1280 else 1500) < budget, (width, top, budget)
        rows = [text(r) for r in glance.locator("tbody th").all_inner_texts()]
        assert rows[0] == "Summa intäkter, tkr" and len(rows) == 9, rows
        amounts = [text(c) for c in glance.locator("tbody td").all_inner_texts()]
        assert len(amounts) == 9 and all(amounts), amounts


def test_the_glance_leads_to_the_budget_table_and_to_the_comparison(
    pages, sites: dict[str, str]
) -> None:
    from playwright.sync_api import expect

    page = pages[360]
    visit(page, sites["real"] + "/forbund/rar-sormland/2023/")
    page.get_by_role("link", name="hela budgeten för 2023").click()
    assert urlsplit(page.url).fragment == "budget-2023"
    heading = page.locator("#budget-2023")
    expect(heading).to_be_in_viewport()
    expect(page.get_by_role("region", name="Budget 2023, RAR Sörmland, tkr")).to_be_attached()
    visit(page, sites["real"] + "/forbund/rar-sormland/2023/")
    page.get_by_role("link", name="alla förbunds budgetar för 2023").click()
    assert urlsplit(page.url).path == "/jamfor/2023/"
    # A förbund page: its latest plan's glance, linked to that plan's budget.
    visit(page, sites["real"] + "/forbund/rar-sormland/")
    link = page.get_by_role("link", name="hela budgeten för 2023")
    href = urlsplit(urljoin(page.url, link.get_attribute("href")))
    assert (href.path, href.fragment) == ("/forbund/rar-sormland/2023/", "budget-2023")


def test_the_search_leaves_the_glance_out(pages, sites: dict[str, str]) -> None:
    """The glance's words are on every plan and förbund page: a search for one finds none."""
    from playwright.sync_api import expect

    page = pages[1280].context.new_page()
    try:
        visit(page, sites["real"] + "/")
        page.keyboard.press("/")
        page.keyboard.type("kostnadskategorierna")
        meta = page.locator(".md-search-result__meta")
        expect(meta).to_have_text(re.compile(r"sökresultat"), timeout=15_000)
        hrefs = page.locator(".md-search-result__list a.md-search-result__link").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
        assert not [href for href in hrefs if href.startswith("/forbund/")], hrefs
    finally:
        page.close()


def test_a_glance_compares_with_the_other_budgets_of_the_year(pages, sites: dict[str, str]) -> None:
    page = pages[1280]
    visit(page, sites["compared"] + "/forbund/varend/2023/")
    glance = page.get_by_role("region", name="Budget 2023 i korthet, Värend")
    heads = [text(h) for h in glance.locator("thead th").all_inner_texts()]
    assert heads == ["Nyckeltal", "Värend", "Median* (beräknat)", "Plats, högst först"], heads
    row = text(glance.get_by_role("row", name=re.compile("^Summa intäkter")).inner_text())
    # Värend 4 000 tkr, RAR Sörmland 18 500 tkr: the median of two is their mean.
    assert row == "Summa intäkter, tkr 4 000* (beräknat) 11 250 2 av 2", row
    # RAR Sörmland's costs are touched by a discrepancy: the comparison marks them.
    note = text(page.locator(".finsam-glance-note").inner_text())
    assert "Hos det andra förbundet berörs minst en av de här siffrorna av en avvikelse" in note
    link = page.get_by_role("link", name="alla förbunds budgetar för 2023")
    link.click()
    assert urlsplit(page.url).path == "/jamfor/2023/"
    row = page.get_by_role("row", name=re.compile("^RAR Sörmland"))
    row.first.wait_for()  # the page the link opened has loaded
    assert row.locator("a.finsam-flag").count() >= 1


# -- 2. Budget tables on a phone, tables on a desktop -----------------------------------------

PHONE_PAGES = [("real", path) for path in REAL_PLANS] + [
    ("compared", "/forbund/varend/2023/"),
    ("compared", "/forbund/varend/2022/"),
]


@pytest.mark.parametrize(("site", "path"), PHONE_PAGES)
def test_every_budget_table_fits_a_phone_with_names_and_amounts_in_view(
    pages, sites: dict[str, str], axe, site: str, path: str
) -> None:
    page = pages[360]
    visit(page, sites[site] + path)
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow
    budget_tables = re.compile(r"^(Budget|Prognos|Jämförelseår|Summor|Medlemmarnas andelar) ")
    regions = [
        region
        for region in page.locator("article .finsam-budget[role=region]").all()
        if budget_tables.match(region.get_attribute("aria-label"))
    ]
    assert len(regions) >= 3, path  # the glance, the budget's lines and its sums
    for region in regions:
        name = region.get_attribute("aria-label")
        sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
        assert sizes[0] <= sizes[1], f"{path}: {name} needs a sideways swipe: {sizes}"
        for row in region.evaluate(ROWS_SCRIPT):
            assert row["name"] <= row["right"] + 0.5 and row["amount"] <= row["right"] + 0.5, (
                f"{path}: {name}: {row}"
            )
    violations = axe_violations(axe, page)
    assert not violations, f"axe-core at 360 px, {path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize(
    "path", [*FORBUND_PAGES, *REAL_PLANS, "/forbund/", "/", "/insatser/", "/data/"]
)
def test_no_table_is_wider_than_its_column_at_1280_outside_the_comparisons(
    pages, sites: dict[str, str], path: str
) -> None:
    page = pages[1280]
    visit(page, sites["real"] + path)
    for table in page.evaluate(WIDTHS_SCRIPT):
        assert table["scrollWidth"] <= table["clientWidth"], f"{path}: {table}"
        if path.startswith("/forbund/"):
            # Room to spare, for a font wider than the test machine's.
            assert table["least"] <= 0.9 * table["column"], f"{path}: {table}"


def test_the_compared_glance_and_the_forbund_tables_fit_1280_with_room(
    pages, sites: dict[str, str]
) -> None:
    page = pages[1280]
    for path in ("/forbund/varend/", "/forbund/varend/2023/", "/forbund/rar-sormland/"):
        visit(page, sites["compared"] + path)
        for table in page.evaluate(WIDTHS_SCRIPT):
            assert table["least"] <= 0.9 * table["column"], f"{path}: {table}"


# -- 3. Which page is which -------------------------------------------------------------------


@pytest.mark.parametrize("path", list(REAL_PLANS))
def test_a_plan_pages_title_and_heading_name_the_forbund_and_the_year(
    pages, sites: dict[str, str], path: str
) -> None:
    forbund, year = REAL_PLANS[path]
    page = pages[1280]
    visit(page, sites["real"] + path)
    heading = text(page.locator("article h1").inner_text())
    assert str(year) in heading and heading.endswith(f" – {forbund}"), heading
    assert page.title() == f"{heading} - Samordningsförbundens planer"


# -- 4. Comparisons that compare --------------------------------------------------------------


def test_a_years_comparison_shows_a_forecast_with_a_link_to_its_plan(
    pages, sites: dict[str, str]
) -> None:
    page = pages[1280]
    visit(page, sites["real"] + "/jamfor/2022/")
    table = page.get_by_role("table", name="Budgetar 2022, alla förbund")
    row = table.get_by_role("row", name=re.compile("^RAR Sörmland"))
    assert "(prognos i planen för 2021)" in text(row.inner_text())
    link = row.get_by_role("link", name="planen för 2021")
    assert urlsplit(urljoin(page.url, link.get_attribute("href"))).path == (
        "/forbund/rar-sormland/2021/"
    )


def test_the_start_page_leads_to_the_comparisons_and_the_insatser(
    pages, sites: dict[str, str]
) -> None:
    page = pages[1280]
    visit(page, sites["real"] + "/")
    article = page.locator("article")
    assert "kommer att läggas till" not in article.inner_text()
    for name, target in (("Jämför", "/jamfor/"), ("Insatser", "/insatser/")):
        link = article.get_by_role("link", name=name, exact=True)
        assert link.count() == 1, name
        assert urlsplit(urljoin(page.url, link.get_attribute("href"))).path == target
    link.click()
    assert urlsplit(page.url).path == "/insatser/"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", [*FORBUND_PAGES, "/forbund/varend/2023/", "/forbund/varend/"])
def test_axe_finds_no_violations_on_pages_with_a_glance(
    pages, sites: dict[str, str], axe, path: str, width: int
) -> None:
    page = pages[width]
    site = "compared" if path.startswith("/forbund/varend/") else "real"
    visit(page, sites[site] + path)
    violations = axe_violations(axe, page)
    assert not violations, f"axe-core, {path} at {width} px:\n{describe_violations(violations)}"


def test_screenshots_of_the_glance(pages, sites: dict[str, str]) -> None:
    """Screenshots for a reader's eye: tests/output/screenshots/glance-*.png."""
    out = Path(__file__).resolve().parent.parent / "output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for width, page in pages.items():
        visit(page, sites["compared"] + "/forbund/varend/2023/")
        glance = page.locator(".finsam-glance").first
        glance.screenshot(path=str(out / f"glance-{width}.png"))
        assert glance.bounding_box()["width"] <= width
