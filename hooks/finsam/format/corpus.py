"""Read the whole content folder into a checked corpus of profiles, plans and documents."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import aside
from ..problems import WARNING, Problem
from . import bodies, checks, schema
from .frontmatter import MAX_BYTES, FrontMatterError, Node, decode, parse, split
from .model import Corpus, Document, Plan, Profile, pickled_by_fields

SECTION = "forbund"
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YEAR_NAME_RE = re.compile(r"[0-9]{4}")
BUDGET_MARKER = bodies.BUDGET_MARKER
FILE_NAMES = "index.md, <år>.md (fyra siffror 0–9) eller ett namn med små bokstäver a–z, siffror och bindestreck, som slutar på .md"
FORBUND_INDEX = f"{SECTION}/index.md"
MIN_SHARE = 200  # files for each process to read, for worker processes to pay off


@dataclass(frozen=True, slots=True)
class Source:
    """One file of the content folder: its path inside it, its path for messages, its bytes."""

    uri: str
    path: str
    data: bytes


def fingerprint(data: bytes) -> bytes:
    """Return a short fingerprint of a file's bytes: equal bytes, equal fingerprints."""
    return hashlib.blake2b(data, digest_size=16).digest()


def is_content(uri: str) -> bool:
    """Return whether a file of the content folder is a förbund page this package reads."""
    return uri.startswith(f"{SECTION}/") and uri.endswith(".md")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FileRead:
    """What one file gave: its profile, plan or document and its problems, and its plan's check problems."""

    part: Corpus
    checked: list[Problem]


Cache = dict[tuple[str, str, bytes], FileRead]


def load(sources: Iterable[Source], cache: Cache | None = None, workers: int = 1) -> Corpus:
    """Return the corpus read from the förbund files, with every problem found.

    With a cache (kept between the rebuilds of `mkdocs serve`), a file whose bytes are
    unchanged is not read or checked again; the checks across files always run. Without a
    cache, the files are read by up to workers processes, each with MIN_SHARE files or more.
    They are forked: pass workers only from a program without threads (finsam check, a one-off build
    before it starts any, not `mkdocs serve`).
    """
    with _collector_paused():
        return _load(sources, cache, workers)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: reading makes a great many objects but no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(sources: Iterable[Source], cache: Cache | None, workers: int) -> Corpus:
    sources = sorted((s for s in sources if is_content(s.uri)), key=lambda s: s.uri)
    reads = _read_files(sources, workers) if cache is None else _cached_reads(sources, cache)
    corpus = Corpus()
    for read in reads:
        _merge(corpus, read.part)
    profile_files = {
        s.uri.split("/")[1]
        for s in sources
        if s.uri.count("/") == 2 and s.uri.endswith("/index.md")
    }
    _check_references(corpus, profile_files)
    corpus.problems.extend(shared_org_numbers(corpus.profiles.values()))
    for read in reads:
        corpus.problems.extend(read.checked)
    return corpus


def _cached_reads(sources: list[Source], cache: Cache) -> list[FileRead]:
    """Return each file read, from the cache where its bytes are unchanged; forget files no longer there."""
    keys = [(s.uri, s.path, fingerprint(s.data)) for s in sources]
    cache.update(
        (key, _read_file(source)) for key, source in zip(keys, sources) if key not in cache
    )
    for key in set(cache) - set(keys):
        del cache[key]
    return [cache[key] for key in keys]


def free_cores() -> int:
    """Return how many cores no other process is running on right now (Linux); elsewhere all of them.

    Worker processes speed up reading a large content folder on idle cores, and slow it down on busy ones.
    """
    cores = os.cpu_count() or 1
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(
                handle.read().split()[3].split("/")[0]
            )  # processes running now, this one included
    except (OSError, ValueError, IndexError):
        return cores
    return max(1, cores - (running - 1))


