"""The memo of the generated pages.

A build after one change gives what a fresh build gives, making again only what changed.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import synthetic
from markupsafe import escape

from finsam import formatting
from finsam.format.corpus import load
from finsam.format.model import Corpus
from finsam.format.sources import Source
from finsam.site import (
    addresses,
    charts,
    compare,
    derived,
    export,
    forbundpages,
    insatser,
    markup,
    pages,
)
from finsam.site.memo import Memo

# Functions that make one part of a generated page each, counted to show what a build makes again.
PARTS = (
    (derived, "plan_figures"),
    (export, "plan_tables"),
    (insatser, "insatser_group"),
    (compare, "overview_row_html"),
    (compare, "year_row_html"),
    (forbundpages, "forbund_row_html"),
    (charts, "cost_shares_chart"),
    (charts, "revenue_chart"),
)


def link_from(origin: str):
    return lambda uri: f"{origin}~{uri}"


def url_for(uri: str) -> str:
    return f"https://example.se/{uri}"


def fresh(corpus: Corpus) -> dict[str, str]:
    """Return the generated content of a build that keeps nothing."""
    return pages.generated_content(corpus, derived.compare(corpus), link_from, url_for)


def built(
    generator: pages.Generator, corpus: Corpus, links=link_from, urls=url_for
) -> dict[str, str]:
    return pages.make_background_files(
        generator.content(corpus, generator.compare(corpus), links, urls)
    )


@pytest.fixture
def sources() -> list[Source]:
    return synthetic.sources(6, 5, seed=4)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count the calls of every function that makes a part."""
    calls: Counter = Counter()
    for module, name in PARTS:
        function = getattr(module, name)

        def counted(*args, _function=function, _name=name):
            calls[_name] += 1
            return _function(*args)

        monkeypatch.setattr(module, name, counted)
    return calls


def edited(sources: list[Source], uri: str, old: str, new: str) -> list[Source]:
    """Return the sources with one file's text changed."""
    changed = []
    for source in sources:
        if source.uri == uri:
            text = source.data.decode("utf-8")
            assert old in text
            source = Source(source.uri, source.path, text.replace(old, new, 1).encode("utf-8"))
        changed.append(source)
    return changed


def a_plan(sources: list[Source]) -> tuple[str, str, str]:
    """Return a plan's path, its first amount and that amount plus 1000 kr."""
    uri = next(
        s.uri
        for s in sources
        if re.fullmatch(r"forbund/[a-z]+/\d{4}\.md", s.uri) and s.uri.endswith("6.md")
    )
    text = next(s.data.decode("utf-8") for s in sources if s.uri == uri)
    amount = re.search(r"amount: (\d+)\}", text)
    return uri, amount.group(0), f"amount: {int(amount.group(1)) + 1000}}}"


def test_first_build_gives_what_generated_content_gives(sources: list[Source]) -> None:
    corpus = load(sources)
    assert built(pages.Generator(), corpus) == fresh(corpus)


def test_build_after_one_change_gives_what_a_fresh_build_gives(sources: list[Source]) -> None:
    cache: dict = {}
    generator = pages.Generator()
    before = built(generator, load(sources, cache))
    uri, old, new = a_plan(sources)
    corpus = load(edited(sources, uri, old, new), cache)
    after = built(generator, corpus)
    assert after == fresh(corpus)
    assert after != before
    assert after[addresses.DATA_FILES["csv"]] != before[addresses.DATA_FILES["csv"]]


def test_build_after_one_change_makes_again_only_that_plans_parts(
    sources: list[Source], made: Counter
) -> None:
    cache: dict = {}
    generator = pages.Generator()
    built(generator, load(sources, cache))
    first = Counter(made)
    assert first["plan_tables"] == first["plan_figures"] == len(load(sources).plans)
    made.clear()
    uri, old, new = a_plan(sources)
    built(generator, load(edited(sources, uri, old, new), cache))
    year_rows = len(
        load(sources).profiles
    )  # the changed plan's own year is made again, one row per förbund
    assert made == Counter(
        plan_figures=1,
        plan_tables=1,
        insatser_group=1,
        overview_row_html=1,
        forbund_row_html=1,
        year_row_html=year_rows,
        cost_shares_chart=1,
        revenue_chart=1,
    )


