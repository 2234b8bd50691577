"""`finsam diff`: what a change does to the budgets, in Swedish Markdown.

From two corpora and from git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project, git

from finsam.editors import budgetdiff, cli
from finsam.format.corpus import load
from finsam.format.sources import Source

PROFILE = """---
name: Samordningsförbundet {name}
short_name: {name}
county: Exempels län
members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]
---
"""

PLAN = """---
forbund: {slug}
year: {year}
source: Verksamhetsplan {year}
unit: {unit}
budget:
  {year}:
    income:
      - {{label: Medlemsavgifter, category: members, amount: 1000}}
    income_total: 1000
    costs:
      - {{label: Kansli, category: administration, amount: 400}}
      - label: Insatser
        category: individual
        amount: 600
        items:
          - {{label: Steg 1, owner: Exempels kommun, amount: 600}}
    costs_total: 1000
    result: 0
---
Text.
"""


def plan(slug: str = "exempel", year: int = 2024, unit: str = "tkr", **replace: str) -> str:
    """Return a valid plan, with texts replaced (old → new, given as a dict of pairs)."""
    text = PLAN.format(slug=slug, year=year, unit=unit)
    for old, new in replace.values():
        assert old in text, old
        text = text.replace(old, new)
    return text


def side(files: dict[str, str]) -> budgetdiff.Side:
    """Return one side of a comparison read from files by their path inside the content folder."""
    sources = [Source(uri, f"content/{uri}", text.encode("utf-8")) for uri, text in files.items()]
    return budgetdiff.Side.of(load(sources), {uri: f"content/{uri}" for uri in files})


BASE = {
    "forbund/exempel/index.md": PROFILE.format(name="Exempel"),
    "forbund/exempel/2024.md": plan(),
}


DEFAULT_PAGES = budgetdiff.Pages()


def report(
    before: dict[str, str], after: dict[str, str], pages: budgetdiff.Pages = DEFAULT_PAGES
) -> str:
    return budgetdiff.report(side(before), side(after), "main (abc1234)", pages)


def changed(**replace: tuple[str, str]) -> dict[str, str]:
    return {**BASE, "forbund/exempel/2024.md": plan(**replace)}


def test_nothing_changed_says_so_in_one_line() -> None:
    assert (
        report(BASE, BASE)
        == "## Budgetändringar\n\nJämfört med main (abc1234).\n\nIngen budget ändras.\n"
    )


def test_text_only_change_is_no_budget_change() -> None:
    assert report(BASE, changed(text=("Text.", "Annan text."))).endswith(
        "\n\nIngen budget ändras.\n"
    )


def test_changed_amount_shows_before_after_and_difference_in_the_plans_unit() -> None:
    text = report(
        BASE,
        changed(
            a=("amount: 400}", "amount: 450}"),
            b=("costs_total: 1000", "costs_total: 1050"),
            c=("result: 0", "result: -50"),
        ),
    )
    assert "Sammanfattning: 1 plan ändras." in text
    assert "### Exempel\n" in text and "#### Plan 2024: Verksamhetsplan 2024" in text
    assert "##### Budget 2024, planens eget år" in text  # the plan records no adoption
    assert (
        "| ändrad | Kansli | Kostnad | Administration | 400\u00a0tkr | 450\u00a0tkr | "
        "+50\u00a0tkr |"
    ) in text
    assert "Medlemsavgifter" not in text and "Steg 1" not in text  # unchanged lines are not listed
    assert "| Summa kostnader | 1\u00a0000\u00a0tkr | 1\u00a0050\u00a0tkr | +50\u00a0tkr |" in text
    assert "| Resultat | 0\u00a0tkr | \u221250\u00a0tkr | \u221250\u00a0tkr |" in text
    assert "| Summa intäkter | 1\u00a0000\u00a0tkr | 1\u00a0000\u00a0tkr | oförändrad |" in text
    assert "`forbund/exempel/2024/`" in text and "`jamfor/2024/`" in text


def test_added_and_removed_lines_and_items() -> None:
    text = report(
        BASE,
        changed(
            a=(
                "      - {label: Kansli, category: administration, amount: 400}\n",
                "      - {label: Styrelse, category: administration, amount: 400}\n",
            ),
            b=(
                "          - {label: Steg 1, owner: Exempels kommun, amount: 600}",
                (
                    "          - {label: Steg 1, owner: Exempels kommun, amount: 350}\n"
                    "          - {label: Steg 2, owner: Region Exempel, amount: 250}"
                ),
            ),
        ),
    )
    assert (
        "| borttagen | Kansli | Kostnad | Administration | 400\u00a0tkr | – | \u2212400\u00a0tkr |"
        in text
    )
    assert "| ny | Styrelse | Kostnad | Administration | – | 400\u00a0tkr | +400\u00a0tkr |" in text
    assert (
        "| ändrad | Insatser › Steg 1 | Insats | Exempels kommun | 600\u00a0tkr | 350\u00a0tkr | "
        "\u2212250\u00a0tkr |"
    ) in text
    assert (
        "| ny | Insatser › Steg 2 | Insats | Region Exempel | – | 250\u00a0tkr | +250\u00a0tkr |"
        in text
    )
    assert "Inga rader ändras" not in text


def test_changed_category_is_listed_with_both_names() -> None:
    text = report(
        BASE,
        changed(a=("label: Kansli, category: administration", "label: Kansli, category: other")),
    )
    assert (
        "| ändrad | Kansli | Kostnad | Administration → Övriga kostnader | 400\u00a0tkr | "
        "400\u00a0tkr | 0\u00a0tkr |"
    ) in text


def test_unit_change_compares_in_kronor_and_shows_each_amount_in_its_unit() -> None:
    after = {
        **BASE,
        "forbund/exempel/2024.md": plan(unit="kr")
        .replace("amount: 400}", "amount: 400000}")
        .replace("amount: 1000}", "amount: 1000000}"),
    }
    after["forbund/exempel/2024.md"] = (
        after["forbund/exempel/2024.md"]
        .replace("amount: 600\n", "amount: 600000\n")
        .replace("amount: 600}", "amount: 600000}")
    )
    after["forbund/exempel/2024.md"] = after["forbund/exempel/2024.md"].replace(
        "_total: 1000", "_total: 1000000"
    )
    text = report(BASE, after)
    assert "**Enhet: tkr → kr.** Beloppen jämförs i kronor." in text
    assert "##### Budget" not in text  # the same amounts, written in kronor
    forgot = report(BASE, {**BASE, "forbund/exempel/2024.md": plan(unit="kr")})
    assert (
        "| ändrad | Kansli | Kostnad | Administration | 400\u00a0tkr | 400\u00a0kr | "
        "\u2212399\u00a0600\u00a0kr |"
    ) in forgot


def test_discrepancies_added_and_removed() -> None:
    wrong = {"a": ("costs_total: 1000", "costs_total: 1100"), "b": ("result: 0", "result: -100")}
    recorded = (
        "discrepancies:\n  - {where: budget.2024.costs, printed: 1100, computed: 1000, note: "
        "Dokumentet anger 1 100.}\n---\nText."
    )
    before = changed(**wrong, c=("---\nText.", recorded))
    after = changed(
        **wrong,
        c=("---\nText.", recorded.replace("printed: 1100", "printed: 1200")),
        d=("costs_total: 1100", "costs_total: 1200"),
        e=("result: -100", "result: -200"),
    )
    text = report(before, after)
    assert (
        "- Ny avvikelse: `budget.2024.costs`, tryckt 1\u00a0200\u00a0tkr, beräknat "
        "1\u00a0000\u00a0tkr (Dokumentet anger 1 100.)"
    ) in text
    assert "- Avvikelsen tas bort: `budget.2024.costs`, tryckt 1\u00a0100\u00a0tkr" in text
    assert "| Summa kostnader | 1\u00a0100\u00a0tkr | 1\u00a0200\u00a0tkr | +100\u00a0tkr |" in text


def test_plans_and_forbund_added_and_removed() -> None:
    before = {
        **BASE,
        "forbund/gammalt/index.md": PROFILE.format(name="Gammalt"),
        "forbund/gammalt/2020.md": plan("gammalt", 2020),
    }
    after = {
        **BASE,
        "forbund/exempel/2025.md": plan(year=2025),
        "forbund/nytt/index.md": PROFILE.format(name="Nytt"),
        "forbund/nytt/2024.md": plan("nytt"),
    }
    text = report(before, after)
    assert (
        "Sammanfattning: 1 nytt förbund, 1 förbund tas bort, 2 nya planer, 1 plan tas bort." in text
    )
    assert "### Gammalt\n\nFörbundet tas bort." in text
    assert (
        "Planen tas bort. Fil: `content/forbund/gammalt/2020.md`. Sidan `forbund/gammalt/2020/` "
        "försvinner."
    ) in text
    assert "### Nytt\n\nNytt förbund.\n\nFörbundets sida: `forbund/nytt/`" in text
    assert "#### Plan 2025: Verksamhetsplan 2025\n\nNy plan." in text
    assert (
        "| ny | Medlemsavgifter | Intäkt | Medlemsavgifter | – | 1\u00a0000\u00a0tkr | "
        "+1\u00a0000\u00a0tkr |"
    ) in text
    assert text.index("### Exempel") < text.index("### Gammalt") < text.index("### Nytt")


def test_new_forecast_year_is_marked() -> None:
    forecast = plan(year=2025).split("budget:\n", 1)[1].split("---", 1)[0]
    text = report(BASE, changed(a=("    result: 0\n---", "    result: 0\n" + forecast + "---")))
    assert "##### Budget 2025, prognos (nytt budgetår)" in text


def test_a_file_the_change_breaks_is_a_failure_headed_first() -> None:
    broken = changed(a=("unit: tkr", "unit: kkr"))
    comparison = budgetdiff.compare(side(BASE), side(broken), "main (abc1234)")
    text = comparison.markdown
    assert comparison.failures == 1
    assert text.startswith(
        "## Budgetändringar\n\nJämfört med main (abc1234).\n\n"
        "**Ändringen har fel som stoppar bygget.** Filer som inte kunde läsas jämförs inte. "
        "Kör `make check` för felmeddelandena.\n\n"
        "- `content/forbund/exempel/2024.md` har fel och kunde inte läsas.\n\n"
        "Sammanfattning: inget annat ändras. Fel: 1 fil kunde inte läsas.\n"
    )
    assert budgetdiff.NO_CHANGE not in text and "tas bort" not in text


def test_a_file_broken_before_the_change_is_listed_last_and_is_no_failure() -> None:
    comparison = budgetdiff.compare(
        side(changed(a=("unit: tkr", "unit: kkr"))), side(BASE), "main (abc1234)"
    )
    assert comparison.failures == 0
    assert comparison.markdown.endswith(
        "\n\nIngen budget ändras i de filer som kunde jämföras.\n\n"
        "### Filer som inte kunde jämföras\n\n"
        "De här filerna hade fel före ändringen och kunde inte läsas, så det syns inte här vad "
        "ändringen gör med dem.\n\n- `content/forbund/exempel/2024.md` före ändringen\n"
    )
    assert "Ny plan" not in comparison.markdown


def test_every_fact_of_a_plan_that_changes_is_shown() -> None:
    text = report(
        BASE,
        changed(
            a=(
                "unit: tkr",
                "title: Verksamhetsplan och budget 2024\nadopted: 2023-11-20\n"
                "source_url: https://example.se/vp-2024.pdf\nunit: tkr",
            ),
            b=("source: Verksamhetsplan 2024", "source: Verksamhetsplan och budget 2024"),
        ),
    )
    assert "Sammanfattning: 1 plan ändras." in text
    assert "#### Plan 2024: Verksamhetsplan och budget 2024\n\nPlanen ändras." in text
    assert "- Titel: – → ”Verksamhetsplan och budget 2024”" in text
    assert "- Källdokument: ”Verksamhetsplan 2024” → ”Verksamhetsplan och budget 2024”" in text
    assert (
        "- Källdokumentets adress: – → "
        "[https\\://example.se/vp-2024.pdf](<https://example.se/vp-2024.pdf>)"
    ) in text  # a link, for the reviewer to open
    assert "- Antagen: – → 2023-11-20" in text
    assert "##### Budget" not in text  # no amount changed


def test_a_changed_source_url_alone_is_a_change() -> None:
    before = changed(a=("unit: tkr", "source_url: https://example.se/a.pdf\nunit: tkr"))
    after = changed(a=("unit: tkr", "source_url: https://example.se/b.pdf\nunit: tkr"))
    text = report(before, after)
    assert budgetdiff.NO_CHANGE not in text and "Sammanfattning: 1 plan ändras." in text
    assert (
        "- Källdokumentets adress: [https\\://example.se/a.pdf](<https://example.se/a.pdf>) → "
        "[https\\://example.se/b.pdf](<https://example.se/b.pdf>)"
    ) in text


RECORDED = {
    "a": ("amount: 600\n", "amount: 500\n"),
    "b": ("costs_total: 1000", "costs_total: 900"),
    "c": ("result: 0", "result: 100"),
    "d": (
        "---\nText.",
        "discrepancies:\n  - {where: budget.2024.costs.Insatser, printed: 500, computed: 600, "
        "note: Insatserna summerar till 600.}\n---\nText.",
    ),
}


def test_a_discrepancys_note_and_confirmation_changes_are_shown() -> None:
    after = changed(
        **RECORDED,
        e=("note: Insatserna summerar till 600.}", "note: Ett belopp saknas., confirmed: true}"),
    )
    text = report(changed(**RECORDED), after)
    assert (
        "- Förklaringen till avvikelsen `budget.2024.costs.Insatser` ändras: "
        "”Insatserna summerar till 600.” → ”Ett belopp saknas.”"
    ) in text
    assert (
        "- Avvikelsen `budget.2024.costs.Insatser` bekräftas (confirmed: true): webbplatsen säger "
        "nu att siffrorna inte går ihop i källdokumentet. Jämför med originaldokumentet."
    ) in text
    back = report(after, changed(**RECORDED, e=("600.}", "600., confirmed: false}")))
    assert (
        "- Avvikelsen `budget.2024.costs.Insatser` är inte längre bekräftad (confirmed: false): "
        "webbplatsen säger nu att den inte är jämförd med originaldokumentet."
    ) in back
    assert "Ny avvikelse" not in text + back and "tas bort" not in text + back
    new = report(BASE, changed(**RECORDED, e=("600.}", "600., confirmed: true}")))
    assert (
        "- Ny avvikelse: `budget.2024.costs.Insatser`, tryckt 500\u00a0tkr, beräknat "
        "600\u00a0tkr, bekräftad mot originaldokumentet (Insatserna summerar till 600.)"
    ) in new


def test_a_stale_discrepancy_is_a_failure_named_first_and_in_the_summary() -> None:
    after = changed(**RECORDED, e=("amount: 600}", "amount: 500}"))  # the insats, as printed
    comparison = budgetdiff.compare(side(changed(**RECORDED)), side(after), "main (abc1234)")
    text = comparison.markdown
    stale = (
        "`budget.2024.costs.Insatser`, tryckt 500\u00a0tkr, beräknat 600\u00a0tkr, "
        "men siffrorna går ihop."
    )
    assert comparison.failures == 1
    assert (
        "**Ändringen har fel som stoppar bygget.** Kör `make check` för felmeddelandena.\n\n"
        f"- `content/forbund/exempel/2024.md`: avvikelsen stämmer inte med budgeten: {stale}\n\n"
        "Sammanfattning: 1 plan ändras. Fel: 1 avvikelse stämmer inte med budgeten.\n"
    ) in text
    assert f"- **Avvikelsen stämmer inte med budgeten:** {stale}" in text
    assert text.index("Sammanfattning") < text.index("### Exempel")


def test_a_stale_discrepancy_says_what_the_check_gives_now_and_counts_once() -> None:
    after = changed(**RECORDED, e=("amount: 600}", "amount: 550}"))
    comparison = budgetdiff.compare(side(changed(**RECORDED)), side(after), "main (abc1234)")
    assert comparison.failures == 1
    assert (
        "- **Avvikelsen stämmer inte med budgeten:** `budget.2024.costs.Insatser`, tryckt "
        "500\u00a0tkr, beräknat 600\u00a0tkr, men budgeten ger tryckt 500\u00a0tkr, beräknat "
        "550\u00a0tkr."
    ) in comparison.markdown
    assert "står inte bland avvikelserna" not in comparison.markdown


def test_a_failed_sum_not_recorded_is_a_failure() -> None:
    after = changed(b=("costs_total: 1000", "costs_total: 1100"), c=("result: 0", "result: -100"))
    comparison = budgetdiff.compare(side(BASE), side(after), "main (abc1234)")
    assert comparison.failures == 1
    assert (
        "- `content/forbund/exempel/2024.md`: avvikelse saknas: `budget.2024.costs`, tryckt "
        "1\u00a0100\u00a0tkr, beräknat 1\u00a0000\u00a0tkr: siffrorna går inte ihop och står "
        "inte bland avvikelserna."
    ) in comparison.markdown
    assert "Fel: 1 avvikelse saknas." in comparison.markdown


def test_an_unchanged_plan_is_not_checked_again() -> None:
    """A plan the change does not touch is left out, even with a failed sum from before."""
    broken = changed(b=("costs_total: 1000", "costs_total: 1100"))
    comparison = budgetdiff.compare(side(broken), side(broken), "main (abc1234)")
    assert comparison.failures == 0 and budgetdiff.NO_CHANGE in comparison.markdown


BUDGET_2024 = plan().split("budget:\n  2024:\n", 1)[1].split("---", 1)[0]


def next_plan(year: int = 2025, unit: str = "tkr", **replace: tuple[str, str]) -> str:
    """Return the plan for a later year: Kansli 500 instead of 400, the rest the same."""
    return plan(
        year=year,
        unit=unit,
        kansli=("amount: 400}", "amount: 500}"),
        total=("costs_total: 1000", "costs_total: 1100"),
        result=("result: 0", "result: -100"),
        **replace,
    )


def with_year(text: str, year: int) -> str:
    """Return a plan with another budget year after its own: BASE's budget, for that year."""
    budget = plan(year=year).split("budget:\n", 1)[1].split("---", 1)[0]
    return text.replace("\n---\nText.", "\n" + budget.rstrip("\n") + "\n---\nText.", 1)


