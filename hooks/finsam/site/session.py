"""One build of the site, and the builds of one MkDocs process: what the glue hands over.

MkDocs calls the glue (hooks/plans.py) once per event; the glue hands each event to the one
`Session` in one call. One build, in order:

    begin         judge the content folder (finsam.site.validation); stop on a link MkDocs
                  would follow
    files         read and check the förbund files and every link (validation); stop on an
                  error; compare the plans (derived); add the generated pages and files and give
                  them their content (pages); an incremental build marks what a save touched
                  (preview); a one-off build starts the work done beside the pages
    page_*        a förbund page's Markdown made from its checked data; the site's HTML blocks set
                  apart from Markdown and put back; each page's article handed to the search index
    finish        wait for the work beside the pages (a one-off build), or start it (a preview)

What a build needs of its engine, MkDocs, is the protocol `Engine`, implemented for MkDocs 1.6
in hooks/mkdocs_compat.py. Work beside the pages goes through one mechanism,
finsam.background.Jobs, used three times, each worth it at 1,600 plans:
- the workbook, made in another process on the other core: 2.5-3.5 s of CPU kept off the build;
- the search index, fed page by page to Pagefind while the pages render: indexing the written
  pages after the build added 3.4 s to an 18.6 s build (at 1,505 plans, 2026-12-03);
- the pages' folders, created before MkDocs writes into them: 0.74 s for 1,780 folders.
"""

from __future__ import annotations

import copy
import enum
import gc
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Protocol

from ..background import Cancel, Jobs, free_cores, in_process
from ..format.corpus import ParseCache
from ..format.model import Corpus
from ..format.sources import BytesCache, Source, is_content
from ..problems import Problem, errors, preview_summary, strict_summary, summary, warnings
from . import addresses, glance, pages, preview, problempage, search, stash, theme
from .addresses import Link
from .derived import Comparison
from .meta import escaped_page_meta
from .validation import Folder, Judged, judge, validate


class Mode(enum.Enum):
    """How MkDocs runs the builds of this process."""

    BUILD = "build"  # once: `mkdocs build`, or any build not started by MkDocs's command line
    SERVE = "serve"  # `mkdocs serve`: each rebuild makes every page
    INCREMENTAL = "incremental"  # `mkdocs serve --dirty`: a rebuild makes what a save touched

    @classmethod
    def of(cls, command: str, dirty: bool) -> Mode:
        """Return the mode of MkDocs's command."""
        if command != "serve":
            return cls.BUILD
        return cls.INCREMENTAL if dirty else cls.SERVE


class Stopped(Exception):  # noqa: N818 - not a fault: the build is stopped, and says why
    """The build stops: the content has errors, or what it makes could not be made."""


@dataclass(frozen=True, slots=True)
class EngineFile:
    """A page or file the engine writes: its path in content/, its URL, where it is written."""

    uri: str
    url: str
    destination: str
    page: bool


class Engine(Protocol):
    """What a build needs of the static-site engine: its files, their links, their writing."""

    def add(self, uris: Iterable[str]) -> None:
        """Add generated pages and files, by path."""

    def link_from(self, origin: str) -> Link:
        """Return the function giving the relative link from a page to another, by path."""

    def url_for(self, uri: str) -> str:
        """Return a page's public URL: absolute where the site's address is set."""

    def fill(self, uri: str, content: str | bytes, *, changed: bool, written: bool) -> None:
        """Give a generated file its content; whether it changed; whether the engine writes it."""

    def rebuild(self, uri: str) -> None:
        """Have an incremental build make a page of content/ again."""

    def files(self) -> list[EngineFile]:
        """Return the pages and files the engine builds, generated ones last."""

    def withhold_pages(self) -> None:
        """Build none of the pages: a preview whose content has errors shows them instead."""


@dataclass
class Build:
    """One build: what it read and made, and what it does beside the pages."""

    folder: Folder
    judged: Judged
    nav: object  # the navigation as configured, before the generated sections are added
    site_dir: str
    corpus: Corpus = field(default_factory=Corpus)
    comparison: Comparison | None = None
    blocks: dict[str, list[str]] = field(default_factory=dict)  # each page's HTML set apart
    written: set[str] = field(default_factory=set)  # the URLs of the pages written
    index: search.Index | None = None  # a one-off build's search index, fed as pages render
    nav_cache: theme.NavCache | None = None
    state: preview.BuildState | None = None  # what an incremental build saw
    pages: list[str] = field(default_factory=list)  # the pages' paths, in the build's order
    outputs: set[str] = field(default_factory=set)  # every file an incremental build writes
    page_count: int = 0  # the pages an incremental build has
    heavy: list[tuple[str, pages.BackgroundFile]] = field(default_factory=list)
    strict: bool = False  # whether a warning stops the build (`mkdocs build --strict`)
    problems: list[Problem] | None = None  # what a preview shows in place of its pages


