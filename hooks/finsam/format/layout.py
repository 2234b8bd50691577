"""Walk the content folder as the site publishes it.

And find the files that break the rules of where things live.

The MkDocs hook and `finsam check` both walk the folder with `walk` and judge it with `judged`
(`problems`, then `site_page_problems`), so that they agree on every file (PLAN-FORMAT.md, "Where
things live" and "Site pages"). Symbolic links are never followed: one anywhere under the folder
is an error, and so is any file that is neither a regular file nor a folder (a named pipe would
make a reader wait for ever). Nothing outside the folder is read.

Outside content/forbund/ (whose files the corpus judges), every file and folder name is
lower-case ASCII letters, digits, - and _, a file's with one lower-case suffix; a file is a page
(.md), an image or a PDF; no file sits at an address the theme or the site publishes itself
(RESERVED_FOLDERS, RESERVED_FILES); content/templates/, which MkDocs leaves out, holds nothing;
a page there or under a name starting with "." is still read for plan fields, so that a plan in
the wrong place is named as such. A site page's front-matter has title, description and hide
only, and its text is checked as a plan's (bodies.check).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass

from ..problems import Problem
from . import bodies, schema, sources
from .frontmatter import FrontMatterError, Node, decode, parse, split
from .paths import SECTION

FILE = "file"
LINK = "link"
SPECIAL = "special"
UNREADABLE = "unreadable"
# MkDocs 1.6 reads these suffixes as pages (case-sensitive), everything else as static files.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
PLAN_KEYS = ("forbund", "budget")
TITLE_FIELDS = ("title", "description")
SITE_PAGE_FIELDS = ("title", "description", "hide")  # PLAN-FORMAT.md, "Site pages"
HIDE_VALUES = (
    "navigation",
    "toc",
    "footer",
    "path",
    "tags",
    "feedback",
)  # what Material 9.8's templates look for in hide
MOVE_FILES = (
    "Lägg bilder och andra filer utanför content/forbund/, t.ex. i content/bilder/, och länka "
    "till dem därifrån."
)
NAME_RE = re.compile(
    r"[a-z0-9_-]+"
)  # a folder, or a file's name before its suffix, outside content/forbund/
SUFFIX_RE = re.compile(r"\.[a-z0-9]+")
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf")
TEMPLATES = "templates"  # MkDocs 1.6 leaves out content/templates/ (and names starting with ".")
# Addresses the theme and the site publish themselves (what a build writes beside the content's own
# files; tests/whole_site/test_hostile_content.py checks the list against a real build): Material's
# scripts, stylesheets and images and the site's own (overrides/assets/), Pagefind's index,
# Material's search (not used now), the generated comparison, insatser, open-data and error pages
# and the förbund index, and single files. A file of the content folder there would replace or hide
# theirs.
RESERVED_FOLDERS = (
    "assets",
    "data",
    "felmeddelanden",
    "forbund",
    "insatser",
    "jamfor",
    "pagefind",
    "search",
)
RESERVED_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "nyheter.xml", "felmeddelanden.html")

Shown = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One name in the content folder.

    Its path inside it (with /), its path on disk, and what it is.
    """

    uri: str
    path: str
    kind: str = FILE
    detail: str = ""


