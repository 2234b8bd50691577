"""A corpus of malformed and hostile förbund files.

Each is refused with a clear message, or built harmlessly.

Every case is a small förbund folder (profile, plan, maybe a document) in forbund/<case>/. A refused
case must give an error naming its file (and where it matters the line) with "Förväntat:" and
"Gör så här:", never a traceback, and quickly. An allowed case holds values the contract allows,
however odd (markup in every text, Markdown and YAML look-alikes, odd Unicode, the largest and
smallest amounts): it must load without errors and, in one strict MkDocs build of all allowed
cases together, show every text escaped on its pages and every line once in the open data. All
refused cases are also built together once: the build must stop with every case's message and
no traceback.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Build, build_copy, copy_project, finsam_check, holds, logged, run_build
from markupsafe import escape

from finsam.format.corpus import load
from finsam.format.model import Corpus
from finsam.format.sources import Source
from finsam.problems import errors


def Q(text: str) -> str:  # noqa: N802 - short, used in many table rows
    """Return a YAML double-quoted scalar for a text.

    JSON's escapes are YAML's; other characters stay raw.
    """
    return json.dumps(text, ensure_ascii=False)


MARKUP = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) {: "
    "onclick=alert(4) } | *a* _b_ `c` & \"d\" 'e'"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
LOAD_SECONDS = 5  # a generous bound: every case loads in well under a second


def profile(**fields: str) -> str:
    """Return a valid profile, with some fields replaced by YAML lines.

    A value of "" drops the field.
    """
    values = {
        "name": "name: Samordningsförbundet Exempel",
        "short_name": "short_name: Exempel",
        "county": "county: Exempellän",
        "members": (
            "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]"
        ),
        **fields,
    }
    return (
        "---\n"
        + "".join(f"{line}\n" for line in values.values() if line)
        + "---\nFörbundets text.\n"
    )


PLAN = """---
forbund: {slug}
year: 2023
source: Verksamhetsplan och budget 2023
unit: tkr
budget:
  2023:
    income:
      - {{label: Staten, category: state, amount: 500}}
      - {{label: Regionen, category: region, amount: 250}}
      - {{label: Kommunerna, category: municipalities, amount: 250}}
    costs:
      - {{label: Kansli, category: administration, amount: 400}}
      - label: Insatser
        category: individual
        amount: 600
        items:
          - {{label: Insats A, owner: Exempels kommun, amount: 600}}
