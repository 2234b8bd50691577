"""A plan's budget at a glance (finsam.site.glance), at the top of plan and förbund pages.

The real plans' glances are compared with expected-output files (UPDATE_EXPECTED=1 rewrites them);
the medians and places are worked out here by hand for plans added beside the real ones.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, assert_expected

from finsam.format.corpus import load
from finsam.format.model import Corpus
from finsam.format.sources import Source
from finsam.site import glance, markup, pages, planpage, preview
from finsam.site.derived import compare

REAL_PLANS = ["rar-sormland/2021", "rar-sormland/2023", "sodertalje/2018", "varend/2022"]


def _link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


def _plan(slug: str, year: int, members: int, costs: dict[str, int], extra: str = "") -> str:
    """Return a plan in tkr: one members line, one cost line per category (no printed totals)."""
    lines = "\n".join(
        f"      - {{label: Rad {category}, category: {category}, amount: {amount}}}"
        for category, amount in costs.items()
    )
    return (
        f"---\nforbund: {slug}\nyear: {year}\nsource: Testplan\nunit: tkr\nbudget:\n  {year}:\n"
        f"    income:\n      - {{label: Medlemsavgifter, category: members, amount: {members}}}\n"
        f"    costs:\n{lines}\n{extra}---\nText.\n"
    )


def _corpus(extra: dict[str, str]) -> Corpus:
    """Return the real content with more plans beside it, read as the build reads it."""
    content = ROOT / "content"
    sources = [
        Source(path.relative_to(content).as_posix(), f"content/{path}", path.read_bytes())
        for path in sorted((content / "forbund").rglob("*.md"))
    ]
    sources += [Source(uri, f"content/{uri}", text.encode()) for uri, text in extra.items()]
    corpus = load(sources)
    assert [p.message() for p in corpus.problems] == []
    return corpus


# Three budgets for 2024 (tkr): Summa intäkter 4 000, 16 000 and 9 000; administration 25 %,
# 12,5 % and 33,3 % of the cost lines.
YEAR_2024 = {
    "forbund/varend/2024.md": _plan(
        "varend", 2024, 4000, {"administration": 1000, "individual": 3000}
    ),
    "forbund/rar-sormland/2024.md": _plan(
        "rar-sormland",
        2024,
        16000,
        {"administration": 2000, "structural": 4000, "individual": 10000},
    ),
    "forbund/sodertalje/2024.md": _plan(
        "sodertalje", 2024, 9000, {"administration": 3000, "individual": 6000}
    ),
}


def _rows(html: str) -> dict[str, list[str]]:
    """Return a glance's rows as read by the eye: name → cells (marks and hidden words aside)."""
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html):
        cells = [_visible(cell) for cell in re.split(r"</t[hd]><td[^>]*>", row)]
        found[cells[0]] = cells[1:]
    return found


def _visible(html: str) -> str:
    html = re.sub(r'<span class="finsam-visually-hidden">.*?</span>', "", html)
    html = re.sub(r'<span class="finsam-phase">.*?</span>', "", html)
    text = re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ")
    return text.strip()


def _glance(corpus: Corpus, uri: str) -> str:
    plan = corpus.page(uri)
    profile = corpus.profiles[plan.slug]
    return glance.plan_glance(plan, profile.short_name, compare(corpus), _link_from(uri))


# --- Where the glance stands, and what it shows ---------------------------------------------------


@pytest.mark.parametrize("name", REAL_PLANS)
def test_the_top_of_each_real_plan_page_matches_expected_output(name: str) -> None:
    corpus = _corpus({})
    plan = corpus.page(f"forbund/{name}.md")
    profile = corpus.profiles[plan.slug]
    link = _link_from(plan.uri)
    top = planpage.plan_facts_html(plan, profile.name, link(profile.uri))
    top += "\n" + glance.plan_glance(plan, profile.short_name, compare(corpus), link)
    assert_expected(f"plan-top-{name.replace('/', '-')}.md", top + "\n")


