"""The examples on the editors' pages are the real files, as they are when the tests run.

*Planformatet* (content/redaktorer.md) and *Så uppdaterar du en plan* (content/uppdatera.md)
show parts of the real förbund files. Each such code block follows a marker that names its
file, an HTML comment that readers never see:

    <!-- utdrag: forbund/sodertalje/2018.md -->

The block is a contiguous run of that file's lines, character for character; a block that
starts with `---` is the file's whole front-matter. The budget diff on *Så uppdaterar du en
plan* follows `<!-- finsam diff: forbund/rar-sormland/2023.md -->` and is what `finsam diff`
prints for the change the page describes (CHANGE below), made to that file as it is now.

A code block without a marker may not show a real file: no real förbund's slug, name or
short name, and no line of a real file's front-matter. Every file the pages name exists, and
what the pages say about the real plans is checked against them.

After a change to a plan, `UPDATE_EXAMPLES=1 .venv/bin/python -m pytest
tests/test_editor_examples.py` rewrites the marked blocks from the files; then read the sentences
around them again.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

import pytest
from conftest import ROOT

from finsam.editors import budgetdiff, cli
from finsam.format import checks
from finsam.format.corpus import load
from finsam.format.model import COST_CATEGORIES, INCOME_CATEGORIES, Plan
from finsam.format.sources import Source

CONTENT = ROOT / "content"
PAGES = ("redaktorer.md", "uppdatera.md")
UPDATE = os.environ.get("UPDATE_EXAMPLES") == "1"

EXCERPT_RE = re.compile(r"<!-- utdrag: (\S+) -->")
DIFF_RE = re.compile(r"<!-- finsam diff: (\S+) -->")
MARKER_RE = re.compile(r"<!--.*-->")
FENCE_RE = re.compile(r"(`{3,}|~{3,})([\w-]*)[ \t]*")
PATH_RE = re.compile(r"(?<![\w/.-])(?:content/)?(forbund/[a-z0-9-]+/[a-z0-9-]+\.md)")

# The change the budget diff example on *Så uppdaterar du en plan* shows, as the page describes it:
# Kansli from 2 800 to 2 900 tkr, and the printed costs and result with it.
DIFF_BASE = "HEAD^1 (6cdfb40)"
CHANGE = (
    (
        "{label: Kansli, category: administration, amount: 2800}",
        "{label: Kansli, category: administration, amount: 2900}",
    ),
    ("costs_total: 15401", "costs_total: 15501"),
    ("result: 3099", "result: 2999"),
)

# Plans the pages present as not yet written (finsam new varend 2025): their förbund must exist.
NEW_PLANS = {"forbund/varend/2025.md"}


@dataclass
class Block:
    """A fenced code block of a page.

    Where its content starts and ends (0-based lines), and the marker before it.
    """

    page: str
    fence_line: int
    start: int
    end: int  # exclusive: the closing fence
    language: str
    lines: list[str]
    marker: str | None
    ordinal: int  # which code block of its page it is

    def where(self) -> str:
        return f"content/{self.page}:{self.fence_line + 1}"


def page_lines(page: str) -> list[str]:
    return (CONTENT / page).read_text(encoding="utf-8").split("\n")


def blocks(page: str) -> list[Block]:
    """Return the fenced code blocks of a page (fences at the start of a line).

    Each with the comment just before it, if any.
    """
    lines = page_lines(page)
    found = []
    index = 0
    while index < len(lines):
        opening = FENCE_RE.fullmatch(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group(1)
        close = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == fence), None)
        assert close is not None, f"content/{page}:{index + 1}: kodblocket avslutas aldrig"
        before = next((lines[j] for j in range(index - 1, -1, -1) if lines[j].strip()), "")
        marker = before.strip() if MARKER_RE.fullmatch(before.strip()) else None
        found.append(
            Block(
                page,
                index,
                index + 1,
                close,
                opening.group(2),
                lines[index + 1 : close],
                marker,
                len(found),
            )
        )
        index = close + 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def file_lines(path: str) -> list[str]:
    """Return a content file's lines as it is now."""
    return (CONTENT / path).read_text(encoding="utf-8").split("\n")