---
Text.
"""
LINE = {  # 1-based lines of the default plan, for messages
    "forbund": 2,
    "year": 3,
    "unit": 5,
    "income": 9,
    "kansli": 13,
    "body": 20,
}
_FILLED = PLAN.format(slug="x")
BUDGET_LINES = _FILLED[
    _FILLED.index("    income:") : _FILLED.index("---\nText.")
]  # income and costs


def plan(slug: str, replace: dict[str, str] | None = None, body: str | None = None) -> str:
    """Return the default plan of a förbund, with exact text replacements and maybe another body."""
    text = PLAN.format(slug=slug)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    if body is not None:
        text = text[: text.index("---\nText.\n")] + "---\n" + body
    return text


@dataclass(frozen=True)
class Case:
    """A förbund folder: file name → content. Refused when expected lists message fragments."""

    name: str
    files: dict[str, str | bytes]
    expected: tuple[str, ...] = ()
    file: str = "2023.md"  # the file the expected message is about

    @property
    def refused(self) -> bool:
        return bool(self.expected)

    def sources(self) -> list[Source]:
        found = []
        for name, data in sorted(self.files.items()):
            uri = name[1:] if name.startswith("/") else f"forbund/{self.name}/{name}"
            found.append(
                Source(
                    uri, f"content/{uri}", data.encode("utf-8") if isinstance(data, str) else data
                )
            )
        return found


def refused(
    name: str, files: dict[str, str | bytes], *expected: str, file: str = "2023.md"
) -> Case:
    return Case(name, files, expected, file)


def refused_plan(
    name: str, *expected: str, replace: dict[str, str] | None = None, body: str | None = None
) -> Case:
    return refused(name, {"index.md": profile(), "2023.md": plan(name, replace, body)}, *expected)


def refused_profile(slug: str, *expected: str, **fields: str) -> Case:
    return refused(
        slug, {"index.md": profile(**fields), "2023.md": plan(slug)}, *expected, file="index.md"
    )


def allowed(name: str, files: dict[str, str | bytes]) -> Case:
    return Case(name, files)


def allowed_plan(
    slug: str, replace: dict[str, str] | None = None, body: str | None = None, **fields: str
) -> Case:
    return allowed(slug, {"index.md": profile(**fields), "2023.md": plan(slug, replace, body)})


def body_case(name: str, body: str, line: int, found: str, file: str = "2023.md") -> Case:
    """A body refused at a line of the body (1-based), in a plan, a profile or a document."""
    if file == "2023.md":
        files = {"index.md": profile(), "2023.md": plan(name, body=body)}
        first = LINE["body"]
    elif file == "index.md":
        files = {"index.md": profile().replace("Förbundets text.\n", body), "2023.md": plan(name)}
        first = profile().split("\n").index("Förbundets text.") + 1
    else:
        head = "---\ntitle: Protokoll\n---\n"
        files = {"index.md": profile(), "2023.md": plan(name), file: head + body}
        first = 4
    return refused(name, files, f"rad {first + line - 1}", found, file=file)


def items(*labels: str) -> str:
    return "".join(
        f"          - {{label: {Q(label)}, owner: {Q(label)}, amount: 0}}\n" for label in labels
    )


LOOKALIKES = [
    "# Rubrik",
    "* lista",
    "1. ett",
    "> citat",
    "***",
    "| a | b |",
    "<!-- budget -->",
    "[^1]",
    "![x](y.png)",
    "**fet**",
    "\\*",
    "&amp;",
    "&lt;b&gt;",
    "<",
    "&",
    "a<b",
    "</table></div>",
    "{{ jinja }}",
    "{% raw %}",
    "line\u2028separators\u2029",
    "Summa =SUMMA(A1:A9)",
    "Tel. +46 8",
    "e-post @import",
    "</script>",
]  # fmt: skip  (a text may hold =, +, - and @, but not start with them: see FORMULAS)
UNICODE = [
    "Sámi giella", "Ελληνικά", "العربية", "中文", "emoji 🙂👍🏽", "e\u0301 combining",
    "zero\u200bwidth", "bom \ufeff inside", "nbsp\u00a0and\u202fnarrow", "tab\tinside",
    "\u05e2\u05d1\u05e8\u05d9\u05ea implicit rtl",
]  # fmt: skip
LONG = ("Lång <b>text</b> & " * 200)[:2000]

# One catalogue of broken inputs: the plain example of each rule is on the editors' page
# Felmeddelanden (finsam.site.catalogue, its messages pinned by test_catalogue.py); a rule's other
# forms are fixture folders in tests/fixtures/invalid/; here are only the odd and hostile inputs.
CASES: list[Case] = [
    # --- bytes and encodings ------------------------------------------------------------------
    refused(
        "not-utf8-latin1",
        {
            "index.md": profile(),
            "2023.md": plan("not-utf8-latin1")
            .encode("utf-8")
            .replace(b"Kansli", "K\xf6k".encode("latin-1")),
        },
        "UTF-8",
        f"rad {LINE['kansli']}",
    ),
    refused(
        "utf16-file",
        {"index.md": profile(), "2023.md": plan("utf16-file").encode("utf-16")},
        "UTF-8",
    ),
    refused(
        "nul-byte",
        {"index.md": profile(), "2023.md": plan("nul-byte").replace("Kansli", "Kan\x00sli")},
        "otillåtet tecken",
        f"rad {LINE['kansli']}",
    ),
    refused(
        "ansi-escape-in-label",
        {
            "index.md": profile(),
            "2023.md": plan("ansi-escape-in-label").replace("Kansli", "Kansli\x1b[2J"),
        },
        "otillåtet tecken",
    ),
    refused(
        "bell-in-name",
        {
            "index.md": profile(
                name="name: Samordningsförbundet \x07",
            ),
            "2023.md": plan("bell-in-name"),
        },
        "otillåtet tecken",
        file="index.md",
    ),
    refused(
        "file-over-one-megabyte",
        {"index.md": profile(), "2023.md": plan("file-over-one-megabyte", body="a" * 1_100_000)},
        "1000000 byte",
    ),
    refused("empty-plan-file", {"index.md": profile(), "2023.md": ""}, "front-matter", "rad 1"),
    refused("only-a-bom", {"index.md": profile(), "2023.md": b"\xef\xbb\xbf"}, "front-matter"),
    refused(
        "front-matter-not-closed",
        {
            "index.md": profile(),
            "2023.md": plan("front-matter-not-closed").replace("---\nText.", "Text."),
        },
        "front-matter",
    ),
    allowed(
        "bom-and-crlf",
        {
            "index.md": b"\xef\xbb\xbf" + profile().replace("\n", "\r\n").encode(),
            "2023.md": b"\xef\xbb\xbf" + plan("bom-and-crlf").replace("\n", "\r\n").encode(),
        },
    ),
    allowed(
        "cr-only-line-endings",
        {
            "index.md": profile().replace("\n", "\r"),
            "2023.md": plan("cr-only-line-endings").replace("\n", "\r"),
        },
    ),
    # --- YAML -----------------------------------------------------------------------------------
    refused_plan(
        "yaml-deep-nesting",
        "nivåer",
        replace={
            "source: Verksamhetsplan och budget 2023": "source: " + "[" * 10_000 + "]" * 10_000
        },
    ),
    refused_plan(
        "yaml-python-object-tag",
        "en text",
        replace={"label: Kansli,": "label: !!python/object/apply:os.system [echo hej],"},
    ),
    refused_plan(
        "yaml-python-name-tag",
        "ett giltigt värde",
        replace={"source: Verksamhetsplan och budget 2023": "source: !!python/name:os.system"},
    ),
    refused_plan(
        "yaml-binary-label", "en text", replace={"label: Kansli,": "label: !!binary aGVq,"}
    ),
    refused_plan("yaml-complex-key", "fältnamn", replace={"unit: tkr": "unit: tkr\n? [a, b]\n: c"}),
    # --- types and numbers ----------------------------------------------------------------------
    refused_plan(
        "amount-is-a-list",
        "ett belopp",
        f"rad {LINE['kansli']}",
        replace={"amount: 400": "amount: [400]"},
    ),
    refused_plan(
        "amount-is-a-float", "decimaltalet 400.5", replace={"amount: 400": "amount: 400.5"}
    ),
    refused_plan(
        "amount-in-exponent-notation", "ett belopp", replace={"amount: 400": "amount: 4e2"}
    ),
    refused_plan(
        "amount-ten-to-the-thirty",
        "högst 1000000000000",
        replace={"amount: 400": f"amount: {10**30}"},
    ),
    refused_plan(
        "amount-five-hundred-nines",
        "högst 1000000000000",
        replace={"amount: 400": "amount: " + "9" * 500},
    ),
    refused_plan(
        "amount-five-hundred-nines-quoted",
        "högst 1000000000000",
        replace={"amount: 400": "amount: " + Q("9" * 500)},
    ),
    refused_plan("amount-negative", "0 eller mer", replace={"amount: 400": "amount: -400"}),
    refused_plan(
        "item-amount-unicode-minus", "0 eller mer", replace={"amount: 600}": 'amount: "−600"}'}
    ),
    refused_plan("amount-boolean", "sanningsvärdet true", replace={"amount: 400": "amount: true"}),
    refused_plan("label-null", "en text", replace={"label: Kansli,": "label: null,"}),
    refused_plan(
        "label-is-a-date", "datumet 2023-01-01", replace={"label: Kansli,": "label: 2023-01-01,"}
    ),
    refused_plan(
        "label-100-kilobytes",
        "högst 2000 tecken",
        replace={"label: Kansli,": f"label: {Q('x' * 100_000)},"},
    ),
    refused_plan("year-huge", "ett årtal", replace={"year: 2023": "year: 99999999999999999999"}),
    refused_plan(
        "budget-year-with-markup",
        "budget.2023<script>",
        replace={"  2023:": '  2023:\n    income: []\n    costs: []\n  "2023<script>":'},
    ),
    refused_plan(
        "unit-with-markup",
        "ett av värdena kr, tkr, mkr",
        f"rad {LINE['unit']}",
        replace={"unit: tkr": f"unit: {Q('<b>tkr</b>')}"},
    ),
    refused_plan(
        "category-with-markup",
        "ett av värdena",
        replace={"category: administration": f"category: {Q('<i>administration</i>')}"},
    ),
    refused_plan(
        "forbund-with-markup",
        "forbund",
        f"rad {LINE['forbund']}",
        replace={"forbund: forbund-with-markup": f"forbund: {Q('<script>x</script>')}"},
    ),
    refused_plan(
        "where-with-markup",
        "budget.<år>.income",
        replace={
            "---\nText.": (
                f"discrepancies:\n  - {{where: {Q('<script>x</script>')}, printed: 1, "
                "computed: 2}\n---\nText."
            )
        },
    ),
    refused_plan(
        "unknown-key-with-markup",
        "det okända fältet <b>x</b>",
        replace={"unit: tkr": f"unit: tkr\n{Q('<b>x</b>')}: 1"},
    ),
    refused(
        "plan-without-profile",
        {"2023.md": plan("plan-without-profile")},
        "ingen profil för plan-without-profile",
    ),
    refused(
        "forbund-names-other-folder",
        {
            "index.md": profile(),
            "2023.md": plan(
                "forbund-names-other-folder",
                {"forbund: forbund-names-other-folder": "forbund: finns-inte"},
            ),
        },
        "samma som mappen",
    ),
    refused_profile(
        "website-javascript", "webbadress", website=f"website: {Q('javascript:alert(1)')}"
    ),
    refused_profile(
        "website-data-url",
        "webbadress",
        website=f"website: {Q('data:text/html,<script>alert(1)</script>')}",
    ),
    refused_profile(
        "website-attribute-breakout",
        "webbadress",
        website="website: " + Q('https://example.se" onmouseover="alert(1)'),
    ),
    refused_profile(
        "org-number-with-markup",
        "organisationsnummer",
        org_number=f"org_number: {Q('<b>222000-2634</b>')}",
    ),
    refused_profile("members-as-text", "en lista", members=f"members: {Q('<b>Alla</b>')}"),
    refused_profile(
        "population-negative",
        "ett heltal, 1 eller mer",
        population_16_64="population_16_64: {value: -5}",
    ),
    refused_profile("unknown-profile-key", "det okända fältet email", email="email: a@example.se"),
    # --- bodies ---------------------------------------------------------------------------------
    body_case("body-script", "Text.\n\n<script>alert(1)</script>\n", 3, "taggen <script>"),
    body_case("body-iframe", '<iframe src="https://example.com"></iframe>\n', 1, "taggen <iframe>"),
    body_case(
        "body-onerror",
        'Text.\n\n<img src="x.png" onerror="alert(1)">\n',
        3,
        "händelseattributet onerror",
    ),
    body_case("body-style-attribute", '<p style="position:fixed">x</p>\n', 1, "attributet style="),
    body_case("body-style-element", "<style>body{display:none}</style>\n", 1, "taggen <style>"),
    body_case(
        "body-javascript-link", "Text.\n\nMer [text](javascript:alert(1)).\n", 3, "(javascript:)"
    ),
    body_case("body-data-image", "![x](data:image/png;base64,iVBORw0KGgo=)\n", 1, 'bilden "data:'),
    body_case("body-data-link", "[x](data:text/html;base64,PHNjcmlwdD4=)\n", 1, "(data:)"),
    body_case(
        "body-remote-image",
        "![x](https://example.com/pixel.png)\n",
        1,
        'bilden "https://example.com/pixel.png"',
    ),
    body_case(
        "body-attr-list-onclick",
        'Stycke.\n{: onclick="alert(1)" }\n',
        2,
        "händelseattributet onclick",
    ),
    body_case("body-attr-list-style", '## Rubrik {: style="color:red" }\n', 1, "attributet style="),
    body_case(
        "body-entity-encoded-javascript",
        '<a href="&#x6A;avascript:alert(1)">x</a>\n',
        1,
        "(javascript:)",
    ),
    body_case("body-unclosed-div", "Text.\n\n<div>\n", 3, "inte är välformad"),
    body_case("body-too-many-brackets", "Text.\n\n" + "[" * 5_000 + "\n", 3, "5000 tecken ["),
    body_case(
        "body-deep-html-nesting", "<div>" * 300 + "x" + "</div>" * 300 + "\n", 1, "300 nivåer"
    ),
    body_case(
        "body-ten-thousand-entities", "Text.\n\n" + "&amp;" * 10_001 + "\n", 3, "tecken & i stycket"
    ),
    body_case(
        "profile-body-script", "<script>alert(1)</script>\n", 1, "taggen <script>", file="index.md"
    ),
    body_case(
        "document-body-javascript",
        "# Protokoll\n\n[x](javascript:alert(1))\n",
        3,
        "(javascript:)",
        file="protokoll.md",
    ),
    body_case(
        "document-heading-script",
        "# Protokoll <script>alert(1)</script>\n",
        1,
        "taggen <script>",
        file="protokoll.md",
    ),
    # --- allowed: values are text, never markup ---------------------------------------------------
    allowed_plan(
        "markup-in-every-profile-field",
        name=f"name: {Q('Samordningsförbundet ' + MARKUP)}",
        short_name=f"short_name: {Q('<b>Kort</b> & ' + chr(34) + 'namn' + chr(34))}",
        county=f"county: {Q('<i>Län</i> ' + MARKUP)}",
        members="members: ["
        + ", ".join(
            Q(m)
            for m in (
                "Försäkringskassan <script>",
                "Arbetsförmedlingen & co",
                "Region <b>Exempel</b>",
                "Exempels kommun " + MARKUP,
            )
        )
        + "]",
        population_16_64="population_16_64: {value: 1000, year: 2021, source: "
        f"{Q('<a href=x>SCB</a> ' + MARKUP)}}}",
        website="website: https://example.se/sida?a=1&b=2#x",
    ),
    allowed_plan(
        "markup-in-every-plan-field",
        {
            "---\nforbund": f"---\ntitle: {Q('Plan ' + MARKUP)}\nadopted: 2022-11-16\nforbund",
            "source: Verksamhetsplan och budget 2023": f"source: {Q('Källa ' + MARKUP)}",
            "label: Staten,": f"label: {Q('Staten ' + MARKUP)},",
            "label: Kansli,": f"label: {Q('<iframe src=x></iframe>')},",
            "label: Insatser": f"label: {Q('Insatser <em>x</em> ' + MARKUP)}",
            "amount: 600\n": "amount: 601\n",
            "{label: Insats A, owner: Exempels kommun, amount: 600}": "{label: "
            + Q("<svg onload=alert(5)>")
            + ", owner: "
            + Q('Ägare " onmouseover="alert(6)')
            + ", amount: 600}",
            "---\nText.": "discrepancies:\n  - where: "
            + Q("budget.2023.costs.Insatser <em>x</em> " + MARKUP)
            + "\n    printed: 601\n    computed: 600\n    note: "
            + Q("Not " + MARKUP)
            + "\n---\nText.",
        },
    ),
    allowed(
        "markup-in-document-fields",
        {
            "index.md": profile(),
            "2023.md": plan("markup-in-document-fields"),
            "protokoll.md": (
                f"---\ntitle: {Q('Protokoll ' + MARKUP)}\ndate: 2023-04-05\n"
                f"source: {Q('Källa ' + MARKUP)}\ndescription: {Q('Beskrivning ' + MARKUP)}\n"
                "---\nText.\n"
            ),
        },
    ),
    allowed_plan(
        "markdown-lookalike-labels",
        {
            "          - {label: Insats A, owner: Exempels kommun, amount: 600}\n": items(
                *LOOKALIKES
            ).replace("amount: 0}\n", "amount: 25}\n", len(LOOKALIKES))
        },
    ),
    allowed_plan(
        "yaml-lookalike-labels",
        {
            "          - {label: Insats A, owner: Exempels kommun, amount: 600}\n": "".join(
                f"          - {{label: {v}, amount: 100}}\n"
                for v in ('"null"', '"true"', '"~"', "2023", "0700", "1:30")
            )
        },
    ),
    allowed_plan(
        "unicode-labels",
        {
            "          - {label: Insats A, owner: Exempels kommun, amount: 600}\n": items(*UNICODE)
            .replace("amount: 0}\n", "amount: 50}\n", 10)
            .replace("amount: 0}\n", "amount: 100}\n")
        },
    ),
    allowed_plan("label-of-2000-characters", {"label: Kansli,": f"label: {Q(LONG)},"}),
    allowed_plan(
        "whitespace-in-labels",
        {"label: Kansli,": "label: " + Q("  Kansli  och\tstyrelse\nny rad  ") + ","},
    ),
    allowed_plan(
        "grouped-amounts-and-unicode-minus",
        {
            "amount: 500}": 'amount: "1\u00a0000"}',
            "amount: 250}": 'amount: "500"}',
            "amount: 400}": 'amount: "2\u202f400"}',
            "      - {label: Kansli": (
                '      - {label: "Över", category: other, amount: 0}\n      - {label: Kansli'
            ),
            "Exempels kommun, amount: 600}": (
                'Exempels kommun, amount: 600}\n    result: "\u22121\u00a0000"\n'
                '    carried_over: "\u2212500"'
            ),
        },
    ),
    allowed_plan(
        "largest-amounts",
        {
            "unit: tkr": "unit: mkr",
            "amount: 500}": "amount: 1000000000000}",
            "amount: 250}": "amount: 500000000000}",
            "amount: 400}": "amount: 1000000000000}",
        },
        population_16_64="population_16_64: {value: 1}",
    ),
    allowed_plan(
        "zero-amounts",
        {
            "amount: 500}": "amount: 0}",
            "amount: 250}": "amount: 0}",
            "amount: 400}": "amount: 0}",
            "amount: 600\n": "amount: 0\n",
            "amount: 600}": "amount: 0}\n    income_total: 0\n    costs_total: 0\n    result: 0",
        },
        population_16_64="population_16_64: {value: 1000000000000}",
    ),
    allowed_plan("empty-budget-lists", {BUDGET_LINES: "    income: []\n    costs: []\n"}),
    allowed_plan(
        "many-lines",
        {
            "      - {label: Kansli, category: administration, amount: 400}\n": "".join(
                (
                    f"      - {{label: {Q(f'Rad {i} <b>{i}</b>')}, category: administration, "
                    "amount: "
                    "1}\n"
                )
                for i in range(400)
            )
        },
    ),
    allowed_plan(
        "forecast-and-earlier-years",
        {
            "  2023:": "  2022:\n    income: [{label: "
            + Q("Förra <b>året</b>")
            + ", category: other, amount: 1}]\n    costs: []\n  2024:\n    income: [{label: "
            + Q("Prognos <i>nästa</i>")
            + ", category: other, amount: 2}]\n    costs: []\n  2023:"
        },
    ),
    allowed_plan(
        "long-plain-body",
        body="## Bakgrund\n\n"
        + ("Lång text om samverkan, utan markering. " * 25 + "\n\n") * 100
        + "<!-- budget -->\n\n## Slut\n",
    ),
    allowed(
        "safe-html-body",
        {
            "index.md": profile(),
            # Outside forbund/: only plans and documents live there.
            "/bilder/safe-html-body/organisation.png": PNG,
            "2023.md": plan(
                "safe-html-body",
                body=(
                    "## Mål {: #mal }\n\n"
                    'Text med <abbr title="Försäkringskassan">FK</abbr>, <kbd>Ctrl</kbd>, '
                    "H<sub>2</sub>O och en fotnot[^1].\n\n"
                    "| Insats | Mål |\n|:--|--:|\n| SIKTA | 12 |\n\n"
                    "Kod:\n\n    <iframe src=x></iframe>\n\n"
                    '!!! note "Att tänka på"\n    Koden `<script>alert(1)</script>` visas som '
                    "text.\n\n"
                    "![Organisation](../../bilder/safe-html-body/organisation.png)\n\n"
                    "Se [webbplatsen](https://example.se) eller skriv till <info@example.se>.\n"
                    "{: .viktigt }\n\n"
                    "<!-- budget -->\n\n"
                    "a < b && c > d, &lt;script&gt;\n\n"
                    "[^1]: En fotnot.\n"
                ),
            ),
        },
    ),
]

# Cases that once slipped through (long digit strings, escaped control characters, a year twice).
CASES += [
    refused_plan(
        "amount-5000-digits-quoted",
        "ett belopp",
        replace={"amount: 400": "amount: " + Q("9" * 5_000)},
    ),
    refused_profile(
        "population-5000-digits-quoted",
        "ett heltal",
        population_16_64=f"population_16_64: {{value: {Q('9' * 5_000)}}}",
    ),
    refused_plan(
        "lone-surrogate-via-yaml-escape",
        f"rad {LINE['kansli']}",
        replace={"label: Kansli,": 'label: "Kansli \\ud83d",'},
    ),
    refused_plan(
        "control-character-via-yaml-escape",
        f"rad {LINE['kansli']}",
        replace={"label: Kansli,": 'label: "Kansli \\e[2J \\0",'},
    ),
    refused_plan(
        "budget-year-twice",
        "2023",
        replace={"  2023:": '  2023:\n    income: []\n    costs: []\n  "2023":'},
    ),
]

# Round two (issue 11): crashes, the site's block marks, other scripts' digits, texts that lie or
# execute.
DEEP = 100_000  # far past any limit: PyYAML's C composer recursed until the process died
CASES += [
    # --- nothing crashes: nesting is refused as the parser's events come, before any recursion ----
    refused_plan(
        "yaml-flow-sequences-100000-deep",
        "nivåer",
        f"rad {LINE['forbund'] + 2}",
        replace={"source: Verksamhetsplan och budget 2023": "source: " + "[" * DEEP},
    ),
    refused_plan(
        "yaml-flow-mappings-50000-deep",
        "nivåer",
        replace={"source: Verksamhetsplan och budget 2023": "source: " + "{a: " * (DEEP // 2)},
    ),
    refused_plan(
        "yaml-block-sequences-100000-deep",
        "nivåer",
        replace={"source: Verksamhetsplan och budget 2023": "source:\n" + "- " * DEEP + "x"},
    ),
    refused_plan(
        "yaml-complex-keys-50000-deep",
        "fältnamn",
        replace={"unit: tkr": "unit: tkr\n" + "? " * (DEEP // 2) + "x"},
    ),
    refused_plan(
        "yaml-indentation-1300-deep",
        "nivåer",
        replace={
            "unit: tkr": "unit: tkr\n"
            + "".join(f"{' ' * i}k:\n" for i in range(1300))
            + " " * 1300
            + "x: 1"
        },
    ),
    # --- the site's block marks (private use) and other private-use characters in front-matter ----
    refused_plan(
        "block-marks-in-label",
        "U+E001",
        "budget.2023.costs[1].label",
        f"rad {LINE['kansli']}",
        replace={"label: Kansli,": 'label: "Kansli \ue001<script>alert(1)</script>\ue000",'},
    ),
    refused_plan(
        "block-marks-via-yaml-escape-in-title",
        "U+E001",
        "fältet title",
        replace={
            "---\nforbund": '---\ntitle: "Plan \\ue001[x](javascript:alert(1))\\ue000"\nforbund'
        },
    ),
    refused_plan(
        "block-mark-in-discrepancy-note",
        "U+E000",
        "discrepancies[1].note",
        replace={
            "amount: 600\n": "amount: 601\n",
            "---\nText.": (
                "discrepancies:\n  - {where: budget.2023.costs.Insatser, printed: 601, "
                'computed: 600, note: "Not \ue000<img src=https://example.com/x.png>"}\n---\n'
                "Text."
            ),
        },
    ),
    refused_profile(
        "private-use-in-profile-name",
        "U+F0B7",
        "fältet name",
        name='name: "Samordningsförbundet \uf0b7 Exempel"',
    ),
    refused_plan(
        "block-mark-in-front-matter-comment",
        "U+E000",
        f"rad {LINE['unit']}",
        replace={"unit: tkr": "unit: tkr # \ue000"},
    ),
    # --- bidirectional controls -------------------------------------------------------------------
    refused_plan(
        "bidi-override-in-label",
        "U+202E",
        "vänder textens riktning",
        "budget.2023.costs[1].label",
        replace={"label: Kansli,": 'label: "Kansli \u202e0001\u202c",'},
    ),
    refused_plan(
        "bidi-isolate-via-yaml-escape-in-owner",
        "U+2066",
        "items[1].owner",
        replace={"owner: Exempels kommun": 'owner: "Exempels \\u2066kommun"'},
    ),
    refused_profile(
        "bidi-embedding-in-members",
        "U+202B",
        "members[2]",
        members='members: [Försäkringskassan, "Arbets\u202bförmedlingen", Region Exempel, Exempels '
        "kommun]",
    ),
    body_case(
        "bidi-override-in-body", "Text.\n\nBudgeten är \u202e000 01\u202c kronor.\n", 3, "U+202E"
    ),
    # --- texts a spreadsheet would run as formulas ------------------------------------------------
    refused_plan(
        "formula-label",
        "tecknet =",
        "budget.2023.costs[1].label",
        replace={"label: Kansli,": 'label: "=HYPERLINK(\\"https://example.com\\")",'},
    ),
    refused_plan(
        "formula-owner",
        "tecknet @",
        "items[1].owner",
        replace={"owner: Exempels kommun": 'owner: "@SUM(A1:A9)"'},
    ),
    refused_plan(
        "formula-title",
        "tecknet +",
        "fältet title",
        replace={"---\nforbund": '---\ntitle: "+46 8 123"\nforbund'},
    ),
    refused_plan(
        "formula-source-tab",
        "tabbtecken",
        "fältet source",
        replace={"source: Verksamhetsplan och budget 2023": 'source: "\\t=1+1"'},
    ),
    refused_plan(
        "formula-source-carriage-return",
        "vagnretur",
        "fältet source",
        replace={"source: Verksamhetsplan och budget 2023": 'source: "\\r=1+1"'},
    ),
    refused_plan(
        "formula-label-minus", "tecknet -", replace={"label: Staten,": 'label: "-Staten",'}
    ),
    refused_plan(
        "formula-label-after-spaces", "tecknet =", replace={"label: Staten,": 'label: "   =1+1",'}
    ),
    refused_profile(
        "formula-name", "tecknet =", "fältet name", name='name: "=Samordningsförbundet"'
    ),
    refused_profile(
        "formula-short-name", "tecknet -", "fältet short_name", short_name='short_name: "-Exempel"'
    ),
    refused(
        "formula-document-title",
        {
            "index.md": profile(),
            "2023.md": plan("formula-document-title"),
            "protokoll.md": '---\ntitle: "@Protokoll"\n---\nText.\n',
        },
        "tecknet @",
        "fältet title",
        file="protokoll.md",
    ),
    # --- other scripts' digits --------------------------------------------------------------------
    refused_plan(
        "arabic-indic-digits-in-amount",
        "ett belopp",
        "siffrorna 0–9",
        f"rad {LINE['kansli']}",
        replace={"amount: 400": 'amount: "\u0664\u0660\u0660"'},
    ),
    refused_plan(
        "fullwidth-digits-in-amount",
        "ett belopp",
        replace={"amount: 400": "amount: \uff14\uff10\uff10"},
    ),
    refused_plan(
        "devanagari-digits-in-total",
        "ett belopp",
        replace={"amount: 600}": 'amount: 600}\n    costs_total: "\u0967\u0966\u0966\u0966"'},
    ),
    refused_plan(
        "arabic-indic-digits-in-year",
        "ett årtal",
        f"rad {LINE['year']}",
        replace={"year: 2023": 'year: "\u0662\u0660\u0662\u0663"'},
    ),
    refused_profile(
        "arabic-indic-digits-in-org-number",
        "organisationsnummer",
        org_number='org_number: "\u0662\u0662\u0662\u0660\u0660\u0660-\u0662\u0666\u0663\u0664"',
    ),
    refused(
        "arabic-indic-digits-in-file-name",
        {
            "index.md": profile(),
            "2023.md": plan("arabic-indic-digits-in-file-name"),
            "\u0662\u0660\u0662\u0663.md": plan("arabic-indic-digits-in-file-name"),
        },
        "filen \u0662\u0660\u0662\u0663.md",
        "siffrorna 0–9",
        file="\u0662\u0660\u0662\u0663.md",
    ),
    refused(
        "upper-case-document-name",
        {
            "index.md": profile(),
            "2023.md": plan("upper-case-document-name"),
            "Protokoll.md": "---\ntitle: Protokoll\n---\nText.\n",
        },
        "filen Protokoll.md",
        file="Protokoll.md",
    ),
]

REFUSED = [case for case in CASES if case.refused]
ALLOWED = [case for case in CASES if not case.refused]


def test_the_corpus_is_large_and_its_names_are_distinct() -> None:
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names)
    assert len(REFUSED) >= 40 and len(ALLOWED) >= 15


def load_case(case: Case) -> tuple[Corpus, float]:
    started = time.perf_counter()
    corpus = load(
        case.sources()
    )  # an exception here fails the test: an editor must never see a traceback
    return corpus, time.perf_counter() - started


def check_refused(case: Case) -> None:
    corpus, seconds = load_case(case)
    assert seconds < LOAD_SECONDS
    found = errors(corpus.problems)
    assert found, f"{case.name}: no error"
    messages = [problem.message() for problem in found]
    for message in messages:
        assert message.startswith(f"content/forbund/{case.name}/"), message
        assert "\n  Förväntat: " in message and "\n  Gör så här: " in message, message
        assert "\x1b" not in message and "\x00" not in message and "\x07" not in message, message
    wanted = (f"content/forbund/{case.name}/{case.file}", *case.expected)
    assert any(all(holds(m, f) for f in wanted) for m in messages), (
        f"no single error contains all of {wanted}; errors were:\n\n" + "\n\n".join(messages)
    )


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_refused_case_gives_a_clear_error(case: Case) -> None:
    check_refused(case)


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: c.name)
def test_allowed_case_loads_without_errors(case: Case) -> None:
    corpus, seconds = load_case(case)
    assert seconds < LOAD_SECONDS
    assert [p.message() for p in errors(corpus.problems)] == []
    assert len(corpus.plans) == sum(1 for name in case.files if name[:4].isdigit())
    assert len(corpus.profiles) == 1


# --- built with MkDocs ----------------------------------------------------------------------------


def content_of(cases: list[Case]) -> dict[str, str | bytes]:
    """Return the content files of cases by path in content/.

    A name starting with / is already such a path.
    """
    return {
        name[1:] if name.startswith("/") else f"forbund/{case.name}/{name}": data
        for case in cases
        for name, data in case.files.items()
    }


# --- files and folders: what MkDocs would publish, the validator sees -----------------------------
# (PLAN-FORMAT.md, "Where things live")


@dataclass(frozen=True)
class Placed:
    """Files anywhere in content/ (paths inside it).

    And the fragments one error about the first file must hold.

    links maps a path in content/ to the name of a file or folder made outside content/ (holding
    SECRET), or to a missing one; pipes are named pipes. Either makes the build stop before MkDocs
    walks the folder, so such a case is built on its own.
    """

    name: str
    files: dict[str, str | bytes]
    expected: tuple[str, ...]
    links: dict[str, str] = field(default_factory=dict)
    pipes: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """Return the first file's path as a message shows it.

        Control characters as escape codes.
        """
        name = next(iter([*self.links, *self.pipes, *self.files]))
        return "content/" + re.sub("[\x00-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", name)

    def make(self, folder: Path) -> Path:
        """Copy the project with this case's content into folder.

        Make its links and pipes; return folder.
        """
        copy_project(folder, self.files)
        outside = folder / "utanfor"
        (outside / "mapp").mkdir(parents=True)
        for name in ("fil.md", "mapp/index.md", "mapp/2023.md"):
            (outside / name).write_text(
                plan("mapp").replace("Text.", SECRET)
                if name.endswith("2023.md")
                else profile().replace("Förbundets text.", SECRET),
                encoding="utf-8",
            )
        for name, target in self.links.items():
            (folder / "content" / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / "content" / name).symlink_to(outside / target)
        for name in self.pipes:
            (folder / "content" / name).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(folder / "content" / name)
        return folder


SECRET = "HEMLIGT-UTANFOR-CONTENT"
SITE_PAGE = "---\ntitle: Sida\n---\nText.\n"


def folder_of(slug: str, **files: str) -> dict[str, str]:
    """Return a valid förbund folder (profile and plan) with more files in it, by name."""
    return {
        f"forbund/{slug}/index.md": profile(),
        f"forbund/{slug}/2023.md": plan(slug),
        **{f"forbund/{slug}/{name}": text for name, text in files.items()},
    }


PLACED = [
    Placed(
        "suffix-markdown",
        {
            "forbund/suffix-markdown/2024.markdown": plan("suffix-markdown"),
            **folder_of("suffix-markdown"),
        },
        ("filen 2024.markdown", "Byt namn på filen till 2024.md"),
    ),
    Placed(
        "suffix-upper-case",
        {
            "forbund/suffix-upper-case/2024.MD": plan("suffix-upper-case").replace("title", "x"),
            **folder_of("suffix-upper-case"),
        },
        ("filen 2024.MD", "Byt namn på filen till 2024.md"),
    ),
    Placed(
        "html-in-forbund",
        {
            "forbund/html-in-forbund/bilaga.html": "<script>alert(1)</script>",
            **folder_of("html-in-forbund"),
        },
        ("filen bilaga.html", "Ta bort filen"),
    ),
    Placed(
        "svg-in-forbund",
        {
            "forbund/svg-in-forbund/logga.svg": (
                "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
            ),
            **folder_of("svg-in-forbund"),
        },
        ("filen logga.svg",),
    ),
    Placed(
        "hidden-file-in-forbund",
        {
            "forbund/hidden-file-in-forbund/.DS_Store": b"\x00\x01",
            **folder_of("hidden-file-in-forbund"),
        },
        ("filen .DS_Store",),
    ),
    Placed(
        "file-directly-in-forbund",
        {"forbund/bilaga.pdf": b"%PDF-1.4", **folder_of("file-directly-in-forbund")},
        ("filen bilaga.pdf",),
    ),
    Placed(
        "readme-beside-index",
        {
            "forbund/readme-beside-index/README.md": profile(
                name="name: Samordningsförbundet Annat"
            ),
            **folder_of("readme-beside-index"),
        },
        ("samma adress (forbund/readme-beside-index/index.html)",),
    ),
    Placed(
        "readme-beside-index-outside-forbund",
        {"om-oss/README.md": SITE_PAGE, "om-oss/index.md": SITE_PAGE},
        ("samma adress (om-oss/index.html) som content/om-oss/index.md",),
    ),
    Placed(
        "page-beside-folder-index",
        {"sida.md": SITE_PAGE, "sida/index.md": SITE_PAGE},
        ("samma adress (sida/index.html) som content/sida/index.md",),
    ),
    Placed(
        "plan-in-wrong-case-folder",
        {"Forbund/exempel/2023.md": plan("exempel").replace("title", "x")},
        ("content/forbund/ (med små bokstäver)",),
    ),
    Placed(
        "plan-outside-forbund",
        {"planer/2023.md": plan("varend")},
        ("fältet forbund", "utanför content/forbund/"),
    ),
    Placed(
        "site-page-with-block-marks",
        {
            "sida-med-tecken.md": (
                "---\ntitle: Sida\n---\nText \ue000<script>alert(1)</script>\ue001.\n"
            )
        },
        ("rad 4", "U+E000"),
    ),
    Placed(
        "site-page-title-with-bidi",
        {"sida-med-bidi.md": '---\ntitle: "Sida \u202eevil"\n---\nText.\n'},
        ("rad 2", "fältet title", "U+202E"),
    ),
    Placed(
        "site-page-bad-yaml",
        {"sida-med-fel.md": "---\ntitle: Sida: med kolon\n---\nText.\n"},
        ("rad 2", "giltig YAML"),
    ),
    Placed(
        "site-page-deep-yaml",
        {"sida-djup.md": "---\ntitle: " + "[" * DEEP + "\n---\nText.\n"},
        ("nivåer",),
    ),
    Placed(
        "site-page-title-not-text",
        {"sida-lista.md": "---\ntitle: [a, b]\n---\nText.\n"},
        ("fältet title", "en text"),
    ),
    Placed(
        "terminal-escape-in-file-name",
        {
            "forbund/terminal-escape-in-file-name/\x1b[2J\x1b]0;x\x07.md": "x",
            **folder_of("terminal-escape-in-file-name"),
        },
        ("filen \\x1b[2J\\x1b]0;x\\x07.md",),
    ),
    Placed(
        "site-page-title-formula",
        {"sida-formel.md": '---\ntitle: "=HYPERLINK(1)"\n---\nText.\n'},
        ("fältet title", "tecknet ="),
    ),
]
STOPPING = [
    Placed(
        "link-to-file-outside",
        folder_of("link-to-file-outside"),
        ("symbolisk länk",),
        links={"forbund/link-to-file-outside/2024.md": "fil.md"},
    ),
    Placed(
        "link-to-folder-outside",
        {},
        ("symbolisk länk",),
        links={"forbund/link-to-folder-outside": "mapp"},
    ),
    Placed("link-at-content-root", {}, ("symbolisk länk",), links={"extern.md": "fil.md"}),
    Placed(
        "link-to-nothing",
        {},
        ("symbolisk länk",),
        links={"forbund/varend/2030.md": "finns-inte.md"},
    ),
    Placed("named-pipe", {}, ("annat slag",), pipes=("forbund/varend/2030.md",)),
    Placed("named-pipe-outside-forbund", {}, ("annat slag",), pipes=("sida.md",)),
]


def assert_same_verdict(build: Build, checked: subprocess.CompletedProcess[str]) -> None:
    """Assert that the build and finsam check stop, or pass, with the same errors and warnings."""
    assert "Traceback" not in build.log + checked.stdout + checked.stderr
    assert (build.returncode == 0) == (checked.returncode == 0), (
        build.log[-3000:],
        checked.stdout[-3000:],
    )
    for level in ("ERROR", "WARNING"):
        assert logged(build.log, level) == logged(checked.stdout, level)


@pytest.fixture(scope="module")
def allowed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_copy(tmp_path_factory.mktemp("allowed"), content_of(ALLOWED))


@pytest.fixture(scope="module")
def refused_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    placed = {name: data for case in PLACED for name, data in case.files.items()}
    return copy_project(tmp_path_factory.mktemp("refused"), {**content_of(REFUSED), **placed})


@pytest.fixture(scope="module")
def refused_build(refused_project: Path) -> Build:
    return run_build(refused_project, refused_project / "site")


@pytest.mark.slow
def test_allowed_cases_build_strictly_without_a_traceback(allowed_build: Build) -> None:
    assert "Traceback" not in allowed_build.log
    assert allowed_build.returncode == 0, allowed_build.log
    assert "WARNING" not in allowed_build.log, allowed_build.log


@pytest.mark.slow
def test_refused_cases_stop_the_build_each_with_its_message(refused_build: Build) -> None:
    assert refused_build.returncode != 0
    assert "Traceback" not in refused_build.log
    assert "\x1b[2J" not in refused_build.log
    for case in REFUSED:
        assert f"content/forbund/{case.name}/{case.file}" in refused_build.log, case.name
    assert "fel i innehållet: bygget stoppades" in refused_build.log
    assert (
        "Excluding" not in refused_build.log
    )  # MkDocs's own English notice of a collision gives way to ours


@pytest.mark.slow
@pytest.mark.parametrize("case", PLACED, ids=lambda c: c.name)
def test_misplaced_file_is_refused_naming_it(refused_build: Build, case: Placed) -> None:
    messages = logged(refused_build.log, "ERROR")
    wanted = (case.path, *case.expected)
    assert any(all(holds(m, f) for f in wanted) for m in messages), (case.name, wanted)


@pytest.mark.slow
def test_build_and_check_give_the_same_verdict_on_every_refused_case(
    refused_build: Build, refused_project: Path
) -> None:
    assert_same_verdict(refused_build, finsam_check(refused_project))


@pytest.mark.slow
def test_build_and_check_give_the_same_verdict_on_every_allowed_case(allowed_build: Build) -> None:
    checked = finsam_check(allowed_build.site.parent)
    assert checked.returncode == 0, checked.stdout
    assert_same_verdict(allowed_build, checked)


@pytest.mark.slow
@pytest.mark.parametrize("case", STOPPING, ids=lambda c: c.name)
def test_link_or_pipe_stops_build_and_check_before_anything_is_read(
    tmp_path: Path, case: Placed
) -> None:
    folder = case.make(tmp_path)
    build = run_build(folder, folder / "site")
    checked = finsam_check(folder)
    assert build.returncode != 0 and checked.returncode == 1
    assert_same_verdict(build, checked)
    messages = logged(build.log, "ERROR")
    assert any(all(holds(m, f) for f in (case.path, *case.expected)) for m in messages), (
        case.name,
        messages,
    )
    assert SECRET not in build.log + checked.stdout
    site = folder / "site"
    assert not site.exists() or not any(
        SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()
    )


class _Article(HTMLParser):
    """Collect the start tags of a page's article, to look for anything active."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "form",
    "input",
    "base",
    "meta",
    "link",
    "frame",
}


