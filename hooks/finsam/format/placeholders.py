"""Find what `finsam new` left to fill in: a draft is never published (PLAN-FORMAT.md, check 5).

The editors' scaffold (finsam.editors.scaffold) marks every text it cannot know with a placeholder:
MARKER, then what to fill in. It stands in a quoted front-matter value (YAML takes any text in
quotes: `amount: "FYLL I: belopp"`), in the comment at the top of the front-matter, and on lines of
the text (`FYLL I: avsnittets text …`, a heading too). It is found in the raw text of the file,
wherever it stands: in a value, a comment, a code block or an HTML comment of the text alike.

The marker is the capitals FYLL I and a colon, case and all: a plan's own prose may well say
"fyll i" ("Fyll i blanketten: …"), but not in capitals before a colon.

A file that holds a placeholder is withheld from the corpus, as a file with a schema error is: its
sums are checked once it is filled in. Each placeholder is one message, and it takes the place of
what the schema says about the same value: a placeholder in an amount is reported once, as a
placeholder, not also as an amount that is not a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..problems import Problem
from . import schema
from .frontmatter import Node, SplitFile
from .model import Corpus
from .paths import is_profile, plan_year, slug_of
from .sources import Source

MARKER = "FYLL I:"
MARKER_RE = re.compile(r"\bFYLL I:")
MAX_SHOWN = 120  # characters of a placeholder shown in a message
HEADING_RE = re.compile(r"(#{1,6})(?!#)(.*)")  # a heading as Python-Markdown reads one: ## Rubrik
# The fields whose value is a number or a date, each with an example of a filled-in value.
NUMBERS = {
    "amount": "16000",
    "income_total": "16000",
    "costs_total": "16000",
    "carried_over": "1500",
    "result": "0",
    "printed": "16000",
    "computed": "16000",
    "founded": "2008",
    "value": "50000",
    "year": "2023",
    "adopted": "2024-11-20",
    "date": "2024-03-01",
}
# The fields a file must have, by the last part of their name: a placeholder in any other field
# may go, line and all. A document's fields are all optional.
PLAN_REQUIRED = frozenset(
    (
        *schema.PLAN_REQUIRED,
        *schema.YEAR_REQUIRED,
        *schema.LINE_REQUIRED,
        *schema.ITEM_REQUIRED,
        *schema.DISCREPANCY_REQUIRED,
    )
)
PROFILE_REQUIRED = frozenset(schema.PROFILE_REQUIRED)
_LAST_PART_RE = re.compile(r"(?:^|\.)([^.\[]+)(?:\[\d+\])?\Z")


def count(text: str) -> int:
    """Return how many placeholders a text holds."""
    return len(MARKER_RE.findall(text))


def problems(source: Source, parts: SplitFile, node: Node | None) -> list[Problem]:
    """Return a problem for each placeholder in a förbund file: in its values, comments and text."""
    path, front_matter = source.path, parts.front_matter or ""
    found = []
    if "FYLL" in front_matter or "\\" in front_matter:  # a value may fold or escape the marker
        found += _in_front_matter(path, front_matter, node, _required(source.uri))
    if MARKER in parts.body:
        found += [
            _in_text(path, parts.body_line + index, line)
            for index, line in enumerate(parts.body.split("\n"))
            if MARKER_RE.search(line)
        ]
    return found


def withhold(part: Corpus, found: list[Problem]) -> None:
    """Make one file's part of the corpus a draft: nothing to publish, its placeholders reported.

    What else was wrong with the file stays, but for what the schema said about a value that
    holds a placeholder: the placeholder's message says what to write there.
    """
    placed = {(p.line, p.field) for p in found if p.field is not None}
    kept = [p for p in part.problems if (p.line, p.field) not in placed]
    part.problems[:] = [*kept, *found]
    part.profiles.clear()
    part.plans.clear()
    part.documents.clear()


def _required(uri: str) -> frozenset[str]:
    """Return the fields a förbund file must have: a plan's, a profile's or none (a document)."""
    if is_profile(uri):
        return PROFILE_REQUIRED
    return PLAN_REQUIRED if plan_year(uri, slug_of(uri)) is not None else frozenset()


def _in_front_matter(
    path: str, front_matter: str, node: Node | None, required: frozenset[str]
) -> list[Problem]:
    """Return the placeholders of the front-matter: each value's, then the rest (comments)."""
    lines = front_matter.split("\n")
    left = {  # markers on each line of the file not yet accounted for by a value
        number: len(MARKER_RE.findall(line))
        for number, line in enumerate(lines, 2)
        if MARKER in line
    }
    found = []
    for line, field, text in sorted(_in_values(node) if node is not None else ()):
        # a value may run over several lines: its marker is on the first line from its start
        at = next((number for number in sorted(left) if number >= line and left[number]), None)
        if at is not None:
            left[at] -= 1
        found.append(_in_value(path, line, field, text, required))
    found += [
        _in_comment(path, number, lines[number - 2]) for number in sorted(left) if left[number]
    ]
    return found