def walk(docs_dir: str) -> list[Entry]:
    """Return every file under the content folder, and every link.

    Special file or unreadable folder, in MkDocs's order.

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
        found += sorted(
            files,
            key=lambda e: (
                posixpath.splitext(posixpath.basename(e.uri))[0] not in ("index", "README"),
                e.uri,
            ),
        )
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
    """Return whether MkDocs may walk the folder.

    No link it would follow, no file it could not read.
    """
    return all(entry.kind == FILE for entry in entries)


def judged(
    entries: list[Entry], shown: Shown, directory_urls: bool = True
) -> tuple[list[Problem], bool]:
    """Return the problems of the folder's files and whether it is safe to read on.

    Its site pages are read only when it is.

    The build and `finsam check` both call this, so that they stop, or go on, on the same files.
    """
    found = problems(entries, shown, directory_urls)
    if not is_safe(entries):
        return found, False
    return found + site_page_problems(entries, shown), True


def problems(entries: list[Entry], shown: Shown, directory_urls: bool = True) -> list[Problem]:
    """Return a problem for every link, special file, misplaced or misnamed file or folder.

    And file that collides with another.
    """
    found = _folder_problems(entries, shown)
    found += [
        problem
        for entry in entries
        if (problem := _entry_problem(entry, shown, directory_urls)) is not None
    ]
    return found + _collisions(files(entries), shown, directory_urls)


def _folder_problems(entries: list[Entry], shown: Shown) -> list[Problem]:
    """Return a problem for each misnamed folder outside content/forbund/ that holds a file.

    Once per folder.
    """
    found: dict[str, Problem] = {}
    for entry in entries:
        parts = entry.uri.split("/")[:-1] if entry.kind != UNREADABLE else []
        if not parts or parts[0] == SECTION or parts[0].lower() == SECTION:
            # the förbund folder's own rules, or a plan's folder in the wrong case (_entry_problem)
            continue
        for depth, name in enumerate(parts, 1):
            folder = "/".join(parts[:depth])
            if folder not in found and NAME_RE.fullmatch(name) is None:
                found[folder] = _bad_name(shown(folder), name, folder=True)
    return list(found.values())


def _entry_problem(entry: Entry, shown: Shown, directory_urls: bool = True) -> Problem | None:
    path = shown(entry.uri)
    if entry.kind == LINK:
        target = f" till {entry.detail}" if entry.detail else ""
        return Problem(
            path,
            None,
            None,
            "en vanlig fil eller mapp",
            f"en symbolisk länk{target}",
            "Ersätt länken med filen eller mappen själv. Webbplatsen följer inga länkar, så att "
            "inget utanför content/ kan publiceras.",
        )
    if entry.kind == SPECIAL:
        return Problem(
            path,
            None,
            None,
            "en vanlig fil eller mapp",
            "en fil av ett annat slag (t.ex. en namngiven pipe eller en enhetsfil)",
            "Ta bort den från content/.",
        )
    if entry.kind == UNREADABLE:
        return Problem(
            path or "content",
            None,
            None,
            "en mapp som går att läsa",
            f"ett fel vid läsning ({entry.detail})",
            "Kontrollera att mappen finns och att du har rätt att läsa den.",
        )
    parts = entry.uri.split("/")
    if parts[0] == SECTION and not entry.uri.endswith(".md"):
        return _not_markdown(path, parts[-1])
    if parts[0] != SECTION and parts[0].lower() == SECTION and len(parts) > 1:
        return Problem(
            path,
            None,
            None,
            "förbundens filer i mappen content/forbund/ (med små bokstäver)",
            f"en fil i mappen content/{parts[0]}/",
            "Flytta filen till content/forbund/ och ta bort mappen.",
        )
    if parts[0] != SECTION:
        return _site_file_problem(entry.uri, path, directory_urls)
    return None


def _site_file_problem(uri: str, path: str, directory_urls: bool) -> Problem | None:
    """Return the problem of a file outside content/forbund/.

    Its address, the templates folder, its name, its kind (the first that applies).
    """
    name = posixpath.basename(uri)
    address = destination(uri, directory_urls)
    if is_reserved(address):
        return Problem(
            path,
            None,
            None,
            "en adress som webbplatsen inte skapar själv",
            f"filen {name}, som skulle publiceras på adressen {address}",
            "Byt namn på filen eller mappen. Allt under "
            f"{_listed([f'{folder}/' for folder in RESERVED_FOLDERS])} och filerna "
            f"{_listed(list(RESERVED_FILES))} "
            "skapas automatiskt av webbplatsen och dess tema; en egen fil där skulle ersätta "
            "eller dölja deras.",
        )
    if uri.startswith(f"{TEMPLATES}/"):
        return Problem(
            path,
            None,
            None,
            "inga filer i content/templates/",
            f"filen {name} i content/templates/",
            "Flytta filen till en annan mapp i content/. MkDocs publicerar inget från "
            "content/templates/, så filen skulle inte synas på webbplatsen.",
        )
    stem, suffix = posixpath.splitext(name)
    if NAME_RE.fullmatch(stem) is None or SUFFIX_RE.fullmatch(suffix) is None:
        return _bad_name(path, name, folder=False)
    if suffix != ".md" and suffix not in MEDIA_SUFFIXES:
        return Problem(
            path,
            None,
            None,
            "sidor (.md), bilder (.png, .jpg, .jpeg, .webp, .gif) och pdf-filer (.pdf)",
            f"filen {name}",
            _kind_fix(stem, suffix),
        )
    return None


def _listed(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} och {names[-1]}"


def is_reserved(address: str) -> bool:
    """Return whether the theme or the site itself publishes a file at an address.

    An address is a path in the built site.
    """
    return address in RESERVED_FILES or (
        "/" in address and address.split("/", 1)[0] in RESERVED_FOLDERS
    )


def _bad_name(path: str, name: str, folder: bool) -> Problem:
    """Return the problem of a file or folder name outside content/forbund/.

    With a name to use instead.
    """
    what = "mappen" if folder else "filen"
    expected = (
        "ett mappnamn med små bokstäver a–z, siffror, - och _"
        if folder
        else (
            "ett filnamn med små bokstäver a–z, siffror, - och _ och en filändelse med små "
            "bokstäver, t.ex. arsrapport-2024.pdf"
        )
    )
    suggested = _suggested(name, folder)
    if suggested:
        fix = f"Byt namn på {what}, t.ex. till {suggested}."
    elif name.startswith("."):
        fix = (
            "Ta bort filen. Filer vars namn börjar med punkt skapas ofta av ett program, som "
            ".DS_Store på Mac."
        )
    else:
        fix = (
            "Ta bort filen, eller ge den ett namn med en filändelse: .md för en sida, .pdf för "
            "ett dokument, .png eller .jpg för en bild."
        )
    if name.startswith("."):
        fix += (
            " MkDocs hoppar över mappar och filer vars namn börjar med punkt, så "
            + ("inget i mappen" if folder else "filen")
            + " skulle aldrig publiceras."
        )
    return Problem(path, None, None, expected, f"{what} {name}", fix)


def _suggested(name: str, folder: bool) -> str | None:
    """Return a name that follows the rule.

    Made from one that does not (å, ä → a; ö → o; other characters → -), if there is one.
    """

    def clean(text: str) -> str:
        text = text.lower().translate(
            str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
        )
        return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9_-]", "-", text)).strip("-")

    if folder:
        return clean(name) or "mapp"
    stem, suffix = posixpath.splitext(name)
    stem, suffix = clean(stem), clean(suffix[1:])
    return f"{stem}.{suffix}" if stem and suffix else None


def _kind_fix(stem: str, suffix: str) -> str:
    lower = suffix.lower()
    if lower in PAGE_SUFFIXES:
        return f"Byt namn på filen till {stem}.md."
    if lower in (".html", ".htm", ".xhtml"):
        return (
            "Skriv sidan i Markdown, som en .md-fil. Webbplatsen publicerar inga egna HTML-sidor "
            "från content/, eftersom de kan innehålla skript."
        )
    if lower in (".js", ".mjs", ".css", ".scss"):
        return (
            "Ta bort filen. Webbplatsens skript och stilmallar finns i mappen overrides/ och "
            "ändras bara där, i en egen pull request som granskas särskilt."
        )
    if lower == ".svg":
        return (
            "Spara bilden som .png och visa den med ![beskrivning](bild.png). En svg-fil kan "
            "innehålla skript."
        )
    return "Ta bort filen, eller spara den som pdf (dokument) eller png (bild) och länka till den."


def _not_markdown(path: str, name: str) -> Problem:
    stem, suffix = posixpath.splitext(name)
    if suffix.lower() in PAGE_SUFFIXES or suffix.lower() == ".md":
        fix = f"Byt namn på filen till {stem}.md (små bokstäver i .md)."
    else:
        fix = f"Ta bort filen eller flytta den. {MOVE_FILES}"
    return Problem(
        path,
        None,
        None,
        "bara Markdown-filer som slutar på .md (små bokstäver) i content/forbund/",
        f"filen {name}",
        fix,
    )


def _collisions(entries: list[Entry], shown: Shown, directory_urls: bool) -> list[Problem]:
    """Return a problem for each published file that shares its address with a later one.

    MkDocs keeps one of them.
    """
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
    """Return the files MkDocs 1.6 gives its hooks.

    All regular files, less those it drops for sharing an address in one folder.

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
    """Return the problems of every page outside content/forbund/, read from disk.

    Of a page MkDocs leaves out, only a plan's fields.
    """
    found: list[Problem] = []
    for entry in files(entries):
        if is_site_page(entry.uri) or _left_out_page(entry.uri):
            try:
                data = sources.contents(entry.path)
            except OSError as error:
                found.append(sources.unreadable(shown(entry.uri), error))
                continue
            found += (
                page_problems(entry.uri, shown(entry.uri), data)
                if is_site_page(entry.uri)
                else left_out_page_problems(shown(entry.uri), data)
            )
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
    """Return whether a file is a page of the site outside content/forbund/.

    Such a page is read by MkDocs, not by the corpus.
    """
    return uri.endswith(PAGE_SUFFIXES) and not uri.startswith(f"{SECTION}/") and not _excluded(uri)


