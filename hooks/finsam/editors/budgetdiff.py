"""Compare the budgets of two versions of the content, before and after a change.

The comparison is written in Swedish Markdown for reviewers.

First what the change leaves that stops the build: the files that could not be read after it
(they are not compared), and the discrepancies of a changed plan that do not match its sums (stale
ones, and failed sums that are not recorded). Then, per förbund, plan and budget year: the lines
added, removed and changed (items too), the printed totals and result before and after, the
discrepancies added or removed and their explanations and confirmations, every other fact of a
plan's or a profile's front-matter that changes, and the plans and förbund added or removed, with
the addresses of the pages that change. A new plan is compared with the förbund's previous plan
(the latest earlier year), as the plan that was there before it. Amounts are compared in kronor,
so that a change of unit shows as what it does to every amount; each amount is shown in its own
plan's unit. Unchanged lines are not listed.

The report goes to the pull request's log (through tee) as well as to its job summary: every
text from the content in it is printable (finsam.problems.printable), inside Markdown
(github.markdown_text) or code (_code), so that no line of it is a command to GitHub's runner.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import formatting
from ..format.checks import Mismatch, findings
from ..format.model import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    UNITS,
    BudgetYear,
    Corpus,
    Discrepancy,
    Item,
    Line,
    Plan,
    Population,
    Profile,
)
from ..format.paths import plan_year, profile_uri
from ..problems import Problem, errors, printable
from ..site.addresses import year_uri
from .github import markdown_text

NO_CHANGE = "Ingen budget ändras."
NO_CHANGE_READ = "Ingen budget ändras i de filer som kunde jämföras."
DIRECTIONS = (("income", "Intäkt", INCOME_CATEGORIES), ("costs", "Kostnad", COST_CATEGORIES))
TOTALS = (
    ("income_total", "Summa intäkter"),
    ("costs_total", "Summa kostnader"),
    ("carried_over", "Över-/underskott från tidigare år"),
    ("result", "Resultat"),
)
PLAN_FACTS = (
    ("title", "Titel"),
    ("source", "Källdokument"),
    ("source_url", "Källdokumentets adress"),
    ("adopted", "Antagen"),
)
PROFILE_FACTS = (
    ("name", "Namn"),
    ("short_name", "Kortnamn"),
    ("county", "Län"),
    ("founded", "Bildat"),
    ("org_number", "Organisationsnummer"),
    ("population", "Invånare 16–64 år"),
    ("website", "Webbplats"),
)
ADDRESSES = {"source_url", "website"}  # facts shown as links, for the reviewer to open
CHANGES = {
    "forbund_added": ("nytt förbund", "nya förbund"),
    "forbund_removed": ("förbund tas bort", "förbund tas bort"),
    "forbund_changed": ("förbund ändras", "förbund ändras"),
    "plan_added": ("ny plan", "nya planer"),
    "plan_removed": ("plan tas bort", "planer tas bort"),
    "plan_changed": ("plan ändras", "planer ändras"),
}
FAILURES = {
    "unreadable": ("fil kunde inte läsas", "filer kunde inte läsas"),
    "stale": ("avvikelse stämmer inte med budgeten", "avvikelser stämmer inte med budgeten"),
    "unrecorded": ("avvikelse saknas", "avvikelser saknas"),
}
MISMATCHES = {
    "stale": "Avvikelsen stämmer inte med budgeten",
    "unrecorded": "Avvikelse saknas",
}
DASH = "–"


@dataclass(frozen=True, slots=True)
class Side:
    """One version of the content.

    It holds its corpus, and the files that could not be read because of errors.
    """

    corpus: Corpus
    # path inside the content folder → path for messages
    broken: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus, paths: dict[str, str], unreadable: Iterable[Problem] = ()) -> Side:
        """Return a side whose broken files are those with errors that kept them out of the corpus.

        paths maps uri → path for messages.
        """
        failed = {p.path for p in errors([*corpus.problems, *unreadable])}
        return cls(
            corpus,
            {
                uri: path
                for uri, path in paths.items()
                if path in failed and corpus.page(uri) is None
            },
        )

    def plan(self, uri: str) -> Plan | None:
        """Return the plan read from one file, if it is one."""
        page = self.corpus.page(uri)
        return page if isinstance(page, Plan) else None


@dataclass(frozen=True, slots=True)
class Pages:
    """How page addresses are written.

    They are folders (forbund/varend/2022/) or files (….html), relative or under site_url.
    """

    directory_urls: bool = True
    site_url: str | None = None

    def path(self, uri: str) -> str:
        """Return the site path of the page made from a file of the content folder."""
        stem = uri[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def reference(self, uri: str) -> str:
        """Return a page's address in Markdown: a link under site_url, or the site path as code."""
        path = self.path(uri)
        if self.site_url:
            return _link(f"{self.site_url.rstrip('/')}/{path}", path)
        return _code(path)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The report in Markdown, and how many errors the change leaves that stop the build."""

    markdown: str
    failures: int


@dataclass(slots=True)
class _Report:
    """What the comparison found, gathered per förbund, and what the change leaves broken."""

    sections: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # one Markdown list item each

    def count(self, what: str) -> None:
        """Count one more change or failure of a kind (plan_added, stale, …)."""
        self.counts[what] = self.counts.get(what, 0) + 1

    def fail(self, what: str, text: str) -> None:
        """Record one error the change leaves, of a kind (unreadable, stale, unrecorded)."""
        self.count(what)
        self.failures.append(f"- {text}")


def compare(before: Side, after: Side, base: str, pages: Pages = Pages()) -> Comparison:
    """Return what the change from before to after does to the budgets, and what it breaks."""
    found = _Report()
    for uri in sorted(after.broken):
        found.fail("unreadable", f"{_code(after.broken[uri])} har fel och kunde inte läsas.")
    for slug in sorted(_slugs(before) | _slugs(after)):
        section = _forbund_section(slug, before, after, pages, found)
        if section:
            found.sections.append(section)
    lines = [
        "## Budgetändringar",
        "",
        f"Jämfört med {markdown_text(base)}.",
        *_failed(found, after),
    ]
    unread = _unread_before(before, after)
    if found.sections or found.failures:
        lines += ["", _overview(found.counts), "", *found.sections]
    else:
        lines += ["", NO_CHANGE_READ if unread else NO_CHANGE]
    lines += unread
    return Comparison("\n".join(lines).rstrip("\n") + "\n", len(found.failures))


def report(before: Side, after: Side, base: str, pages: Pages = Pages()) -> str:
    """Return the Markdown report of what the change from before to after does to the budgets."""
    return compare(before, after, base, pages).markdown


def _failed(found: _Report, after: Side) -> list[str]:
    """Return the heading and list of the errors the change leaves, if any."""
    if not found.failures:
        return []
    skipped = " Filer som inte kunde läsas jämförs inte." if after.broken else ""
    return [
        "",
        f"**Ändringen har fel som stoppar bygget.**{skipped} Kör `make check` för felmeddelandena.",
        "",
        *found.failures,
    ]


def _slugs(side: Side) -> set[str]:
    return set(side.corpus.profiles) | {plan.slug for plan in side.corpus.plans}


def _overview(counts: dict[str, int]) -> str:
    """Return the summary line: the changes counted by kind, then the errors."""
    changes = ", ".join(_counted(counts, CHANGES)) or "inget annat ändras"
    failures = ", ".join(_counted(counts, FAILURES))
    return f"Sammanfattning: {changes}." + (f" Fel: {failures}." if failures else "")


def _counted(counts: dict[str, int], words: dict[str, tuple[str, str]]) -> list[str]:
    return [
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, (one, many) in words.items()
        if counts.get(key)
    ]


# --- förbund ----------------------------------------------------------------------------------


def _forbund_section(slug: str, before: Side, after: Side, pages: Pages, found: _Report) -> str:
    old, new = before.corpus.profiles.get(slug), after.corpus.profiles.get(slug)
    profile = profile_uri(slug)
    plan_sections = [
        section
        for uri in sorted(
            {p.uri for p in (*before.corpus.plans_of(slug), *after.corpus.plans_of(slug))}
        )
        if (section := _plan_section(uri, before, after, pages, found))
    ]
    status: list[str] = []
    if new is not None and old is None and profile not in before.broken:
        status = ["Nytt förbund."]
        found.count("forbund_added")
    elif old is not None and new is None and profile not in after.broken:
        status = ["Förbundet tas bort."]
        found.count("forbund_removed")
    elif old is not None and new is not None and (changes := _profile_changes(old, new)):
        status = [f"Förbundets uppgifter ändras. Fil: {_code(new.path)}.", "", *changes]
        found.count("forbund_changed")
    if not status and not plan_sections:
        return ""
    shown = (new or old).short_name if (new or old) else slug
    lines = [f"### {markdown_text(shown)}", ""]
    if status:
        lines += [*status, ""]
    if new is not None:
        lines += [f"Förbundets sida: {pages.reference(profile)}", ""]
    return "\n".join([*lines, *plan_sections]).rstrip("\n") + "\n"


def _profile_changes(old: Profile, new: Profile) -> list[str]:
    changes = _changed_facts(old, new, PROFILE_FACTS)
    changes += [f"- Ny medlem: {_fact(m)}" for m in new.members if m not in old.members]
    changes += [f"- Medlemmen tas bort: {_fact(m)}" for m in old.members if m not in new.members]
    if set(old.members) == set(new.members) and old.members != new.members:
        changes.append("- Medlemmarna står i en annan ordning.")
    return changes


# --- plans ------------------------------------------------------------------------------------


def _plan_section(uri: str, before: Side, after: Side, pages: Pages, found: _Report) -> str:
    old, new = before.plan(uri), after.plan(uri)
    if (old is None and uri in before.broken) or (new is None and uri in after.broken):
        return ""  # listed among the files that could not be compared
    plan = new or old
    heading = f"#### Plan {plan.year}: {markdown_text(plan.display_title)}"
    where = f"Fil: {_code(plan.path)}"
    if new is None:
        found.count("plan_removed")
        return f"{heading}\n\nPlanen tas bort. {where}. Sidan {pages.reference(uri)} försvinner.\n"
    previous, unread = _previous(new, after) if old is None else (None, None)
    against = old or previous
    body = [*_fact_changes(old, new, previous), *_discrepancy_changes(old, new)]
    years = [
        section
        for was, now, title in _year_pairs(old, new, previous)
        if (section := _year_section(title, was, now, (against or new).unit, new.unit, old is None))
    ]
    if old is not None and not body and not years:
        return ""
    body += _failed_checks(new, found)
    found.count("plan_added" if old is None else "plan_changed")
    state = "Ny plan." if old is None else "Planen ändras."
    links = [pages.reference(uri), pages.reference(year_uri(new.year))]
    lines = [heading, "", f"{state} {where}. Sidor som ändras: {', '.join(links)}.", ""]
    if old is None:
        lines += [_compared_with(previous, unread, before), ""]
    if body:
        lines += [*body, ""]
    return "\n".join([*lines, *years]).rstrip("\n") + "\n"


def _previous(plan: Plan, side: Side) -> tuple[Plan | None, tuple[int, str] | None]:
    """Return the förbund's previous plan on a side: the one for the latest earlier year.

    If that plan's file could not be read, return None and its year and path instead.
    """
    earlier = [p for p in side.corpus.plans_of(plan.slug) if p.year < plan.year]
    previous = earlier[-1] if earlier else None
    unread = [
        (year, path)
        for uri, path in side.broken.items()
        if (year := plan_year(uri, plan.slug)) is not None
        and (previous.year if previous else 0) < year < plan.year
    ]
    return (None, max(unread)) if unread else (previous, None)


def _compared_with(previous: Plan | None, unread: tuple[int, str] | None, before: Side) -> str:
    """Return what a new plan is compared with, in a sentence."""
    if unread is not None:
        year, path = unread
        return (
            f"Förbundets föregående plan, den för {year} ({_code(path)}), har fel och kunde "
            "inte läsas, så den nya planen jämförs inte med den."
        )
    if previous is None:
        return "Förbundet har ingen tidigare plan att jämföra med."
    changed = "" if before.plan(previous.uri) == previous else ", som den är efter ändringen"
    return (
        f"Planen jämförs med förbundets föregående plan, den för {previous.year} "
        f"({_code(previous.path)}{changed}): i tabellerna är Före den planen och Efter den nya."
    )


def _fact_changes(old: Plan | None, new: Plan, previous: Plan | None) -> list[str]:
    if old is None:
        return _new_facts(new, previous)
    changes = []
    if old.unit != new.unit:
        changes.append(f"- **Enhet: {old.unit} → {new.unit}.** Beloppen jämförs i kronor.")
    return changes + _changed_facts(old, new, PLAN_FACTS)


def _new_facts(new: Plan, previous: Plan | None) -> list[str]:
    facts = [
        f"- {label}: {_fact(value, name in ADDRESSES)}"
        for name, label in PLAN_FACTS[1:]  # the title is the section's heading
        if (value := getattr(new, name)) is not None
    ]
    if previous is not None and previous.unit != new.unit:
        return [
            *facts,
            f"- **Enhet: {new.unit} (planen för {previous.year}: {previous.unit}).** "
            "Beloppen jämförs i kronor.",
        ]
    return [*facts, f"- Enhet: {new.unit}"]


def _changed_facts(
    old: Plan | Profile, new: Plan | Profile, facts: tuple[tuple[str, str], ...]
) -> list[str]:
    changes = []
    for name, label in facts:
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            link = name in ADDRESSES
            changes.append(f"- {label}: {_fact(was, link)} → {_fact(now, link)}")
    return changes


def _fact(value: object, link: bool = False) -> str:
    """Return one fact of the front-matter as Markdown: a text quoted, an address as a link."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return _link(value, value) if link else f"”{markdown_text(value)}”"
    if isinstance(value, Population):
        said = ", ".join(str(part) for part in (value.year, value.source) if part is not None)
        shown = formatting.number(value.value)
        return markdown_text(f"{shown} ({said})" if said else shown)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return markdown_text(str(value))


