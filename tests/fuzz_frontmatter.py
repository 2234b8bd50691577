"""Fuzz the front-matter reader: any text, YAML-like structure, bytes or nesting gives a value or problems, never an exception.

Run by tests/test_fuzz.py in a subprocess, so that a crash of the interpreter (a C parser
overflowing its stack) fails that test instead of killing the test run. Each strategy prints one
line when it is done; the process exits 0 only if all of them ran without a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from finsam.format.corpus import Source, load  # noqa: E402
from finsam.format.frontmatter import FrontMatterError, Node, decode, parse, split  # noqa: E402

EXAMPLES = 400
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
TOKENS = [
    "[", "]", "{", "}", "- ", "? ", ": ", ":", ",", "\n", "  ", "    ", "\t", "#", "&a ", "*a", "!!str ", "!!python/name:os.system ",
    "'", '"', "\\", "|", ">", "---", "...", "%YAML 1.1\n", "key", "label", "budget", "2023", "0700", "-1", "1e3", "~", "null",
    "true", "no", "\ue000", "\u202e", "\x00", "\x1b", "\ud800", "\ufeff", "\u2028", "é", "١٠٠٠", "\r",
]  # fmt: skip
OPENERS = ["[", "{a: ", "- ", "? ", "!!seq [", "&x [", "a:\n", "'"]


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
@given(st.sampled_from(OPENERS), st.integers(min_value=1, max_value=200_000), st.sampled_from(["", "x", "]" * 3, "\n"]))
def deep_nesting(opener: str, depth: int, tail: str) -> None:
    if opener == "a:\n":
        text = "".join(f"{' ' * i}a:\n" for i in range(min(depth, 1_200))) + tail
    else:
        text = "title: " + opener * depth + tail
    _reads(text)


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=40,
    )
)
def yaml_structures(value: object) -> None:
    import yaml

    _loads(("---\n" + yaml.safe_dump({"forbund": "exempel", "year": 2023, "budget": value}, allow_unicode=True) + "---\nText.\n").encode("utf-8", "surrogatepass"))


def main() -> int:
    """Run every strategy; print one line each; return 0 when none failed."""
    failed = 0
    for check in (random_text, yaml_like, random_bytes, deep_nesting, yaml_structures):
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
