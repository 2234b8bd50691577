"""A plan page's title (its <title> and h1) names the förbund and the year (finsam.site.meta)."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import real_corpus

from finsam.site import meta


@pytest.fixture(scope="module")
def corpus():
    return real_corpus()


def test_each_real_plans_title_names_its_forbund_and_year(corpus) -> None:
    titles = {
        plan.uri: meta.plan_meta(plan, corpus.profiles[plan.slug]).title for plan in corpus.plans
    }
    assert titles == {
        "forbund/rar-sormland/2021.md": (
            "Verksamhetsplan 2021 – Samordningsförbundet RAR i Sörmland"
        ),
        "forbund/rar-sormland/2023.md": (
            "Verksamhetsplan och budget 2023 – Samordningsförbundet RAR i Sörmland"
        ),
        "forbund/sodertalje/2018.md": "Verksamhetsplan 2018 – Samordningsförbundet i Södertälje",
        "forbund/varend/2022.md": "Verksamhetsplan 2022 – Samordningsförbundet Värend",
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The förbund's name or short name already in the title, as words of their own: kept.
        ("Verksamhetsplan 2022 för Värend", "Verksamhetsplan 2022 för Värend"),
        (
            "Samordningsförbundet Värends plan 2022",
            "Samordningsförbundet Värends plan 2022 – Samordningsförbundet Värend",
        ),
        ("VÄREND: plan och budget 2022", "VÄREND: plan och budget 2022"),
        # No year in the title: the plan's year after it.
        (
            "Verksamhetsplan och budget",
            "Verksamhetsplan och budget 2022 – Samordningsförbundet Värend",
        ),
        ("Plan 2022–2024", "Plan 2022–2024 – Samordningsförbundet Värend"),
        ("Plan 20221", "Plan 20221 2022 – Samordningsförbundet Värend"),
    ],
)
def test_a_title_gets_the_year_and_the_forbund_it_does_not_name(
    corpus, title: str, expected: str
) -> None:
    plan = dataclasses.replace(corpus.page("forbund/varend/2022.md"), title=title)
    assert meta.plan_title(plan, corpus.profiles["varend"]) == expected


def test_a_short_name_inside_another_word_is_not_the_forbund(corpus) -> None:
    profile = dataclasses.replace(corpus.profiles["varend"], short_name="Öst", name="Öst")
    plan = dataclasses.replace(corpus.page("forbund/varend/2022.md"), title="Östersunds plan 2022")
    assert meta.plan_title(plan, profile) == "Östersunds plan 2022 – Öst"


def test_the_title_is_escaped_for_the_theme(corpus) -> None:
    profile = dataclasses.replace(corpus.profiles["varend"], name="<b>Värend & co</b>")
    plan = corpus.page("forbund/varend/2022.md")
    title = meta.plan_meta(plan, profile).title
    assert title == "Verksamhetsplan 2022 – &lt;b&gt;Värend &amp; co&lt;/b&gt;"