def _discrepancy_changes(old: Plan | None, new: Plan) -> list[str]:
    was = {_key(d): d for d in (old.discrepancies if old else ())}
    now = {_key(d): d for d in new.discrepancies}
    lines = [f"- Ny avvikelse: {_discrepancy(now[key], new.unit)}" for key in now if key not in was]
    lines += [
        f"- Avvikelsen tas bort: {_discrepancy(was[key], old.unit)}"
        for key in was
        if key not in now
    ]
    for key in now:
        if key in was:
            lines += _explanation_changes(was[key], now[key])
    return lines


def _explanation_changes(was: Discrepancy, now: Discrepancy) -> list[str]:
    """Return how a discrepancy's note and confirmation change, a line each."""
    where = _code(now.where)
    lines = []
    if was.note != now.note:
        lines.append(
            f"- Förklaringen till avvikelsen {where} ändras: {_fact(was.note)} → {_fact(now.note)}"
        )
    if was.confirmed != now.confirmed and now.confirmed:
        lines.append(
            f"- Avvikelsen {where} bekräftas (confirmed: true): webbplatsen säger nu att "
            "siffrorna inte går ihop i källdokumentet. Jämför med originaldokumentet."
        )
    elif was.confirmed != now.confirmed:
        lines.append(
            f"- Avvikelsen {where} är inte längre bekräftad (confirmed: false): webbplatsen säger "
            "nu att den inte är jämförd med originaldokumentet."
        )
    return lines


