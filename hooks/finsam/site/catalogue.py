"""The catalogue of error messages.

A broken example per rule, checked by the real validator at every build.

The editors' page of error messages is generated from these examples, so each message shown
there is exactly what `mkdocs build` and `finsam check` print today.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..format import layout
from ..format.corpus import load
from ..format.sources import Source
from ..problems import WARNING, Problem
from . import links

PROFILE = """---
name: Samordningsförbundet Exempel
short_name: Exempel
county: Exempels län
members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]
---
"""

PLAN = """---
forbund: exempel
year: 2024
source: Verksamhetsplan och budget 2024
unit: tkr
budget:
  2024:
    income:
      - {label: Staten, category: state, amount: 8000}
      - {label: Regionen, category: region, amount: 4000}
      - {label: Kommunerna, category: municipalities, amount: 4000}
    income_total: 16000
    costs:
      - {label: Kansli, category: administration, amount: 3000}
      - label: Insatser
        category: individual
        amount: 13000
        items:
          - {label: Steg 1, owner: Exempels kommun, amount: 6000}
          - {label: Steg 2, owner: Region Exempel, amount: 7000}
    costs_total: 16000
    result: 0
---
Planens text.
"""


STALE = "discrepancies:\n  - {where: budget.2024.costs, printed: 16000, computed: 15000}\n"
CONFIRMED = (
    "discrepancies:\n  - where: budget.2024.costs\n    printed: 16500\n    computed: 16000\n    "
    "confirmed: ja\n"
)


@dataclass(frozen=True, slots=True)
class Example:
    """One broken file: what is wrong.

    The file's path and text (and other files beside it, each path and text).
    """

    title: str
    path: str
    text: str | bytes
    others: tuple[tuple[str, str], ...] = ()


def _plan(old: str, new: str, path: str = "forbund/exempel/2024.md") -> tuple[str, str]:
    if old not in PLAN:
        raise ValueError(f"the example plan has no {old!r}")
    return path, PLAN.replace(old, new, 1)


_CHANGED_EXAMPLES = tuple(  # each a change to the example plan or profile
    Example(title, *change)
    for title, change in (
        ("Ett fältnamn utan kolon", _plan("unit: tkr\n", "unit tkr\n")),
        (
            "Tabbtecken i stället för mellanslag",
            _plan("  2024:\n    income:", "  2024:\n\tincome:"),
        ),
        ("Fel indrag i en lista", _plan("      - {label: Regionen", "     - {label: Regionen")),
        (
            "Ett kolon i en text utan citattecken",
            _plan(
                "source: Verksamhetsplan och budget 2024", "source: Verksamhetsplan: budget 2024"
            ),
        ),
        (
            "Ett citattecken som inte avslutas",
            _plan(
                "source: Verksamhetsplan och budget 2024",
                'source: "Verksamhetsplan och budget 2024',
            ),
        ),
        ("En klammerparentes som inte stängs", _plan("amount: 8000}", "amount: 8000")),
        (
            "Ett kommatecken i en text utan citattecken",
            _plan("{label: Staten,", "{label: Staten, Försäkringskassan,"),
        ),
        ("Ett värde som börjar med ett specialtecken", _plan("label: Kansli,", "label: @Kansli,")),
        (
            "Planen saknar front-matter",
            ("forbund/exempel/2024.md", "Planens text utan front-matter.\n"),
        ),
        (
            "Raden --- som avslutar front-matter saknas",
            _plan("    result: 0\n---\n", "    result: 0\n"),
        ),
        ("Ett obligatoriskt fält saknas", _plan("source: Verksamhetsplan och budget 2024\n", "")),
        ("Ett okänt eller felstavat fält", _plan("unit: tkr\n", "unit: tkr\nadoptd: 2023-11-20\n")),
        ("En okänd kategori", _plan("category: administration", "category: admin")),
        (
            "En kostnadskategori på en intäktsrad",
            _plan("label: Staten, category: state", "label: Staten, category: structural"),
        ),
        ("Ett år skrivet som text", _plan("year: 2024\n", "year: tjugotjugofyra\n")),
        ("Ett år före 2004", _plan("year: 2024\nsource", "year: 2003\nsource")),
        ("Ett belopp med decimaler", _plan("amount: 3000}", "amount: 3000.5}")),
        ("Ett belopp med decimalkomma", _plan("amount: 3000}", 'amount: "3 000,5"}')),
        ("Ett belopp med enhet eller bokstäver", _plan("amount: 3000}", 'amount: "3k"}')),
        ("Ett negativt belopp på en rad", _plan("amount: 3000}", "amount: -3000}")),
        ("En okänd enhet", _plan("unit: tkr", "unit: kkr")),
        ("Ett datum som inte finns", _plan("unit: tkr\n", "unit: tkr\nadopted: 2023-02-30\n")),
        ("Förbundet i planen har ingen profil", _plan("forbund: exempel", "forbund: okant")),
        (
            "Planens år stämmer inte med filens namn",
            _plan("year: 2024\nsource", "year: 2025\nsource"),
        ),
        ("Budgeten saknar planens eget år", _plan("  2024:\n    income:", "  2025:\n    income:")),
        (
            "Intäktsraderna stämmer inte med income_total",
            _plan("income_total: 16000", "income_total: 16500"),
        ),
        (
            "Kostnadsraderna stämmer inte med costs_total",
            _plan("costs_total: 16000", "costs_total: 15000"),
        ),
        ("Insatserna stämmer inte med sin kostnadsrad", _plan("amount: 13000", "amount: 12000")),
        ("Resultatet är inte intäkter minus kostnader", _plan("result: 0", "result: 500")),
        (
            "Medlemmarnas andelar följer inte lagen",
            _plan(
                "label: Regionen, category: region, amount: 4000",
                "label: Regionen, category: region, amount: 5000",
            ),
        ),
        (
            "En avvikelse som inte längre finns",
            ("forbund/exempel/2024.md", PLAN.replace("---\nPlanens", STALE + "---\nPlanens", 1)),
        ),
        (
            "confirmed är varken true eller false",
            (
                "forbund/exempel/2024.md",
                PLAN.replace("costs_total: 16000", "costs_total: 16500", 1).replace(
                    "---\nPlanens", CONFIRMED + "---\nPlanens", 1
                ),
            ),
        ),
        (
            "En källadress med http://",
            _plan(
                "unit: tkr\n",
                "source_url: http://www.exempel.se/verksamhetsplan-2024.pdf\nunit: tkr\n",
            ),
        ),
        (
            "En källadress som inte är en webbadress",
            _plan("unit: tkr\n", 'source_url: "javascript:alert(1)"\nunit: tkr\n'),
        ),
        (
            "En källadress utan https:// först",
            _plan("unit: tkr\n", "source_url: verksamhetsplan-2024.pdf\nunit: tkr\n"),
        ),
        ("Samma fält två gånger", _plan("unit: tkr\n", "unit: tkr\nunit: kr\n")),
        (
            "YAML-referenser med & och *",
            _plan(
                "source: Verksamhetsplan och budget 2024",
                "source: &s Verksamhetsplan och budget 2024\ntitle: *s",
            ),
        ),
        (
            "Siffror från ett annat skrivsystem",
            _plan("amount: 3000}", 'amount: "\u0663\u0660\u0660\u0660"}'),
        ),
        (
            "Ett tecken som vänder textens riktning",
            _plan("label: Kansli,", 'label: "Kansli \\u202e",'),
        ),
        ("Ett tecken för privat bruk", _plan("label: Kansli,", 'label: "\\uf0b7 Kansli",')),
        (
            "En text som ett kalkylprogram kör som en formel",
            _plan("label: Kansli,", 'label: "=Kansli",'),
        ),
        (
            "För många nivåer i front-matter",
            _plan("unit: tkr\n", "unit: tkr\ntitle: " + "[" * 30 + "\n"),
        ),
        (
            "Filen är inte sparad som UTF-8",
            (
                "forbund/exempel/2024.md",
                PLAN.replace("Kansli", "Kansli\u00e5")
                .encode("utf-8")
                .replace("\u00e5".encode("utf-8"), b"\xe5"),
            ),
        ),
        (
            "Två budgetmarkeringar",
            _plan("Planens text.", "<!-- budget -->\n\nText.\n\n<!-- budget -->"),
        ),
        (
            "Ett mappnamn med versaler eller å, ä, ö",
            _plan("forbund: exempel", "forbund: exempel", "forbund/Exempel/2024.md"),
        ),
        (
            "Ett filnamn som inte följer reglerna",
            ("forbund/exempel/Protokoll.md", "---\ntitle: Protokoll\n---\nText.\n"),
        ),
        (
            "Ett dokument med budget",
            ("forbund/exempel/protokoll.md", "---\ntitle: Protokoll\nbudget: {}\n---\nText.\n"),
        ),
        (
            "Ett dokument utan titel (varning)",
            ("forbund/exempel/anteckning.md", "Text utan rubrik.\n"),
        ),
        (
            "Ett felaktigt organisationsnummer",
            (
                "forbund/exempel/index.md",
                PROFILE.replace("county:", "org_number: 2220002634\ncounty:"),
            ),
        ),
        (
            "En profil utan alla fyra parterna",
            ("forbund/exempel/index.md", PROFILE.replace(", Exempels kommun", "")),
        ),
        ("En typmarkering före ett värde", _plan("amount: 3000}", "amount: !!int 3000}")),
        (
            "En teckenkod som aldrig är ett tecken",
            _plan("label: Kansli,", 'label: "Kansli \\uFFFE",'),
        ),
        (
            "En webbadress med tecken utanför ASCII",
            _plan(
                "unit: tkr\n",
                "source_url: https://www.växjö.se/verksamhetsplan-2024.pdf\nunit: tkr\n",
            ),
        ),
        (
            "Budgetmarkeringen inuti en lista",
            _plan(
                "Planens text.", "Planens text.\n\n- En punkt\n- <!-- budget -->\n- En punkt till"
            ),
        ),
        (
            "En platshållare från finsam new i ett belopp",
            _plan("amount: 3000}", 'amount: "FYLL I: belopp"}'),
        ),
        (
            "En platshållare från finsam new i ett datum",
            _plan(
                "unit: tkr\n",
                'unit: tkr\nadopted: "FYLL I: dagen då styrelsen antog planen, ÅÅÅÅ-MM-DD (ta '
                'bort raden om dokumentet inte anger den)"\n',
            ),
        ),
        (
            "En platshållare från finsam new i ett textfält",
            _plan(
                "source: Verksamhetsplan och budget 2024",
                'source: "FYLL I: namnet på dokumentet, med förbundets namn"',
            ),
        ),
        (
            "Kommentarerna från finsam new finns kvar",
            _plan(
                "---\nforbund: exempel\n",
                "---\n# FYLL I: ny plan för exempel 2024, skapad med finsam new. Förbundet har "
                "ingen plan\n# att utgå från, så allt fylls i från det publicerade dokumentet."
                "\nforbund: exempel\n",
            ),
        ),
        (
            "Platshållare från finsam new i planens text",
            _plan(
                "Planens text.",
                "## FYLL I: rubriken som i det nya dokumentet (i 2023.md: ”4. Budget 2023”)\n\n"
                "FYLL I: avsnittets text, avskriven ur det nya dokumentet (ta bort avsnittet om "
                "det inte finns där)",
            ),
        ),
    )
)
EXAMPLES: tuple[Example, ...] = (
    *_CHANGED_EXAMPLES,
    Example(
        "Två förbund med samma organisationsnummer",
        "forbund/exempel/index.md",
        PROFILE.replace("county:", "org_number: 222000-0001\ncounty:"),
        (
            (
                "forbund/annat/index.md",
                PROFILE.replace("Exempel", "Annat").replace(
                    "county:", "org_number: 222000-0001\ncounty:"
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class FileExample:
    """Files in the wrong place or of the wrong kind.

    What is wrong, the files (path in content/, kind, link target), the first one's text.
    """

    title: str
    files: tuple[tuple[str, str, str], ...]
    text: str = ""


FILE_EXAMPLES: tuple[FileExample, ...] = (
    FileExample("En annan filändelse än .md", (("forbund/exempel/2024.MD", layout.FILE, ""),)),
    FileExample(
        "En fil som inte är Markdown i ett förbunds mapp",
        (("forbund/exempel/bilaga.pdf", layout.FILE, ""),),
    ),
    FileExample(
        "Två filer med samma adress",
        (
            ("forbund/exempel/README.md", layout.FILE, ""),
            ("forbund/exempel/index.md", layout.FILE, ""),
        ),
    ),
    FileExample(
        "En symbolisk länk",
        (("forbund/exempel/2024.md", layout.LINK, "/home/redaktor/plan-2024.md"),),
    ),
    FileExample(
        "En plan utanför content/forbund/", (("Forbund/exempel/2024.md", layout.FILE, ""),), PLAN
    ),
    FileExample(
        "Ett fält som en sida utanför content/forbund/ inte får ha",
        (("om-oss.md", layout.FILE, ""),),
        "---\ntitle: Om oss\ntemplate: redirect.html\n---\nText.\n",
    ),
    FileExample(
        "Ett skript i en sidas text",
        (("om-oss.md", layout.FILE, ""),),
        "---\ntitle: Om oss\n---\nText.\n\n<script>alert(1)</script>\n",
    ),
    FileExample(
        "En fil av ett slag som webbplatsen inte publicerar",
        (("bilder/karta.svg", layout.FILE, ""),),
    ),
    FileExample("Ett filnamn med mellanslag", (("bilder/min karta.png", layout.FILE, ""),)),
    FileExample(
        "En fil på en adress som webbplatsen själv använder",
        (("assets/javascripts/search.js", layout.FILE, ""),),
    ),
)


@dataclass(frozen=True, slots=True)
class LinkExample:
    """A page with a broken link: what is wrong, the page's path and its text."""

    title: str
    path: str
    text: str


