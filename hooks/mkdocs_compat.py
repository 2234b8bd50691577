"""What the glue needs of MkDocs 1.6.1 and Material 9: the engine's side, and its workarounds.

Written for MkDocs 1.6.1 (pinned in pyproject.toml). Each workaround says which behaviour of that
version it works around; when MkDocs changes, this is the file to read again, and the glue
(hooks/plans.py) and the package (finsam, which never imports MkDocs) stay as they are.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable

import jinja2
import watchdog.observers.polling
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

from finsam.problems import printable, printable_lines
from finsam.site.addresses import Link
from finsam.site.session import EngineFile
from finsam.site.validation import Folder

MKDOCS_VERSION = "1.6.1"
POLL_SECONDS = 0.2  # how often `mkdocs serve` looks for saved files (MkDocs's own: 0.5 s)
BUILD_DELAY_SECONDS = 0.03  # how long it then waits for more (MkDocs: 0.1 s); a look takes ms
DIRTY_NOTICE = "A 'dirty' build is being performed"
COLLISION_NOTICE = "Excluding '"
ONE_LINE_LOGGERS = ("mkdocs.structure.pages",)  # a page's link warnings: one line each


class GeneratedFile(File):
    """A generated page or data file: written again only if it changed, and only by MkDocs if so."""

    changed = True
    written = True  # False: written beside the pages (the workbook, a preview's data files)

    def is_modified(self) -> bool:
        """Return whether an incremental build must write the file again."""
        return self.changed

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file, unless it is written beside the pages."""
        if self.written:
            super().copy_file(dirty)


class Engine:
    """The build's files as MkDocs 1.6 has them (finsam.site.session.Engine)."""

    def __init__(self, files: Files, config: MkDocsConfig) -> None:
        self._files = files
        self._config = config
        self._generated: dict[str, GeneratedFile] = {}

    def add(self, uris: Iterable[str]) -> None:
        """Add generated pages and files, by path."""
        for uri in uris:
            file = GeneratedFile.generated(self._config, uri, content="")
            self._generated[uri] = file
            self._files.append(file)

    def link_from(self, origin: str) -> Link:
        """Return the function giving the relative link from a page to another, by path."""
        return linker(self._files, origin)

    def url_for(self, uri: str) -> str:
        """Return a page's public URL: absolute where site_url is set, else from the site's root."""
        file = self._files.get_file_from_path(uri)
        base = (self._config.site_url or "").rstrip("/")
        return f"{base}/{file.url}" if base else file.url

    def fill(self, uri: str, content: str | bytes, *, changed: bool, written: bool) -> None:
        """Give a generated file its content; whether it changed; whether MkDocs writes it."""
        file = self._generated[uri]
        if isinstance(content, bytes):
            file.content_bytes = content
        else:
            file.content_string = content
        file.changed, file.written = changed, written

    def rebuild(self, uri: str) -> None:
        """Have an incremental build make a page of content/ again.

        MkDocs 1.6 builds a page again in a dirty build only if its file is newer than its output,
        or its content is held in memory (File.content_bytes set): hold it.
        """
        file = self._files.get_file_from_path(uri)
        file.content_bytes = file.content_bytes

    def withhold_pages(self) -> None:
        """Have MkDocs build none of the pages (a preview shows the content's errors instead)."""
        for file in self._files.documentation_pages():
            self._files.remove(file)
        self._config.nav = []  # else MkDocs warns, in English, of each page the navigation names

    def files(self) -> list[EngineFile]:
        """Return the pages MkDocs builds, and the generated files last."""
        pages = self._files.documentation_pages()
        others = [f for f in self._generated.values() if not f.is_documentation_page()]
        return [
            EngineFile(f.src_uri, f.url, f.abs_dest_path, f.is_documentation_page())
            for f in [*pages, *others]
        ]


def linker(files: Files, origin_uri: str) -> Link:
    """Return a function giving the relative link from one page to another, by their paths."""
    origin = files.get_file_from_path(origin_uri)
    targets = files.src_uris

    def link(uri: str) -> str:
        target = targets.get(uri)
        return target.url_relative_to(origin) if target and origin else "#"

    return link


