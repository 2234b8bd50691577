"""Turn a budget table, pasted or in a whole document's text, into a commented front-matter draft.

`draft(text, unit, years)` is a pure function: it reads the lines of a table (label, then one
amount per year column), recognises headers, printed totals and insats rows with owners,
guesses each line's category from a keyword table, and returns YAML for `unit:`, `budget:`
and, where printed sums do not add up, `discrepancies:`. It never invents or alters a number:
every amount is the printed digits with the digit grouping removed. Every line it cannot read
is listed in `Draft.unread` and as a YAML comment.

Given a whole document (a PDF's text, or a text file of it), it first finds the budget table:
the runs of lines that read as rows of amounts, each read on its own and kept if it reads as
a budget (printed totals or Intäkter/Kostnader headers, more lines read than not). The best
one is taken, with a second that holds the other side (income or costs) if it has only one.
Prose ends a run; so does a third short line without amounts. The heading above a table that
names its year (8.3 Budget 2018) is read with it. Text that is all runs (no prose, no three
short lines without amounts in a row) is a pasted table, read whole as it always was. The
document's title is guessed for `source`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from ..format import checks
from ..format.frontmatter import forbidden_character
from ..format.model import UNITS, BudgetYear, Item, Line, Plan
from .scaffold import quote

MAX_COLUMNS = 6
NO_AMOUNT = "inget belopp på raden"
MAX_NUMBER_TOKENS = (
    6  # a sign, the first digits and up to four groups of three: 999 999 999 999 999
)
SPACES_RE = re.compile(r"[ \u00a0\u202f\u2007\u2009]+")
SIGNS = "-\u2212\u2013"
NUMBER_TOKEN_RE = re.compile(rf"[{SIGNS}]?\d+", re.ASCII)
SIGN_TOKEN_RE = re.compile(rf"[{SIGNS}]")
GROUP_RE = re.compile(r"\d{3}", re.ASCII)
YEAR_RE = re.compile(r"(?:19|20)\d\d", re.ASCII)
SECTION_NUMBER_RE = re.compile(r"\d+(?:[.:]\d+)*[.:]?")

# Unit hints, looked for in the normalised text (lower case, no diacritics).
UNIT_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tkr", re.compile(r"\b(?:tkr|tsek|tsk|ksek|kkr|tusen(?:tal)? ?kr(?:onor)?)\b")),
    ("mkr", re.compile(r"\b(?:mkr|mnkr|msek|miljoner kronor|miljoner kr)\b")),
    ("kr", re.compile(r"\b(?:kr|kronor|sek)\b")),
)
UNIT_TOKEN_RE = re.compile(
    r"\(?(?:tkr|tsk|tsek|ksek|kkr|mkr|mnkr|msek|kr|sek|kronor)\)?[.:]?", re.IGNORECASE
)
# The largest amount of a table, in kronor, that is plausible for a samordningsförbund.
PLAUSIBLE_KRONOR = (100_000, 2_000_000_000)
UNIT_PREFERENCE = ("tkr", "kr", "mkr")

HEADER_WORDS_RE = re.compile(
    r"\b(?:budget\w*|forslag|prognos|utfall|verksamhet\w*|belopp|ekonomisk\w*|intakter|inkomster|kostnader|"
    r"utgifter|ar|arets|andel|finansi\w*|plan|period|post|poster|konto|omrade|beskrivning|specifikation|tkr|tsk|kr|mkr)\b"
)
INCOME_WORD_RE = re.compile(r"\b(?:intakt\w*|inkomst\w*|finansiering)")
COSTS_WORD_RE = re.compile(r"\b(?:kostnad\w*|utgift\w*)")
SUM_WORD_RE = re.compile(
    r"^(?:summa|s:a|s\.a\.?|totalt?|totala|sammanlagt|sammanlagda)\b|\b(?:summa|totalt|totala)\b"
)
GENERIC_TOTAL_RE = re.compile(
    r"^(?:summa|s:a|s\.a\.?|totalt?|totala|sammanlagt|sammanlagda)\b"
    r"|\btotal budget\b|\bbudget totalt\b"
)
RESULT_RE = re.compile(r"resultat\b|\barets (?:over|under)skott|^(?:over|under)skott$")
CARRIED_RE = re.compile(
    r"(?:over|under)skott\b.*\b(?:tidigare|foregaende|fran \d{4})"
    r"|\bingaende (?:eget kapital|balans)"
)
ITEM_HEADER_RE = re.compile(
    r"\binsats\w*\b.*\b(?:\w*agare|huvudm\w*|utforare)\b|\b(?:\w*agare|huvudm\w*)\b.*\binsats"
)
OWNER_RE = re.compile(
    r"(?:(?:Region|Landstinget(?: i)?)\s+\S+(?:\s+län)?|\S+s?\s+kommun"
    r"|Arbetsförmedlingen|Försäkringskassan|"
    r"Samordningsförbundet(?:\s+\S+)?)$"
)

INCOME_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\beget kapital|\begna medel|overskott|\bej forbrukade|\bbalanserat|\btidigare ar", "equity"),
    (r"\besf|\bprojektmedel|\bsocialfond|\bextern|\bbidrag|\blansstyrelse|\bmucf\b", "external"),
    (r"\bstat(?:en|lig\w*)?\b|\bforsakringskassan|\barbetsformedlingen|\bfk\b|\baf\b", "state"),
    (r"\bregion|\blandsting", "region"),
    (r"kommun", "municipalities"),
    (r"medlem|huvudm", "members"),
)
COST_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        (
            r"\bej (?:fordelat|utlagt|beviljat|disponerat|budgeterat)|\bofordelat|\boforutsedd"
            r"|\bbuffert|\breserv|\bnya insatser|\bnya projekt|\bej utlagda"
        ),
        "unallocated",
    ),
    (
        (
            r"kansli|styrelse|\badministration|administrativ|\bforvaltning|\bledning|\brevision"
            r"|\barvode|\blokal(?:er|kostnad|hyra)?\b|\bdrift|\blon\w*|\bpersonal|forbundschef"
            r"|\bkontor"
        ),
        "administration",
    ),
    (
        (
            r"\besf|samverkansstod|utvardering|kompetens|\bprocess|processutveckling|\bverktyg"
            r"|struktur|\bkunskap|\banalys|uppfoljning|\bseminari|\butbildning|\bimplementering"
        ),
        "structural",
    ),
    (
        r"insats|projekt|\bindivid|deltagar|\bpilot|\brehab|\barena|medfinansiering|\bunga\b|\bcoach",
        "individual",
    ),
    (r"samverkan|samverkans|utveckling|\bnatverk", "structural"),
)


@dataclass(frozen=True, slots=True)
class Unread:
    """One input line the importer could not read: its number, its text and why.

    place says where it stands for the editor (rad 12, or sidan 3, rad 12 in a PDF).
    """

    number: int
    text: str
    reason: str
    place: str = ""

    def message(self) -> str:
        """Return the Swedish message for the editor."""
        place = _capitalised(self.place or f"rad {self.number}")
        return f'{place}: kunde inte läsa "{self.text}": {self.reason}'


@dataclass(frozen=True, slots=True)
class Draft:
    """The front-matter draft as YAML text, the lines that could not be read, and notes.

    blocks holds the draft's top-level keys (source where a title was found, unit, budget,
    discrepancies where sums do not add up), each as its lines of YAML, for writing into a plan:
    the budget block carries the import's comments, indented, so that they go with it.
    """

    yaml: str
    unread: tuple[Unread, ...] = ()
    notes: tuple[str, ...] = ()
    blocks: tuple[tuple[str, str], ...] = ()
    years: tuple[int, ...] = ()
    placeholder: bool = False
    columns: int = 0
    found: bool = False


@dataclass(frozen=True, slots=True)
class _Number:
    """One amount as printed: its text, its value and whether it was printed with a minus sign."""

    text: str
    value: int

    @property
    def negative(self) -> bool:
        return self.value < 0


@dataclass(slots=True)
class _Entry:
    """An income or cost line, or an insats under a cost line, with one amount per year."""

    label: str
    amounts: dict[int, _Number]
    number: int
    category: str | None = None
    owner: str | None = None
    owner_guessed: bool = False
    items: list[_Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Total:
    value: int
    label: str
    number: int
    printed: str


@dataclass(slots=True)
class _Row:
    """A line split into its text cells and its trailing amounts."""

    texts: list[str]
    numbers: list[_Number]


@dataclass(slots=True)
class _State:
    columns: list[int] | None
    fixed: bool
    pages: tuple[int, ...] = ()
    section: str | None = None
    parent: _Entry | None = None
    income: list[_Entry] = field(default_factory=list)
    costs: list[_Entry] = field(default_factory=list)
    totals: dict[tuple[str, int], _Total] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    unit_words: list[str] = field(default_factory=list)
    tabbed: bool = False
    headed: bool = False  # a header with years or Intäkter/Kostnader was read
    pending: tuple[int, str] | None = None  # a line without amounts: a label's first part?

    def place(self, number: int) -> str:
        """Return where a line stands for the editor: rad 12, or sidan 3, rad 12 in a PDF."""
        return _place(self.pages, number)

    def skip(self, number: int, text: str, reason: str) -> None:
        """Record a line that could not be read."""
        self.unread.append(Unread(number, text, reason, self.place(number)))


@dataclass(frozen=True, slots=True)
class _Block:
    """A run of lines that may be a budget table: its first and last line, and its heading."""

    first: int
    last: int
    heading: int | None = None

    def numbers(self) -> list[int]:
        """Return the numbers of its lines, the heading first."""
        return ([] if self.heading is None else [self.heading]) + list(
            range(self.first, self.last + 1)
        )


def draft(
    text: str,
    unit: str | None = None,
    years: list[int] | None = None,
    pages: tuple[int, ...] = (),
) -> Draft:
    """Return the front-matter draft of a budget table, or of the one in a whole document.

    pages holds the first line of each page of a PDF's text, for telling the editor where
    a line stands.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = list(enumerate(lines, 1))
    notes: list[str] = []
    kinds = [_kind(raw) for raw in lines]
    runs = _runs(kinds)
    covered = _covered(runs, kinds)
    whole = any(kind != "blank" and n not in covered for n, kind in enumerate(kinds, 1))
    blocks = _tables(numbered, kinds, runs, years) if whole else None
    if whole and blocks is None:
        numbered = []
        notes.append(
            "Hittade ingen budgettabell i texten. Kopiera tabellen ur dokumentet till en "
            "textfil, till exempel tabell.txt, och kör make import med fil=tabell.txt."
        )
    elif blocks is not None:  # a whole document: only its budget table is read
        kept = {number for block in blocks for number in block.numbers()}
        numbered = [(n, raw) for n, raw in numbered if n in kept]
        notes.append(
            f"Budgettabellen hittades på {_spans(pages, blocks)}; resten av texten lästes "
            "inte. Är det fel tabell, kopiera rätt tabell till en textfil, till exempel "
            "tabell.txt, och kör make import med fil=tabell.txt."
        )
    state, placeholder = _read(numbered, years, pages)
    if placeholder and numbered:
        notes.append(
            "Inga årtal hittades i tabellen: åren står som ÅR_1, ÅR_2 … i utkastet. "
            "Ange dem med --years, t.ex. --years 2023 eller --years 2023,2024,2025 "
            '(med make: val="--years 2023").'
        )
    chosen_unit, unit_comment = _unit(unit, state, [raw for _, raw in numbered])
    found = any((state.income, state.costs, state.totals))
    if not found and numbered:
        notes.append("Hittade inga budgetrader i texten.")
    title = _title(lines) if whole else None
    parts = _Parts(state, chosen_unit, unit_comment, placeholder, title)
    return Draft(
        _yaml(parts),
        tuple(state.unread),
        tuple(notes),
        _blocks(parts) if found else (),
        tuple(_years(state)) if found else (),
        placeholder,
        len(state.columns or ()),
        found,
    )


