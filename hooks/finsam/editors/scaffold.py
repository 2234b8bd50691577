"""Write new content files for editors.

They are a förbund profile, and a plan from the previous one or a template.

Every function returns text; writing files is the command line's job. A new file is a draft: every
text the scaffold cannot know (names, dates, amounts, the plan's text for the new year) is a
placeholder, `FYLL I:` and what to fill in (finsam.format.placeholders), and the check refuses a
file that still holds one, so a draft is never published. Nothing else in a draft could pass for
data: no example organisation number, population or date stands outside a placeholder, and a text
from last year's plan that names a year (a heading, a line's label) becomes a placeholder that
shows it, so that it neither stays last year's nor silently claims the new year.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..format.bodies import BUDGET_MARKER, FENCE_RE, PLACED, budget_markers
from ..format.model import COST_CATEGORIES, INCOME_CATEGORIES, Line, Plan
from ..format.paths import SLUG_RE
from ..format.placeholders import HEADING_RE, MARKER

PLAIN_RE = re.compile(
    r"[A-Za-zÀ-ÖØ-öø-ÿ](?:[A-Za-zÀ-ÖØ-öø-ÿ0-9 .()/'+&-]*[A-Za-zÀ-ÖØ-öø-ÿ0-9.)'])?"
)
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a year in a text from last year's plan
STATE_PARTIES = ("Försäkringskassan", "Arbetsförmedlingen")  # members of every förbund
NEW = "det nya dokumentet"


@dataclass(frozen=True, slots=True)
class Facts:
    """What an editor already knows about a new förbund; what is not given is a placeholder."""

    name: str | None = None
    short_name: str | None = None
    county: str | None = None
    members: tuple[str, ...] = ()
    founded: int | None = None
    org_number: str | None = None
    website: str | None = None


def quote(text: str) -> str:
    """Return text as a YAML scalar that is safe in a flow mapping.

    It is plain where possible, else quoted.
    """
    if PLAIN_RE.fullmatch(text) and "  " not in text and text.casefold() not in RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def placeholder(what: str) -> str:
    """Return a placeholder as a quoted YAML value: the marker FYLL I: and what to fill in."""
    return json.dumps(f"{MARKER} {what}", ensure_ascii=False)


AMOUNT = placeholder("belopp")


def is_slug(text: str) -> bool:
    """Return whether text is a valid förbund folder name: a–z, digits and single hyphens."""
    return bool(SLUG_RE.fullmatch(text))


def suggested_slug(text: str) -> str:
    """Return the slug a name would have.

    It is lower case ASCII, with å and ä as a, ö as o, and words joined by -.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def profile_template(slug: str, facts: Facts | None = None) -> str:
    """Return a new förbund profile: the facts given, a placeholder for each of the others."""
    facts = facts or Facts()
    lines = [
        "---",
        f"# {MARKER} ny förbundsprofil för {slug}, skapad med finsam new. Ersätt varje",
        "# platshållare FYLL I med förbundets egna uppgifter. Där platshållaren säger att raden",
        "# kan tas bort kan du ta bort den i stället, om uppgiften saknas.",
        f"# Kontrollera sedan med: make check fil=content/forbund/{slug}/index.md",
        "# Ta bort de här kommentarerna när allt är ifyllt.",
        "name: "
        + _fact(facts.name, "hela det officiella namnet, t.ex. Samordningsförbundet Exempel"),
        "short_name: " + _fact(facts.short_name, "kort namn i tabeller och diagram, t.ex. Exempel"),
        f"county: {_fact(facts.county, 'länet, t.ex. Exempels län')}",
        "founded: "
        + (
            str(facts.founded)
            if facts.founded is not None
            else placeholder("året förbundet bildades (ta bort raden om du inte vet det)")
        ),
        "org_number: "
        + _fact(
            facts.org_number,
            "organisationsnumret, NNNNNN-NNNN (ta bort raden om du inte vet det)",
        ),
        "members:",
        *(f"  - {member}" for member in _members(facts.members)),
        "population_16_64:",
        "  value: "
        + placeholder(
            "antal invånare 16–64 år i förbundets område (ta bort population_16_64 och "
            "raderna under den om du inte har antalet)"
        ),
        f"  year: {placeholder('året som antalet gäller')}",
        f"  source: {placeholder('varifrån antalet kommer, t.ex. SCB')}",
        "website: "
        + _fact(
            facts.website,
            "förbundets webbadress, https://… (ta bort raden om förbundet inte har någon)",
        ),
        "---",
        f"{MARKER} en kort beskrivning av förbundet: när det bildades, vilka medlemmarna är och "
        "vilket område det täcker.",
    ]
    return "\n".join(lines) + "\n"


def _fact(value: str | None, what: str) -> str:
    return quote(value) if value is not None else placeholder(what)


