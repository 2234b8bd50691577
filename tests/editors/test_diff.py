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


def test_broken_files_are_listed_not_reported_as_removed() -> None:
    broken = changed(a=("unit: tkr", "unit: kkr"))
    text = report(BASE, broken)
    assert "tas bort" not in text
    assert "### Filer som inte kunde jämföras" in text
    assert "- `content/forbund/exempel/2024.md` efter ändringen" in text
    assert "finsam check" in text


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
    assert (code, err) == (0, "")
    assert "- `content/forbund/varend/2022.md` före ändringen" in out
    assert "- `content/forbund/sodertalje/2018.md` efter ändringen" in out
    assert "tas bort" not in out and "Ny plan" not in out


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
    assert "finsam diff" in run(["--help"], capsys)[1]
