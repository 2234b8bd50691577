"""MkDocs glue: read and check the förbund files, generate the comparison and data pages, render pages.

One small function per event; everything else lives in the pure package finsam.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator

import jinja2
import watchdog.observers.polling
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from finsam import aside
from finsam.format import layout
from finsam.format.corpus import free_cores, load, read_sources
from finsam.problems import errors, printable, printable_lines, summary, warnings
from finsam.site import addresses, links, pages, preview, render, search, theme
from finsam.site.render import Link

log = logging.getLogger("mkdocs.hooks.plans")

POLL_SECONDS = 0.2  # how often `mkdocs serve` looks for saved files (MkDocs's own default: 0.5 s)
BUILD_DELAY_SECONDS = 0.03  # how long it then waits for more changes (MkDocs: 0.1 s): a look reports a save's changes within milliseconds
DIRTY_NOTICE = "A 'dirty' build is being performed"
ONE_LINE_LOGGERS = (
    "mkdocs.structure.pages",
)  # MkDocs's warnings about a page's links and anchors: one line each, so a line break in one is the page's, shown escaped

_state: dict = {}  # this build's corpus, comparison and pages; reset by on_config
_session: dict = {}  # kept across the rebuilds of `mkdocs serve`: whether builds are incremental, what the last one saw
_files_read: dict = {}  # parsed förbund files by content hash, kept across `mkdocs serve` rebuilds
_generator = pages.Generator()  # generated pages' parts, kept across incremental rebuilds


class GeneratedFile(File):
    """A generated page or data file; an incremental build writes it again only if its content changed."""

    changed = True
    later: pages.Later | None = None  # made aside, on the other core, rather than written by MkDocs
    deferred = False  # a preview's data file: written after the pages, in the background

    def is_modified(self) -> bool:
        """Return whether the file must be written again."""
        return self.changed

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file, unless it is being made aside or written after the pages."""
        if self.later is None and not self.deferred:
            super().copy_file(dirty)


