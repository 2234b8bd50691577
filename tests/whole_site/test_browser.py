"""The built site in a real browser, as a reader uses it.

The real content is built strictly once for this module and served from 127.0.0.1; one Chromium
(Debian's /usr/bin/chromium, never a downloaded build) runs every test. Every request that is
not to 127.0.0.1 is blocked, and any attempt fails the test that made it.

Covered: the way from the start page to a budget; search (Pagefind, loaded only when the reader
types); the comparison tables and charts; the open-data downloads and their content types; the edit
button; keyboard access; axe-core (WCAG 2.0/2.1 A and AA) on every page type in the light and the
dark palette; and the layout at 360 and 1280 px, with screenshots in tests/output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import (
    CHARTS_SCRIPT,
    CHROMIUM,
    LAUNCH_ARGS,
    OVERFLOW_SCRIPT,
    PAGE_TYPES,
    SCREENSHOTS,
    TABLES_SCRIPT,
    Guard,
    axe_violations,
    describe_violations,
    new_context,
    require_chromium,
    require_playwright,
    serve,
    use_scheme,
)
from conftest import ROOT, Build

# Chromium through Playwright: `make quick` leaves these out.
pytestmark = pytest.mark.browser

EDIT_BASE = "https://github.com/finsam-planer/finsam-planer/edit/main/content/"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def text(value: str) -> str:
    """Return text with the no-break spaces of Swedish numbers as plain spaces, trimmed."""
    return " ".join(value.translate(SPACES).split())


# -- Fixtures: one build, one server, one browser, three pages for the whole module -------------


@pytest.fixture(scope="module")
def base(real_site: Build) -> Iterator[str]:
    """Serve the real site, built strictly, on 127.0.0.1; yield its base URL."""
    require_chromium()
    require_playwright()
    assert real_site.returncode == 0, real_site.log
    with serve(real_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def guard(base: str) -> Guard:
    return Guard(base)


@pytest.fixture(scope="module")
def browser(base: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def desktop(browser, guard: Guard, base: str):
    """A 1280 px wide page in the light palette."""
    context = new_context(browser, guard, width=1280)
    page = context.new_page()
    use_scheme(page, base, "default")
    yield page
    context.close()


@pytest.fixture(scope="module")
def dark(browser, guard: Guard, base: str):
    """A 1280 px wide page in the dark palette ("slate"), chosen with the palette toggle.

    The browser itself prefers light, so the dark palette is there only because the toggle worked.
    """
    context = new_context(browser, guard, width=1280, dark=False)
    page = context.new_page()
    use_scheme(page, base, "slate")
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone(browser, guard: Guard, base: str):
    """A 360 px wide page in the light palette."""
    context = new_context(browser, guard, width=360, height=780)
    page = context.new_page()
    use_scheme(page, base, "default")
    yield page
    context.close()


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(autouse=True)
def stays_on_this_machine(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any browser test during which the page tried to reach another server."""
    if "base" not in request.fixturenames:
        yield
        return
    guard = request.getfixturevalue("guard")
    before = len(guard.outside)
    yield
    attempted = guard.outside[before:]
    assert not attempted, f"requests to other servers were attempted (and blocked): {attempted}"


