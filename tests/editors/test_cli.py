"""The editors' command line.

Check matches the build, new writes fillable files, import drafts tables; all Swedish.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, VALID_PLAN, copy_project, finsam_check, run_build
from test_importer import SEED_000, SEED_001

from finsam import background
from finsam.editors import cli
from finsam.format import sources
from finsam.format.frontmatter import parse, split

BROKEN_PLAN = """---
forbund: varend
year: 2024
source: Testplan
unit: tkr
budget:
  2024:
    income:
      - {label: Staten, category: state, amount: 500}
      - {label: Regionen, category: regionen, amount: 250}
      - {label: Kommunerna, category: municipalities, amount: "1,5"}
    income_total: 999
    costs:
      - {label: Kansli, category: administration, amount: 700}
    costs_total: 800
---
Text.
"""
NO_TITLE = "Ingen titel här.\n"
LOG_LINE = re.compile(r"^(?:ERROR   -  |WARNING -  |\s+\S)")


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def logged(text: str) -> list[str]:
    """Return the problem lines of a log.

    ERROR/WARNING lines and their indented continuation lines.
    """
    return [line for line in text.splitlines() if LOG_LINE.match(line)]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project, as the current directory."""
    folder = copy_project(tmp_path / "project", {})
    monkeypatch.chdir(folder)
    return folder


# --- check ------------------------------------------------------------------------------------


def test_check_real_content_passes(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(["check"], capsys)
    assert code == 0, out + err
    assert out.startswith("Inga fel (")
    assert "ERROR" not in out and "WARNING" not in out and err == ""


def test_check_from_a_subfolder_finds_the_project(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT / "content" / "forbund" / "varend")
    code, out, _ = run(["check", "2022.md"], capsys)
    assert code == 0 and out == "Inga fel (1 fil).\n"


@pytest.mark.slow
def test_check_prints_exactly_what_the_build_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "forbund/varend/2024.md": BROKEN_PLAN,
        "forbund/varend/anteckning.md": NO_TITLE,
        "forbund/rar-sormland/2023.md": (ROOT / "content/forbund/rar-sormland/2023.md")
        .read_text(encoding="utf-8")
        .replace("printed: 8119", "printed: 8118"),
        "jamfor/index.md": "# Min jämförelse\n",
    }
    folder = copy_project(tmp_path / "broken", files)
    build = run_build(folder, tmp_path / "site", strict=False)
    assert build.returncode != 0
    monkeypatch.chdir(folder)
    code, out, err = run(["check"], capsys)
    assert code == 1
    assert err == ""
    expected = logged(build.log)
    assert expected == logged(out)
    assert len([line for line in expected if line.startswith("ERROR")]) >= 5
    assert any(
        line.startswith("WARNING -  content/forbund/varend/anteckning.md") for line in expected
    )
    assert "ERROR   -  content/jamfor/index.md" in out
    assert out.splitlines()[-1] == expected[-1]
    assert re.fullmatch(
        r"ERROR   -  \d+ fel i innehållet: bygget stoppades\. Rätta felen ovan och spara igen\.",
        out.splitlines()[-1],
    )
    assert "Traceback" not in out + err