def front_matter(lines: list[str]) -> list[str]:
    assert lines[0] == "---", "filen börjar inte med front-matter"
    return lines[: lines.index("---", 1) + 1]


def expected_excerpt(block: Block, path: str) -> list[str]:
    """Return the lines of the file the block should be.

    Its front-matter, or the run of lines it matches best.
    """
    lines = file_lines(path)
    if block.lines[:1] == ["---"]:
        return front_matter(lines)
    size = len(block.lines)
    assert size >= 2, (
        f"{block.where()}: ett utdrag på en rad kan stämma med vilken fil som helst; ta med fler "
        "rader"
    )
    best = max(
        range(max(1, len(lines) - size + 1)),
        key=lambda at: sum(
            a == b for a, b in zip(block.lines, lines[at : at + size], strict=False)
        ),
    )
    return lines[best : best + size]


def real_files() -> dict[str, bytes]:
    return {
        path.relative_to(CONTENT).as_posix(): path.read_bytes()
        for path in sorted((CONTENT / "forbund").rglob("*.md"))
    }


def diff_side(files: dict[str, bytes]) -> budgetdiff.Side:
    corpus = load([Source(uri, f"content/{uri}", data) for uri, data in files.items()])
    return budgetdiff.Side.of(corpus, {uri: f"content/{uri}" for uri in files})


def expected_diff(path: str) -> list[str]:
    """Return what `finsam diff` prints when CHANGE is made to the file as it is now."""
    before = real_files()
    text = before[path].decode("utf-8")
    for old, new in CHANGE:
        assert text.count(old) == 1, (
            f"{path}: ”{old}” står inte en gång i filen; ändra exemplet och CHANGE i testet"
        )
        text = text.replace(old, new)
    after = {**before, path: text.encode("utf-8")}
    sides = diff_side(before), diff_side(after)
    for side, when in zip(sides, ("före", "efter"), strict=True):
        assert not side.broken, f"filer med fel {when} ändringen: {sorted(side.broken)}"
    pages = budgetdiff.Pages(cli.find_project(str(ROOT)).use_directory_urls)
    return budgetdiff.report(*sides, DIFF_BASE, pages).rstrip("\n").split("\n")


def expected_lines(block: Block) -> list[str]:
    excerpt, diff = EXCERPT_RE.fullmatch(block.marker or ""), DIFF_RE.fullmatch(block.marker or "")
    assert excerpt or diff, f"{block.where()}: okänd markering {block.marker!r}"
    return expected_excerpt(block, excerpt.group(1)) if excerpt else expected_diff(diff.group(1))


def marked() -> list[Block]:
    return [
        block
        for block in all_blocks()
        if block.marker and (EXCERPT_RE.fullmatch(block.marker) or DIFF_RE.fullmatch(block.marker))
    ]


def _id(block: Block) -> str:
    return f"{block.page}:{block.fence_line + 1}:{block.marker}"


def test_the_pages_have_marked_examples() -> None:
    """The markers are there to be read: without them every test below would pass on nothing."""
    shown = {(b.page, b.marker) for b in marked()}
    assert ("redaktorer.md", "<!-- utdrag: forbund/rar-sormland/2023.md -->") in shown
    assert ("redaktorer.md", "<!-- utdrag: forbund/sodertalje/2018.md -->") in shown
    assert ("uppdatera.md", "<!-- finsam diff: forbund/rar-sormland/2023.md -->") in shown


@pytest.mark.parametrize("block", marked(), ids=_id)
def test_marked_example_is_the_real_file(block: Block) -> None:
    if UPDATE:
        # The page as it is now: an earlier block may have been rewritten with another number of
        # lines.
        block = blocks(block.page)[block.ordinal]
    expected = expected_lines(block)
    if UPDATE and block.lines != expected:
        lines = page_lines(block.page)
        lines[block.start : block.end] = expected
        (CONTENT / block.page).write_text("\n".join(lines), encoding="utf-8")
        pytest.skip(f"{block.where()} skrevs om från filen: läs texten runt exemplet igen")
    if block.lines != expected:
        shown = "\n".join(
            difflib.unified_diff(
                block.lines, expected, "exemplet på sidan", "filen som den är nu", lineterm=""
            )
        )
        pytest.fail(
            f"{block.where()}: exemplet är inte detsamma som {block.marker}.\n{shown}\n"
            "Skriv in det som står i filen (UPDATE_EXAMPLES=1 gör det) och läs texten runt "
            "exemplet igen."
        )