def _read_files(sources: list[Source], workers: int) -> list[FileRead]:
    """Return each file read, in order: by worker processes if asked for and worth it."""
    processes = min(workers, len(sources) // MIN_SHARE)
    reads = _read_in_workers(sources, processes) if processes > 1 else None
    return _read_all(sources) if reads is None else reads


def _read_in_workers(sources: list[Source], processes: int) -> list[FileRead] | None:
    """Return the files read by forked processes, every processes-th file by this one; None if none can start.

    Dealing the files out in turn spreads the slow ones (long texts with HTML) over the processes.
    """
    if not aside.forkable():
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            processes - 1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            others = [
                pool.submit(_read_all, sources[start::processes]) for start in range(1, processes)
            ]
            shares = [_read_all(sources[::processes]), *(other.result() for other in others)]
    except (OSError, BrokenProcessPool):
        return None
    return [read for turn in itertools.zip_longest(*shares) for read in turn if read is not None]


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
    parts = source.uri.split("/")
    if source.uri == FORBUND_INDEX:
        corpus.problems.append(
            Problem(
                source.path,
                None,
                None,
                "ingen fil här: sidan skapas automatiskt",
                "en fil",
                "Ta bort filen; förteckningen över förbund skapas av webbplatsen.",
            )
        )
        return
    if len(parts) != 3:
        corpus.problems.append(
            Problem(
                source.path,
                None,
                None,
                "filer i formen forbund/<förbund>/<namn>.md",
                "en fil på en annan nivå",
                "Flytta filen till förbundets mapp, t.ex. forbund/varend/2024.md.",
            )
        )
        return
    slug, name = parts[1], parts[2][:-3]
    if not SLUG_RE.fullmatch(slug):
        corpus.problems.append(
            Problem(
                source.path,
                None,
                None,
                "ett mappnamn med små bokstäver a–z, siffror och bindestreck (å, ä → a; ö → o)",
                f"mappen {slug}",
                "Byt namn på mappen, t.ex. rar-sormland.",
            )
        )
        return
    if name != "index" and not YEAR_NAME_RE.fullmatch(name) and not SLUG_RE.fullmatch(name):
        corpus.problems.append(
            Problem(
                source.path,
                None,
                None,
                FILE_NAMES,
                f"filen {parts[2]}",
                "Byt namn på filen: index.md för förbundet, årtalet med siffrorna 0–9 för en plan (2024.md), små bokstäver a–z, siffror och bindestreck för ett annat dokument (protokoll-2024-03-01.md).",
            )
        )
        return
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
        return
    corpus.problems.extend(
        bodies.reserved_characters(source.path, parts_of_file.front_matter or "", 2)
    )  # in comments: values are checked by parse
    corpus.problems.extend(
        bodies.reserved_characters(source.path, parts_of_file.body, parts_of_file.body_line)
    )
    if name == "index":
        _read_profile(corpus, source, slug, node, parts_of_file.body)
    elif YEAR_NAME_RE.fullmatch(name):
        _read_plan(
            corpus, source, slug, int(name), node, parts_of_file.body, parts_of_file.body_line
        )
    else:
        _read_document(corpus, source, slug, name, node, parts_of_file.body)


def _missing_front_matter(source: Source, what: str, example: tuple[str, ...]) -> Problem:
    lines = "".join(
        f"\n      {line}" for line in ("---", *example, "---")
    )  # shown as the lines of the file, as a discrepancy is
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
        corpus.plans.append(Plan(uri=source.uri, path=source.path, slug=slug, body=body, **values))


def _check_place(reader: schema.Reader, node: Node, slug: str, year: int, values: dict) -> None:
    if values["forbund"] is not None and values["forbund"] != slug:
        reader.problem(
            node.key_lines.get("forbund"),
            "forbund",
            f"{slug}, samma som mappen planen ligger i",
            values["forbund"],
            f"Rätta forbund till {slug}, eller flytta filen till mappen forbund/{values['forbund']}/.",
        )
    if values["year"] is not None and values["year"] != year:
        reader.problem(
            node.key_lines.get("year"),
            "year",
            f"{year}, samma som filens namn",
            str(values["year"]),
            f"Rätta year till {year}, eller byt namn på filen till {values['year']}.md.",
        )


MARKER_EXPECTED = f"budgetmarkeringen {BUDGET_MARKER} ensam på en egen rad mellan två stycken, inte inuti en lista, ett citat, en tabell, en ruta eller HTML-taggar som <div>"


def _check_body(reader: schema.Reader, body: str, body_line: int) -> None:
    """Report budget markers that cannot hold the budget, and more than one that can (bodies.budget_markers).

    A marker in a code block is text, shown as typed, and no marker: the budget then goes last.
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
                f"Flytta raden {BUDGET_MARKER} så att den står ensam mellan två stycken, utan indrag och utanför {place}: budgetens tabeller kan inte stå där.",
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
    """Report plans and documents whose förbund has no profile file (a broken one is reported already)."""
    for plan in corpus.plans:
        if plan.forbund not in profile_files:
            corpus.problems.append(_no_profile(plan.path, plan.forbund))
    for document in corpus.documents:
        if document.slug not in profile_files:
            corpus.problems.append(_no_profile(document.path, document.slug))


def shared_org_numbers(profiles: Iterable[Profile]) -> list[Problem]:
    """Return a problem for each profile whose org_number an earlier one (by path) has: a number is one förbund's (PLAN-FORMAT.md, check 5)."""
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
                    f"Varje samordningsförbund har ett eget organisationsnummer. Kontrollera numret mot förbundets årsredovisning "
                    f"eller Bolagsverkets uppgifter och rätta det i den av de två filerna där det är fel, {profile.path} eller {earlier.path}. "
                    "Är det samma förbund, ta bort den ena mappen.",
                )
            )
    return problems


