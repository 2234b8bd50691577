"""Logs that CI runners obey.

Everything the build and the editors' tools print, read by GitHub's own rules for workflow commands.

PLAN-FORMAT.md, "Values are text": whatever the build and the editors' tools print is printed so
that no line can be taken as a runner's command. The pull request's content job prints `finsam check
--format github`, `mkdocs build --strict` and `finsam diff HEAD^1 | tee -a "$GITHUB_STEP_SUMMARY"`
to a log that GitHub's runner reads line by line (.github/workflows/site.yml). Hostile texts from
the contract's fields and file names go through every one of these, in subprocesses as CI runs them,
and every line printed (standard output, standard error, the build's log, the job summary) is read
as the runner reads it: none may be a command except the annotations and log markers `check --format
github` means to print, and those must say exactly what the plain message says.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import copy_project, git, run_build
from hypothesis import given
from hypothesis import strategies as st

from finsam.editors import github
from finsam.problems import WARNING, Problem, printable

# --- GitHub's rules for workflow commands -------------------------------------------------------
#
# As GitHub's runner applies them (github.com/actions/runner):
#
# - src/Runner.Sdk/ProcessInvoker.cs reads a step's output with StreamReader.ReadLine: a line ends
#   at "\n", "\r" or "\r\n". runner_lines() splits at every line break Python knows (also
#   U+0085, U+2028, U+2029, VT, FF, FS, GS, RS): a superset, so that a log viewer that breaks
#   lines there shows no command either.
# - src/Runner.Worker/Handlers/OutputManager.cs (OnDataReceived) tries a line as a command only
#   if it contains "##[" or "::"; src/Runner.Worker/ActionCommandManager.cs (TryProcessCommand)
#   tries ActionCommand.TryParseV2 first, then the legacy ActionCommand.TryParse, and obeys the
#   first that succeeds. While stopped by "::stop-commands::TOKEN" it obeys only "::TOKEN::"
#   (TOKEN is then registered as a command name) and prints the rest.
# - src/Runner.Common/ActionCommand.cs:
#   - TryParseV2: the line after TrimStart() (every leading char.IsWhiteSpace) starts with "::";
#     the next "::" after it ends "name properties"; the name runs to the first space; the
#     properties (after the space, Trim()med) are split at "," (empty entries dropped), each at
#     its first "=" into key and value; the value is unescaped %0D → CR, %0A → LF, %3A → ":",
#     %2C → ",", %25 → "%"; the rest of the line is the data, unescaped %0D, %0A, %25.
#   - TryParse (v1, "##[name properties]data"): "##[" anywhere in the line; the next "]" ends
#     "name properties"; properties split at ";"; values and data unescaped %3B → ";",
#     %0D, %0A, %5D → "]", %25 → "%".
#   - Only registered names are obeyed (case-insensitively): add-mask, error, warning, notice,
#     debug, group, endgroup, echo, add-matcher, remove-matcher, set-output, save-state,
#     stop-commands, … and any stop token. runner_command() takes any non-empty name, so that
#     a command the runner learns later, or a token, counts too.
# - @actions/core (toolkit, packages/core/src/command.ts) escapes a message (escapeData) as
#   % → %25, CR → %0D, LF → %0A, and a property (escapeProperty) also ":" → %3A, "," → %2C:
#   what finsam.editors.github does, and what TryParseV2 undoes.
#
# .NET's whitespace (char.IsWhiteSpace) is a subset of Python's str.isspace(), so str.lstrip()
# trims at least what TrimStart() does.

V2_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
V2_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
V1_ESCAPES = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))


@dataclass(frozen=True)
class Command:
    """A line GitHub's runner would obey.

    Its form (v2 ::…:: or legacy ##[…]), name, properties and data, unescaped.
    """

    form: str
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""


def _unescaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for code, character in escapes:  # in the runner's order, one replacement after another
        text = text.replace(code, character)
    return text


def _properties(text: str, separator: str, escapes: tuple[tuple[str, str], ...]) -> dict[str, str]:
    found = {}
    for part in text.split(separator):
        pair = [piece for piece in part.split("=", 1) if piece]  # Split('=', 2, RemoveEmptyEntries)
        if len(pair) == 2:
            found[pair[0].lower()] = _unescaped(pair[1], escapes)  # keys compared OrdinalIgnoreCase
    return found


def _v2(line: str) -> Command | None:
    """ActionCommand.TryParseV2."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not name:
        return None  # new ActionCommand("") throws: not a command
    properties = (
        _properties(info[space + 1 :].strip(), ",", V2_PROPERTY_ESCAPES) if space > 0 else {}
    )
    return Command("v2", name, properties, _unescaped(message[end + 2 :], V2_DATA_ESCAPES))


def _v1(line: str) -> Command | None:
    """ActionCommand.TryParse, the legacy form."""
    start = line.find("##[")
    if start < 0:
        return None
    end = line.find("]", start)
    if end < 0:
        return None
    info = line[start + 3 : end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not name:
        return None
    properties = _properties(info[space + 1 :], ";", V1_ESCAPES) if space > 0 else {}
    return Command("v1", name, properties, _unescaped(line[end + 1 :], V1_ESCAPES))


def runner_command(line: str) -> Command | None:
    """Return the command GitHub's runner would take a line of output as, or None.

    As ActionCommandManager.TryProcessCommand does.
    """
    return _v2(line) or _v1(line)


def runner_lines(text: str) -> list[str]:
    """Return the lines of a step's output as the runner (or a log viewer) reads them."""
    return text.splitlines()


def commands_in(text: str) -> list[str]:
    """Return every line of a text that GitHub's runner would obey."""
    return [line for line in runner_lines(text) if runner_command(line) is not None]


# The rules above, on examples read off ActionCommand.cs: checked when this file is loaded, since
# every test below relies on them (they are the test's, not the project's).
RULE_EXAMPLES = (
    ("::error::x", Command("v2", "error", {}, "x")),
    (
        "  \u3000::error file=a%2Cb%3A.md,line=3::x%0Ay%25",
        Command("v2", "error", {"file": "a,b:.md", "line": "3"}, "x\ny%"),
    ),
    ("::add-mask::hemligt", Command("v2", "add-mask", {}, "hemligt")),
    ("::stop-commands::t", Command("v2", "stop-commands", {}, "t")),
    ("Hittat: ##[add-mask]x", Command("v1", "add-mask", {}, "x")),
    (
        "text ##[error file=a%3Bb.md;line=2]x%5D",
        Command("v1", "error", {"file": "a;b.md", "line": "2"}, "x]"),
    ),
    ("Hittat: ::error::x", None),  # v2 only at the start of a line
    (":\\x3aerror::x", None),
    ("##\\x5badd-mask]x", None),
    ("::error", None),
    ("::::x", None),
    ("## [add-mask]", None),
)
for _line, _command in RULE_EXAMPLES:
    assert runner_command(_line) == _command, f"GitHub's rules as written here misread {_line!r}"
assert runner_lines("a\r::error::b\n\u2028c\u0085d") == ["a", "::error::b", "", "c", "d"]


# --- hostile texts ------------------------------------------------------------------------------

# Each tries to start a command: at the start of a text, after a line break of every kind, after
# whitespace the runner trims, escaped as the runner unescapes.
HOSTILE = (
    "::error::x",
    "##[add-mask]x",
    "::stop-commands::t",
    "\n::warning::w",
    "%0A::error::p",
    "\r::error::r",
    "\r\n::error::rn",
    "\u2028::error::ls",
    "\u2029::error::ps",
    "\u0085::error::nel",
    "   ::error::sp",
    "\u3000::error::ideo",
    "\t::error::tab",
    "\x1b[2J::error::esc",
)
MARKER = "add-mask"  # in texts that reach the output: proof that it was printed, escaped


def hostile_text(base: str, hostile: str) -> str:
    """Return a text that is base followed by a hostile part.

    Not the hostile part first: a text starting with it could be refused as a formula.
    """
    return f"{base} {hostile}"


# What the project's own texts print just before a value: nothing (a value may start a line),
# spaces, a label, a path. Never "#" or ":" right before a value: "#" + "#[…" would join into "##[".
BEFORE_A_VALUE = (
    "",
    " ",
    "\u3000",
    "  Hittat: ",
    "ERROR   -  ",
    "fältet budget.2024.costs.",
    "| ",
    "`",
)


@given(st.text())
def test_a_printable_text_is_one_line_and_never_a_command(text: str) -> None:
    shown = printable(text)
    assert len(runner_lines(shown)) <= 1
    for before in BEFORE_A_VALUE:
        assert runner_command(before + shown) is None
        assert runner_command(before + shown + " ::x") is None  # nor does what follows it make one


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("::error::x", ":\\x3aerror::x"),
        ("##[add-mask]x", "##\\x5badd-mask]x"),
        ("###[x", "###\\x5bx"),
        ("Kansli\n::warning::w", "Kansli\\n::warning::w"),
        ("a\r\nb", "a\\r\\nb"),
        ("a\u2028b\u2029c\u0085d", "a\\u2028b\\u2029c\\x85d"),
        ("   ::error::sp", "   :\\x3aerror::sp"),
        ("Styrelse: arvoden, 10 % av 2 000", "Styrelse: arvoden, 10 % av 2 000"),
        ("Värend – Ödeshög", "Värend – Ödeshög"),
    ],
)
def test_printable_shows_line_breaks_and_breaks_commands_readably(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown  # printing twice changes nothing


# --- annotations: the only commands, saying what the message says -----------------------------


def parsed_annotation(line: str) -> Command:
    command = runner_command(line)
    assert command is not None and command.form == "v2" and command.name in {"error", "warning"}, (
        line
    )
    return command


def message_body(message: str) -> str:
    """Return the lines of a plain message after its first, as an annotation's message has them.

    Förväntat, (Hittat,) Gör så här not indented, a fix's own lines as they are.
    """
    lines = message.split("\n")[1:]
    heads = 3 if lines[1].startswith("  Hittat: ") else 2
    assert all(line.startswith("  ") for line in lines[:heads])
    return "\n".join([line[2:] for line in lines[:heads]] + lines[heads:])


@given(
    path=st.text(min_size=1),
    field_=st.none() | st.text(min_size=1),
    expected=st.text(),
    found=st.none() | st.text(),
    fix=st.text(),
    line=st.none() | st.integers(1, 10_000),
)
def test_any_problem_prints_no_command_and_its_annotation_says_what_its_message_says(
    path: str, field_: str | None, expected: str, found: str | None, fix: str, line: int | None
) -> None:
    problem = Problem(path, line, field_, expected, found, fix)
    message = problem.message()
    assert commands_in(message) == [] and commands_in("ERROR   -  " + message) == []
    annotation = github.annotation(problem)
    assert runner_lines(annotation) == [annotation]
    command = parsed_annotation(annotation)
    title = f"Fel i fältet {printable(field_)}" if field_ else "Fel i filen"
    expected_properties = {
        "file": printable(path),
        "title": title.rstrip(),
    }  # the runner Trim()s a command's properties: a title's last spaces go
    if line is not None:
        expected_properties["line"] = str(line)
    assert command.properties == expected_properties
    assert command.data == message_body(message)
    assert commands_in(github.check_summary([problem], "1 förbundsfil")) == []


@pytest.mark.parametrize(
    "hostile", [hostile for hostile in HOSTILE if printable(hostile) != hostile]
)  # "%0A…" is GitHub's escaping's (test_github)
def test_annotation_says_exactly_what_the_message_says(hostile: str) -> None:
    problem = Problem(
        path=f"content/forbund/exempel/{hostile}.md",
        line=7,
        field=f"budget.2024.costs.{hostile}",
        expected=f"ett namn, inte {hostile}",
        found=f'texten "{hostile}"',
        fix=f"Skriv om texten {hostile}. Till exempel:\n"
        f"      - where: budget.2024.costs.{hostile}\n    Se sidan Planformatet.",
        severity=WARNING,
    )
    line = github.annotation(problem)
    assert runner_lines(line) == [line]
    command = parsed_annotation(line)
    assert command.name == "warning"
    assert command.properties == {
        "file": printable(problem.path),
        "line": "7",
        "title": f"Varning i fältet {printable(problem.field)}",
    }
    assert command.data == message_body(problem.message())
    assert (
        f"inte {printable(hostile)}\n" in problem.message()
        and f"inte {printable(hostile)}\n" in command.data
    )  # the value shown escaped, in both
    assert commands_in(problem.message()) == []
    assert commands_in(command.data) == [] and commands_in(command.properties["title"]) == []


# --- the commands, as CI runs them ----------------------------------------------------------------

PROFILE = """---
name: {name}
short_name: {short_name}
county: Exempels län
members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]
---
Förbundets text.
"""

PLAN = """---
forbund: exempel
year: {year}
title: {title}
source: {source}
unit: tkr
budget:
  {year}:
    income:
      - {{label: Medlemsavgifter, category: members, amount: 1000}}
    income_total: 1000
    costs:
{costs}
    costs_total: 1000
    result: 0
{extra}---
Text.
"""


def q(text: str) -> str:
    """Return a text as a YAML (JSON) double-quoted scalar."""
    return json.dumps(text)


def profile(name: str = "Samordningsförbundet Exempel", short_name: str = "Exempel") -> str:
    return PROFILE.format(name=q(name), short_name=q(short_name))


def plan(
    year: int, hostile: str, amount: int = 1000, items: int | None = None, extra: str = ""
) -> str:
    """Return a plan whose texts (title, source, labels, owner, note) carry a hostile part.

    Items not adding up to amount if asked.
    """
    owner = hostile_text("Exempels kommun", hostile)
    costs = (
        f"      - label: {q(hostile_text('Insatser', hostile))}\n"
        "        category: individual\n"
        f"        amount: {amount}\n"
        "        items:\n"
        f"          - {{label: {q(hostile_text('Steg 1', hostile))}, owner: {q(owner)}, amount: "
        f"{amount if items is None else items}}}"
    )
    return PLAN.format(
        year=year,
        title=q(hostile_text("Plan", hostile)),
        source=q(hostile_text("Verksamhetsplan", hostile)),
        costs=costs,
        extra=extra,
    )


def refused_content() -> dict[str, str | bytes]:
    """Return content whose hostile texts the validator refuses or reports; and hostile file names.

    The messages about them quote the hostile texts.
    """
    files: dict[str, str | bytes] = {"forbund/exempel/index.md": profile()}
    for number, hostile in enumerate(HOSTILE):
        year = 2010 + number
        where = f"budget.{year + 40}.costs.{hostile_text('Insatser', hostile)}"
        files[f"forbund/exempel/{year}.md"] = plan(
            year, hostile, items=900
        )  # items do not add up: the messages name the line
        files[f"forbund/exempel/{year + 20}.md"] = plan(
            year + 20, hostile, extra=f"{q(hostile)}: 1\n"
        )  # an unknown field named by content
        note = q(f"={hostile}")  # a formula: refused, quoted in the message
        files[f"forbund/exempel/{year + 40}.md"] = plan(
            year + 40,
            hostile,
            items=900,
            extra=f"discrepancies:\n  - {{where: {q(where)}, printed: 1000, computed: 900, note: "
            f"{note}}}\n",
        )
        files[f"forbund/filnamn/{hostile}.md"] = "x"
        files[f"{hostile} sida.md"] = "---\ntitle: Sida\n---\nText.\n"
    files["forbund/filnamn/index.md"] = profile("Samordningsförbundet Filnamn", "Filnamn")
    return files


def finsam(
    folder: Path, *arguments: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run finsam in a project folder, in a subprocess, as an editor or CI would."""
    environment = {**os.environ, "PYTHONPATH": str(folder / "hooks"), "PYTHONIOENCODING": "utf-8"}
    for name in ("GITHUB_STEP_SUMMARY", "SITE_URL"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "finsam.editors.cli", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        env=environment,
        input=stdin,
        timeout=300,
    )


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("ci-logs") / "project", refused_content())


LOG_LINE = re.compile(
    r"(?:(?:DEBUG|INFO|WARNING|ERROR) +-  |  |Aborted with )|$"
)  # a message's first line, its indented lines, MkDocs's last word


def messages_of(out: str) -> list[str]:
    """Return the messages of a plain check's output, each with its lines.

    A message's lines are indented under its first.
    """
    found: list[list[str]] = []
    for line in out.split("\n"):
        if line.startswith(("ERROR   -  ", "WARNING -  ")):
            found.append([line])
        elif line.startswith("  ") and found:
            found[-1].append(line)
    return ["\n".join(lines) for lines in found]


def test_check_prints_no_command(refused: Path) -> None:
    done = finsam(refused, "check")
    assert done.returncode == 1
    assert commands_in(done.stdout) == [] and commands_in(done.stderr) == []
    assert [
        line for line in runner_lines(done.stdout) if not LOG_LINE.match(line)
    ] == []  # no text from the content starts a line
    assert (
        MARKER in done.stdout and "\\n::warning::w" in done.stdout
    )  # the hostile texts were printed, escaped


@pytest.mark.slow
def test_check_for_github_prints_only_its_annotations_and_they_say_what_the_messages_say(
    refused: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    done = finsam(refused, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    plain = finsam(refused, "check")
    assert done.returncode == 1 and done.stderr == ""
    lines = runner_lines(done.stdout)
    messages = [
        m[len("ERROR   -  ") :]
        for m in messages_of(plain.stdout)
        if m.startswith("ERROR") and "\n" in m
    ]
    messages += [
        m[len("WARNING -  ") :] for m in messages_of(plain.stdout) if m.startswith("WARNING")
    ]
    assert len(messages) > 3 * len(HOSTILE)

    annotations, rest = lines[: len(messages)], lines[len(messages) :]
    for line, message in zip(
        annotations, sorted(messages, key=lambda m: m.startswith("WARNING")), strict=True
    ):
        command = parsed_annotation(line)
        head = message.split("\n", 1)[0]
        place, _, field_ = head.partition(": fältet ")
        shown = place.rsplit(", rad ", 1)
        assert command.properties["file"] == shown[0]
        assert command.properties.get("line") == (shown[1] if len(shown) == 2 else None)
        assert command.properties["title"] == (
            f"Fel i fältet {field_}" if field_ else "Fel i filen"
        )
        assert command.data == message_body(message)

    assert rest[0] == "::group::Alla meddelanden"
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", rest[1]).group(1)
    end = rest.index(f"::{token}::")
    assert rest[end + 1] == "::endgroup::"
    assert [line for line in rest[2:end] + rest[end + 2 :] if runner_command(line)] == []
    assert commands_in(summary.read_text(encoding="utf-8")) == []
    assert MARKER in summary.read_text(encoding="utf-8")


@pytest.mark.slow
def test_strict_build_logs_no_command(refused: Path, tmp_path: Path) -> None:
    build = run_build(refused, tmp_path / "site")
    assert build.returncode != 0
    assert commands_in(build.log) == []
    assert [
        line for line in runner_lines(build.log) if not LOG_LINE.match(line)
    ] == []  # no text from the content starts a line
    assert MARKER in build.log


@pytest.mark.slow
def test_strict_build_logs_mkdocs_own_warnings_without_commands(tmp_path: Path) -> None:
    """Links and names that MkDocs quotes in its own English warnings (or the hooks in Swedish)."""
    links = " ".join(
        f"[länk {number}]({quote(hostile, safe=':#[]')}.md)"
        for number, hostile in enumerate(HOSTILE)
    )  # line breaks as %0A, %E2%80%A8, …
    links += " [a](%0A::error::url.md) [b](##[add-mask]url.md) [c](sida/##[add-mask]url.md)"
    files = {
        "forbund/exempel/index.md": profile(
            hostile_text("Samordningsförbundet", "##[add-mask]n"),
            hostile_text("Exempel", "::error::s"),
        ),
        "forbund/exempel/2024.md": plan(2024, "##[add-mask]x").replace("Text.", f"Text {links}."),
        "sida.md": f"---\ntitle: Sida\n---\nText {links}.\n",
    }
    build = run_build(copy_project(tmp_path / "project", files), tmp_path / "site")
    assert build.returncode != 0
    assert commands_in(build.log) == []
    assert [
        line for line in runner_lines(build.log) if not LOG_LINE.match(line)
    ] == []  # a link's %0A is shown escaped, not as a line break
    assert MARKER in build.log


@pytest.mark.slow
def test_the_builds_log_filter_makes_every_record_printable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The glue's filter (hooks/mkdocs_compat.py), on the handler that prints MkDocs's log.

    Messages, their arguments, tracebacks; and a traceback that ends the build.
    """
    import mkdocs_compat

    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    mkdocs = logging.getLogger("mkdocs")
    monkeypatch.setattr(mkdocs, "handlers", [handler])
    monkeypatch.setattr(mkdocs, "propagate", False)
    monkeypatch.setattr(logging, "lastResort", logging.StreamHandler(stream))
    mkdocs_compat.printable_logs(dirty=False)
    mkdocs_compat.printable_logs(
        dirty=False
    )  # once is enough: `mkdocs serve` starts again and again
    assert len(handler.filters) == 1 and len(logging.lastResort.filters) == 1

    pages = logging.getLogger("mkdocs.structure.pages")
    pages.warning(
        "Doc file '%s' contains a link '%s', but the target is not found.",
        "##[add-mask]a.md",
        "\n::error::x.md",
    )
    logging.getLogger("mkdocs.hooks.plans").error(
        "content/a.md\n  Hittat: ##[add-mask]x\n::error::y"
    )
    try:
        raise ValueError("##[add-mask]z\n::error::z")
    except ValueError:
        logging.getLogger("mkdocs.commands.build").exception("Fel i %s", "\u2028::error::w")
    logged = stream.getvalue()
    assert commands_in(logged) == []
    assert (
        "link '\\n::error::x.md'" in logged
    )  # MkDocs's one-line warnings: a line break in them is the page's, shown escaped
    assert (
        "content/a.md\n  Hittat: ##\\x5badd-mask]x\n:\\x3aerror::y" in logged
    )  # a message's own lines kept, each printable

    sys.excepthook(ValueError, ValueError("##[add-mask]q\n::error::q"), None)
    thread = threading.Thread(target=lambda: exec("raise KeyError('##[add-mask]t')"))  # noqa: S102 - a thread that fails
    thread.start()
    thread.join()
    printed = capsys.readouterr().err
    assert commands_in(printed) == [] and MARKER in printed and "Exception in thread" in printed


# --- finsam diff, as the content job runs it ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git finns inte")
def test_diff_prints_no_command(tmp_path: Path) -> None:
    before: dict[str, str | bytes] = {}
    after: dict[str, str | bytes] = {}
    for number, hostile in enumerate(HOSTILE):
        slug = f"forbund-{number}"
        before[f"forbund/{slug}/index.md"] = profile(
            short_name=hostile_text("Förbund", hostile)
        ).replace("Exempel", f"Exempel {number}", 1)
        old = plan(2024, hostile).replace("forbund: exempel", f"forbund: {slug}")
        before[f"forbund/{slug}/2024.md"] = old
        before[f"forbund/{slug}/2023.md"] = plan(2023, hostile).replace(
            "forbund: exempel", f"forbund: {slug}"
        )  # removed after
        where = f"budget.2024.costs.{hostile_text('Insatser', hostile)}"
        changed = plan(
            2024,
            hostile_text("ny", hostile),
            amount=1000,
            items=900,
            extra=f"discrepancies:\n  - {{where: {q(where.replace('Insatser', 'Insatser ny'))}, "
            f"printed: 1000, computed: 900, note: {q(hostile_text('Avrundning', hostile))}}}\n",
        )
        after[f"forbund/{slug}/2024.md"] = changed.replace("forbund: exempel", f"forbund: {slug}")
        after[f"forbund/{slug}/{hostile} trasig.md"] = (
            "x"  # a file with errors: named, not compared
        )
    folder = copy_project(tmp_path / "repo", before)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Början")
    for uri, text in after.items():
        (folder / "content" / uri).write_text(text, encoding="utf-8")
    for number in range(len(HOSTILE)):
        (folder / "content" / f"forbund/forbund-{number}/2023.md").unlink()
    done = finsam(
        folder, "diff", "HEAD", env={"SITE_URL": "https://example.se/"}
    )  # what tee writes to the log and the job summary alike
    assert done.returncode == 1, done.stderr  # a file with errors: a failure, named
    assert commands_in(done.stdout) == [] and commands_in(done.stderr) == []
    assert MARKER in done.stdout and "Ny avvikelse" in done.stdout and "trasig" in done.stdout


# --- finsam new and import ------------------------------------------------------------------------


@pytest.mark.slow
def test_new_and_import_print_no_command(refused: Path, tmp_path: Path) -> None:
    for hostile in HOSTILE:
        done = finsam(refused, "new", hostile)
        assert done.returncode == 2 and commands_in(done.stdout + done.stderr) == []
    labels = [
        hostile_text("Kansli", hostile)
        for hostile in HOSTILE
        if not hostile.startswith(("\t", "\x1b"))
    ]
    table = "Kostnader 2023 2024\n" + "".join(
        f"{label.replace(chr(10), ' ').replace(chr(13), ' ')} 100 200\n" for label in labels
    )
    table += "##[add-mask]x ::error::y\n\u2028::error::z 1 2 3 4 5\n"
    done = finsam(refused, "import", "-", stdin=table)
    assert commands_in(done.stdout) == [] and commands_in(done.stderr) == []
    assert MARKER in done.stdout + done.stderr
    draft = yaml.safe_load(
        done.stdout
    )  # still the draft it was: an escape in a quoted text means the same character
    read = {line["label"] for line in draft["budget"][2023]["costs"]}
    assert read <= {
        " ".join(label.split()) for label in labels
    }  # the labels as pasted, their spaces tidied
    assert {"Kansli ##[add-mask]x", "Kansli ::error::x", "Kansli ::stop-commands::t"} <= read
