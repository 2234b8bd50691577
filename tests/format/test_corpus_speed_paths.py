"""The fast paths of reading the corpus give exactly what the general paths give.

- frontmatter: the direct reader of common front-matter (_simple_tree) against libyaml and the
  YAML parsers (_yaml_tree), on generated texts full of YAML's corner cases, and split() against
  the regular expression it replaces;
- schema: the readers of well-formed lines and items against the readers that report problems;
- checks, bodies: the integer share check and the quick bounds against their definitions;
- corpus: a cached load (as `mkdocs serve` rebuilds) against a fresh one, file by file changes
  included, and a load by worker processes against one in this process.

Generated inputs are the same on every run (fixed seeds, derandomised Hypothesis).
"""

from __future__ import annotations

import itertools
import math
import pickle
import random
import re
import sys
from fractions import Fraction

import pytest
import synthetic
from hypothesis import given, settings
from hypothesis import strategies as st

from finsam import background
from finsam.format import bodies, checks, corpus, frontmatter, schema
from finsam.format.corpus import load
from finsam.format.frontmatter import FrontMatterError, Node
from finsam.format.model import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    MEMBER_SHARES,
    BudgetYear,
    Corpus,
    Line,
)
from finsam.format.sources import Source, read_sources
from finsam.problems import Problem

# --- front-matter ---------------------------------------------------------------------------------

# Scalars that YAML types, or reads, in surprising ways, and characters that end or start things.
WORDS = [
    "Kansli", "Region Kronoberg", "state", "a b", "a  b", "x", "åäö", "Öst", "é", "€", "–", "“x”",
    "it's", "x\"y", "C#", "a,b", "[x]", "{x}", "a[b]", "a{b}", "a:b", "a: b", "a #b", "a#b",
    "http://x.se/y?z=1#f", "12 345", "12\u00a0345", "26 808", "−5", "true", "false", "True", "TRUE",
    "yes", "no", "on", "off", "y", "n", "null", "Null", "NULL", "~", "0", "00", "007", "0700", "12",
    "-12", "+5", "-0", "1_000", "1.5", ".5", "1e3", "1.0e+3", ".inf", "-.inf", ".nan", "0x1F",
    "0o17", "0b101", "1:30", "10:30:00", "2022-11-16", "2022-13-45", "2022-1-6",
    "2001-12-14t21:59:43.10-05:00", "2015", "9" * 25, "<<", "=", "!", "&a", "*a", "!!str x",
    "!!int 3", "- a", "-a", "--", "---", "...", "?", "? x", "%x", "@x", "`x`", "|", ">", "|x", ">x",
    "-", ":", "#", ",", "\\", "'q'", '"q"',
]  # fmt: skip
SPECIAL = [
    " ", "  ", "\t", ":", ": ", "#", " #", "-", "- ", "{", "}", "[", "]", ",", '"', "'", "\n",
    "\n  ", "\n- ", "?", "&", "*", "!", "|", ">", "%", "@", "`", "\\", "\r", "\x85", "\u2028",
    "\ufeff", "\x07", "\u00a0", "é", "\U0001f600",
]  # fmt: skip
KEYS = [
    "label",
    "category",
    "amount",
    "owner",
    "items",
    "income",
    "costs",
    "budget",
    "2023",
    '"2023"',
    "'a'",
    "a b",
    "true",
    "1",
]
ESCAPES = ["\\n", "\\t", "\\x41", "\\u00e5", "\\e", "\\0", "\\/", "\\ud83d", "\\ ", "\\"]


def scalar(rng: random.Random) -> str:
    """Return a scalar as written in YAML.

    Plain, double-quoted (with an escape at times) or single-quoted.
    """
    word = rng.choice(WORDS)
    kind = rng.random()
    if kind < 0.15:
        escaped = word.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}{rng.choice(ESCAPES) if rng.random() < 0.2 else ""}"'
    if kind < 0.25:
        return "'" + word.replace("'", "''") + "'"
    return word


def flow_mapping(rng: random.Random) -> str:
    separator = rng.choice([", ", ",", " , "])
    pairs = [
        (
            f"{rng.choice([*KEYS[:4], scalar(rng)])}{rng.choice([': ', ':  ', ' : ', ':'])}"
            f"{scalar(rng)}"
        )
        for _ in range(rng.randint(0, 5))
    ]
    return "{" + separator.join(pairs) + rng.choice(["}", " }", "} ", "}  # c", "}#"])