def _failed_checks(plan: Plan, found: _Report) -> list[str]:
    """Return the lines on the plan's discrepancies that do not match its sums.

    Each is recorded as an error the change leaves.
    """
    lines = []
    for kind, details in _mismatches(plan):
        lines.append(f"- **{MISMATCHES[kind]}:** {details}")
        found.fail(kind, f"{_code(plan.path)}: {MISMATCHES[kind].lower()}: {details}")
    return lines


def _mismatches(plan: Plan) -> list[tuple[str, str]]:
    """Return the plan's discrepancies that do not match its sums, as `finsam check` finds them.

    Each is its kind (stale, unrecorded) and its details. Stale ones are listed but no failing
    check has their numbers; unrecorded ones are failing checks not listed, except where a stale
    one is listed for the same place: its details tell what the check gives now.
    """
    found = findings(plan)
    stale = [d for d in plan.discrepancies if not any(f.matches(d) for f in found)]
    mismatches = [("stale", _stale(d, found, plan.unit)) for d in stale]
    mismatches += [
        (
            "unrecorded",
            f"{_numbers(f.where, f.printed, f.computed, plan.unit)}: siffrorna går inte ihop och "
            "står inte bland avvikelserna.",
        )
        for f in found
        if not any(f.matches(d) for d in plan.discrepancies)
        and not any(d.where == f.where for d in stale)
    ]
    return mismatches


