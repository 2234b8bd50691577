"""Read the whole content folder into a checked corpus of profiles, plans and documents."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import background
from ..problems import WARNING, Problem
from . import bodies, checks, placeholders, schema
from .frontmatter import FrontMatterError, Node, SplitFile, decode, parse, split, unclosed
from .model import Corpus, Document, Plan, Profile, pickled_by_fields
from .paths import FORBUND_INDEX, SLUG_RE, YEAR_NAME_RE, is_profile, profile_uri, slug_of
from .sources import Source, fingerprint, is_content

BUDGET_MARKER = bodies.BUDGET_MARKER
FILE_NAMES = (
    "index.md, <år>.md (fyra siffror 0–9) eller ett namn med små bokstäver a–z, siffror och "
    "bindestreck, som slutar på .md"
)
MIN_SHARE = 200  # files for each process to read, for worker processes to pay off


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FileRead:
    """What one file gave: its part of the corpus, and its plan's check problems.

    The part holds the file's profile, plan or document, and its problems.
    """

    part: Corpus
    checked: list[Problem]


ParseCache = dict[tuple[str, str, bytes], FileRead]  # each file read, by path and fingerprint


def load(sources: Iterable[Source], cache: ParseCache | None = None, workers: int = 1) -> Corpus:
    """Return the corpus read from the förbund files, with every problem found.

    With a cache (kept between the rebuilds of `mkdocs serve`), a file whose bytes are
    unchanged is not read or checked again; the checks across files always run. Without a
    cache, the files are read by up to workers processes, each with MIN_SHARE files or more.
    They are forked: pass workers only from a program without threads (finsam check, a one-off
    build before it starts any, not `mkdocs serve`).
    """
    with _collector_paused():
        return _load(sources, cache, workers)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while reading.

    Reading makes a great many objects but no cycles to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(sources: Iterable[Source], cache: ParseCache | None, workers: int) -> Corpus:
    sources = sorted((s for s in sources if is_content(s.uri)), key=lambda s: s.uri)
    reads = _read_files(sources, workers) if cache is None else _cached_reads(sources, cache)
    corpus = Corpus()
    for read in reads:
        _merge(corpus, read.part)
    profile_files = {slug_of(s.uri) for s in sources if is_profile(s.uri)}
    _check_references(corpus, profile_files)
    corpus.problems.extend(shared_org_numbers(corpus.profiles.values()))
    for read in reads:
        corpus.problems.extend(read.checked)
    return corpus


def _cached_reads(sources: list[Source], cache: ParseCache) -> list[FileRead]:
    """Return each file read, from the cache where its bytes are unchanged.

    Forget the files no longer there.
    """
    keys = [(s.uri, s.path, fingerprint(s.data)) for s in sources]
    cache.update(
        (key, _read_file(source))
        for key, source in zip(keys, sources, strict=True)
        if key not in cache
    )
    for key in set(cache) - set(keys):
        del cache[key]
    return [cache[key] for key in keys]


def _read_files(sources: list[Source], workers: int) -> list[FileRead]:
    """Return each file read, in order: by forked processes if asked for and worth it.

    Worth it at national scale: validating 1,600 plans took 1.40 s in one process, 1.09 s in two.
    """
    processes = min(workers, len(sources) // MIN_SHARE)
    reads = background.forked_map(_read_all, sources, processes) if processes > 1 else None
    return _read_all(sources) if reads is None else reads


def _read_all(sources: list[Source]) -> list[FileRead]:
    return [_read_file(source) for source in sources]


def _read_file(source: Source) -> FileRead:
    part = Corpus()
    _read(part, source)
    return FileRead(part, [problem for plan in part.plans for problem in checks.check_plan(plan)])


def _merge(corpus: Corpus, part: Corpus) -> None:
    corpus.profiles.update(part.profiles)
    corpus.plans.extend(part.plans)
    corpus.documents.extend(part.documents)
    corpus.problems.extend(part.problems)


def _read(corpus: Corpus, source: Source) -> None:
    """Read one förbund file into corpus: its profile, plan or document, and its problems."""
    parts = source.uri.split("/")
    misplaced = _misplaced(source, parts)
    if misplaced is not None:
        corpus.problems.append(misplaced)
        return
    slug, name = parts[1], parts[2][:-3]
    read = _split_and_parse(corpus, source)
    if read is None:
        return
    parts_of_file, node = read
    if name == "index":
        _read_profile(corpus, source, slug, node, parts_of_file.body)
    elif YEAR_NAME_RE.fullmatch(name):
        _read_plan(
            corpus, source, slug, int(name), node, parts_of_file.body, parts_of_file.body_line
        )
    else:
        _read_document(corpus, source, slug, name, node, parts_of_file.body)
    drafted = placeholders.problems(source, parts_of_file, node)
    if drafted:  # a draft is never published (check 5)
        placeholders.withhold(corpus, drafted)


def _misplaced(source: Source, parts: list[str]) -> Problem | None:
    """Return the problem with where a file lies or what it is called, if there is one."""
    if source.uri == FORBUND_INDEX:
        return Problem(
            source.path,
            None,
            None,
            "ingen fil här: sidan skapas automatiskt",
            "en fil",
            "Ta bort filen; förteckningen över förbund skapas av webbplatsen.",
        )
    if len(parts) != 3:
        return Problem(
            source.path,
            None,
            None,
            "filer i formen forbund/<förbund>/<namn>.md",
            "en fil på en annan nivå",
            "Flytta filen till förbundets mapp, t.ex. forbund/varend/2024.md.",
        )
    return _misnamed(source, parts[1], parts[2])


def _misnamed(source: Source, slug: str, file_name: str) -> Problem | None:
    """Return the problem with the name of a file's folder or of the file, if there is one."""
    name = file_name[:-3]
    if not SLUG_RE.fullmatch(slug):
        return Problem(
            source.path,
            None,
            None,
            "ett mappnamn med små bokstäver a–z, siffror och bindestreck (å, ä → a; ö → o)",
            f"mappen {slug}",
            "Byt namn på mappen, t.ex. rar-sormland.",
        )
    if name != "index" and not YEAR_NAME_RE.fullmatch(name) and not SLUG_RE.fullmatch(name):
        return Problem(
            source.path,
            None,
            None,
            FILE_NAMES,
            f"filen {file_name}",
            "Byt namn på filen: index.md för förbundet, årtalet med siffrorna 0–9 för en plan "
            "(2024.md), små bokstäver a–z, siffror och bindestreck för ett annat dokument "
            "(protokoll-2024-03-01.md).",
        )
    return None


