"""Check the Markdown text of a page (a förbund file or a site page).

Only a documented safe subset of HTML may reach a page.

The body is rendered to HTML with the Markdown extensions the site uses (see MARKDOWN_EXTENSIONS,
kept equal to mkdocs.yml by a test, after those MkDocs always adds) and the HTML is sanitised
with nh3, the Python binding of the maintained sanitiser ammonia, under the policy below. The
sanitiser decides what is safe: if
sanitising changes the HTML in any way that is more than re-serialisation (quotes, `<br />` or
`<br>`, character references), the body is refused. This module only compares the two and turns
the difference into messages that name the line, what was found, what is allowed and what to do.

The comparison parses both sides with the same parser into tokens (start tags with their sorted
attributes, end tags, text with runs of white space made single, comments), so anything the
sanitiser removed or rebuilt shows, and anything the two parsers read differently fails closed.

The safe subset, for the editors' documentation (Swedish messages name it too):

- tags: SAFE_TAGS (text formatting, lists, tables, headings, quotes, `div`/`span`, `img`);
- attributes: `class`, `id`, `title` and `lang` on every allowed tag; `href` on `a`; `src`, `alt`,
  `width`, `height` on `img`; `colspan`, `rowspan` (and `scope` on `th`) on table cells; `start` on
  `ol`; `style` only as the tables extension writes it for column alignment;
- links (`href`): `https:`, `http:`, `mailto:` or a relative address; images (`src`): only a
  relative address on the site itself, so that a page makes no request to another server;
- HTML comments, such as the budget marker `<!-- budget -->`.

Everything else fails the build: `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, forms,
`<svg>`, event-handler attributes (`onclick`, `onerror`, ...), `style`, `javascript:`, `data:` and
`vbscript:` addresses, remote images, attributes injected with `{: ... }` (attr_list) beyond the
list above, and HTML that is not well formed (unclosed or stray tags), since a stray `</div>` in
the text can break the page around it. So do texts that would make rendering slow (MAX_NESTING,
LIMITS): they would stall the MkDocs build itself.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..problems import Problem
from .frontmatter import forbidden_character

if TYPE_CHECKING:
    import markdown
    import nh3

# The site's Markdown extensions, in the order and with the options of mkdocs.yml.
MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "tables",
    "footnotes",
    "admonition",
    "attr_list",
    "def_list",
    "toc",
)
# MkDocs 1.6 always puts these first (config_options.MarkdownExtensions, builtins): fenced code
# blocks (``` and ~~~) are code on every page, whatever mkdocs.yml lists.
MKDOCS_BUILTIN_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code")
MARKDOWN_CONFIGS: dict[str, dict[str, object]] = {
    "footnotes": {"BACKLINK_TITLE": "Tillbaka till texten vid fotnot {}"},
    "toc": {"permalink": True, "permalink_title": "Länk till det här avsnittet"},
}

SAFE_TAGS: frozenset[str] = frozenset(
    {
        # text
        "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
        "small", "span", "strong", "sub", "sup", "u",
        # blocks
        "blockquote", "div", "hr", "p", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "dl", "dt", "dd", "ol", "ul", "li",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        # images on the site itself (see _local_image)
        "img",
    }
)  # fmt: skip
GLOBAL_ATTRIBUTES: frozenset[str] = frozenset({"class", "id", "title", "lang"})
SAFE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": GLOBAL_ATTRIBUTES,
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
}
# The tables extension aligns columns (:--, --:, :-:) with exactly these style values.
ALIGN_STYLES: frozenset[str] = frozenset(
    {"text-align: left;", "text-align: right;", "text-align: center;"}
)
STYLE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "th": {"style": ALIGN_STYLES},
    "td": {"style": ALIGN_STYLES},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src"})
VOID_TAGS: frozenset[str] = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)

# Bounds that keep the check (and the MkDocs build after it) fast on any input.
# Python-Markdown (and so MkDocs) is quadratic in some constructs; measured on this machine:
# 8 000 unmatched "[" in one paragraph take 21 s, 50 000 "&amp;" in one paragraph 11 s, 5 000
# headings 6 s. The limits keep each well under a second and are far above any real plan.
MAX_NESTING = 200  # open HTML elements inside each other; ammonia is quadratic in depth
LIMITS: dict[str, tuple[str, int, int]] = {
    # what: (character or line kind, most per block, most per body)
    "brackets": ("[", 500, 10_000),
    "ampersands": ("&", 10_000, 50_000),
    "headings": (
        "#",
        0,
        1_000,
    ),  # lines starting with #: the toc extension is quadratic in headings
}
MAX_FINDINGS = 10  # reported per file; the rest are counted
MAX_DIFF_TOKENS = 4_000  # tokens compared in detail around the first difference
MAX_BISECT_CHARS = (
    200_000  # bodies up to this size are searched for the line of a finding by rendering prefixes
)
MAX_SHOWN = 60  # characters of a found value shown in a message
MAX_CACHED = 8_192  # bodies (and parts of bodies) whose findings are remembered

# A body can only produce HTML beyond plain paragraphs, lists, tables, headings and admonitions
# through raw HTML (<), links, images and footnotes ([...](...), [...]: ..., [^1]) and attribute
# lists ({: ...}). Without any of these three characters, on lines other than lines holding only
# an HTML comment (such as the budget marker <!-- budget -->), the rendered HTML is made of
# SAFE_TAGS with allowed attributes only, so rendering and sanitising can be skipped. Rendering is
# most of the cost (about 0.7 ms per kB of text on the real plans; a skipped body costs ~0.1 ms);
# tests/format/test_properties.py checks on generated Markdown that the shortcut is sound.
TRIGGERS = ("<", "[", "{")
COMMENT_LINE_RE = re.compile(r"[ \t]*<!--(?:(?!--)[^<>])*-->[ \t]*")
TRIGGER_LINE_RE = re.compile(f"^.*[{re.escape(''.join(TRIGGERS))}].*$", re.MULTILINE)

_HEADINGS = {f"h{level}" for level in range(1, 7)}
ALLOWED = (
    "HTML ur den säkra delmängden: taggarna "
    + ", ".join(sorted((SAFE_TAGS - _HEADINGS - {"img"}) | {"h1–h6"}))
    + " och img (bara bilder på webbplatsen); attributen class, id, title och lang; "
    "länkar till https:, http:, mailto: eller en relativ adress"
)
HELP = "Se avsnittet ”Planens text” på sidan Planformatet."
BLOCKED_TAG_FIXES = {
    "script": "Ta bort skriptet: sidor på webbplatsen får inte köra egen kod.",
    "style": "Ta bort stilmallen: utseendet styrs av webbplatsens gemensamma stilmall.",
    "iframe": "Ta bort inbäddningen och länka till sidan i stället: [beskrivning](https://…).",
    "object": "Ta bort inbäddningen och länka till filen i stället: [beskrivning](https://…).",
    "embed": "Ta bort inbäddningen och länka till filen i stället: [beskrivning](https://…).",
    "form": "Ta bort formuläret: sidorna tar inte emot uppgifter.",
    "svg": "Spara bilden som en fil i förbundets mapp och visa den med ![beskrivning](bild.png).",
}


@dataclass(frozen=True, slots=True)
class HtmlChange:
    """One thing the sanitiser changed.

    It is a tag, an attribute, an address, or the structure around a tag.
    """

    kind: str  # "tag" | "attribute" | "url" | "structure" | "limit" | "markdown"
    tag: str
    name: str = ""
    value: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Return what identifies the same finding in a shorter prefix of the body."""
        return (self.kind, self.tag, self.name, self.value)

    def needles(self) -> tuple[str, ...]:
        """Return lower-case texts, one of which the body's line with this finding likely holds."""
        if self.kind == "tag":
            return (f"<{self.tag}",)
        if self.kind == "attribute":
            return (self.name,)
        if self.kind == "url":
            scheme = _scheme(self.value)
            return tuple(
                n for n in (self.value.lower()[:40].strip(), f"{scheme}:" if scheme else "") if n
            )
        if self.kind == "structure":
            return (f"<{self.tag}", f"</{self.tag}") if self.tag else ("<",)
        return ()


