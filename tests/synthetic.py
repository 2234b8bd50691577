"""Generate a deterministic, valid synthetic national corpus of förbund profiles and plans.

`sources(n_forbund, n_years, seed)` returns the files as `finsam.format.corpus.Source` objects,
written in exactly the plan format (YAML front-matter and a short Markdown body with a budget
marker); `write(folder, ...)` writes the same files under folder/forbund/ for builds and benchmarks.
Every förbund has its own random stream, so förbund i is the same whatever n_forbund is. From the
command line: `python tests/synthetic.py FOLDER N_FORBUND N_YEARS [SEED]`.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the finsam package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from finsam.format.corpus import BUDGET_MARKER
from finsam.format.sources import Source

FIRST_YEAR = 2005
SHARES = (("state", Fraction(1, 2)), ("region", Fraction(1, 4)), ("municipalities", Fraction(1, 4)))

# (slug part, display part): slugs are ASCII, names keep å, ä and ö.
PREFIXES = (
    ("norr", "Norr"),
    ("sod", "Söd"),
    ("ost", "Öst"),
    ("vast", "Väst"),
    ("ang", "Ång"),
    ("sjo", "Sjö"),
    ("berg", "Berg"),
    ("dal", "Dal"),
    ("ek", "Ek"),
    ("lind", "Lind"),
    ("ask", "Ask"),
    ("hav", "Hav"),
    ("mal", "Mål"),
    ("ros", "Ros"),
    ("stor", "Stor"),
    ("al", "Äl"),
)
SUFFIXES = (
    ("by", "by"),
    ("vik", "vik"),
    ("holm", "holm"),
    ("berga", "berga"),
    ("torp", "torp"),
    ("dal", "dal"),
    ("sund", "sund"),
    ("ryd", "ryd"),
    ("hult", "hult"),
    ("stad", "stad"),
    ("kulla", "kulla"),
    ("backa", "backa"),
)
COUNTIES = (
    ("Stockholms län", "Region Stockholm"),
    ("Uppsala län", "Region Uppsala"),
    ("Södermanlands län", "Region Sörmland"),
    ("Östergötlands län", "Region Östergötland"),
    ("Jönköpings län", "Region Jönköpings län"),
    ("Kronobergs län", "Region Kronoberg"),
    ("Kalmar län", "Region Kalmar län"),
    ("Gotlands län", "Region Gotland"),
    ("Blekinge län", "Region Blekinge"),
    ("Skåne län", "Region Skåne"),
    ("Hallands län", "Region Halland"),
    ("Västra Götalands län", "Västra Götalandsregionen"),
    ("Värmlands län", "Region Värmland"),
    ("Örebro län", "Region Örebro län"),
    ("Västmanlands län", "Region Västmanland"),
    ("Dalarnas län", "Region Dalarna"),
    ("Gävleborgs län", "Region Gävleborg"),
    ("Västernorrlands län", "Region Västernorrland"),
    ("Jämtlands län", "Region Jämtland Härjedalen"),
    ("Västerbottens län", "Region Västerbotten"),
    ("Norrbottens län", "Region Norrbotten"),
)
TOWNS = (
    "Alby",
    "Berga",
    "Dalby",
    "Ekeby",
    "Forsa",
    "Grängshult",
    "Hammarö",
    "Ingå",
    "Järnby",
    "Kvarnby",
    "Lunda",
    "Målilla",
    "Nordvik",
    "Ockelby",
    "Rörvik",
    "Sandö",
    "Tallby",
    "Ulvö",
    "Vallby",
    "Åby",
    "Älvsbyn",
    "Öreby",
    "Storfors",
    "Lillkyrka",
)
ADMINISTRATION = (
    "Styrelse",
    "Kansli",
    "Revision",
    "Förbundschef",
    "Lokaler och drift",
    "Styrelse, ledning och administration",
    "Kansli: lönekostnader inkl. PO",
)
STRUCTURAL = (
    "Samverkansstöd",
    "Kompetensutveckling",
    "Processutveckling",
    "Utvärdering",
    "Verktyg",
    "Samverkansstöd, ESF, utvärdering",
    "Kunskapshöjande insatser: seminarier",
    "Stöd till ESF-projekt",
    "Analys & uppföljning (SUS)",
)
PROJECTS = (
    "SIKTA",
    "NUVAS",
    "Steget före",
    "Trappan mot arbete",
    "Steg för steg",
    "Unga på väg",
    "Slussen",
    "Ung comeback",
    "Rehab-arena",
    "MIA medfinansiering",
    "SamSpråk",
    "Mentor",
    "Navigatorcentrum",
    "Finsam-coach",
    "Aktivitetshuset",
    "Arbetsträning i samverkan",
    "IPS-metoden",
    "Jobbcentrum",
    "Kraftsamling",
    "Livsstegen",
    "Motivationslyftet",
    "Nya vägar",
    "Pusselbiten",
    "Resurscentrum",
    "Stegvis",
    "Tillsammans",
    "Unga vuxna (18–29 år)",
    "Vägledningscentrum",
    "Återvändo",
    "Öppen ingång",
    'Projekt "Framåt"',
    "Hälsa & arbete",
    "Unga < 25 år",
    "Språk, arbete, hälsa",
)
GROUPS = ("Samverkansinsatser", "Beviljade insatser", "Individinsatser", "Insatser: pågående")
UNALLOCATED = ("Ej fördelat", "Oförutsedda kostnader", "Medel för nya insatser", "Buffert")
OTHER_COSTS = ("Övriga kostnader", "Avskrivningar")
EQUITY = (
    "Eget kapital",
    "Överskott från tidigare år",
    "Egna medel",
    "Ej förbrukade medel från tidigare år",
)
EXTERNAL = (
    "ESF-medel",
    "Externa medel, Länsstyrelsen",
    "Projektmedel från Europeiska socialfonden",
)
OTHER_INCOME = ("Ränteintäkter", "Övriga intäkter")
PLAIN_RE = re.compile(r"[A-Za-zÅÄÖåäöÉé][A-Za-zÅÄÖåäöÉé0-9 .()/–-]*")
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


@dataclass(slots=True)
class Line:
    """One generated budget line, amounts in the plan's unit."""

    label: str
    category: str
    amount: int
    items: list[tuple[str, str | None, int]] = field(default_factory=list)


