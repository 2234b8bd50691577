"""Split a Markdown file into front-matter and body, and read the YAML with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 20
# Control characters other than tab and line breaks, and lone surrogates (from YAML escapes).
_UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
FRONT_MATTER_RE = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)

YAML_HINTS: tuple[tuple[str, str], ...] = (
    ("'\\t'", "Använd mellanslag, inte tabbtecken, för indrag i front-matter."),
    ("mapping values are not allowed", "Sätt citattecken runt text som innehåller kolon, t.ex. label: \"Styrelse: arvoden\"."),
    ("could not find expected ':'", "Varje rad i front-matter ska ha formen namn: värde. Kontrollera indrag och kolon."),
    ("did not find expected key", "Kontrollera att raderna har samma indrag som raderna runt omkring."),
    ("did not find expected '-' indicator", "Kontrollera att listraderna (som börjar med -) har samma indrag."),
    ("found undefined alias", "Ta bort tecknet * i början av värdet, eller sätt värdet inom citattecken."),
    ("expected a single document", "Front-matter får bara innehålla ett YAML-dokument: ta bort extra rader med ---."),
)


def _restricted(base: type) -> type:
    """Return a safe loader class that reads only plain decimal integers and true/false as typed values.

    YAML 1.1 would turn 0700 into 448, 1:30 into 90 and "no" into false; editors paste
    numbers and names from PDFs, so those stay text and the schema reports them.
    """
    loader = type(f"Restricted{base.__name__}", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
    return loader


# libyaml reads ten times faster; the pure-Python parser explains errors better, so it reads
# only the files libyaml rejects.
_FAST_LOADER = _restricted(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_LOADER = _restricted(yaml.SafeLoader)


class FrontMatterError(Exception):
    """The front-matter cannot be read; carries a line and an explanation."""

    def __init__(self, line: int | None, expected: str, found: str, fix: str) -> None:
        super().__init__(found)
        self.line = line
        self.expected = expected
        self.found = found
        self.fix = fix


@dataclass(frozen=True, slots=True)
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
            f"{len(data)} byte",
            "Dela upp dokumentet eller korta texten.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            line,
            "text i teckenkodningen UTF-8",
            f"en byte som inte är UTF-8 ({data[error.start:error.start + 1]!r})",
            "Spara filen som UTF-8 i din textredigerare (ofta 'Spara som' → 'UTF-8').",
        ) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> SplitFile:
    """Return the front-matter (or None) and the body of a Markdown text."""
    match = FRONT_MATTER_RE.match(text)
    if match is None:
        return SplitFile(None, text, 1)
    return SplitFile(match.group(1) or "", text[match.end():], text[: match.end()].count("\n") + 1)


def parse(front_matter: str) -> Node:
    """Return the front-matter as located nodes; raise FrontMatterError if it is not valid YAML."""
    try:
        root = _compose(front_matter)
        return Node({}, 2) if root is None else _Converter().node(root, 0)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.reader.ReaderError as error:
        line = front_matter[: error.position].count("\n") + 2
        raise FrontMatterError(line, "vanlig text", f"ett otillåtet tecken ({error.character!r})", "Ta bort tecknet; det syns ofta inte i redigeraren men följer med vid kopiering från PDF.") from None
    except RecursionError:
        raise FrontMatterError(None, f"högst {MAX_DEPTH} nivåer av indrag", "fler nivåer", "Förenkla front-matter; se exemplen på sidan Planformatet.") from None


def _compose(front_matter: str) -> yaml.Node | None:
    """Return the YAML node tree, read by libyaml, or by the Python parser for its error message."""
    try:
        return yaml.compose(front_matter, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        return yaml.compose(front_matter, Loader=_LOADER)


def _yaml_error(error: yaml.MarkedYAMLError) -> FrontMatterError:
    # A key without its colon is found only on the next line; the key itself is the context.
    simple_key = "simple key" in str(error.context or "")
    mark = (error.context_mark if simple_key else None) or error.problem_mark or error.context_mark
    line = mark.line + 2 if mark is not None else None
    problem = " ".join(str(part) for part in (error.context, error.problem) if part)
    fix = next((hint for key, hint in YAML_HINTS if key in problem), "Kontrollera indrag, kolon och citattecken på raden och raden före.")
    return FrontMatterError(line, "giltig YAML", f"YAML-felet \"{problem}\"", fix)


def _shortened(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _Converter:
    """Turn composed YAML nodes into Node values, refusing aliases and oversized trees."""

    def __init__(self) -> None:
        self._constructor = SafeConstructor()
        self._seen: set[int] = set()

    def node(self, node: yaml.Node, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise RecursionError
        if id(node) in self._seen:
            raise FrontMatterError(
                node.start_mark.line + 2,
                "varje värde utskrivet en gång",
                "en YAML-referens (& och *)",
                "Skriv ut värdet på nytt i stället för att hänvisa till det med & och *.",
            )
        self._seen.add(id(node))
        if len(self._seen) > MAX_NODES:
            raise FrontMatterError(None, f"högst {MAX_NODES} värden", "fler", "Korta front-matter.")
        line = node.start_mark.line + 2
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, depth)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.node(child, depth + 1) for child in node.value], line)
        return Node(self._scalar(node), line)

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> Node:
        values: dict[Any, Node] = {}
        key_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(key_line, "ett fältnamn", "en lista eller tabell som fältnamn", "Skriv fältnamnet som vanlig text.")
            key = self._scalar(key_node)
            if key in values:
                raise FrontMatterError(
                    key_line,
                    "varje fältnamn en gång",
                    f"{key} en gång till (första gången på rad {key_lines[key]})",
                    "Ta bort eller slå ihop de dubbla fälten.",
                )
            key_lines[key] = key_line
            values[key] = self.node(value_node, depth + 1)
        return Node(values, line, key_lines)

    def _scalar(self, node: yaml.Node) -> Any:
        if isinstance(node.value, str) and _UNPRINTABLE_RE.search(node.value):
            raise FrontMatterError(
                node.start_mark.line + 2,
                "vanlig text",
                f"ett styrtecken eller ogiltigt tecken ({_UNPRINTABLE_RE.search(node.value).group()!r})",
                "Ta bort tecknet, eller escape-koden (t.ex. \\e, \\0, \\x07 eller \\ud83d) som skriver det.",
            )
        if node.tag == "tag:yaml.org,2002:str" and isinstance(node, yaml.ScalarNode):
            return node.value
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) < 20 and node.value.isascii() and node.value.lstrip("+-").isdigit():
            return int(node.value)
        try:
            return self._constructor.construct_object(node, deep=True)
        except Exception:  # PyYAML raises several kinds for bad tagged scalars
            raise FrontMatterError(
                node.start_mark.line + 2,
                "ett giltigt värde",
                f"\"{_shortened(node.value)}\" ({node.tag.rsplit(':', 1)[-1]})",
                "Kontrollera värdet. Ett datum skrivs ÅÅÅÅ-MM-DD; text med specialtecken sätts inom citattecken.",
            ) from None