def check(body: str, path: str, first_line: int) -> list[Problem]:
    """Return a problem for each unsafe or malformed piece of HTML the body would put on its page.

    body is the Markdown after the front-matter, path the file's path for messages, first_line the
    file line the body starts on.
    """
    heavy = limits(body, path, first_line)
    if heavy:
        return heavy
    if not _needs_check(body):
        return []
    found = findings(body)
    if not found:
        return []
    located = _locate_all(body.split("\n"), found)
    problems = [
        _problem(path, first_line + index, finding, 0) for finding, index in located[:MAX_FINDINGS]
    ]
    if len(found) > MAX_FINDINGS:
        last = located[MAX_FINDINGS - 1]
        problems[-1] = _problem(path, first_line + last[1], last[0], len(found) - MAX_FINDINGS)
    return problems


def limits(body: str, path: str, first_line: int) -> list[Problem]:
    """Return a problem if the body passes one of LIMITS, else none.

    LIMITS bound text that would stall or overflow Markdown.
    """
    heavy = _too_heavy(body.split("\n")) if _may_be_heavy(body) else None
    return [] if heavy is None else [_problem(path, first_line + heavy[0], heavy[1], 0)]


def reserved_characters(path: str, body: str, first_line: int) -> list[Problem]:
    """Return a problem for each line with a character no text may hold.

    Such characters are controls, bidirectional controls and private use characters.
    The private-use characters include the marks of the site's own HTML blocks (markup.BLOCK_START
    and BLOCK_END), which would otherwise let the text pass for the site's markup.
    """
    if forbidden_character(body) is None:
        return []
    found = ((number, forbidden_character(line)) for number, line in enumerate(body.split("\n")))
    return [
        Problem(
            path,
            first_line + number,
            None,
            "vanlig text",
            what,
            (
                "Ta bort tecknet; det syns ofta inte i redigeraren "
                "men följer med vid kopiering från PDF."
            ),
        )
        for number, what in found
        if what is not None
    ]