def test_a_new_years_plan_is_compared_with_the_previous_plan() -> None:
    after = {**BASE, "forbund/exempel/2025.md": next_plan()}
    text = report(BASE, after)
    assert "Sammanfattning: 1 ny plan." in text
    assert (
        "Planen jämförs med förbundets föregående plan, den för 2024 "
        "(`content/forbund/exempel/2024.md`): i tabellerna är Före den planen och Efter den nya."
    ) in text
    assert "- Källdokument: ”Verksamhetsplan 2025”\n- Enhet: tkr" in text
    assert "##### Budget 2025, planens eget år, jämfört med budget 2024 i planen för 2024" in text
    assert (
        "| ändrad | Kansli | Kostnad | Administration | 400\u00a0tkr | 500\u00a0tkr | "
        "+100\u00a0tkr |"
    ) in text
    assert "Medlemsavgifter" not in text and "Steg 1" not in text  # the same as the year before
    assert "| Summa intäkter | 1\u00a0000\u00a0tkr | 1\u00a0000\u00a0tkr | oförändrad |" in text
    assert "| Resultat | 0\u00a0tkr | \u2212100\u00a0tkr | \u2212100\u00a0tkr |" in text


def test_a_new_plan_is_compared_with_the_latest_earlier_plan() -> None:
    earlier = {**BASE, "forbund/exempel/2025.md": next_plan()}
    text = report(earlier, {**earlier, "forbund/exempel/2026.md": with_year(plan(year=2026), 2027)})
    assert "föregående plan, den för 2025 (`content/forbund/exempel/2025.md`)" in text
    assert "##### Budget 2026, planens eget år, jämfört med budget 2025 i planen för 2025" in text
    assert "| ändrad | Kansli | Kostnad | Administration | 500\u00a0tkr | 400\u00a0tkr |" in text
    assert "##### Budget 2027, prognos (finns inte i planen för 2025)" in text
    both = report(BASE, {**earlier, "forbund/exempel/2026.md": plan(year=2026)})
    assert (
        "Planen jämförs med förbundets föregående plan, den för 2025 "
        "(`content/forbund/exempel/2025.md`, som den är efter ändringen): i tabellerna är Före "
        "den planen och Efter den nya."
    ) in both  # new in the same change: compared as it will be