def _stale(discrepancy: Discrepancy, found: list[Mismatch], unit: str) -> str:
    current = next((f for f in found if f.where == discrepancy.where), None)
    now = (
        f"budgeten ger tryckt {formatting.money(current.printed, unit)}, "
        f"beräknat {formatting.money(current.computed, unit)}"
        if current
        else "siffrorna går ihop"
    )
    numbers = _numbers(discrepancy.where, discrepancy.printed, discrepancy.computed, unit)
    return f"{numbers}, men {now}."


def _numbers(where: str, printed: int, computed: int, unit: str) -> str:
    """Return where a sum is, and its printed and computed figures."""
    return (
        f"{_code(where)}, tryckt {formatting.money(printed, unit)}, "
        f"beräknat {formatting.money(computed, unit)}"
    )


def _code(text: str) -> str:
    """Return text as inline code, printable.

    Backticks become apostrophes, so the span cannot end early.
    """
    return "`" + printable(text).replace("`", "'") + "`"


def _link(url: str, shown: str) -> str:
    """Return a link in Markdown whose text is shown, escaped, printable."""
    target = printable(url).replace(">", "%3E").replace("<", "%3C")
    return f"[{markdown_text(shown)}](<{target}>)"


def _key(discrepancy: Discrepancy) -> tuple[str, int, int]:
    return (discrepancy.where, discrepancy.printed, discrepancy.computed)


