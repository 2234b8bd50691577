"""Read profiles, plans and documents from front-matter nodes, reporting every type error."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ..problems import Problem
from .frontmatter import Node, describe_character
from .model import (
    COST_CATEGORIES,
    FIRST_YEAR,
    INCOME_CATEGORIES,
    UNITS,
    BudgetYear,
    Discrepancy,
    Item,
    Line,
    Population,
)
from .where import EXPECTED as WHERE_EXPECTED
from .where import Where

MAX_AMOUNT = 10**12
# How plans write their units, by what they mean: a wrong unit gets the one of the same magnitude.
UNIT_MEANINGS = {
    **dict.fromkeys(("kronor", "sek", ":-", "kr."), "kr"),
    **dict.fromkeys(("kkr", "tsek", "tkr.", "tusen kronor", "tusental kronor", "tkr sek"), "tkr"),
    **dict.fromkeys(("mnkr", "msek", "mkr.", "miljoner kronor", "miljontal kronor"), "mkr"),
}
MAX_TEXT = 2_000
# Digits are ASCII 0–9 only (re.ASCII): other scripts' digits, which int() would read, are errors.
AMOUNT_RE = re.compile(r"[-\u2212]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)", re.ASCII)
ORG_NUMBER_RE = re.compile(r"\d{6}-\d{4}", re.ASCII)
# Texts a spreadsheet would run as a formula when it opens the open data (PLAN-FORMAT.md): by the
# last part of their field's name, without an index (discrepancies[1].note, members[3]).
FORMULA_FIELDS = frozenset(
    {"label", "owner", "name", "short_name", "title", "source", "note", "members"}
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_INDEX_RE = re.compile(r"\[\d+\]\Z")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL_RE = re.compile(r"[-+]?[0-9]+\.[0-9]+")

PROFILE_FIELDS = (
    "name",
    "short_name",
    "county",
    "founded",
    "org_number",
    "members",
    "population_16_64",
    "website",
)
PROFILE_REQUIRED = ("name", "short_name", "county", "members")
POPULATION_FIELDS = ("value", "year", "source")
PLAN_FIELDS = (
    "title",
    "forbund",
    "year",
    "adopted",
    "source",
    "source_url",
    "unit",
    "budget",
    "discrepancies",
)
PLAN_REQUIRED = ("forbund", "year", "source", "unit", "budget")
YEAR_FIELDS = ("income", "income_total", "costs", "costs_total", "carried_over", "result")
YEAR_REQUIRED = ("income", "costs")
INCOME_LINE_FIELDS = ("label", "category", "amount")
COST_LINE_FIELDS = ("label", "category", "amount", "items")
LINE_REQUIRED = ("label", "category", "amount")
_LINE_KEYS = frozenset(LINE_REQUIRED)
ITEM_FIELDS = ("label", "owner", "amount")
ITEM_REQUIRED = ("label", "amount")
_ITEM_KEYS = frozenset(ITEM_FIELDS)
DISCREPANCY_FIELDS = ("where", "printed", "computed", "note", "confirmed")
DISCREPANCY_REQUIRED = ("where", "printed", "computed")
DOCUMENT_FIELDS = ("title", "date", "source", "description")


def describe(value: Any) -> str:
    """Return a short Swedish description of a found value."""
    if isinstance(value, Node):
        value = value.value
    if value is None:
        return "ett tomt värde"
    if isinstance(value, bool):
        return f"sanningsvärdet {'true' if value else 'false'}"
    if isinstance(value, dict):
        return "en tabell med fält"
    if isinstance(value, list):
        return f"en lista med {len(value)} rader"
    if isinstance(value, str):
        if _DECIMAL_RE.fullmatch(value):
            return f"decimaltalet {value}"
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f'texten "{shown}"'
    if isinstance(value, float):
        return f"decimaltalet {value}"
    if isinstance(value, datetime.date):
        return f"datumet {value.isoformat()}"
    return str(value)


class Reader:
    """Read typed values from nodes of one file, collecting problems instead of raising."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(
        self, line: int | None, field: str | None, expected: str, found: str | None, fix: str
    ) -> None:
        """Record one problem in this file."""
        self.problems.append(Problem(self.path, line, field, expected, found, fix))

    def fields(
        self, node: Node, field: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Node] | None:
        """Return a mapping's fields after checking its type, unknown and missing keys."""
        if not node.is_mapping:
            self.problem(
                node.line,
                field or None,
                "en tabell med fält (namn: värde på egna rader)",
                describe(node),
                "Skriv fälten under varandra med namn: värde.",
            )
            return None
        meant: set[str] = set()  # the fields that misspelt keys stand for
        if _field_set(allowed).issuperset(node.value):
            values: dict[str, Node] = dict(node.value)
        else:
            values = {}
            for key, child in node.value.items():
                name = str(key)
                if name not in allowed and _cut_at_comma(node, key, allowed):
                    self._comma(node.key_lines[key], field, name)
                elif name not in allowed:
                    meant.update(
                        self._unknown(node.key_lines[key], _join(field, name), name, allowed)
                    )
                else:
                    values[name] = child
        for name in required:
            if name not in values and name not in meant:  # a misspelling is reported once
                self.problem(
                    node.line,
                    _join(field, name),
                    f"fältet {name} (obligatoriskt)",
                    "inget sådant fält",
                    f"Lägg till {name}: under {field or 'front-matter'}.",
                )
        return values

    def _comma(self, line: int, field: str, text: str) -> None:
        """Report a text without a value: most likely a text cut off at a comma."""
        self.problem(
            line,
            field or None,
            "fält på formen namn: värde, åtskilda av kommatecken",
            f"en text utan namn och kolon framför: {text} (troligen en del av en text som "
            "innehåller kommatecken)",
            "Kommatecken skiljer fälten åt. Om en text innehåller kommatecken, sätt hela texten "
            'inom raka citattecken, till exempel label: "Staten, Försäkringskassan".',
        )

    def _unknown(self, line: int, field: str, name: str, allowed: tuple[str, ...]) -> list[str]:
        """Report an unknown field; return the field it likely stands for (if any)."""
        close = _likely(name, allowed, {})
        hint = f"Menade du {close[0]}? " if close else ""
        self.problem(
            line,
            field,
            f"ett av fälten {', '.join(allowed)}",
            f"det okända fältet {name}",
            f"{hint}Rätta stavningen eller ta bort fältet.",
        )
        return close

    def text(self, node: Node | None, field: str) -> str | None:
        """Return a non-empty text value on one line, its runs of whitespace made single spaces."""
        if node is None:
            return None
        text = _text(node.value)
        if text is not None:
            start = (
                _formula_start(node.value, text)
                if _INDEX_RE.sub("", field.rpartition(".")[2]) in FORMULA_FIELDS
                else None
            )
            if start is None:
                return text
            self.problem(
                node.line,
                field,
                "en text som inte börjar med =, +, -, @, ett tabbtecken eller en vagnretur",
                f"{describe(text)}, som börjar med {start}",
                "Ta bort tecknet först i texten eller börja texten med ett ord. Ett kalkylprogram "
                "som öppnar webbplatsens öppna data läser en text som börjar så som en formel och "
                "kör den.",
            )
            return None
        value = (
            str(node.value)
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
            else node.value
        )
        if not isinstance(value, str) or not value.strip():
            self.problem(
                node.line,
                field,
                "en text",
                describe(node),
                "Skriv en text efter kolonet; sätt citattecken runt den om den innehåller : eller "
                "#.",
            )
        else:
            self.problem(
                node.line,
                field,
                f"en text på högst {MAX_TEXT} tecken",
                f"{len(value)} tecken",
                "Korta texten.",
            )
        return None

    def year(self, node: Node | None, field: str, first: int = FIRST_YEAR) -> int | None:
        """Return a four-digit year, no earlier than first."""
        if node is None:
            return None
        value = node.value
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not first <= value <= 2100:
            self.problem(
                node.line,
                field,
                f"ett årtal, {first} eller senare",
                describe(node),
                "Skriv året med fyra siffror, t.ex. 2023.",
            )
            return None
        return value

    def integer(self, node: Node | None, field: str, minimum: int = 1) -> int | None:
        """Return a whole number no smaller than minimum."""
        if node is None:
            return None
        value = _amount_value(node.value)
        if value is None or value < minimum or value > MAX_AMOUNT:
            self.problem(
                node.line,
                field,
                f"ett heltal, {minimum} eller mer",
                describe(node),
                "Skriv talet med siffrorna 0–9, utan decimaler och enhet.",
            )
            return None
        return value

    def amount(
        self, node: Node | None, field: str, unit: str | None, negative: bool = False
    ) -> int | None:
        """Return an amount: an integer, or digits grouped by spaces.

        Negative only where allowed.
        """
        if node is None:
            return None
        value = _amount_value(node.value)
        if value is not None and abs(value) <= MAX_AMOUNT and (value >= 0 or negative):
            return value
        unit_text = f" i {unit}" if unit else ""
        expected = f"ett belopp{unit_text}: ett heltal{'' if negative else ', 0 eller mer'}"
        if value is None:
            self.problem(
                node.line,
                field,
                expected,
                describe(node),
                "Skriv beloppet med siffrorna 0–9, utan decimaler och enhet, t.ex. 16000 eller "
                '"16 000".',
            )
            return None
        if abs(value) > MAX_AMOUNT:
            self.problem(
                node.line,
                field,
                f"{expected}, högst {MAX_AMOUNT}",
                describe(node),
                "Kontrollera beloppet och planens unit (kr, tkr eller mkr).",
            )
            return None
        if value < 0 and not negative:
            self.problem(
                node.line,
                field,
                expected,
                describe(node),
                "Skriv beloppet utan minustecken; kostnader anges som positiva belopp under costs.",
            )
            return None
        return value

    def date(self, node: Node | None, field: str) -> datetime.date | None:
        """Return an ISO date, YYYY-MM-DD: as YAML reads it, or a text in that form (quoted)."""
        if node is None:
            return None
        value = node.value
        if isinstance(value, str) and DATE_RE.fullmatch(value.strip()):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                self.problem(
                    node.line,
                    field,
                    "ett datum som finns, skrivet ÅÅÅÅ-MM-DD",
                    f"{describe(node)}, ett datum som inte finns",
                    "Rätta datumet, t.ex. 2022-11-16.",
                )
                return None
        if (
            type(value) is not datetime.date
        ):  # a datetime too: a date is a day, as the contract writes it
            self.problem(
                node.line,
                field,
                "ett datum i formen ÅÅÅÅ-MM-DD",
                describe(node),
                "Skriv datumet som t.ex. 2022-11-16.",
            )
            return None
        return value

    def sequence(self, node: Node | None, field: str) -> list[Node]:
        """Return the entries of a list."""
        if node is None:
            return []
        if not node.is_sequence:
            self.problem(
                node.line,
                field,
                "en lista (rader som börjar med -)",
                describe(node),
                "Skriv varje post på en egen rad som börjar med -.",
            )
            return []
        return node.value

    def choice(
        self,
        node: Node | None,
        field: str,
        choices: dict[str, str] | tuple[str, ...],
        meanings: dict[str, str] | None = None,
    ) -> str | None:
        """Return one of a fixed set of codes.

        A wrong value gets the likely code first: the same code in other letters, the code that
        means the same (meanings, by lower-case text), else the closest spelling.
        """
        if node is None:
            return None
        if isinstance(node.value, str) and node.value in choices:
            return node.value
        names = tuple(choices)
        if not isinstance(node.value, str) or node.value not in names:
            close = _likely(str(node.value), names, meanings or {})
            hint = f"Menade du {close[0]}? " if close else ""
            self.problem(
                node.line,
                field,
                f"ett av värdena {', '.join(names)}",
                describe(node),
                f"{hint}Välj ett av de tillåtna värdena (se sidan Planformatet).",
            )
            return None
        return node.value