def folder(config: MkDocsConfig) -> Folder:
    """Return the project as MkDocs configured it."""
    root = os.path.dirname(config.config_file_path or config.docs_dir)
    return Folder(root, config.docs_dir, config.use_directory_urls, config.repo_url)


def settings(config: MkDocsConfig) -> bytes:
    """Return what every page depends on besides the content: mkdocs.yml, the site's address."""
    with open(config.config_file_path, "rb") as handle:
        return handle.read() + (config.site_url or "").encode()


def theme_environment(
    env: jinja2.Environment,
    config: MkDocsConfig,
    templates: jinja2.BytecodeCache,
    nav_cache: object,
) -> jinja2.Environment:
    """Return the theme's environment with compiled templates kept, the overrides' caches, and
    Material's own templates as material/… (for overrides that extend them)."""
    from finsam.site.theme import PartialCache

    env.bytecode_cache = templates
    env.globals.update(nav_cache=nav_cache, header_cache=PartialCache())
    theme_dirs = [folder for folder in config.theme.dirs if folder != config.theme.custom_dir]
    material = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(theme_dirs)})
    env.loader = jinja2.ChoiceLoader([env.loader, material])
    return env


def poll_saves(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Have `mkdocs serve` look for saved files every 0.2 s and rebuild as soon as it sees them.

    MkDocs 1.6's server watches with watchdog's native observer and waits 0.1 s after a change;
    swapping in a polling observer and a shorter delay makes the preview follow a save sooner.
    """
    watched = [path for path in (config.docs_dir, config.config_file_path) if path]
    for path in watched:
        server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=POLL_SECONDS)
    for path in watched:
        server.watch(path)
    server.build_delay = BUILD_DELAY_SECONDS
    return server


def show_problems(
    server: LiveReloadServer, problem_page: Callable[[], str | None]
) -> LiveReloadServer:
    """Have `mkdocs serve` show the problem page for every page while the content has errors.

    MkDocs 1.6's server stops at a build that fails, and keeps serving the pages of the last one
    that did not; its browsers reload only after a build that succeeds. The hooks let a preview's
    build with errors succeed without pages; this serves the problem page, with MkDocs's reload
    script, for every page asked for, until a build without errors.
    """
    serve = server._serve_request

    def serve_request(environ: dict, start_response: Callable) -> Iterable[bytes] | None:
        if not _is_page(environ.get("PATH_INFO", "")):
            return serve(environ, start_response)
        with server._epoch_cond:  # as MkDocs does: never serve a half-built site
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch = server._visible_epoch
        document = problem_page()
        if document is None:
            return serve(environ, start_response)
        content = server._inject_js_into_html(document.encode(), epoch)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(content))),
            ("Cache-Control", "no-store"),
        ]
        start_response("200 OK", headers)
        return [content]

    server._serve_request = serve_request
    return server


def _is_page(path: str) -> bool:
    """Return whether the server's path asks for a page (not a file, not the reload poll)."""
    name = path.rsplit("/", 1)[-1]
    return not path.startswith("/livereload/") and (name.endswith(".html") or "." not in name)


def walking_content(config: MkDocsConfig, safe: bool) -> MkDocsConfig:
    """Return the configuration, with an empty folder to walk if the content folder is unsafe.

    MkDocs 1.6 follows every link while it walks the content folder. A one-off build stops before
    it walks one that leads outside; a preview builds without pages and shows the problems.
    """
    if not safe:
        config.docs_dir = _empty_folder()
    return config


@functools.cache
def _empty_folder() -> str:
    """Return an empty folder, made once per process."""
    return tempfile.mkdtemp(prefix="finsam-tomt-")


def printable_logs(dirty: bool) -> None:
    """Have every line the command logs printed printable; drop the notice of a dirty build.

    MkDocs 1.6 warns that a dirty build may be stale: the hooks rebuild every page a change
    touches.
    """
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_notice)
    _printable_logs()


def without_collision_notice() -> None:
    """Drop MkDocs 1.6's English notice that it leaves out a file sharing another's address.

    The hooks report such a file as an error, in Swedish (finsam.format.layout).
    """
    logging.getLogger("mkdocs.structure.files").addFilter(_without_collision_notice)