def visit(page, base: str, path: str):
    """Open a page of the site; fail unless it answers 200."""
    response = page.goto(base + path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    return response


def path_of(page) -> str:
    return urlsplit(page.url).path


def search_ready(page) -> None:
    """Wait until the search is ready for words.

    It shows its prompt, and has loaded nothing of the index yet.
    """
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__meta")).to_have_text("Skriv sökord", timeout=15_000)


def searched(page, query: str):
    """Type query into the focused search and return its result links once they are shown."""
    from playwright.sync_api import expect

    page.keyboard.type(query)
    expect(page.locator(".md-search-result__meta")).to_have_text(
        re.compile(r"^[\d\s]+ sökresultat"), timeout=15_000
    )
    _wait_until_results_settle(page)
    return page.locator(".md-search-result__list a.md-search-result__link")


def pagefind_requests(guard: Guard, since: int) -> list[str]:
    return [url for url in guard.allowed[since:] if "/pagefind/" in url]


# -- A reader's way through the site ------------------------------------------------------------


def test_reader_goes_from_the_start_page_to_a_plans_budget(desktop, base: str) -> None:
    from playwright.sync_api import expect

    page = desktop
    visit(page, base, "/")
    expect(page.locator("h1")).to_have_text("Samordningsförbundens planer")

    page.locator("nav.md-nav--primary").get_by_role(
        "link", name="Förbund", exact=True
    ).first.click()
    assert path_of(page) == "/forbund/"
    listing = page.get_by_role("region", name="Samordningsförbund med planer på webbplatsen")
    listing.get_by_role("link", name="Samordningsförbundet RAR i Sörmland").click()
    assert path_of(page) == "/forbund/rar-sormland/"
    expect(page.locator("h1")).to_have_text("Samordningsförbundet RAR i Sörmland")

    page.get_by_role("region", name=re.compile("^Verksamhetsplaner för")).get_by_role(
        "link", name=re.compile("2023")
    ).click()
    assert path_of(page) == "/forbund/rar-sormland/2023/"

    budget = page.get_by_role("region", name="Budget 2023, RAR Sörmland, tkr")
    budget.scroll_into_view_if_needed()
    expect(budget).to_be_visible()
    table = budget.get_by_role("table")
    expect(table).to_be_visible()
    row = table.get_by_role("row", name=re.compile("^Medlemsavgifter"))
    expect(row).to_be_visible()
    assert text(row.inner_text()).endswith("16 000"), row.inner_text()
    amounts = [text(cell) for cell in table.locator("td.finsam-num").all_inner_texts()]
    assert "16 000" in amounts and "3 107" in amounts, amounts


@pytest.mark.parametrize(
    ("query", "expected", "context"),
    [
        ("SIKTA", "/forbund/rar-sormland/2023/#", "Samordningsförbundet RAR i Sörmland · 2023"),
        ("Södertälje", "/forbund/sodertalje/", "Samordningsförbundet i Södertälje"),
        ("förvärvsaktiv", "/forbund/", ""),
        (
            "insatserna",
            "/forbund/rar-sormland/2021/#32-insatsfinansiering",
            "3.2. Insatsfinansiering",
        ),
        ("Nyköpings kommun", "/forbund/rar-sormland/2023/#", "2023"),
        ("Värend", "/forbund/varend/", "Samordningsförbundet Värend"),
    ],
    ids=["insats", "ortnamn-med-ä", "ord-med-ö-och-ä", "svensk-stamning", "insatsagare", "forbund"],
)
def test_search_finds_plans(
    desktop, base: str, guard: Guard, query: str, expected: str, context: str
) -> None:
    page = desktop
    visit(page, base, "/")
    page.wait_for_load_state("networkidle")
    before = len(guard.allowed)
    search = page.get_by_role("search").locator("input.md-search__input")
    search.click()
    search_ready(page)
    assert not pagefind_requests(guard, before), (
        "the search index was loaded before the reader typed"
    )
    results = searched(page, query)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    found = [urlsplit(urljoin(page.url, href)) for href in hrefs]
    matching = [
        i
        for i, url in enumerate(found)
        if (url.path + ("#" + url.fragment if url.fragment else "")).startswith(expected)
    ]
    assert matching, f"{query!r}: no result at {expected}: {hrefs}"
    shown = text(results.nth(matching[0]).inner_text())
    assert context in shown, f"{query!r}: the result does not show {context!r}: {shown!r}"
    assert results.nth(matching[0]).locator("mark").count() >= 1, (
        f"{query!r}: no highlighted word in {shown!r}"
    )
    # The search ran on Pagefind's files from this site, fetched only now.
    loaded = pagefind_requests(guard, before)
    assert any(url.endswith("/pagefind/pagefind.js") for url in loaded) and any(
        ".pf_fragment" in url for url in loaded
    ), loaded
    page.keyboard.press("Escape")


def test_search_result_links_to_its_heading(desktop, base: str) -> None:
    page = desktop
    visit(page, base, "/")
    page.keyboard.press("/")
    results = searched(page, "Insatsfinansiering")
    href = urljoin(page.url, results.first.get_attribute("href"))
    assert urlsplit(href).fragment, href
    with page.expect_navigation():
        results.first.click()
    fragment = urlsplit(page.url).fragment
    heading = page.locator(f"article [id='{fragment}']")
    assert heading.count() == 1 and heading.evaluate("h => /^H[1-6]$/.test(h.tagName)"), fragment
    assert "Insatsfinansiering" in heading.inner_text()


@pytest.mark.parametrize("key", ["/", "s"])
def test_keys_focus_the_search_as_in_material(desktop, base: str, key: str) -> None:
    page = desktop
    visit(page, base, "/forbund/")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    focused = page.evaluate(FOCUSED)
    assert focused and focused["tag"] == "input" and focused["inSearch"], focused
    assert page.input_value("input.md-search__input") == "", "the key was typed into the search"
    page.keyboard.press("Escape")


def test_comparison_pages_show_tables_and_charts(desktop, base: str) -> None:
    from playwright.sync_api import expect

    page = desktop
    for path in ("/jamfor/", "/jamfor/2023/"):
        visit(page, base, path)
        regions = page.locator(".md-typeset [role=region]")
        assert regions.count() >= 1, path
        for region in regions.all():
            region.scroll_into_view_if_needed()
            expect(region.get_by_role("table")).to_be_visible()
            assert region.get_by_role("columnheader").count() >= 2, path
        charts = page.locator(".md-typeset svg[role=img]")
        assert charts.count() >= 1, f"{path}: no chart"
        for chart in charts.all():
            chart.scroll_into_view_if_needed()
            expect(chart).to_be_visible()
            name = chart.evaluate(
                "svg => (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)"
                ".map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim()"
                " || svg.getAttribute('aria-label') || ''"
            )
            assert len(name) > 20, f"{path}: a chart without a text alternative: {name!r}"
            box = chart.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 50, (
                f"{path}: chart drawn at {box}"
            )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("budgetrader.csv", "text/csv"),
        ("budgetrader.json", "application/json"),
        ("datapackage.json", "application/json"),
    ],
)
def test_downloads_have_the_right_content_and_type(
    desktop, base: str, name: str, content_type: str
) -> None:
    page = desktop
    visit(page, base, "/data/")
    link = page.locator(f".md-typeset a[href$='{name}']").first
    href = urljoin(page.url, link.get_attribute("href"))
    assert path_of(page) + name == urlsplit(href).path
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].split(";")[0].strip() == content_type, response.headers
    body = response.body().decode("utf-8")
    if name.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(body)))
        assert rows and {"forbund", "label", "amount", "unit"} <= set(rows[0]), list(rows[0])
        assert any(row["forbund"] == "rar-sormland" and row["label"] == "SIKTA" for row in rows)
    elif name == "budgetrader.json":
        records = json.loads(body)
        assert isinstance(records, list) and records and "amount" in records[0]
        assert any(
            record["label"] == "Medlemsavgifter" and record["amount_as_printed"] == 16000
            for record in records
        )
    else:
        package = json.loads(body)
        paths = {resource["path"] for resource in package["resources"]}
        assert {"budgetrader.csv", "budgetrader.json"} <= paths, paths
        for resource in package["resources"]:
            assert page.request.get(urljoin(href, resource["path"])).status == 200, resource["path"]


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("/", "index.md"),
        ("/forbund/varend/", "forbund/varend/index.md"),
        ("/forbund/rar-sormland/2023/", "forbund/rar-sormland/2023.md"),
        (
            "/forbund/rar-sormland/styrelsemote-2023-04-05/",
            "forbund/rar-sormland/styrelsemote-2023-04-05.md",
        ),
        ("/redaktorer/", "redaktorer.md"),
        ("/tillganglighet/", "tillganglighet.md"),
    ],
)
def test_edit_button_opens_the_pages_source(desktop, base: str, path: str, source: str) -> None:
    page = desktop
    visit(page, base, path)
    edit = page.locator("a.md-content__button[rel=edit]")
    assert edit.count() == 1
    assert edit.get_attribute("href") == EDIT_BASE + source
    assert (ROOT / "content" / source).is_file()