def _cut_at_comma(mapping: Node, key: object, allowed: tuple[str, ...]) -> bool:
    """Return whether a key is most likely the rest of a text cut off at a comma.

    That is: no value, no known name near it, after another key on the same line ({a: b, c}).
    """
    first = next(iter(mapping.value))
    return (
        mapping.value[key].value is None
        and key is not first
        and mapping.key_lines[key] == mapping.key_lines[first]
        and not _likely(str(key), allowed, {})
    )


def _likely(value: str, names: tuple[str, ...], meanings: dict[str, str]) -> list[str]:
    """Return the code a wrong value most likely meant (none if no code is close)."""
    written = " ".join(value.lower().split())
    same = [name for name in names if name.lower() == written]
    if same:
        return same
    if written in meanings:
        return [meanings[written]]
    return difflib.get_close_matches(value, names, n=1)


def _text(value: Any) -> str | None:
    """Return a value as a non-empty text on one line (numbers as written).

    Or None if it is none (see Reader.text).
    """
    if not isinstance(value, str):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        value = str(value)
    if len(value) > MAX_TEXT:
        return None
    return " ".join(value.split()) or None


_STARTS_SHOWN = {"\t": "ett tabbtecken", "\r": "en vagnretur"}


def _formula_start(value: Any, text: str) -> str | None:
    """Return how a text that a spreadsheet would run as a formula starts, or None.

    As written or once trimmed.
    """
    raw = value if isinstance(value, str) else text
    first = (
        raw[:1] if raw[:1] in FORMULA_STARTS else text[:1] if text[:1] in FORMULA_STARTS else None
    )
    return None if first is None else _STARTS_SHOWN.get(first, f"tecknet {first}")