def _left_out_page(uri: str) -> bool:
    """Return whether a file is a page outside content/forbund/ that MkDocs leaves out.

    It is an error already, by its name or folder.
    """
    return (
        uri.lower().endswith(PAGE_SUFFIXES) and not uri.startswith(f"{SECTION}/") and _excluded(uri)
    )


def left_out_page_problems(path: str, data: bytes) -> list[Problem]:
    """Return a problem for each plan field in the front-matter of a page MkDocs leaves out.

    A plan there must be named as one.
    """
    try:
        parts = split(decode(data))
        node = parse(parts.front_matter) if parts.front_matter is not None else None
    except FrontMatterError:
        # the page is refused for its name or folder already; what it holds is not published
        return []
    return _plan_fields(node, path) if node is not None and node.is_mapping else []


def _plan_fields(node: Node, path: str) -> list[Problem]:
    """Return a problem for each field of a plan in a page's front-matter (a mapping).

    The page is a plan in the wrong place.
    """
    return [
        Problem(
            path,
            node.key_lines.get(key),
            key,
            "planer och förbundsfiler i content/forbund/<förbund>/",
            f"fältet {key} på en sida utanför content/forbund/",
            "Flytta filen till förbundets mapp, t.ex. content/forbund/varend/2024.md.",
        )
        for key in PLAN_KEYS
        if key in node.value
    ]