LINK_EXAMPLES: tuple[LinkExample, ...] = (
    LinkExample(
        "En länk till en sida som inte finns", "om-oss.md", "Läs [planformatet](planformat.md).\n"
    ),
    LinkExample(
        "En länk till en rubrik som inte finns",
        "om-oss.md",
        "Läs om [kategorierna](redaktorer.md#kategori).\n",
    ),
    LinkExample("En absolut länk", "om-oss.md", "Se [jämförelserna](/jamfor/).\n"),
    LinkExample("En länk till en mapp", "om-oss.md", "Se [jämförelserna](jamfor/).\n"),
)
LINKED = {
    "om-oss.md": "",
    "redaktorer.md": "## Kategorier\n",
    "jamfor/index.md": "## Så räknas siffrorna\n",
}  # the pages the examples may link to


def link_problems_of(example: LinkExample) -> list[Problem]:
    """Return what the site's link check says about one example."""
    site = links.Site({uri: (lambda text=text: text) for uri, text in LINKED.items()}, set())
    return links.problems([links.Text(example.path, f"content/{example.path}", example.text)], site)


def file_problems_of(example: FileExample) -> list[Problem]:
    """Return what the validator says about the files of one example."""
    entries = [layout.Entry(uri, "", kind, detail) for uri, kind, detail in example.files]
    found = layout.problems(entries, _shown)
    first = entries[0].uri
    if example.text and layout.is_site_page(first):
        found += layout.page_problems(first, _shown(first), example.text.encode("utf-8"))
    return sorted(found, key=Problem.sort_key)