@functools.cache
def _field_set(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(allowed)


def _join(field: str, name: str) -> str:
    return f"{field}.{name}" if field else name


def _amount_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and AMOUNT_RE.fullmatch(value.strip()):
        digits = re.sub(r"[ \u00a0\u202f]", "", value.strip()).replace("\u2212", "-")
        if len(digits.lstrip("-")) > 15:  # past any limit, and int() refuses over 4300 digits
            return -(MAX_AMOUNT + 1) if digits.startswith("-") else MAX_AMOUNT + 1
        return int(digits)
    return None


def read_profile(reader: Reader, node: Node) -> dict[str, Any] | None:
    """Return the checked fields of a förbund profile."""
    fields = reader.fields(node, "", PROFILE_FIELDS, PROFILE_REQUIRED)
    if fields is None:
        return None
    values: dict[str, Any] = {
        "name": reader.text(fields.get("name"), "name"),
        "short_name": reader.text(fields.get("short_name"), "short_name"),
        "county": reader.text(fields.get("county"), "county"),
        "founded": reader.year(fields.get("founded"), "founded", first=1900),
        "org_number": _org_number(reader, fields.get("org_number")),
        "members": _members(reader, fields.get("members")),
        "population": _population(reader, fields.get("population_16_64")),
        "website": _website(reader, fields.get("website")),
        "org_number_line": node.key_lines.get("org_number"),
    }
    return values


def _org_number(reader: Reader, node: Node | None) -> str | None:
    value = reader.text(node, "org_number")
    if value is not None and not ORG_NUMBER_RE.fullmatch(value):
        reader.problem(
            node.line,
            "org_number",
            "ett organisationsnummer i formen NNNNNN-NNNN",
            describe(node),
            "Skriv numret med sex siffror, bindestreck och fyra siffror, t.ex. 222000-2634.",
        )
        return None
    return value


def _members(reader: Reader, node: Node | None) -> tuple[str, ...]:
    entries = reader.sequence(node, "members")
    members = [reader.text(entry, f"members[{i}]") for i, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for entry, member in zip(entries, members, strict=False):
        if member in seen:
            reader.problem(
                entry.line,
                "members",
                "varje medlem en gång",
                f"{member} två gånger",
                "Ta bort dubbletten.",
            )
        seen.add(member or "")
    named = tuple(m for m in members if m)
    missing = (
        missing_parties(named) if all(members) else []
    )  # a member refused already is not named here
    if (
        node is not None and node.is_sequence and missing
    ):  # Region Gotland is both region and kommun: three members may be the four parties
        reader.problem(
            node.line,
            "members",
            "de fyra parterna bland medlemmarna: Försäkringskassan, Arbetsförmedlingen, regionen "
            "och minst en kommun",
            f"ingen medlem som är {_or(missing)}",
            "Lista alla förbundets medlemmar under members, en per rad, med sina officiella namn: "
            "Försäkringskassan, Arbetsförmedlingen, "
            "regionen (t.ex. Region Kronoberg, Västra Götalandsregionen eller Stockholms läns "
            "landsting) "
            "och varje kommun (t.ex. Växjö kommun eller Malmö stad).",
        )
    return named


# The four parties of every samordningsförbund (Lag 2003:1210, 1 §; PLAN-FORMAT.md, "Förbund
# profile"),
# each known by the words of its name as profiles write it (in lower case; words are runs of
# letters):
# - Försäkringskassan and Arbetsförmedlingen: a member with that word (Försäkringskassan);
# - a region: a member whose first word is region (Region Kronoberg), with a word ending in
#   regionen (Västra Götalandsregionen), or with a word holding landsting (Stockholms läns
#   landsting, Landstinget Sörmland), as the regions were called before 2019;
# - a municipality: a member with a word holding kommun (Växjö kommun) or whose last word is stad
#   (Malmö stad). Region Gotland is both a region and a municipality, and counts as both.
PARTIES = ("Försäkringskassan", "Arbetsförmedlingen", "en region", "en kommun")
_WORD_RE = re.compile(r"[^\W\d_]+")


def _is_region(words: list[str]) -> bool:
    return words[0] == "region" or any(
        word.endswith("regionen") or "landsting" in word for word in words
    )


def _is_municipality(words: list[str]) -> bool:
    return (
        words[-1] == "stad"
        or any("kommun" in word for word in words)
        or words == ["region", "gotland"]
    )


def missing_parties(members: tuple[str, ...] | list[str]) -> list[str]:
    """Return which of the four parties (PARTIES) no member is, in that order.

    [] when all four are there.
    """
    names = [words for member in members if (words := _WORD_RE.findall(member.casefold()))]
    present = (
        any("försäkringskassan" in words for words in names),
        any("arbetsförmedlingen" in words for words in names),
        any(_is_region(words) for words in names),
        any(_is_municipality(words) for words in names),
    )
    return [party for party, found in zip(PARTIES, present, strict=False) if not found]


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} eller {names[-1]}"


def _population(reader: Reader, node: Node | None) -> Population | None:
    if node is None:
        return None
    fields = reader.fields(node, "population_16_64", POPULATION_FIELDS, ("value",))
    if fields is None:
        return None
    value = reader.integer(fields.get("value"), "population_16_64.value")
    year = reader.year(fields.get("year"), "population_16_64.year", first=1900)
    source = reader.text(fields.get("source"), "population_16_64.source")
    return Population(value, year, source) if value is not None else None


def _website(reader: Reader, node: Node | None) -> str | None:
    value = reader.text(node, "website")
    if value is not None and not re.fullmatch(r"https?://[^\s<>\"'`]+", value):
        reader.problem(
            node.line,
            "website",
            "en webbadress som börjar med https:// eller http://",
            describe(node),
            "Skriv hela adressen, t.ex. https://www.exempel.se.",
        )
        return None
    problem = host_problem(value) if value is not None else None
    if problem is not None:
        reader.problem(
            node.line,
            "website",
            "en webbadress vars namn är skrivet med ASCII-tecken, t.ex. https://www.exempel.se",
            *problem,
        )
        return None
    return value


def host_problem(value: str) -> tuple[str, str] | None:
    """Return what is wrong with the host of a web address that is not ASCII.

    And its xn-- form to use; None if it is ASCII.

    A name with letters from other alphabets can look exactly like another (a Cyrillic а is not a
    Latin a), so the contract asks for the ASCII form of an internationalised name (PLAN-FORMAT.md).
    """  # noqa: RUF002 - a Cyrillic letter is the example: it looks like a Latin one
    parts = _split_url(value)
    host = re.sub(r":[0-9]*\Z", "", parts.netloc.rpartition("@")[2]) if parts is not None else ""
    if host.isascii():
        return None
    shown = value if len(value) <= 60 else value[:57] + "…"
    letters = ", ".join(
        describe_character(char)
        for char in dict.fromkeys(char for char in host if not char.isascii())
    )
    found = f'adressen "{shown}", vars namn {host} har tecken utanför ASCII: {letters}'
    try:
        ascii_host = host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = None
    warning = (
        "Ett namn med å, ä, ö eller bokstäver från andra alfabet kan se ut precis som en annan "
        "webbplats namn "
        # a Cyrillic letter is the example: it looks like a Latin one
        "(ett kyrilliskt а ser ut som ett latinskt a), så namnet skrivs med ASCII-tecken."  # noqa: RUF001
    )
    if ascii_host is None or not ascii_host.isascii():
        return (
            found,
            f"{warning} Skriv webbplatsens namn med bara bokstäverna a–z, siffror, punkt och "
            "bindestreck.",
        )
    user, at, rest = parts.netloc.rpartition("@")
    address = urlunsplit(parts._replace(netloc=f"{user}{at}{ascii_host}{rest[len(host) :]}"))
    shown_address = address if len(address) <= 100 else address[:97] + "…"
    return (
        found,
        f"{warning} Kontrollera att namnet verkligen är webbplatsens, och skriv det i dess "
        f"ASCII-form, som webbläsaren själv använder: {shown_address}",
    )


def _split_url(value: str) -> SplitResult | None:
    """Return the parts of a web address.

    Or None where Python cannot split it (an unclosed [ in the name).
    """
    try:
        return urlsplit(value)
    except ValueError:
        return None


SOURCE_URL_EXAMPLE = "https://www.exempel.se/verksamhetsplan-2024.pdf"
_URL_UNSAFE = re.compile(r"[\s<>\"'`\\^{}|]")
# a part of a host name: letters and digits, hyphens inside (an ASCII host: see host_problem)
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})+\.?(?::[0-9]{{1,5}})?")