def needs_check(lines: list[str]) -> bool:
    """Return whether any line outside comment-only lines could make HTML beyond the safe subset."""
    return _needs_check("\n".join(lines))


def _needs_check(body: str) -> bool:
    return any(
        not COMMENT_LINE_RE.fullmatch(match.group()) for match in TRIGGER_LINE_RE.finditer(body)
    )


def findings(body: str) -> tuple[HtmlChange, ...]:
    """Return what the sanitiser changes in the body's HTML, in document order (() when safe).

    Cached by a digest of the text (`mkdocs serve` reads every file again on each change), so the
    cache holds no bodies.
    """
    key = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= MAX_CACHED:
            _CACHE.clear()
        found = _CACHE[key] = _findings(body)
    return found


_CACHE: dict[bytes, tuple[HtmlChange, ...]] = {}


def _findings(body: str) -> tuple[HtmlChange, ...]:
    try:
        return _compare(render(body))
    except Exception as error:  # noqa: BLE001 - an editor must get a message, not a traceback
        return (HtmlChange("markdown", "", type(error).__name__),)


def _compare(html: str) -> tuple[HtmlChange, ...]:
    """Return what sanitising changes in the HTML, explained."""
    original = _tokens(html)
    if original.depth > MAX_NESTING:
        return (HtmlChange("limit", "nesting", value=str(original.depth)),)
    cleaned = _tokens(_cleaner().clean(html))
    if original.tokens == cleaned.tokens:
        return ()
    a, b = _without_implied(original.tokens), _without_implied(cleaned.tokens)
    if a == b:
        return ()
    found = _explain(a, b)
    structure = [f for f in found if f.kind == "structure"]
    return tuple(f for f in found if f.kind != "structure") + tuple(structure[:1])


# The site pages' texts are rendered for their check and again for their links: 0.5 s of
# `finsam check` at 1,505 plans.
@functools.lru_cache(maxsize=32)
def render(body: str) -> str:
    """Return the body as HTML, rendered as the site renders it (without MkDocs' link rewriting)."""
    renderer = _markdown()
    renderer.reset()
    return renderer.convert(body)