@pytest.mark.parametrize("path", ["/forbund/", "/jamfor/", "/jamfor/2023/", "/insatser/", "/data/"])
def test_generated_pages_have_no_edit_button(desktop, base: str, path: str) -> None:
    """These pages are made from the plans when the site is built: there is no file to edit."""
    visit(desktop, base, path)
    assert desktop.locator("a.md-content__button[rel=edit]").count() == 0


# -- Keyboard ----------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    href: el.getAttribute('href'),
    role: el.getAttribute('role'),
    label: el.getAttribute('aria-label'),
    classes: el.className && typeof el.className === 'string' ? el.className : '',
    inNav: !!el.closest('nav.md-nav--primary'),
    inSearch: !!el.closest('.md-search'),
    inContent: !!el.closest('article.md-content__inner'),
    visible: (() => {
      const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0;
    })(),
    focusRing: (() => {
      const s = getComputedStyle(el); return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
    })(),
  };
}"""


def tab_through(page, presses: int, until=None) -> list[dict]:
    """Press Tab up to presses times from the top of the page, or until until(focused) is true;
    return what had focus each time."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        seen.append(focused)
        if until and until(focused):
            break
    return seen


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_keyboard_skip_link_goes_to_the_content(desktop, base: str, name: str) -> None:
    page = desktop
    visit(page, base, PAGE_TYPES[name])
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first and first["text"] == "Gå till innehållet" and first["visible"], first
    # Material fades the link in when it has focus.
    page.wait_for_function(
        "() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2_000
    )
    target = first["href"]
    assert target and target.startswith("#")
    page.keyboard.press("Enter")
    page.wait_for_function("(target) => location.hash === target", arg=target, timeout=5_000)
    assert urlsplit(page.url).fragment == target[1:]
    assert page.locator(target).count() == 1
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert after and after["inContent"], f"after the skip link, Tab went to {after}"