_templates = theme.TemplateCache()  # compiled templates, kept across `mkdocs serve` rebuilds


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this process builds once or serves, and incrementally (`--dirty`); silence MkDocs's notice that such builds may be stale."""
    _session.clear()
    _session.update(incremental=dirty, once=command != "serve")
    _printable_logs()
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_notice)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Look for saved files every 0.2 s rather than every 0.5 s, and rebuild as soon as they are seen, so that the preview follows a save sooner."""
    watched = [path for path in (config.docs_dir, config.config_file_path) if path]
    for path in watched:
        server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=POLL_SECONDS)
    for path in watched:
        server.watch(path)
    server.build_delay = BUILD_DELAY_SECONDS
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build (mkdocs serve keeps this module loaded) and stop what it left running; judge the content folder before MkDocs walks it."""
    _state.clear()
    if not _once():
        _pause_background(config)
    _state.update(nav=copy.deepcopy(config.nav), built=set(), layout=_layout_problems(config))
    logging.getLogger("mkdocs.structure.files").addFilter(_without_collision_notice)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check every förbund file, stop on any error, then add the generated pages and data."""
    root = os.path.dirname(config.config_file_path or config.docs_dir)
    shown = _shown(config)
    kept = (
        None if _once() else _session.setdefault("kept", {})
    )  # a preview reads only the files saved since
    sources, unreadable = read_sources(
        ((f.src_uri, f.abs_src_path, shown(f.src_uri)) for f in files if f.abs_src_path), kept
    )
    corpus = (
        load(sources, workers=free_cores()) if _once() else load(sources, _files_read)
    )  # a one-off build has no threads yet: it may fork readers
    generator = _generator if _session.get("incremental") else pages.OneBuild
    comparison = generator.compare(corpus)
    _report(
        _state["layout"] + unreadable + corpus.problems
    )  # a file at a generated page's address is in the layout's (layout.RESERVED_FOLDERS)
    written = [
        (f.src_uri, f.abs_src_path) for f in files if f.abs_src_path
    ]  # the content folder's files, before the generated are added
    generated = [
        GeneratedFile.generated(config, uri, content="")
        for uri in addresses.generated_uris(comparison.years)
    ]
    for file in generated:
        files.append(file)
    content = generator.content(
        corpus,
        comparison,
        lambda uri: _linker(files, uri),
        lambda uri: _url(files, config, uri),
        root=root,
    )
    site_pages = [(uri, path, shown(uri)) for uri, path in written if layout.is_site_page(uri)]
    _report(
        links.content_problems(
            corpus,
            lambda: comparison,
            sources,
            site_pages,
            (uri for uri, _ in written),
            lambda: content,
        )
    )
    for file in generated:
        _set_content(file, content[file.src_uri])
    config.nav = [
        _expanded(entry, pages.nav_sections(corpus, comparison)) for entry in _state["nav"] or []
    ]
    _state.update(corpus=corpus, comparison=comparison, blocks={})
    _prepare_writing(files, generated, sources, content, config)
    _plan_background(files, generated, config)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Let the pages outside the navigation share its rendering (overrides/partials/nav.html)."""
    _state["nav_cache"] = theme.NavCache(page.url for page in nav.pages)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Have the search index written while the pages are (every page's content is known now); reuse compiled templates; give the overrides their caches, and Material's own templates as material/…."""
    if "index" in _state:
        _state["index"].write()
    env.bytecode_cache = _templates
    env.globals.update(nav_cache=_state["nav_cache"], header_cache=theme.PartialCache())
    theme_dirs = [folder for folder in config.theme.dirs if folder != config.theme.custom_dir]
    env.loader = jinja2.ChoiceLoader(
        [env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(theme_dirs)})]
    )
    return env


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Give MkDocs a förbund page's text without its front-matter, already read and checked."""
    item = _state["corpus"].page(page.file.src_uri)
    return None if item is None else item.body


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render a förbund page from its checked data; set the site's HTML blocks aside from Markdown."""
    corpus = _state["corpus"]
    item = corpus.page(page.file.src_uri)
    if item is None:
        page.meta = render.escaped_page_meta(page.meta)
    else:
        meta, markdown = pages.page(
            item,
            corpus,
            _state["comparison"],
            _linker(files, page.file.src_uri),
            config.repo_url,
            page.canonical_url or page.url,
        )
        page.meta = meta.as_dict()
    markdown, _state["blocks"][page.file.src_uri] = render.stash(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the site's HTML blocks back into the page; hand its article to the search index (a preview keeps it for the index it makes after the build)."""
    html = render.unstash(html, _state["blocks"].pop(page.file.src_uri, []))
    marks = (
        page.meta if _state["corpus"].page(page.file.src_uri) is not None else {}
    )  # only a plan's förbund and year, escaped by finsam
    article = search.document(
        html,
        page.title or config.site_name,
        config.theme["language"],
        marks.get("forbund", ""),
        marks.get("year", ""),
    )
    if "index" in _state:
        _state["index"].add(page.url, article)
    else:
        _session.setdefault("articles", {})[page.file.src_uri] = (page.url, article)
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Note that the page was built (an incremental build reports how many)."""
    _state["built"].add(page.url)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the search index and the files made aside (a preview indexes its pages again and waits for neither); after an incremental build: remove deleted pages, remember what was seen."""
    if "seen" in _state:
        for path in _session.get("outputs", set()) - _state["outputs"]:
            if os.path.isfile(path):
                os.remove(path)
    if _once():
        aside.wait()
        with _search_or_stop():
            _state.pop("index").wait()
    else:
        aside.defer(
            functools.partial(
                _after_preview, config.site_dir, _state["deferred"], _state["later"], _articles()
            )
        )
        _collect_later()
    if "seen" not in _state:
        return
    log.info(f"Förhandsvisningen byggde om {len(_state['built'])} av {len(_state['urls'])} sidor.")
    _session.update(seen=_state["seen"], outputs=_state["outputs"])


def on_shutdown() -> None:
    """Stop the indexer and the files being made aside when `mkdocs serve` ends."""
    aside.stop()
    search.stop()


def on_build_error(error: Exception) -> None:
    """Stop the search indexer and the files made aside of a build that failed."""
    if "index" in _state:
        _state.pop("index").stop()
    if _once():
        aside.stop()  # a preview keeps what it makes in the background: its next build goes on from there
    gc.enable()


def _plan_background(files: Files, generated: list[GeneratedFile], config: MkDocsConfig) -> None:
    """Note what is made beside the pages: the heavy files, a preview's data files, the search index; a one-off build starts them now, on the other core."""
    unmade = _session.setdefault(
        "unmade", set()
    )  # files a preview stopped making: stale then, due now
    _state["later"] = [
        (f.abs_dest_path, f.later.make, f.later.inputs)
        for f in generated
        if f.later is not None and (f.changed or f.abs_dest_path in unmade)
    ]
    unmade.difference_update(path for path, _, _ in _state["later"])
    _state["deferred"] = (
        []
        if _once()
        else [
            f for f in generated if f.changed and f.later is None and not f.is_documentation_page()
        ]
    )
    for file in _state["deferred"]:
        file.deferred = True  # a preview's data files (megabytes at national scale) are not what its editor looks at first
    _state["pages"] = [file.src_uri for file in files.documentation_pages()]
    if _once():
        for job in _state["later"]:
            aside.start(*job)
        with _search_or_stop():
            _state["index"] = search.Index(config.site_dir)


def _after_preview(
    site: str, deferred: list[GeneratedFile], later: list[tuple], articles: list[tuple[str, str]]
) -> None:
    """After a preview's pages are written, in the background: write its data files, make the heavy ones that changed, and the search index."""
    for file in deferred:
        aside.write(file.abs_dest_path, file.content_bytes)
    for job in later:
        aside.start(*job)
    search.refresh(site, articles, log.warning)


def _once() -> bool:
    """Return whether this process builds once (`mkdocs build`, and any build not started by MkDocs's command line), not a preview."""
    return _session.get("once", True)


@contextlib.contextmanager
def _search_or_stop() -> Iterator[None]:
    """Stop the build with a Swedish message if the search index cannot be started or made."""
    try:
        yield
    except (search.IndexingFailed, OSError) as error:
        raise PluginError(f"Sökindexet kunde inte skapas: {error}") from error


def _articles() -> list[tuple[str, str]]:
    """Return the preview's pages for the search index, in the build's order: the pages rebuilt now, the others as last built."""
    kept = _session.setdefault("articles", {})
    for uri in set(kept) - set(_state["pages"]):
        del kept[uri]  # a deleted page
    return [kept[uri] for uri in _state["pages"] if uri in kept]


def _set_content(file: GeneratedFile, value: str | bytes | pages.Later) -> None:
    """Give a generated file its content: text for pages and text files, bytes, or how to make it aside (the workbook)."""
    if isinstance(value, pages.Later):
        file.later, file.content_bytes = value, b""
    elif isinstance(value, bytes):
        file.content_bytes = value
    else:
        file.content_string = value


def _prepare_writing(
    files: Files,
    generated: list[GeneratedFile],
    sources: list,
    content: dict[str, str],
    config: MkDocsConfig,
) -> None:
    """Before the pages are built: mark what an incremental build must write, or create the folders of a full one."""
    if _session.get("incremental"):
        _mark_changed(
            files, generated, preview.seen(sources, config.nav, _settings(config), content)
        )
    else:
        _create_folders(file.abs_dest_path for file in files.documentation_pages())
    if _once():
        gc.freeze()  # what is read now lives until the process ends: spare the collector walking it again and again


def _mark_changed(files: Files, generated: list[GeneratedFile], current: preview.Seen) -> None:
    """Mark for an incremental build every page and file the change touched: all of them if the navigation changed."""
    previous = _session.get("seen")
    everything = preview.everything_changed(previous, current)
    stale = set() if everything else preview.stale_pages(previous, current)
    changed = set() if everything else preview.changed_generated(previous, current)
    documents = files.documentation_pages()
    for file in documents:
        if not isinstance(file, GeneratedFile) and (everything or file.src_uri in stale):
            file.content_bytes = (
                file.content_bytes
            )  # held in memory, so MkDocs builds the page again
    for file in generated:
        file.changed = everything or file.src_uri in changed
    _state.update(
        seen=current,
        urls={_page_url(f.url) for f in documents},
        outputs={f.abs_dest_path for f in [*documents, *generated]},
    )


def _pause_background(config: MkDocsConfig) -> None:
    """Before a preview's rebuild: stop the search index and files the last build left making (stale now, and the rebuild goes first); pause the collector."""
    gc.disable()  # the rebuild's garbage is collected after it, while the editor looks at the preview (_collect_later)
    aside.settle()
    _session.setdefault("unmade", set()).update(aside.stop())
    search.stop(config.site_dir)


def _collect_later() -> None:
    """Let the collector run again after a preview's build; after the first, spare it walking what the preview keeps (parsed files, page parts) ever again."""
    if not _session.get("frozen"):
        gc.collect()
        gc.freeze()  # still freed when no longer referenced; only cycles among them would stay, once
        _session["frozen"] = True
    gc.enable()


def _create_folders(paths: Iterable[str]) -> None:
    """Create the pages' output folders in the background while the pages render (on some disks a tenth of the build)."""
    folders = sorted({os.path.dirname(path) for path in paths})

    def create() -> None:
        try:
            for folder in folders:
                os.makedirs(folder, exist_ok=True)
        except OSError:
            pass  # MkDocs creates the folder itself when it writes the page, and reports what fails

    threading.Thread(target=create, name="finsam-folders", daemon=True).start()


def _page_url(location: str) -> str:
    """Return the page part of a URL ("./" and "" both mean the start page)."""
    url = location.split("#", 1)[0]
    return "" if url == "./" else url


def _settings(config: MkDocsConfig) -> bytes:
    """Return what, besides the content, every page depends on: the configuration file and the site's address."""
    with open(config.config_file_path, "rb") as handle:
        return handle.read() + (config.site_url or "").encode()


def _shown(config: MkDocsConfig) -> Callable[[str], str]:
    """Return how messages show a file of the content folder, given its path there: from the folder with mkdocs.yml."""
    root = os.path.dirname(config.config_file_path or config.docs_dir)
    folder = os.path.relpath(config.docs_dir, root)
    prefix = () if folder == os.curdir else (folder,)
    return lambda uri: os.path.join(*prefix, *uri.split("/"))


def _layout_problems(config: MkDocsConfig) -> list:
    """Return the problems of the content folder's files; stop at once on a link MkDocs would follow or a file it could not read."""
    found, safe = layout.judged(
        layout.walk(config.docs_dir), _shown(config), config.use_directory_urls
    )
    if not safe:
        _report(found)
    return found


def _without_collision_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs's English notice that it leaves out a file sharing another's address: the hooks report it as an error, in Swedish."""
    return not str(record.msg).startswith("Excluding '")


def _without_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs's warning that a dirty build may be stale: these hooks rebuild every page a change touches."""
    return not str(record.msg).startswith(DIRTY_NOTICE)


def _printable_logs() -> None:
    """Have every line the build logs printed printable (PLAN-FORMAT.md, "Values are text"): ours, and MkDocs's own that quote file names and links.

    A filter on the handlers that print MkDocs's log (and on Python's last resort, which prints
    any other library's warnings), not on a logger: a logger's filter sees only what is logged
    on it, a handler's everything that reaches it. Added once: `mkdocs serve` starts again.
    """
    logger: logging.Logger | None = logging.getLogger("mkdocs")
    handlers = [logging.lastResort]
    while logger is not None:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    for handler in handlers:
        if handler is not None and not any(
            getattr(f, "finsam_printable", False) for f in handler.filters
        ):
            handler.addFilter(_printable_record)
    if not getattr(sys.excepthook, "finsam_printable", False):
        sys.excepthook = _printable_traceback  # a traceback that ends the build may quote the content too (a template's name, a value)
    if not getattr(threading.excepthook, "finsam_printable", False):
        threading.excepthook = _printable_thread_traceback


def _printable_traceback(
    kind: type[BaseException], error: BaseException | None, trace: object, head: str = ""
) -> None:
    """Print a traceback as Python does, every line printable (finsam.problems.printable_lines)."""
    sys.stderr.write(
        printable_lines(head + "".join(traceback.format_exception(kind, error, trace)))
    )


def _printable_thread_traceback(args: threading.ExceptHookArgs) -> None:
    """Print the traceback of a thread that failed as Python does (nothing for SystemExit), every line printable."""
    if args.exc_type is not SystemExit:
        _printable_traceback(
            args.exc_type,
            args.exc_value,
            args.exc_traceback,
            f"Exception in thread {args.thread.name if args.thread else '?'}:\n",
        )


_printable_traceback.finsam_printable = _printable_thread_traceback.finsam_printable = True  # type: ignore[attr-defined]


def _printable_record(record: logging.LogRecord) -> bool:
    """Make a log record's message, and any traceback it carries, printable (finsam.problems.printable_lines); keep the record."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a message that cannot be formatted: the handler reports it as it always does
        return True
    shown = (printable if record.name in ONE_LINE_LOGGERS else printable_lines)(message)
    if shown != message:
        record.msg, record.args = shown, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = printable_lines(record.exc_text)
    if record.stack_info:
        record.stack_info = printable_lines(record.stack_info)
    return True


_printable_record.finsam_printable = True  # type: ignore[attr-defined]


def _report(problems: list) -> None:
    """Log warnings; log errors and stop the build if there are any."""
    for problem in warnings(problems):
        log.warning(problem.message())
    found = errors(problems)
    if found:
        for problem in found:
            log.error(problem.message())
        raise PluginError(summary(len(found)))


def _expanded(entry: object, sections: dict[str, list]) -> object:
    """Return a nav entry, with a generated section's children in place of its index page."""
    if isinstance(entry, dict):
        return {
            title: sections.get(target, target) if isinstance(target, str) else target
            for title, target in entry.items()
        }
    return entry


def _url(files: Files, config: MkDocsConfig, uri: str) -> str:
    """Return the public URL of a page: absolute where site_url is set, else from the site's root."""
    file = files.get_file_from_path(uri)
    base = (config.site_url or "").rstrip("/")
    return f"{base}/{file.url}" if base else file.url


def _linker(files: Files, from_uri: str) -> Link:
    """Return a function giving the relative link from one page to another, by their paths."""

    origin = files.get_file_from_path(from_uri)
    targets = files.src_uris

    def link(uri: str) -> str:
        target = targets.get(uri)
        return target.url_relative_to(origin) if target and origin else "#"

    return link