DATA_BLOCK = ("script", [("type", "application/ld+json")])  # structured data: never run


def assert_inert(page: str, where: str) -> None:
    """Assert that the page's article has no active tag, no event handler and no script address.

    A JSON-LD data block (the data page's schema.org Dataset) is data, which no browser runs; its
    text holds no `<`, so that nothing in it can end the element.
    """
    article = page[page.index("<article") : page.index("</article>")]
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', article, re.S):
        assert "<" not in block, (where, block)
    parser = _Article()
    parser.feed(article)
    for tag, attrs in parser.tags:
        if (tag, attrs) == DATA_BLOCK:
            continue
        assert tag not in ACTIVE_TAGS, (where, tag)
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            if name in ("href", "src") and value:
                scheme = "".join(value.split()).lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (
                    where,
                    tag,
                    value,
                )
                if tag == "img":
                    assert "//" not in value.split("?")[0][:8], (where, value)


def shown(page: str, text: str, where: str) -> None:
    """Assert that a text appears on a page escaped (by Jinja or html.escape).

    And, if it has markup, never raw.
    """
    forms = {str(escape(text)), html.escape(text), html.escape(text, quote=False)}
    assert any(form in page for form in forms), (where, text[:80])
    article = page[page.index("<article") : page.index("</article>")]
    if (
        "<" in text and len(text) >= 20
    ):  # short ones ("<", "</table>") occur in any page's own markup
        assert text not in article, (where, text[:80])