def test_a_new_plans_other_years_are_compared_with_the_same_years_of_the_previous_plan() -> None:
    previous = with_year(plan(), 2026)
    new = with_year(next_plan(), 2026).replace("  2025:\n", "  2024:\n" + BUDGET_2024 + "  2025:\n")
    text = report(
        {**BASE, "forbund/exempel/2024.md": previous},
        {**BASE, "forbund/exempel/2024.md": previous, "forbund/exempel/2025.md": new},
    )
    assert (
        "##### Budget 2024, jämförelseår, jämfört med budget 2024 i planen för 2024\n\n"
        "Inga rader ändras.\n\n| Tryckt summa | Före | Efter | Skillnad |"
    ) in text  # the same budget: shown, with its totals
    assert "##### Budget 2025, planens eget år, jämfört med budget 2024 i planen för 2024" in text
    assert "##### Budget 2026, prognos, jämfört med prognosen för 2026 i planen för 2024" in text


def test_a_new_plan_in_another_unit_is_compared_in_kronor() -> None:
    after = {
        **BASE,
        "forbund/exempel/2025.md": next_plan(unit="kr").replace("amount: 500}", "amount: 500000}"),
    }
    text = report(BASE, after)
    assert "- **Enhet: kr (planen för 2024: tkr).** Beloppen jämförs i kronor." in text
    assert (
        "| ändrad | Kansli | Kostnad | Administration | 400\u00a0tkr | 500\u00a0000\u00a0kr |"
        in text
    )


