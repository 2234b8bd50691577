"""Split a Markdown file into front-matter and body, and read the YAML with line numbers."""

from __future__ import annotations

import ast
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 20
# What a text from front-matter may not hold (PLAN-FORMAT.md, "Values are text, never markup"):
# control characters other than tab and line breaks, lone surrogates (from YAML escapes),
# bidirectional controls, which make a text show something other than it holds, private-use
# characters, among them the marks of the site's own HTML blocks (markup.BLOCK_START, BLOCK_END),
# and noncharacters (U+FDD0–U+FDEF, U+FFFE and U+FFFF in every plane), which no XML file may hold.
# Checked on every value as YAML decodes it, so that an escape ("\uFFFE") is caught as well.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_PRIVATE = "\ue000-\uf8ff"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_FORBIDDEN_RE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}{_PRIVATE}{_NONCHARACTERS}]"
)
_BIDI_RE = re.compile(f"[{_BIDI}]")
_PRIVATE_RE = re.compile(f"[{_PRIVATE}]")
_NONCHARACTER_RE = re.compile(f"[{_NONCHARACTERS}]")
# Front-matter runs from an opening line --- to the next closing line --- or ... ; a closing line
# right after the opening one counts only if no other follows. That is how the expression
# \A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z) reads it, but without its slow search.
_OPENING_RE = re.compile(r"-{3}[ \t]*\n")
_CLOSING_RE = re.compile(r"(?:\.{3}|-{3})[ \t]*(?:\n|\Z)")
_LATER_CLOSING_RE = re.compile(
    r"\n(?:\.{3}|-{3})[ \t]*(?:\n|\Z)"
)  # found fast by its first character