def test_a_plan_page_has_its_glance_between_the_facts_and_the_text() -> None:
    corpus = _corpus({})
    plan = corpus.page("forbund/rar-sormland/2023.md")
    _, text = pages.page(plan, corpus, compare(corpus), _link_from(plan.uri))
    page = markup.plain(text)
    facts, caption = page.index('<dl class="finsam-facts">'), page.index("Budget 2023 i korthet")
    assert facts < caption < page.index("Bakgrund och uppdrag") < page.index("### Budget 2023")
    assert "### Budget 2023 {#budget-2023}" in page  # the anchor the glance links to
    assert 'Se <a href="#budget-2023">hela budgeten för 2023</a> längre ned' in page
    assert 'href="forbund/rar-sormland/2023.md~jamfor/2023.md">alla förbunds budgetar' in page


def test_a_forbund_page_has_its_latest_plans_glance_linked_to_that_plans_budget() -> None:
    corpus = _corpus({})
    profile = corpus.profiles["rar-sormland"]
    origin = profile.uri
    _, text = pages.page(profile, corpus, compare(corpus), _link_from(origin))
    page = markup.plain(text)
    assert page.index("</dl>") < page.index("Budget 2023 i korthet, RAR Sörmland")
    assert page.index("Budget 2023 i korthet") < page.index("RAR i Sörmland är ett av")  # the text
    budget = f'href="{origin}~forbund/rar-sormland/2023.md#budget-2023">hela budgeten för 2023'
    assert budget in page
    assert "Budget 2021 i korthet" not in page


def test_the_glance_shows_every_figure_of_the_year_with_its_marks() -> None:
    html = _glance(_corpus({}), "forbund/varend/2022.md")
    rows = _rows(html)
    assert list(rows) == [
        "Summa intäkter, tkr",
        "Intäkter utom eget kapital, tkr",
        "Medlemsbidrag, tkr",
        "Kostnader, tkr",
        "Resultat, tkr",
        "Administration, andel*",
        "Strukturinriktade insatser, andel*",
        "Individinriktade insatser, andel*",
        "Medlemsbidrag per invånare 16–64 år, kr*",
    ]
    assert rows["Summa intäkter, tkr"] == ["6 292"]  # printed: 6 292 000 kr
    assert rows["Intäkter utom eget kapital, tkr"] == ["4 262*"]  # computed: without equity
    assert rows["Resultat, tkr"] == ["−2 030*"]
    assert rows["Administration, andel*"] == ["22,9 %"]  # 1 438 939 / 6 291 999 kr
    assert rows["Medlemsbidrag per invånare 16–64 år, kr*"] == ["49"]  # 4 262 000 / 87 398
    assert "87\u00a0398 invånare i åldern 16–64 år (2021)" in html
    assert '<i class="finsam-computed">4\u00a0262</i>' in html
    assert "Från tidigare år" not in html  # not one of the contract's figures
    assert "Kostnadskategorierna är redaktionens indelning av planens rader." in html
    assert html.startswith("<div data-pagefind-ignore>")  # the search reads the budget's tables
    assert "Kursiv</i> med *" in html and "–: uppgiften saknas." not in html  # nothing missing


def test_a_figure_touched_by_a_discrepancy_links_to_its_explanation() -> None:
    corpus = _corpus({})
    on_plan = _glance(corpus, "forbund/rar-sormland/2023.md")
    costs = on_plan[on_plan.index("Kostnader, tkr") :].split("</tr>", 1)[0]
    assert '15\u00a0401<a class="finsam-flag" href="#avvikelse-1">' in costs  # on the same page
    profile = corpus.profiles["rar-sormland"]
    _, text = pages.page(profile, corpus, compare(corpus), _link_from(profile.uri))
    assert 'href="forbund/rar-sormland/index.md~forbund/rar-sormland/2023.md#avvikelse-1"' in text
    assert "!: berörs av en avvikelse" in on_plan


def test_a_forbund_alone_in_its_year_is_not_compared_and_is_told_of_the_forecasts() -> None:
    corpus = _corpus({})
    varend = _glance(corpus, "forbund/varend/2022.md")
    assert "Median" not in varend and "Plats" not in varend
    assert (
        "Inget annat förbund har en budget för 2022 på webbplatsen att jämföra med, men "
        "jämförelsen för 2022 visar prognoser ur andra förbunds planer."
    ) in varend  # RAR Sörmland's forecast for 2022, from its plan for 2021
    rar = _glance(corpus, "forbund/rar-sormland/2023.md")
    assert "att jämföra med." in rar and "prognoser" not in rar