def test_a_new_plan_whose_previous_plan_is_broken_is_not_compared() -> None:
    after = {
        **BASE,
        "forbund/exempel/2023.md": plan(year=2023),
        "forbund/exempel/2024.md": plan(a=("unit: tkr", "unit: kkr")),
        "forbund/exempel/2025.md": next_plan(),
    }
    text = report({**BASE, "forbund/exempel/2023.md": plan(year=2023)}, after)
    assert (
        "Förbundets föregående plan, den för 2024 (`content/forbund/exempel/2024.md`), har fel "
        "och kunde inte läsas, så den nya planen jämförs inte med den."
    ) in text
    assert "##### Budget 2025, planens eget år\n" in text
    assert "| ny | Kansli | Kostnad | Administration | – | 500\u00a0tkr |" in text


def test_a_förbunds_first_plan_says_there_is_nothing_to_compare_with() -> None:
    text = report({"forbund/exempel/index.md": BASE["forbund/exempel/index.md"]}, BASE)
    assert "Ny plan." in text and "Förbundet har ingen tidigare plan att jämföra med." in text
    assert "##### Budget 2024, planens eget år\n" in text


def test_a_profiles_changed_facts_and_members_are_shown() -> None:
    profile = PROFILE.format(name="Exempel").replace("---\n", "---\norg_number: 222000-0001\n", 1)
    before = {**BASE, "forbund/exempel/index.md": profile}
    after = {
        **BASE,
        "forbund/exempel/index.md": profile.replace(
            "name: Samordningsförbundet Exempel", "name: Samordningsförbundet Exempel Nord"
        )
        .replace("222000-0001", "222000-0002")
        .replace("Region Exempel, Exempels kommun]", "Region Exempel, Andra kommun]")
        .replace("---\n", "---\npopulation_16_64: {value: 10500, year: 2022, source: SCB}\n", 1),
    }
    text = report(before, after)
    assert "Sammanfattning: 1 förbund ändras." in text
    assert (
        "### Exempel\n\nFörbundets uppgifter ändras. Fil: `content/forbund/exempel/index.md`.\n\n"
        "- Namn: ”Samordningsförbundet Exempel” → ”Samordningsförbundet Exempel Nord”\n"
        "- Organisationsnummer: ”222000-0001” → ”222000-0002”\n"
        "- Invånare 16–64 år: – → 10\u00a0500 (2022, SCB)\n"
        "- Ny medlem: ”Andra kommun”\n"
        "- Medlemmen tas bort: ”Exempels kommun”\n\n"
        "Förbundets sida: `forbund/exempel/`"
    ) in text
    reordered = after["forbund/exempel/index.md"].replace(
        "Region Exempel, Andra kommun]", "Andra kommun, Region Exempel]"
    )
    text = report(after, {**BASE, "forbund/exempel/index.md": reordered})
    assert "- Medlemmarna står i en annan ordning." in text