@pytest.mark.parametrize("path", ["/forbund/", "/forbund/rar-sormland/2023/", "/jamfor/2023/"])
def test_keyboard_reaches_search_navigation_and_tables(desktop, base: str, path: str) -> None:
    page = desktop
    visit(page, base, path)
    regions = page.locator("article [role=region]")
    assert regions.count() >= 1
    for region in regions.all():
        assert region.get_attribute("tabindex") == "0", (
            "a table region that the keyboard cannot reach"
        )
        assert region.get_attribute("aria-label"), "a table region without a name"
    seen = tab_through(page, 400)
    order = {
        "search": next(
            (i for i, f in enumerate(seen) if f["tag"] == "input" and f["inSearch"]), None
        ),
        "navigation": next((i for i, f in enumerate(seen) if f["inNav"] and f["tag"] == "a"), None),
        "content": next((i for i, f in enumerate(seen) if f["inContent"]), None),
        "table": next(
            (i for i, f in enumerate(seen) if f["role"] == "region" and f["inContent"]), None
        ),
    }
    missing = [name for name, index in order.items() if index is None]
    assert not missing, (
        f"Tab never reached: {missing}; it went through "
        f"{[f['text'] or f['classes'] for f in seen][:60]}"
    )
    assert order["search"] < order["navigation"] < order["content"] <= order["table"], order
    reached = sum(1 for f in seen if f["role"] == "region" and f["inContent"])
    assert reached == regions.count(), f"Tab reached {reached} of {regions.count()} table regions"
    hidden = [f for f in seen if not f["visible"] and f["inContent"]]
    assert not hidden, f"invisible elements in the content take focus: {hidden}"
    no_ring = [f for f in seen if f["role"] == "region" and not f["focusRing"]]
    assert not no_ring, f"table regions without a visible focus indicator: {no_ring}"


def _wait_until_results_settle(page) -> None:
    """Wait until the search results stop changing.

    A re-render would take the focus away from a result.
    """
    script = "() => document.querySelector('.md-search-result')?.innerHTML ?? ''"
    previous, stable = None, 0
    for _ in range(100):
        current = page.evaluate(script)
        stable = stable + 1 if current == previous else 0
        if stable >= 3:
            return
        previous = current
        page.wait_for_timeout(100)


