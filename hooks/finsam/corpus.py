"""Read the whole content folder into a checked corpus of profiles, plans and documents."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import bodies, checks, schema
from .frontmatter import FrontMatterError, Node, decode, parse, split
from .model import Corpus, Document, Plan, Profile
from .problems import WARNING, Problem

SECTION = "forbund"
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YEAR_NAME_RE = re.compile(r"\d{4}")
BUDGET_MARKER = "<!-- budget -->"
FORBUND_INDEX = f"{SECTION}/index.md"


@dataclass(frozen=True, slots=True)
class Source:
    """One file of the content folder: its path inside it, its path for messages, its bytes."""

    uri: str
    path: str
    data: bytes


def is_content(uri: str) -> bool:
    """Return whether a file of the content folder is a förbund page this package reads."""
    return uri.startswith(f"{SECTION}/") and uri.endswith(".md")


Cache = dict[tuple[str, str, bytes], Corpus]


def load(sources: Iterable[Source], cache: Cache | None = None) -> Corpus:
    """Return the corpus read from the förbund files, with every problem found.

    With a cache (kept between the rebuilds of `mkdocs serve`), a file whose bytes are
    unchanged is not read again; the checks across files always run.
    """
    corpus = Corpus()
    sources = sorted((s for s in sources if is_content(s.uri)), key=lambda s: s.uri)
    seen = set()
    for source in sources:
        key = (source.uri, source.path, hashlib.blake2b(source.data, digest_size=16).digest())
        seen.add(key)
        part = cache.get(key) if cache is not None else None
        if part is None:
            part = Corpus()
            _read(part, source)
            if cache is not None:
                cache[key] = part
        _merge(corpus, part)
    if cache is not None:
        for key in set(cache) - seen:
            del cache[key]
    profile_files = {s.uri.split("/")[1] for s in sources if s.uri.count("/") == 2 and s.uri.endswith("/index.md")}
    _check_references(corpus, profile_files)
    for plan in corpus.plans:
        corpus.problems.extend(checks.check_plan(plan))
    return corpus


def _merge(corpus: Corpus, part: Corpus) -> None:
    corpus.profiles.update(part.profiles)
    corpus.plans.extend(part.plans)
    corpus.documents.extend(part.documents)
    corpus.problems.extend(part.problems)


def _read(corpus: Corpus, source: Source) -> None:
    parts = source.uri.split("/")
    if source.uri == FORBUND_INDEX:
        corpus.problems.append(Problem(source.path, None, None, "ingen fil här: sidan skapas automatiskt", "en fil", "Ta bort filen; förteckningen över förbund skapas av webbplatsen."))
        return
    if len(parts) != 3:
        corpus.problems.append(Problem(source.path, None, None, "filer i formen forbund/<förbund>/<namn>.md", "en fil på en annan nivå", "Flytta filen till förbundets mapp, t.ex. forbund/varend/2024.md."))
        return
    slug, name = parts[1], parts[2][:-3]
    if not SLUG_RE.fullmatch(slug):
        corpus.problems.append(Problem(source.path, None, None, "ett mappnamn med små bokstäver a–z, siffror och bindestreck (å, ä → a; ö → o)", f"mappen {slug}", "Byt namn på mappen, t.ex. rar-sormland."))
        return
    try:
        text = decode(source.data)
        parts_of_file = split(text)
        corpus.problems.extend(bodies.check(parts_of_file.body, source.path, parts_of_file.body_line))
        node = parse(parts_of_file.front_matter) if parts_of_file.front_matter is not None else None
    except FrontMatterError as error:
        corpus.problems.append(Problem(source.path, error.line, None, error.expected, error.found, error.fix))
        return
    corpus.problems.extend(_reserved_characters(source.path, parts_of_file.body, parts_of_file.body_line))
    if name == "index":
        _read_profile(corpus, source, slug, node, parts_of_file.body)
    elif YEAR_NAME_RE.fullmatch(name):
        _read_plan(corpus, source, slug, int(name), node, parts_of_file.body, parts_of_file.body_line)
    else:
        _read_document(corpus, source, slug, name, node, parts_of_file.body)


def _missing_front_matter(source: Source, what: str, example: str) -> Problem:
    return Problem(
        source.path,
        1,
        None,
        f"front-matter för {what}: första raden ---, sedan fälten, sedan en rad ---",
        "ingen front-matter",
        f"Börja filen med front-matter, t.ex. ---\\n{example}\\n---. Se sidan Planformatet.",
    )


def _read_profile(corpus: Corpus, source: Source, slug: str, node: Node | None, body: str) -> None:
    if node is None:
        corpus.problems.append(_missing_front_matter(source, "ett förbund", "name: Samordningsförbundet …"))
        return
    reader = schema.Reader(source.path)
    values = schema.read_profile(reader, node)
    corpus.problems.extend(reader.problems)
    if values is not None and not reader.problems:
        corpus.profiles[slug] = Profile(uri=source.uri, path=source.path, slug=slug, body=body, **values)


def _read_plan(corpus: Corpus, source: Source, slug: str, year: int, node: Node | None, body: str, body_line: int) -> None:
    if node is None:
        corpus.problems.append(_missing_front_matter(source, "en plan", f"forbund: {slug}\\nyear: {year}"))
        return
    reader = schema.Reader(source.path)
    values = schema.read_plan(reader, node)
    if values is not None:
        _check_place(reader, node, slug, year, values)
        _check_body(reader, body, body_line)
    corpus.problems.extend(reader.problems)
    if values is not None and not reader.problems:
        corpus.plans.append(Plan(uri=source.uri, path=source.path, slug=slug, body=body, **values))


def _check_place(reader: schema.Reader, node: Node, slug: str, year: int, values: dict) -> None:
    if values["forbund"] is not None and values["forbund"] != slug:
        reader.problem(node.key_lines.get("forbund"), "forbund", f"{slug}, samma som mappen planen ligger i", values["forbund"], f"Rätta forbund till {slug}, eller flytta filen till mappen forbund/{values['forbund']}/.")
    if values["year"] is not None and values["year"] != year:
        reader.problem(node.key_lines.get("year"), "year", f"{year}, samma som filens namn", str(values["year"]), f"Rätta year till {year}, eller byt namn på filen till {values['year']}.md.")


def _reserved_characters(path: str, body: str, body_line: int) -> list[Problem]:
    """Return a problem for each line with the characters the site uses to mark its own HTML."""
    return [
        Problem(path, body_line + number, None, "vanlig text", "ett osynligt specialtecken (U+E000 eller U+E001)", "Ta bort tecknet; det följer ibland med vid kopiering.")
        for number, line in enumerate(body.split("\n"))
        if "\ue000" in line or "\ue001" in line
    ]


def _check_body(reader: schema.Reader, body: str, body_line: int) -> None:
    markers = [i for i, line in enumerate(body.split("\n")) if line.strip() == BUDGET_MARKER]
    if len(markers) > 1:
        reader.problem(body_line + markers[1], None, f"högst en rad {BUDGET_MARKER}", f"{len(markers)} sådana rader", "Behåll markeringen där budgettabellen ska stå och ta bort de andra.")


def _read_document(corpus: Corpus, source: Source, slug: str, name: str, node: Node | None, body: str) -> None:
    reader = schema.Reader(source.path)
    values = schema.read_document(reader, node) if node is not None else {}
    corpus.problems.extend(reader.problems)
    if values is None or reader.problems:
        return
    title = values.get("title") or _first_heading(body)
    if title is None:
        title = name.replace("-", " ").capitalize()
        corpus.problems.append(Problem(source.path, 1, "title", "en titel i front-matter (title:) eller en rubrik # först i texten", "ingen titel", f"Lägg till title: i front-matter. Tills vidare visas \"{title}\".", WARNING))
    values["title"] = title
    corpus.documents.append(Document(uri=source.uri, path=source.path, slug=slug, body=body, **values))


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.MULTILINE)
    return match.group(1) if match else None


def _check_references(corpus: Corpus, profile_files: set[str]) -> None:
    """Report plans and documents whose förbund has no profile file (a broken one is reported already)."""
    for plan in corpus.plans:
        if plan.forbund not in profile_files:
            corpus.problems.append(_no_profile(plan.path, plan.forbund))
    for document in corpus.documents:
        if document.slug not in profile_files:
            corpus.problems.append(_no_profile(document.path, document.slug))


def _no_profile(path: str, slug: str) -> Problem:
    return Problem(path, None, "forbund", f"ett förbund med en profil i forbund/{slug}/index.md", f"ingen profil för {slug}", f"Skapa forbund/{slug}/index.md med förbundets uppgifter, eller rätta förbundets namn.")


def read_sources(files: Iterable[tuple[str, str, str]]) -> tuple[list[Source], list[Problem]]:
    """Return the förbund files read from disk, given (uri, file path, path for messages), and a problem per unreadable one."""
    sources, problems = [], []
    for uri, path, shown in files:
        if not is_content(uri):
            continue
        try:
            with open(path, "rb") as handle:
                sources.append(Source(uri, shown, handle.read()))
        except OSError as error:
            problems.append(
                Problem(shown, None, None, "en fil som går att läsa", f"ett fel vid läsning ({error.strerror or error})", "Kontrollera att filen finns och att du har rätt att läsa den.")
            )
    return sources, problems