def _without_collision_notice(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(COLLISION_NOTICE)


def _without_dirty_notice(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(DIRTY_NOTICE)


def _printable_logs() -> None:
    """Make every line the build logs printable (PLAN-FORMAT.md, "Values are text").

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
        filters = handler.filters if handler is not None else [_printable_record]
        if not any(getattr(f, "finsam_printable", False) for f in filters):
            handler.addFilter(_printable_record)
    if not getattr(sys.excepthook, "finsam_printable", False):
        sys.excepthook = _printable_traceback  # a traceback may quote the content too
    if not getattr(threading.excepthook, "finsam_printable", False):
        threading.excepthook = _printable_thread_traceback


def _printable_traceback(
    kind: type[BaseException], error: BaseException | None, trace: object, head: str = ""
) -> None:
    """Print a traceback as Python does, every line printable."""
    sys.stderr.write(
        printable_lines(head + "".join(traceback.format_exception(kind, error, trace)))
    )


def _printable_thread_traceback(args: threading.ExceptHookArgs) -> None:
    """Print the traceback of a thread that failed as Python does (nothing for SystemExit)."""
    if args.exc_type is not SystemExit:
        name = args.thread.name if args.thread else "?"
        head = f"Exception in thread {name}:\n"
        _printable_traceback(args.exc_type, args.exc_value, args.exc_traceback, head)


_printable_traceback.finsam_printable = True  # type: ignore[attr-defined]
_printable_thread_traceback.finsam_printable = True  # type: ignore[attr-defined]


# MkDocs 1.6.1's own lines while it builds and serves, in Swedish: the editor's terminal is all
# Swedish (the level names INFO, WARNING and ERROR stay: the page Felmeddelanden explains them).
# The server's lines begin with the time, "[12:34:56] ", kept as it is.
SWEDISH_LINES = tuple(
    (re.compile(english), swedish)
    for english, swedish in (
        (r"Building documentation\.\.\.", "Bygger webbplatsen …"),
        (r"Building documentation to directory: (.*)", r"Bygger webbplatsen i mappen \1"),
        (r"Cleaning site directory", "Tömmer mappen för den byggda webbplatsen"),
        (
            r"Documentation built in ([0-9]+)\.([0-9]+) seconds",
            r"Webbplatsen byggdes på \1,\2 sekunder",
        ),
        (r"(\[[0-9:]+\] )Watching paths for changes: (.*)", r"\1Bevakar ändringar i \2"),
        (
            r"(\[[0-9:]+\] )Serving on (\S+) and opening it in a browser",
            r"\1Webbplatsen visas på \2 (öppnas i webbläsaren)",
        ),
        (r"(\[[0-9:]+\] )Serving on (\S+)", r"\1Webbplatsen visas på \2"),
        (r"(\[[0-9:]+\] )Detected file changes", r"\1En eller flera filer har ändrats"),
        (r"(\[[0-9:]+\] )Reloading browsers", r"\1Sidan laddas om i webbläsaren"),
        (r"(\[[0-9:]+\] )Browser connected: (.*)", r"\1En webbläsare visar \2"),
        (r"Shutting down\.\.\.", "Stänger av …"),
        (
            r"An error happened during the rebuild\. The server will appear stuck until build "
            r"errors are resolved\.",
            "Något gick fel när webbplatsen byggdes om (se ovan). Förhandsvisningen visar de "
            "gamla sidorna tills en ändring har byggts utan fel.",
        ),
    )
)


def _swedish(message: str) -> str:
    """Return one of MkDocs's own known log lines in Swedish; any other as it is."""
    for english, swedish in SWEDISH_LINES:
        if english.fullmatch(message):
            return english.sub(swedish, message)
    return message


def _printable_record(record: logging.LogRecord) -> bool:
    """Make a log record's message Swedish where it is one of MkDocs's own known lines, and
    printable, with any traceback it carries; keep the record."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a message that cannot be formatted: the handler reports it
        return True
    shown = (printable if record.name in ONE_LINE_LOGGERS else printable_lines)(_swedish(message))
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