def test_keyboard_search_opens_a_result(desktop, base: str) -> None:
    from playwright.sync_api import expect

    page = desktop
    visit(page, base, "/")
    seen = tab_through(page, 12, until=lambda f: f["tag"] == "input" and f["inSearch"])
    assert seen and seen[-1]["tag"] == "input" and seen[-1]["inSearch"], seen
    search_ready(page)
    results = searched(page, "SIKTA")
    expect(results.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["inSearch"] and focused["href"] and focused["focusRing"], focused
    assert focused["href"] == results.first.get_attribute("href")
    expected = urlsplit(urljoin(page.url, focused["href"]))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == expected.path and urlsplit(page.url).fragment == expected.fragment


def tab_through_results(page, count: int) -> list[dict]:
    """Press Tab from the search until count links had focus (past the results' scrolling box).

    Return them.
    """
    seen = []
    for _ in range(count + 2):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["href"]:
            seen.append(focused)
        if len(seen) == count:
            break
    return seen


def test_keyboard_escape_closes_the_search_and_tab_reaches_every_result(desktop, base: str) -> None:
    page = desktop
    visit(page, base, "/")
    page.keyboard.press("s")
    results = searched(page, "plan")
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    seen = tab_through_results(page, len(hrefs))
    assert [f and f["href"] for f in seen] == hrefs, seen
    assert all(f["inSearch"] and f["visible"] and f["focusRing"] for f in seen), seen
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked(), "Escape left the search open"
    assert not page.locator(".md-search__output").is_visible()


def test_scrollable_table_scrolls_with_the_keyboard(phone, base: str) -> None:
    page = phone
    visit(page, base, "/jamfor/2023/")  # a plan's budget tables fit 360 px: the year's does not
    region = page.get_by_role("region", name="Budgetar 2023, alla förbund")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), (
        "the year's table fits at 360 px: nothing to test"
    )
    region.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    assert region.evaluate("r => r.scrollLeft") > 0, (
        "arrow keys did not scroll the focused table region"
    )
    amount = region.locator("td.finsam-num", has_text=re.compile("16.000")).first
    assert amount.is_visible()


# -- Accessibility: axe-core on every page type, in both palettes ------------------------------


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["ljust", "mörkt"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_violations(desktop, dark, axe, base: str, name: str, scheme: str) -> None:
    page = desktop if scheme == "default" else dark
    visit(page, base, PAGE_TYPES[name])
    applied = page.locator("body").get_attribute("data-md-color-scheme")
    assert applied == scheme, f"the page shows palette {applied!r}, not {scheme!r}"
    violations = axe_violations(axe, page)
    assert not violations, (
        f"axe-core, {PAGE_TYPES[name]} ({scheme}):\n{describe_violations(violations)}"
    )


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["ljust", "mörkt"])
def test_axe_finds_no_violations_with_the_search_showing_results(
    browser, guard: Guard, axe, base: str, scheme: str, width: int
) -> None:
    context = new_context(browser, guard, width=width, height=780)
    try:
        page = context.new_page()
        use_scheme(page, base, scheme)
        visit(page, base, "/forbund/rar-sormland/2023/")
        if width == 360:
            page.locator("label.md-header__button[for=__search]").click()
        else:
            page.keyboard.press("/")
        results = searched(page, "insatser")
        assert results.first.is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"sok-{scheme}-{width}.png"))
        violations = axe_violations(axe, page)
        assert not violations, (
            f"axe-core with search results ({scheme}, {width} px):\n"
            f"{describe_violations(violations)}"
        )
    finally:
        context.close()