def _in_values(root: Node) -> Iterator[tuple[int, str, str]]:
    """Yield (line, field, placeholder) for each text value that holds one.

    Fields are named as the schema names them: budget.2023.costs[1].amount.
    """
    stack = [(root, "")]
    while stack:
        node, field = stack.pop()
        value = node.value
        if isinstance(value, dict):
            stack.extend(
                (child, f"{field}.{key}" if field else str(key)) for key, child in value.items()
            )
        elif isinstance(value, list):
            stack.extend((child, f"{field}[{index}]") for index, child in enumerate(value, 1))
        elif isinstance(value, str) and (match := MARKER_RE.search(value)) is not None:
            yield node.line, field, value[match.start() :]


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"}"'


def _in_value(path: str, line: int, field: str, text: str, required: frozenset[str]) -> Problem:
    match = _LAST_PART_RE.search(field)
    name = match.group(1) if match else field
    example = NUMBERS.get(name)
    if example is not None:
        fix = (
            "Ersätt platshållaren och citattecknen runt den med uppgiften den ber om, "
            f"t.ex. {name}: {example}."
        )
    else:
        fix = "Ersätt platshållaren inom citattecknen med uppgiften den ber om."
    if field.startswith("population_16_64"):
        fix += " Har du inte antalet invånare, ta bort population_16_64 och raderna under den."
    elif name not in required:
        fix += " Saknas uppgiften, ta bort raden."
    return Problem(
        path,
        line,
        field,
        "ett ifyllt värde, ingen platshållare från finsam new",
        f"platshållaren {_shown(text)}",
        fix,
    )


def _in_comment(path: str, line: int, text: str) -> Problem:
    return Problem(
        path,
        line,
        None,
        "inga kommentarer med platshållare från finsam new",
        f"kommentaren {_shown(text[MARKER_RE.search(text).start() :])}",
        "Fyll i det som kommentarerna överst i front-matter beskriver, och ta sedan bort dem: "
        "raderna som börjar med #.",
    )


def _in_text(path: str, line: int, text: str) -> Problem:
    shown = _shown(text[MARKER_RE.search(text).start() :])
    if HEADING_RE.match(text):
        return Problem(
            path,
            line,
            None,
            "rubriken ur dokumentet, ingen platshållare från finsam new",
            f"rubriken med platshållaren {shown}",
            "Skriv rubriken som den står i dokumentet i stället för platshållaren, efter "
            "#-tecknen. Finns avsnittet inte i dokumentet, ta bort rubriken och texten under den.",
        )
    return Problem(
        path,
        line,
        None,
        "text ur dokumentet, ingen platshållare från finsam new",
        f"platshållaren {shown}",
        "Skriv det som platshållaren ber om i stället för raden. Finns det inget att skriva "
        "där, ta bort raden.",
    )