def read_source_url(reader: Reader, node: Node | None) -> str | None:
    """Return the https address of a plan's source document, reporting anything else."""
    value = reader.text(node, "source_url")
    if value is None:
        return None
    problem = source_url_problem(value)
    if problem is None:
        return value
    found, fix = problem
    reader.problem(
        node.line,
        "source_url",
        f"en https-adress till källdokumentet, t.ex. {SOURCE_URL_EXAMPLE}",
        found,
        fix,
    )
    return None


def source_url_problem(value: str) -> tuple[str, str] | None:
    """Return what is wrong with an address for source_url and what to do.

    Or None if it is a full https address.
    """
    shown = value if len(value) <= 60 else value[:57] + "…"
    scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
    if value.lower().startswith("http://"):
        return (
            f'adressen "{shown}", som börjar med http://',
            "Skriv adressen med https://. Webbplatsen länkar bara till krypterade adresser; "
            "går dokumentet inte att öppna med https://, ta bort source_url.",
        )
    if scheme and re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) and scheme != "https":
        return (
            f'adressen "{shown}", som börjar med {scheme}: och inte är en webbadress',
            "Skriv hela webbadressen till dokumentet, med https:// först, t.ex. "
            f"{SOURCE_URL_EXAMPLE}.",
        )
    if not value.lower().startswith("https://"):
        return (
            f'texten "{shown}", som inte börjar med https://',
            "Skriv hela adressen, med https:// och webbplatsens namn först, t.ex. "
            f"{SOURCE_URL_EXAMPLE}.",
        )
    parts = _split_url(value)
    if parts is not None and not _URL_UNSAFE.search(value) and "@" not in parts.netloc:
        host = host_problem(value)
        if host is not None:
            return host
    if (
        parts is None
        or _URL_UNSAFE.search(value)
        or "@" in parts.netloc
        or not _HOST.fullmatch(parts.netloc)
    ):
        return (
            f'adressen "{shown}", som inte är en giltig webbadress',
            "Kopiera adressen från webbläsarens adressfält. Mellanslag och tecknen < > \" ' ` { } "
            "| \\ ^ ska skrivas kodade (%20 för mellanslag), "
            "och adressen ska inte innehålla användarnamn (@).",
        )
    return None