def page_problems(uri: str, path: str, data: bytes) -> list[Problem]:
    """Return the problems of a page outside content/forbund/.

    Its front-matter as the plans' (MkDocs would ignore bad YAML), a plan's fields, other fields
    than a site page's, its text as a plan's.
    """
    try:
        parts = split(decode(data))
        node = parse(parts.front_matter) if parts.front_matter is not None else None
    except FrontMatterError as error:
        return [Problem(path, error.line, error.field, error.expected, error.found, error.fix)]
    found = (
        bodies.reserved_characters(path, parts.front_matter or "", 2)
        + bodies.check(parts.body, path, parts.body_line)
        + bodies.reserved_characters(path, parts.body, parts.body_line)
    )
    if node is None:
        return found
    if not node.is_mapping:
        return [
            *found,
            Problem(
                path,
                node.line,
                None,
                "front-matter med fält (namn: värde)",
                "något annat",
                "Skriv fälten som namn: värde, t.ex. title: Om webbplatsen.",
            ),
        ]
    misplaced = _plan_fields(node, path)
    if misplaced:  # a plan in the wrong place: its other fields are a plan's, not a site page's
        return found + misplaced
    found += [
        _unknown_field(path, node.key_lines.get(key), str(key))
        for key in node.value
        if key not in SITE_PAGE_FIELDS
    ]
    reader = schema.Reader(path)
    # texts, as in a plan: no markup or formula (the theme prints them; see meta.escaped_page_meta)
    for key in TITLE_FIELDS:
        reader.text(node.value.get(key), key)
    return found + reader.problems + _hide_problems(path, node.value.get("hide"))


def _unknown_field(path: str, line: int | None, name: str) -> Problem:
    """Return the problem of a field a site page may not set.

    The theme would print it raw, or use it to pick another template.
    """
    return Problem(
        path,
        line,
        name,
        "bara fälten "
        + ", ".join(SITE_PAGE_FIELDS[:-1])
        + f" och {SITE_PAGE_FIELDS[-1]} på en sida utanför content/forbund/",
        f"fältet {name}",
        "Ta bort fältet. Sidans mall, utseende och ikoner bestäms av webbplatsen: temat skulle "
        "skriva ut fältets värde som HTML på sidan eller byta sidans mall.",
    )


def _hide_problems(path: str, node: Node | None) -> list[Problem]:
    """Return the problems of a site page's hide.

    A list of the parts of the page the theme can hide.
    """
    if node is None:
        return []
    allowed = ", ".join(HIDE_VALUES)
    expected = f"en lista med delar av sidan som ska döljas, bland {allowed}"
    if not node.is_sequence:
        return [
            Problem(
                path,
                node.line,
                "hide",
                expected,
                schema.describe(node),
                "Skriv delarna som en lista, t.ex. hide: [toc], eller en del per rad med - först.",
            )
        ]
    return [
        Problem(
            path,
            entry.line,
            "hide",
            expected,
            schema.describe(entry),
            f"Ta bort raden eller skriv en av {allowed}.",
        )
        for entry in node.value
        if not isinstance(entry.value, str) or entry.value not in HIDE_VALUES
    ]
