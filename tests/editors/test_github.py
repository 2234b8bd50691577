"""GitHub's formats, and `finsam check --format github`.

Workflow commands escaped as GitHub documents, the job summary, the issue-form link.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import VALID_PLAN, copy_project

from finsam.editors import cli, github
from finsam.problems import WARNING, Problem, printable
from finsam.site import report

HOSTILE = (
    "50 % av 100,\r\nrad 2: ::error::inte ett kommando, [länk](x) | <b>&amp;</b> `kod` *fet* $x$ "
    ":smile: #1 @någon"
)


def unescaped_data(text: str) -> str:
    """Undo the escaping of a message, as GitHub's runner does."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescaped_property(text: str) -> str:
    """Undo the escaping of a property value, as GitHub's runner does."""
    return unescaped_data(text.replace("%3A", ":").replace("%2C", ","))


# --- escaping (the rules of @actions/core: escapeData and escapeProperty) -------------------------


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("100 %", "100 %25", "100 %25"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
        ("%0A", "%250A", "%250A"),
        ("Värend – 1 000 tkr", "Värend – 1 000 tkr", "Värend – 1 000 tkr"),
    ],
)
def test_escaping_follows_githubs_rules(text: str, data: str, prop: str) -> None:
    assert github.escaped_data(text) == data
    assert github.escaped_property(text) == prop
    assert unescaped_data(github.escaped_data(text)) == text
    assert unescaped_property(github.escaped_property(text)) == text


def test_command_leaves_out_properties_without_a_value() -> None:
    assert (
        github.command("error", {"file": "a.md", "line": None, "title": "T"}, "m")
        == "::error file=a.md,title=T::m"
    )
    assert github.command("warning", {}, "m") == "::warning::m"


def _problem(**changes: object) -> Problem:
    values = {
        "path": "content/forbund/varend/2024.md",
        "line": 12,
        "field": "budget.2024.income_total",
        "expected": "income_total lika med summan av intäktsraderna: 100 kr",
        "found": "income_total: 90 kr",
        "fix": "Jämför med källdokumentet.",
    }
    return Problem(**{**values, **changes})


def test_annotation_names_file_line_and_a_short_swedish_title() -> None:
    line = github.annotation(_problem())
    assert line == (
        "::error file=content/forbund/varend/2024.md,line=12,title=Fel i fältet "
        "budget.2024.income_total"
        "::Förväntat: income_total lika med summan av intäktsraderna: 100 kr%0AHittat: "
        "income_total: 90 kr%0AGör så här: Jämför med källdokumentet."
    )


def test_warning_without_line_or_field_is_a_warning_on_the_file() -> None:
    line = github.annotation(_problem(line=None, field=None, found=None, severity=WARNING))
    assert line.startswith(
        "::warning file=content/forbund/varend/2024.md,title=Varning i filen::Förväntat: "
    )
    assert "Hittat" not in line


def test_hostile_texts_stay_on_one_line_and_in_their_place() -> None:
    problem = _problem(
        field=f"budget.2024.costs.{HOSTILE}", found=HOSTILE, path="content/forbund/a,b:c/2024.md"
    )
    line = github.annotation(problem)
    assert "\n" not in line and "\r" not in line
    head, message = re.fullmatch(r"::error (.*?)::(.*)", line).groups()
    properties = dict(part.split("=", 1) for part in head.split(","))
    assert set(properties) == {"file", "line", "title"}
    assert unescaped_property(properties["file"]) == "content/forbund/a,b:c/2024.md"
    assert (
        unescaped_property(properties["title"])
        == f"Fel i fältet budget.2024.costs.{printable(HOSTILE)}"
    )
    assert unescaped_data(message) == github.annotation_text(problem)
    assert f"Hittat: {printable(HOSTILE)}" in unescaped_data(
        message
    )  # as the log shows it: the line break as \r\n, the command broken
    assert "\\r\\nrad 2: :\\x3aerror::inte" in unescaped_data(message)


def test_annotations_list_errors_then_warnings() -> None:
    lines = github.annotations([_problem(severity=WARNING), _problem(line=3)])
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]


def test_log_lines_stop_commands_around_the_messages() -> None:
    lines = github.log_lines(["::error::från en plan", "rad två"], token="abc123")
    assert lines == [
        "::group::Alla meddelanden",
        "::stop-commands::abc123",
        "::error::från en plan",
        "rad två",
        "::abc123::",
        "::endgroup::",
    ]
    assert (
        github.log_lines(["x"])[1] != github.log_lines(["x"])[1]
    )  # a fresh token each time: no plan can guess it


# --- Markdown for the job summary ---------------------------------------------------------------


def test_markdown_text_escapes_what_github_markdown_reads() -> None:
    text = github.markdown_text(HOSTILE)
    assert "\n" not in text and "\r" not in text
    for special in "|[]<>`*$:#@&":
        assert special not in text.replace(f"\\{special}", "")
    assert re.sub(r"\\(.)", r"\1", text) == printable(
        HOSTILE
    )  # shown as typed, as the log shows it: the line break as \r\n


def test_fenced_block_outlasts_backticks_in_the_text() -> None:
    block = github.fenced("a ```` b")
    assert block.startswith("`````text\n") and block.endswith("\n`````")