def _read(
    numbered: list[tuple[int, str]], years: list[int] | None, pages: tuple[int, ...]
) -> tuple[_State, bool]:
    """Return the lines read into a draft, and whether its years are placeholders (ÅR_1 …)."""
    raws = [raw for _, raw in numbered]
    state = _State(columns=list(years) if years else None, fixed=bool(years), pages=pages)
    if state.columns is None:
        state.columns = _header_years(raws)
    placeholder = state.columns is None
    if state.columns is None:
        state.columns = list(range(1, _guess_column_count(raws) + 1))
    for number, raw in numbered:
        _read_line(state, number, raw)
    _read_line(state, 0, "")  # the last line held as pending is one that could not be read
    state.unread.sort(key=lambda unread: unread.number)
    return state, placeholder


def _place(pages: tuple[int, ...], number: int) -> str:
    if not pages:
        return f"rad {number}"
    page = bisect_right(pages, number)
    return f"sidan {page}, rad {number - pages[page - 1] + 1}"


def _spans(pages: tuple[int, ...], blocks: list[_Block]) -> str:
    """Return where the tables stand: rad 403–418 and 430–440, or sidan 8 (rad 12–27)."""
    spans = []
    for block in blocks:
        first, last = _place(pages, block.first), _place(pages, block.last)
        if not pages:
            spans.append(f"{block.first}–{block.last}")
        elif first.split(",")[0] == last.split(",")[0]:
            spans.append(f"{first}–{last.rsplit(' ', 1)[1]}")
        else:
            spans.append(f"{first} till {last}")
    joined = " och ".join(spans)
    return f"rad {joined}" if not pages else joined


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- finding the budget table in a whole document -------------------------------------------

