"""Links in the editors' texts, followed as MkDocs follows them.

Each broken one is a Swedish message with its line.
"""

from __future__ import annotations

import pytest

from finsam.site import links

PAGES = {
    "index.md": "# Start\n\n## Vad gör webbplatsen?\n",
    "redaktorer.md": "## Planformatet\n\n## Så räknas siffrorna\n\n### Kategorier {#kategorier}\n",
    "jamfor/index.md": "## Så räknas siffrorna\n",
    "forbund/varend/2022.md": (
        "## 1. Ändamål\n\nText[^1].\n\n[^1]: Fotnot.\n\n"
        '\ue000<p id="avvikelse-1">Förklaring</p>\ue001\n'
    ),
    "forbund/varend/index.md": "Förbundet.\n",
}
FILES = {"bilder/karta.png", "data/budget.xlsx", "dokument/plan.pdf"}


def site() -> links.Site:
    return links.Site({uri: (lambda text=text: text) for uri, text in PAGES.items()}, FILES)


def found(markdown: str, uri: str = "forbund/varend/2022.md", first_line: int = 10) -> list:
    return links.problems([links.Text(uri, f"content/{uri}", markdown, first_line)], site())


@pytest.mark.parametrize(
    "markdown",
    [
        "[Start](../../index.md)",
        "[Start](../../index.md#vad-gor-webbplatsen)",
        "[Formatet](../../redaktorer.md#sa-raknas-siffrorna)",
        "[Kategorier](../../redaktorer.md#kategorier)",
        "[Egen rubrik](#1-andamal)",
        "[Egen rubrik](2022.md#1-andamal)",
        "[Här](./2022.md)",
        "[Förklaringen](2022.md#avvikelse-1)",
        "[Fotnoten](#fn:1)",
        "[Förbundet](index.md)",
        "![Karta](../../bilder/karta.png)",
        "[Excel](../../data/budget.xlsx)",
        "[PDF](../../dokument/plan.pdf)",
        "[Extern](https://www.example.se/a.md)",
        "[Post](mailto:kansli@example.se)",
        "[Jämför][j]\n\n[j]: ../../jamfor/index.md#sa-raknas-siffrorna",
        '<a href="../../index.md">Start</a>',
        "`[inte en länk](saknas.md)`",
        "```\n[inte en länk](saknas.md)\n```",
        "Ingen länk alls.",
    ],
)
def test_a_link_that_leads_somewhere_passes(markdown: str) -> None:
    assert found(markdown) == []


@pytest.mark.parametrize(
    ("markdown", "words", "line"),
    [
        (
            "[Saknas](saknas.md)",
            "länken saknas.md, men forbund/varend/saknas.md finns inte på webbplatsen",
            12,
        ),
        ("[Fel mapp](redaktorer.md)", "Menade du ../../redaktorer.md?", 12),
        (
            "[Rubrik](../../redaktorer.md#finns-inte)",
            "sidan redaktorer.md har ingen rubrik eller annat ankare #finns-inte",
            12,
        ),
        ("[Nära](../../redaktorer.md#sa-raknas-siffrorn)", "Menade du #sa-raknas-siffrorna?", 12),
        ("[Egen](#saknas)", "den här sidan har ingen rubrik eller annat ankare #saknas", 12),
        ("[Absolut](/jamfor/)", "den absoluta länken /jamfor/", 12),
        ("[Mapp](../../jamfor/)", "länken ../../jamfor/ till en mapp, inte till en sida", 12),
        ("![Bild](../../bilder/saknas.png)", "bilder/saknas.png finns inte", 12),
        ("[Ref][r]\n\n[r]: saknas.md", "länken saknas.md", 14),  # the line that gives the address
        ('<a href="saknas.md">x</a>', "länken saknas.md", 12),
    ],
)
def test_a_broken_link_is_one_swedish_message_with_file_and_line(
    markdown: str, words: str, line: int
) -> None:
    problems = found("Första raden.\n\n" + markdown)
    assert len(problems) == 1, problems
    message = problems[0].message()
    assert problems[0].path == "content/forbund/varend/2022.md" and problems[0].line == line
    assert words in message and "Förväntat:" in message and "Gör så här:" in message, message


def test_the_folder_link_names_the_page_to_link_to() -> None:
    (problem,) = found("[Förbundet](../varend/)")
    assert "Länka till sidans fil: index.md." in problem.message()


def test_each_of_two_links_has_its_own_line() -> None:
    problems = found("[a](saknas.md)\n\ntext\n\n[b](saknas.md)")
    assert [p.line for p in problems] == [10, 14]


