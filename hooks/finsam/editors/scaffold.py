"""Write new content files for editors.

They are a förbund profile, and a plan from the previous one or a template.

Every function returns text; writing files is the command line's job. The files are meant to
fail `finsam check` until the editor has filled in what only the source document can tell:
amounts and `source` are left empty (an empty value is an error with a clear message), never
0 or a placeholder text that would pass as real data.
"""

from __future__ import annotations

import json
import re
import unicodedata

from ..format.corpus import BUDGET_MARKER
from ..format.model import Line, Plan
from ..format.paths import SLUG_RE

PLAIN_RE = re.compile(
    r"[A-Za-zÀ-ÖØ-öø-ÿ](?:[A-Za-zÀ-ÖØ-öø-ÿ0-9 .()/'+&-]*[A-Za-zÀ-ÖØ-öø-ÿ0-9.)'])?"
)
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def quote(text: str) -> str:
    """Return text as a YAML scalar that is safe in a flow mapping.

    It is plain where possible, else quoted.
    """
    if PLAIN_RE.fullmatch(text) and "  " not in text and text.casefold() not in RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


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


def profile_template(slug: str) -> str:
    """Return a new förbund profile whose required fields the editor must fill in."""
    return f"""---
# Ny förbundsprofil för {slug}, skapad med finsam new. Fyll i från förbundets egna uppgifter:
#   - name, short_name och county (obligatoriska)
#   - members: alla medlemmar, en per rad (minst Försäkringskassan, Arbetsförmedlingen,
#     regionen och en kommun)
#   - de frivilliga fälten (ta bort # framför dem), eller ta bort dem
# Kontrollera sedan med: finsam check content/forbund/{slug}/index.md
# Ta bort de här kommentarerna när du är klar.
name:            # hela det officiella namnet, t.ex. Samordningsförbundet Värend
short_name:      # kort namn i tabeller och diagram, t.ex. Värend
county:          # t.ex. Kronobergs län
# founded: 2015                    # året förbundet bildades
# org_number: 222000-2634          # organisationsnummer, NNNNNN-NNNN
members:
  - Försäkringskassan
  - Arbetsförmedlingen
  # - Region …                     # regionen
  # - … kommun                     # varje kommun, en per rad
# population_16_64:                # invånare 16–64 år; ger medlemsbidrag per invånare
#   value: 87398
#   year: 2021
#   source: SCB
# website: https://www.exempel.se
---
Beskriv förbundet här: när det bildades, vilka medlemmarna är och vilket område det täcker.
"""


def plan_template(slug: str, year: int) -> str:
    """Return a new plan for a förbund without plans: the required keys, example lines commented."""
    return f"""---
# Ny plan för {slug} {year}, skapad med finsam new. Förbundet har ingen plan än, så allt
# fylls i från det publicerade dokumentet:
#   - source: dokumentets namn, t.ex. Verksamhetsplan och budget {year}
#   - unit: kr, tkr eller mkr, som i dokumentets budgettabell
#   - budget: varje intäkts- och kostnadsrad med beloppet som det står i dokumentet
#     (exemplen nedan: ta bort # framför dem, ändra dem och ta bort dem som inte finns)
#   - income_total, costs_total och result: summorna som de står i dokumentet, om de finns
#   - adopted: datumet då styrelsen antog planen, om det står i dokumentet
# Ett utkast till budgeten kan också göras ur en inklistrad budgettabell:
#   finsam import tabell.txt
# Kontrollera sedan med: finsam check content/forbund/{slug}/{year}.md
# Ta bort de här kommentarerna när du är klar.
title: Verksamhetsplan {year}
forbund: {slug}
year: {year}
# adopted: {year - 1}-11-30
source:
unit:            # kr, tkr eller mkr
budget:
  {year}:
    income:
      # - {{label: Staten, category: state, amount: }}
      # - {{label: Regionen, category: region, amount: }}
      # - {{label: Kommunerna, category: municipalities, amount: }}
      # - {{label: Medlemsavgifter, category: members, amount: }}       # i stället för de tre ovan, om dokumentet har en rad
      # - {{label: Eget kapital, category: equity, amount: }}
      # - {{label: ESF-medel, category: external, amount: }}
    # income_total:
    costs:
      # - {{label: Styrelse, category: administration, amount: }}
      # - {{label: Kansli, category: administration, amount: }}
      # - {{label: Samverkansstöd, category: structural, amount: }}
      # - label: Samverkansinsatser
      #   category: individual
      #   amount:
      #   items:
      #     - {{label: Insatsens namn, owner: Insatsägare, amount: }}
      # - {{label: Ej fördelat, category: unallocated, amount: }}
    # costs_total:
    # result:
---
Skriv planens text här, som i dokumentet. Budgettabellen visas där raden nedan står.

{BUDGET_MARKER}
"""  # noqa: E501 - the template's text, byte for byte: its comments are aligned for the editor