def flow_sequence(rng: random.Random) -> str:
    return (
        "["
        + rng.choice([", ", ","]).join(scalar(rng) for _ in range(rng.randint(0, 4)))
        + rng.choice(["]", " ]", "] "])
    )


def mapping_lines(rng: random.Random, indent: int, depth: int) -> list[str]:
    """Return the lines of a block mapping at an indent, its values of every kind."""
    lines = []
    for _ in range(rng.randint(1, 4)):
        key, pad, kind = (
            rng.choice(KEYS) if rng.random() < 0.9 else scalar(rng),
            " " * indent,
            rng.random(),
        )
        if depth < 4 and kind < 0.25:
            lines += [
                f"{pad}{key}:",
                *mapping_lines(rng, indent + rng.choice([1, 2, 2, 4]), depth + 1),
            ]
        elif depth < 4 and kind < 0.5:
            lines += [
                f"{pad}{key}:",
                *sequence_lines(rng, indent + rng.choice([0, 2, 2, 4]), depth + 1),
            ]
        elif kind < 0.6:
            lines.append(f"{pad}{key}: {flow_mapping(rng)}")
        elif kind < 0.65:
            lines.append(f"{pad}{key}: {flow_sequence(rng)}")
        elif kind < 0.68:
            lines.append(f"{pad}{key}:")
        else:
            lines.append(
                f"{pad}{key}: "
                f"{scalar(rng)}"
                f"{rng.choice(['', '  ', ' # c', '#c']) if rng.random() < 0.2 else ''}"
            )
        if rng.random() < 0.05:
            lines.append(rng.choice(["", "   ", "# comment", "  # x", " #"]))
    return lines


def sequence_lines(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 4)):
        pad, kind = " " * indent, rng.random()
        if kind < 0.5:
            lines.append(f"{pad}-{rng.choice([' ', '  '])}{flow_mapping(rng)}")
        elif kind < 0.7 and depth < 4:
            inner = mapping_lines(rng, indent + 2, depth + 1)
            lines += [f"{pad}- {inner[0].lstrip(' ')}", *inner[1:]]
        elif kind < 0.75:
            lines.append(f"{pad}-")
        else:
            lines.append(f"{pad}- {scalar(rng)}")
    return lines


def yaml_text(rng: random.Random) -> str:
    """Return a front-matter.

    Mostly well-formed, sometimes with a character put in, taken out or replaced.
    """
    text = "\n".join(mapping_lines(rng, 0, 0)) + "\n"
    for _ in range(rng.choice([0, 0, 0, 0, 0, 0, 1, 2, 3])):
        at, kind = rng.randrange(len(text) + 1), rng.random()
        text = (
            text[:at]
            + ("" if 0.6 <= kind < 0.8 else rng.choice(SPECIAL))
            + text[at + (kind >= 0.6) :]
        )
    return text