def read_plan(reader: Reader, node: Node) -> dict[str, Any] | None:
    """Return the checked fields of a plan, with its budget years and discrepancies."""

    fields = reader.fields(node, "", PLAN_FIELDS, PLAN_REQUIRED)
    if fields is None:
        return None
    unit = reader.choice(fields.get("unit"), "unit", tuple(UNITS), UNIT_MEANINGS)
    values: dict[str, Any] = {
        "title": reader.text(fields.get("title"), "title"),
        "forbund": reader.text(fields.get("forbund"), "forbund"),
        "year": reader.year(fields.get("year"), "year"),
        "adopted": reader.date(fields.get("adopted"), "adopted"),
        "source": reader.text(fields.get("source"), "source"),
        "source_url": read_source_url(reader, fields.get("source_url")),
        "unit": unit,
        "budget": _budget(reader, fields.get("budget"), unit),
        "discrepancies": _discrepancies(reader, fields.get("discrepancies"), unit),
    }
    if values["year"] is not None and values["budget"] is not None and "budget" in fields:
        years = {b.year for b in values["budget"]}
        if values["budget"] and values["year"] not in years:
            reader.problem(
                fields["budget"].line,
                f"budget.{values['year']}",
                f"en budget för planens eget år {values['year']}",
                f"budget för {', '.join(map(str, sorted(years)))}",
                f"Lägg till {values['year']}: under budget, eller rätta year.",
            )
    return values