# --- Beside the other budgets of the year ---------------------------------------------------------


def test_each_figure_stands_beside_the_median_and_its_place_among_the_years_budgets() -> None:
    corpus = _corpus(YEAR_2024)
    html = _glance(corpus, "forbund/varend/2024.md")
    rows = _rows(html)
    assert rows["Summa intäkter, tkr"] == ["4 000*", "9 000", "3 av 3"]
    assert rows["Kostnader, tkr"] == ["4 000*", "9 000", "3 av 3"]
    assert rows["Administration, andel*"] == ["25,0 %", "25,0 %", "2 av 3"]
    assert rows["Strukturinriktade insatser, andel*"] == ["0,0 %", "0,0 %", "2 av 3"]  # a tie
    assert rows["Resultat, tkr"] == ["0*", "0", "1 av 3"]  # all three are 0: all first
    # Only Värend's population is known: no median of one, no place.
    assert rows["Medlemsbidrag per invånare 16–64 år, kr*"] == ["46", "–", "–"]
    assert '<th scope="col" class="finsam-num">Median<sup' in html
    assert (
        "Median och plats gäller de 3 förbund som har en budget för 2024 på webbplatsen, Värend "
        "medräknat; prognoser räknas inte."
    ) in html
    assert "–: uppgiften saknas." in html
    assert "berörs minst en av de här siffrorna" not in html  # no discrepancy in 2024


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_half_away() -> None:
    corpus = _corpus(
        {
            "forbund/varend/2025.md": _plan("varend", 2025, 4001, {"administration": 4001}),
            "forbund/rar-sormland/2025.md": _plan(
                "rar-sormland", 2025, 16000, {"administration": 16000}
            ),
        }
    )
    rows = _rows(_glance(corpus, "forbund/varend/2025.md"))
    assert rows["Summa intäkter, tkr"] == ["4 001*", "10 001", "2 av 2"]  # 10 000,5 tkr


def test_a_forecast_is_not_counted_among_the_budgets() -> None:
    corpus = _corpus(
        {"forbund/sodertalje/2022.md": _plan("sodertalje", 2022, 9000, {"individual": 9000})}
    )
    rows = _rows(_glance(corpus, "forbund/varend/2022.md"))
    # Värend and Södertälje have budgets for 2022; RAR Sörmland only a forecast (plan for 2021).
    assert rows["Summa intäkter, tkr"] == ["6 292", "7 646", "2 av 2"]  # (6 292 + 9 000) / 2


def test_the_glance_says_how_many_other_forbund_have_a_figure_touched_by_a_discrepancy() -> None:
    corpus = _corpus(
        {"forbund/varend/2023.md": _plan("varend", 2023, 4000, {"administration": 4000})}
    )
    html = _glance(corpus, "forbund/varend/2023.md")
    # RAR Sörmland's costs for 2023: its discrepancy budget.2023.costs.Samverkansinsatser
    assert (
        "Hos det andra förbundet berörs minst en av de här siffrorna av en avvikelse; jämförelsen "
        "för 2023 visar vilka."
    ) in html
    assert "finsam-flag" not in html  # Värend's own figures are not touched
    rar = _glance(corpus, "forbund/rar-sormland/2023.md")
    assert "andra förbundet berörs" not in rar  # its own figures are flagged, Värend's are not
    many = _corpus(
        {
            **YEAR_2024,
            "forbund/rar-sormland/2024.md": YEAR_2024["forbund/rar-sormland/2024.md"]
            .replace(
                "---\nText.",
                "discrepancies:\n  - where: budget.2024.costs\n    printed: 16001\n"
                "    computed: 16000\n    note: Test.\n---\nText.",
            )
            .replace("    costs:\n", "    costs_total: 16001\n    costs:\n"),
        }
    )
    assert "Hos 1 av de 2 andra förbunden berörs minst en av de här siffrorna" in _glance(
        many, "forbund/varend/2024.md"
    )