# -- Layout on a phone and on a desktop; screenshots -------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_layout_fits_the_screen(phone, desktop, axe, base: str, name: str, width: int) -> None:
    page = phone if width == 360 else desktop
    visit(page, base, PAGE_TYPES[name])
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)

    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"the page scrolls sideways at {width} px: {overflow}"
    )

    for chart in page.evaluate(CHARTS_SCRIPT):
        assert chart["right"] <= width and chart["width"] <= width, (
            f"a chart wider than the screen: {chart}"
        )

    for table in page.evaluate(TABLES_SCRIPT):
        assert table["hiddenCells"] == 0, f"cells hidden at {width} px: {table['caption']}"
        assert table["regionRight"] <= width + 0.5, f"a table's box runs off the screen: {table}"
        if table["scrollWidth"] > table["clientWidth"]:
            assert table["overflowX"] in ("auto", "scroll"), (
                f"a table is cut off instead of scrolling: {table}"
            )
        if table["inRegion"]:
            assert table["tabindex"] == "0", f"a table region the keyboard cannot reach: {table}"

    if width == 360:
        violations = axe_violations(axe, page)
        assert not violations, (
            f"axe-core at 360 px, {PAGE_TYPES[name]}:\n{describe_violations(violations)}"
        )


# -- Privacy and the footer --------------------------------------------------------------------


def test_every_page_type_stays_on_this_server_and_links_the_accessibility_statement(
    desktop, base: str, guard: Guard
) -> None:
    page = desktop
    for name, path in PAGE_TYPES.items():
        visit(page, base, path)
        page.wait_for_load_state("networkidle")
        footer = page.locator("footer nav.finsam-footer-links")
        links = {
            link.inner_text().strip(): urlsplit(urljoin(page.url, link.get_attribute("href"))).path
            for link in footer.locator("a").all()
        }
        assert links == {
            "Om webbplatsen": "/om-webbplatsen/",
            "För redaktörer": "/uppdatera/",
            "Tillgänglighetsredogörelse": "/tillganglighet/",
        }, f"{name}: {links}"
    assert guard.allowed, "the request guard saw no request at all: is routing active?"
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in guard.allowed)
    assert not guard.outside, f"requests to other servers were attempted: {guard.outside}"


def test_the_guard_blocks_other_servers(desktop, base: str, guard: Guard) -> None:
    """The check behind every test works: a request elsewhere is aborted and remembered."""
    page = desktop
    visit(page, base, "/")
    before = len(guard.outside)
    failed = page.evaluate(
        "() => fetch('https://tredje-part.invalid/finsam-guard-check').then(() => false, () => "
        "true)"
    )
    attempted = guard.outside[before:]
    del guard.outside[before:]  # expected here: not a failure of this test
    assert failed, "a request to another server got an answer"
    assert any(
        url.startswith("https://tredje-part.invalid/finsam-guard-check") for url in attempted
    ), attempted