def texts(case: Case) -> tuple[Corpus, dict[str, list[str]]]:
    """Return the case's corpus and, by page URL, the texts each page must show."""
    corpus, _ = load_case(case)
    profile = next(iter(corpus.profiles.values()))
    pages = {f"forbund/{case.name}": [profile.name, profile.county, *profile.members]}
    if profile.population and profile.population.source:
        pages[f"forbund/{case.name}"].append(profile.population.source)
    if profile.website:
        pages[f"forbund/{case.name}"].append(profile.website)
    pages["forbund"] = [profile.name, profile.county]
    for plan in corpus.plans:
        shown_texts = [profile.name, plan.display_title, plan.source]
        for year in plan.budget:
            for line in (*year.income, *year.costs):
                shown_texts.append(line.label)
                for item in line.items:
                    shown_texts += [item.label, *([item.owner] if item.owner else [])]
        shown_texts += [d.note for d in plan.discrepancies if d.note]
        pages[f"forbund/{case.name}/{plan.year}"] = shown_texts
    for document in corpus.documents:
        stem = document.uri.rsplit("/", 1)[1][:-3]
        pages[f"forbund/{case.name}/{stem}"] = [
            document.title,
            *([document.source] if document.source else []),
        ]
    return corpus, pages


@pytest.mark.slow
@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: c.name)
def test_allowed_case_shows_every_text_escaped_and_nothing_active(
    allowed_build: Build, case: Case
) -> None:
    assert allowed_build.returncode == 0, allowed_build.log
    _, pages = texts(case)
    for url, wanted in pages.items():
        page = allowed_build.page(url)
        assert_inert(page, url)
        for text in wanted:
            shown(page, text, url)