def same(a: object, b: object) -> bool:
    """Return whether two read front-matters are equal.

    Types and the order of keys included (1 is not True).
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, Node):
        return a.line == b.line and same(a.value, b.value) and same(a.key_lines, b.key_lines)
    if isinstance(a, dict):
        return (
            list(map(type, a)) == list(map(type, b))
            and list(a) == list(b)
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))


def yaml_read(text: str) -> Node | FrontMatterError:
    try:
        return frontmatter._yaml_tree(text)
    except FrontMatterError as error:
        return error


def assert_read_alike(text: str) -> bool:
    """Assert that whatever the direct reader reads, libyaml reads the same.

    Return whether it read it.
    """
    simple = frontmatter._simple_tree(text)
    if simple is None:
        return False
    read = yaml_read(text)
    assert isinstance(read, Node), f"{text!r}: read directly, refused by YAML: {read}"
    assert same(simple, read), f"{text!r}:\n{simple}\n{read}"
    return True


@pytest.mark.parametrize("seed", range(8))
def test_the_direct_reader_reads_generated_front_matter_as_yaml_does(seed: int) -> None:
    rng = random.Random(seed)
    read = [assert_read_alike(yaml_text(rng)) for _ in range(2000)]
    assert sum(read) > 100  # enough of them are read directly to compare


def test_the_direct_reader_reads_each_tricky_scalar_in_each_place_as_yaml_does() -> None:
    tokens = (
        WORDS
        + [c + "x" for c in SPECIAL]
        + ["x" + c for c in SPECIAL]
        + ["x" + c + "y" for c in SPECIAL]
    )
    places = [
        "k: {}\n", "{}: v\n", "k: {} # c\n", "k: {}\nj: 1\n", "k:\n  {}: 1\n", "k: [{}]\n",
        "k: [a, {}]\n", "k: {{a: {}}}\n", "k: {{{}: a}}\n", "k:\n  - {}\n", "k:\n- {}\n",
        "k:\n  - {{label: {}, amount: 1}}\n", "k:\n  - {{a: 1, b: {}, c: 2}}\n",
        "k:\n  - a: {}\n    b: 1\n", 'k: "{}"\n', "k: '{}'\n",
    ]  # fmt: skip
    read = [
        assert_read_alike(place.format(token)) for place, token in itertools.product(places, tokens)
    ]
    assert sum(read) > len(read) / 4  # the direct reader reads the common cases


def test_the_direct_reader_reads_every_real_and_synthetic_front_matter() -> None:
    from conftest import ROOT

    files = [path.read_bytes() for path in sorted((ROOT / "content").rglob("*.md"))] + [
        s.data for s in synthetic.sources(4, 5)
    ]
    texts = [frontmatter.split(frontmatter.decode(data)).front_matter for data in files]
    assert all(assert_read_alike(text) for text in texts if text is not None)


def test_the_direct_reader_leaves_errors_and_rare_forms_to_yaml() -> None:
    for text in [
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a:\n",
        "a: |\n  x\n",
        "a: b: c\n",
        "a:\tb\n",
        "- a\n",
        "a: 'x\n",
        "a: x\n  y\n",
        "? a\n: b\n",
    ]:
        assert frontmatter._simple_tree(text) is None, text
    deep = (
        "".join(f"{'  ' * depth}k:\n" for depth in range(frontmatter.MAX_DEPTH + 2))
        + f"{'  ' * (frontmatter.MAX_DEPTH + 2)}k: 1\n"
    )
    assert frontmatter._simple_tree(deep) is None
    with pytest.raises(FrontMatterError):
        frontmatter.parse(deep)


FRONT_MATTER_RE = re.compile(
    r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL
)  # what split() replaces


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "---",
                "...",
                "--",
                "-",
                ".",
                " ",
                "\t",
                "\n",
                "\n",
                "\r",
                "a",
                "x: 1",
                "----",
                "\n---\n",
                "--- \n",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_split_finds_the_front_matter_as_the_regular_expression_does(text: str) -> None:
    match = FRONT_MATTER_RE.match(text)
    expected = (
        (None, text, 1)
        if match is None
        else (match.group(1) or "", text[match.end() :], text[: match.end()].count("\n") + 1)
    )
    parts = frontmatter.split(text)
    assert (parts.front_matter, parts.body, parts.body_line) == expected


# --- schema, checks, bodies -----------------------------------------------------------------------

VALUES = st.one_of(
    st.sampled_from(
        [
            "Kansli",
            " Kansli  styrelse ",
            "",
            "   ",
            "state",
            "individual",
            "nope",
            "-5",
            "12 345",
            "x" * 2001,
            "−7",
        ]
    ),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.just([]),
)
FIELD_NAMES = st.sampled_from(["label", "category", "amount", "owner", "items", "note"])


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(
    st.dictionaries(FIELD_NAMES, VALUES, max_size=5),
    st.sampled_from([INCOME_CATEGORIES, COST_CATEGORIES]),
)
def test_well_formed_lines_and_items_are_read_as_the_reporting_readers_read_them(
    values: dict, categories: dict
) -> None:
    entry = Node(
        {key: Node(value, 7) for key, value in values.items()}, 7, dict.fromkeys(values, 7)
    )
    allowed = (
        schema.COST_LINE_FIELDS if categories is COST_CATEGORIES else schema.INCOME_LINE_FIELDS
    )
    reader = schema.Reader("x.md")
    line = schema._line(reader, entry, "costs[1]", allowed, categories, "tkr")
    plain = schema._plain_line(entry, categories)
    if plain is not None:
        assert plain == line and not reader.problems
    elif line is not None and not reader.problems:
        assert "items" in values  # only a line with items is left to the reporting reader
    reader = schema.Reader("x.md")
    item = schema._item(reader, entry, "items[1]", "tkr")
    assert schema._plain_item(entry) == (item if not reader.problems else None)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(INCOME_CATEGORIES)),
            st.integers(min_value=-(10**9), max_value=10**9),
        ),
        max_size=8,
    )
)
def test_the_share_check_in_integers_finds_what_the_lawful_share_in_fractions_finds(
    income: list[tuple[str, int]],
) -> None:
    budget = BudgetYear(
        2023,
        tuple(Line(f"r{i}", category, amount) for i, (category, amount) in enumerate(income)),
        (),
    )
    expected = None
    if budget.has_member_split():
        for category in MEMBER_SHARES:
            share = checks.lawful_share(budget, category)
            if abs(budget.category_sum(category) - share) > 1:
                computed = int(share + Fraction(1, 2)) if share >= 0 else round(share)
                expected = checks.Mismatch(
                    "budget.2023.shares",
                    budget.category_sum(category),
                    computed,
                    checks.SHARES,
                    2023,
                    category,
                )
                break
    assert checks.share_finding(budget) == expected


BODY = st.lists(
    st.sampled_from(
        [
            "[",
            "&",
            "#",
            "# x",
            "<!-- budget -->",
            "<b>",
            "{: .x }",
            "text",
            " ",
            "\n",
            "\n\n",
            "  <!-- a -->  ",
        ]
    ),
    max_size=40,
).map("".join)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(BODY, st.integers(min_value=1, max_value=3))
def test_the_quick_bounds_of_bodies_agree_with_the_line_by_line_checks(
    body: str, scale: int
) -> None:
    body = body * scale
    lines = body.split("\n")
    assert bodies.needs_check(lines) == any(
        t in line
        for line in lines
        for t in bodies.TRIGGERS
        if not bodies.COMMENT_LINE_RE.fullmatch(line)
    )
    if not bodies._may_be_heavy(body):
        assert bodies._too_heavy(lines) is None
    limits = {char: per_body for char, _, per_body in bodies.LIMITS.values()}
    heavy = "#\n" * (limits["#"] + 1)
    assert bodies._may_be_heavy(heavy) and bodies._too_heavy(heavy.split("\n")) is not None


# --- corpus ---------------------------------------------------------------------------------------


def described(loaded: Corpus) -> str:
    """Return everything a corpus holds, messages included, as text to compare."""
    return "\n".join(
        [
            repr(loaded.profiles),
            repr(loaded.plans),
            repr(loaded.documents),
            *(p.message() + repr(p) for p in loaded.problems),
        ]
    )


def replaced(sources: list[Source], uri: str, data: bytes | None) -> list[Source]:
    """Return the sources with one file's bytes replaced, or the file left out (data None)."""
    return [
        s if s.uri != uri else Source(s.uri, s.path, data)
        for s in sources
        if s.uri != uri or data is not None
    ]