@functools.cache
def _markdown() -> markdown.Markdown:
    """Return the site's Markdown renderer, made on first use: most bodies need none.

    The extensions are made from their modules, as Markdown makes them from their names,
    without its search of every installed package for extensions.
    """
    import markdown

    names = dict.fromkeys(
        (*MKDOCS_BUILTIN_EXTENSIONS, *MARKDOWN_EXTENSIONS)
    )  # in MkDocs's order, each once
    extensions = [
        importlib.import_module(f"markdown.extensions.{name}").makeExtension(
            **MARKDOWN_CONFIGS.get(name, {})
        )
        for name in names
    ]
    return markdown.Markdown(extensions=extensions)


# --- the sanitiser --------------------------------------------------------------------------------


def _local_image(tag: str, attribute: str, value: str) -> str | None:
    """Keep an image's src only when it is an address on the site itself (no scheme, no host)."""
    if tag == "img" and attribute == "src" and not is_local(value):
        return None
    return value


def is_local(url: str) -> bool:
    """Return whether a URL has neither a scheme nor a host, read as browsers read it."""
    text = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    if re.match(r"[/\\]{2}", text):
        return False
    return not urllib.parse.urlsplit(text).scheme


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """Return the sanitiser with the policy above, made on first use."""
    import nh3

    return nh3.Cleaner(
        tags=set(SAFE_TAGS),
        attributes={tag: set(names) for tag, names in SAFE_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in allowed.items()}
            for tag, allowed in STYLE_VALUES.items()
        },
        attribute_filter=_local_image,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=False,
    )


def allowed_attributes(tag: str) -> frozenset[str]:
    """Return the attribute names allowed on a tag (values may still be refused)."""
    return (
        GLOBAL_ATTRIBUTES
        | SAFE_ATTRIBUTES.get(tag, frozenset())
        | frozenset(STYLE_VALUES.get(tag, {}))
    )


# --- tokens ---------------------------------------------------------------------------------------

Token = tuple


@dataclass(slots=True)
class _Parsed:
    tokens: list[Token]
    depth: int