@pytest.mark.slow
@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: c.name)
def test_allowed_case_exports_every_line_and_item_once(allowed_build: Build, case: Case) -> None:
    assert allowed_build.returncode == 0, allowed_build.log
    corpus, _ = texts(case)
    with (allowed_build.site / "data" / "budgetrader.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        rows = [row for row in csv.DictReader(handle) if row["forbund"] == case.name]
    expected = []
    for plan in corpus.plans:
        factor = {"kr": 1, "tkr": 1_000, "mkr": 1_000_000}[plan.unit]
        for year in plan.budget:
            for line in (*year.income, *year.costs):
                expected.append(
                    (
                        str(plan.year),
                        str(year.year),
                        "line",
                        line.label,
                        "",
                        str(line.amount * factor),
                    )
                )
                expected += [
                    (
                        str(plan.year),
                        str(year.year),
                        "item",
                        i.label,
                        line.label,
                        str(i.amount * factor),
                    )
                    for i in line.items
                ]
    found = [
        (
            r["plan_year"],
            r["fiscal_year"],
            r["row_type"],
            r["label"],
            r["parent_label"],
            r["amount"],
        )
        for r in rows
    ]
    assert found == expected


@pytest.mark.slow
def test_document_title_and_description_are_escaped_in_the_page_head(allowed_build: Build) -> None:
    page = allowed_build.page("forbund/markup-in-document-fields/protokoll")
    head = page[: page.index("</head>")]
    assert f'<meta name="description" content="{html.escape("Beskrivning " + MARKUP)}">' in head
    assert f"<title>{html.escape('Protokoll ' + MARKUP)} - " in head
    assert "<script>alert(1)" not in head and "<img src=x" not in head


@pytest.mark.slow
def test_safe_html_body_keeps_its_safe_markup(allowed_build: Build) -> None:
    page = allowed_build.page("forbund/safe-html-body/2023")
    article = page[page.index("<article") : page.index("</article>")]
    assert '<abbr title="Försäkringskassan">FK</abbr>' in article
    assert 'src="../../../bilder/safe-html-body/organisation.png"' in article
    assert (allowed_build.site / "bilder/safe-html-body/organisation.png").read_bytes() == PNG
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in article
        and "&lt;iframe src=x&gt;&lt;/iframe&gt;" in article
    )
    assert 'class="viktigt"' in article and 'id="mal"' in article
    assert (
        article.index("SIKTA")
        < article.index('id="budget-2023"')  # the budget's heading, after the glance at the top
        < article.index("a &lt; b &amp;&amp; c &gt; d")
    )