def _discrepancy(d: Discrepancy, unit: str) -> str:
    text = _numbers(d.where, d.printed, d.computed, unit)
    if d.confirmed:
        text += ", bekräftad mot originaldokumentet"
    return f"{text} ({markdown_text(d.note)})" if d.note else text


# --- budget years -----------------------------------------------------------------------------


def _year_pairs(
    old: Plan | None, new: Plan, previous: Plan | None
) -> Iterator[tuple[BudgetYear | None, BudgetYear | None, str]]:
    """Return each budget year to show: before, after, and its heading.

    A changed plan's years are compared year by year. A new plan's own year is compared with
    the own year of the förbund's previous plan, and its other years with the same years there.
    """
    if old is None and previous is not None:
        for now in new.budget:
            was = previous.own_budget if now.year == new.year else _budget(previous, now.year)
            if was is None:
                yield (
                    None,
                    now,
                    f"{_title(now.year, new)} (finns inte i planen för {previous.year})",
                )
            else:
                against = f"{_phase_of(was.year, previous)} i planen för {previous.year}"
                yield was, now, f"{_title(now.year, new)}, jämfört med {against}"
        return
    for year in _years(old, new):
        was, now = _budget(old, year), _budget(new, year)
        state = (
            " (nytt budgetår)"
            if was is None and old is not None
            else (" (budgetåret tas bort)" if now is None else "")
        )
        yield was, now, f"{_title(year, new)}{state}"


