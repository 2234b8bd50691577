"""A förbund's pages: its profile with its plans and documents, a document's page.

The list of all förbund.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import formatting
from ..format.model import Corpus, Document, Plan, Profile
from . import glance, marks
from .addresses import Link
from .derived import Comparison, Figures, figures_of
from .markup import html_escaped, table_html, tbody, th
from .memo import Memoize, no_memo
from .stash import block, set_apart
from .templating import rendered


def profile_page(
    profile: Profile,
    corpus: Corpus,
    link: Link,
    plans: list[tuple[Plan, Figures]] | None = None,
    comparison: Comparison | None = None,
) -> str:
    """Return the Markdown of a förbund page.

    facts, the text, its plans (oldest first, each with its budget's figures; by default from the
    corpus) and documents. With the comparison of every plan, the latest plan's budget at a glance
    stands between the facts and the text.
    """
    if plans is None:
        plans = [
            (plan, figures_of(plan, plan.own_budget, profile))
            for plan in corpus.plans_of(profile.slug)
        ]
    facts = rendered("profile_facts.html", profile=profile)
    if comparison is not None and plans:
        facts += "\n" + glance.forbund_glance(plans[-1][0], profile.short_name, comparison, link)
    parts = [
        block(facts),
        set_apart(profile.body.rstrip()),
        "\n\n## Verksamhetsplaner\n",
    ]
    if plans:
        rows = [_plan_row(plan, figures, link) for plan, figures in plans]
        legend = marks.legend_html(
            computed=any(figures.figure(key).computed for _, figures in plans for key in PLAN_KEYS),
            disputed=any(figures.figure(key).disputed for _, figures in plans for key in PLAN_KEYS),
            missing=any(
                plan.adopted is None or any(figures.figure(key).missing for key in PLAN_KEYS)
                for plan, figures in plans
            ),
        )
        parts.append(block(profile_plans_html(profile.short_name, rows) + legend))
    else:
        parts.append("\nDet finns ännu inga verksamhetsplaner för förbundet på webbplatsen.\n")
    documents = corpus.documents_of(profile.slug)
    if documents:
        rows = [{"document": d, "href": link(d.uri)} for d in documents]
        parts.append("\n\n## Övriga dokument\n")
        parts.append(block(rendered("document_list.html", rows=rows)))
    return "".join(parts)


PLAN_KEYS = ("income_total", "costs")


@dataclass(frozen=True, slots=True)
class _PlanRow:
    year: int
    title: str
    href: str
    adopted: str
    income: str
    costs: str
    discrepancies: str


def _plan_row(plan: Plan, figures: Figures, link: Link) -> _PlanRow:
    counts = []
    if plan.confirmed_discrepancies:
        counts.append(f"{len(plan.confirmed_discrepancies)} fel i källdokumentet")
    if plan.unconfirmed_discrepancies:
        count = len(plan.unconfirmed_discrepancies)
        counts.append(
            f"{count} ej {'kontrollerad' if count == 1 else 'kontrollerade'} mot originalet"
        )
    return _PlanRow(
        plan.year,
        plan.display_title,
        link(plan.uri),
        f'<time datetime="{plan.adopted.isoformat()}">{formatting.long_date(plan.adopted)}</time>'
        if plan.adopted
        else marks.MISSING_HTML,
        marks.amount_html(figures, figures.income_total, link),
        marks.amount_html(figures, figures.costs, link),
        ", ".join(counts) or "Inga",
    )


def profile_plans_html(short_name: str, rows: list[_PlanRow]) -> str:
    """Return the table of a förbund's plans.

    year, title, adoption, the budget's Summa intäkter and Kostnader in tkr, and the sums that do
    not add up.
    """
    head = th(
        "År",
        "Plan",
        "Antagen",
        "Summa intäkter, tkr",
        "Kostnader, tkr",
        "Summor som inte går ihop",
        numeric=(3, 4),
    )
    body = (
        f'<tr><th scope="row">{row.year}</th><td><a '
        f'href="{html_escaped(row.href)}">{html_escaped(row.title)}</a></td><td>{row.adopted}</td>'
        f'<td class="finsam-num">{row.income}</td><td '
        f'class="finsam-num">{row.costs}</td><td>{row.discrepancies}</td></tr>'
        for row in rows
    )
    return table_html(f"Verksamhetsplaner för {short_name}, tkr", head, tbody(body))


def document_page(document: Document, profile: Profile, link: Link) -> str:
    """Return the Markdown of a document page: facts and the text."""
    facts = rendered(
        "document_facts.html", document=document, profile=profile, profile_href=link(profile.uri)
    )
    body = re.sub(r"\A\s*#[ \t]+.*\n", "", document.body, count=1)
    return block(facts) + set_apart(body)


FORBUND_INTRO = (
    "---\ntitle: Förbund\ndescription: Alla samordningsförbund vars verksamhetsplaner finns på "
    "webbplatsen.\n---\n\n"
    "Här finns alla samordningsförbund vars verksamhetsplaner och budgetar finns på webbplatsen. "
    "Välj ett förbund för att se dess uppgifter, planer och dokument.\n"
)


def forbund_index(
    corpus: Corpus, link: Link, memo: Memoize = no_memo, plans: dict[str, list[Plan]] | None = None
) -> str:
    """Return the Markdown of the list of all förbund.

    Each förbund's plans come from plans, by default from the corpus. With a Memo, unchanged rows
    are kept.
    """
    plans = {slug: corpus.plans_of(slug) for slug in corpus.profiles} if plans is None else plans
    documents = Counter(document.slug for document in corpus.documents)
    rows = tuple(
        memo(forbund_row_html, profile, tuple(plans.get(slug, ())), documents[slug], link)
        for slug, profile in sorted(
            corpus.profiles.items(), key=lambda kv: formatting.swedish_order(kv[1].short_name)
        )
    )
    head = th("Förbund", "Län", "Verksamhetsplaner", "Övriga dokument")
    return FORBUND_INTRO + block(
        memo(table_html, "Samordningsförbund med planer på webbplatsen", head, tbody(rows))
    )


def forbund_list(corpus: Corpus, link: Link) -> str:
    """Return the list of all förbund that a site page shows: each name linked, and its county."""
    items = "".join(
        f'<li><a href="{html_escaped(link(profile.uri))}">{html_escaped(profile.name)}</a>, '
        f"{html_escaped(profile.county)}</li>"
        for profile in sorted(
            corpus.profiles.values(), key=lambda p: formatting.swedish_order(p.short_name)
        )
    )
    return block(f'<ul class="finsam-forbund-list">{items}</ul>') if items else ""


def forbund_row_html(profile: Profile, plans: tuple[Plan, ...], documents: int, link: Link) -> str:
    """Return a förbund's row in the list of förbund.

    name, county, a link to each plan by year, number of documents.
    """
    years = (
        ", ".join(f'<a href="{html_escaped(link(plan.uri))}">{plan.year}</a>' for plan in plans)
        or "–"
    )
    return (
        '<tr><th scope="row"><a '
        f'href="{html_escaped(link(profile.uri))}">{html_escaped(profile.name)}</a></th><td>{html_escaped(profile.county)}</td>'
        f'<td>{years}</td><td class="finsam-num">{documents}</td></tr>'
    )
