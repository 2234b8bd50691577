"""Fuzz the front-matter reader, the site pages' rules, the names of files and what is printed.

Any input gives a value or problems, never an exception.

The surfaces: a förbund file's front-matter (any text, YAML-like structure, bytes, nesting, tags,
escapes, YAML 1.1 values), a site page's front-matter and text, a file's name under content/, and
every line printed for a log (which no CI runner may take as a command).

Run by tests/test_fuzz.py in a subprocess, so that a crash of the interpreter (a C parser
overflowing its stack) fails that test instead of killing the test run. Each strategy prints one
line when it is done; the process exits 0 only if all of them ran without a failure.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsam.format.corpus import load
from finsam.format.frontmatter import (
    FrontMatterError,
    Node,
    decode,
    forbidden_character,
    parse,
    split,
)
from finsam.format.sources import Source

EXAMPLES = 400
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
TOKENS = [
    "[", "]", "{", "}", "- ", "? ", ": ", ":", ",", "\n", "  ", "    ", "\t", "#", "&a ", "*a",
    "!!str ", "!!python/name:os.system ", "'", '"', "\\", "|", ">", "---", "...", "%YAML 1.1\n",
    "key", "label", "budget", "2023", "0700", "-1", "1e3", "~", "null", "true", "no", "\ue000",
    "\u202e", "\x00", "\x1b", "\ud800", "\ufeff", "\u2028", "é", "١٠٠٠", "\r",
]  # fmt: skip
OPENERS = ["[", "{a: ", "- ", "? ", "!!seq [", "&x [", "a:\n", "'"]
# Tags in every form (PLAN-FORMAT.md: front-matter is plain YAML, a tag is an error), the values
# YAML 1.1 would convert, and the places a tagged value can stand ({tag} and {value} filled in).
TAGS = [
    "!!int", "!!bool", "!!str", "!!float", "!!binary", "!!timestamp", "!!null", "!!map", "!!seq",
    "!!set", "!!omap", "!!pairs", "!!merge", "!!value", "!!python/name:os.system",
    "!!python/object/apply:os.system", "!x", "!", "!Viktigt", "!e!x", "!<tag:yaml.org,2002:int>",
    "!<tag:yaml.org,2002:bool>", "!<!x>", "&a !!int", "!!int &a",
]  # fmt: skip
VALUES = [
    "0x1A", "0o17", "017", "1:30", "1_000", "1.5", "1e3", ".inf", ".nan", "yes", "no", "on", "off",
    "true", "~", "null", "", "2022-11-16", "2022-11-16 10:00:00", "١٠٠٠", "１０００", "'0x1A'",
    '"yes"', "[a, 1]", "{a: 1}", "16000", "-5", "+5", "aGVq",
]  # fmt: skip
PLACES = [
    "amount: {tag} {value}\n", "confirmed: {tag} {value}\n",
    "budget:\n  2023:\n    income:\n      - {{label: x, amount: {tag} {value}}}\n",
    "members: [a, {tag} {value}]\n", "members:\n  - a\n  - {tag} {value}\n", "{tag} {value}: x\n",
    "? {tag} {value}\n: x\n", "budget:\n  {tag} 2023: {{}}\n", "title: {tag}\n  {value}\n",
    "discrepancies:\n  - confirmed: {tag} {value}\n",
]  # fmt: skip
DIRECTIVES = [
    "",
    "%TAG ! tag:yaml.org,2002:\n--- # x\n",
    "%TAG !e! tag:example.com,2024:\n--- # x\n",
    "%YAML 1.1\n--- # x\n",
]
# Pieces of a double-quoted YAML text: plain characters and escapes of every kind, among them the
# characters no text may hold (controls, bidirectional controls, private use, surrogates,
# noncharacters).
ESCAPES = [
    "a", "å", " ", "\\\\", '\\"', "\\t", "\\r", "\\n", "\\0", "\\e", "\\a", "\\N", "\\_", "\\L",
    "\\P", "\\x85", "\\x9f", "\\xff", "\\u202e", "\\u2066", "\\ue000", "\\uf8ff", "\\ud800",
    "\\udfff", "\\ufdd0", "\\ufdef", "\\ufffe", "\\uFFFF", "\\U0001FFFE", "\\U0010FFFF",
    "\\U000FFFFD", "\\U0001F642", "=", "-", "@",
]  # fmt: skip


def _reads(text: str) -> None:
    """Parse a front-matter text: a Node or a FrontMatterError, nothing else."""
    try:
        node = parse(text)
    except FrontMatterError as error:
        assert isinstance(error.expected, str) and isinstance(error.fix, str)
        return
    assert isinstance(node, Node)


def _loads(data: bytes) -> None:
    """Read a whole plan file through the corpus: problems, never an exception."""
    corpus = load([Source("forbund/exempel/2023.md", "content/forbund/exempel/2023.md", data)])
    assert all(problem.message() for problem in corpus.problems)


@SETTINGS
@given(st.text(max_size=400))
def random_text(text: str) -> None:
    _reads(text)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=80).map("".join))
def yaml_like(text: str) -> None:
    _reads(text)
    _loads(f"---\n{text}\n---\nText.\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=600))
def random_bytes(data: bytes) -> None:
    try:
        parts = split(decode(data))
    except FrontMatterError:
        return
    if parts.front_matter is not None:
        _reads(parts.front_matter)
    _loads(b"---\n" + data + b"\n---\n")


@SETTINGS
@given(
    st.sampled_from(OPENERS),
    st.integers(min_value=1, max_value=200_000),
    st.sampled_from(["", "x", "]" * 3, "\n"]),
)
def deep_nesting(opener: str, depth: int, tail: str) -> None:
    if opener == "a:\n":
        text = "".join(f"{' ' * i}a:\n" for i in range(min(depth, 1_200))) + tail
    else:
        text = "title: " + opener * depth + tail
    _reads(text)


@SETTINGS
@given(
    st.sampled_from(DIRECTIVES),
    st.sampled_from(PLACES),
    st.sampled_from(TAGS),
    st.sampled_from(VALUES),
)
def tagged_values(directive: str, place: str, tag: str, value: str) -> None:
    """A value with a tag, wherever it stands and whatever it holds, is an error: never read."""
    text = directive + place.format(tag=tag, value=value)
    try:
        parse(text)
    except FrontMatterError as error:
        assert isinstance(error.line, int) and 2 <= error.line <= text.count("\n") + 2, (
            text,
            error.line,
        )
        assert error.expected and error.found and error.fix
    else:
        raise AssertionError(f"a tagged value was read: {text!r}")
    plan = (
        "---\nforbund: exempel\nyear: 2023\nsource: x\nunit: tkr\n"
        f"{place.format(tag=tag, value=value)}---\nText.\n"
    )
    corpus = load(
        [Source("forbund/exempel/2023.md", "content/forbund/exempel/2023.md", plan.encode("utf-8"))]
    )
    assert corpus.plans == [] and corpus.problems


# The characters no text may hold, as the contract lists them (PLAN-FORMAT.md, "Values are text"):
# written here from the contract, not taken from the code under test.
CONTRACT_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ue000-\uf8ff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def _clean(value: str) -> bool:
    return forbidden_character(value) is None and CONTRACT_FORBIDDEN.search(value) is None


def _texts(node: Node):
    """Yield every text a read front-matter holds: keys and values, at every depth."""
    stack = [node]
    while stack:
        value = stack.pop().value
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (key for key in value if isinstance(key, str))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


@SETTINGS
@given(
    st.lists(st.sampled_from(ESCAPES), max_size=12).map("".join),
    st.integers(min_value=0, max_value=0x10FFFF),
    st.sampled_from(["label", "note", "title", "members", "key"]),
)
def escaped_texts(pieces: str, code: int, where: str) -> None:
    """A text written with escapes never holds a character no text may hold once read.

    Any code point is among the escapes.
    """
    quoted = f'"{pieces}\\U{code:08X}{pieces}"'
    text = {
        "label": (
            f"budget:\n  2023:\n    income:\n      - {{label: {quoted}, category: other, "
            "amount: 1}\n    costs: []\n"
        ),
        "note": (
            "discrepancies:\n  - {where: budget.2023.income, printed: 1, computed: 2, note: "
            f"{quoted}}}\n"
        ),
        "title": f"title: {quoted}\n",
        "members": f"members:\n  - {quoted}\n",
        "key": f"{quoted}: x\n",
    }[where]
    try:
        node = parse(text)
    except FrontMatterError as error:
        assert error.expected and error.found and error.fix
    else:
        assert all(_clean(value) for value in _texts(node)), text
    plan = f"---\nforbund: exempel\nyear: 2023\nsource: x\nunit: tkr\n{text}---\nText.\n"
    corpus = load(
        [Source("forbund/exempel/2023.md", "content/forbund/exempel/2023.md", plan.encode("utf-8"))]
    )
    for found in corpus.plans:
        texts = [
            found.title or "",
            *(line.label for year in found.budget for line in year.income),
            *(d.note or "" for d in found.discrepancies),
        ]
        assert all(_clean(value) for value in texts), text


@SETTINGS
@given(
    st.sampled_from(
        [
            *VALUES,
            "0700",
            "1__0",
            "0b101",
            "0xFF",
            "1:30:00",
            "190:20:30.15",
            "Yes",
            "NO",
            "On",
            "y",
            "n",
            "2022-1-6",
            "20221116",
        ]
    ),
    st.sampled_from(["amount", "confirmed", "adopted", "label"]),
)
def yaml11_values(value: str, field: str) -> None:
    """A value YAML 1.1 would convert is read as written.

    An amount only from its own decimal digits, confirmed only from true or false, a date only as
    YYYY-MM-DD.
    """
    line = {
        "amount": f"      - {{label: x, category: other, amount: {value}}}\n",
        "confirmed": "",
        "adopted": "",
        "label": f"      - {{label: {value}, category: other, amount: 1}}\n",
    }[field]
    head = f"adopted: {value}\n" if field == "adopted" else ""
    tail = (
        (
            "discrepancies:\n  - {where: budget.2023.income, printed: 1, computed: 1, confirmed: "
            f"{value}}}\n"
        )
        if field == "confirmed"
        else ""
    )
    plan = (
        f"---\nforbund: exempel\nyear: 2023\n{head}source: x\nunit: tkr\nbudget:\n  2023:\n"
        "    income:\n"
        f"{line or '      - {label: x, category: other, amount: 1}' + chr(10)}    costs: []\n"
        f"{tail}---\nText.\n"
    )
    corpus = load(
        [Source("forbund/exempel/2023.md", "content/forbund/exempel/2023.md", plan.encode("utf-8"))]
    )
    assert all(problem.message() for problem in corpus.problems)
    for found in corpus.plans:
        read = found.budget[0].income[0]
        if field == "amount":
            assert value.isascii() and str(read.amount) == value.strip("'\"").lstrip("0").rjust(
                1, "0"
            ), (value, read.amount)
        if field == "label":
            assert read.label == value.strip("'\""), (value, read.label)
        if field == "adopted":
            assert found.adopted is not None and found.adopted.isoformat() == value, (
                value,
                found.adopted,
            )
        if field == "confirmed":
            assert value in ("true", "false") and found.discrepancies[0].confirmed is (
                value == "true"
            ), (value, found.discrepancies)


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=40,
    )
)
def yaml_structures(value: object) -> None:
    import yaml

    _loads(
        (
            "---\n"
            + yaml.safe_dump(
                {"forbund": "exempel", "year": 2023, "budget": value}, allow_unicode=True
            )
            + "---\nText.\n"
        ).encode("utf-8", "surrogatepass")
    )


SITE_KEYS = [
    "title",
    "description",
    "hide",
    "template",
    "subtitle",
    "status",
    "author",
    "icon",
    "redirect",
    "forbund",
    "budget",
    "search",
    "x",
]


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SITE_KEYS + TOKENS),
            st.lists(st.sampled_from([*TOKENS, "toc", "navigation", "<script>"]), max_size=8).map(
                "".join
            ),
        ),
        max_size=6,
    ),
    st.text(max_size=200),
)
def site_pages(fields: list[tuple[str, str]], body: str) -> None:
    """A page outside content/forbund/.

    Any front-matter and text give problems or none, never an exception, and each problem names the
    page.
    """
    from finsam.format import layout

    text = "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n" + body
    for problem in layout.page_problems(
        "sida.md", "content/sida.md", text.encode("utf-8", "surrogatepass")
    ):
        assert problem.path == "content/sida.md" and problem.fix


@SETTINGS
@given(
    st.lists(
        st.text(min_size=1, max_size=12).filter(
            lambda part: "/" not in part and part not in (".", "..")
        ),
        min_size=1,
        max_size=4,
    )
)
def file_names(parts: list[str]) -> None:
    """Any name of a file under content/ is judged without an exception.

    Accepted only as lower-case ASCII with one known suffix, else named in a problem.
    """
    from finsam.format import layout

    uri = "/".join(parts)
    found = layout.problems([layout.Entry(uri, f"/nowhere/{uri}")], lambda name: f"content/{name}")
    assert all(problem.fix and problem.path.startswith("content/") for problem in found)
    if not found:
        assert uri.isascii() and uri == uri.lower() and " " not in uri and '"' not in uri, uri


@SETTINGS
@given(st.text(max_size=300))
def log_output(text: str) -> None:
    """Any text, printed through the one escaping function, has no line a CI runner would obey.

    And no line break of its own.
    """
    from finsam.problems import printable, printable_lines

    line = printable(text)
    assert (
        "\n" not in line
        and "\r" not in line
        and "##[" not in line
        and not line.lstrip().startswith("::")
    ), line
    for printed in printable_lines(text).split("\n"):
        assert "##[" not in printed and not printed.lstrip().startswith("::"), printed


STRATEGIES = (
    random_text,
    yaml_like,
    random_bytes,
    deep_nesting,
    yaml_structures,
    tagged_values,
    escaped_texts,
    yaml11_values,
    site_pages,
    file_names,
    log_output,
)


def main() -> int:
    """Run every strategy; print one line each; return 0 when none failed."""
    failed = 0
    for check in STRATEGIES:
        try:
            check()
        except Exception as error:  # noqa: BLE001 - reported, and the run fails
            failed += 1
            print(f"FAILED {check.__name__}: {error!r}", flush=True)
        else:
            print(f"ok {check.__name__}: {EXAMPLES} examples", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