_YAML_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL, _DATE = (
    f"{_YAML_TAG}{kind}" for kind in ("str", "int", "bool", "null", "timestamp")
)
# The only values YAML reads as something other than a text, each as the contract writes it
# (PLAN-FORMAT.md): decimal integers (ASCII digits, no leading zero, a minus before any but 0),
# true and false, an empty value, and dates YYYY-MM-DD. << and = are read only to be refused
# (_implicit_value). YAML 1.1 would also turn 0700 into 448, 0x1A into 26, 1:30 into 90, 1_000
# into 1000, +5 into 5, 1.10 into 1.1 and "no" into false; editors paste numbers and names from
# PDFs, so those stay texts, and the schema judges them by its own rules. PyYAML's own
# constructors never run.
_IMPLICIT = (
    (_INT, r"0|-?[1-9][0-9]*", "-0123456789"),
    (_BOOL, r"true|false", "tf"),
    (_NULL, r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    (_DATE, r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "0123456789"),
    (f"{_YAML_TAG}merge", r"<<", "<"),
    (f"{_YAML_TAG}value", r"=", "="),
)


def _restricted(base: type) -> type:
    """Return a safe loader class whose resolver types only the values of _IMPLICIT.

    Everything else is text.
    """
    loader = type(f"Restricted{base.__name__}", (base,), {})
    loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in _IMPLICIT:
        loader.add_implicit_resolver(tag, re.compile(rf"(?:{pattern})\Z"), list(first))
    return loader


# libyaml reads ten times faster; the pure-Python parser explains errors better, so it reads
# only the files libyaml rejects.
_FAST_LOADER = _restricted(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_LOADER = _restricted(yaml.SafeLoader)


class FrontMatterError(Exception):
    """The front-matter cannot be read; carries a line and an explanation."""

    def __init__(
        self, line: int | None, expected: str, found: str, fix: str, field: str | None = None
    ) -> None:
        super().__init__(found)
        self.line = line
        self.expected = expected
        self.found = found
        self.fix = fix
        self.field = field


@dataclass(
    slots=True
)  # not frozen: a file has thousands, and frozen ones take three times longer to make
class Node:
    """A YAML value with the file line it starts on; mappings remember their keys' lines."""

    value: Any
    line: int
    key_lines: dict[Any, int] = field(default_factory=dict)

    @property
    def is_mapping(self) -> bool:
        """Return whether the value is a mapping."""
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        """Return whether the value is a list."""
        return isinstance(self.value, list)


@dataclass(frozen=True, slots=True)
class SplitFile:
    """A Markdown file cut into its front-matter and its body."""

    front_matter: str | None
    body: str
    body_line: int


def decode(data: bytes) -> str:
    """Return the text of a file: UTF-8, without a byte-order mark, with LF line endings."""
    if len(data) > MAX_BYTES:
        raise FrontMatterError(
            None,
            f"en fil på högst {MAX_BYTES} byte",
            f"mer än {MAX_BYTES} byte"
            if len(data) == MAX_BYTES + 1
            else f"{len(data)} byte",  # readers stop one byte past the limit
            "Dela upp dokumentet eller korta texten.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            line,
            "text i teckenkodningen UTF-8",
            describe_byte(data[error.start]),
            (
                "Spara filen som UTF-8 i din textredigerare (oftast under Spara som, "
                "där du väljer teckenkodningen UTF-8)."
            ),
        ) from None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split(text: str) -> SplitFile:
    """Return the front-matter (or None) and the body of a Markdown text."""
    opening = _OPENING_RE.match(text)
    if opening is None:
        return SplitFile(None, text, 1)
    start = opening.end()
    later = _LATER_CLOSING_RE.search(text, start)
    if later is not None:
        front_matter, end = text[start : later.start() + 1], later.end()
    elif (closing := _CLOSING_RE.match(text, start)) is not None:
        front_matter, end = "", closing.end()
    else:
        return SplitFile(None, text, 1)
    return SplitFile(front_matter, text[end:], text.count("\n", 0, end) + 1)


def unclosed(text: str) -> bool:
    """Return whether a text opens front-matter with --- but has no line --- that closes it."""
    return _OPENING_RE.match(text) is not None and split(text).front_matter is None


def parse(front_matter: str) -> Node:
    """Return the front-matter as located nodes; raise FrontMatterError if it is not valid YAML."""
    return _simple_tree(front_matter) or _yaml_tree(front_matter)


def _yaml_tree(front_matter: str) -> Node:
    """Return the front-matter as located nodes, read by the YAML parsers.

    Raise FrontMatterError if it is not valid YAML.
    """
    try:
        try:
            return _Composer(_FAST_LOADER(front_matter), front_matter).root()
        except yaml.YAMLError:
            # The Python parser explains errors better.
            return _Composer(_LOADER(front_matter), front_matter).root()
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow in any text, found before any other error.
        line = front_matter[: error.position].count("\n") + 2
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise FrontMatterError(
            line,
            "vanlig text",
            f"ett otillåtet tecken: {describe_character(character)}",
            (
                "Ta bort tecknet; det syns ofta inte i redigeraren "
                "men följer med vid kopiering från PDF."
            ),
        ) from None
    except UnicodeEncodeError as error:
        # A lone surrogate, which no decoded file holds but a caller may pass.
        line = front_matter[: error.start].count("\n") + 2
        raise FrontMatterError(
            line,
            "vanlig text",
            f"ett ogiltigt tecken (U+{ord(front_matter[error.start]):04X})",
            FORBIDDEN_FIX,
        ) from None


# --- the YAML parser's errors, in Swedish ---------------------------------------------------------
#
# PyYAML explains an error in English, in two parts: a context ("while scanning a simple key") and a
# problem ("could not find expected ':'"), each with a place, and names characters and tokens as
# Python writes them ('\t', '<block mapping start>'). _yaml_error reads both parts and says the same
# in Swedish, in the editor's terms, at the line where the editor can fix it. It covers every
# message of PyYAML's reader, scanner, parser and composer (tests/format/test_units.py feeds a
# broken text for each); one it does not know is still described in Swedish, as the line YAML
# cannot read.

_VALID_YAML = "giltig YAML"
_ALIAS = (
    "varje värde utskrivet en gång",
    "en YAML-referens (& och *)",
    "Skriv ut värdet på nytt i stället för att hänvisa till det med & och *.",
)
_INDENT_FIX = (
    "Rätta indraget: rader på samma nivå ska börja i samma kolumn, "
    "och det som hör till ett fält dras in under det, t.ex. med två mellanslag."
)
_QUOTE_FIX = (
    "Avsluta texten med samma citattecken som den börjar med. "
    "Ett citattecken inuti texten skrivs \\\" inom dubbla citattecken och '' inom enkla."
)
_ESCAPE_FIX = (
    "Skriv \\\\ för ett omvänt snedstreck, eller sätt texten inom enkla citattecken ('…'), "
    "där \\ står för sig självt."
)
_UNREAD = (
    _VALID_YAML,
    "en rad som YAML inte kan läsa",
    "Kontrollera indrag, kolon och citattecken på raden och raden före.",
)
_DIRECTIVE = (
    f"{_VALID_YAML}, med ett fältnamn först på raden",
    "en rad som börjar med %, som YAML läser som ett direktiv",
    (
        "Ta bort % först på raden. Fortsätter raden en text från raden ovanför, "
        "dra in den eller sätt citattecken runt hela texten."
    ),
)
# PyYAML's tokens, as its parser names them, in the editor's words.
_TOKENS = {
    "<scalar>": "en text",
    "<block mapping start>": "ett fält (namn: värde)",
    "<block sequence start>": "en listrad (-)",
    "<block end>": "slutet på ett indrag",
    "<document start>": "en rad som börjar med ---",
    "<document end>": "en rad som börjar med ...",
    "<stream start>": "början på front-matter",
    "<stream end>": "slutet på front-matter",
    "<directive>": "en rad som börjar med %",
    "<alias>": "en YAML-referens (*)",
    "<anchor>": "ett YAML-ankare (&)",
    "<tag>": "en typmarkering (!)",
    "?": "ett fält (namn: värde)",
    ":": "ett kolon (:)",
    "-": "en listrad (-)",
    ",": "ett kommatecken (,)",
}
# Characters YAML reserves at the start of a value, with an example of such a value in quotes.
_QUOTED_EXAMPLES = {
    "@": 'owner: "@kansliet"',
    "`": 'label: "`Steg 1`"',
    "%": 'label: "% av budgeten"',
}
_HEX_DIGITS = {2: ("x", "\\xe5"), 4: ("u", "\\u00e5"), 8: ("U", "\\U000000e5")}
# Control characters by their usual short names, for the ones an editor may have heard of.
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL",
}
_NAMED_CHARACTERS = {
    "\t": "ett tabbtecken",
    "\n": "ett radslut",
    "\r": "en vagnretur",
    " ": "ett mellanslag",
    "\xa0": "ett hårt mellanslag",
    "\xad": "ett mjukt bindestreck",
    "\u200b": "ett osynligt mellanslag",
    "\ufeff": "ett osynligt tecken för byteordning",
    "\u2028": "en radavgränsare",
    "\u2029": "en styckeavgränsare",
    '"': 'ett citattecken (")',
    "'": "en apostrof (')",
    "\\": "ett omvänt snedstreck (\\)",
}


def describe_character(char: str) -> str:
    """Return one character as a Swedish message names it, never as Python writes it.

    For example: "ett tabbtecken (U+0009)", 'tecknet "@"', 'tecknet "å" (U+00E5)'.
    """
    code = f"U+{ord(char):04X}"
    if char in _NAMED_CHARACTERS:
        name = _NAMED_CHARACTERS[char]
        return name if char.isascii() and char.isprintable() else f"{name} ({code})"
    kind = unicodedata.category(char)
    if kind == "Cc":
        name = _CONTROL_NAMES.get(ord(char))
        return f"styrtecknet {name} ({code})" if name else f"ett styrtecken ({code})"
    if kind == "Cs":
        return f"en ogiltig teckenkod ({code}), en halva av ett teckenpar"
    if kind == "Co":
        return f"ett tecken för privat bruk ({code})"
    if kind == "Cn":
        return f"en teckenkod utan tecken ({code})"
    if kind in ("Cf", "Zl", "Zp"):
        return f"ett osynligt formateringstecken ({code})"
    if kind == "Zs":
        return f"ett specialmellanslag ({code})"
    return f'tecknet "{char}"' if char.isascii() else f'tecknet "{char}" ({code})'


def describe_byte(byte: int) -> str:
    """Return a byte that is not UTF-8 as a Swedish message names it.

    The message adds the character the byte is in Windows-1252, where it most likely comes from.
    """
    try:
        meant = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        meant = ""
    guess = (
        f', som är "{meant}" i teckenkodningen Windows-1252'
        if meant.isprintable() and meant.strip()
        else ""
    )
    return f"en byte som inte är UTF-8: {byte:02X} hexadecimalt{guess}"


def _token(token_id: str) -> str:
    """Return a token PyYAML names (its id, as Python writes it) in the editor's words."""
    return _TOKENS.get(token_id) or (
        describe_character(token_id) if len(token_id) == 1 else "något oväntat"
    )


def _named(problem: str, pattern: str) -> str | None:
    """Return the character or token a PyYAML problem names with %r (found '\\t', got ':').

    It is read back from Python's notation.
    """
    match = re.search(pattern, problem)
    if match is None:
        return None
    try:
        value = ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def _line_text(mark: yaml.Mark | None) -> tuple[str, int]:
    """Return the text of a mark's line and the mark's column in it."""
    if mark is None or not isinstance(mark.buffer, str):
        return "", 0
    start = mark.buffer.rfind("\n", 0, mark.pointer) + 1
    end = mark.buffer.find("\n", mark.pointer)
    return mark.buffer[start : end if end >= 0 else len(mark.buffer)].rstrip(
        "\0"
    ), mark.pointer - start


def _line_starting(mark: yaml.Mark | None, prefix: str, before: int) -> int | None:
    """Return the file line of the last line before a line number that starts with prefix."""
    if mark is None or not isinstance(mark.buffer, str):
        return None
    lines = mark.buffer.split("\n")[: before - 1]
    return next(
        (
            number + 2
            for number in range(len(lines) - 1, -1, -1)
            if lines[number].startswith(prefix)
        ),
        None,
    )


def _must_quote(char: str, found: str, example: str) -> tuple[str, str, str]:
    """Return the parts of a message about a value.

    The value starts with a character YAML reads as markup.
    """
    return (
        f"{_VALID_YAML}, där ett värde som börjar med {char} står inom citattecken",
        found,
        f"Sätt citattecken runt hela värdet, t.ex. {example}.",
    )


def _yaml_error(error: yaml.MarkedYAMLError) -> FrontMatterError:
    """Return a PyYAML error as a Swedish message at the line to fix."""
    context, problem = str(error.context or ""), str(error.problem or "")
    at = error.problem_mark.line + 2 if error.problem_mark is not None else None
    start = error.context_mark.line + 2 if error.context_mark is not None else at
    line, parts = _explained(error, context, problem, at, start)
    return FrontMatterError(line, *parts)


_Explained = tuple[int | None, tuple[str, str, str]]  # a message's line, expected, found, fix


def _explained(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained:
    """Return the line and the Swedish expected, found and fix of a PyYAML error.

    Each of _EXPLAINERS explains one kind of error, and returns None for the others.
    """
    for explain in _EXPLAINERS:
        found = explain(error, context, problem, at, start)
        if found is not None:
            return found
    return at or start, _UNREAD


# The reader and scanner: characters and indicators.
def _unstartable_character(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a character that cannot start a value: a tab, an indicator or another."""
    if problem.endswith("that cannot start any token"):
        char = _named(problem, r"found character (.+) that cannot") or ""
        if char == "\t":
            return at, (
                f"{_VALID_YAML}, med mellanslag för indrag",
                describe_character(char),
                "Använd mellanslag, inte tabbtecken, för indrag i front-matter.",
            )
        if char in _QUOTED_EXAMPLES:
            return at, _must_quote(
                char, f'tecknet "{char}" först i ett värde', _QUOTED_EXAMPLES[char]
            )
        return at, (
            _VALID_YAML,
            f"{describe_character(char)}, som inte kan inleda ett värde"
            if char
            else "ett tecken som inte kan inleda ett värde",
            "Ta bort tecknet, eller sätt citattecken runt hela värdet.",
        )
    return None


def _no_colon(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a line without a colon and a space after its field's name."""
    if context == "while scanning a simple key":
        return start, (
            f"{_VALID_YAML}, med kolon och mellanslag efter varje fältnamn",
            "en rad utan kolon och mellanslag efter fältnamnet",
            (
                "Skriv raden som namn: värde, t.ex. unit: tkr. Fortsätter raden en text från "
                "raden ovanför, sätt citattecken runt hela texten."
            ),
        )
    return None


def _mapping_value(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a second colon and space on a line, or a field indented under one with a value."""
    if problem == "mapping values are not allowed here":
        text, column = _line_text(error.problem_mark)
        if re.search(r":[ \t]", text[:column].lstrip(" -")):
            return at, (
                f"{_VALID_YAML}, där en text med kolon och mellanslag står inom citattecken",
                "ett andra kolon följt av mellanslag på raden",
                (
                    "Sätt citattecken runt texten som innehåller kolon, "
                    't.ex. label: "Styrelse: arvoden".'
                ),
            )
        return at, (
            f"{_VALID_YAML}, med samma indrag för fält på samma nivå",
            "ett fält med större indrag än fältet ovanför, som redan har ett värde",
            (
                "Ge raden samma indrag som fältet ovanför. Ska fältet ligga under det, "
                "ta bort värdet efter kolonet på raden ovanför."
            ),
        )
    return None


def _sequence_entry(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a list's dash after other text, or a list under a field with a value."""
    if problem == "sequence entries are not allowed here":
        text, column = _line_text(error.problem_mark)
        if text[:column].strip():
            return at, _must_quote(
                "- och mellanslag",
                "ett listtecken (-) efter annan text på raden",
                'label: "- Kansli". En lista skrivs med en listrad per värde, under fältet',
            )
        return at, (
            f"{_VALID_YAML}, med en lista under ett fält utan värde",
            "en listrad (-) under ett fält som redan har ett värde",
            (
                "Ta bort värdet efter kolonet på raden ovanför om listan hör till det fältet, "
                "annars ge listraden samma indrag som listraderna ovanför."
            ),
        )
    return None


def _mapping_key(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a question mark and a space first in a value."""
    if problem == "mapping keys are not allowed here":
        return at, _must_quote(
            "? och mellanslag",
            "ett frågetecken och ett mellanslag först i ett värde",
            'label: "? Kansli"',
        )
    return None


def _anchor_or_alias(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain an & or a * first in a value."""
    if re.fullmatch(r"while scanning an? (anchor|alias)", context):
        char = "&" if context.endswith("anchor") else "*"
        return start, _must_quote(
            char, f'tecknet "{char}" först i ett värde', f'label: "{char} övrigt"'
        )
    return None


def _tag(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain an ! first in a value, which YAML reads as a tag."""
    if (
        re.fullmatch(r"while (scanning|parsing) a tag", context)
        or "found undefined tag handle" in problem
    ):
        return start, _must_quote(
            "!",
            'tecknet "!" först i ett värde, som YAML läser som en typmarkering',
            'label: "!Viktigt"',
        )
    return None


def _directive(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a % directive, which front-matter has no use for."""
    if re.fullmatch(r"while (scanning|parsing) a directive", context) or problem.startswith(
        (
            "found duplicate YAML directive",
            "found incompatible YAML document",
            "duplicate tag handle",
        )
    ):
        return start, _DIRECTIVE
    return None


def _document_start(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a directive, or a line of three dots, which YAML reads as the end."""
    if problem.startswith("expected '<document start>'"):
        directive = _line_starting(error.problem_mark, "%", at or 0)
        if directive is not None:
            return directive, _DIRECTIVE
        end = _line_starting(error.problem_mark, "...", (at or 0) + 1)
        return end or at, (
            f"{_VALID_YAML}, där front-matter slutar med en rad med bara ---",
            "en rad som börjar med tre punkter (...), som YAML läser som slutet på front-matter",
            "Ta bort punkterna först på raden, eller dra in raden.",
        )
    return None


def _block_scalar(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a | or a > first in a value, with text after it on the line."""
    if context == "while scanning a block scalar":
        text, column = _line_text(error.context_mark)
        char = text[column : column + 1] or "|"
        return start, _must_quote(
            char,
            f'tecknet "{char}" först i ett värde, följt av text på samma rad',
            (
                f'label: "{char} Kansli". Står {char} ensamt efter kolonet, '
                "skrivs texten på raderna under, med indrag"
            ),
        )
    return None


def _escape(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a backslash in double quotes that starts no escape, or an escape too short."""
    if context == "while scanning a double-quoted scalar":
        char = (
            _named(problem, r"but found (.+)$")
            if problem.startswith("expected escape sequence")
            else _named(problem, r"found unknown escape character (.+)$")
        )
        what = describe_character(char) if char else "ett annat tecken"
        digits = re.search(r"of (\d+) hexadecimal", problem)
        if digits is not None:
            letter, example = _HEX_DIGITS.get(int(digits.group(1)), ("x", "\\xe5"))
            return at, (
                (
                    f"{_VALID_YAML}, med {digits.group(1)} hexadecimala siffror "
                    f"(0–9, A–F) efter \\{letter} inom dubbla citattecken"
                ),
                f"teckenkoden \\{letter} följd av {what}",
                f"Skriv koden med alla siffror, t.ex. {example} för å. {_ESCAPE_FIX}",
            )
        return at, (
            f"{_VALID_YAML}, med \\\\ för ett omvänt snedstreck inom dubbla citattecken",
            f"ett omvänt snedstreck (\\) följt av {what}, som inte inleder en teckenkod",
            _ESCAPE_FIX,
        )
    return None


def _unclosed_quote(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a text in quotes that does not end."""
    if context == "while scanning a quoted scalar":
        if problem == "found unexpected document separator":
            return start, (
                f"{_VALID_YAML}, med ett avslutande citattecken",
                (
                    f"en text inom citattecken som inte avslutas före rad {at}, "
                    "som börjar med --- eller ..."
                ),
                _QUOTE_FIX,
            )
        return start, (
            f"{_VALID_YAML}, med ett avslutande citattecken",
            "en text inom citattecken som inte avslutas",
            _QUOTE_FIX,
        )
    return None


# The parser: the structure of mappings and lists.
def _block_structure(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a line in a mapping or a list indented unlike the lines above it."""
    if context in ("while parsing a block mapping", "while parsing a block collection"):
        token = _named(problem, r"but found (.+)$") or ""
        level = (
            "listrader i samma lista"
            if context.endswith("collection") or token in ("-", "<block sequence start>")
            else "fält på samma nivå"
        )
        if token in ("[", "]", "{", "}", ","):
            return at, (
                f"{_VALID_YAML}, med nästa fält eller listrad på en egen rad",
                f"{_token(token)} på fel ställe",
                "Ta bort tecknet, eller sätt citattecken runt hela värdet.",
            )
        return at, (
            f"{_VALID_YAML}, med samma indrag för {level}",
            f"{_token(token)} med ett indrag som inte stämmer med raderna ovanför",
            _INDENT_FIX,
        )
    return None


def _flow(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a list in [ ] or a mapping in { } without its commas or its end."""
    flow = re.fullmatch(r"while parsing a flow (sequence|mapping)", context)
    if flow is not None:
        token = _named(problem, r"but got (.+)$") or ""
        opening, closing, what = (
            ("[", "]", "värdena") if flow.group(1) == "sequence" else ("{", "}", "fälten")
        )
        fix = (
            (
                "Skilj värdena åt med kommatecken och avsluta med ], t.ex. "
                "[Försäkringskassan, Arbetsförmedlingen]. En text som innehåller kommatecken, "
                "kolon eller hakparenteser sätts inom citattecken."
            )
            if opening == "["
            else (
                "Skilj fälten åt med kommatecken och avsluta med }, "
                "t.ex. {label: Staten, category: state, amount: 8000}. "
                "En text som innehåller kolon, kommatecken eller klammerparenteser "
                "sätts inom citattecken."
            )
        )
        expected = (
            f"{_VALID_YAML}, med kommatecken mellan {what} "
            f"inom {opening} {closing} och {closing} sist"
        )
        if at is not None and start is not None and at > start:
            return start, (
                expected,
                f'tecknet "{opening}" utan ett "{closing}" som avslutar det på samma rad',
                fix,
            )
        return at, (
            expected,
            f'{_token(token)} där ett kommatecken eller "{closing}" skulle stå',
            fix,
        )
    return None


def _missing_value(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a character where a value should be."""
    if re.fullmatch(
        r"while parsing an? (block|flow|block mapping|flow mapping|indentless sequence)? ?node",
        context,
    ):
        token = _named(problem, r"but found (.+)$") or ""
        return at, (
            f"{_VALID_YAML}, med ett värde",
            f"{_token(token)} där ett värde skulle stå",
            (
                "Skriv värdet, eller ta bort tecknet. "
                "Ett värde som börjar med , [ ] { } sätts inom citattecken, "
                't.ex. label: ", övrigt".'
            ),
        )
    return None


# The composer: documents and references.
def _several_documents(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain a line starting with --- and more text: a second document."""
    if context == "expected a single document in the stream":
        return at, (
            f"{_VALID_YAML}, med ett enda dokument",
            (
                "en rad som börjar med --- och mer text, "
                "som YAML läser som början på ett nytt dokument"
            ),
            (
                "Front-matter slutar vid den första raden med bara ---. "
                "Ta bort --- först på raden, eller dra in raden."
            ),
        )
    return None


def _unknown_alias(
    error: yaml.MarkedYAMLError, context: str, problem: str, at: int | None, start: int | None
) -> _Explained | None:
    """Explain an alias to no anchor, or an anchor twice."""
    if problem.startswith("found undefined alias") or context.startswith("found duplicate anchor"):
        return at, _ALIAS
    return None


_EXPLAINERS = (  # in the order they are tried: the first that explains an error does
    _unstartable_character,
    _no_colon,
    _mapping_value,
    _sequence_entry,
    _mapping_key,
    _anchor_or_alias,
    _tag,
    _directive,
    _document_start,
    _block_scalar,
    _escape,
    _unclosed_quote,
    _block_structure,
    _flow,
    _missing_value,
    _several_documents,
    _unknown_alias,
)


def _shortened(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def forbidden_character(text: str) -> str | None:
    """Return a Swedish description of the first character a front-matter text may not hold.

    Return None if there is none.
    """
    match = _FORBIDDEN_RE.search(text)
    if match is None:
        return None
    char = match.group()
    code = f"U+{ord(char):04X}"
    if _BIDI_RE.fullmatch(char):
        return f"ett osynligt tecken som vänder textens riktning ({code})"
    if _PRIVATE_RE.fullmatch(char):
        return f"ett tecken för privat bruk ({code}), som inte visas likadant överallt"
    if _NONCHARACTER_RE.fullmatch(char):
        return (
            f"en teckenkod som aldrig är ett tecken ({code}), "
            "och som gör webbplatsens XML-filer ogiltiga"
        )
    return describe_character(char)


FORBIDDEN_FIX = (
    "Ta bort tecknet, eller teckenkoden som skriver det (t.ex. \\e, \\0, \\x07, \\u202e, "
    "\\uffff eller \\ud83d). Tecknet följer ibland med osynligt när man kopierar text."
)


@dataclass(slots=True)
class _Open:
    """A mapping or list being read: its node, its place, and the key whose value comes next."""

    node: Node
    field: str
    key: Any = None
    key_line: int = 0
    has_key: bool = False


class _Composer:
    """Turn a YAML parser's events into Nodes without recursion.

    Aliases, tags, deep nesting and large trees are refused.

    PyYAML composes recursively, in C for libyaml: a deeply nested text would overflow the C stack
    and kill the process before Python could stop it. Here each limit applies as the events come.
    A value with a tag (!!int, !x, !<…>) or a %TAG directive is refused as it comes: a value means
    what it says as written, and PyYAML's own constructors never run (see _implicit_value).
    """

    def __init__(self, loader: yaml.BaseLoader, text: str | None = None) -> None:
        self._loader = loader
        self._count = 0
        self._lines = text.split("\n") if text is not None else None

    def root(self) -> Node:
        """Return the single document's root node ({} for an empty front-matter)."""
        loader = self._loader
        try:
            loader.get_event()  # the stream's start
            if loader.check_event(yaml.StreamEndEvent):
                return Node({}, 2)
            document = loader.get_event()
            if getattr(document, "tags", None):
                raise FrontMatterError(document.start_mark.line + 2, *_TAG_DIRECTIVE)
            root = self._document()
            loader.get_event()  # the document's end
            if not loader.check_event(yaml.StreamEndEvent):
                extra = loader.get_event()
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    document.start_mark,
                    "but found another document",
                    extra.start_mark,
                )
            return root
        finally:
            loader.dispose()

    def _document(self) -> Node:
        """Return the root node of a document, reading its events up to the last one of its root."""
        stack: list[_Open] = []
        while True:
            event = self._loader.get_event()
            line = event.start_mark.line + 2
            parent = stack[-1] if stack else None
            as_key = parent is not None and parent.node.is_mapping and not parent.has_key
            field = self._field(parent)
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError(line, *_ALIAS)
            if getattr(event, "tag", None) is not None:
                raise FrontMatterError(line, *self._tagged(event, as_key), field or None)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if as_key:
                    raise FrontMatterError(
                        line,
                        "ett fältnamn",
                        "en lista eller tabell som fältnamn",
                        "Skriv fältnamnet som vanlig text.",
                    )
                self._counted(line, len(stack))
                stack.append(
                    _Open(
                        Node({} if isinstance(event, yaml.MappingStartEvent) else [], line), field
                    )
                )
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop().node
            elif as_key:
                parent.key, parent.key_line, parent.has_key = self._scalar(event, field), line, True
                continue
            else:
                self._counted(line, len(stack))
                node = Node(self._scalar(event, field), line)
            if not stack:
                return node
            self._attach(stack[-1], node)

    def _counted(self, line: int, depth: int) -> None:
        """Count one more value at a depth; raise FrontMatterError past MAX_DEPTH or MAX_NODES."""
        if depth > MAX_DEPTH:
            raise FrontMatterError(
                line,
                f"högst {MAX_DEPTH} nivåer av indrag",
                "fler nivåer",
                "Förenkla front-matter; se exemplen på sidan Planformatet.",
            )
        self._count += 1
        if self._count > MAX_NODES:
            raise FrontMatterError(line, f"högst {MAX_NODES} värden", "fler", "Korta front-matter.")

    @staticmethod
    def _attach(parent: _Open, node: Node) -> None:
        """Add a finished node to the mapping or list that holds it."""
        if parent.node.is_sequence:
            parent.node.value.append(node)
            return
        key, values, lines = parent.key, parent.node.value, parent.node.key_lines
        if key in values:
            raise FrontMatterError(
                parent.key_line,
                "varje fältnamn en gång",
                f"{key} en gång till (första gången på rad {lines[key]})",
                "Ta bort eller slå ihop de dubbla fälten.",
            )
        values[key] = node
        lines[key] = parent.key_line
        parent.has_key = False

    @staticmethod
    def _field(parent: _Open | None) -> str:
        """Return the place of the next value, as the schema names fields.

        For example: budget.2023.costs[1].label.
        """
        if parent is None:
            return ""
        if parent.node.is_sequence:
            return f"{parent.field}[{len(parent.node.value) + 1}]"
        if not parent.has_key:
            return parent.field
        return f"{parent.field}.{parent.key}" if parent.field else str(parent.key)

    def _scalar(self, event: yaml.ScalarEvent, field: str) -> Any:
        """Return the value of an untagged scalar event.

        It is a text if quoted, else as the restricted resolver types it.
        """
        tag = self._loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return _implicit_value(tag, event.value, event.start_mark.line + 2, field)

    def _tagged(self, event: yaml.NodeEvent, as_key: bool) -> tuple[str, str, str]:
        """Return what was expected, found and to do about a value with a tag.

        The tag is shown as written.
        """
        tag = event.tag
        written = _written_tag(self._lines, event.start_mark) or (
            f"!!{tag[len(_YAML_TAG) :]}" if tag.startswith(_YAML_TAG) else tag
        )
        if isinstance(event, yaml.MappingStartEvent):
            what = "en tabell"
        elif isinstance(event, yaml.SequenceStartEvent):
            what = "en lista"
        elif event.value:
            what = f'{"fältnamnet" if as_key else "värdet"} "{_shortened(event.value)}"'
        else:
            what = None
        found = (
            f"typmarkeringen {_shortened(written)} före {what}"
            if what
            else f"typmarkeringen {_shortened(written)} utan något värde efter"
        )
        return _TAG_EXPECTED, found, _TAG_FIX


_TAG_RE = re.compile(r"!<[^>\s]*>?|![^\s,\[\]{}]*")
_TAG_EXPECTED = (
    "ett giltigt värde utan typmarkering (! eller !!), som läses så som det står: "
    "en text, ett heltal, ett datum ÅÅÅÅ-MM-DD, true eller false"
)
_TAG_FIX = (
    "Ta bort typmarkeringen (det som börjar med ! eller !!). "
    'Ett belopp skrivs med siffrorna 0–9, t.ex. 16000 eller "16 000", '
    "och confirmed med true eller false utan citattecken. Ska en text börja med !, "
    'sätt citattecken runt hela texten, t.ex. label: "!Viktigt".'
)
_TAG_DIRECTIVE = (
    "front-matter utan YAML-direktiv",
    (
        "en rad som börjar med %, ett YAML-direktiv som "
        "ger typmarkeringar (! och !!) en egen betydelse"
    ),
    (
        "Ta bort raden som börjar med % och typmarkeringarna (det som börjar med !) i värdena; "
        "ett värde läses alltid så som det står."
    ),
)


def _written_tag(lines: list[str] | None, mark: yaml.Mark) -> str | None:
    """Return a tag as the front-matter writes it (!!int, !x, !<…>), read at a node's start.

    Return None if it is not found there.
    """
    if lines is None or not 0 <= mark.line < len(lines):
        return None
    match = _TAG_RE.search(lines[mark.line], mark.column)
    return match.group() if match else None


def _implicit_value(tag: str, value: str, line: int | None = None, field: str = "") -> Any:
    """Return the value of an untagged scalar as the restricted resolver typed it.

    Each type is read here, by the contract's rules, never by PyYAML's constructors: a text is
    checked for the characters no text may hold (once its escapes are decoded), an integer is
    read from ASCII digits (a longer one than any limit stays text, for the schema to report),
    and a date must exist. Raise FrontMatterError for a value that breaks these rules.
    """
    found = forbidden_character(value)
    if found is not None:
        raise FrontMatterError(line, "vanlig text", found, FORBIDDEN_FIX, field or None)
    if tag == _STR:
        return value
    if tag == _INT:
        return int(value) if len(value) < 20 else value
    if tag == _BOOL:
        return value == "true"
    if tag == _NULL:
        return None
    if tag == _DATE:
        try:
            return datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            raise FrontMatterError(line, *_bad_value(tag, value), field or None) from None
    raise FrontMatterError(line, *_bad_value(tag, value), field or None)


def _bad_value(tag: str, value: str) -> tuple[str, str, str]:
    """Return what was expected, what was found and what to do about a value YAML misreads.

    Such a value is one YAML gives another meaning: a date that does not exist, << or =.
    """
    shown = _shortened(value)
    if tag == _DATE:
        return (
            "ett datum som finns, skrivet ÅÅÅÅ-MM-DD",
            f'"{shown}", ett datum som inte finns',
            (
                "Rätta datumet, t.ex. 2023-11-20. Är det en text och inte ett datum, "
                "sätt citattecken runt den."
            ),
        )
    return (
        "ett vanligt värde",
        f'"{shown}", som YAML ger en särskild betydelse',
        f'Sätt citattecken runt värdet, t.ex. label: "{shown}".',
    )


# --- the common case, read directly ----------------------------------------------------------
#
# Nearly every front-matter uses a small part of YAML: block mappings and lists, flow mappings
# and lists on one line, plain and quoted scalars on one line. _Simple reads that part straight
# into Nodes, three times faster than composing YAML nodes and converting them. On anything
# else, and on every error, it gives up and the YAML parsers above decide, so results and
# messages are the same either way (tests/format/test_corpus_speed_paths.py compares the two
# readers).

# Characters libyaml reads as printable, except tabs, line breaks other than LF, byte-order marks,
# characters beyond U+FFFF and those no text may hold (_FORBIDDEN_RE): text with any other
# character is left to libyaml, and the composer reports the forbidden ones with their field.
_SIMPLE_TEXT_RE = re.compile(
    "[\n\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\uf900-\ufdcf\ufdf0-\ufefe\uff00-\ufffd]*"
)
# A plain scalar starts with no indicator (a - only before a character that ends nothing). It
# ends at ": " or " #"; in flow collections it holds none of : # , [ ] { } ?. Its trailing
# spaces are matched and stripped later. Possessive quantifiers keep matching linear.
_FIRST = r"""(?:[^ \-?:,\[\]{}#&*!|>'"%@`]|-(?=[^ ,\[\]{}:#?]))"""
_DOUBLE = r'"(?:[^"\\]|\\["\\])*+"'  # only \" and \\ as escapes
_SINGLE = r"'(?:[^']|'')*+'"
_BLOCK_SCALAR = rf"{_DOUBLE}|{_SINGLE}|{_FIRST}(?:[^:#]|:(?=[^ ])|(?<! )#)*+"
_FLOW_SCALAR = rf"{_DOUBLE}|{_SINGLE}|{_FIRST}[^:#,\[\]{{}}?]*+"
_PAIR = rf" *(?:{_FLOW_SCALAR}) *: +(?:{_FLOW_SCALAR}) *"
_ITEM = rf" *(?:{_FLOW_SCALAR}) *"
_SCALAR_RE = re.compile(_BLOCK_SCALAR)
_KEY_RE = re.compile(rf"({_BLOCK_SCALAR}):(?: +|$)")
_FLOW_MAPPING_RE = re.compile(rf"\{{(?:(?:{_PAIR},)*+{_PAIR}| *)\}}")
_FLOW_SEQUENCE_RE = re.compile(rf"\[(?:(?:{_ITEM},)*+{_ITEM}| *)\]")
_PAIR_RE = re.compile(rf" *({_FLOW_SCALAR}) *: +({_FLOW_SCALAR}) *[,}}]")
_ITEM_RE = re.compile(rf" *({_FLOW_SCALAR}) *[,\]]")
_END_RE = re.compile(r" *| +#.*")
_ESCAPE_RE = re.compile(r"\\([\"\\])")
_RESOLVERS = {
    first: tuple(resolvers) for first, resolvers in _FAST_LOADER.yaml_implicit_resolvers.items()
}
_MAX_PAIRS = 4  # pairs in the flow mappings read with one pattern
_MAX_LINE = 1_000  # libyaml refuses implicit keys over 1 024 characters; longer lines go to it
_MAX_VALUES = 100_000  # scalars whose values are remembered (the values of scalars are immutable)


def _pairs_match(text: str, start: int) -> re.Match[str] | None:
    """Return the match of a flow mapping of up to _MAX_PAIRS pairs at start.

    The keys and values are captured. One match reads a whole mapping; a comma inside quotes makes
    the count wrong, and _PAIR_RE reads it.
    """
    commas = text.count(",")
    return _pairs_re(commas).match(text, start) if commas < _MAX_PAIRS else None


@functools.cache
def _pairs_re(commas: int) -> re.Pattern[str]:
    return re.compile(
        r"\{" + ",".join([rf" *({_FLOW_SCALAR}) *: +({_FLOW_SCALAR}) *"] * (commas + 1)) + r"\}"
    )


class _NotSimple(Exception):  # noqa: N818 - a signal to fall back to the YAML parsers, not an error
    """The front-matter is outside the part of YAML that _Simple reads."""


class _Scalars(dict):
    """The values of scalars by their text (with any trailing spaces).

    They are typed as the YAML resolver types them.
    """

    def __missing__(self, token: str) -> Any:
        if len(self) >= _MAX_VALUES:
            self.clear()
        value = self[token] = _typed(token.rstrip(" "))
        return value


def _typed(token: str) -> Any:
    """Return the value of a quoted or plain scalar.

    Raise FrontMatterError for a date that does not exist, << or =.
    """
    first = token[0]
    if first == '"':
        return _ESCAPE_RE.sub(r"\1", token[1:-1]) if "\\" in token else token[1:-1]
    if first == "'":
        return token[1:-1].replace("''", "'")
    if token.isdigit() and token.isascii() and len(token) < 20:
        # No resolver reads 0700.
        return int(token) if first != "0" or token == "0" else token  # noqa: S105 - a scalar, not a secret
    resolvers = _RESOLVERS.get(first)
    tag = (
        next((tag for tag, regexp in resolvers if regexp.match(token)), None) if resolvers else None
    )
    return token if tag is None else _implicit_value(tag, token)


_SCALARS = _Scalars()


def _simple_tree(front_matter: str) -> Node | None:
    """Return the front-matter as Nodes if _Simple can read all of it, else None."""
    if (
        not _SIMPLE_TEXT_RE.fullmatch(front_matter)
        or front_matter.startswith(("---", "..."))
        or "\n---" in front_matter
        or "\n..." in front_matter
    ):
        return None
    try:
        return _Simple(front_matter).root()
    except (_NotSimple, FrontMatterError):
        return None


def _is_entry(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


class _Simple:
    """Read block mappings and lists, one-line flow collections and one-line scalars into Nodes.

    Each method gets the row (file line, indent, text) its value starts on, the rows after it
    still unread from self._next, and the depth of its value (the top-level mapping is 0).
    """

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        if max(map(len, lines)) > _MAX_LINE:
            raise _NotSimple
        self._rows = [
            (n, len(line) - len(c), c)
            for n, line in enumerate(lines, 2)
            if (c := line.lstrip(" ")) and c[0] != "#"
        ]
        self._next = 0
        self._count = 0  # values read, as _Composer counts them (all but the top-level mapping)

    def root(self) -> Node:
        """Return the top-level mapping, which must be all of the text."""
        if not self._rows or self._rows[0][1] != 0:
            raise _NotSimple
        number, _, content = self._rows[0]
        self._next = 1
        node = self._mapping(number, 0, content, 0)
        if self._next != len(self._rows) or self._count >= MAX_NODES:
            raise _NotSimple
        return node

    def _mapping(self, number: int, column: int, content: str, depth: int) -> Node:
        if depth >= MAX_DEPTH:
            raise _NotSimple
        rows = self._rows
        values: dict[Any, Node] = {}
        key_lines: dict[Any, int] = {}
        first = number
        while True:
            match = _KEY_RE.match(content)
            if match is None:
                raise _NotSimple
            key = _SCALARS[match.group(1)]
            if key in values:
                raise _NotSimple
            key_lines[key] = number
            rest = content[match.end() :]
            values[key] = (
                self._inline(rest, number, depth + 1)
                if rest and rest[0] != "#"
                else self._block(column, depth + 1)
            )
            if self._next == len(rows) or rows[self._next][1] < column:
                break
            number, indent, content = rows[self._next]
            if indent > column:
                raise _NotSimple
            self._next += 1
        self._count += len(values)
        return Node(values, first, key_lines)

    def _block(self, column: int, depth: int) -> Node:
        """Return the mapping or list on the rows below a key at the column.

        A list may start at the column.
        """
        if self._next == len(self._rows):
            raise _NotSimple  # an empty value
        number, indent, content = self._rows[self._next]
        entry = _is_entry(content)
        if indent < column or (indent == column and not entry):
            raise _NotSimple  # an empty value
        self._next += 1
        if entry:
            return self._sequence(number, indent, content, depth)
        return self._mapping(number, indent, content, depth)

    def _sequence(self, number: int, column: int, content: str, depth: int) -> Node:
        if depth >= MAX_DEPTH:
            raise _NotSimple
        rows = self._rows
        items: list[Node] = []
        first = number
        while True:
            items.append(self._entry(number, column, content, depth + 1))
            if self._next == len(rows):
                break
            number, indent, content = rows[self._next]
            if indent != column or not _is_entry(content):
                if indent > column:
                    raise _NotSimple
                break
            self._next += 1
        self._count += len(items)
        return Node(items, first)

    def _entry(self, number: int, column: int, content: str, depth: int) -> Node:
        """Return the value of a list entry.

        It is the row's text after the -, and any rows it continues on.
        """
        match = _pairs_match(content, 2) if content.startswith("- {") else None
        if match is not None and match.end() == len(content):
            return self._pairs(match.groups(), number, depth)
        rest = content[1:].lstrip(" ")
        if not rest or rest[0] == "#" or _is_entry(rest):
            raise _NotSimple
        if _KEY_RE.match(rest):
            return self._mapping(number, column + len(content) - len(rest), rest, depth)
        return self._inline(rest, number, depth)

    def _inline(self, text: str, number: int, depth: int) -> Node:
        """Return a value written on one line: a flow mapping or list, or a scalar."""
        if text[0] == "{":
            return self._flow_mapping(text, number, depth)
        if text[0] == "[":
            return self._flow_sequence(text, number, depth)
        match = _SCALAR_RE.match(text)
        if match is None or not _END_RE.fullmatch(text, len(match.group().rstrip(" "))):
            raise _NotSimple
        return Node(_SCALARS[match.group()], number)

    def _flow_mapping(self, text: str, number: int, depth: int) -> Node:
        match = _pairs_match(text, 0)
        if match is not None:
            tokens = match.groups()
        else:
            match = _FLOW_MAPPING_RE.match(text)
            tokens = (
                tuple(token for pair in _PAIR_RE.findall(text, 1, match.end()) for token in pair)
                if match
                else ()
            )
        if match is None or not _END_RE.fullmatch(text, match.end()):
            raise _NotSimple
        return self._pairs(tokens, number, depth)

    def _pairs(self, tokens: tuple[str, ...], number: int, depth: int) -> Node:
        """Return the flow mapping of the keys and values in tokens.

        The tokens are key, value, key, value, ...
        """
        values = {
            _SCALARS[tokens[i]]: Node(_SCALARS[tokens[i + 1]], number)
            for i in range(0, len(tokens), 2)
        }
        if len(values) * 2 != len(tokens) or depth >= MAX_DEPTH:
            raise _NotSimple  # a key twice, or too deep
        self._count += len(values)
        return Node(values, number, dict.fromkeys(values, number))

    def _flow_sequence(self, text: str, number: int, depth: int) -> Node:
        match = _FLOW_SEQUENCE_RE.match(text)
        if match is None or depth >= MAX_DEPTH or not _END_RE.fullmatch(text, match.end()):
            raise _NotSimple
        items = [Node(_SCALARS[item], number) for item in _ITEM_RE.findall(text, 1, match.end())]
        self._count += len(items)
        return Node(items, number)