class _Tokenizer(HTMLParser):
    """Read HTML into comparable tokens; end tags of void elements are dropped (<br /> is <br>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.open = 0
        self.depth = 0
        self._text: list[str] = []

    def close(self) -> None:
        """Read the rest of the HTML, then the text at its end."""
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text.clear()
        if text:
            self.tokens.append(("text", text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.tokens.append(
            ("start", tag, tuple(sorted((name, value or "") for name, value in attrs)))
        )
        if tag not in VOID_TAGS:
            self.open += 1
            self.depth = max(self.depth, self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        self._flush()
        self.tokens.append(("end", tag))
        self.open = max(0, self.open - 1)

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.tokens.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.tokens.append(("decl", decl))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_pi(self, data: str) -> None:
        self._flush()
        self.tokens.append(("pi", data))


def _tokens(html: str) -> _Parsed:
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    return _Parsed(parser.tokens, parser.depth)


def _without_implied(tokens: list[Token]) -> list[Token]:
    """Return tokens without bare <tbody> tags.

    HTML implies them in every table (and ignores stray ones).
    """
    return [t for t in tokens if t not in (("start", "tbody", ()), ("end", "tbody"))]


# --- explaining a difference ----------------------------------------------------------------------


def _explain(original: list[Token], cleaned: list[Token]) -> list[HtmlChange]:
    """Return findings for every part of the original the sanitiser removed or rebuilt."""
    start = 0
    while start < min(len(original), len(cleaned)) and original[start] == cleaned[start]:
        start += 1
    end_a, end_b = len(original), len(cleaned)
    while end_a > start and end_b > start and original[end_a - 1] == cleaned[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    a = original[start : min(end_a, start + MAX_DIFF_TOKENS)]
    b = cleaned[start : min(end_b, start + MAX_DIFF_TOKENS)]
    found: list[HtmlChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            found.extend(_explain_change(a[i1:i2], b[j1:j2]))
    if not found:
        token = original[start] if start < len(original) else cleaned[start]
        found.append(HtmlChange("structure", token[1] if token[0] in ("start", "end") else ""))
    return found


def _explain_change(removed: list[Token], added: list[Token]) -> list[HtmlChange]:
    """Return findings for one changed run.

    They are refused tags, attributes and addresses, else structure.
    """
    found: list[HtmlChange] = []
    structure: list[HtmlChange] = []
    spare = [token for token in added if token[0] == "start"]
    for token in removed:
        if token[0] != "start":
            if token[0] == "end":
                structure.append(HtmlChange("structure", token[1]))
            continue
        tag, attrs = token[1], token[2]
        twin = next((t for t in spare if t[1] == tag), None)
        if twin is None:
            (structure if tag in SAFE_TAGS else found).append(
                HtmlChange("structure" if tag in SAFE_TAGS else "tag", tag)
            )
            continue
        spare.remove(twin)
        kept = set(twin[2])
        lost = [(name, value) for name, value in attrs if (name, value) not in kept]
        for name, value in lost:
            if name in URL_ATTRIBUTES and name in allowed_attributes(tag):
                found.append(HtmlChange("url", tag, name, value))
            else:
                found.append(HtmlChange("attribute", tag, name, value))
        if not lost:
            structure.append(HtmlChange("structure", tag))
    for token in added:
        if token[0] in ("start", "end") and not found and not structure:
            structure.append(HtmlChange("structure", token[1]))
    return found or structure[:1]


# --- where in the file ----------------------------------------------------------------------------


def _may_be_heavy(body: str) -> bool:
    """Return whether the body has enough of any character in LIMITS to pass a limit.

    This is a quick bound.
    """
    return any(
        body.count(char) > min(limit for limit in (per_block, per_body) if limit)
        for char, per_block, per_body in LIMITS.values()
    )


def _too_heavy(lines: list[str]) -> tuple[int, HtmlChange] | None:
    """Return the first line where the body passes one of LIMITS, with the finding.

    The body is read in one linear pass.
    """
    in_block = dict.fromkeys(LIMITS, 0)
    in_body = dict.fromkeys(LIMITS, 0)
    block_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            in_block = dict.fromkeys(LIMITS, 0)
            block_start = index + 1
            continue
        for what, (char, per_block, per_body) in LIMITS.items():
            count = int(line.lstrip().startswith("#")) if what == "headings" else line.count(char)
            in_block[what] += count
            in_body[what] += count
            if per_block and in_block[what] > per_block:
                return block_start, HtmlChange("limit", what, "block", str(in_block[what]))
            if in_body[what] > per_body:
                return index, HtmlChange("limit", what, "body", str(in_body[what]))
    return None


def _locate_all(lines: list[str], found: tuple[HtmlChange, ...]) -> list[tuple[HtmlChange, int]]:
    """Return each finding (up to MAX_FINDINGS) with the 0-based body line it is on."""
    locator = _Locator(lines)
    seen: dict[tuple[str, str, str, str], int] = {}
    located = []
    for finding in found[:MAX_FINDINGS]:
        occurrence = seen.get(finding.key, 0) + 1
        seen[finding.key] = occurrence
        located.append((finding, locator.line(finding, occurrence)))
    return located


class _Locator:
    """Find the line of a finding by rendering small parts of the body.

    It is the line whose text adds the finding.

    First the lines that contain a likely text (the tag, attribute or address) are tried, each
    rendered with the lines above it in the same block (up to a blank line): cheap, and right for
    almost everything. Otherwise, for bodies up to MAX_BISECT_CHARS, the shortest prefix of the
    body with the finding is searched for; else the first likely line, or the body's first line.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.block_start: list[int] = []
        start = 0
        for index, line in enumerate(lines):
            self.block_start.append(start)
            if not line.strip():
                start = index + 1

    def count(self, finding: HtmlChange, start: int, end: int) -> int:
        """Return how often the finding occurs in the HTML of lines[start:end]."""
        if end <= start:
            return 0
        return sum(1 for f in findings("\n".join(self.lines[start:end])) if f.key == finding.key)

    def line(self, finding: HtmlChange, occurrence: int) -> int:
        if finding.kind in ("markdown", "limit"):
            return 0
        needles = finding.needles()
        candidates = [
            i for i, text in enumerate(self.lines) if any(n in text.lower() for n in needles)
        ]
        total = 0
        for index in candidates[:50]:
            start = self.block_start[index]
            total += max(
                0, self.count(finding, start, index + 1) - self.count(finding, start, index)
            )
            if total >= occurrence:
                return index
        if sum(len(text) + 1 for text in self.lines) <= MAX_BISECT_CHARS:
            found = self._bisect(finding, occurrence)
            if found is not None:
                return found
        return candidates[0] if candidates else 0

    def _bisect(self, finding: HtmlChange, occurrence: int) -> int | None:
        low, high = 1, len(self.lines)
        if self.count(finding, 0, high) < occurrence:
            return None
        while low < high:
            middle = (low + high) // 2
            if self.count(finding, 0, middle) >= occurrence:
                high = middle
            else:
                low = middle + 1
        return low - 1