def test_hostile_labels_are_escaped_in_the_tables() -> None:
    label = "A | B <script>x</script> `k` *f* [l](u) $m$ :e: #1"
    before = changed(a=("label: Kansli,", f'label: "{label}",'))
    after = changed(
        a=("label: Kansli,", f'label: "{label}",'),
        b=("amount: 400}", "amount: 500}"),
        c=("costs_total: 1000", "costs_total: 1100"),
        d=("result: 0", "result: -100"),
    )
    row = next(line for line in report(before, after).splitlines() if line.startswith("| ändrad"))
    assert row.count(" | ") == 6  # seven cells: the | in the label is escaped
    assert r"A \| B \<script\>x\</script\> \`k\` \*f\* \[l\](u) \$m\$ \:e\: \#1" in row


def test_pages_as_files_or_under_the_site_address() -> None:
    text = report(
        BASE,
        changed(a=("amount: 400}", "amount: 450}")),
        budgetdiff.Pages(directory_urls=False, site_url="https://example.se/planer/"),
    )
    assert (
        "[forbund/exempel/2024.html](<https://example.se/planer/forbund/exempel/2024.html>)" in text
    )
    assert budgetdiff.Pages().path("forbund/exempel/index.md") == "forbund/exempel/"


# --- the command, in a git repository ---------------------------------------------------------

pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git finns inte")


@pytest.fixture()
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project as a git repository with one commit on main.

    It is the current directory.
    """
    folder = copy_project(tmp_path / "repo", {})
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Början")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("SITE_URL", raising=False)
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(folder: Path, uri: str, old: str, new: str) -> None:
    path = folder / "content" / uri
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytestmark_git
def test_diff_on_a_branch_compares_with_main(
    repository: Path, capsys: pytest.CaptureFixture
) -> None:
    git(repository, "switch", "-q", "-c", "varend-2022")
    edit(
        repository,
        "forbund/rar-sormland/2023.md",
        "{label: Kansli, category: administration, amount: 2800}",
        "{label: Kansli, category: administration, amount: 2900}",
    )
    git(repository, "commit", "-q", "-am", "Kansli")
    code, out, err = run(["diff"], capsys)
    assert (code, err) == (1, "")  # the printed costs no longer add up
    assert "Fel: 1 avvikelse saknas." in out
    edit(repository, "forbund/rar-sormland/2023.md", "costs_total: 15401", "costs_total: 15501")
    edit(repository, "forbund/rar-sormland/2023.md", "result: 3099", "result: 2999")
    git(repository, "commit", "-q", "-am", "Summorna")
    code, out, err = run(["diff"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("## Budgetändringar\n\nJämfört med main, där grenen utgick ifrån (")
    assert (
        "| ändrad | Kansli | Kostnad | Administration | 2\u00a0800\u00a0tkr | 2\u00a0900\u00a0tkr "
        "| +100\u00a0tkr |"
    ) in out
    assert "`forbund/rar-sormland/2023/`" in out


@pytestmark_git
def test_diff_sees_uncommitted_changes_and_a_given_base(
    repository: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["diff", "HEAD"], capsys)[1].endswith("Ingen budget ändras.\n")
    (repository / "content" / "forbund" / "varend" / "2022.md").unlink()
    monkeypatch.setenv("SITE_URL", "https://example.se/")
    code, out, _ = run(["diff", "HEAD"], capsys)
    assert code == 0
    assert (
        "Planen tas bort." in out
        and "[forbund/varend/2022/](<https://example.se/forbund/varend/2022/>)" in out
    )


@pytestmark_git
def test_content_job_commands_on_a_merge_commit(
    repository: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As the workflow runs them on a pull request.

    The merge commit checked out, HEAD^1 its base.
    """
    git(repository, "switch", "-q", "-c", "ny-plan")
    (repository / "content" / "forbund" / "varend" / "2023.md").write_text(
        plan("varend", 2023), encoding="utf-8"
    )
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "Värend 2023")
    git(repository, "switch", "-q", "main")
    git(repository, "merge", "-q", "--no-ff", "ny-plan", "-m", "Sammanfoga")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    code, out, _ = run(["check", "--format", "github"], capsys)
    assert code == 0 and "::error" not in out
    code, out, _ = run(["diff", "HEAD^1"], capsys)
    assert code == 0
    assert (
        "Sammanfattning: 1 ny plan." in out
        and "#### Plan 2023: Verksamhetsplan 2023\n\nNy plan." in out
    )


