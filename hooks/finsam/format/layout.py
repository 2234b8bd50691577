"""Walk the content folder as the site publishes it, and find the files that break the rules of where things live.

The MkDocs hook and `finsam check` both walk the folder with `walk` and judge it with `problems`
and `page_problems`, so that they agree on every file (PLAN-FORMAT.md, "Where things live").
Symbolic links are never followed: one anywhere under the folder is an error, and so is any
file that is neither a regular file nor a folder (a named pipe would make a reader wait for
ever). Nothing outside the folder is read.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass

from ..problems import Problem
from . import bodies, corpus, schema
from .frontmatter import FrontMatterError, decode, parse, split

SECTION = "forbund"
FILE = "file"
LINK = "link"
SPECIAL = "special"
UNREADABLE = "unreadable"
# MkDocs 1.6 reads these suffixes as pages (case-sensitive), everything else as static files.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
PLAN_KEYS = ("forbund", "budget")
TITLE_FIELDS = ("title", "description")
MOVE_FILES = "Lägg bilder och andra filer utanför content/forbund/, t.ex. i content/bilder/, och länka till dem därifrån."

Shown = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One name in the content folder: its path inside it (with /), its path on disk, and what it is."""

    uri: str
    path: str
    kind: str = FILE
    detail: str = ""


def walk(docs_dir: str) -> list[Entry]:
    """Return every file under the content folder, and every link, special file or unreadable folder, in MkDocs's order.

    Folders are walked without following links, files sorted as MkDocs sorts them (index and
    README first in each folder), so that a collision is judged as MkDocs judges it.
    """
    found: list[Entry] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        folder = os.path.join(docs_dir, relative) if relative else docs_dir
        try:
            with os.scandir(folder) as scanned:
                names = sorted(scanned, key=lambda e: e.name)
        except OSError as error:
            found.append(Entry(relative, folder, UNREADABLE, error.strerror or str(error)))
            continue
        files, folders = [], []
        for entry in names:
            uri = f"{relative}/{entry.name}" if relative else entry.name
            kind = _kind(entry)
            if kind == "folder":
                folders.append(uri)
            elif kind == LINK:
                found.append(Entry(uri, entry.path, LINK, _target(entry.path)))
            else:
                files.append(Entry(uri, entry.path, kind))
        found += sorted(files, key=lambda e: (posixpath.splitext(posixpath.basename(e.uri))[0] not in ("index", "README"), e.uri))
        pending += reversed(folders)  # depth first, folders in name order, as os.walk gives them
    return found


def _kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_symlink():
            return LINK
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return SPECIAL
    if stat.S_ISDIR(mode):
        return "folder"
    return FILE if stat.S_ISREG(mode) else SPECIAL


def _target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


def files(entries: list[Entry]) -> list[Entry]:
    """Return the regular files among the entries: what the site is built from."""
    return [entry for entry in entries if entry.kind == FILE]


def is_safe(entries: list[Entry]) -> bool:
    """Return whether MkDocs may walk the folder: no link it would follow, no file it could not read."""
    return all(entry.kind == FILE for entry in entries)


def judged(entries: list[Entry], shown: Shown, directory_urls: bool = True) -> tuple[list[Problem], bool]:
    """Return the problems of the folder's files and whether it is safe to read on; its site pages are read only when it is.

    The build and `finsam check` both call this, so that they stop, or go on, on the same files.
    """
    found = problems(entries, shown, directory_urls)
    if not is_safe(entries):
        return found, False
    return found + site_page_problems(entries, shown), True


def problems(entries: list[Entry], shown: Shown, directory_urls: bool = True) -> list[Problem]:
    """Return a problem for every link, special file, misplaced or misnamed file, and file that collides with another."""
    found = [problem for entry in entries if (problem := _entry_problem(entry, shown)) is not None]
    return found + _collisions(files(entries), shown, directory_urls)


def _entry_problem(entry: Entry, shown: Shown) -> Problem | None:
    path = shown(entry.uri)
    if entry.kind == LINK:
        target = f" till {entry.detail}" if entry.detail else ""
        return Problem(path, None, None, "en vanlig fil eller mapp", f"en symbolisk länk{target}", "Ersätt länken med filen eller mappen själv. Webbplatsen följer inga länkar, så att inget utanför content/ kan publiceras.")
    if entry.kind == SPECIAL:
        return Problem(path, None, None, "en vanlig fil eller mapp", "en fil av ett annat slag (t.ex. en namngiven pipe eller en enhetsfil)", "Ta bort den från content/.")
    if entry.kind == UNREADABLE:
        return Problem(path or "content", None, None, "en mapp som går att läsa", f"ett fel vid läsning ({entry.detail})", "Kontrollera att mappen finns och att du har rätt att läsa den.")
    parts = entry.uri.split("/")
    if parts[0] == SECTION and not entry.uri.endswith(".md"):
        return _not_markdown(path, parts[-1])
    if parts[0] != SECTION and parts[0].lower() == SECTION and len(parts) > 1:
        return Problem(path, None, None, "förbundens filer i mappen content/forbund/ (med små bokstäver)", f"en fil i mappen content/{parts[0]}/", "Flytta filen till content/forbund/ och ta bort mappen.")
    return None