def _split_and_parse(corpus: Corpus, source: Source) -> tuple[SplitFile, Node | None] | None:
    """Return a file's parts and its parsed front-matter (None without one), adding the problems.

    Return None if the front-matter cannot be read; its problem is added too.
    """
    try:
        text = decode(source.data)
        parts_of_file = split(text)
        corpus.problems.extend(
            bodies.check(parts_of_file.body, source.path, parts_of_file.body_line)
        )
        node = parse(parts_of_file.front_matter) if parts_of_file.front_matter is not None else None
    except FrontMatterError as error:
        corpus.problems.append(
            Problem(source.path, error.line, error.field, error.expected, error.found, error.fix)
        )
        return None
    # in comments: values are checked by parse
    corpus.problems.extend(
        bodies.reserved_characters(source.path, parts_of_file.front_matter or "", 2)
    )
    corpus.problems.extend(
        bodies.reserved_characters(source.path, parts_of_file.body, parts_of_file.body_line)
    )
    return parts_of_file, node


def _missing_front_matter(source: Source, what: str, example: tuple[str, ...]) -> Problem:
    if unclosed(source.data.decode("utf-8", "replace").lstrip("\ufeff")):
        return Problem(
            source.path,
            1,
            None,
            f"front-matter för {what}: första raden ---, sedan fälten, sedan en rad ---",
            "en rad med --- i början, men ingen rad med --- som avslutar front-matter",
            "Lägg till en rad med bara --- efter det sista fältet, före texten.",
        )
    # shown as the lines of the file, as a discrepancy is
    lines = "".join(f"\n      {line}" for line in ("---", *example, "---"))
    return Problem(
        source.path,
        1,
        None,
        f"front-matter för {what}: första raden ---, sedan fälten, sedan en rad ---",
        "ingen front-matter",
        f"Börja filen med front-matter, till exempel:{lines}\n    Se sidan Planformatet.",
    )


def _read_profile(corpus: Corpus, source: Source, slug: str, node: Node | None, body: str) -> None:
    if node is None:
        corpus.problems.append(
            _missing_front_matter(source, "ett förbund", ("name: Samordningsförbundet …",))
        )
        return
    reader = schema.Reader(source.path)
    values = schema.read_profile(reader, node)
    corpus.problems.extend(reader.problems)
    if values is not None and not reader.problems:
        corpus.profiles[slug] = Profile(
            uri=source.uri, path=source.path, slug=slug, body=body, **values
        )


def _read_plan(
    corpus: Corpus,
    source: Source,
    slug: str,
    year: int,
    node: Node | None,
    body: str,
    body_line: int,
) -> None:
    if node is None:
        corpus.problems.append(
            _missing_front_matter(source, "en plan", (f"forbund: {slug}", f"year: {year}"))
        )
        return
    reader = schema.Reader(source.path)
    values = schema.read_plan(reader, node)
    if values is not None:
        _check_place(reader, node, slug, year, values)
        _check_body(reader, body, body_line)
    corpus.problems.extend(reader.problems)
    if values is not None and not reader.problems:
        del values["forbund"]  # the same as slug, checked above
        corpus.plans.append(Plan(uri=source.uri, path=source.path, slug=slug, body=body, **values))