MAX_GAP = 2  # short lines without amounts inside a table: label fragments, a page's footer
MAX_LABEL_WORDS = 8  # a line with more words before its amounts is prose
HEADING_REACH = 12  # how many lines above a table its heading with the year may stand
TITLE_REACH = 40  # how many of a document's first lines may hold its title
MAX_TITLE_WORDS = 14
# A title names the plan (or the budget) and its year; a line of a table of contents does not.
TITLE_RE = re.compile(r"^(?:\w+ )*(?:verksamhetsplan|budget)\b.*\b(?:19|20)\d\d\b")
TOC_RE = re.compile(r"\.{4,}|\t\s*\d+\s*$")
TITLE_NUMBER_RE = re.compile(r"(?:19|20)\d\d(?:[-–](?:19|20)?\d\d)?[,:]?", re.ASCII)


def _kind(raw: str) -> str:
    """Return what a line of a document is.

    blank, years (a header with years), header, row (of amounts), other or prose.
    """
    cells = _cells(raw)
    if not any(cells):
        return "blank"
    shown = " ".join(c for c in cells if c)
    words = len(shown.split())
    header = _header(cells) if words <= MAX_TITLE_WORDS else None
    if header is not None:
        return "years" if header[0] else "header"
    if (
        words <= MAX_TITLE_WORDS
        and ITEM_HEADER_RE.search(normalised(shown))
        and not any(c.isdigit() for c in shown)
    ):
        return "header"
    tokens = [t for _, t in _tokens(_strip_unit(cells, _State(columns=None, fixed=False)))]
    label = list(tokens)
    while label and _is_number_token(label[-1]):
        label.pop()
    amounts = tokens[len(label) :]
    if amounts and len(label) <= MAX_LABEL_WORDS and not _a_year(amounts):
        return "row"
    return "prose" if words > MAX_LABEL_WORDS else "other"


def _a_year(tokens: list[str]) -> bool:
    """Return whether a line's only number is a year: a heading (Insatser under 2023)."""
    return len(tokens) == 1 and bool(YEAR_RE.fullmatch(tokens[0]))


def _tables(
    numbered: list[tuple[int, str]], kinds: list[str], runs: list[_Block], years: list[int] | None
) -> list[_Block] | None:
    """Return the document's budget table, or two that hold its income and its costs.

    Return None if no run of lines reads as a budget.
    """
    scored = []
    for run in runs:
        for block in _parts(run, kinds):
            block = _with_heading(block, numbered, kinds)
            state, _ = _read([numbered[n - 1] for n in block.numbers()], years, ())
            score = _score(state)
            if score is not None:
                scored.append(((score, -len(state.unread)), block, state))
    if not scored:
        return None
    best = max(scored, key=lambda found: found[0])
    chosen = [best[1]]
    missing = "costs" if not best[2].costs else "income" if not best[2].income else None
    if missing:
        others = [
            found
            for found in scored
            if getattr(found[2], missing)
            and _years(found[2]) == _years(best[2])
            and (found[1].last < best[1].first or found[1].first > best[1].last)
        ]
        if others:
            chosen.append(max(others, key=lambda found: found[0])[1])
    return sorted(chosen, key=lambda block: block.first)


def _runs(kinds: list[str]) -> list[_Block]:
    """Return every run of header and amount lines, ending at its last amount line.

    Blank lines may stand anywhere in a run, and up to MAX_GAP other short lines in a row;
    prose ends it.
    """
    runs = []
    first = last = None
    gap = 0
    for number, kind in enumerate(kinds, 1):
        if kind in ("years", "header", "row"):
            first = first or number
            last = number if kind == "row" else last
            gap = 0
        elif kind == "blank" or (kind == "other" and first and gap < MAX_GAP):
            gap += kind == "other"
        else:
            if first and last:
                runs.append(_Block(first, last))
            first = last = None
            gap = 0
    if first and last:
        runs.append(_Block(first, last))
    return runs


def _covered(runs: list[_Block], kinds: list[str]) -> set[int]:
    """Return the lines of the runs, with up to MAX_GAP short lines without amounts beside each.

    A text whose every line is covered is a pasted table (a stray line above or below it too).
    """
    covered = set()
    for run in runs:
        covered.update(range(run.first, run.last + 1))
        for step, start in ((-1, run.first - 1), (1, run.last + 1)):
            number, gap = start, 0
            while 1 <= number <= len(kinds) and kinds[number - 1] in ("blank", "other"):
                gap += kinds[number - 1] == "other"
                if gap > MAX_GAP:
                    break
                covered.add(number)
                number += step
    return covered


