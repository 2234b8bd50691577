"""Write GitHub's formats for pull requests.

They are workflow commands for annotations, and the job summary in Markdown.

Workflow commands are escaped as GitHub's own toolkit (@actions/core) escapes them and its runner
(actions/runner, ActionCommand.cs) reads them back: in the message `%`, CR and LF; in a property
also `:` and `,`. Every text in them, the file's name too, is first made printable
(finsam.problems.printable) as the log shows it, so that an annotation says what the plain
message says. (A name that printable changes, with a line break or "##[" in it, is refused by the
rules for file names: its annotation then stands on the pull request rather than on the file.)
The annotations and the log group's markers are the only workflow commands printed. GitHub
shows at most MAX_ANNOTATIONS errors and as many warnings per step, so the full list also goes
to the log (printable, and between stop-commands markers besides) and to the job summary.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from ..problems import ERROR, Problem, errors, printable, printable_lines, warnings

MAX_ANNOTATIONS = 10  # of each kind (error, warning) per step: GitHub drops the rest
SUMMARY_LIMIT = 1_000_000  # bytes: GitHub refuses a step summary over 1 MiB
COMMANDS = {ERROR: "error"}
WARNING_COMMAND = "warning"
TITLE_WORDS = {ERROR: "Fel", "varning": "Varning"}
# What GitHub's Markdown reads inside a line: emphasis, code, links, HTML, tables, math, emoji,
# references.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!$:#@])")


def escaped_data(text: str) -> str:
    """Return a workflow command's message with %, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escaped_property(text: str) -> str:
    """Return a workflow command's property value with %, CR, LF, : and , escaped."""
    return escaped_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int | None], message: str) -> str:
    """Return one workflow command line, ::name key=value,…::message.

    Properties without a value are left out.
    """
    given = ",".join(
        f"{key}={escaped_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return (
        f"::{name} {given}::{escaped_data(message)}"
        if given
        else f"::{name}::{escaped_data(message)}"
    )


def title(problem: Problem) -> str:
    """Return the short Swedish title of a problem's annotation.

    For example: Fel i fältet budget.2024.income_total.
    """
    word = TITLE_WORDS.get(problem.severity, "Fel")
    return f"{word} i fältet {printable(problem.field)}" if problem.field else f"{word} i filen"


def annotation_text(problem: Problem) -> str:
    """Return the message of a problem's annotation.

    It has Förväntat, Hittat and Gör så här, one a line, as the log shows them.
    """
    lines = [f"Förväntat: {printable(problem.expected)}"]
    if problem.found is not None:
        lines.append(f"Hittat: {printable(problem.found)}")
    # A fix may show lines to copy into the file.
    lines.append(f"Gör så här: {printable_lines(problem.fix)}")
    return "\n".join(lines)


def annotation(problem: Problem) -> str:
    """Return a problem as a workflow command that shows it on its file and line."""
    name = COMMANDS.get(problem.severity, WARNING_COMMAND)
    return command(
        name,
        {"file": printable(problem.path), "line": problem.line, "title": title(problem)},
        annotation_text(problem),
    )


def annotations(problems: Iterable[Problem]) -> list[str]:
    """Return the workflow commands of the problems.

    Errors come first, then warnings, each in file and line order.
    """
    listed = list(problems)
    return [annotation(p) for p in errors(listed) + warnings(listed)]


def log_lines(messages: Iterable[str], token: str | None = None) -> list[str]:
    """Return plain log lines in a group.

    They stand between markers that stop GitHub from reading any line as a command.
    """
    marker = token or secrets.token_hex(16)
    return [
        "::group::Alla meddelanden",
        f"::stop-commands::{marker}",
        *messages,
        f"::{marker}::",
        "::endgroup::",
    ]


def markdown_text(text: str) -> str:
    """Return text for GitHub-flavoured Markdown inside a line, shown as typed.

    The text is made printable (line breaks as \\n) and its special characters are
    backslash-escaped.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))


def fenced(text: str, info: str = "text") -> str:
    """Return text as a fenced code block whose fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def check_summary(problems: list[Problem], checked: str) -> str:
    """Return the job summary of a check in Markdown.

    It gives the outcome, then every message as the log shows it.
    """
    found, warned = errors(problems), warnings(problems)
    lines = ["## Kontroll av innehållet", ""]
    if found:
        lines.append(
            f"**{_count(len(found), 'fel', 'fel')} i innehållet: webbplatsen kan inte byggas.** "
            f"Rätta {'felet' if len(found) == 1 else 'felen'} nedan."
        )
    elif warned:
        them = "varningen" if len(warned) == 1 else "varningarna"
        lines.append(
            f"**{_count(len(warned), 'varning', 'varningar')} i innehållet: webbplatsen "
            f"publiceras inte med varningar.** Åtgärda {them} nedan."
        )
    else:
        lines.append(f"Inga fel ({markdown_text(checked)}).")
    if found or warned:
        lines += [
            "",
            f"{_count(len(found), 'fel', 'fel')}, {_count(len(warned), 'varning', 'varningar')}.",
            "",
        ]
        if len(found) > MAX_ANNOTATIONS or len(warned) > MAX_ANNOTATIONS:
            lines += [
                (
                    f"GitHub visar högst {MAX_ANNOTATIONS} fel och {MAX_ANNOTATIONS} varningar "
                    "vid raderna i pull requesten; här är alla."
                ),
                "",
            ]
        lines += _within_limit(
            [f"### {markdown_text(_place(p))}\n\n{fenced(p.message())}\n" for p in found + warned]
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _place(problem: Problem) -> str:
    where = problem.path if problem.line is None else f"{problem.path}, rad {problem.line}"
    return f"{TITLE_WORDS.get(problem.severity, 'Fel')} i {where}"


def _within_limit(parts: list[str]) -> list[str]:
    """Return the parts that fit in GitHub's limit for a summary.

    A note is added if some were left out.
    """
    kept, size = [], 0
    for part in parts:
        size += len(part.encode("utf-8")) + 1
        if size > SUMMARY_LIMIT - 10_000:
            return [
                *kept,
                f"*{len(parts) - len(kept)} meddelanden till får inte plats här: se loggen.*",
            ]
        kept.append(part)
    return kept


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