def test_check_summary_lists_every_problem_and_says_what_the_pull_request_shows() -> None:
    problems = [_problem(line=n) for n in range(1, 13)] + [
        _problem(severity=WARNING, found=HOSTILE)
    ]
    text = github.check_summary(problems, "3 förbund")
    assert text.startswith(
        "## Kontroll av innehållet\n\n**12 fel i innehållet: webbplatsen kan inte byggas.** Rätta "
        "felen nedan."
    )
    assert "12 fel, 1 varning." in text
    assert "GitHub visar högst 10 fel och 10 varningar" in text
    assert text.count("### Fel i content/forbund/varend/2024.md, rad ") == 12
    assert text.count("### Varning i ") == 1
    assert "Hittat: 50 % av 100," in text  # in a code block, as typed


def test_check_summary_without_problems_is_one_line() -> None:
    assert (
        github.check_summary([], "3 förbund, 4 planer")
        == "## Kontroll av innehållet\n\nInga fel (3 förbund, 4 planer).\n"
    )


def test_check_summary_stays_within_githubs_limit() -> None:
    problems = [_problem(line=n, fix="x" * 2000) for n in range(1, 1000)]
    text = github.check_summary(problems, "")
    assert len(text.encode("utf-8")) < github.SUMMARY_LIMIT
    assert "får inte plats här: se loggen" in text


# --- the issue form link --------------------------------------------------------------------------


def test_issue_url_opens_the_form_with_page_and_plan_filled_in() -> None:
    url = report.plan_issue_url(
        "https://github.com/finsam-planer/finsam-planer",
        "https://example.se/forbund/a/2024/",
        "Förbundet A & B",
        f"Plan {HOSTILE}",
        "content/forbund/a/2024.md",
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/finsam-planer/finsam-planer/issues/new",
    )
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["template"] == ["fel-i-en-plan.yml"]
    assert query["title"] == [f"Fel i planen: Förbundet A & B, Plan {HOSTILE}"]
    assert query["sida"] == ["https://example.se/forbund/a/2024/"]
    assert query["plan"] == [f"Förbundet A & B: Plan {HOSTILE} (content/forbund/a/2024.md)"]
    assert not set(parts.query) & set(" \n\r<>\"'#")


@pytest.mark.parametrize(
    "repo_url",
    [
        None,
        "",
        "https://gitlab.com/a/b",
        "javascript:alert(1)",
        "https://github.com/a",
        "https://github.com/a/b/c",
    ],
)
def test_no_issue_url_outside_github(repo_url: str | None) -> None:
    assert report.plan_issue_url(repo_url, "x/", "A", "B", "c") is None


def test_repository_address_is_normalised() -> None:
    assert report.repository("https://github.com/o/r.git") == "https://github.com/o/r"
    assert report.repository("https://github.com/o/r/") == "https://github.com/o/r"


# --- finsam check --format github -----------------------------------------------------------------

BROKEN = VALID_PLAN.replace(
    "amount: 100}\n    costs", "amount: 100}\n    income_total: 90\n    costs"
).replace("{label: Kansli,", '{label: "Kansli 50 %, del: ::error::",')


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project, as the current directory.

    With the job summary file GitHub would give.
    """
    folder = copy_project(tmp_path / "project", {})
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return folder


def _run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_github_format_without_problems_exits_0_and_writes_the_summary(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out, _ = _run(["check", "--format", "github"], capsys)
    assert code == 0
    assert out.startswith("Inga fel (")
    assert "::" not in out
    summary = Path(project.parent / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Kontroll av innehållet\n\nInga fel (")


def test_github_format_annotates_each_problem_and_exits_1(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    (project / "content" / "forbund" / "varend" / "2024.md").write_text(BROKEN, encoding="utf-8")
    plain_code, plain, _ = _run(["check"], capsys)
    code, out, _ = _run(["check", "--format", "github"], capsys)
    assert code == plain_code == 1
    lines = out.splitlines()
    commands = [line for line in lines if line.startswith("::error ")]
    assert commands == [line for line in lines if line.startswith(("::error", "::warning"))]
    assert len(commands) == 1
    assert commands[0].startswith("::error file=content/forbund/varend/2024.md,line=")
    assert ",title=Fel i fältet budget.2024." in commands[0]
    start, end = lines.index("::group::Alla meddelanden"), lines.index("::endgroup::")
    token = lines[start + 1].removeprefix("::stop-commands::")
    assert lines[end - 1] == f"::{token}::"
    assert (
        lines[start + 2 : end - 1] == plain.splitlines()[:-1]
    )  # every message as the plain check prints it
    assert lines[-1] == plain.splitlines()[-1]  # and the same closing line
    summary = Path(project.parent / "summary.md").read_text(encoding="utf-8")
    assert (
        "**1 fel i innehållet" in summary
        and "### Fel i content/forbund/varend/2024.md, rad " in summary
    )


def test_github_format_stops_at_a_warning(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "content" / "forbund" / "varend" / "anteckning.md").write_text(
        "Text utan rubrik.\n", encoding="utf-8"
    )
    assert _run(["check", "--format", "github", "--strict"], capsys)[0] == 1
    code, out, _ = _run(["check", "--format", "github"], capsys)
    assert code == 1
    assert (
        "::warning file=content/forbund/varend/anteckning.md,line=1,title=Varning i fältet title::"
        in out
    )


def test_unknown_format_is_wrong_use(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = _run(["check", "--format", "xml"], capsys)
    assert code == 2
    assert "ogiltigt val" in err


def test_summary_that_cannot_be_written_is_a_note_not_a_traceback(
    project: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(project / "finns-inte" / "summary.md"))
    code, out, _ = _run(["check", "--format", "github"], capsys)
    assert code == 0
    assert "Obs: kunde inte skriva sammanfattningen" in out
