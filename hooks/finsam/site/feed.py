"""The Atom feed of the plans, newest first: for readers who follow new and changed plans."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from .. import formatting
from ..format.model import Plan, Profile
from . import marks
from .addresses import FEED
from .derived import Figure, Figures

TITLE = "Samordningsförbundens planer: nya och ändrade planer"
SUBTITLE = (
    "Verksamhetsplaner och budgetar från Sveriges samordningsförbund. Budgetarnas rader är "
    "kontrollerade mot planernas tryckta summor."
)
AUTHOR = "Samordningsförbundens planer"
# Ids are made from this namespace and a plan's path, never from the site's address: the same plan
# keeps its id wherever the site is published, and with or without site_url.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/finsam-planer/finsam-planer")
EMPTY_DATE = "2004-01-01T00:00:00Z"  # a feed without entries: the year FINSAM began

Item = tuple[Plan, Profile, Figures]


def atom(
    items: Sequence[Item],
    changed: Sequence[tuple[str, str]],
    url_for: Callable[[str], str],
    part: Callable[..., str] | None = None,
) -> str:
    """Return the Atom feed.

    One entry per plan (plan, its förbund, its adopted figures), newest first.

    An entry's date is when the plan's file last changed (changed: (path, ISO date) pairs from the
    repository's history), else the date the board adopted it, else the first day of its year.
    url_for gives a page's address: absolute when the site's address is known, else from the site's
    root,
    which is where the feed is. part(function, *inputs) makes each entry, kept between builds by a
    memo.
    """
    part = part or _made
    dates = dict(changed)
    entries = sorted(
        ((_updated(plan, dates), plan, profile, figures) for plan, profile, figures in items),
        key=_newest_first,
    )
    home = url_for("index.md") or "./"
    feed_url = url_for(FEED)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:lang="sv">\n',
        f"  <id>{_id(FEED)}</id>\n",
        f"  <title>{escape(TITLE)}</title>\n",
        f"  <subtitle>{escape(SUBTITLE)}</subtitle>\n",
        f"  <updated>{entries[0][0] if entries else EMPTY_DATE}</updated>\n",
        f"  <author><name>{escape(AUTHOR)}</name></author>\n",
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>\n',
    ]
    if _absolute(feed_url):
        parts.append(
            f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>\n'
        )
    parts.extend(
        part(_entry, updated, plan, profile, figures, url_for(plan.uri))
        for updated, plan, profile, figures in entries
    )
    parts.append("</feed>\n")
    return "".join(parts)


def summary(plan: Plan, profile: Profile, figures: Figures) -> str:
    """Return an entry's summary in Swedish.

    The förbund, the year and the budget's figures in tkr, each with its marks in words.
    """
    parts = [f"{profile.name}, verksamhetsplan för {plan.year}."]
    shown = ", ".join(
        f"{name.lower()} {_figure_text(figures.figure(key))}" for key, name in SUMMARY
    )
    parts.append(f"Budget {figures.year}: {shown}.")
    if any(figures.figure(key).computed for key, _ in SUMMARY):
        parts.append(
            "Beräknat betyder att siffran inte är tryckt i planen utan beräknad av webbplatsen ur "
            "planens rader."
        )
    if any(figures.figure(key).disputed for key, _ in SUMMARY):
        parts.append(
            "En siffra som berörs av en avvikelse bygger på en summa som inte går ihop med sina "
            "rader; förklaringen står på planens sida."
        )
    if plan.adopted:
        parts.append(f"Antagen {formatting.long_date(plan.adopted)}.")
    return " ".join(parts)


def _figure_text(figure: Figure) -> str:
    return marks.figure_text(figure, "" if figure.missing else _tkr(figure.value))


SUMMARY = (
    ("income_total", "Summa intäkter"),
    ("revenue", "Intäkter utom eget kapital"),
    ("costs", "Kostnader"),
    ("result", "Resultat"),
)


def _entry(updated: str, plan: Plan, profile: Profile, figures: Figures, url: str) -> str:
    title = f"{profile.short_name}: {plan.display_title}"
    return (
        "  <entry>\n"
        f"    <id>{_id(plan.uri)}</id>\n"
        f"    <title>{escape(title)}</title>\n"
        f"    <updated>{updated}</updated>\n"
        f"    <author><name>{escape(profile.name)}</name></author>\n"
        f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>\n'
        f"    <category term={quoteattr(profile.slug)} label={quoteattr(profile.short_name)}/>\n"
        f"    <summary>{escape(summary(plan, profile, figures))}</summary>\n"
        "  </entry>\n"
    )


def _made(function: Callable[..., str], *inputs: object) -> str:
    return function(*inputs)


def _updated(plan: Plan, dates: dict[str, str]) -> str:
    """Return an entry's date.

    When its file last changed, else its adoption date, else the first day of its year.
    """
    if plan.path in dates:
        return dates[plan.path]
    day = plan.adopted or datetime.date(plan.year, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def _newest_first(entry: tuple[str, Plan, Profile, Figures]) -> tuple:
    updated, plan, _, _ = entry
    moment = datetime.datetime.fromisoformat(updated.replace("Z", "+00:00"))
    return (-moment.timestamp(), -plan.year, plan.slug)


def _id(path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, path)}"


def _absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _tkr(kronor: int) -> str:
    return formatting.money(formatting.whole_tkr(kronor), "tkr")