def test_build_after_a_forbund_text_change_makes_again_only_its_rows_in_the_lists(
    sources: list[Source], made: Counter
) -> None:
    cache: dict = {}
    generator = pages.Generator()
    built(generator, load(sources, cache))
    made.clear()
    uri = next(s.uri for s in sources if s.uri.endswith("/index.md"))
    text = next(s.data.decode("utf-8") for s in sources if s.uri == uri)
    corpus = load(edited(sources, uri, text, text + "\nEn mening till.\n"), cache)
    after = built(generator, corpus)
    assert made == Counter(overview_row_html=1, forbund_row_html=1)
    assert after == fresh(corpus)


def test_build_without_changes_makes_nothing_again_and_gives_the_same_objects(
    sources: list[Source], made: Counter
) -> None:
    cache: dict = {}
    generator = pages.Generator()
    before = built(generator, load(sources, cache))
    made.clear()
    after = built(generator, load(sources, cache))
    assert made == Counter()
    data = [addresses.DATA_FILES["csv"], addresses.DATA_FILES["json"]]
    assert all(after[uri] is before[uri] for uri in data)  # so comparing them is instant
    assert after == before


def test_new_site_addresses_make_everything_afresh(sources: list[Source]) -> None:
    corpus = load(sources)
    generator = pages.Generator()
    built(generator, corpus)

    def other_links(origin: str):
        return lambda uri: f"{origin}/../{uri}"

    again = built(generator, corpus, other_links, lambda uri: f"https://other.se/{uri}")
    assert again == pages.generated_content(
        corpus, derived.compare(corpus), other_links, lambda uri: f"https://other.se/{uri}"
    )


def test_memo_keeps_results_by_equal_values_and_the_very_same_objects() -> None:
    calls: list[tuple] = []

    def made(*inputs: object) -> tuple:
        calls.append(inputs)
        return inputs

    memo = Memo()
    thing, twin = [1], [1]
    assert memo(made, "a", 2, None, (thing, "b"), thing) == ("a", 2, None, (thing, "b"), thing)
    memo(made, "a", 2, None, (thing, "b"), thing)
    assert len(calls) == 1
    memo(made, "a", 2, None, (twin, "b"), thing)  # an equal but different object is another input
    assert len(calls) == 2
    memo(made, "a", 2, None, (thing, "b"), id(thing))  # a number is never taken for an object
    assert len(calls) == 3


def test_memo_forgets_what_a_build_did_not_use() -> None:
    calls: list[str] = []

    def made(text: str) -> str:
        calls.append(text)
        return text

    memo = Memo()
    memo(made, "kept")
    memo(made, "dropped")
    memo.next_build()
    memo(made, "kept")
    memo.next_build()
    memo(made, "kept")
    memo(made, "dropped")
    assert calls == ["kept", "dropped", "dropped"]


@pytest.mark.parametrize(
    "text", ['<script>alert("x")</script>', "a & b 'c'", "åäö – “ ” \u2028", ""]
)
def test_html_escaped_is_markupsafe_escape(text: str) -> None:
    assert markup.html_escaped(text) == str(escape(text))


@pytest.mark.parametrize(
    "text", ["", "\n", "a\n \nb", "a\n\u00a0\n\u2028\nb\n", " a \n\t\n", "a\nb", "\n\na", "a\n\x85"]
)
def test_without_blank_lines_drops_every_line_of_only_whitespace(text: str) -> None:
    assert markup.without_blank_lines(text) == "\n".join(
        line for line in text.split("\n") if line.strip()
    )


def test_percent_keeps_the_sign_of_zero() -> None:
    assert formatting.percent(0.0) != formatting.percent(-0.0)
    assert formatting.percent(-0.0) == formatting.percent(-0.0)