def _parts(run: _Block, kinds: list[str]) -> list[_Block]:
    """Return a run and every stretch of it between the year headers that start a new table.

    A run may hold two tables one after the other (the members' shares, then the budget):
    each is read on its own, and so are they together.
    """
    starts = [run.first]
    for number in range(run.first + 1, run.last + 1):
        if kinds[number - 1] == "years" and "row" in kinds[starts[-1] - 1 : number - 1]:
            starts.append(number)
    ends = [start - 1 for start in starts[1:]] + [run.last]
    return [
        _Block(starts[i], max(n for n in range(starts[i], ends[j] + 1) if kinds[n - 1] == "row"))
        for i in range(len(starts))
        for j in range(i, len(starts))
    ]


def _with_heading(block: _Block, numbered: list[tuple[int, str]], kinds: list[str]) -> _Block:
    """Return the block with the heading above it that names its year, if it has no years."""
    if "years" in kinds[block.first - 1 : block.last]:
        return block
    for number in range(block.first - 1, max(block.first - HEADING_REACH, 1) - 1, -1):
        if kinds[number - 1] == "years":
            return _Block(block.first, block.last, number)
    return block


def _score(state: _State) -> int | None:
    """Return how well the lines read as a budget: lines read less lines not read.

    Return None if they do not read as one: fewer than two lines read, no more read than not,
    or neither a printed total nor an Intäkter/Kostnader header.
    """
    read = (
        len(state.income)
        + len(state.costs)
        + sum(len(entry.items) for entry in state.costs)
        + len(state.totals)
    )
    if read < 2 or read <= len(state.unread) or not (state.totals or state.headed):
        return None
    return read - len(state.unread)


def _title(lines: list[str]) -> str | None:
    """Return the document's title (Verksamhetsplan och budget 2023) from its first lines."""
    for raw in [line for line in lines if line.strip()][:TITLE_REACH]:
        title = " ".join(c for c in _cells(raw) if c).lstrip("#* ").rstrip("* ")
        words = title.split()
        if (
            len(words) <= MAX_TITLE_WORDS
            and TITLE_RE.search(normalised(title))
            and all(TITLE_NUMBER_RE.fullmatch(w) for w in words if any(c.isdigit() for c in w))
            and not TOC_RE.search(raw)
            and not title.endswith((".", ":", ","))
        ):
            return title
    return None


# --- normalising and splitting lines ----------------------------------------------------------