def next_plan(previous: Plan, previous_name: str, previous_body: str, year: int) -> str:
    """Return the next plan of a förbund from its latest one.

    It has the same lines and items, every amount empty.
    """
    budget = previous.own_budget or previous.budget[-1]
    title = _next_title(previous.title, previous.year, year)
    lines = [
        "---",
        (
            f"# Ny plan för {year}, skapad med finsam new från {previous_name}: "
            "samma rader, kategorier och"
        ),
        "# insatser, men alla belopp är tomma. Fyll i från det nya dokumentet:",
        "#   - source: det publicerade dokumentets namn",
        "#   - amount: varje belopp som det står i dokumentet (ett tomt belopp stoppar bygget)",
        "#   - income_total, costs_total, carried_over och result: summorna som de står i",
        "#     dokumentet, om de finns (ta bort # framför dem)",
        "#   - adopted: datumet då styrelsen antog planen, om det står i dokumentet",
        "#   - title och unit: kontrollera att de stämmer med dokumentet",
        (
            "# Ta bort rader och insatser som inte finns i det nya dokumentet "
            "och lägg till nya. Budgeterar"
        ),
        (
            "# dokumentet flera år, lägg till ett år per prognos under budget. "
            "Avvikelser (discrepancies)"
        ),
        "# följer inte med: finsam check visar summor som inte går ihop.",
        f"# Texten under front-matter är från {previous_name}: skriv in det nya dokumentets text.",
        f"# Kontrollera sedan med: finsam check content/forbund/{previous.slug}/{year}.md",
        "# Ta bort de här kommentarerna när du är klar.",
    ]
    if title is not None:
        lines.append(f"title: {quote(title)}")
    lines += [
        f"forbund: {previous.slug}",
        f"year: {year}",
        f"# adopted: {year - 1}-11-30",
        "source:          # det nya dokumentets namn",
        f"unit: {previous.unit}",
        "budget:",
        f"  {year}:",
    ]
    for direction, entries in (("income", budget.income), ("costs", budget.costs)):
        lines.append(f"    {direction}:" + ("" if entries else " []"))
        lines.extend(text for line in entries for text in _line_yaml(line))
        lines.append(f"    # {direction}_total:")
    lines += ["    # carried_over:", "    # result:", "---"]
    body = (
        previous_body if not previous_body or previous_body.endswith("\n") else previous_body + "\n"
    )
    return "\n".join(lines) + "\n" + body


def _next_title(title: str | None, old_year: int, year: int) -> str | None:
    if title is None:
        return None
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(year), title)


def _line_yaml(line: Line) -> list[str]:
    if not line.items:
        return [f"      - {{label: {quote(line.label)}, category: {line.category}, amount: }}"]
    out = [
        f"      - label: {quote(line.label)}",
        f"        category: {line.category}",
        "        amount:",
        "        items:",
    ]
    for item in line.items:
        owner = f", owner: {quote(item.owner)}" if item.owner else ""
        out.append(f"          - {{label: {quote(item.label)}{owner}, amount: }}")
    return out