def test_every_text_in_the_glance_is_escaped() -> None:
    hostile = "<b>Öst & Väst</b>"
    profile = (
        (ROOT / "content/forbund/varend/index.md")
        .read_text(encoding="utf-8")
        .replace("short_name: Värend", f'short_name: "{hostile}"')
    )
    corpus = _corpus({"forbund/varend/index.md": profile})
    html = _glance(corpus, "forbund/varend/2022.md")
    assert "<b>" not in html
    assert html.count("&lt;b&gt;Öst &amp; Väst&lt;/b&gt;") == 3  # the region, caption and column


# --- What a preview builds again ------------------------------------------------------------------


def test_a_changed_plan_makes_stale_the_pages_whose_glance_compares_with_it() -> None:
    before = _corpus(YEAR_2024)
    changed = dict(YEAR_2024)
    changed["forbund/sodertalje/2024.md"] = _plan(
        "sodertalje", 2024, 20000, {"administration": 3000, "individual": 17000}
    )
    after = _corpus(changed)
    keys_before = glance.standing_keys(before, compare(before))
    keys_after = glance.standing_keys(after, compare(after))
    stale = {uri for uri in keys_after if keys_before.get(uri) != keys_after[uri]}
    # Södertälje's Summa intäkter goes from the median to the top: Värend's and RAR Sörmland's
    # medians and places change, on their plans for 2024 and their förbund pages (2024 is their
    # latest plan); the plans for other years do not.
    assert stale == {
        "forbund/varend/2024.md",
        "forbund/varend/index.md",
        "forbund/rar-sormland/2024.md",
        "forbund/rar-sormland/index.md",
        "forbund/sodertalje/2024.md",
        "forbund/sodertalje/index.md",
    }
    files = dict.fromkeys(keys_after, b"same")  # the files themselves aside
    state = [
        preview.build_state(
            [Source(uri, f"content/{uri}", data) for uri, data in files.items()],
            ("nav",),
            b"mkdocs.yml",
            {},
            glances=keys,
        )
        for keys in (keys_before, keys_after)
    ]
    assert preview.stale_pages(*state) == stale


def test_a_change_that_moves_no_median_and_no_place_makes_nothing_stale() -> None:
    before = _corpus(YEAR_2024)
    changed = dict(YEAR_2024)
    changed["forbund/rar-sormland/2024.md"] = YEAR_2024["forbund/rar-sormland/2024.md"].replace(
        "Text.", "Annan text."
    )
    after = _corpus(changed)
    assert glance.standing_keys(before, compare(before)) == glance.standing_keys(
        after, compare(after)
    )


def test_a_population_given_for_another_forbund_makes_stale_the_glances_it_joins() -> None:
    before = _corpus(YEAR_2024)
    profile = (ROOT / "content/forbund/rar-sormland/index.md").read_text(encoding="utf-8")
    with_population = profile.replace(
        "\n---\n", "\npopulation_16_64:\n  value: 180000\n  year: 2023\n  source: SCB\n---\n", 1
    )
    after = _corpus({**YEAR_2024, "forbund/rar-sormland/index.md": with_population})
    keys_before = glance.standing_keys(before, compare(before))
    keys_after = glance.standing_keys(after, compare(after))
    stale = {uri for uri in keys_after if keys_before[uri] != keys_after[uri]}
    # Per capita for 2024 now has two figures: a median, and places, on every glance of 2024; and
    # RAR Sörmland's other plans count a figure of per capita where they had none.
    assert stale == {
        *(f"forbund/{slug}/2024.md" for slug in ("varend", "rar-sormland", "sodertalje")),
        *(f"forbund/{slug}/index.md" for slug in ("varend", "rar-sormland", "sodertalje")),
        "forbund/rar-sormland/2021.md",
        "forbund/rar-sormland/2023.md",
    }
    rows = _rows(_glance(after, "forbund/varend/2024.md"))
    assert rows["Medlemsbidrag per invånare 16–64 år, kr*"] == ["46", "67", "2 av 2"]