def test_check_with_paths_reports_only_those_files(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    (project / "content/forbund/varend/2024.md").write_text(BROKEN_PLAN, encoding="utf-8")
    (project / "content/forbund/sodertalje/2019.md").write_text(
        BROKEN_PLAN.replace("varend", "sodertalje").replace("2024", "2019"), encoding="utf-8"
    )
    code, out, _ = run(["check", "content/forbund/varend/2024.md"], capsys)
    assert code == 1
    assert "content/forbund/varend/2024.md" in out and "sodertalje" not in out
    everything = run(["check"], capsys)[1]
    varend = logged(out)
    assert "\n".join(varend[:-1]) in everything
    assert "ERROR   -  content/forbund/sodertalje/2019.md" in everything
    errors = [line for line in varend if line.startswith("ERROR   -  content/")]
    assert varend[-1] == (
        f"ERROR   -  {len(errors)} fel i innehållet: bygget stoppades. Rätta felen ovan och "
        "spara igen."
    )
    code, out, _ = run(["check", "content/forbund/varend"], capsys)
    assert code == 1 and "sodertalje" not in out
    code, out, _ = run(["check", "content/forbund/rar-sormland/"], capsys)
    assert code == 0 and out.startswith("Inga fel (")


def test_a_valid_new_plan_whose_profile_exists_passes_with_a_path(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    (project / "content/forbund/varend/2024.md").write_text(VALID_PLAN, encoding="utf-8")
    code, out, _ = run(["check", "content/forbund/varend/2024.md"], capsys)
    assert (code, out) == (0, "Inga fel (1 fil).\n")


def test_warnings_stop_the_check_as_they_stop_the_strict_build(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    (project / "content/forbund/varend/anteckning.md").write_text(NO_TITLE, encoding="utf-8")
    closing = (
        "ERROR   -  1 varning i innehållet: webbplatsen publiceras inte med varningar, så bygget "
        "stoppades. Åtgärda varningen ovan och spara igen."
    )
    for argv in (["check"], ["check", "--strict"]):  # --strict: still taken, for older scripts
        code, out, _ = run(argv, capsys)
        assert code == 1
        assert out.startswith(
            "WARNING -  content/forbund/varend/anteckning.md, rad 1: fältet title\n"
        )
        assert out.splitlines()[-1] == closing
    build = run_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert logged(build.log) == logged(out)


def test_usage_errors_exit_with_2_in_swedish(project: Path, capsys: pytest.CaptureFixture) -> None:
    for argv in (
        ["check", "--bogus"],
        ["check", "finns-inte.md"],
        ["check", "/"],
        ["bogus"],
        [],
        ["new"],
        ["new", "varend", "20"],
        ["import", "--unit", "ton"],
    ):
        code, _out, err = run(argv, capsys)
        assert code == 2, argv
        assert "Traceback" not in err and "error:" not in err and "usage:" not in err, (argv, err)
    assert "okända argument: --bogus" in run(["check", "--bogus"], capsys)[2]
    assert "finns-inte.md finns inte" in run(["check", "finns-inte.md"], capsys)[2]
    assert "ligger inte i innehållsmappen content/" in run(["check", "/"], capsys)[2]
    assert "ogiltigt val" in run(["bogus"], capsys)[2]


def test_no_project_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check"], capsys)
    assert code == 2 and "Hittade ingen mkdocs.yml" in err


def test_unreadable_file_is_a_swedish_error(
    project: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: str) -> bytes:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(
        sources, "contents", refused
    )  # root reads any file: make one fail as it would for an editor
    code, out, err = run(["check", "content/forbund/varend/2022.md"], capsys)
    assert code == 1
    assert (
        "ERROR   -  content/forbund/varend/2022.md\n  Förväntat: en fil som går att läsa\n"
        "  Hittat: ett fel vid läsning (Permission denied)"
    ) in out
    assert "Traceback" not in out + err


def test_link_is_an_error_and_is_not_followed(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "content/forbund/varend/.#2022.md").symlink_to(project / "finns-inte")
    code, out, err = run(["check"], capsys)
    assert code == 1
    assert (
        "ERROR   -  content/forbund/varend/.#2022.md\n  Förväntat: en vanlig fil eller mapp\n"
        "  Hittat: en symbolisk länk till "
    ) in out
    assert "Traceback" not in out + err


def test_config_with_unknown_tags_and_another_docs_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, 'x']\ndocs_dir: sidor\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    (tmp_path / "sidor/forbund/varend").mkdir(parents=True)
    (tmp_path / "sidor/forbund/varend/index.md").write_text(
        (ROOT / "content/forbund/varend/index.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "sidor/forbund/varend/2024.md").write_text(BROKEN_PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check"], capsys)
    assert code == 1 and "ERROR   -  sidor/forbund/varend/2024.md, rad" in out


def test_readme_beside_index_is_an_error_as_mkdocs_would_leave_it_out(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    (project / "content/forbund/varend/README.md").write_text("trasig: [\n", encoding="utf-8")
    code, out, _ = run(["check"], capsys)
    assert code == 1, out
    assert (
        "ERROR   -  content/forbund/varend/README.md\n"
        "  Förväntat: en fil per adress på webbplatsen\n"
        "  Hittat: samma adress (forbund/varend/index.html) som content/forbund/varend/index.md"
    ) in out
    assert "trasig" not in out  # MkDocs leaves it out, so its text is not read either


def test_check_is_fast_on_the_real_content(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.chdir(ROOT)
    start = time.perf_counter()
    assert cli.main(["check"]) == 0
    assert time.perf_counter() - start < 1.0
    capsys.readouterr()


@pytest.mark.slow
def test_check_as_a_subprocess() -> None:
    done = finsam_check(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Inga fel (") and done.stderr == ""
    done = finsam_check(ROOT, "--strict", "nope")
    assert done.returncode == 2 and "finns inte" in done.stderr and "Traceback" not in done.stderr


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["--help"], ["-h"], ["check", "--help"], ["new", "-h"], ["import", "--help"]]
)
def test_help_is_swedish_with_examples(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.startswith("Användning: finsam")
    assert "visa den här hjälpen och avsluta" in out and "flaggor:" in out and "exempel:" in out
    for english in (
        "usage:",
        "options:",
        "show this help",
        "positional arguments",
        "optional arguments",
        "error",
    ):
        assert english not in out


def test_subcommand_help_has_argument_section(capsys: pytest.CaptureFixture) -> None:
    out = run(["check", "--help"], capsys)[1]
    assert (
        "argument:\n  SÖKVÄG" in out
        and "--format" in out
        and "finsam check content/forbund/varend/2022.md" in out
    )


# --- new --------------------------------------------------------------------------------------


def _fields(out: str) -> list[str]:
    return re.findall(r"^ERROR   -  \S+, rad \d+: fältet (\S+)$", out, re.MULTILINE)


def _placeholders_only(out: str) -> bool:
    """Return whether every error a check printed is a placeholder from finsam new."""
    expected = [line for line in out.splitlines() if line.startswith("  Förväntat:")]
    return bool(expected) and all("platshållare från finsam new" in line for line in expected)


def test_new_plan_from_the_latest_plan(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["new", "rar-sormland", "2024"], capsys)
    assert code == 0
    assert re.match(
        r"Skrev content/forbund/rar-sormland/2024\.md: planen 2024 från 2023\.md \(2 intäktsrader, "
        r"4 kostnadsrader, 8 insatser\), med \d+ platshållare att fylla i\.\n",
        out,
    )
    assert "make check fil=content/forbund/rar-sormland/2024.md" in out and "make import" in out
    text = (project / "content/forbund/rar-sormland/2024.md").read_text(encoding="utf-8")
    node = parse(split(text).front_matter)
    year = node.value["budget"].value[2024].value
    costs = year["costs"].value
    assert [c.value["label"].value for c in costs] == [
        "Styrelse",
        "Kansli",
        "Samverkansstöd, ESF, utvärdering",
        "Samverkansinsatser",
    ]
    items = costs[3].value["items"].value
    assert [
        (i.value["label"].value, i.value["owner"].value if "owner" in i.value else None)
        for i in items
    ][:2] == [("SIKTA", "Region Sörmland"), ("NUVAS", "Nyköpings kommun")]
    assert all(i.value["amount"].value == "FYLL I: belopp" for i in items)
    assert "discrepancies" not in node.value
    code, out, _ = run(["check", "content/forbund/rar-sormland/2024.md"], capsys)
    assert code == 1 and _placeholders_only(out)
    fields = _fields(out)
    amounts = [f for f in fields if f.endswith(".amount")]
    assert len(amounts) == 2 + 4 + 8
    assert set(fields) - set(amounts) == {
        "title",
        "adopted",
        "source",
        "unit",
        "budget.2024.income_total",
        "budget.2024.costs_total",
        "budget.2024.carried_over",
        "budget.2024.result",
    }
    assert run(["check", "content/forbund/rar-sormland/2023.md"], capsys)[0] == 0


def test_new_plan_for_a_forbund_without_plans(project: Path, capsys: pytest.CaptureFixture) -> None:
    profile = (project / "content/forbund/varend/index.md").read_text(encoding="utf-8")
    (project / "content/forbund/nytt").mkdir()
    (project / "content/forbund/nytt/index.md").write_text(
        profile.replace("org_number: 222000-2634\n", ""), encoding="utf-8"
    )
    code, out, _ = run(["new", "nytt", "2025"], capsys)
    assert code == 0 and "en mall för planen 2025" in out
    code, out, _ = run(["check", "content/forbund/nytt"], capsys)
    assert code == 1 and _placeholders_only(out)
    assert {"source", "unit", "budget.2025.income[1].amount"} <= set(_fields(out))


def test_new_profile(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["new", "ostra-skaraborg"], capsys)
    assert code == 0 and out.startswith("Skrev content/forbund/ostra-skaraborg/index.md")
    assert "make new forbund=ostra-skaraborg ar=ÅR" in out and "make import" not in out
    code, out, _ = run(["check", "content/forbund/ostra-skaraborg/index.md"], capsys)
    assert code == 1 and _placeholders_only(out)
    assert {"name", "short_name", "county", "members[3]", "members[4]"} <= set(_fields(out))


def test_new_forbund_with_its_first_plan_in_one_command(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = run(
        [
            "new",
            "exempel",
            "2025",
            "--namn",
            "Samordningsförbundet Exempel",
            "--kortnamn",
            "Exempel",
            "--lan",
            "Exempels län",
            "--medlem",
            "Region Exempel",
            "--medlem",
            "Exempels kommun",
            "--bildat",
            "2008",
        ],
        capsys,
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Skrev content/forbund/exempel/index.md: en ny förbundsprofil")
    assert lines[1].startswith("Skrev content/forbund/exempel/2025.md: en mall för planen 2025")
    assert "make check fil=content/forbund/exempel/:" in out
    profile = split((project / "content/forbund/exempel/index.md").read_text(encoding="utf-8"))
    assert "name: Samordningsförbundet Exempel\nshort_name: Exempel\ncounty: Exempels län\n" in (
        profile.front_matter
    )
    assert "founded: 2008\n" in profile.front_matter
    code, out, _ = run(["check", "content/forbund/exempel/"], capsys)
    assert code == 1 and _placeholders_only(out)
    fields = set(_fields(out))
    assert {"org_number", "website", "source", "unit"} <= fields
    assert not {"name", "short_name", "county", "founded"} & fields
    assert not [f for f in fields if f.startswith("members")]


def test_new_takes_members_separated_by_semicolons_as_make_passes_them(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["new", "exempel", "--namn", "Samordningsförbundet Exempel", "--kortnamn", "Exempel"]
    argv += ["--lan", "Exempels län", "--medlem", " Region Exempel;Exempels kommun ; "]
    assert run(argv, capsys)[0] == 0
    profile = split((project / "content/forbund/exempel/index.md").read_text(encoding="utf-8"))
    members = parse(profile.front_matter).value["members"]
    assert [m.value for m in members.value][-2:] == ["Region Exempel", "Exempels kommun"]


def test_new_facts_for_an_existing_profile_are_refused(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    code, _, err = run(["new", "varend", "2030", "--namn", "Annat namn"], capsys)
    assert code == 2 and "har redan en profil" in err
    assert not (project / "content/forbund/varend/2030.md").exists()


def test_new_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture) -> None:
    plan = project / "content/forbund/rar-sormland/2023.md"
    before = plan.read_bytes()
    code, _, err = run(["new", "rar-sormland", "2023"], capsys)
    assert code == 1 and "finns redan och skrivs inte över" in err
    assert plan.read_bytes() == before
    profile = project / "content/forbund/varend/index.md"
    before = profile.read_bytes()
    code, _, err = run(["new", "varend"], capsys)
    assert code == 1 and "finns redan" in err and profile.read_bytes() == before


def test_new_rejects_bad_slugs_and_years(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(["new", "Östra Skaraborg"], capsys)
    assert code == 2 and "Menade du ostra-skaraborg?" in err
    code, _, err = run(["new", "varend", "1999"], capsys)
    assert code == 2 and "2004 eller senare" in err
    code, _, err = run(["new", "nytt", "2025", "--bildat", "tjugo"], capsys)
    assert code == 2 and not (project / "content/forbund/nytt").exists()


# --- import -----------------------------------------------------------------------------------


def test_import_file_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "tabell.txt"
    table.write_text(SEED_001, encoding="utf-8")
    code, out, err = run(["import", str(table)], capsys)
    assert code == 0 and err == ""
    assert "unit: tkr" in out and "carried_over: 1488" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED_000))
    code, out, err = run(["import", "-"], capsys)
    assert code == 0 and "  2023:" in out and "result: -3600" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED_000))
    code, out, _ = run(["import", "--years", "2031,2032,2033", "--unit", "tkr"], capsys)
    assert code == 0 and "  2033:" in out and "unit: tkr  # angiven med --unit" in out


def test_import_reports_unread_lines_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    table = tmp_path / "tabell.txt"
    table.write_bytes(("Intäkter 2024\nStaten 8 000\nOklart värde 2,5\n").encode("cp1252"))
    code, out, err = run(["import", str(table)], capsys)
    assert code == 1
    assert 'Rad 3: kunde inte läsa "Oklart värde 2,5"' in err and "Windows-1252" in err
    assert "Staten, category: state, amount: 8000" in out and "#   Rad 3:" in out


def test_import_missing_file(capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(["import", "finns-inte.txt"], capsys)
    assert code == 2 and "Kunde inte läsa finns-inte.txt" in err


# --- worker processes for check ---------------------------------------------------------------


def test_check_uses_only_the_cores_no_other_process_is_running_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loadavg = tmp_path / "loadavg"
    real_open = open
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(
        "builtins.open",
        lambda path, *a, **k: real_open(loadavg if path == "/proc/loadavg" else path, *a, **k),
    )
    for running, free in (("1/120", 8), ("3/120", 6), ("12/300", 1)):
        loadavg.write_text(f"0.52 0.40 0.33 {running} 4242\n", encoding="ascii")
        assert background.free_cores() == free
    loadavg.unlink()
    assert background.free_cores() == 8  # no /proc: every core