def _check_place(reader: schema.Reader, node: Node, slug: str, year: int, values: dict) -> None:
    if values["forbund"] is not None and values["forbund"] != slug:
        reader.problem(
            node.key_lines.get("forbund"),
            "forbund",
            f"{slug}, samma som mappen planen ligger i",
            values["forbund"],
            f"Rätta forbund till {slug}, "
            f"eller flytta filen till mappen forbund/{values['forbund']}/.",
        )
    if values["year"] is not None and values["year"] != year:
        reader.problem(
            node.key_lines.get("year"),
            "year",
            f"{year}, samma som filens namn",
            str(values["year"]),
            f"Rätta year till {year}, eller byt namn på filen till {values['year']}.md.",
        )


MARKER_EXPECTED = (
    f"budgetmarkeringen {BUDGET_MARKER} ensam på en egen rad mellan två stycken, "
    "inte inuti en lista, ett citat, en tabell, en ruta eller HTML-taggar som <div>"
)


def _check_body(reader: schema.Reader, body: str, body_line: int) -> None:
    """Report budget markers that cannot hold the budget, and more than one that can.

    The markers are those bodies.budget_markers finds. A marker in a code block is text, shown
    as typed, and no marker: the budget then goes last.
    """
    markers = bodies.budget_markers(body)
    for marker in markers:
        if marker.kind == bodies.INSIDE:
            place = bodies.budget_marker_place(marker.inside)
            reader.problem(
                body_line + marker.line,
                None,
                MARKER_EXPECTED,
                f"markeringen inuti {place}",
                f"Flytta raden {BUDGET_MARKER} så att den står ensam mellan två stycken, "
                f"utan indrag och utanför {place}: budgetens tabeller kan inte stå där.",
            )
        elif marker.kind == bodies.NOT_ALONE:
            reader.problem(
                body_line + marker.line,
                None,
                MARKER_EXPECTED,
                "markeringen på samma rad som annan text",
                f"Skriv {BUDGET_MARKER} ensam på en egen rad, med en tom rad före och efter.",
            )
    placed = [marker.line for marker in markers if marker.kind == bodies.PLACED]
    if len(placed) > 1:
        reader.problem(
            body_line + placed[1],
            None,
            f"högst en rad {BUDGET_MARKER}",
            f"{len(placed)} sådana rader",
            "Behåll markeringen där budgettabellen ska stå och ta bort de andra.",
        )


def _read_document(
    corpus: Corpus, source: Source, slug: str, name: str, node: Node | None, body: str
) -> None:
    reader = schema.Reader(source.path)
    values = schema.read_document(reader, node) if node is not None else {}
    corpus.problems.extend(reader.problems)
    if values is None or reader.problems:
        return
    title = values.get("title") or _first_heading(body)
    if title is None:
        title = name.replace("-", " ").capitalize()
        corpus.problems.append(
            Problem(
                source.path,
                1,
                "title",
                "en titel i front-matter (title:) eller en rubrik # först i texten",
                "ingen titel",
                f'Lägg till title: i front-matter. Tills vidare visas "{title}".',
                WARNING,
            )
        )
    values["title"] = title
    corpus.documents.append(
        Document(uri=source.uri, path=source.path, slug=slug, body=body, **values)
    )


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.MULTILINE)
    return match.group(1) if match else None


def _check_references(corpus: Corpus, profile_files: set[str]) -> None:
    """Report plans and documents whose förbund has no profile file.

    A broken profile file is reported already.
    """
    for plan in corpus.plans:
        if plan.slug not in profile_files:
            corpus.problems.append(_no_profile(plan.path, plan.slug))
    for document in corpus.documents:
        if document.slug not in profile_files:
            corpus.problems.append(_no_profile(document.path, document.slug))


def shared_org_numbers(profiles: Iterable[Profile]) -> list[Problem]:
    """Return a problem for each profile whose org_number an earlier one (by path) has.

    A number is one förbund's (PLAN-FORMAT.md, check 5).
    """
    first: dict[str, Profile] = {}
    problems = []
    for profile in sorted(profiles, key=lambda p: p.path):
        if profile.org_number is None:
            continue
        earlier = first.setdefault(profile.org_number, profile)
        if earlier is not profile:
            problems.append(
                Problem(
                    profile.path,
                    profile.org_number_line,
                    "org_number",
                    "ett organisationsnummer som bara ett förbund har",
                    f"{profile.org_number}, samma nummer som i {earlier.path}",
                    "Varje samordningsförbund har ett eget organisationsnummer. "
                    "Kontrollera numret mot förbundets årsredovisning "
                    "eller Bolagsverkets uppgifter och rätta det i den av de två filerna "
                    f"där det är fel, {profile.path} eller {earlier.path}. "
                    "Är det samma förbund, ta bort den ena mappen.",
                )
            )
    return problems


def _no_profile(path: str, slug: str) -> Problem:
    return Problem(
        path,
        None,
        "forbund",
        f"ett förbund med en profil i {profile_uri(slug)}",
        f"ingen profil för {slug}",
        f"Skapa {profile_uri(slug)} med förbundets uppgifter, eller rätta forbund.",
    )