def _shown(uri: str) -> str:
    return f"content/{uri}"


def _listing(example: FileExample) -> str:
    return "\n".join(
        f"content/{uri}" + (f" -> {detail} (symbolisk länk)" if kind == layout.LINK else "")
        for uri, kind, detail in example.files
    )


def problems_of(example: Example) -> list[Problem]:
    """Return what the validator says about one example, beside a valid profile."""
    data = example.text.encode("utf-8") if isinstance(example.text, str) else example.text
    sources = [Source(example.path, f"content/{example.path}", data)]
    others = dict(example.others)
    if example.path != "forbund/exempel/index.md":
        others.setdefault("forbund/exempel/index.md", PROFILE)
    sources += [
        Source(path, f"content/{path}", text.encode("utf-8")) for path, text in others.items()
    ]
    return sorted(
        (p for p in load(sources).problems if p.path == f"content/{example.path}"),
        key=Problem.sort_key,
    )


def _excerpt(example: Example, line: int | None) -> str:
    text = (
        example.text.decode("utf-8", "replace") if isinstance(example.text, bytes) else example.text
    )
    return _numbered(text, line or 1)


def _numbered(text: str, line: int) -> str:
    """Return the five lines of a text around a line, numbered."""
    lines = text.rstrip("\n").split("\n")
    start = max(line - 3, 0)
    return "\n".join(
        f"{n:>3} | {content}" for n, content in enumerate(lines[start : start + 5], start + 1)
    )


