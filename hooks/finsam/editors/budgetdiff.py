"""Compare the budgets of two versions of the content, before and after a change.

The comparison is written in Swedish Markdown for reviewers.

Per förbund, plan and budget year: the lines added, removed and changed (items too), the
printed totals and result before and after, the discrepancies added or removed, and the
plans and förbund added or removed, with the addresses of the pages that change. Amounts
are compared in kronor, so that a change of unit shows as what it does to every amount;
each amount is shown in its own plan's unit. Unchanged lines are not listed.

The report goes to the pull request's log (through tee) as well as to its job summary: every
text from the content in it is printable (finsam.problems.printable), inside Markdown
(github.markdown_text) or code (_code), so that no line of it is a command to GitHub's runner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import formatting
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
)
from ..format.paths import profile_uri
from ..problems import Problem, errors, printable
from ..site.addresses import year_uri
from .github import markdown_text

NO_CHANGE = "Ingen budget ändras."
DIRECTIONS = (("income", "Intäkt", INCOME_CATEGORIES), ("costs", "Kostnad", COST_CATEGORIES))
TOTALS = (
    ("income_total", "Summa intäkter"),
    ("costs_total", "Summa kostnader"),
    ("carried_over", "Över-/underskott från tidigare år"),
    ("result", "Resultat"),
)
PLAN_FACTS = (("title", "Titel"), ("source", "Källdokument"), ("adopted", "Antagen"))
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
            url = f"{self.site_url.rstrip('/')}/{path}"
            shown = printable(url).replace(">", "%3E").replace("<", "%3C")
            return f"[{markdown_text(path)}](<{shown}>)"
        return _code(path)


@dataclass(slots=True)
class _Report:
    """What the comparison found, gathered per förbund, and what could not be compared."""

    sections: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        """Count one more change of a kind (plan_added, forbund_removed, …)."""
        self.counts[what] = self.counts.get(what, 0) + 1


def report(before: Side, after: Side, base: str, pages: Pages = Pages()) -> str:
    """Return the Markdown report of what the change from before to after does to the budgets."""
    found = _Report()
    for slug in sorted(_slugs(before) | _slugs(after)):
        section = _forbund_section(slug, before, after, pages, found)
        if section:
            found.sections.append(section)
    lines = ["## Budgetändringar", "", f"Jämfört med {markdown_text(base)}."]
    unreadable = _unreadable(before, after)
    if not found.sections:
        lines += ["", NO_CHANGE]
    else:
        lines += ["", _overview(found.counts), "", *found.sections]
    if unreadable:
        lines += ["", *unreadable]
    return "\n".join(lines).rstrip("\n") + "\n"


def _slugs(side: Side) -> set[str]:
    return set(side.corpus.profiles) | {plan.slug for plan in side.corpus.plans}


def _overview(counts: dict[str, int]) -> str:
    words = {
        "forbund_added": ("nytt förbund", "nya förbund"),
        "forbund_removed": ("förbund tas bort", "förbund tas bort"),
        "plan_added": ("ny plan", "nya planer"),
        "plan_removed": ("plan tas bort", "planer tas bort"),
        "plan_changed": ("plan ändras", "planer ändras"),
    }
    parts = [
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, (one, many) in words.items()
        if counts.get(key)
    ]
    return (
        "Sammanfattning: " + ", ".join(parts) + "."
        if parts
        else "Sammanfattning: inga planer ändras."
    )


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
    status = None
    if new is not None and old is None and profile not in before.broken:
        status = "Nytt förbund."
        found.count("forbund_added")
    elif old is not None and new is None and profile not in after.broken:
        status = "Förbundet tas bort."
        found.count("forbund_removed")
    if status is None and not plan_sections:
        return ""
    shown = (new or old).short_name if (new or old) else slug
    lines = [f"### {markdown_text(shown)}", ""]
    if status:
        lines += [status, ""]
    if new is not None:
        lines += [f"Förbundets sida: {pages.reference(profile)}", ""]
    return "\n".join([*lines, *plan_sections]).rstrip("\n") + "\n"


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
    body = [*_fact_changes(old, new), *_discrepancy_changes(old, new)]
    years = [section for year in _years(old, new) if (section := _year_section(year, old, new))]
    if old is not None and not body and not years:
        return ""
    found.count("plan_added" if old is None else "plan_changed")
    state = "Ny plan." if old is None else "Planen ändras."
    links = [pages.reference(uri), pages.reference(year_uri(new.year))]
    lines = [heading, "", f"{state} {where}. Sidor som ändras: {', '.join(links)}.", ""]
    if body:
        lines += [*body, ""]
    return "\n".join([*lines, *years]).rstrip("\n") + "\n"


def _fact_changes(old: Plan | None, new: Plan) -> list[str]:
    if old is None:
        return [f"- Enhet: {new.unit}"]
    changes = []
    if old.unit != new.unit:
        changes.append(f"- **Enhet: {old.unit} → {new.unit}.** Beloppen jämförs i kronor.")
    for name, label in PLAN_FACTS:
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            changes.append(f"- {label}: {_fact(was)} → {_fact(now)}")
    return changes


def _fact(value: object) -> str:
    return DASH if value is None else f"”{markdown_text(str(value))}”"


def _discrepancy_changes(old: Plan | None, new: Plan) -> list[str]:
    was = {_key(d): d for d in (old.discrepancies if old else ())}
    now = {_key(d): d for d in new.discrepancies}
    lines = [f"- Ny avvikelse: {_discrepancy(now[key], new.unit)}" for key in now if key not in was]
    lines += [
        f"- Avvikelsen tas bort: {_discrepancy(was[key], old.unit)}"
        for key in was
        if key not in now
    ]
    lines += [
        f"- Ändrad förklaring till avvikelsen: {_discrepancy(now[key], new.unit)}"
        for key in now
        if key in was
        and (was[key].note, getattr(was[key], "confirmed", None))
        != (now[key].note, getattr(now[key], "confirmed", None))
    ]
    return lines


def _code(text: str) -> str:
    """Return text as inline code, printable.

    Backticks become apostrophes, so the span cannot end early.
    """
    return "`" + printable(text).replace("`", "'") + "`"


def _key(discrepancy: Discrepancy) -> tuple[str, int, int]:
    return (discrepancy.where, discrepancy.printed, discrepancy.computed)


def _discrepancy(d: Discrepancy, unit: str) -> str:
    text = (
        f"{_code(d.where)}, tryckt {formatting.money(d.printed, unit)}, "
        f"beräknat {formatting.money(d.computed, unit)}"
    )
    return f"{text} ({markdown_text(d.note)})" if d.note else text


# --- budget years -----------------------------------------------------------------------------


def _years(old: Plan | None, new: Plan) -> list[int]:
    return sorted({b.year for b in new.budget} | {b.year for b in (old.budget if old else ())})


def _budget(plan: Plan | None, year: int) -> BudgetYear | None:
    return next((b for b in plan.budget if b.year == year), None) if plan else None


def _year_section(year: int, old: Plan | None, new: Plan) -> str:
    was, now = _budget(old, year), _budget(new, year)
    old_unit, new_unit = (old or new).unit, new.unit
    rows = list(_line_rows(was, now, old_unit, new_unit))
    totals = _total_rows(was, now, old_unit, new_unit)
    if not rows and not any(changed for changed, _ in totals):
        return ""
    own = (
        "planens eget år, antagen" if new.adopted else "planens eget år"
    )  # "antagen" only when the plan records the adoption
    phase = own if year == new.year else ("prognos" if year > new.year else "jämförelseår")
    state = (
        " (nytt budgetår)"
        if was is None and old is not None
        else (" (budgetåret tas bort)" if now is None else "")
    )
    lines = [f"##### Budget {year}, {phase}{state}", ""]
    if rows:
        lines += [
            "| Ändring | Rad | Typ | Kategori | Före | Efter | Skillnad |",
            "|---|---|---|---|--:|--:|--:|",
            *rows,
            "",
        ]
    else:
        lines += ["Inga rader ändras.", ""]
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


def _unreadable(before: Side, after: Side) -> list[str]:
    """Return a note on the files with errors on either side.

    They are left out of the comparison.
    """
    lines = []
    for side, when in ((before, "före ändringen"), (after, "efter ändringen")):
        for uri in sorted(side.broken):
            lines.append(f"- {_code(side.broken[uri])} {when}")
    if not lines:
        return []
    return [
        "### Filer som inte kunde jämföras",
        "",
        "De här filerna har fel och kunde inte läsas, så deras budgetar finns inte med ovan. "
        "Kör `finsam check` för felmeddelandena.",
        "",
        *lines,
    ]