def broken(sources: list[Source]) -> list[Source]:
    """Return the sources with a wrong sum, a YAML error and a stray file among them."""
    plans = plans_of(sources)
    edited = replaced(
        sources, plans[3].uri, re.sub(rb"amount: (\d)", rb"amount: 1\1", plans[3].data, count=1)
    )
    edited = replaced(edited, plans[-2].uri, plans[-2].data.replace(b"unit:", b"unit: [", 1))
    return [*edited, Source("forbund/x.md", "content/forbund/x.md", b"x")]


def plans_of(sources: list[Source]) -> list[Source]:
    return [s for s in sources if s.uri[-7:-3].isdigit()]


def test_a_cached_load_gives_what_a_fresh_load_gives_through_a_series_of_edits() -> None:
    sources = broken(synthetic.sources(6, 5, seed=4))
    plan = plans_of(sources)[7]
    profile = f"forbund/{plan.uri.split('/')[1]}/index.md"
    edits = [
        sources,
        sources,  # nothing changed: every problem again, from the cache
        replaced(
            sources, plan.uri, plan.data.replace(b"amount: ", b"amount: 9", 1)
        ),  # a new problem in one file
        replaced(
            sources, plan.uri, plan.data.replace(b"budget:", b"budget: [", 1)
        ),  # another one instead
        replaced(sources, profile, None),  # a profile gone: its plans lose their förbund
        sources,  # and back
        [s for s in sources if s.uri != plan.uri],  # a plan gone
    ]
    cache: dict = {}
    for step, edited in enumerate(edits):
        assert described(load(edited, cache)) == described(load(edited)), f"step {step}"
        assert len(cache) == len({s.uri for s in edited if corpus.is_content(s.uri)})