def test_anchors_are_the_ids_the_rendered_page_has() -> None:
    assert {"1-andamal", "fn:1", "fnref:1", "avvikelse-1"} <= links.anchors(
        PAGES["forbund/varend/2022.md"]
    )
    assert "sa-raknas-siffrorna" in links.anchors(PAGES["redaktorer.md"])


# --- The build and `finsam check` ask the same questions ------------------------------------------

VALID_LINKS = """---
title: Länkar
---
## Länkar som leder någonstans

[Start](index.md), [Planformatet](redaktorer.md#planens-text),
[Jämför](jamfor/index.md#sa-raknas-siffrorna), [År 2021](jamfor/2021.md),
[Förklaringen](forbund/rar-sormland/2021.md#avvikelse-1),
[Budgeten](forbund/rar-sormland/2021.md#budget-2021),
[Värend](forbund/varend/index.md#budget-over-tid), [Excel](data/budget.xlsx),
[Flödet](nyheter.xml), [Diagrammet](jamfor/diagram/intakter-per-forbund.svg),
[Här](#lankar-som-leder-nagonstans), [Extern](https://www.example.se/) och [Fel](felmeddelanden.md).
"""
BROKEN = {
    "lankar.md": "---\ntitle: Länkar\n---\nText.\n\n[Saknas](saknas.md)\n",
    "forbund/varend/2022.md": None,  # the real plan, with a broken link at its end
}


@pytest.mark.slow
def test_valid_links_build_strictly_with_mkdocss_own_checks_and_check_agrees(tmp_path) -> None:
    from conftest import build_copy, finsam_check

    build = build_copy(tmp_path, {"lankar.md": VALID_LINKS})
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, (
        build.log
    )  # MkDocs's own link checks (mkdocs.yml, validation) find nothing either
    checked = finsam_check(tmp_path)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.slow
def test_a_broken_link_stops_build_and_check_with_the_same_swedish_message(tmp_path) -> None:
    from conftest import ROOT, build_copy, finsam_check, logged

    plan = (ROOT / "content/forbund/varend/2022.md").read_text(encoding="utf-8").rstrip(
        "\n"
    ) + "\n\nSe [rubriken](#finns-inte) och [sidan](/jamfor/).\n"
    line = plan.count("\n")
    build = build_copy(tmp_path, {"lankar.md": BROKEN["lankar.md"], "forbund/varend/2022.md": plan})
    checked = finsam_check(tmp_path)
    assert build.returncode != 0 and checked.returncode == 1, (build.log, checked.stdout)
    assert (
        "Doc file" not in build.log and "contains" not in build.log
    )  # no English warning from MkDocs
    for log in (build.log, checked.stdout):
        messages = logged(log, "ERROR")
        assert any(
            "content/lankar.md, rad 6" in m and "länken saknas.md, men saknas.md finns inte" in m
            for m in messages
        ), messages
        assert any(
            f"content/forbund/varend/2022.md, rad {line}" in m and "#finns-inte" in m
            for m in messages
        ), messages
        assert any(
            f"content/forbund/varend/2022.md, rad {line}" in m
            and "den absoluta länken /jamfor/" in m
            for m in messages
        ), messages
    assert not (build.site / "index.html").exists()


def test_check_of_one_site_page_follows_its_links(tmp_path) -> None:
    import os
    import subprocess
    import sys

    from conftest import copy_project

    folder = copy_project(tmp_path, {"lankar.md": BROKEN["lankar.md"]})
    env = {**os.environ, "PYTHONPATH": str(folder / "hooks")}
    done = subprocess.run(
        [sys.executable, "-m", "finsam.editors.cli", "check", "content/lankar.md"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (
        done.returncode == 1
        and "content/lankar.md, rad 6" in done.stdout
        and "Menade du" not in done.stdout
    ), done.stdout + done.stderr
    assert "kontrolleras inte" not in done.stderr, done.stderr


def test_a_plans_or_documents_anchors_are_those_of_the_page_the_site_makes() -> None:
    from conftest import real_corpus

    from finsam.site import pages
    from finsam.site.derived import compare

    corpus = real_corpus()
    comparison = compare(corpus)
    for item in (*corpus.plans, *corpus.documents, *corpus.profiles.values()):
        made = pages.page(item, corpus, comparison, str)[1]
        assert links.anchors(
            links.page_markdown(item, corpus, lambda: comparison)
        ) == links.anchors(made), item.uri