def test_every_marker_comes_just_before_a_code_block() -> None:
    for page in PAGES:
        lines = page_lines(page)
        followed = {b.fence_line for b in blocks(page) if b.marker}
        for index, line in enumerate(lines):
            if EXCERPT_RE.search(line) or DIFF_RE.search(line):
                nxt = next((j for j in range(index + 1, len(lines)) if lines[j].strip()), None)
                assert nxt in followed, (
                    f"content/{page}:{index + 1}: markeringen står inte närmast före ett kodblock"
                )


def _real_front_matter_lines() -> set[str]:
    """Return the telling lines of every real file's front-matter.

    Not `---`, `income:` and the like.
    """
    telling = set()
    for uri in real_files():
        lines = file_lines(uri)
        if lines[0] != "---":
            continue
        for line in front_matter(lines):
            text = line.strip()
            if len(text) >= 12 and not text.endswith(":"):
                telling.add(text)
    return telling


def _real_names() -> set[str]:
    corpus = load([Source(uri, f"content/{uri}", data) for uri, data in real_files().items()])
    names = set()
    for slug, profile in corpus.profiles.items():
        names |= {f"forbund: {slug}", f"forbund/{slug}/", profile.name, profile.short_name}
    return names


@pytest.mark.parametrize(
    "block", [b for b in all_blocks() if b not in marked()], ids=lambda b: b.where()
)
def test_unmarked_code_block_shows_no_real_file(block: Block) -> None:
    if block.language == "sh":
        return  # commands: `git add content/forbund/varend/2025.md` names a plan yet to be written
    text = "\n".join(block.lines)
    for name in _real_names():
        assert name not in text, (
            f"{block.where()}: ett kodblock utan markering nämner {name!r}; gör det till ett "
            "utdrag ur filen, eller till ett påhittat exempel"
        )
    for line in block.lines:
        assert line.strip() not in _real_front_matter_lines(), (
            f"{block.where()}: raden {line.strip()!r} står i en riktig fil; markera blocket som "
            "utdrag"
        )


@pytest.mark.parametrize("page", PAGES)
def test_every_file_the_page_names_exists(page: str) -> None:
    text = (CONTENT / page).read_text(encoding="utf-8")
    named = set(PATH_RE.findall(text))
    assert named, f"content/{page} nämner ingen fil: sökningen hittar inget"
    for path in sorted(named):
        if path in NEW_PLANS:
            slug = path.split("/")[1]
            assert (CONTENT / "forbund" / slug / "index.md").is_file(), (
                f"content/{page}: förbundet för den nya planen {path} finns inte"
            )
        else:
            assert (CONTENT / path).is_file(), f"content/{page} nämner {path}, som inte finns"


def _plan(uri: str) -> Plan:
    corpus = load([Source(u, f"content/{u}", data) for u, data in real_files().items()])
    page = corpus.page(uri)
    assert isinstance(page, Plan), f"{uri} kunde inte läsas som en plan"
    return page