def _messages(problems: list[Problem]) -> str:
    """Return the heading and the messages of an example as they are printed.

    Without MkDocs' English word for their kind.
    """
    if all(p.severity == WARNING for p in problems):
        heading = "Varningen:" if len(problems) == 1 else "Varningarna:"
    else:
        heading = "Meddelandet:" if len(problems) == 1 else "Meddelandena:"
    return f"{heading}\n\n```text\n" + "\n".join(p.message() for p in problems) + "\n```\n"


@cache
def page() -> str:
    """Return the Markdown of the generated page with every example and its message.

    The same in every build of a process.
    """
    parts = [
        "---\ntitle: Felmeddelanden\ndescription: Alla felmeddelanden när en plan inte följer "
        "formatet, med exempel och hur du rättar dem.\n---\n\n",
        "Här är alla meddelanden som `mkdocs build`, `mkdocs serve` och `make check` ger när en "
        "fil inte följer "
        "formatet, med ett exempel på varje. Exemplen körs genom webbplatsens egen kontroll varje "
        "gång "
        "webbplatsen byggs, så meddelandena är exakt de som du får. Varje meddelande säger vilken "
        "fil och rad det "
        "gäller, vad som förväntades, vad som hittades och vad du ska göra.\n\n",
        "I terminalen står det `ERROR` före ett fel och `WARNING` före en varning. Det är MkDocs "
        "ord för fel "
        "och varning, och de står på engelska som i MkDocs andra meddelanden. Ett fel stoppar "
        "bygget, och förhandsvisningen visar då felen i webbläsaren i stället för sidorna. En "
        "varning stoppar inte förhandsvisningen, men `make check`, `make build` och kontrollen i "
        "pull requesten stoppar vid den, eftersom webbplatsen inte publiceras med varningar. "
        "Här visas "
        "meddelandena utan de orden.\n",
    ]
    for example in EXAMPLES:
        found = problems_of(example)
        first = found[0].line if found else None
        parts.append(
            f"\n## {example.title}\n\nUtdrag ur "
            f"`content/{example.path}`:\n\n```text\n{_excerpt(example, first)}\n```\n\n"
        )
        parts.append(_messages(found))
    for example in FILE_EXAMPLES:
        parts.append(f"\n## {example.title}\n\nFilerna:\n\n```text\n{_listing(example)}\n```\n\n")
        if example.text:
            parts.append(
                f"Utdrag ur `content/{example.files[0][0]}`:\n\n"
                f"```text\n{_numbered(example.text, 1)}\n```\n\n"
            )
        parts.append(_messages(file_problems_of(example)))
    for example in LINK_EXAMPLES:
        parts.append(
            f"\n## {example.title}\n\nUtdrag ur "
            f"`content/{example.path}`:\n\n```text\n{_numbered(example.text, 1)}\n```\n\n"
        )
        parts.append(_messages(link_problems_of(example)))
    return "".join(parts)