def _members(given: tuple[str, ...]) -> list[str]:
    """Return the members as YAML values: the state's two parties, then the given ones.

    Without given members, a placeholder for the region and one for the municipalities.
    """
    named = {member.casefold() for member in given}
    state = [quote(party) for party in STATE_PARTIES if party.casefold() not in named]
    if given:
        return [*state, *(quote(member) for member in given)]
    return [
        *state,
        placeholder("regionen, t.ex. Region Exempel"),
        placeholder("varje kommun på en egen rad, t.ex. Exempels kommun"),
    ]


def plan_template(slug: str, year: int) -> str:
    """Return a new plan for a förbund without plans: a placeholder for everything it must hold."""
    lines = [
        "---",
        f"# {MARKER} ny plan för {slug} {year}, skapad med finsam new. Förbundet har ingen plan",
        "# att utgå från, så allt fylls i från det publicerade dokumentet. Ersätt varje",
        "# platshållare FYLL I med uppgiften ur dokumentet. Där platshållaren säger att raden kan",
        "# tas bort kan du ta bort den i stället, om uppgiften saknas i dokumentet.",
        "# budget: en rad per intäkt och kostnad i dokumentets budgettabell. Kopiera en rad för",
        "# att lägga till fler. Kategorierna, och insatserna (items) under en kostnadsrad,",
        "# beskrivs på sidan Planformatet.",
        "# Ett utkast till unit och budget kan också göras ur dokumentet med make import.",
        f"# Kontrollera sedan med: make check fil=content/forbund/{slug}/{year}.md",
        "# Ta bort de här kommentarerna när allt är ifyllt.",
        "title: "
        + placeholder("titeln som i dokumentet (ta bort raden om dokumentet saknar titel)"),
        f"forbund: {slug}",
        f"year: {year}",
        *_document_fields("dokumentet", source_url=True, unit=""),
        "budget:",
        f"  {year}:",
        "    income:",
        _template_line("intäktsradens text", INCOME_CATEGORIES),
        _total("income_total", "dokumentet"),
        "    costs:",
        _template_line("kostnadsradens text", COST_CATEGORIES),
        _total("costs_total", "dokumentet"),
        _total("carried_over", "dokumentet"),
        _total("result", "dokumentet"),
        "---",
        f"{MARKER} planens text, avskriven ur dokumentet med dess rubriker (## före varje "
        "rubrik). Flytta raden nedan dit där budgettabellen står i dokumentet.",
        "",
        BUDGET_MARKER,
    ]
    return "\n".join(lines) + "\n"


def _template_line(what: str, categories: dict[str, str]) -> str:
    names = list(categories)
    choices = f"{', '.join(names[:-1])} eller {names[-1]}"
    return (
        f"      - {{label: {placeholder(what)}, category: {placeholder(choices)}, "
        f"amount: {AMOUNT}}}"
    )


def _document_fields(document: str, source_url: bool, unit: str) -> list[str]:
    """Return the lines of a new plan about its document: adopted, source, source_url, unit."""
    lines = [
        "adopted: "
        + placeholder(
            f"dagen då styrelsen antog planen enligt {document}, ÅÅÅÅ-MM-DD (ta bort raden om "
            "dokumentet inte anger den)"
        ),
        f"source: {placeholder(f'namnet på {document}, med förbundets namn')}",
    ]
    if source_url:
        lines.append(
            "source_url: "
            + placeholder(
                f"adressen till {document}, https://… (ta bort raden om du inte själv har "
                "öppnat adressen)"
            )
        )
    lines.append(
        f"unit: {placeholder(f'kr, tkr eller mkr, som beloppen står i {document}{unit}')}",
    )
    return lines


TOTALS = {
    "income_total": "summan av intäkterna",
    "costs_total": "summan av kostnaderna",
    "carried_over": "över- eller underskottet från tidigare år",
    "result": "årets resultat",
}


def _total(name: str, document: str) -> str:
    what = f"{TOTALS[name]} som i {document} (ta bort raden om dokumentet saknar uppgiften)"
    return f"    {name}: {placeholder(what)}"