def _budget(reader: Reader, node: Node | None, unit: str | None) -> tuple[BudgetYear, ...] | None:
    if node is None:
        return None
    if not node.is_mapping or not node.value:
        reader.problem(
            node.line,
            "budget",
            "en tabell med ett år per rad (t.ex. 2023:) och årets intäkter och kostnader",
            describe(node),
            "Skriv budget: och under den årtalet följt av kolon, se sidan Planformatet.",
        )
        return None
    years = []
    seen: set[int] = set()
    for key, child in node.value.items():
        field = f"budget.{key}"
        year = reader.year(Node(key, node.key_lines[key]), field)
        if year in seen:
            reader.problem(
                node.key_lines[key],
                field,
                "varje budgetår en gång",
                f"{year} två gånger",
                "Slå ihop de två budgetarna för året till en.",
            )
        elif year is not None:
            seen.add(year)
            budget_year = _budget_year(reader, child, year, field, unit)
            if budget_year is not None:
                years.append(budget_year)
    return tuple(sorted(years, key=lambda b: b.year))


def _budget_year(
    reader: Reader, node: Node, year: int, field: str, unit: str | None
) -> BudgetYear | None:
    fields = reader.fields(node, field, YEAR_FIELDS, YEAR_REQUIRED)
    if fields is None:
        return None
    income = _lines(reader, fields.get("income"), f"{field}.income", INCOME_CATEGORIES, unit)
    costs = _lines(reader, fields.get("costs"), f"{field}.costs", COST_CATEGORIES, unit)
    _unique_itemised_labels(reader, costs, f"{field}.costs")
    return BudgetYear(
        year=year,
        income=income,
        costs=costs,
        income_total=reader.amount(fields.get("income_total"), f"{field}.income_total", unit),
        costs_total=reader.amount(fields.get("costs_total"), f"{field}.costs_total", unit),
        carried_over=reader.amount(
            fields.get("carried_over"), f"{field}.carried_over", unit, negative=True
        ),
        result=reader.amount(fields.get("result"), f"{field}.result", unit, negative=True),
        line=node.line,
        field_lines={name: node.key_lines[name] for name in fields},
    )