def _title(year: int, plan: Plan) -> str:
    # "antagen" only when the plan records the adoption
    own = "planens eget år, antagen" if plan.adopted else "planens eget år"
    phase = own if year == plan.year else ("prognos" if year > plan.year else "jämförelseår")
    return f"Budget {year}, {phase}"


def _phase_of(year: int, plan: Plan) -> str:
    """Return how a budget year of a plan is named in a sentence: budget 2023, prognosen för …."""
    if year == plan.year:
        return f"budget {year}"
    return f"prognosen för {year}" if year > plan.year else f"jämförelseåret {year}"


def _years(old: Plan | None, new: Plan) -> list[int]:
    return sorted({b.year for b in new.budget} | {b.year for b in (old.budget if old else ())})


def _budget(plan: Plan | None, year: int) -> BudgetYear | None:
    return next((b for b in plan.budget if b.year == year), None) if plan else None


def _year_section(
    title: str,
    was: BudgetYear | None,
    now: BudgetYear | None,
    old_unit: str,
    new_unit: str,
    always: bool = False,
) -> str:
    """Return one budget year's changes, or nothing if none (always: its totals even then)."""
    rows = list(_line_rows(was, now, old_unit, new_unit))
    totals = _total_rows(was, now, old_unit, new_unit)
    if not always and not rows and not any(changed for changed, _ in totals):
        return ""
    lines = [f"##### {title}", ""]
    if rows:
        lines += [
            "| Ändring | Rad | Typ | Kategori | Före | Efter | Skillnad |",
            "|---|---|---|---|--:|--:|--:|",
            *rows,
            "",
        ]
    else:
        lines += ["Inga rader ändras.", ""]
    if totals:
        lines += [
            "| Tryckt summa | Före | Efter | Skillnad |",
            "|---|--:|--:|--:|",
            *(row for _, row in totals),
            "",
        ]
    return "\n".join(lines)


def _line_rows(
    was: BudgetYear | None, now: BudgetYear | None, old_unit: str, new_unit: str
) -> Iterator[str]:
    for direction, kind, categories in DIRECTIONS:
        before = _keyed(getattr(was, direction, ()) or ())
        after = _keyed(getattr(now, direction, ()) or ())
        for key in [*before, *(k for k in after if k not in before)]:
            old_line, new_line = before.get(key), after.get(key)
            yield from _line_change(old_line, new_line, kind, categories, old_unit, new_unit)


def _keyed(lines: Iterable[Line | Item]) -> dict[tuple[str, int], Line | Item]:
    """Return lines (or items) keyed by label and, for repeated labels, by which one it is."""
    seen: dict[str, int] = {}
    keyed = {}
    for line in lines:
        seen[line.label] = seen.get(line.label, 0) + 1
        keyed[(line.label, seen[line.label])] = line
    return keyed