def _not_markdown(path: str, name: str) -> Problem:
    stem, suffix = posixpath.splitext(name)
    if suffix.lower() in PAGE_SUFFIXES or suffix.lower() == ".md":
        fix = f"Byt namn på filen till {stem}.md (små bokstäver i .md)."
    else:
        fix = f"Ta bort filen eller flytta den. {MOVE_FILES}"
    return Problem(path, None, None, "bara Markdown-filer som slutar på .md (små bokstäver) i content/forbund/", f"filen {name}", fix)


def _collisions(entries: list[Entry], shown: Shown, directory_urls: bool) -> list[Problem]:
    """Return a problem for each published file that shares its address with a later one (MkDocs keeps one of them)."""
    by_address: dict[str, list[Entry]] = {}
    for entry in entries:
        if not _excluded(entry.uri):
            by_address.setdefault(destination(entry.uri, directory_urls), []).append(entry)
    return [
        Problem(
            shown(entry.uri),
            None,
            None,
            "en fil per adress på webbplatsen",
            f"samma adress ({address}) som {shown(group[-1].uri)}",
            "Ta bort eller byt namn på en av filerna; bara en av dem skulle publiceras.",
        )
        for address, group in by_address.items()
        for entry in group[:-1]
    ]


def published(entries: list[Entry], directory_urls: bool = True) -> list[Entry]:
    """Return the files MkDocs 1.6 gives its hooks: all regular files, less those it drops for sharing an address in one folder.

    Of two files in a folder with one address (README.md beside index.md), MkDocs drops the
    first, or the later one if that one is excluded (hidden files, the templates folder).
    """
    kept: list[Entry | None] = []
    first: dict[tuple[str, str], int] = {}
    for entry in files(entries):
        key = (posixpath.dirname(entry.uri), destination(entry.uri, directory_urls))
        index = first.setdefault(key, len(kept))
        if index != len(kept):
            if _excluded(entry.uri):
                continue
            kept[index] = None
        kept.append(entry)
    return [entry for entry in kept if entry is not None]


def site_page_problems(entries: list[Entry], shown: Shown) -> list[Problem]:
    """Return the problems of every page outside content/forbund/, read from disk."""
    found: list[Problem] = []
    for entry in files(entries):
        if is_site_page(entry.uri):
            try:
                data = corpus.contents(entry.path)
            except OSError as error:
                found.append(corpus.unreadable(shown(entry.uri), error))
                continue
            found += page_problems(entry.uri, shown(entry.uri), data)
    return found


def destination(uri: str, directory_urls: bool = True) -> str:
    """Return the path of the file MkDocs writes for a file of the content folder."""
    folder, _, name = uri.rpartition("/")
    stem, suffix = posixpath.splitext(name)
    if suffix not in PAGE_SUFFIXES:
        return uri
    prefix = f"{folder}/" if folder else ""
    if stem in ("index", "README"):
        return f"{prefix}index.html"
    return f"{prefix}{stem}/index.html" if directory_urls else f"{prefix}{stem}.html"


def _excluded(uri: str) -> bool:
    """Return whether MkDocs leaves a file out by default (hidden files, the templates folder)."""
    return any(part.startswith(".") for part in uri.split("/")) or uri.startswith("templates/")


def is_site_page(uri: str) -> bool:
    """Return whether a file is a page of the site outside content/forbund/ (read by MkDocs, not by the corpus)."""
    return uri.endswith(PAGE_SUFFIXES) and not uri.startswith(f"{SECTION}/") and not _excluded(uri)


def page_problems(uri: str, path: str, data: bytes) -> list[Problem]:
    """Return the problems of a page outside content/forbund/: its front-matter as the plans' (MkDocs would ignore bad YAML), a plan's fields, heavy or marked text."""
    try:
        parts = split(decode(data))
        node = parse(parts.front_matter) if parts.front_matter is not None else None
    except FrontMatterError as error:
        return [Problem(path, error.line, error.field, error.expected, error.found, error.fix)]
    found = bodies.reserved_characters(path, parts.front_matter or "", 2) + bodies.limits(parts.body, path, parts.body_line) + bodies.reserved_characters(path, parts.body, parts.body_line)
    if node is None:
        return found
    if not node.is_mapping:
        return [*found, Problem(path, node.line, None, "front-matter med fält (namn: värde)", "något annat", "Skriv fälten som namn: värde, t.ex. title: Om webbplatsen.")]
    for key in PLAN_KEYS:
        if key in node.value:
            found.append(Problem(path, node.key_lines[key], key, "planer och förbundsfiler i content/forbund/<förbund>/", f"fältet {key} på en sida utanför content/forbund/", "Flytta filen till förbundets mapp, t.ex. content/forbund/varend/2024.md."))
    reader = schema.Reader(path)
    for key in TITLE_FIELDS:  # texts, as in a plan: no markup or formula (the theme prints them; see render.escaped_page_meta)
        reader.text(node.value.get(key), key)
    return found + reader.problems