def _no_profile(path: str, slug: str) -> Problem:
    return Problem(
        path,
        None,
        "forbund",
        f"ett förbund med en profil i forbund/{slug}/index.md",
        f"ingen profil för {slug}",
        f"Skapa forbund/{slug}/index.md med förbundets uppgifter, eller rätta forbund.",
    )


Kept = dict[
    str, tuple[tuple[int, ...], bytes]
]  # a file's bytes by path, with the signature they were read under
RACY_NS = 2_000_000_000  # a file changed less than 2 s before it is read may change again unseen (git's "racy" files)


def read_sources(
    files: Iterable[tuple[str, str, str]], kept: Kept | None = None
) -> tuple[list[Source], list[Problem]]:
    """Return the förbund files read from disk, given (uri, file path, path for messages), and a problem per unreadable one.

    With kept (a preview's, between its rebuilds), a file whose signature (inode, size, times of
    change and modification) is unchanged is not read again: git's way of telling a changed file.
    """
    sources, problems, seen = [], [], set()
    for uri, path, shown in files:
        if not is_content(uri):
            continue
        try:
            sources.append(
                Source(uri, shown, contents(path) if kept is None else _kept_contents(path, kept))
            )
            seen.add(path)
        except OSError as error:
            problems.append(unreadable(shown, error))
    for path in set(kept or ()) - seen:
        del kept[path]
    return sources, problems


def _kept_contents(path: str, kept: Kept) -> bytes:
    """Return the bytes of a file, as read before if its signature is unchanged.

    A file changed within RACY_NS of being read is read again next time: a second save in the
    same tick of the file system's clock, with the same size, would have the same signature.
    """
    found = os.stat(path)
    signature = (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    earlier = kept.pop(path, None)
    if earlier is not None and earlier[0] == signature:
        kept[path] = earlier
        return earlier[1]
    data = contents(path)
    if time.time_ns() - max(found.st_mtime_ns, found.st_ctime_ns) > RACY_NS:
        kept[path] = (signature, data)
    return data


def unreadable(shown: str, error: OSError) -> Problem:
    """Return the problem of a file that could not be read."""
    return Problem(
        shown,
        None,
        None,
        "en fil som går att läsa",
        f"ett fel vid läsning ({error.strerror or error})",
        "Kontrollera att filen finns och att du har rätt att läsa den.",
    )


def contents(path: str) -> bytes:
    """Return the bytes of a file, at most one more than any file may have, read without a Python file object (for many small files, twice as fast).

    A named pipe given in place of a file would block an ordinary open; non-blocking, it reads as empty.
    """
    descriptor = os.open(
        path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        chunks, size = [], 0
        while size <= MAX_BYTES and (
            chunk := os.read(descriptor, min(1 << 20, MAX_BYTES + 1 - size))
        ):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
