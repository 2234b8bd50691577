"""Judge everything under content/: the one entry point of the build and of `finsam check`.

Two steps, in the order MkDocs needs them. `judge` walks the content folder without following
links and judges its files and names (finsam.format.layout): the build does it before MkDocs walks
the folder, and stops there on a link MkDocs would follow. `validate` then reads and checks the
förbund files into a corpus (finsam.format.corpus) and, once the folder and those files have no
error, follows every link in the editors' texts (finsam.site.links). Both return the problems in
one order, so that the build and `finsam check` print the same messages in the same order.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..format import layout
from ..format.corpus import ParseCache, load
from ..format.model import Corpus
from ..format.sources import BytesCache, Source, read_sources
from ..problems import Problem, errors
from . import links
from .derived import Comparison, compare

Generated = Callable[[Corpus, Comparison], Mapping[str, object]]


@dataclass(frozen=True, slots=True)
class Folder:
    """The project: the folder with mkdocs.yml, its content folder, and how pages are addressed."""

    root: str
    docs_dir: str
    use_directory_urls: bool = True
    repo_url: str | None = None  # the repository on GitHub, whose issue form takes error reports

    def display(self, path: str) -> str:
        """Return a path as messages show it: relative to the folder with mkdocs.yml."""
        return os.path.relpath(path, self.root)

    def shown(self, uri: str) -> str:
        """Return how messages show a file of the content folder, given its path there."""
        folder = _relative(self.docs_dir, self.root)  # asked for each of 3,200 files: 0.16 s
        return (
            os.path.join(*uri.split("/"))
            if folder == "."
            else os.path.join(folder, *uri.split("/"))
        )


@functools.cache
def _relative(path: str, start: str) -> str:
    return os.path.relpath(path, start)


@dataclass(frozen=True, slots=True)
class Judged:
    """The content folder walked: the files MkDocs reads, the problems, whether to read on."""

    files: list[layout.Entry]
    problems: list[Problem]
    safe: bool


@dataclass(frozen=True, slots=True)
class Validation:
    """What the content gave: the corpus, the förbund files it was read from, every problem."""

    corpus: Corpus
    sources: list[Source]
    problems: list[Problem]


def judge(folder: Folder) -> Judged:
    """Return the content folder walked and judged; its site pages are read only if it is safe."""
    entries = layout.walk(folder.docs_dir)
    problems, safe = layout.judged(entries, folder.shown, folder.use_directory_urls)
    return Judged(layout.published(entries, folder.use_directory_urls), problems, safe)


def published(folder: Folder) -> list[layout.Entry]:
    """Return the files of the content folder that MkDocs gives the hooks, without judging them."""
    return layout.published(layout.walk(folder.docs_dir), folder.use_directory_urls)


def validate(
    folder: Folder,
    judged: Judged,
    *,
    parse_cache: ParseCache | None = None,
    bytes_cache: BytesCache | None = None,
    workers: int = 1,
    comparison: Callable[[Corpus], Comparison] = compare,
) -> Validation:
    """Return the corpus read from the judged folder and every problem, links included.

    parse_cache and bytes_cache are a preview's, kept between its rebuilds (finsam.format.corpus
    and .sources); workers are processes that may read the files (only from a program without
    threads). The links are
    followed only when nothing else is wrong, as the build renders nothing before that;
    comparison makes the comparison, asked only when a link needs a förbund page's anchors.
    """
    shown = ((entry.uri, entry.path, folder.shown(entry.uri)) for entry in judged.files)
    sources, unreadable = read_sources(shown, bytes_cache)
    corpus = load(sources, parse_cache, workers)
    problems = judged.problems + unreadable + corpus.problems
    if not errors(problems):
        problems += _link_problems(folder, judged, corpus, sources, comparison)
    return Validation(corpus, sources, problems)


def _link_problems(
    folder: Folder,
    judged: Judged,
    corpus: Corpus,
    sources: list[Source],
    comparison: Callable[[Corpus], Comparison],
) -> list[Problem]:
    """Return the broken links of the content folder's texts."""
    compared = functools.cache(lambda: comparison(corpus))
    site_pages = [
        (entry.uri, entry.path, folder.shown(entry.uri))
        for entry in judged.files
        if layout.is_site_page(entry.uri)
    ]
    generated = functools.cache(lambda: _generated(corpus, compared()))
    uris = (entry.uri for entry in judged.files)
    return links.content_problems(corpus, compared, sources, site_pages, uris, generated)


def _generated(corpus: Corpus, comparison: Comparison) -> Mapping[str, object]:
    """Return the generated pages, made for their anchors only (their links lead nowhere)."""
    from . import pages  # the pages are made here only when a link needs a generated page's anchors

    return pages.generated_content(corpus, comparison, lambda origin: str, str)