def test_accessibility_statement_follows_diggs_structure(desktop, base: str) -> None:
    page = desktop
    visit(page, base, "/tillganglighet/")
    assert page.locator("h1").all_inner_texts() == ["Tillgänglighetsredogörelse"]
    headings = [text(h) for h in page.locator("article h2").all_inner_texts()]
    for expected in (
        "Tillgänglighet för Samordningsförbundens planer",
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert any(h.startswith(expected) for h in headings), (
            f"missing section {expected!r}: {headings}"
        )
    body = text(page.locator("article").inner_text())
    assert "delvis förenlig" in body
    assert "7 december 2026" in body and "WCAG 2.2" in body
    hrefs = page.locator("article a").evaluate_all("links => links.map(a => a.href)")
    assert "https://www.digg.se/tdosanmalan" in hrefs
    assert "https://github.com/finsam-planer/finsam-planer/issues" in hrefs


# -- Issue 24: what a result is, the pages for editors, focus never hidden (WCAG 2.2) ----------


def _open_search(page, base: str, path: str = "/") -> None:
    visit(page, base, path)
    page.keyboard.press("/")
    search_ready(page)


def test_readers_search_leaves_out_the_pages_for_editors_unless_asked(desktop, base: str) -> None:
    from playwright.sync_api import expect

    page = desktop
    _open_search(page, base)
    box = page.get_by_role("checkbox", name="Visa också sidorna för redaktörer")
    expect(box).not_to_be_checked()
    results = searched(page, "planformatet")
    hrefs = [urlsplit(urljoin(page.url, h)).path for h in results.evaluate_all(HREFS)]
    assert hrefs and not {"/redaktorer/", "/uppdatera/", "/felmeddelanden/"} & set(hrefs), hrefs
    status = text(page.locator(".md-search-result__meta").inner_text())
    assert re.search(r"\. \d+ till finns på sidorna för redaktörer$", status), status
    box.check()
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("till finns")
    _wait_until_results_settle(page)
    editors = page.locator(".md-search-result__item", has=page.locator("a[href*='redaktorer']"))
    expect(editors.first).to_be_visible()
    assert "För redaktörer" in text(editors.first.inner_text())
    box.uncheck()
    page.keyboard.press("Escape")


HREFS = "links => links.map(a => a.getAttribute('href'))"


@pytest.mark.parametrize(
    ("query", "path", "title"),
    [
        ("insatser", "/insatser/2018/", "Insatser 2018"),
        ("Torekällberget", "/forbund/sodertalje/2018/", "Verksamhetsplan 2018"),
        ("Kostnadernas fördelning", "/jamfor/2023/", "Jämför 2023"),
    ],
    ids=["insatser", "plan", "jamfor"],
)
def test_a_search_result_says_what_its_page_is(
    desktop, base: str, query: str, path: str, title: str
) -> None:
    page = desktop
    _open_search(page, base)
    results = searched(page, query)
    hrefs = [urlsplit(urljoin(page.url, h)).path for h in results.evaluate_all(HREFS)]
    assert path in hrefs, hrefs
    shown = results.nth(hrefs.index(path))
    assert text(shown.locator(".finsam-search-title").inner_text()).startswith(title)
    if path.startswith("/forbund/"):
        assert "Samordningsförbundet i Södertälje · 2018" in text(shown.inner_text())
    page.keyboard.press("Escape")


# Where the element that has the focus is, and what is on top of it at its middle and corners.
FOCUS_SCRIPT = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element.closest('.md-header')) return null;
  const box = element.getBoundingClientRect();
  if (!box.width && !box.height) return null;
  const points = [[box.left + box.width / 2, box.top + box.height / 2], [box.left + 1, box.top + 1],
    [box.right - 1, box.top + 1], [box.left + 1, box.bottom - 1], [box.right - 1, box.bottom - 1]];
  let inside = 0, shown = 0;
  const covers = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    inside++;
    const top = document.elementFromPoint(x, y);
    if (top && (top === element || element.contains(top) || top.contains(element))) shown++;
    else if (top) covers.push(top.className || top.tagName);
  }
  return {element: element.outerHTML.slice(0, 100), inside, shown, covers};
}"""


def _hidden_focus(page) -> dict | None:
    """Return where the focused element is if it is entirely hidden or off the screen, else None.

    Looked at again once the page has stopped moving (a drawer sliding, a scroll).
    """
    found = page.evaluate(FOCUS_SCRIPT)
    if found is None or found["shown"]:
        return None
    page.wait_for_timeout(450)
    found = page.evaluate(FOCUS_SCRIPT)
    return None if found is None or found["shown"] else found


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    "path", ["/forbund/rar-sormland/2023/", "/insatser/2018/", "/tillganglighet/"]
)
def test_the_focus_is_never_hidden_by_the_header_the_search_or_the_menu(
    browser, guard: Guard, base: str, path: str, width: int
) -> None:
    """WCAG 2.4.11: Tab through the page and back; what has the focus is never entirely hidden."""
    context = new_context(browser, guard, width=width, height=780)
    try:
        page = context.new_page()
        hidden = []
        for key in ("Tab", "Shift+Tab"):
            visit(page, base, path)
            if key == "Shift+Tab":
                page.locator("footer a").last.focus()
            seen = set()
            for _ in range(400):
                page.keyboard.press(key)
                where = page.evaluate(
                    "() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)"
                )
                if where in seen or where is None or where.startswith("<body"):
                    break
                seen.add(where)
                found = _hidden_focus(page)
                if found:
                    hidden.append((key, found))
            assert len(seen) > 10, f"{path}: only {len(seen)} stops"
        assert not hidden, f"{path} at {width} px: {hidden[:5]}"
    finally:
        context.close()