@pytestmark_git
def test_broken_content_on_either_side_is_named_not_a_traceback(
    repository: Path, capsys: pytest.CaptureFixture
) -> None:
    edit(repository, "forbund/varend/2022.md", "unit:", "unit: [")
    git(repository, "commit", "-q", "-am", "Trasig")
    edit(repository, "forbund/varend/2022.md", "unit: [", "unit:")
    edit(repository, "forbund/sodertalje/2018.md", "---\n", "")
    code, out, err = run(["diff", "HEAD"], capsys)
    assert (code, err) == (1, "")  # a file the change breaks: the build would stop
    assert "- `content/forbund/sodertalje/2018.md` har fel och kunde inte läsas." in out
    assert out.endswith("- `content/forbund/varend/2022.md` före ändringen\n")
    assert "tas bort" not in out and "Ny plan" not in out
    edit(repository, "forbund/sodertalje/2018.md", "forbund:", "---\nforbund:")
    code, out, err = run(["diff", "HEAD"], capsys)
    assert (code, err) == (0, "")  # broken only before the change: listed, no failure
    assert out.endswith("- `content/forbund/varend/2022.md` före ändringen\n")


@pytestmark_git
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "finns-inte"], "finns-inte finns inte i git"),
        (["diff", "--", "-x"], "är ingen gren, tagg eller commit"),
    ],
)
def test_wrong_base_is_wrong_use(
    repository: Path, capsys: pytest.CaptureFixture, argv: list[str], message: str
) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err


@pytestmark_git
def test_no_main_branch_asks_for_a_base(repository: Path, capsys: pytest.CaptureFixture) -> None:
    git(repository, "branch", "-m", "main", "huvud")
    code, _, err = run(["diff"], capsys)
    assert code == 2
    assert "Hittade ingen gren main" in err


def test_outside_git_is_wrong_use(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_project(tmp_path / "utan-git", {})
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = run(["diff", "main"], capsys)
    assert code == 2
    assert "ligger inte i ett git-arkiv" in err


def test_help_is_swedish(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["diff", "--help"], capsys)
    assert code == 0
    assert out.startswith("Användning: finsam diff") and "exempel:" in out and "BAS" in out
    assert "Slutstatus: 0" in out and "1 när" in out.replace("\n", " ")
    assert "finsam diff" in run(["--help"], capsys)[1]