# --- the budget marker ----------------------------------------------------------------------------

BUDGET_MARKER = "<!-- budget -->"
MARKER_RE = re.compile(
    r"<!--[ \t]*budget[ \t]*-->", re.IGNORECASE
)  # the marker, however spaced or cased
FENCE_RE = re.compile(
    r"`{3,}|~{3,}"
)  # a fenced code block starts at the start of a line (fenced_code)
DEFINITION_RE = re.compile(
    r"[ ]{0,3}:[ ]"
)  # a definition (def_list): the paragraph before it, across blank lines, is its term
_SENTINEL_RE = re.compile(r"finsam-budget-([0-9]+)")
PLACED = "placed"  # a block of its own at the top level of the text: the budget goes there
LITERAL = "literal"  # text in a code block, shown as typed: no marker
INSIDE = "inside"  # a comment inside a list, quote, table, box, paragraph or HTML block: refused
NOT_ALONE = "not alone"  # a comment with other text on its line: refused
HIDDEN = "hidden"  # inside another comment or an attribute: no marker, nothing shown
MAX_MARKERS_CACHED = 1_024


@dataclass(frozen=True, slots=True)
class Marker:
    """A line of a text holding the budget marker.

    It also says what the marker is there (PLACED, LITERAL, ...).
    """

    line: int  # 0-based line of the text
    kind: str
    inside: str = ""  # for INSIDE: the outermost element around it, as budget_marker_place names it


def budget_markers(body: str) -> tuple[Marker, ...]:
    """Return each line of a text that holds the budget marker, and whether the budget can go there.

    The marker is an HTML comment, so where it ends up is Markdown's decision: a block of its own
    at the top level (PLACED), text in a code block (LITERAL), or inside another element, where the
    budget's tables cannot go (INSIDE). A marker alone on its line between blank lines, with no
    fence or HTML before it, is plainly placed; otherwise the text is rendered once with each
    marker replaced by a numbered comment, to see where each one lands. Cached by a digest.
    """
    if "<!--" not in body or MARKER_RE.search(body) is None:
        return ()
    key = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = _MARKERS.get(key)
    if found is None:
        if len(_MARKERS) >= MAX_MARKERS_CACHED:
            _MARKERS.clear()
        found = _MARKERS[key] = _markers(body.split("\n"))
    return found


_MARKERS: dict[bytes, tuple[Marker, ...]] = {}


def _markers(lines: list[str]) -> tuple[Marker, ...]:
    holding = [index for index, line in enumerate(lines) if MARKER_RE.search(line)]
    risky = next((index for index, line in enumerate(lines) if _may_open_block(line)), len(lines))
    if all(_plainly_placed(lines, index, risky) for index in holding):
        return tuple(Marker(index, PLACED) for index in holding)
    marked = list(lines)
    for index in holding:
        marked[index] = MARKER_RE.sub(f"<!--finsam-budget-{index}-->", lines[index])
    finder = _MarkerFinder()
    try:
        finder.feed(render("\n".join(marked)))
        finder.close()
    except Exception:  # noqa: BLE001 - a text Markdown cannot render is reported by check(): no marker in it works
        return tuple(Marker(index, HIDDEN) for index in holding)
    return tuple(_marker(index, lines[index], finder.found.get(index, [])) for index in holding)


