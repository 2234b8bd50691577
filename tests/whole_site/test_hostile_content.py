"""Hostile content outside the plans' front-matter.

Site pages, files and names under content/, and the budget marker.

Written from the contract (PLAN-FORMAT.md: "Where things live", "Site pages", "Values are text")
and the editors' page on the marker. Every case is refused by `mkdocs build --strict` and
`finsam check` alike, with a Swedish message naming its file, or built harmlessly:

- a site page (a page outside content/forbund/) sets only title, description and hide, and its
  text follows a plan's rules: no script, no event handler, no unsafe address;
- every file and folder name outside content/forbund/ is lower-case a–z, digits, - and _, with
  one lower-case suffix; a file is a page, an image or a PDF, never at an address the theme or the
  site publishes; a plan is never dropped, also where MkDocs leaves files out;
- the budget marker works where it is a block of its own, is text in a code block (the budget then
  goes last), and is refused inside a list, quote, table, box, footnote or HTML block;
- no private-use character (the site's own marks among them) reaches any built file.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Build, build_copy, copy_project, finsam_check, holds, logged, run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import (
    LINE,
    assert_inert,
    assert_same_verdict,
    plan,
    profile,
)

from finsam.format import bodies, layout
from finsam.site import addresses
from finsam.site.derived import compare

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
BODY = LINE["body"]  # the file line a plan's text starts on


def page(front_matter: str, text: str = "Text.\n") -> str:
    """Return a site page with the given front-matter lines (title first) and text."""
    return f"---\ntitle: Sida\n{front_matter}---\n{text}"


@dataclass(frozen=True)
class Placed:
    """Files anywhere in content/ (paths inside it).

    And the fragments one error about the first file must hold.
    """

    name: str
    files: dict[str, str | bytes]
    expected: tuple[str, ...]

    @property
    def path(self) -> str:
        return "content/" + next(iter(self.files))


# --- site pages: front-matter and text (PLAN-FORMAT.md, "Site pages") -----------------------------

ONLY = "bara fälten title, description och hide"
SITE_PAGES = [
    Placed(
        "template-missing",
        {"mall-saknas.md": page("template: finns-inte.html\n")},
        ("rad 3", "fältet template", ONLY),
    ),
    Placed(
        "template-redirect",
        {"flyttad.md": page("template: redirect.html\n")},
        ("rad 3", "fältet template", ONLY),
    ),
    Placed(
        "redirect-elsewhere",
        {"omdirigering.md": page("redirect: https://exempel.invalid/\n")},
        ("rad 3", "fältet redirect"),
    ),
    Placed(
        "subtitle-with-script",
        {"underrubrik.md": page('subtitle: "<script>alert(1)</script>"\n')},
        ("rad 3", "fältet subtitle", ONLY),
    ),
    Placed(
        "status-printed-raw",
        {"status.md": page('status: "new\\" onmouseover=\\"alert(1)"\n')},
        ("rad 3", "fältet status"),
    ),
    Placed(
        "author-with-markup",
        {"forfattare.md": page('author: "<img src=x onerror=alert(1)>"\n')},
        ("rad 3", "fältet author"),
    ),
    Placed("icon", {"ikon.md": page("icon: material/alert\n")}, ("rad 3", "fältet icon")),
    Placed(
        "search-settings",
        {"sok.md": page("search:\n  exclude: true\n")},
        ("rad 3", "fältet search"),
    ),
    Placed("tags", {"taggar.md": page("tags: [a, b]\n")}, ("rad 3", "fältet tags")),
    Placed(
        "hide-as-text",
        {"dolj-text.md": page("hide: navigation\n")},
        ("rad 3", "fältet hide", "en lista", 'texten "navigation"'),
    ),
    Placed(
        "hide-unknown-part",
        {"dolj-okant.md": page("hide:\n  - toc\n  - sidebar\n")},
        ("rad 5", "fältet hide", 'texten "sidebar"'),
    ),
    Placed("hide-not-text", {"dolj-tal.md": page("hide: [1]\n")}, ("rad 3", "fältet hide")),
    Placed(
        "script-in-text",
        {"skript.md": page("", "Text.\n\n<script>alert(1)</script>\n")},
        ("rad 6", "taggen <script>"),
    ),
    Placed(
        "script-in-a-paragraph",
        {"skript-i-stycke.md": page("", "Text <script>alert(1)</script> mer.\n")},
        ("rad 4", "taggen <script>"),
    ),
    Placed(
        "event-handler-in-text",
        {"handelse.md": page("", 'Text.\n\n<img src="bild.png" onerror="alert(1)">\n')},
        ("rad 6", "händelseattributet onerror"),
    ),
    Placed(
        "event-handler-by-attr-list",
        {"attr-list.md": page("", 'Text.\n{: onclick="alert(1)" }\n')},
        ("rad 5", "onclick"),
    ),
    Placed(
        "javascript-link-in-text",
        {"lank.md": page("", "[klicka](javascript:alert(1))\n")},
        ("rad 4", "javascript"),
    ),
    Placed(
        "iframe-in-text",
        {"inbaddning.md": page("", '<iframe src="https://exempel.invalid/"></iframe>\n')},
        ("rad 4", "taggen <iframe>"),
    ),
    Placed(
        "remote-image-in-text",
        {"fjarrbild.md": page("", "![x](https://exempel.invalid/spion.png)\n")},
        ("rad 4", "bilden"),
    ),
    Placed(
        "unclosed-div-in-text", {"oppen-div.md": page("", "<div>\n\nText.\n")}, ("välformad HTML",)
    ),
    Placed(
        "style-in-text",
        {"stil.md": page("", "<style>body{display:none}</style>\n")},
        ("taggen <style>",),
    ),
]

# --- files and names outside content/forbund/ (PLAN-FORMAT.md, "Where things live") ---------------

RESERVED = "skapas automatiskt av webbplatsen och dess tema"
KINDS = "sidor (.md), bilder (.png, .jpg, .jpeg, .webp, .gif) och pdf-filer (.pdf)"
FILE_NAME = "ett filnamn med små bokstäver a–z, siffror, - och _"
FILES = [
    Placed(
        "script-replacing-the-sites-own",
        {"assets/javascripts/search.js": "alert(1)"},
        ("adressen assets/javascripts/search.js", RESERVED),
    ),
    Placed(
        "stylesheet-replacing-the-sites-own",
        {"assets/stylesheets/finsam.css": "body{display:none}"},
        ("adressen assets/stylesheets/finsam.css", RESERVED),
    ),
    Placed(
        "image-replacing-the-themes",
        {"assets/images/favicon.png": PNG},
        ("adressen assets/images/favicon.png", RESERVED),
    ),
    Placed(
        "page-under-assets", {"assets/om.md": page("")}, ("adressen assets/om/index.html", RESERVED)
    ),
    Placed(
        "search-index",
        {"search/search_index.json": "{}"},
        ("adressen search/search_index.json", RESERVED),
    ),
    Placed(
        "pagefind-script",
        {"pagefind/pagefind.js": "alert(1)"},
        ("adressen pagefind/pagefind.js", RESERVED),
    ),
    Placed("page-404", {"404.html": "<script>alert(1)</script>"}, ("adressen 404.html", RESERVED)),
    Placed("sitemap", {"sitemap.xml": "<urlset/>"}, ("adressen sitemap.xml", RESERVED)),
    Placed("feed", {"nyheter.xml": "<feed/>"}, ("adressen nyheter.xml", RESERVED)),
    Placed(
        "page-among-open-data",
        {"data/egen.md": page("")},
        ("adressen data/egen/index.html", RESERVED),
    ),
    Placed("page-at-comparison", {"jamfor.md": page("")}, ("adressen jamfor/index.html", RESERVED)),
    Placed(
        "page-at-insatser-year",
        {"insatser/2023.md": page("")},
        ("adressen insatser/2023/index.html", RESERVED),
    ),
    Placed(
        "page-at-error-catalogue",
        {"felmeddelanden/index.md": page("")},
        ("adressen felmeddelanden/index.html", RESERVED),
    ),
    Placed(
        "page-at-forbund-index", {"forbund.md": page("")}, ("adressen forbund/index.html", RESERVED)
    ),
    Placed(
        "raw-html-page",
        {"sida.html": "<script>alert(1)</script>"},
        ("filen sida.html", KINDS, "Markdown"),
    ),
    Placed("javascript-file", {"skript/egen.js": "alert(1)"}, ("filen egen.js", KINDS)),
    Placed("stylesheet-file", {"stil/egen.css": "body{display:none}"}, ("filen egen.css", KINDS)),
    Placed(
        "svg-image",
        {"bilder/logga.svg": "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"},
        ("filen logga.svg", KINDS, ".png"),
    ),
    Placed("xml-file", {"flode.xml": "<rss/>"}, ("filen flode.xml", KINDS)),
    Placed("markdown-suffix", {"sida.markdown": page("")}, ("filen sida.markdown", "sida.md")),
    Placed(
        "quote-in-file-name",
        {'bilder/a" onmouseover="alert(1).png': PNG},
        ('filen a" onmouseover="alert(1).png', FILE_NAME),
    ),
    Placed(
        "quote-in-page-name", {'sida"x.md': page("")}, ('filen sida"x.md', FILE_NAME, "sida-x.md")
    ),
    Placed(
        "space-in-file-name", {"bilder/min bild.png": PNG}, ("filen min bild.png", "min-bild.png")
    ),
    Placed("capitals-in-file-name", {"Om-Oss.md": page("")}, ("filen Om-Oss.md", "om-oss.md")),
    Placed("capital-suffix", {"bilder/karta.PNG": PNG}, ("filen karta.PNG", "karta.png")),
    Placed(
        "swedish-letters-in-file-name",
        {"bilder/årsöversikt.pdf": PDF},
        ("filen årsöversikt.pdf", "arsoversikt.pdf"),
    ),
    Placed("two-suffixes", {"bilder/bild.png.png": PNG}, ("filen bild.png.png", FILE_NAME)),
    Placed("no-suffix", {"bilder/LICENS": "x"}, ("filen LICENS",)),
    Placed(
        "capitals-in-folder-name",
        {"Bilder/karta.png": PNG},
        ("content/Bilder", "mappen Bilder", "bilder"),
    ),
    Placed(
        "space-in-folder-name",
        {"mina bilder/karta.png": PNG},
        ("content/mina bilder", "mappen mina bilder", "mina-bilder"),
    ),
    Placed("hidden-file", {".DS_Store": b"\x00\x01"}, ("filen .DS_Store", "punkt")),
    Placed("hidden-page", {".utkast.md": page("")}, ("filen .utkast.md", "punkt")),
    Placed(
        "hidden-folder",
        {".utkast/sida.md": page("")},
        ("content/.utkast", "mappen .utkast", "punkt"),
    ),
    Placed(
        "page-in-templates",
        {"templates/anteckning.md": page("")},
        ("inga filer i content/templates/", "filen anteckning.md"),
    ),
    Placed(
        "budget-only-in-hidden-folder",
        {".arkiv/budget.md": "---\nbudget: {}\n---\n"},
        ("rad 2", "fältet budget"),
    ),
]
# A plan where MkDocs leaves files out (templates/, names starting with "."), or where it does not
# (a folder starting with "_", which MkDocs 1.6 publishes): named as a plan in the wrong place.
PLANS_ELSEWHERE = [
    Placed(
        "plan-in-templates",
        {"templates/2023.md": plan("varend")},
        ("rad 2", "fältet forbund", "utanför content/forbund/"),
    ),
    Placed(
        "plan-in-hidden-folder",
        {".planer/2023.md": plan("varend")},
        ("rad 2", "fältet forbund", "utanför content/forbund/"),
    ),
    Placed(
        "plan-as-hidden-file",
        {".2023.md": plan("varend")},
        ("rad 2", "fältet forbund", "utanför content/forbund/"),
    ),
    Placed(
        "plan-in-underscore-folder",
        {"_planer/2023.md": plan("varend")},
        ("rad 2", "fältet forbund", "utanför content/forbund/"),
    ),
]

# --- the budget marker ----------------------------------------------------------------------------

MARKER = "<!-- budget -->"  # the editors' page, "Budgetmarkeringen"
INSIDE = "markeringen inuti"


def marker_plan(slug: str, body: str) -> dict[str, str]:
    """Return a förbund folder whose plan for 2023 has the given text."""
    return {f"forbund/{slug}/index.md": profile(), f"forbund/{slug}/2023.md": plan(slug, body=body)}


def marker_case(slug: str, body: str, *expected: str) -> Placed:
    return Placed(
        slug,
        {f"forbund/{slug}/2023.md": plan(slug, body=body), f"forbund/{slug}/index.md": profile()},
        expected,
    )


MARKERS_REFUSED = [
    marker_case(
        "markor-i-punktlista",
        f"Text.\n\n- a\n- {MARKER}\n- b\n",
        f"rad {BODY + 3}",
        INSIDE + " en punktlista",
    ),
    marker_case(
        "markor-i-listpunkt",
        f"Text.\n\n1. a\n\n    {MARKER}\n\n2. b\n",
        f"rad {BODY + 4}",
        INSIDE + " en numrerad lista",
    ),
    marker_case(
        "markor-i-citat", f"Text.\n\n> {MARKER}\n", f"rad {BODY + 2}", INSIDE + " ett citat"
    ),
    marker_case(
        "markor-i-div",
        f"Text.\n\n<div>\n{MARKER}\n</div>\n",
        f"rad {BODY + 3}",
        INSIDE + " HTML-taggen <div>",
    ),
    marker_case(
        "markor-i-div-med-tomrader",
        f"Text.\n\n<div>\n\n{MARKER}\n\n</div>\n",
        f"rad {BODY + 4}",
        INSIDE + " HTML-taggen <div>",
    ),
    marker_case(
        "markor-i-ruta",
        f'Text.\n\n!!! note "Obs"\n    {MARKER}\n',
        f"rad {BODY + 3}",
        INSIDE + " en ruta (!!!)",
    ),
    marker_case(
        "markor-i-tabell", f"| a |\n|---|\n| {MARKER} |\n", f"rad {BODY + 2}", INSIDE + " en tabell"
    ),
    marker_case(
        "markor-i-definitionslista",
        f"Term\n:   {MARKER}\n",
        f"rad {BODY + 1}",
        INSIDE + " en definitionslista",
    ),
    marker_case(
        "markor-i-fotnot",
        f"Text[^1].\n\n[^1]: {MARKER}\n",
        f"rad {BODY + 2}",
        INSIDE + " en fotnot",
    ),
    marker_case(
        "markor-i-rubrik", f"## Rubrik {MARKER}\n", f"rad {BODY}", "samma rad som annan text"
    ),
    marker_case(
        "markor-med-text", f"Text {MARKER} mer text.\n", f"rad {BODY}", "samma rad som annan text"
    ),
    marker_case("markor-fore-text", f"{MARKER} Text.\n", f"rad {BODY}", "samma rad som annan text"),
    marker_case(
        "markor-tva-stavningar",
        f"Text.\n\n{MARKER}\n\n<!--BUDGET-->\n",
        f"rad {BODY + 4}",
        "högst en rad",
        "2 sådana rader",
    ),
]
MARKERS_TWICE = [
    marker_case(
        "markor-tva-ganger",
        f"{MARKER}\n\nText.\n\n{MARKER}\n",
        f"rad {BODY + 4}",
        "högst en rad",
        "2 sådana rader",
    ),
    marker_case(
        "markor-tva-ganger-och-i-kod",
        f"{MARKER}\n\n```\n{MARKER}\n```\n\n{MARKER}\n",
        f"rad {BODY + 6}",
        "högst en rad",
        "2 sådana rader",
    ),
]


@dataclass(frozen=True)
class Marked:
    """A plan text with the budget marker where it is allowed.

    The budget's place: after one text, before another (None: at the very start or end).
    """

    slug: str
    body: str
    after: str | None
    before: str | None
    literal: bool = False  # the marker is shown as text, in a code block


MARKERS_ALLOWED = [
    Marked(
        "markor-i-kodblock",
        f"Inledning.\n\n```\n{MARKER}\n```\n\nSlut.\n",
        "Slut.",
        None,
        literal=True,
    ),
    Marked(
        "markor-i-kodblock-med-sprak",
        f"Inledning.\n\n```text\n{MARKER}\n```\n\nSlut.\n",
        "Slut.",
        None,
        literal=True,
    ),
    Marked(
        "markor-i-tildekodblock",
        f"Inledning.\n\n~~~\n{MARKER}\n~~~\n\nSlut.\n",
        "Slut.",
        None,
        literal=True,
    ),
    Marked(
        "markor-i-indraget-kodblock",
        f"Inledning.\n\n    {MARKER}\n\nSlut.\n",
        "Slut.",
        None,
        literal=True,
    ),
    Marked(
        "markor-i-kodblock-och-pa-egen-rad",
        f"Inledning.\n\n```\n{MARKER}\n```\n\nMitten.\n\n{MARKER}\n\nSlut.\n",
        "Mitten.",
        "Slut.",
        literal=True,
    ),
    Marked("markor-allra-forst", f"{MARKER}\nSlut.\n", None, "Slut."),
    Marked("markor-allra-sist", f"Inledning.\n\n{MARKER}", "Inledning.", None),
    Marked("markor-direkt-efter-stycke", f"Inledning.\n{MARKER}\nSlut.\n", "Inledning.", "Slut."),
    Marked(
        "markor-direkt-efter-lista", f"- Inledning.\n{MARKER}\n\nSlut.\n", "Inledning.", "Slut."
    ),
    Marked(
        "markor-direkt-efter-citat", f"> Inledning.\n{MARKER}\n\nSlut.\n", "Inledning.", "Slut."
    ),
    Marked(
        "markor-efter-ostangt-kodstaket",
        f"Inledning.\n\n```\n\n{MARKER}\n\nSlut.\n",
        "Inledning.",
        "Slut.",
    ),
    Marked(
        "markor-med-indrag-och-mellanslag",
        f"Inledning.\n\n  {MARKER}   \n\nSlut.\n",
        "Inledning.",
        "Slut.",
    ),
    Marked(
        "markor-annan-stavning", "Inledning.\n\n<!--budget-->\n\nSlut.\n", "Inledning.", "Slut."
    ),
    Marked(
        "markor-efter-html",
        f"Inledning <b>fet</b>.\n\n<div>Ruta.</div>\n\n{MARKER}\n\nSlut.\n",
        "Ruta.",
        "Slut.",
    ),
    Marked(
        "markor-i-annan-kommentar",
        f"Inledning.\n\n<!-- gammal\n{MARKER}\n-->\n\nSlut.\n",
        "Slut.",
        None,
    ),
]

# --- harmless content beside them -----------------------------------------------------------------

ALLOWED_FILES: dict[str, str | bytes] = {
    "om-oss/index.md": page(
        "description: Om oss <b>fet</b>\nhide:\n  - toc\n  - navigation\n",
        "# Om oss\n\nText med <strong>fet</strong> stil och ![karta](../bilder/karta.png).\n\n"
        "[Årsrapport](../bilder/arsrapport_2024.pdf)\n",
    ),
    "om-oss/kod.md": page(
        "hide: [footer, path, tags, feedback]\n",
        '```html\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n```\n\n    <iframe src="https://exempel.invalid/"></iframe>\n',
    ),
    "_utkast/sida.md": page(
        "", "Ett utkast i en mapp som börjar med understreck: publiceras som vanligt.\n"
    ),
    "bilder/karta.png": PNG,
    "bilder/foto-1.jpg": PNG,
    "bilder/foto_2.jpeg": PNG,
    "bilder/diagram.webp": PNG,
    "bilder/ikon.gif": PNG,
    "bilder/arsrapport_2024.pdf": PDF,
}


def allowed_content() -> dict[str, str | bytes]:
    content = dict(ALLOWED_FILES)
    for case in MARKERS_ALLOWED:
        content.update(marker_plan(case.slug, case.body))
    return content


REFUSED_CASES = [*SITE_PAGES, *FILES, *PLANS_ELSEWHERE, *MARKERS_REFUSED, *MARKERS_TWICE]


@pytest.fixture(scope="module")
def refused_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    names = [case.name for case in REFUSED_CASES] + [case.slug for case in MARKERS_ALLOWED]
    assert len(names) == len(set(names))
    content = {name: data for case in REFUSED_CASES for name, data in case.files.items()}
    assert len(content) == sum(len(case.files) for case in REFUSED_CASES)
    return copy_project(tmp_path_factory.mktemp("refused-content"), content)


@pytest.fixture(scope="module")
def refused_build(refused_project: Path) -> Build:
    return run_build(refused_project, refused_project / "site")


@pytest.fixture(scope="module")
def refused_check(refused_project: Path):
    return finsam_check(refused_project)


@pytest.fixture(scope="module")
def allowed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_copy(tmp_path_factory.mktemp("allowed-content"), allowed_content())


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_copy(tmp_path_factory.mktemp("real-content"), {})


# --- refused: by the build and by check, with the same message ------------------------------------


@pytest.mark.slow
def test_refused_content_stops_build_and_check_alike(refused_build: Build, refused_check) -> None:
    assert refused_build.returncode != 0 and refused_check.returncode == 1
    assert "Traceback" not in refused_build.log and "jinja2" not in refused_build.log
    assert_same_verdict(refused_build, refused_check)
    assert len(logged(refused_build.log, "ERROR")) > len(
        REFUSED_CASES
    )  # each case's message, and the summary


ALONE = {case.name: case for case in [*SITE_PAGES, *FILES]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "template-missing",
        "template-redirect",
        "script-in-text",
        "script-replacing-the-sites-own",
        "raw-html-page",
        "quote-in-page-name",
    ],
)
def test_one_refused_file_alone_stops_build_and_check_before_anything_is_published(
    tmp_path: Path, name: str
) -> None:
    case = ALONE[name]
    build = build_copy(tmp_path, dict(case.files))
    checked = finsam_check(tmp_path)
    assert build.returncode != 0 and checked.returncode == 1, (build.log[-2000:], checked.stdout)
    assert_same_verdict(build, checked)
    _assert_named(build, checked, case)
    assert not (build.site / "index.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", SITE_PAGES, ids=lambda c: c.name)
def test_site_page_is_refused_naming_it(refused_build: Build, refused_check, case: Placed) -> None:
    _assert_named(refused_build, refused_check, case)


@pytest.mark.slow
@pytest.mark.parametrize("case", FILES, ids=lambda c: c.name)
def test_file_outside_forbund_is_refused_naming_it(
    refused_build: Build, refused_check, case: Placed
) -> None:
    _assert_named(refused_build, refused_check, case)


@pytest.mark.slow
def test_a_plan_elsewhere_is_refused_as_a_plan_also_where_mkdocs_leaves_files_out(
    refused_build: Build, refused_check
) -> None:
    for case in PLANS_ELSEWHERE:
        _assert_named(refused_build, refused_check, case)


@pytest.mark.slow
def test_the_marker_twice_is_refused_but_not_when_once_is_code(
    refused_build: Build, refused_check
) -> None:
    for case in MARKERS_TWICE:
        _assert_named(refused_build, refused_check, case)


@pytest.mark.slow
@pytest.mark.parametrize("case", MARKERS_REFUSED, ids=lambda c: c.name)
def test_marker_where_the_budget_cannot_go_is_refused_naming_its_line(
    refused_build: Build, refused_check, case: Placed
) -> None:
    _assert_named(refused_build, refused_check, case)


def _assert_named(build: Build, checked, case: Placed) -> None:
    path = case.path if not case.expected[0].startswith("content/") else case.expected[0]
    wanted = (path, *case.expected)
    for log in (build.log, checked.stdout):
        messages = logged(log, "ERROR")
        matching = [m for m in messages if all(holds(m, fragment) for fragment in wanted)]
        assert matching, (case.name, wanted, [m for m in messages if path in m])
        for message in matching:
            assert "Förväntat: " in message and "Hittat: " in message and "Gör så här: " in message


# --- allowed: built strictly and harmlessly -------------------------------------------------------


@pytest.mark.slow
def test_allowed_content_builds_strictly_and_check_agrees(allowed_build: Build) -> None:
    assert allowed_build.returncode == 0, allowed_build.log
    assert "WARNING" not in allowed_build.log, allowed_build.log
    checked = finsam_check(allowed_build.site.parent)
    assert checked.returncode == 0, checked.stdout
    assert_same_verdict(allowed_build, checked)


@pytest.mark.slow
def test_the_marker_puts_the_budget_once_where_it_works_and_last_where_it_is_text(
    allowed_build: Build,
) -> None:
    assert allowed_build.returncode == 0, allowed_build.log
    for case in MARKERS_ALLOWED:
        html = allowed_build.page(f"forbund/{case.slug}/2023")
        article = html[html.index("<article") : html.index("</article>")]
        assert not PRIVATE_USE.search(article), case.slug
        caption = "<caption>Budget 2023, Exempel, tkr</caption>"
        assert article.count(caption) == 1, case.slug
        at = article.index(caption)
        if case.after is not None:
            assert article.index(case.after) < at, (case.slug, "after")
        if case.before is not None:
            assert at < article.index(case.before), (case.slug, "before")
        assert "<li" not in article[at - 300 : at] or "</li>" in article[at - 300 : at], (
            case.slug
        )  # not inside a list item
        code = re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", article, re.DOTALL)
        assert any("&lt;!-- budget --&gt;" in block for block in code) == case.literal, case.slug
        if case.literal and case.before is None:
            assert '<h2 id="budget">Budget' in article, (
                case.slug
            )  # last, as if there were no marker


@pytest.mark.slow
def test_site_pages_show_code_as_text_and_hide_what_they_ask(allowed_build: Build) -> None:
    assert allowed_build.returncode == 0, allowed_build.log
    code = allowed_build.page("om-oss/kod")
    assert_inert(code, "om-oss/kod")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in code and "&lt;iframe" in code
    about = allowed_build.page("om-oss")
    assert_inert(about, "om-oss")
    assert '<meta name="description" content="Om oss &lt;b&gt;fet&lt;/b&gt;">' in about
    assert (allowed_build.site / "bilder" / "arsrapport_2024.pdf").read_bytes() == PDF
    assert (allowed_build.site / "_utkast" / "sida" / "index.html").exists()


# --- no private-use character in any built file ---------------------------------------------------


def texts_of(site: Path) -> dict[str, str]:
    """Return every built file's text by path.

    Gzip files (Pagefind's fragments and indexes, the sitemap) unpacked, each workbook part.
    """
    found: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                found.update(
                    {
                        f"{name}!{part}": book.read(part).decode("utf-8", "replace")
                        for part in book.namelist()
                    }
                )
            continue
        found[name] = data.decode("utf-8", "replace")
    return found


TEXT_SUFFIXES = (".html", ".xml", ".json", ".csv", ".svg", ".js", ".css", ".pf_fragment")


@pytest.mark.slow
def test_no_private_use_character_reaches_any_built_file(
    real_build: Build, allowed_build: Build
) -> None:
    for build in (real_build, allowed_build):
        assert build.returncode == 0, build.log
        found = texts_of(build.site)
        scanned = [name for name in found if name.endswith(TEXT_SUFFIXES) or "!" in name]
        assert any(name.endswith(".pf_fragment") for name in scanned) and any(
            "!" in name for name in scanned
        )
        assert len(scanned) > 50
        for name in scanned:
            assert not PRIVATE_USE.search(found[name]), (name, PRIVATE_USE.findall(found[name])[:5])


# --- the addresses the theme and the site publish are the ones refused ----------------------------


@pytest.mark.slow
def test_every_built_file_not_from_content_is_at_a_reserved_address(real_build: Build) -> None:
    assert real_build.returncode == 0, real_build.log
    content = real_build.site.parent / "content"
    own = {layout.destination(entry.uri) for entry in layout.files(layout.walk(str(content)))}
    built = {
        p.relative_to(real_build.site).as_posix() for p in real_build.site.rglob("*") if p.is_file()
    }
    theirs = sorted(built - own)
    assert theirs
    assert [address for address in theirs if not layout.is_reserved(address)] == []
    found, safe = layout.judged(layout.walk(str(content)), lambda uri: f"content/{uri}")
    assert safe and [p.message() for p in found] == []  # and the real content follows every rule


def test_every_generated_page_and_file_is_at_a_reserved_address() -> None:
    from conftest import real_corpus

    corpus = real_corpus()
    comparison = compare(corpus)
    for directory_urls in (True, False):
        assert [
            uri
            for uri in addresses.generated_uris(comparison.years, corpus.profiles)
            if not layout.is_reserved(layout.destination(uri, directory_urls))
        ] == []


# --- the marker's analysis on its own ------------------------------------------------------------


def _rendered_markers(body: str) -> tuple:
    """Return the markers of a text as rendering alone finds them: the slow path, always."""
    lines = body.split("\n")
    holding = [i for i, line in enumerate(lines) if bodies.MARKER_RE.search(line)]
    marked = list(lines)
    for index in holding:
        marked[index] = bodies.MARKER_RE.sub(f"<!--finsam-budget-{index}-->", lines[index])
    finder = bodies._MarkerFinder()
    finder.feed(bodies.render("\n".join(marked)))
    return tuple(
        bodies._marker(index, lines[index], finder.found.get(index, [])) for index in holding
    )


@pytest.mark.parametrize("case", MARKERS_ALLOWED, ids=lambda c: c.slug)
def test_an_allowed_marker_is_placed_or_text(case: Marked) -> None:
    kinds = {marker.kind for marker in bodies.budget_markers(case.body)}
    assert kinds <= {bodies.PLACED, bodies.LITERAL, bodies.HIDDEN}
    assert sum(marker.kind == bodies.PLACED for marker in bodies.budget_markers(case.body)) <= 1


def test_the_quick_path_agrees_with_rendering() -> None:
    bodies_ = [case.body for case in MARKERS_ALLOWED] + [
        f"Text.\n\n{MARKER}\n\nMer.\n",
        f"{MARKER}\n",
        f"# Rubrik\n\n{MARKER}\n\n- a\n",
        f"    kod\n\n{MARKER}\n",
        f"- a\n\n{MARKER}\n",
        f"!!! note\n    Text.\n\n{MARKER}\n",
        f"Text[^1].\n\n[^1]: Fotnot.\n\n{MARKER}\n",
        f"Text.\n\n{MARKER}\n===\n",
        f"Text.\n\n{MARKER}\n---\n",
        f"Text.\n\n{MARKER}\n- a\n",
        f"Text.\n\n{MARKER}\n    kod\n",
        f"Text.\n\n{MARKER}\n| a |\n|---|\n| b |\n",
        f"Text.\n\n{MARKER}\n> citat\n",
        f"Text.\n\n{MARKER}\n: definition\n",
    ]
    for body in bodies_:
        assert bodies.budget_markers(body) == _rendered_markers(body), body


# --- the marker anywhere: generated texts --------------------------------------------------------

MARKER_LINES = [
    "", "", "", "Text.", "Term", "- a", "1. a", "> citat", "    kod", "```", "~~~",
    '!!! note "Obs"', "| a |", "|---|", ": definition", "<div>", "</div>", "<!-- x -->", "<!--",
    "-->", "[^1]: fotnot", "Text[^1].", "===", "---", "# Rubrik", MARKER, MARKER, MARKER,
    f"  {MARKER}", f"    {MARKER}", f"- {MARKER}", f"> {MARKER}", f"Text {MARKER}", "<!--BUDGET-->",
    "{: .x }", "[a]: https://exempel.invalid/", "    - a", "Text  ", "***", "  : definition",
    "1) a", "* a", "+ a",
]  # fmt: skip
MARKED_TEXTS = st.lists(st.sampled_from(MARKER_LINES), max_size=14).map("\n".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(MARKED_TEXTS)
def test_the_quick_path_agrees_with_rendering_on_generated_texts(body: str) -> None:
    assert bodies.budget_markers(body) == _rendered_markers(body)


@pytest.fixture(scope="module")
def real_pages():
    from conftest import real_corpus

    corpus = real_corpus()
    plan = next(p for p in corpus.plans if p.budget and corpus.profiles.get(p.slug))
    document = corpus.documents[0]
    return corpus, plan, document


def _built(markdown: str) -> str:
    """Return a page's Markdown as HTML, as the build makes it.

    The site's blocks set aside, rendered as MkDocs renders, put back.
    """
    from finsam.site import stash

    stashed, blocks = stash.stash(markdown)
    return stash.unstash(bodies.render(stashed), blocks)


@pytest.mark.slow
@settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(MARKED_TEXTS)
def test_a_text_the_check_accepts_gets_its_budget_once_and_no_private_use_mark(
    real_pages, body: str
) -> None:
    """A plan, a förbund and a document with this text, on their pages.

    Each plan's budget once, no mark of the site's own blocks left.
    """
    from finsam.format import schema
    from finsam.format.corpus import _check_body
    from finsam.site import forbundpages, planpage

    reader = schema.Reader("x")
    _check_body(reader, body, 1)
    if reader.problems or bodies.check(body, "x", 1):
        return
    corpus, plan, document = real_pages
    profile = corpus.profiles[plan.slug]
    html = _built(
        planpage.plan_page(dataclasses.replace(plan, body=body), profile, lambda uri: "#")
    )
    assert not PRIVATE_USE.search(html), body
    assert (
        html.count(f"<caption>Budget {plan.year}, {profile.short_name}, {plan.unit}</caption>") == 1
    ), body
    assert not PRIVATE_USE.search(
        _built(
            forbundpages.profile_page(
                dataclasses.replace(profile, body=body), corpus, lambda uri: "#", []
            )
        )
    ), body
    owner = corpus.profiles[document.slug]
    assert not PRIVATE_USE.search(
        _built(
            forbundpages.document_page(
                dataclasses.replace(document, body=body), owner, lambda uri: "#"
            )
        )
    ), body