@pytest.mark.slow
@pytest.mark.parametrize("url", ["forbund", "jamfor", "jamfor/2023", "insatser", "data"])
def test_generated_pages_stay_inert(allowed_build: Build, url: str) -> None:
    assert_inert(allowed_build.page(url), url)


@pytest.mark.slow
def test_every_item_of_every_allowed_case_is_listed_on_the_insatser_page(
    allowed_build: Build,
) -> None:
    for case in ALLOWED:
        corpus, _ = texts(case)
        short_name = next(iter(corpus.profiles.values())).short_name
        for plan in corpus.plans:
            page = allowed_build.page(f"insatser/{plan.year}")
            for year in plan.budget:
                for line in year.costs:
                    for item in line.items:
                        shown(page, item.label, f"insatser: {case.name}")
                        shown(page, line.label, f"insatser: {case.name}")
            if any(line.items for year in plan.budget for line in year.costs):
                shown(page, short_name, f"insatser: {case.name}")


@pytest.mark.slow
def test_every_allowed_case_is_compared_on_its_year_page(allowed_build: Build) -> None:
    page = allowed_build.page("jamfor/2023")
    for case in ALLOWED:
        corpus, _ = texts(case)
        shown(page, next(iter(corpus.profiles.values())).short_name, f"jamfor/2023: {case.name}")