def _line_change(
    old: Line | None,
    new: Line | None,
    kind: str,
    categories: dict[str, str],
    old_unit: str,
    new_unit: str,
) -> Iterator[str]:
    label = (new or old).label
    was_category = categories.get(old.category, old.category) if old else None
    now_category = categories.get(new.category, new.category) if new else None
    category = now_category or was_category
    if old and new and was_category != now_category:
        category = f"{was_category} → {now_category}"
    change = _change(old and old.amount, new and new.amount, old_unit, new_unit)
    if change or (old and new and was_category != now_category):
        yield _row(
            _state(old, new),
            markdown_text(label),
            kind,
            markdown_text(category),
            old and old.amount,
            new and new.amount,
            old_unit,
            new_unit,
        )
    old_items = _keyed(old.items if old else ())
    new_items = _keyed(new.items if new else ())
    for key in [*old_items, *(k for k in new_items if k not in old_items)]:
        was, now = old_items.get(key), new_items.get(key)
        owner_changed = was is not None and now is not None and was.owner != now.owner
        if _change(was and was.amount, now and now.amount, old_unit, new_unit) or owner_changed:
            owner = _owner(was, now)
            name = f"{markdown_text(label)} › {markdown_text((now or was).label)}"  # noqa: RUF001 - the report's typeset separator, not ">"
            yield _row(
                _state(was, now),
                name,
                "Insats",
                owner,
                was and was.amount,
                now and now.amount,
                old_unit,
                new_unit,
            )


def _owner(was: Item | None, now: Item | None) -> str:
    before = markdown_text(was.owner) if was and was.owner else DASH
    after = markdown_text(now.owner) if now and now.owner else DASH
    if was is not None and now is not None and before != after:
        return f"{before} → {after}"
    return after if now is not None else before


def _state(old: object | None, new: object | None) -> str:
    return "ny" if old is None else ("borttagen" if new is None else "ändrad")


def _change(before: int | None, after: int | None, old_unit: str, new_unit: str) -> bool:
    return _kronor(before, old_unit) != _kronor(after, new_unit)


def _kronor(amount: int | None, unit: str) -> int | None:
    return None if amount is None else amount * UNITS[unit]


def _row(
    state: str,
    label: str,
    kind: str,
    category: str,
    before: int | None,
    after: int | None,
    old_unit: str,
    new_unit: str,
) -> str:
    cells = [
        state,
        label,
        kind,
        category,
        _amount(before, old_unit),
        _amount(after, new_unit),
        _difference(before, after, old_unit, new_unit),
    ]
    return "| " + " | ".join(cells) + " |"


def _amount(value: int | None, unit: str) -> str:
    return DASH if value is None else formatting.money(value, unit)


def _difference(before: int | None, after: int | None, old_unit: str, new_unit: str) -> str:
    """Return after minus before in the finer of the two units, with its sign.

    A missing side counts as nothing.
    """
    unit = old_unit if UNITS[old_unit] <= UNITS[new_unit] else new_unit
    kronor = (_kronor(after, new_unit) or 0) - (_kronor(before, old_unit) or 0)
    value = kronor // UNITS[unit]
    return formatting.money(value, unit) if value <= 0 else f"+{formatting.money(value, unit)}"


def _total_rows(
    was: BudgetYear | None, now: BudgetYear | None, old_unit: str, new_unit: str
) -> list[tuple[bool, str]]:
    rows = []
    for name, label in TOTALS:
        before, after = getattr(was, name, None), getattr(now, name, None)
        if before is None and after is None:
            continue
        changed = _change(before, after, old_unit, new_unit)
        difference = _difference(before, after, old_unit, new_unit) if changed else "oförändrad"
        rows.append(
            (
                changed,
                (
                    f"| {label} | {_amount(before, old_unit)} | {_amount(after, new_unit)} "
                    f"| {difference} |"
                ),
            )
        )
    return rows


# --- files that could not be compared ----------------------------------------------------------


def _unread_before(before: Side, after: Side) -> list[str]:
    """Return a note on the files that had errors before the change but not after it.

    They are left out of the comparison; those with errors after it are among its failures.
    """
    lines = [
        f"- {_code(before.broken[uri])} före ändringen"
        for uri in sorted(before.broken)
        if uri not in after.broken
    ]
    if not lines:
        return []
    return [
        "",
        "### Filer som inte kunde jämföras",
        "",
        "De här filerna hade fel före ändringen och kunde inte läsas, så det syns inte här vad "
        "ändringen gör med dem.",
        "",
        *lines,
    ]