def normalised(text: str) -> str:
    """Return text for keyword matching: lower case, no diacritics, OCR digits inside words as o."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"(?<=[a-z])[60](?=[a-z])", "o", plain)
    return " ".join(plain.split())


def _clean(text: str) -> str:
    return " ".join(SPACES_RE.sub(" ", text).split())


def _cells(raw: str) -> list[str]:
    """Return a line's cells: split at tabs, or at | in a Markdown table, else one cell."""
    if "\t" in raw:
        cells = [_clean(cell) for cell in raw.split("\t")]
    elif "|" in raw:
        cells = [_clean(cell) for cell in raw.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells if cell):
            return []
    else:
        cells = [_clean(raw)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _tokens(cells: list[str]) -> list[tuple[int, str]]:
    return [
        (index, token) for index, cell in enumerate(cells) for token in cell.split(" ") if token
    ]


def _is_number_token(token: str) -> bool:
    return bool(NUMBER_TOKEN_RE.fullmatch(token) or SIGN_TOKEN_RE.fullmatch(token))


def _numbers_from(tokens: list[tuple[int, str]], start: int) -> list[tuple[int, _Number]]:
    """Return every number that can start at tokens[start]: (index after it, the number)."""
    found = []
    cell, token = tokens[start]
    sign = ""
    head_at = start
    if SIGN_TOKEN_RE.fullmatch(token):
        if start + 1 >= len(tokens) or tokens[start + 1][0] != cell:
            return []
        sign, head_at = "-", start + 1
        token = tokens[head_at][1]
    if not NUMBER_TOKEN_RE.fullmatch(token):
        return []
    if token[0] in SIGNS:
        if sign:
            return []
        sign, token = "-", token[1:]
    if len(token) > 1 and token[0] == "0":
        return []
    printed = [tokens[i][1] for i in range(start, head_at + 1)]
    digits = token
    found.append((head_at + 1, _Number(" ".join(printed), int(sign + digits))))
    if len(token) > 3 or token == "0":  # noqa: S105 - a token of the line's text, not a secret
        return found
    index = head_at + 1
    while index < len(tokens) and tokens[index][0] == cell and GROUP_RE.fullmatch(tokens[index][1]):
        digits += tokens[index][1]
        printed.append(tokens[index][1])
        index += 1
        found.append((index, _Number(" ".join(printed), int(sign + digits))))
    return found


def _partitions(
    tokens: list[tuple[int, str]], start: int, count: int, memo: dict
) -> list[list[_Number]]:
    """Return the ways to read tokens[start:] as exactly count numbers.

    There are none, one, or (at most) two.
    """
    key = (start, count)
    if key in memo:
        return memo[key]
    if count == 0:
        found = [[]] if start == len(tokens) else []
    elif start >= len(tokens) or len(tokens) - start > count * MAX_NUMBER_TOKENS:
        found = []
    else:
        found = []
        for end, number in _numbers_from(tokens, start):
            for rest in _partitions(tokens, end, count - 1, memo):
                found.append([number, *rest])
                if len(found) > 1:
                    break
            if len(found) > 1:
                break
    memo[key] = found
    return found


def _label_may_end_with(token: str) -> bool:
    if SIGN_TOKEN_RE.fullmatch(token):
        return False
    if not any(c.isdigit() for c in token):
        return True
    return bool(YEAR_RE.fullmatch(token))


def _split(cells: list[str], count: int) -> tuple[list[_Row], str | None]:
    """Return the readings of a line as text cells and count trailing amounts.

    If there are none, also return why.
    """
    tokens = _tokens(cells)
    tail = len(tokens)
    while tail > 0 and _is_number_token(tokens[tail - 1][1]):
        tail -= 1
    if tail == len(tokens):
        return [], NO_AMOUNT
    readings: list[_Row] = []
    memo: dict = {}
    for start in range(max(tail, 1, len(tokens) - count * MAX_NUMBER_TOKENS), len(tokens)):
        if len(readings) > 1 or not _label_may_end_with(tokens[start - 1][1]):
            continue
        for numbers in _partitions(tokens, start, count, memo):
            readings.append(_Row(_texts(tokens[:start]), numbers))
    if not readings:
        if tail == 0:
            return [], "ingen text före beloppen"
        found = " ".join(token for _, token in tokens[tail:])
        want = "ett belopp" if count == 1 else f"{count} belopp, ett per år"
        return (
            [],
            f'väntade {want}, men "{found}" går inte att dela upp så '
            "(siffergrupper om tre, t.ex. 1 065 500)",
        )
    return readings, None


def _texts(tokens: list[tuple[int, str]]) -> list[str]:
    cells: dict[int, list[str]] = {}
    for cell, token in tokens:
        cells.setdefault(cell, []).append(token)
    return [" ".join(words) for _, words in sorted(cells.items())]


def _strip_unit(cells: list[str], state: _State) -> list[str]:
    """Remove units written after amounts (16 000 tkr, 16 000:-), remembering them as hints."""
    stripped = []
    for cell in cells:
        words: list[str] = []
        for word in cell.split(" ") if cell else []:
            if word.endswith(":-") and NUMBER_TOKEN_RE.fullmatch(word[:-2]):
                state.unit_words.append("kr")
                word = word[:-2]
            if words and UNIT_TOKEN_RE.fullmatch(word) and NUMBER_TOKEN_RE.fullmatch(words[-1]):
                state.unit_words.append(word)
                continue
            words.append(word)
        stripped.append(" ".join(words))
    return stripped


# --- headers ----------------------------------------------------------------------------------


def _header(cells: list[str]) -> tuple[list[int], str | None] | None:
    """Return the years and section of a header line (Intäkter 2021 2022 2023), or None."""
    words = [w for w in " ".join(c for c in cells if c).split(" ") if w]
    if (
        words
        and SECTION_NUMBER_RE.fullmatch(words[0])
        and len(words) > 1
        and not YEAR_RE.fullmatch(words[0])
    ):
        words = words[1:]
    years = []
    text_words = []
    for word in words:
        bare = word.strip("()[],;:")
        if YEAR_RE.fullmatch(bare):
            years.append(int(bare))
        elif any(c.isdigit() for c in word):
            return None
        else:
            text_words.append(word)
    text = normalised(" ".join(text_words))
    section = _section_of(text)
    if not years:
        if section and len(text_words) <= 4 and not SUM_WORD_RE.search(text):
            return [], section
        return None
    if len(set(years)) != len(years) or years != sorted(years):
        return None
    if text and not HEADER_WORDS_RE.search(text):
        return None
    if SUM_WORD_RE.search(text) or RESULT_RE.search(text):
        return None
    return years, section


def _section_of(text: str) -> str | None:
    income, costs = bool(INCOME_WORD_RE.search(text)), bool(COSTS_WORD_RE.search(text))
    if income and not costs:
        return "income"
    if costs and not income:
        return "costs"
    return None


def _header_years(lines: list[str]) -> list[int] | None:
    for raw in lines:
        header = _header(_cells(raw))
        if header and header[0]:
            return header[0]
    return None


def _guess_column_count(lines: list[str]) -> int:
    """Return the number of amount columns that reads the most lines in exactly one way."""
    best, best_count = 1, -1
    for count in range(1, MAX_COLUMNS + 1):
        unique = 0
        for raw in lines:
            cells = _cells(raw)
            if cells and _header(cells) is None:
                readings, _ = _split(cells, count)
                unique += len(readings) == 1
        if unique > best_count:
            best, best_count = count, unique
    return best


# --- reading lines ----------------------------------------------------------------------------


def _read_line(state: _State, number: int, raw: str) -> None:
    cells = _cells(raw)
    pending, state.pending = state.pending, None
    joined = any(cells) and _read_cells(state, number, raw, cells, pending)
    if pending is not None and not joined:
        state.skip(*pending, NO_AMOUNT)


def _read_cells(
    state: _State, number: int, raw: str, cells: list[str], pending: tuple[int, str] | None
) -> bool:
    """Read a line that is not blank; return whether it continues the pending line's label.

    A short line without amounts (not a heading: it does not end with a colon) is held as
    pending: a label wrapped over two lines, if the next line's label goes on in lower case
    (Medel tillgängligt nya / insatser 1350). Otherwise it is a line that could not be read.
    """
    state.tabbed = "\t" in raw
    shown = " ".join(c for c in cells if c)
    header = _header(cells)
    if header is not None:
        years, section = header
        state.headed = state.headed or bool(years or section)
        if years and not state.fixed:
            state.columns = years
        state.section = section
        state.parent = None
        return False
    text = normalised(shown)
    if ITEM_HEADER_RE.search(text) and not any(c.isdigit() for c in shown):
        if state.costs:
            state.parent = state.costs[-1]
            return False
        state.skip(number, shown, "en rubrik för insatser, men ingen kostnadsrad ovanför")
        return False
    cells = _strip_unit(cells, state)
    readings, reason = _split(cells, len(state.columns))
    if not readings:
        if reason == NO_AMOUNT and len(shown.split()) <= MAX_LABEL_WORDS and shown[-1] != ":":
            state.pending = (number, shown)
        else:
            state.skip(number, shown, reason or "okänd rad")
        return False
    if len(readings) > 1:
        shown_readings = " eller ".join(
            f'"{" ".join(r.texts)}" med {", ".join(n.text for n in r.numbers)}'
            for r in readings[:3]
        )
        state.skip(number, shown, f"tvetydig: kan läsas som {shown_readings}")
        return False
    row = readings[0]
    texts = [t for t in row.texts if t]
    if not texts:
        state.skip(number, shown, "ingen text före beloppen")
        return False
    joined = pending is not None and texts[0][:1].islower()
    if joined:
        texts[0] = f"{pending[1]} {texts[0]}"
    reason = _classify(state, number, texts, row.numbers)
    if reason:
        state.skip(number, shown, reason)
    return joined


def _classify(state: _State, number: int, texts: list[str], numbers: list[_Number]) -> str | None:
    """Place one line with its amounts in the draft; return why it could not be placed, or None."""
    label = " ".join(texts)
    text = normalised(label)
    amounts = dict(zip(state.columns, numbers, strict=True))  # _split read one amount per column
    kind = _total_kind(state, text)
    if state.parent is not None and kind is None and GENERIC_TOTAL_RE.search(text):
        return _items_sum(state, number, label, amounts)
    if kind is not None:
        state.parent = None
        return _total(state, kind, number, label, amounts)
    if GENERIC_TOTAL_RE.search(text):
        return _generic_total(state, number, label, amounts)
    if state.parent is not None or (len(texts) > 1 and state.section == "costs" and state.costs):
        return _item(state, number, texts, amounts)
    return _line(state, number, label, text, amounts)


def _total_kind(state: _State, text: str) -> str | None:
    if CARRIED_RE.search(text) and not (state.section == "income" and "underskott" not in text):
        return "carried_over"
    if RESULT_RE.search(text):
        return "result"
    section = _section_of(text)
    if section and (
        SUM_WORD_RE.search(text)
        or text.strip(" :") in ("intakter", "inkomster", "kostnader", "utgifter")
    ):
        return "income_total" if section == "income" else "costs_total"
    return None


def _total(
    state: _State, kind: str, number: int, label: str, amounts: dict[int, _Number]
) -> str | None:
    notes = []
    for year, amount in amounts.items():
        value = amount.value
        if amount.negative and kind == "income_total":
            return "en negativ summa intäkter"
        if amount.negative and kind == "costs_total":
            value = -value
        existing = state.totals.get((kind, year))
        if existing is not None and existing.value != value:
            return (
                f"en andra summa för {kind} {_year_name(year, state)}, "
                f"som inte stämmer med den på {state.place(existing.number)}"
            )
        notes.append((year, _Total(value, label, number, amount.text)))
    for year, total in notes:
        state.totals.setdefault((kind, year), total)
    if kind in ("income_total", "costs_total"):
        state.section = None
    return None


def _generic_total(
    state: _State, number: int, label: str, amounts: dict[int, _Number]
) -> str | None:
    """Place a total that does not say what it sums (Total budget, Summa): the open section's."""
    if state.section in ("income", "costs"):
        kind = f"{state.section}_total"
        if not any((kind, year) in state.totals for year in amounts):
            return _total(state, kind, number, label, amounts)
    values = ", ".join(a.text for a in amounts.values())
    state.comments.append(
        f"{_capitalised(state.place(number))}: delsumma i dokumentet, inte en rad i budgeten: "
        f"{label} {values}"
    )
    return None


def _items_sum(state: _State, number: int, label: str, amounts: dict[int, _Number]) -> None:
    parent = state.parent
    state.parent = None
    for year, amount in amounts.items():
        own = parent.amounts.get(year)
        if own is not None and abs(own.value) == abs(amount.value):
            parent.notes.append(
                f'"{label}" {amount.text} ({state.place(number)}) är samma som radens belopp'
            )
        else:
            parent.notes.append(
                f'Obs: "{label}" ({state.place(number)}) anger {amount.text}, '
                f"raden anger {own.text if own else 'inget belopp'}"
            )
    return None


def _item(state: _State, number: int, texts: list[str], amounts: dict[int, _Number]) -> str | None:
    if state.parent is None:
        state.parent = state.costs[-1]
    label, owner, guessed = texts[0], (" ".join(texts[1:]) or None), False
    if owner is None:
        match = OWNER_RE.search(label)
        if match and match.start() > 0 and not state.tabbed:
            label, owner, guessed = label[: match.start()].strip(), match.group(0), True
    if _mixed_signs(amounts):
        return "både positiva och negativa belopp på samma rad"
    entry = _Entry(label, amounts, number, owner=owner, owner_guessed=guessed)
    state.parent.items.append(entry)
    return None


def _line(
    state: _State, number: int, label: str, text: str, amounts: dict[int, _Number]
) -> str | None:
    if _mixed_signs(amounts):
        return "både positiva och negativa belopp på samma rad"
    negative = any(a.negative for a in amounts.values())
    direction = state.section
    if negative:
        if direction == "income":
            return "ett negativt belopp bland intäkterna"
        direction = "costs"
    if direction is None:
        if _category(text, INCOME_KEYWORDS) is not None:
            direction = "income"
        elif _category(text, COST_KEYWORDS) is not None:
            direction = "costs"
        else:
            return (
                "okänt om raden är en intäkt eller en kostnad: "
                "skriv en rubrik Intäkter eller Kostnader ovanför den"
            )
    state.section = direction
    keywords = INCOME_KEYWORDS if direction == "income" else COST_KEYWORDS
    entry = _Entry(label, amounts, number, category=_category(text, keywords) or "other")
    (state.income if direction == "income" else state.costs).append(entry)
    return None


def _mixed_signs(amounts: dict[int, _Number]) -> bool:
    return any(a.value < 0 for a in amounts.values()) and any(a.value > 0 for a in amounts.values())


def _category(text: str, keywords: tuple[tuple[str, str], ...]) -> str | None:
    return next((category for pattern, category in keywords if re.search(pattern, text)), None)


# --- the unit ---------------------------------------------------------------------------------


def _unit(given: str | None, state: _State, lines: list[str]) -> tuple[str | None, str]:
    if given:
        return given, "angiven med --unit"
    hinted: list[str] = []
    text = normalised(" ".join(lines + state.unit_words))
    for unit, pattern in UNIT_HINTS:
        if pattern.search(text):
            hinted.append(unit)
            text = pattern.sub(" ", text)
    largest = max((abs(a.value) for a in _all_amounts(state)), default=None)
    if largest is None:
        return None, "fyll i kr, tkr eller mkr som i dokumentet"
    plausible = [
        u
        for u in UNIT_PREFERENCE
        if PLAUSIBLE_KRONOR[0] <= largest * UNITS[u] <= PLAUSIBLE_KRONOR[1]
    ]
    size = f"största beloppet är {_grouped(largest)}"
    hinted_plausible = [u for u in UNIT_PREFERENCE if u in hinted and u in plausible]
    if hinted_plausible:
        return (
            hinted_plausible[0],
            f"gissning: texten anger {hinted_plausible[0]} och {size}; kontrollera mot dokumentet",
        )
    if hinted and plausible:
        return plausible[0], (
            f"gissning: texten anger {' och '.join(hinted)}, men {size}, "
            f"vilket passar {plausible[0]}; kontrollera mot dokumentet"
        )
    if plausible:
        return (
            plausible[0],
            f"gissning utifrån beloppens storlek ({size}); kontrollera mot dokumentet",
        )
    if hinted:
        return hinted[0], f"gissning: texten anger {hinted[0]}; kontrollera mot dokumentet"
    return None, f"fyll i kr, tkr eller mkr som i dokumentet ({size})"


def _all_amounts(state: _State) -> list[_Number]:
    found = []
    for entry in state.income + state.costs:
        found.extend(entry.amounts.values())
        for item in entry.items:
            found.extend(item.amounts.values())
    found.extend(_Number(t.printed, t.value) for t in state.totals.values())
    return found


# --- writing the YAML -------------------------------------------------------------------------


def _grouped(value: int) -> str:
    text = f"{abs(value):,}".replace(",", " ")
    return f"\u2212{text}" if value < 0 else text


def _year_name(year: int, state: _State) -> str:
    return str(year) if state.fixed or year >= 1900 else f"ÅR_{year}"


def _years(state: _State) -> list[int]:
    found = {year for entry in state.income + state.costs for year in entry.amounts}
    found |= {year for _, year in state.totals}
    if not found:
        found = set(state.columns or [])
    return sorted(found)


@dataclass(frozen=True, slots=True)
class _Parts:
    """What a draft says, before it is written out: printed, or as blocks for a plan file."""

    state: _State
    unit: str | None
    unit_comment: str
    placeholder: bool
    title: str | None


def _yaml(parts: _Parts) -> str:
    """Return the draft as printed: what to add, then unit:, budget: and discrepancies:."""
    source = (
        f"{parts.title}  (dokumentets titel, gissad: kontrollera)"
        if parts.title
        else "<dokumentets namn>"
    )
    out = [
        "# Utkast från finsam import. Kontrollera varje rad, belopp och kategori mot dokumentet.",
        "# Lägg till planens övriga fält överst (se sidan Planformatet), t.ex.:",
        "#   forbund: <förbundets mapp, t.ex. varend>",
        "#   year: <planens år>",
        f"#   source: {_comment_text(source)}",
        *_report(parts.state, "# "),
        _unit_yaml(parts),
        *_budget_yaml(parts.state),
        *_discrepancies_yaml(parts),
    ]
    return "\n".join(out) + "\n"


def _blocks(parts: _Parts) -> tuple[tuple[str, str], ...]:
    """Return the draft's top-level keys and their YAML, for writing into a plan file.

    The import's comments stand indented in the budget block, so that they go with it when
    the budget is replaced; discrepancies are left to finsam check while lines are unread.
    """
    blocks = []
    if parts.title:
        blocks.append(
            (
                "source",
                f"source: {quote(parts.title)}  "
                "# dokumentets titel, gissad av finsam import: kontrollera",
            )
        )
    blocks.append(("unit", _unit_yaml(parts)))
    budget = [
        "budget:",
        "  # Från finsam import: kontrollera varje rad, belopp och kategori mot dokumentet",
        "  # och ta sedan bort de här kommentarerna.",
        *_report(parts.state, "  # "),
    ]
    entries = _discrepancy_entries(parts)
    if entries and parts.state.unread:
        budget.append(
            "  # Summorna går inte ihop med raderna: skriv in raderna som inte kunde läsas "
            "och kör make check."
        )
    blocks.append(("budget", "\n".join(budget + _budget_yaml(parts.state)[1:])))
    if entries and not parts.state.unread:
        head = ["discrepancies:", *(f"  {line}" for line in DISCREPANCIES_HEAD)]
        blocks.append(("discrepancies", "\n".join(head + entries)))
    return tuple(blocks)


def _report(state: _State, prefix: str) -> list[str]:
    """Return the comments on what was read: counts, the lines not read, subtotals."""
    read_count = len(state.income + state.costs) + sum(len(e.items) for e in state.costs)
    out = [
        f"{prefix}Lästa budgetrader och insatser: {read_count}. "
        f"Rader som inte kunde läsas: {len(state.unread)}."
    ]
    if state.unread:
        out.append(
            f"{prefix}Rader som inte kunde läsas (skriv in dem för hand om de hör till budgeten):"
        )
        out.extend(f"{prefix}  {_comment_text(u.message())}" for u in state.unread)
    out.extend(f"{prefix}{_comment_text(comment)}" for comment in state.comments)
    return out


def _unit_yaml(parts: _Parts) -> str:
    return f"unit: {parts.unit or ''}  # {_comment_text(parts.unit_comment)}"


def _budget_yaml(state: _State) -> list[str]:
    out = ["budget:"]
    for year in _years(state):
        out.append(f"  {_year_name(year, state)}:")
        out.extend(_year_yaml(state, year))
    return out


def _comment_text(text: str) -> str:
    """Return text for a YAML comment: one line, no character a plan's text may not hold."""
    if forbidden_character(text) is not None:  # a PDF's symbol fonts, controls
        text = "".join("\ufffd" if forbidden_character(c) else c for c in text)
    return " ".join(text.split())


def _year_yaml(state: _State, year: int) -> list[str]:
    out = []
    for direction, entries in (("income", state.income), ("costs", state.costs)):
        present = [e for e in entries if year in e.amounts]
        out.append(f"    {direction}:" + ("" if present else " []"))
        for entry in present:
            out.extend(_entry_yaml(state, entry, year))
        total = state.totals.get((f"{direction}_total", year))
        if total is not None:
            out.append(_total_yaml(state, f"{direction}_total", total))
    for kind in ("carried_over", "result"):
        total = state.totals.get((kind, year))
        if total is not None:
            out.append(_total_yaml(state, kind, total))
    return out


def _total_yaml(state: _State, kind: str, total: _Total) -> str:
    note = f'"{total.label}" {total.printed} ({state.place(total.number)})'
    if total.printed.lstrip()[:1] in SIGNS and kind == "costs_total":
        note += _negative_note(total.printed)
    return f"    {kind}: {total.value}  # {_comment_text(note)}"


def _negative_note(printed: str) -> str:
    return (
        f'; tryckt "{printed}": dokumentet skriver kostnaderna med minustecken, '
        "här står beloppet utan tecken med samma siffror"
    )


def _entry_yaml(state: _State, entry: _Entry, year: int) -> list[str]:
    amount = entry.amounts[year]
    comment = f"kontrollera kategorin ({state.place(entry.number)})"
    if amount.negative:
        comment += _negative_note(amount.text)
    comment += "".join(f"; {note}" for note in entry.notes)
    head = f"label: {quote(entry.label)}, category: {entry.category}, amount: {abs(amount.value)}"
    present_items = [item for item in entry.items if year in item.amounts]
    if not present_items:
        return [f"      - {{{head}}}  # {_comment_text(comment)}"]
    out = [
        f"      - label: {quote(entry.label)}  # {_comment_text(comment)}",
        f"        category: {entry.category}",
        f"        amount: {abs(amount.value)}",
        "        items:",
    ]
    for item in present_items:
        value = item.amounts[year]
        owner = f", owner: {quote(item.owner)}" if item.owner else ""
        note = state.place(item.number)
        if item.owner_guessed:
            note += "; kontrollera ägaren: den är gissad ur texten"
        if value.negative:
            note += _negative_note(value.text)
        out.append(
            f"          - {{label: {quote(item.label)}{owner}, amount: {abs(value.value)}}}"
            f"  # {_comment_text(note)}"
        )
    return out


def _plan_for_checks(state: _State, years: list[int], unit: str) -> Plan:
    budget = []
    for year in years:
        income = tuple(
            Line(e.label, e.category or "other", abs(e.amounts[year].value))
            for e in state.income
            if year in e.amounts
        )
        costs = tuple(
            Line(
                e.label,
                e.category or "other",
                abs(e.amounts[year].value),
                tuple(
                    Item(i.label, abs(i.amounts[year].value), i.owner)
                    for i in e.items
                    if year in i.amounts
                ),
            )
            for e in state.costs
            if year in e.amounts
        )
        totals = {kind: state.totals[(kind, year)].value for kind, y in state.totals if y == year}
        budget.append(BudgetYear(year=year, income=income, costs=costs, **totals))
    return Plan(
        uri="",
        path="",
        slug="",
        year=years[0],
        source="",
        unit=unit,
        budget=tuple(budget),
    )


NOTES = {
    checks.INCOME: (
        "Intäktsraderna för {year} summerar till {computed}, "
        "men dokumentet anger summa intäkter {printed}."
    ),
    checks.COSTS: (
        "Kostnadsraderna för {year} summerar till {computed}, "
        "men dokumentet anger summa kostnader {printed}."
    ),
    checks.ITEMS: (
        "Insatsraderna under {label} för {year} summerar till {computed}, "
        "men dokumentet anger {printed}."
    ),
    checks.RESULT: (
        "Intäkter minus kostnader för {year} blir {computed}, "
        "men dokumentet anger resultatet {printed}."
    ),
    checks.SHARES: (
        "Medlemmarnas bidrag för {year} följer inte lagens fördelning "
        "(staten hälften, regionen och kommunerna en fjärdedel var): "
        "{label} skulle vara {computed}, dokumentet anger {printed}."
    ),
}
SHARE_LABELS = {"state": "staten", "region": "regionen", "municipalities": "kommunerna"}


DISCREPANCIES_HEAD = (
    "# Summor i dokumentet som inte går ihop med raderna. "
    "Kontrollera först att raderna är rätt lästa;",
    "# står det verkligen så i dokumentet, behåll avvikelsen och skriv gärna om "
    "kommentaren i note (den visas för läsarna).",
)


def _discrepancies_yaml(parts: _Parts) -> list[str]:
    """Return the printed draft's discrepancies: commented out while lines are unread."""
    state = parts.state
    if parts.placeholder and (state.income or state.costs):
        return [
            "# Avvikelser mellan rader och tryckta summor visas av make check "
            "när årtalen är ifyllda."
        ]
    entries = _discrepancy_entries(parts)
    if not entries:
        return []
    prefix = "# " if state.unread else ""
    out = list(DISCREPANCIES_HEAD)
    if state.unread:
        out.append(
            "# Avvikelserna är bortkommenterade eftersom några rader inte kunde läsas: "
            "de kan vara orsaken."
        )
    out.append(f"{prefix}discrepancies:")
    out.extend(f"{prefix}{line}" for line in entries)
    return out


def _discrepancy_entries(parts: _Parts) -> list[str]:
    """Return an entry for each printed sum the lines do not reach, with a note for readers."""
    state, unit = parts.state, parts.unit
    years = _years(state)
    if parts.placeholder or not years or (not state.income and not state.costs):
        return []
    suffix = f" {unit}" if unit else ""
    out = []
    for finding in checks.findings(_plan_for_checks(state, years, unit or "kr")):
        label = SHARE_LABELS.get(finding.label or "", finding.label or "")
        note = NOTES[finding.kind].format(
            year=finding.year,
            label=label,
            computed=_grouped(finding.computed) + suffix,
            printed=_grouped(finding.printed) + suffix,
        )
        out.extend(
            [
                f"  - where: {quote(finding.where)}",
                f"    printed: {finding.printed}",
                f"    computed: {finding.computed}",
                f"    note: {quote(note)}",
            ]
        )
    return out