def _lines(
    reader: Reader, node: Node | None, field: str, categories: dict[str, str], unit: str | None
) -> tuple[Line, ...]:
    lines = []
    allowed = COST_LINE_FIELDS if categories is COST_CATEGORIES else INCOME_LINE_FIELDS
    for i, entry in enumerate(reader.sequence(node, field), 1):
        line = _plain_line(entry, categories) or _line(
            reader, entry, f"{field}[{i}]", allowed, categories, unit
        )
        if line is not None:
            lines.append(line)
    return tuple(lines)


def _plain_line(entry: Node, categories: dict[str, str]) -> Line | None:
    """Return the line of an entry with a good label, category and amount and nothing else.

    Else None.
    """
    values = entry.value
    if not isinstance(values, dict) or values.keys() != _LINE_KEYS:
        return None
    label = _text(values["label"].value)
    category = values["category"].value
    amount = _amount_value(values["amount"].value)
    if (
        label is None
        or _formula_start(values["label"].value, label)
        or not isinstance(category, str)
        or category not in categories
        or amount is None
        or not 0 <= amount <= MAX_AMOUNT
    ):
        return None
    return Line(label, category, amount, (), entry.line)


def _line(
    reader: Reader,
    entry: Node,
    place: str,
    allowed: tuple[str, ...],
    categories: dict[str, str],
    unit: str | None,
) -> Line | None:
    """Return a line, reporting what is wrong in it.

    None without a good label, category and amount.
    """
    fields = reader.fields(entry, place, allowed, LINE_REQUIRED)
    if fields is None:
        return None
    label = reader.text(fields.get("label"), f"{place}.label")
    category = reader.choice(fields.get("category"), f"{place}.category", categories)
    amount = reader.amount(fields.get("amount"), f"{place}.amount", unit)
    items = _items(reader, fields.get("items"), f"{place}.items", unit)
    return (
        Line(label, category, amount, items, entry.line)
        if None not in (label, category, amount)
        else None
    )


def _items(reader: Reader, node: Node | None, field: str, unit: str | None) -> tuple[Item, ...]:
    items = []
    entries = reader.sequence(node, field)
    if node is not None and node.is_sequence and not entries:
        reader.problem(
            node.line,
            field,
            "minst en insats",
            "en tom lista",
            "Ta bort items eller lägg till insatserna.",
        )
    for i, entry in enumerate(entries, 1):
        item = _plain_item(entry) or _item(reader, entry, f"{field}[{i}]", unit)
        if item is not None:
            items.append(item)
    return tuple(items)