def test_a_cached_load_reads_only_the_changed_file_and_keeps_the_rest() -> None:
    sources = synthetic.sources(4, 5, seed=1)
    plan = plans_of(sources)[5]
    cache: dict = {}
    first = load(sources, cache)
    second = load(replaced(sources, plan.uri, plan.data.replace(b"unit:", b"unit: [", 1)), cache)
    assert [p.path for p in second.problems] == [plan.path]
    assert [p.uri for p in second.plans] == [p.uri for p in first.plans if p.uri != plan.uri]
    assert all(
        a is b
        for a, b in zip((p for p in first.plans if p.uri != plan.uri), second.plans, strict=True)
    )
    assert load(sources, cache).problems == first.problems == []


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="worker processes are forked on Linux only"
)
def test_worker_processes_read_what_this_process_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = broken(synthetic.sources(10, 6, seed=2))
    monkeypatch.setattr(corpus, "MIN_SHARE", 20)  # up to three processes for these files
    used = []
    in_workers = background.forked_map

    def counted(function: object, files: list[Source], processes: int) -> list | None:
        reads = in_workers(function, files, processes)
        used.append((processes, reads is not None))
        return reads

    monkeypatch.setattr(background, "forked_map", counted)
    assert (
        described(load(sources, workers=3))
        == described(load(sources))
        == described(load(sources, workers=2))
    )
    assert used == [(3, True), (2, True)]


def test_without_worker_processes_the_files_are_read_here(monkeypatch: pytest.MonkeyPatch) -> None:

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes")

    sources = broken(synthetic.sources(10, 6, seed=3))
    monkeypatch.setattr(corpus, "MIN_SHARE", 20)
    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    assert described(load(sources, workers=2)) == described(load(sources))


def test_what_workers_send_back_pickles_to_equal_objects() -> None:
    read = corpus._read_file(
        next(
            s
            for s in synthetic.sources(2, 3, seed=5)
            if s.uri.endswith(".md") and "index" not in s.uri
        )
    )
    copy = pickle.loads(pickle.dumps(read))  # noqa: S301 - the test's own object, pickled here
    assert copy.part.plans and copy == read and repr(copy) == repr(read)


def test_read_sources_reports_a_missing_file_and_a_folder(tmp_path) -> None:
    (tmp_path / "ok.md").write_bytes(b"\xef\xbb\xbfx\r\n")
    (tmp_path / "folder.md").mkdir()
    files = [
        (f"forbund/a/{name}", str(tmp_path / name), f"content/{name}")
        for name in ("ok.md", "gone.md", "folder.md")
    ]
    found, problems = read_sources(files)
    assert [s.data for s in found] == [b"\xef\xbb\xbfx\r\n"]
    assert [p.message() for p in problems] == [
        Problem(
            shown,
            None,
            None,
            "en fil som går att läsa",
            f"ett fel vid läsning ({reason})",
            "Kontrollera att filen finns och att du har rätt att läsa den.",
        ).message()
        for shown, reason in (
            ("content/gone.md", "No such file or directory"),
            ("content/folder.md", "Is a directory"),
        )
    ]


def test_a_preview_reads_again_only_the_files_whose_signature_changed(
    tmp_path, monkeypatch
) -> None:
    import os
    import time
    import types

    from finsam.format import sources as sources_module

    paths = {name: tmp_path / f"{name}.md" for name in ("kept", "saved", "deleted", "just-saved")}
    for name, path in paths.items():
        path.write_text(name, encoding="utf-8")
    listed = lambda names: [(f"forbund/x/{name}.md", str(paths[name]), name) for name in names]  # noqa: E731
    later = types.SimpleNamespace(
        time_ns=lambda: time.time_ns() + 60 * 10**9
    )  # a minute after the saves
    monkeypatch.setattr(sources_module, "time", later)
    kept: dict = {}
    sources_module.read_sources(listed(("kept", "saved", "deleted")), kept)
    assert set(kept) == {str(paths[n]) for n in ("kept", "saved", "deleted")}
    reads = []
    real_contents = sources_module.contents
    monkeypatch.setattr(
        sources_module,
        "contents",
        lambda path: reads.append(os.path.basename(path)) or real_contents(path),
    )
    paths["saved"].write_text("saved, changed", encoding="utf-8")
    sources, _ = sources_module.read_sources(listed(("kept", "saved")), kept)
    assert reads == ["saved.md"]
    assert {s.path: s.data for s in sources} == {"kept": b"kept", "saved": b"saved, changed"}
    assert set(kept) == {str(paths["kept"]), str(paths["saved"])}  # the deleted file is forgotten
    monkeypatch.setattr(
        sources_module, "time", time
    )  # now: a file saved just now may change again within its clock's tick
    reads.clear()
    sources_module.read_sources(listed(("just-saved",)), kept)
    sources_module.read_sources(listed(("just-saved",)), kept)
    assert reads == ["just-saved.md", "just-saved.md"]
