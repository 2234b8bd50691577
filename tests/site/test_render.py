"""Rendered budget tables compared with expected-output files, and escaping of every text field."""

from __future__ import annotations

import re

import pytest
from conftest import assert_expected, real_corpus

from finsam.format.model import BudgetYear, Corpus, Item, Line, Plan, Profile
from finsam.site import forbundpages, markup, planpage, stash
from finsam.site import meta as site_meta

REAL_PLANS = ["rar-sormland/2021", "rar-sormland/2023", "sodertalje/2018", "varend/2022"]


def _link(uri: str) -> str:
    return f"/{uri}"


@pytest.mark.parametrize("name", REAL_PLANS)
def test_budget_section_matches_expected_output(name: str) -> None:
    corpus = real_corpus()
    plan = corpus.page(f"forbund/{name}.md")
    rendered = planpage.budget_section(plan, corpus.profiles[plan.slug])
    assert_expected(f"{name.replace('/', '-')}.md", rendered)


def test_forbund_index_matches_expected_output() -> None:
    rendered = forbundpages.forbund_index(real_corpus(), _link)
    assert_expected("forbund-index.md", rendered)


HOSTILE = "<script>alert(1)</script> a | b *c* & \"q\" 's'"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; a | b *c* &amp; &#34;q&#34; &#39;s&#39;"


def _hostile_plan() -> tuple[Plan, Profile]:
    profile = Profile(
        "forbund/x/index.md",
        "content/forbund/x/index.md",
        "x",
        HOSTILE,
        HOSTILE,
        HOSTILE,
        (HOSTILE,) * 4,
        website='https://x.se/?a=1&b="2"',
    )
    year = BudgetYear(
        2024,
        income=(Line(HOSTILE, "members", 100),),
        costs=(Line(HOSTILE, "individual", 100, (Item(HOSTILE, 100, HOSTILE),)),),
    )
    plan = Plan(
        "forbund/x/2024.md",
        "content/forbund/x/2024.md",
        "x",
        2024,
        HOSTILE,
        "tkr",
        (year,),
        title=HOSTILE,
    )
    return plan, profile


def test_plan_page_escapes_every_text_field() -> None:
    plan, profile = _hostile_plan()
    page = planpage.plan_page(plan, profile, _link)
    assert "<script>" not in page
    assert page.count(ESCAPED) >= 5


def test_profile_page_escapes_every_text_field() -> None:
    plan, profile = _hostile_plan()
    corpus = Corpus(profiles={"x": profile}, plans=[plan])
    page = forbundpages.profile_page(profile, corpus, _link) + forbundpages.forbund_index(
        corpus, _link
    )
    assert "<script>" not in page
    assert page.count(ESCAPED) >= 6
    assert 'href="https://x.se/?a=1&amp;b=&#34;2&#34;"' in page


def test_meta_is_escaped_for_raw_attributes() -> None:
    plan, profile = _hostile_plan()
    meta = site_meta.plan_meta(plan, profile)
    assert "<" not in meta.title and '"' not in meta.description and "<" not in meta.description


def test_plan_without_marker_gets_budget_at_the_end() -> None:
    plan, profile = _hostile_plan()
    page = planpage.plan_page(plan, profile, _link)
    assert markup.plain(page).rstrip().endswith("</div>")
    assert "\n## Budget\n" in page and "\n### Budget 2024 {#budget-2024}\n" in page


def test_blocks_bypass_markdown_and_come_back_whole() -> None:
    plan, profile = _hostile_plan()
    markdown, blocks = stash.stash(planpage.plan_page(plan, profile, _link))
    assert markup.BLOCK_START not in "".join(blocks) and "<table" not in markdown
    html = "\n".join(
        f"<p>{line}</p>" if line.startswith(markup.BLOCK_START) else line
        for line in markdown.split("\n")
    )
    assert stash.unstash(html, blocks).count("<table") == "".join(blocks).count("<table") > 0


@pytest.mark.parametrize(
    "body",
    [
        ": direkt efter rutan",
        "\n\n  : efter tomma rader",
        "[a]: https://exempel.invalid/\n\n  : efter en länkreferens",
        "[^1]: En fotnot.\n    Fortsättning.\n\n: efter en fotnot",
    ],
)
def test_a_text_after_a_site_block_never_makes_the_block_a_definition_term(body: str) -> None:
    """A text starting (after what renders elsewhere) with ": " stays a paragraph of its own."""
    from finsam.format import bodies
    from finsam.site import stash

    markdown, blocks = stash.stash(stash.block("<table>B</table>") + stash.set_apart(body))
    html = stash.unstash(bodies.render(markdown), blocks)
    assert "<table>B</table>" in html and "<dt>" not in html
    assert not re.search("[\ue000-\uf8ff]", html)