@dataclass
class Session:
    """The builds of one MkDocs process: one build, or a preview's rebuild after each save."""

    log: logging.Logger
    mode: Mode = Mode.BUILD
    parse_cache: ParseCache = field(default_factory=dict)  # parsed förbund files by content
    bytes_cache: BytesCache = field(default_factory=dict)  # the files' bytes by signature
    generator: pages.Generator = field(default_factory=pages.Generator)
    templates: theme.TemplateCache = field(default_factory=theme.TemplateCache)
    jobs: Jobs = field(default_factory=Jobs)
    state: preview.BuildState | None = None  # what the last incremental build saw
    outputs: set[str] = field(default_factory=set)  # and the files it wrote
    articles: dict[str, tuple[str, str]] = field(default_factory=dict)  # a preview's pages, indexed
    unmade: set[str] = field(default_factory=set)  # heavy files a cancelled job left unmade
    collected: bool = False  # whether a preview's first build was collected and frozen
    problem_page: str | None = None  # while the content has errors, what a preview shows
    build: Build | None = None

    def start(self, mode: Mode) -> None:
        """Begin the builds of a command afresh (`mkdocs serve` keeps the glue loaded)."""
        self.jobs.cancel()
        fresh = Session(self.log, mode)
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(fresh, name))

    def shown_problems(self) -> str | None:
        """Return the page a preview shows in place of every page, while the content has errors."""
        return self.problem_page

    @property
    def once(self) -> bool:
        """Return whether this process builds once: no preview."""
        return self.mode is Mode.BUILD

    def begin(self, folder: Folder, nav: object, site_dir: str, strict: bool = False) -> bool:
        """Begin a build: stop what the last one left running; judge the content folder.

        Return whether the engine may read the content folder: not when it holds a link that
        would lead it outside (a one-off build stops; a preview shows the problems).
        """
        if not self.once:
            gc.disable()  # the rebuild's garbage is collected after it (finish)
            self.unmade.update(name for name in self.jobs.cancel() if os.path.isabs(name))
        judged = judge(folder)
        self.build = Build(folder, judged, copy.deepcopy(nav), site_dir, strict=strict)
        return judged.safe or self._report(judged.problems)

    def files(self, engine: Engine, settings: bytes) -> object:
        """Read and check the content; add and fill the generated files; return the navigation."""
        build = self.build
        if build.problems is not None:
            engine.withhold_pages()
            return []
        checked = validate(
            build.folder,
            build.judged,
            parse_cache=None if self.once else self.parse_cache,
            bytes_cache=None if self.once else self.bytes_cache,
            workers=free_cores() if self.once else 1,  # a one-off build has no threads yet
            comparison=self._comparison,
        )
        if not self._report(checked.problems):
            engine.withhold_pages()
            return []
        comparison = self._comparison(checked.corpus)
        engine.add(addresses.generated_uris(comparison.years, checked.corpus.profiles))
        content = self._generator().content(
            build.corpus,
            comparison,
            engine.link_from,
            engine.url_for,
            pages.Repository(build.folder.root, build.folder.repo_url),
        )
        sections = pages.nav_sections(build.corpus, comparison)
        nav = [_expanded(entry, sections) for entry in build.nav or []]
        files = engine.files()
        changed = self._changed(engine, files, checked.sources, nav, settings, content)
        self._fill(engine, files, content, changed)
        build.pages = [file.uri for file in files if file.page]
        if self.mode is not Mode.INCREMENTAL:
            folders = {os.path.dirname(file.destination) for file in files if file.page}
            # 0.74 s for the 1,780 folders of 1,600 plans on a busy disk: on the other core
            self.jobs.start("folders", lambda cancel: _create_folders(sorted(folders)))
        if self.once:
            gc.freeze()  # what is read now lives until the process ends: spare the collector
            self._start_beside_pages()
        return nav

    def navigation(self, urls: Iterable[str]) -> None:
        """Note the pages in the navigation: the pages outside it share its rendering."""
        self.build.nav_cache = theme.NavCache(urls)

    def pages_rendered(self) -> None:
        """Have the search index written while the pages are: every page's content is known."""
        if self.build.index is not None:
            self.build.index.write()

    def page_source(self, uri: str) -> str | None:
        """Return a förbund page's text without its front-matter, already read and checked."""
        item = self.build.corpus.page(uri)
        return None if item is None else item.body

    def page_markdown(
        self, uri: str, markdown: str, meta: dict, link: Link, repo_url: str | None, url: str
    ) -> tuple[dict, str]:
        """Return a page's meta and Markdown (a förbund page's from its data), HTML set apart."""
        build = self.build
        item = build.corpus.page(uri)
        if item is None:
            meta = escaped_page_meta(meta)
            markdown = pages.site_page(markdown, build.corpus, link)
        else:
            made, markdown = pages.page(item, build.corpus, build.comparison, link, repo_url, url)
            meta = made.as_dict()
        markdown, build.blocks[uri] = stash.stash(markdown)
        return meta, markdown

    def page_content(
        self, uri: str, url: str, html: str, title: str, language: str, meta: dict
    ) -> str:
        """Return a page's HTML with its blocks put back; hand its article to the search index."""
        build = self.build
        html = stash.unstash(html, build.blocks.pop(uri, []))
        marks = meta if build.corpus.page(uri) is not None else {}  # a plan's förbund and year
        article = search.document(
            html, title, language, marks.get("forbund", ""), marks.get("year", ""), uri
        )
        if build.index is not None:
            build.index.add(url, article)
        else:
            self.articles[uri] = (url, article)  # indexed after a preview's build
        return html

    def page_written(self, url: str) -> None:
        """Note that a page was written (an incremental build reports how many)."""
        self.build.written.add(url)

    def finish(self) -> None:
        """End a build: a one-off waits for the work beside its pages, a preview starts it."""
        build = self.build
        self.problem_page = None if build.problems is None else problempage.document(build.problems)
        if self.problem_page is not None:
            self.log.error(preview_summary(len(errors(build.problems))))
            gc.enable()
            return
        if self.mode is Mode.INCREMENTAL:
            for path in self.outputs - build.outputs:
                if os.path.isfile(path):
                    os.remove(path)  # a deleted page
        if self.once:
            try:
                self.jobs.wait()
            except (search.IndexingFailed, OSError) as error:
                raise Stopped(f"Sökindexet kunde inte skapas: {error}") from error
            return
        self._start_after_preview()
        self._collect()
        if self.mode is Mode.INCREMENTAL:
            count = f"{len(build.written)} av {build.page_count}"
            self.log.info(f"Förhandsvisningen byggde om {count} sidor.")
            self.state, self.outputs = build.state, build.outputs

    def stop(self) -> None:
        """Stop the work beside the pages: `mkdocs serve` ends."""
        self.jobs.cancel()

    def failed(self) -> None:
        """After a build that failed: stop its search index (a preview keeps its other work)."""
        if self.once:
            self.jobs.cancel()
        gc.enable()

    def _comparison(self, corpus: Corpus) -> Comparison:
        """Return the comparison of this build's corpus, made once."""
        build = self.build
        if build.comparison is None or build.corpus is not corpus:
            build.corpus, build.comparison = corpus, self._generator().compare(corpus)
        return build.comparison

    def _generator(self) -> pages.Generator | type[pages.OneBuild]:
        """Return what makes the generated files: kept across an incremental preview's builds."""
        return self.generator if self.mode is Mode.INCREMENTAL else pages.OneBuild

    def _changed(
        self,
        engine: Engine,
        files: list[EngineFile],
        sources: list[Source],
        nav: object,
        settings: bytes,
        content: dict,
    ) -> set[str] | None:
        """Return the generated files an incremental build writes (None: all); mark stale pages."""
        if self.mode is not Mode.INCREMENTAL:
            return None
        build = self.build
        parts = pages.site_parts(build.corpus)
        glances = glance.standing_keys(build.corpus, build.comparison)
        current = preview.build_state(sources, nav, settings, content, parts, glances)
        everything = preview.everything_changed(self.state, current)
        stale = set() if everything else preview.stale_pages(self.state, current)
        if not everything and preview.site_pages_stale(self.state, current):
            stale |= {file.uri for file in files if file.page and not is_content(file.uri)}
        generated = set(content)
        for file in files:
            if file.page and file.uri not in generated and (everything or file.uri in stale):
                engine.rebuild(file.uri)
        build.state = current
        build.page_count = len({_page_url(file.url) for file in files if file.page})
        build.outputs = {file.destination for file in files}
        return None if everything else preview.changed_generated(self.state, current)

    def _fill(
        self, engine: Engine, files: list[EngineFile], content: dict, changed: set[str] | None
    ) -> None:
        """Give every generated file its content; note the heavy ones, made beside the pages."""
        build = self.build
        for file in files:
            if file.uri not in content:
                continue
            value, due = content[file.uri], changed is None or file.uri in changed
            if isinstance(value, pages.BackgroundFile):
                engine.fill(file.uri, b"", changed=due, written=False)
                if due or file.destination in self.unmade:
                    build.heavy.append((file.destination, value))
                    self.unmade.discard(file.destination)
            else:
                engine.fill(file.uri, value, changed=due, written=True)

    def _start_beside_pages(self) -> None:
        """Start a one-off build's heavy files and its search index, beside its pages."""
        build = self.build
        for destination, heavy in build.heavy:
            # the workbook: 2.5-3.5 s of CPU at 1,600 plans, on the other core
            self.jobs.start(destination, in_process(destination, heavy.make, heavy.inputs))
        build.index = search.Index(build.site_dir)
        # indexing the written pages afterwards added 3.4 s to an 18.6 s build (1,505 plans)
        self.jobs.start("search", build.index)

    def _start_after_preview(self) -> None:
        """Start, after a preview's pages, its heavy files and its search index."""
        build = self.build
        for destination, heavy in build.heavy:
            # after the pages: the editor sees them first (the workbook takes seconds)
            self.jobs.start(destination, in_process(destination, heavy.make, heavy.inputs))
        for uri in set(self.articles) - set(build.pages):
            del self.articles[uri]  # a deleted page
        index = search.Index(build.site_dir)
        for uri in build.pages:
            if uri in self.articles:
                index.add(*self.articles[uri])
        index.write()
        self.jobs.start("search", self._warning_if_failed(index))

    def _warning_if_failed(self, index: search.Index) -> object:
        """Return the job of a preview's search index: a failure is a warning, not a stop."""

        def work(cancel: Cancel) -> None:
            try:
                index(cancel)
            except (search.IndexingFailed, OSError) as error:
                if not cancel.is_set():
                    self.log.warning(f"Sökindexet kunde inte skapas: {error}")

        return work

    def _collect(self) -> None:
        """Let the collector run again after a preview's build; freeze what the first one kept."""
        if not self.collected:
            gc.collect()
            gc.freeze()  # the parsed files and page parts a preview keeps: never walked again
            self.collected = True
        gc.enable()

    def _report(self, problems: list[Problem]) -> bool:
        """Log the problems; return whether the build goes on.

        An error stops a one-off build, and so does a warning in a strict one; a preview goes on
        without its pages and shows the problems in their place.
        """
        found, warned = errors(problems), warnings(problems)
        for problem in warned:
            self.log.warning(problem.message())
        for problem in found:
            self.log.error(problem.message())
        if self.once and (found or (self.build.strict and warned)):
            raise Stopped(summary(len(found)) if found else strict_summary(len(warned)))
        if found:
            self.build.problems = problems
        return not found


def _create_folders(folders: list[str]) -> None:
    """Create the pages' folders before MkDocs writes the pages into them."""
    try:
        for folder in folders:
            os.makedirs(folder, exist_ok=True)
    except OSError:
        pass  # MkDocs creates the folder itself when it writes the page, and reports what fails


def _expanded(entry: object, sections: dict[str, list]) -> object:
    """Return a navigation entry, with a generated section's children in place of its index."""
    if isinstance(entry, dict):
        return {
            title: sections.get(target, target) if isinstance(target, str) else target
            for title, target in entry.items()
        }
    return entry


def _page_url(location: str) -> str:
    """Return the page part of a URL ("./" and "" both mean the start page)."""
    url = location.split("#", 1)[0]
    return "" if url == "./" else url