def _may_open_block(line: str) -> bool:
    """Return whether a line may start a block that holds the lines after it.

    Such a line is a code fence, or HTML other than a comment.
    """
    return FENCE_RE.match(line) is not None or (
        "<" in line and COMMENT_LINE_RE.fullmatch(line) is None
    )


def _plainly_placed(lines: list[str], index: int, risky: int) -> bool:
    """Return whether a marker is certainly a block of its own.

    It is when the line is exactly the marker, unindented, between blank lines, with no fence or
    HTML above.

    A text after it could make it part of something else: a line right below it, or a definition
    (": …") below the blank lines, which makes the block before it its term.
    """
    if (
        lines[index].rstrip() != BUDGET_MARKER
        or (index > 0 and lines[index - 1].strip())
        or index >= risky
    ):
        return False
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return (index + 1 == len(lines) or not lines[index + 1].strip()) and DEFINITION_RE.match(
        following
    ) is None


def _marker(index: int, line: str, seen: list[tuple[str, str]]) -> Marker:
    comments = [(kind, inside) for kind, inside in seen if kind in (PLACED, INSIDE)]
    if not comments:
        return Marker(
            index, LITERAL if seen and all(kind == LITERAL for kind, _ in seen) else HIDDEN
        )
    alone = MARKER_RE.fullmatch(line.strip()) is not None
    inside = next((inside for kind, inside in comments if kind == INSIDE), None)
    if inside is not None and (
        alone or inside not in ("p", "h1", "h2", "h3", "h4", "h5", "h6")
    ):  # in a paragraph or heading: beside text
        return Marker(index, INSIDE, inside)
    return Marker(index, PLACED if alone else NOT_ALONE)