@dataclass(slots=True)
class Year:
    """One generated budget year and the discrepancies it carries."""

    year: int
    income: list[Line]
    costs: list[Line]
    totals: dict[str, int] = field(default_factory=dict)
    discrepancies: list[tuple[str, int, int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Forbund:
    """One generated förbund: names, members and its yearly member contributions in tkr."""

    slug: str
    name: str
    short_name: str
    region: str
    towns: tuple[str, ...]
    scale: int


def sources(n_forbund: int, n_years: int, seed: int = 0) -> list[Source]:
    """Return the profile and plan files of a synthetic corpus, sorted by path."""
    found = [
        source for index in range(n_forbund) for source in _forbund_files(index, n_years, seed)
    ]
    return sorted(found, key=lambda source: source.uri)


def write(folder: Path, n_forbund: int, n_years: int, seed: int = 0) -> list[Path]:
    """Write the synthetic corpus under folder/forbund/ and return the written paths."""
    written = []
    for source in sources(n_forbund, n_years, seed):
        path = Path(folder) / source.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.data)
        written.append(path)
    return written


def _forbund_files(index: int, n_years: int, seed: int) -> list[Source]:
    rng = random.Random(f"finsam-synthetic:{seed}:{index}")
    forbund, profile = _profile(index, rng)
    files = [_source(f"forbund/{forbund.slug}/index.md", profile)]
    unit = rng.choices(("kr", "tkr", "mkr"), weights=(40, 55, 5))[0]
    for offset in range(n_years):
        missing = offset >= 1 and (rng.random() < 0.06 or (index == 0 and offset == 1))
        if not missing:
            year = FIRST_YEAR + offset
            plan_unit = unit if rng.random() < 0.85 else rng.choice(("kr", "tkr"))
            forced = index == 0 and offset == 0
            files.append(
                _source(
                    f"forbund/{forbund.slug}/{year}.md",
                    _plan(forbund, year, plan_unit, rng, forced),
                )
            )
    return files


def _source(uri: str, text: str) -> Source:
    return Source(uri, f"content/{uri}", text.encode("utf-8"))


# --- profiles ---------------------------------------------------------------------------------


def _names(index: int) -> tuple[str, str]:
    prefix = PREFIXES[index % len(PREFIXES)]
    suffix = SUFFIXES[(index // len(PREFIXES) + index) % len(SUFFIXES)]
    round_ = index // (len(PREFIXES) * len(SUFFIXES))
    slug, short = prefix[0] + suffix[0], prefix[1] + suffix[1]
    return (slug, short) if not round_ else (f"{slug}-{round_ + 1}", f"{short} {round_ + 1}")


def _profile(index: int, rng: random.Random) -> tuple[Forbund, str]:
    slug, short = _names(index)
    county, region = COUNTIES[index % len(COUNTIES)]
    towns = tuple(f"{town} kommun" for town in rng.sample(TOWNS, rng.randint(1, 6)))
    forbund = Forbund(
        slug, f"Samordningsförbundet {short}", short, region, towns, rng.randint(1_600, 40_000)
    )
    lines = ["---", f"name: {forbund.name}", f"short_name: {short}", f"county: {county}"]
    if rng.random() < 0.7:
        lines.append(f"founded: {rng.randint(2004, FIRST_YEAR)}")
    if rng.random() < 0.5:
        lines.append(f"org_number: 222000-{rng.randint(0, 9999):04d}")
    lines += ["members:"] + [
        f"  - {m}" for m in ("Försäkringskassan", "Arbetsförmedlingen", region, *towns)
    ]
    if rng.random() < 0.5:
        value = rng.randint(12_000, 600_000)
        lines += [
            "population_16_64:",
            f"  value: {value}",
            f"  year: {rng.randint(2015, 2023)}",
            "  source: SCB",
        ]
    if rng.random() < 0.5:
        lines.append(f"website: https://www.{slug}.example.se")
    body = f"{forbund.name} samordnar rehabiliteringsinsatser i {county} (syntetiska testdata).\n"
    return forbund, "\n".join(lines) + "\n---\n" + body


# --- plans ------------------------------------------------------------------------------------


def _plan(forbund: Forbund, year: int, unit: str, rng: random.Random, forced: bool) -> str:
    kind = "items" if forced else (_discrepancy_kind(rng) if rng.random() < 0.15 else None)
    years = [_budget_year(forbund, year, unit, rng, kind, forced)]
    if forced or rng.random() < 0.3:
        for later in range(1, rng.randint(1, 2) + 1):
            late_kind = _discrepancy_kind(rng) if rng.random() < 0.05 else None
            years.append(_budget_year(forbund, year + later, unit, rng, late_kind, False))
    lines = ["---"]
    if rng.random() < 0.6:
        lines.append(f"title: Verksamhetsplan och budget {year}")
    lines += [f"forbund: {forbund.slug}", f"year: {year}"]
    if rng.random() < 0.6:
        lines.append(
            "adopted: "
            f"{datetime.date(year - 1, rng.randint(9, 12), rng.randint(1, 28)).isoformat()}"
        )
    lines += [
        f"source: {_text(f'Verksamhetsplan och budget {year}, {forbund.name}')}",
        f"unit: {unit}",
        "budget:",
    ]
    for budget in years:
        lines += _budget_yaml(budget, rng)
    lines += _discrepancies_yaml([d for budget in years for d in budget.discrepancies])
    return "\n".join(lines) + "\n---\n" + _body(forbund, year)


def _discrepancy_kind(rng: random.Random) -> str:
    return rng.choice(("items", "income", "costs", "result", "shares"))


def _body(forbund: Forbund, year: int) -> str:
    return (
        f"\n## Inledning\n\n{forbund.name} finansierar samverkan mellan Försäkringskassan, "
        f"Arbetsförmedlingen, {forbund.region} och kommunerna. Planen gäller {year}.\n\n"
        "## Budget\n\nBudgeten bygger på medlemmarnas bidrag och beslutade insatser.\n\n"
        f"{BUDGET_MARKER}\n\n## Uppföljning\n\nInsatserna följs upp i SUS och i lägesrapporter.\n"
    )


def _to_unit(tkr: float, unit: str, rng: random.Random) -> int:
    """Return an amount given in tkr in the plan's unit.

    Sometimes not rounded to thousands in kr.
    """
    if unit == "kr":
        return max(0, round(tkr * 1000) if rng.random() < 0.4 else round(tkr) * 1000)
    return max(0, round(tkr / 1000) if unit == "mkr" else round(tkr))


def _budget_year(
    forbund: Forbund, year: int, unit: str, rng: random.Random, kind: str | None, forced: bool
) -> Year:
    scale = forbund.scale * (1.03 ** (year - FIRST_YEAR))
    split = rng.random() < 0.5 or kind == "shares"
    income = _income(forbund, year, unit, rng, scale, split, kind == "shares")
    n_costs = rng.randint(max(4, 10 - len(income)), 25 - len(income))
    costs = _costs(
        forbund, unit, rng, scale, n_costs, forced or kind == "items" or rng.random() < 0.35
    )
    budget = Year(year, income, costs)
    if kind == "items":
        _items_discrepancy(budget, rng)
    _totals(budget, unit, rng, scale, kind)
    if kind == "shares":
        budget.discrepancies.append(_shares_discrepancy(budget, unit))
    return budget


def _income(
    forbund: Forbund, year: int, unit: str, rng: random.Random, scale: float, split: bool, off: bool
) -> list[Line]:
    if split:
        income = _member_split(forbund, year, unit, rng, scale, off)
    else:
        income = [
            Line(
                rng.choice(("Medlemsavgifter", "Medlemsbidrag", "Insatser från huvudmännen")),
                "members",
                _to_unit(scale, unit, rng),
            )
        ]
    extras = ((0.35, EQUITY, "equity"), (0.3, EXTERNAL, "external"), (0.15, OTHER_INCOME, "other"))
    for chance, labels, category in extras:
        if rng.random() < chance:
            income.append(
                Line(
                    rng.choice(labels),
                    category,
                    _to_unit(scale * rng.uniform(0.02, 0.3), unit, rng),
                )
            )
    return income


def _member_split(
    forbund: Forbund, year: int, unit: str, rng: random.Random, scale: float, off: bool
) -> list[Line]:
    """Return state, region and municipality lines paying 1/2, 1/4 and 1/4.

    Within one unit, or off.
    """
    quarter = max(1, _to_unit(scale / 4, unit, rng))
    state = 2 * quarter + (1 if rng.random() < 0.2 else 0)
    region = forbund.region if year >= 2019 or rng.random() < 0.5 else "Landstinget"
    lines = [
        Line(rng.choice(("Staten", "Försäkringskassan och Arbetsförmedlingen")), "state", state),
        Line(region, "region", quarter),
    ]
    towns = forbund.towns if len(forbund.towns) > 1 and rng.random() < 0.5 else ("Kommunerna",)
    parts = _partition(quarter, len(towns), rng)
    if off:
        parts[0] += rng.randint(3, max(3, quarter // 5))
    return lines + [
        Line(town, "municipalities", part) for town, part in zip(towns, parts, strict=True)
    ]


def _partition(total: int, count: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.5, 2.0) for _ in range(count)]
    parts = [int(total * weight / sum(weights)) for weight in weights]
    parts[-1] += total - sum(parts)
    return parts


def _costs(
    forbund: Forbund, unit: str, rng: random.Random, scale: float, n_costs: int, itemise: bool
) -> list[Line]:
    counts = _cost_counts(rng, n_costs)
    admin, structural, individual, unallocated, other = counts
    money = lambda low, high: _to_unit(scale * rng.uniform(low, high), unit, rng)  # noqa: E731
    costs = [
        Line(label, "administration", money(0.04, 0.12))
        for label in rng.sample(ADMINISTRATION, admin)
    ]
    costs += [
        Line(label, "structural", money(0.02, 0.1)) for label in rng.sample(STRUCTURAL, structural)
    ]
    groups = 0 if not itemise else (2 if individual >= 3 and rng.random() < 0.2 else 1)
    projects = iter(_projects(rng, individual - groups + 8 * groups))
    costs += [
        Line(next(projects), "individual", money(0.02, 0.15)) for _ in range(individual - groups)
    ]
    for label in rng.sample(GROUPS, groups):
        costs.insert(
            rng.randint(len(costs) - (individual - groups), len(costs)),
            _group(forbund, label, projects, unit, rng, scale),
        )
    costs += [
        Line(rng.choice(UNALLOCATED), "unallocated", money(0.0, 0.1)) for _ in range(unallocated)
    ]
    costs += [Line(rng.choice(OTHER_COSTS), "other", money(0.0, 0.03)) for _ in range(other)]
    return costs


def _cost_counts(rng: random.Random, n_costs: int) -> list[int]:
    """Return how many lines of each kind to make.

    Administration, structural, individual, unallocated and other lines.
    """
    counts = [
        rng.randint(1, 3),
        rng.randint(1, 4),
        0,
        int(rng.random() < 0.6),
        int(rng.random() < 0.15),
    ]
    for position, least in ((1, 1), (0, 1), (4, 0), (3, 0)):
        while n_costs - sum(counts) < 1 and counts[position] > least:
            counts[position] -= 1
    counts[2] = n_costs - sum(counts)
    return counts


def _projects(rng: random.Random, count: int) -> list[str]:
    names = rng.sample(PROJECTS, min(count, len(PROJECTS)))
    return names + [f"Insats {number}" for number in range(1, count - len(names) + 1)]


def _group(
    forbund: Forbund, label: str, projects, unit: str, rng: random.Random, scale: float
) -> Line:
    owners = ("Försäkringskassan", "Arbetsförmedlingen", forbund.region, *forbund.towns)
    items = []
    for _ in range(rng.randint(2, 8)):
        owner = rng.choice(owners) if rng.random() < 0.8 else None
        items.append((next(projects), owner, _to_unit(scale * rng.uniform(0.01, 0.08), unit, rng)))
    return Line(label, "individual", sum(amount for _, _, amount in items), items)


def _items_discrepancy(budget: Year, rng: random.Random) -> None:
    """Make one itemised line's printed amount differ from its items, and record it."""
    line = next(line for line in budget.costs if line.items)
    computed = line.amount
    delta = rng.randint(1, max(1, computed // 5))
    line.amount = computed + delta if rng.random() < 0.5 or delta > computed else computed - delta
    note = (
        f"Insatsraderna summerar till {_grouped(computed)}, dokumentet anger "
        f"{_grouped(line.amount)}."
    )
    budget.discrepancies.append(
        (f"budget.{budget.year}.costs.{line.label}", line.amount, computed, note)
    )


def _totals(budget: Year, unit: str, rng: random.Random, scale: float, kind: str | None) -> None:
    """Add printed totals and record them.

    As computed or (for the kind of discrepancy asked for) off.
    """
    sums = {
        "income_total": sum(line.amount for line in budget.income),
        "costs_total": sum(line.amount for line in budget.costs),
    }
    for name, where in (("income_total", "income"), ("costs_total", "costs")):
        if kind == where or kind == "result" or rng.random() < 0.65:
            budget.totals[name] = _printed(budget, where, sums[name], rng, kind == where)
    if kind == "result" or rng.random() < 0.45:
        computed = budget.totals.get("income_total", sums["income_total"]) - budget.totals.get(
            "costs_total", sums["costs_total"]
        )
        budget.totals["result"] = _printed(
            budget, "result", computed, rng, kind == "result", negative=True
        )
    if rng.random() < 0.3:
        budget.totals["carried_over"] = _to_unit(
            scale * rng.uniform(0, 0.3), unit, rng
        ) * rng.choice((1, 1, -1))


def _printed(
    budget: Year, where: str, computed: int, rng: random.Random, off: bool, negative: bool = False
) -> int:
    if not off:
        return computed
    delta = rng.randint(1, max(1, abs(computed) // 20))
    printed = (
        computed + delta if negative or rng.random() < 0.5 or delta > computed else computed - delta
    )
    note = f"Raderna ger {_grouped(computed)}, men dokumentet anger {_grouped(printed)}."
    budget.discrepancies.append((f"budget.{budget.year}.{where}", printed, computed, note))
    return printed


def _shares_discrepancy(budget: Year, unit: str) -> tuple[str, int, int, str]:
    """Return the record of the first party paying more than one unit off its lawful share."""
    paid = {
        category: sum(line.amount for line in budget.income if line.category == category)
        for category, _ in SHARES
    }
    total = sum(paid.values())
    for category, share in SHARES:
        expected = total * share
        if abs(paid[category] - expected) > 1:
            computed = int(expected + Fraction(1, 2))
            note = (
                f"Fördelningen följer inte lagens andelar: {_grouped(paid[category])} {unit} i "
                f"stället för {_grouped(computed)} {unit}."
            )
            return (f"budget.{budget.year}.shares", paid[category], computed, note)
    raise AssertionError("the member split was meant to be off")


# --- YAML -------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Return a text as a YAML scalar: plain where that reads back as the same text, else quoted."""
    if PLAIN_RE.fullmatch(value) and not value.endswith(" ") and value.lower() not in YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def _grouped(value: int, space: str = " ") -> str:
    digits = f"{abs(value):,}".replace(",", space)
    return f"−{digits}" if value < 0 else digits


def _amount(value: int, rng: random.Random) -> str:
    """Return an amount as editors paste it.

    Mostly an integer, sometimes digits grouped by spaces.
    """
    if abs(value) >= 1000 and rng.random() < 0.15:
        return json.dumps(
            _grouped(value, rng.choice((" ", "\u00a0", "\u202f"))), ensure_ascii=False
        )
    return str(value)


def _budget_yaml(budget: Year, rng: random.Random) -> list[str]:
    lines = [f"  {budget.year}:", "    income:"] + [_line_yaml(line, rng) for line in budget.income]
    if "income_total" in budget.totals:
        lines.append(f"    income_total: {_amount(budget.totals['income_total'], rng)}")
    lines.append("    costs:")
    lines += [_line_yaml(line, rng) for line in budget.costs]
    for name in ("costs_total", "carried_over", "result"):
        if name in budget.totals:
            lines.append(f"    {name}: {_amount(budget.totals[name], rng)}")
    return lines


def _line_yaml(line: Line, rng: random.Random) -> str:
    if not line.items:
        return (
            f"      - {{label: {_text(line.label)}, category: {line.category}, amount: "
            f"{_amount(line.amount, rng)}}}"
        )
    head = [
        f"      - label: {_text(line.label)}",
        f"        category: {line.category}",
        f"        amount: {_amount(line.amount, rng)}",
        "        items:",
    ]
    return "\n".join(head + [_item_yaml(item, rng) for item in line.items])


def _item_yaml(item: tuple[str, str | None, int], rng: random.Random) -> str:
    label, owner, amount = item
    owner_text = f", owner: {_text(owner)}" if owner else ""
    return f"          - {{label: {_text(label)}{owner_text}, amount: {_amount(amount, rng)}}}"


def _discrepancies_yaml(found: list[tuple[str, int, int, str]]) -> list[str]:
    lines = ["discrepancies:"] if found else []
    for where, printed, computed, note in found:
        lines += [
            f"  - where: {_text(where)}",
            f"    printed: {printed}",
            f"    computed: {computed}",
            f"    note: {_text(note)}",
        ]
    return lines


if __name__ == "__main__":
    folder, n_forbund, n_years, *rest = sys.argv[1:]
    paths = write(Path(folder), int(n_forbund), int(n_years), int(rest[0]) if rest else 0)
    print(f"{len(paths)} filer skrivna under {folder}/forbund/")