def test_what_planformatet_says_about_the_real_plans_is_true() -> None:
    """The sentences around the examples on *Planformatet*, checked against the files."""
    rar_2023 = _plan("forbund/rar-sormland/2023.md")
    budget = rar_2023.own_budget
    # "en kostnadsrad uppdelad på insatser, ett över- eller underskott från tidigare år, ett tryckt
    # resultat och en registrerad avvikelse. Planen har inget antagningsdatum och inga prognosår."
    assert any(line.items for line in budget.costs)
    assert budget.carried_over is not None and budget.result is not None and rar_2023.discrepancies
    assert rar_2023.adopted is None and [b.year for b in rar_2023.budget] == [2023]
    # Södertälje 2018: "ett antagningsdatum och belopp i kronor", members on one line, so no share
    # check, equity as income, and no result.
    sodertalje = _plan("forbund/sodertalje/2018.md")
    budget = sodertalje.own_budget
    assert sodertalje.adopted is not None and sodertalje.unit == "kr"
    assert [line.label for line in budget.income if line.category == "members"] == [
        "Anslag från medlemmar"
    ]
    assert not budget.has_member_split() and checks.share_finding(budget) is None
    assert any(line.category == "equity" for line in budget.income) and budget.result is None
    # RAR 2021: state, region and municipalities on their own lines, 8000/4000/4000 tkr, passing the
    # share check; budget years 2021–2023; no adopted, so not called adopted.
    rar_2021 = _plan("forbund/rar-sormland/2021.md")
    budget = rar_2021.own_budget
    assert (
        rar_2021.unit == "tkr"
        and budget.has_member_split()
        and checks.share_finding(budget) is None
    )
    assert [budget.category_sum(c) for c in ("state", "region", "municipalities")] == [
        8000,
        4000,
        4000,
    ]
    assert [b.year for b in rar_2021.budget] == [2021, 2022, 2023] and rar_2021.adopted is None


def test_invented_share_example_is_what_the_check_reports() -> None:
    """The made-up plan on *Planformatet*.

    State 8000, region 4000, municipalities 4400 tkr in 2024.
    """
    block = next(b for b in blocks("redaktorer.md") if "budget.2024.shares" in "\n".join(b.lines))
    profile = (
        "---\nname: Samordningsförbundet Exempel\nshort_name: Exempel\ncounty: Exempels län\n"
        "members: [Försäkringskassan, Arbetsförmedlingen, Region Exempel, Exempels kommun]\n---\n"
    )
    plan = (
        "---\nforbund: exempel\nyear: 2024\nsource: Påhittad\nunit: tkr\nbudget:\n  2024:\n"
        "    income:\n"
        "      - {label: Staten, category: state, amount: 8000}\n"
        "      - {label: Regionen, category: region, amount: 4000}\n"
        "      - {label: Kommunerna, category: municipalities, amount: 4400}\n"
        "    costs:\n      - {label: Kansli, category: administration, amount: 16400}\n"
        + "\n".join(block.lines)
        + "\n---\nText.\n"
    )
    corpus = load(
        [
            Source("forbund/exempel/index.md", "p", profile.encode()),
            Source("forbund/exempel/2024.md", "q", plan.encode()),
        ]
    )
    assert corpus.problems == [], [p.message() for p in corpus.problems]
    without = plan.replace("\n".join(block.lines), "")
    corpus = load(
        [
            Source("forbund/exempel/index.md", "p", profile.encode()),
            Source("forbund/exempel/2024.md", "q", without.encode()),
        ]
    )
    assert [p.field for p in corpus.problems] == ["budget.2024.shares"]


def _table_rows(page: str, heading: str) -> dict[str, str]:
    """Return the first two cells of the table under a heading: `code` → what the site shows."""
    lines = page_lines(page)
    start = lines.index(heading)
    rows = {}
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        match = re.fullmatch(r"\| `(\w+)` \| ([^|]+) \|.*", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def test_category_names_on_planformatet_are_the_sites() -> None:
    assert _table_rows("redaktorer.md", "### Intäkter") == INCOME_CATEGORIES
    assert _table_rows("redaktorer.md", "### Kostnader") == COST_CATEGORIES


@pytest.mark.skipif(UPDATE, reason="UPDATE_EXAMPLES=1 rewrites the pages instead of failing")
@pytest.mark.parametrize("block", marked(), ids=_id)
def test_one_changed_character_fails(block: Block) -> None:
    """The comparison can fail: one digit changed in an example makes the test above fail."""
    row = next(i for i, line in enumerate(block.lines) if any(c.isdigit() for c in line))
    digit = next(c for c in block.lines[row] if c.isdigit())
    changed = [*block.lines]
    changed[row] = changed[row].replace(digit, "9" if digit != "9" else "8", 1)
    altered = Block(
        block.page,
        block.fence_line,
        block.start,
        block.end,
        block.language,
        changed,
        block.marker,
        block.ordinal,
    )
    with pytest.raises(pytest.fail.Exception, match="exemplet är inte detsamma"):
        test_marked_example_is_the_real_file(altered)