class _MarkerFinder(HTMLParser):
    """Find the numbered comments in rendered HTML.

    They may be at the top level, inside an element, or as text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.found: dict[int, list[tuple[str, str]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append(
            "admonition"
            if "admonition" in classes
            else "footnote"
            if "footnote" in classes
            else tag
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth] == tag or (
                tag == "div" and self.open[depth] in ("admonition", "footnote")
            ):
                del self.open[depth:]
                return

    def handle_comment(self, data: str) -> None:
        match = _SENTINEL_RE.fullmatch(data)
        if match is not None:
            place = (INSIDE, self.open[0]) if self.open else (PLACED, "")
            self.found.setdefault(int(match.group(1)), []).append(place)
            return
        for match in _SENTINEL_RE.finditer(data):
            self.found.setdefault(int(match.group(1)), []).append((HIDDEN, ""))

    def handle_data(self, data: str) -> None:
        for match in re.finditer(r"<!--finsam-budget-([0-9]+)-->", data):
            self.found.setdefault(int(match.group(1)), []).append((LITERAL, ""))


MARKER_PLACES = {
    "ul": "en punktlista",
    "ol": "en numrerad lista",
    "blockquote": "ett citat (rader som börjar med >)",
    "table": "en tabell",
    "dl": "en definitionslista",
    "admonition": "en ruta (!!!)",
    "footnote": "en fotnot",
    "p": "ett stycke (direkt efter annan text)",
}


def budget_marker_place(inside: str) -> str:
    """Return, in Swedish, the element a marker was found inside."""
    if inside in MARKER_PLACES:
        return MARKER_PLACES[inside]
    if re.fullmatch(r"h[1-6]", inside):
        return "en rubrik"
    return f"HTML-taggen <{inside}>" if inside else "texten på ett sätt som inte går att läsa"


# --- messages -------------------------------------------------------------------------------------


def _problem(path: str, line: int, finding: HtmlChange, more: int) -> Problem:
    expected, found, fix = _describe(finding)
    if more:
        found += f" (och {more} ställen till i filen)"
    return Problem(path, line, None, expected, found, f"{fix} {HELP}")


def _describe(finding: HtmlChange) -> tuple[str, str, str]:
    """Return what was expected, what was found and what to do, in Swedish."""
    describe = _DESCRIBERS.get(finding.kind, _describe_unreadable)
    return describe(finding, _shown(finding.value))


def _describe_tag(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    tag = finding.tag
    fix = BLOCKED_TAG_FIXES.get(tag, f"Ta bort taggen <{tag}> och skriv texten med Markdown.")
    return ALLOWED, f"taggen <{tag}>", fix


def _describe_url(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    if finding.name == "src":
        return (
            (
                "en bild på webbplatsen, med relativ adress (t.ex. bild.png i förbundets mapp); "
                "inga bilder från andra webbplatser och inga data:-adresser"
            ),
            f'bilden "{value}"',
            (
                "Lägg bildfilen i förbundets mapp och visa den med ![beskrivning](bild.png), "
                "eller länka till bilden i stället."
            ),
        )
    return (
        (
            "en länk som börjar med https://, http:// eller mailto:, "
            "eller en relativ adress på webbplatsen"
        ),
        f'länken "{value}"' + (f" ({_scheme(finding.value)}:)" if _scheme(finding.value) else ""),
        (
            "Skriv hela webbadressen, t.ex. [beskrivning](https://www.exempel.se), "
            "eller ta bort länken."
        ),
    )


def _describe_attribute(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    tag, name = finding.tag, finding.name
    allowed = ", ".join(sorted(allowed_attributes(tag)))
    expected = f"attribut som är tillåtna på <{tag}>: {allowed}"
    if name == "style":
        return (
            expected,
            f'attributet style="{value}" på <{tag}>',
            (
                "Ta bort style: utseendet styrs av webbplatsens stilmall. "
                "Kolumner i tabeller justeras med :--- och ---: i Markdown."
            ),
        )
    if name.startswith("on"):
        return (
            expected,
            f"händelseattributet {name} på <{tag}>",
            (
                f"Ta bort {name}=…: attribut som kör kod (on…) är inte tillåtna, "
                "varken i HTML eller i {: …}."
            ),
        )
    return (
        expected,
        f'attributet {name}="{value}" på <{tag}>',
        f"Ta bort attributet {name}, i HTML-taggen eller i {{: …}} efter stycket.",
    )


def _describe_structure(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    tag = finding.tag
    where = f" kring <{tag}>" if tag else ""
    return (
        (
            "välformad HTML: varje tagg som öppnas stängs, i rätt ordning, "
            "och inga taggar stängs som inte öppnats"
        ),
        f"HTML som inte är välformad{where}",
        f"Stäng eller ta bort taggen{f' <{tag}>' if tag else ''}; skriv hellre med Markdown.",
    )


def _describe_limit(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    tag = finding.tag
    if tag == "nesting":
        return (
            f"HTML med högst {MAX_NESTING} nivåer av taggar inuti varandra",
            f"{value} nivåer",
            "Förenkla HTML-koden; skriv hellre med Markdown.",
        )
    _, per_block, per_body = LIMITS[tag]
    what = {
        "brackets": "tecken [",
        "ampersands": "tecken &",
        "headings": "rubriker (rader som börjar med #)",
    }[tag]
    if finding.name == "block":
        return (
            f"högst {per_block} {what} i ett stycke",
            f"{value} {what} i stycket som börjar här",
            (
                "Dela upp stycket med tomma rader, eller ta bort tecken som inte behövs. "
                "Så långa stycken gör bygget av webbplatsen mycket långsamt."
            ),
        )
    return (
        f"högst {per_body} {what} i hela texten",
        f"{value} {what} fram till den här raden",
        (
            "Korta texten eller dela upp den i flera dokument. "
            "Så långa texter gör bygget av webbplatsen mycket långsamt."
        ),
    )


def _describe_unreadable(finding: HtmlChange, value: str) -> tuple[str, str, str]:
    return (
        "Markdown-text som kan läsas",
        f"texten kunde inte läsas ({finding.name})",
        "Förenkla texten kring den här raden; skriv vanlig Markdown.",
    )


_DESCRIBERS = {
    "tag": _describe_tag,
    "url": _describe_url,
    "attribute": _describe_attribute,
    "structure": _describe_structure,
    "limit": _describe_limit,
}


def _scheme(url: str) -> str:
    text = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    return match.group(1).lower() if match else ""


def _shown(value: str) -> str:
    """Return a found value safe to print in a terminal.

    Control characters are escaped and the length is bounded.
    """
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