def next_plan(previous: Plan, previous_name: str, previous_body: str, year: int) -> str:
    """Return the next plan of a förbund from its latest one.

    It has the same lines, categories, items and owners, and the same headings in its text; every
    amount, date, total and section of text is a placeholder, and so is a text that names a year.
    """
    budget = previous.own_budget or previous.budget[-1]
    lines = [
        "---",
        f"# {MARKER} ny plan för {year}, skapad med finsam new från {previous_name}.",
        "# Ersätt varje platshållare FYLL I med uppgiften ur det nya dokumentet. Där platshållaren",
        "# säger att raden kan tas bort kan du ta bort den i stället, om uppgiften saknas i",
        "# dokumentet.",
        f"# Raderna, kategorierna, insatserna och textens rubriker är från {previous_name}:",
        "# ta bort dem som inte finns i det nya dokumentet och lägg till nya. Har dokumentet",
        "# budget för flera år, lägg till ett år per prognos under budget. Avvikelser",
        "# (discrepancies) följer inte med: make check visar summor som inte går ihop.",
        "# Ett utkast till unit och budget kan också göras ur dokumentet med make import.",
        f"# Kontrollera sedan med: make check fil=content/forbund/{previous.slug}/{year}.md",
        "# Ta bort de här kommentarerna när allt är ifyllt.",
    ]
    if previous.title is not None:
        lines.append(f"title: {_known(previous.title, 'titeln', previous_name, always=True)}")
    lines += [
        f"forbund: {previous.slug}",
        f"year: {year}",
        *_document_fields(
            NEW,
            source_url=previous.source_url is not None,
            unit=f" (i {previous_name}: {previous.unit})",
        ),
        "budget:",
        f"  {year}:",
    ]
    for direction, entries, total in (
        ("income", budget.income, budget.income_total),
        ("costs", budget.costs, budget.costs_total),
    ):
        lines.append(f"    {direction}:" + ("" if entries else " []"))
        lines.extend(text for line in entries for text in _line_yaml(line, previous_name))
        name = f"{direction}_total"
        lines.append(_total(name, NEW) if total is not None else f"    # {name}:")
    for name in ("carried_over", "result"):
        lines.append(_total(name, NEW) if getattr(budget, name) is not None else f"    # {name}:")
    lines.append("---")
    return "\n".join(lines) + "\n" + outline(previous_body, previous_name)


def _known(text: str, what: str, previous_name: str, always: bool = False) -> str:
    """Return a text from the previous plan as a YAML value.

    It stays as it was, unless it names a year (or always): then it is a placeholder that shows it.
    """
    if not always and YEAR_RE.search(text) is None:
        return quote(text)
    return placeholder(f"{what} som i {NEW} (i {previous_name}: ”{text}”)")


def _line_yaml(line: Line, previous_name: str) -> list[str]:
    label = _known(line.label, "radens text", previous_name)
    if not line.items:
        return [f"      - {{label: {label}, category: {line.category}, amount: {AMOUNT}}}"]
    out = [
        f"      - label: {label}",
        f"        category: {line.category}",
        f"        amount: {AMOUNT}",
        "        items:",
    ]
    for item in line.items:
        name = _known(item.label, "insatsens namn", previous_name)
        owner = (
            f", owner: {_known(item.owner, 'insatsägaren', previous_name)}" if item.owner else ""
        )
        out.append(f"          - {{label: {name}{owner}, amount: {AMOUNT}}}")
    return out


INTRO_TEXT = (
    f"{MARKER} texten före den första rubriken, avskriven ur {NEW} (ta bort raden om det inte "
    "finns någon)"
)
SECTION_TEXT = (
    f"{MARKER} avsnittets text, avskriven ur {NEW} (ta bort avsnittet om det inte finns där)"
)
WHOLE_TEXT = f"{MARKER} planens text, avskriven ur {NEW} med dess rubriker (## före varje rubrik)"


def outline(body: str, previous_name: str) -> str:
    """Return the text of a new plan from the previous plan's text.

    It keeps the headings and the budget marker, each section's text replaced by a placeholder;
    a heading that names a year is a placeholder that shows it. Nothing else is kept: no old
    text, note, table or number reads as the new year's.
    """
    blocks = list(_outline_blocks(body, previous_name))
    if not any(MARKER in block and not HEADING_RE.match(block) for block in blocks):
        blocks.insert(0, INTRO_TEXT)  # the new year's text is always to write
    if not any(HEADING_RE.match(block) for block in blocks):
        blocks = [WHOLE_TEXT if block == INTRO_TEXT else block for block in blocks]
    return "\n" + "\n\n".join(blocks) + "\n"


def _outline_blocks(body: str, previous_name: str) -> Iterator[str]:
    """Yield the headings, budget markers and a placeholder for each run of text between them."""
    placed = {marker.line for marker in budget_markers(body) if marker.kind == PLACED}
    text = False  # whether text came since the last heading or marker
    headed = False  # whether a heading came
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        opened = FENCE_RE.match(line)
        if fence is not None:  # a code block: text, until its closing fence
            if opened and opened.group()[0] == fence[0] and len(opened.group()) >= len(fence):
                fence = None
            continue
        if opened:
            fence, text = opened.group(), True
            continue
        heading = HEADING_RE.fullmatch(line)
        if heading is None and index not in placed:
            text = text or bool(line.strip())
            continue
        if text:
            yield SECTION_TEXT if headed else INTRO_TEXT
            text = False
        if heading is None:
            yield BUDGET_MARKER
            continue
        headed = True
        yield _heading(heading, previous_name)
    if text:
        yield SECTION_TEXT if headed else INTRO_TEXT


def _heading(heading: re.Match[str], previous_name: str) -> str:
    hashes, title = heading.group(1), heading.group(2).strip().rstrip("#").strip()
    if YEAR_RE.search(title) is None:
        return f"{hashes} {title}"
    return f"{hashes} {MARKER} rubriken som i {NEW} (i {previous_name}: ”{title}”)"