def _plain_item(entry: Node) -> Item | None:
    """Return the item of an entry with a good label, amount and (if any) owner and nothing else.

    Else None.
    """
    values = entry.value
    if (
        not isinstance(values, dict)
        or not _ITEM_KEYS.issuperset(values)
        or "label" not in values
        or "amount" not in values
    ):
        return None
    label = _text(values["label"].value)
    owner = _text(values["owner"].value) if "owner" in values else None
    amount = _amount_value(values["amount"].value)
    if (
        label is None
        or _formula_start(values["label"].value, label)
        or ("owner" in values and (owner is None or _formula_start(values["owner"].value, owner)))
        or amount is None
        or not 0 <= amount <= MAX_AMOUNT
    ):
        return None
    return Item(label, amount, owner, entry.line)


def _item(reader: Reader, entry: Node, place: str, unit: str | None) -> Item | None:
    """Return an item, reporting what is wrong in it; None without a good label and amount."""
    fields = reader.fields(entry, place, ITEM_FIELDS, ITEM_REQUIRED)
    if fields is None:
        return None
    label = reader.text(fields.get("label"), f"{place}.label")
    owner = reader.text(fields.get("owner"), f"{place}.owner")
    amount = reader.amount(fields.get("amount"), f"{place}.amount", unit)
    return (
        Item(label, amount, owner, entry.line) if label is not None and amount is not None else None
    )


def _unique_itemised_labels(reader: Reader, costs: tuple[Line, ...], field: str) -> None:
    labels = [line.label for line in costs]
    for line in costs:
        if line.items and labels.count(line.label) > 1:
            reader.problem(
                line.line,
                f"{field}.{line.label}",
                "en unik label för en kostnadsrad med items",
                f"{labels.count(line.label)} rader som heter {line.label}",
                "Ge raderna olika namn, så att en avvikelse kan peka ut rätt rad.",
            )


def _discrepancies(reader: Reader, node: Node | None, unit: str | None) -> tuple[Discrepancy, ...]:
    found = []
    for i, entry in enumerate(reader.sequence(node, "discrepancies"), 1):
        place = f"discrepancies[{i}]"
        fields = reader.fields(entry, place, DISCREPANCY_FIELDS, DISCREPANCY_REQUIRED)
        if fields is None:
            continue
        where = reader.text(fields.get("where"), f"{place}.where")
        if where is not None and Where.parse(where) is None:
            reader.problem(
                fields["where"].line,
                f"{place}.where",
                WHERE_EXPECTED,
                describe(fields["where"]),
                "Skriv var avvikelsen finns, t.ex. budget.2023.costs.",
            )
            where = None
        printed = reader.amount(fields.get("printed"), f"{place}.printed", unit, negative=True)
        computed = reader.amount(fields.get("computed"), f"{place}.computed", unit, negative=True)
        note = reader.text(fields.get("note"), f"{place}.note")
        confirmed = fields.get("confirmed")
        if confirmed is not None and not isinstance(confirmed.value, bool):
            reader.problem(
                confirmed.line,
                f"{place}.confirmed",
                "true eller false",
                describe(confirmed),
                "Skriv confirmed: true bara om du har jämfört med det publicerade "
                "originaldokumentet och siffrorna inte går ihop där heller; "
                "annars confirmed: false, eller ta bort raden (false gäller om fältet saknas). "
                "Skriv true och false utan citattecken.",
            )
        if None not in (where, printed, computed):
            found.append(
                Discrepancy(
                    where,
                    printed,
                    computed,
                    note,
                    entry.line,
                    confirmed is not None and confirmed.value is True,
                )
            )
    return tuple(found)


def read_document(reader: Reader, node: Node) -> dict[str, Any] | None:
    """Return the checked fields of another document."""
    fields = reader.fields(node, "", (*DOCUMENT_FIELDS, "budget"), ())
    if fields is None:
        return None
    if "budget" in fields:
        reader.problem(
            node.key_lines["budget"],
            "budget",
            "en budget bara i en plan, i en fil som heter <år>.md",
            "fältet budget i ett dokument",
            "Byt namn på filen till planens år, t.ex. 2024.md.",
        )
    return {
        "title": reader.text(fields.get("title"), "title"),
        "date": reader.date(fields.get("date"), "date"),
        "source": reader.text(fields.get("source"), "source"),
        "description": reader.text(fields.get("description"), "description"),
    }
