"""Index the site for search with Pagefind, fed page by page while the site builds.

Pagefind (its binary, from the pinned PyPI package pagefind_bin) writes a search index cut into
small fragments into the site's `pagefind/` folder: a reader's browser loads only the few
fragments a search needs, and nothing until the reader searches
(overrides/assets/javascripts/search.js).

An `Index` is a job (finsam.background) that runs the binary as a service (`pagefind --service`)
in a separate process, at a lower priority than the build. Each page is handed to it as soon as
its content is rendered, as the `document` the theme would print in the page's article: Pagefind
indexes it on the machine's other core while MkDocs renders the templates, and writes the index
while the pages are written. Words are stemmed as Swedish (the document's `lang`); the permalink
signs, charts, column headings, number cells and the insatser pages' tables (each insats is found
on its plan's page) are left out; the förbund and year become the result's metadata. The pages
for editors carry a filter that a reader's search leaves out unless asked, and say what they are.

The index is written into a folder beside `pagefind/` and put in its place whole, so that a
reader sees one index or the other, never half of one. A one-off build waits for it; a preview
does not: the index follows a moment after the pages, and a newer rebuild cancels an older
indexer, whose index would be stale.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import posixpath
import queue
import re
import shutil
import subprocess
import tempfile

from .. import background
from ..background import Cancel, Cancelled, replace_folder
from .addresses import ERRORS

FOLDER = "pagefind"
ROOT_SELECTOR = "article"
EXCLUDED = (".headerlink", "svg", "thead", ".finsam-num", ".finsam-insatser")
ENDS = b","  # the end of a message, both ways
BATCH = (
    64  # pages sent at once: their answers fit the pipe back, so neither side waits on a full one
)
ENDING_SECONDS = 5  # how long a service whose input or output has ended may take to end
MESSAGE_LIMIT = 4000  # characters of Pagefind's output kept for an error message


class IndexingFailed(Exception):  # noqa: N818 - named for what happened
    """The indexer failed: what Pagefind said, or how it ended."""


def executable() -> str:
    """Return the path of Pagefind's binary (PAGEFIND_BINARY_PATH, else the pinned pagefind_bin)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise FileNotFoundError(
            "Pagefind saknas: installera paketen i requirements.txt (pagefind_bin)."
        )
    return str(found)


def settings() -> dict[str, object]:
    """Return the index's settings: what of a page is indexed, and what is left out."""
    return {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED)}


# Pagefind gives back a page's text with < and > escaped but & as it is, so that an excerpt of the
# text "&lt;b&gt;" cannot be told from one of "<b>". The index therefore reads every & of the text
# as the full-width U+FF06 (a separator between words, as & is), and search.js shows it as &.
AMPERSAND = "\uff06"
_AMPERSAND_ENTITY = re.compile("&(?:amp|#0*38|#x0*26);", re.IGNORECASE)


# The pages for editors (the navigation's section För redaktörer, by path): a reader's search
# leaves them out unless asked (search.js). They carry the filter AUDIENCE with the value EDITORS,
# and the metadata KIND that a result shows to say what the page is.
EDITORS_PAGES = ("uppdatera.md", "redaktorer.md", ERRORS)
AUDIENCE = "publik"
EDITORS = "redaktorer"
KIND = "sort"
EDITORS_KIND = "För redaktörer"


def document(
    content: str, title: str, language: str, forbund: str = "", year: str = "", uri: str = ""
) -> str:
    """Return what the index reads of a page: its article as Material prints it, förbund, year.

    The article has a title heading unless the content has one. title, forbund and year are HTML
    already, escaped as the theme prints them (meta.escaped_meta). Every & in the text is read
    as AMPERSAND (the förbund and year are given back exactly, as they are). A page for editors
    (uri in EDITORS_PAGES) is marked as such, as a filter and as the kind of page.
    """
    editors = uri in EDITORS_PAGES
    values = (("forbund", forbund), ("year", year), (KIND, EDITORS_KIND if editors else ""))
    marks = "".join(
        f'<span data-pagefind-meta="{name}[data-value]" data-value="{value}"></span>'
        for name, value in values
        if value
    )
    if editors:
        marks += (
            f'<span data-pagefind-filter="{AUDIENCE}[data-value]" data-value="{EDITORS}"></span>'
        )
    heading = (
        "" if "<h1" in content else f"<h1>{title}</h1>"
    )  # as Material's partials/content.html decides
    text = _AMPERSAND_ENTITY.sub(AMPERSAND, heading + content)
    article = f"<{ROOT_SELECTOR}>{marks}{text}</{ROOT_SELECTOR}>"
    return f'<!doctype html><html lang="{html.escape(language)}"><body>{article}</body></html>'


def address(url: str) -> str:
    """Return a page's address in the index, as Pagefind gives it: from the root, no index.html."""
    path = "/" + url.lstrip("/")
    return (
        path[: -len("index.html")]
        if path.endswith("/index.html") or path == "/index.html"
        else path
    )


class Index:
    """A search index for the site's `pagefind/` folder, made by a Pagefind service as a job.

    Run it with `Jobs.start` (finsam.background): it starts the service, then indexes each page
    handed over with `add` as soon as it comes, on the other core while MkDocs renders, until
    `write`; it then has the index written beside the site's and put in its place whole. It fails
    with IndexingFailed; cancelled, it leaves nothing behind.
    """

    def __init__(self, site: str) -> None:
        """Create an empty index for the site folder."""
        self.site = site
        self._pages: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()

    def add(self, url: str, text: str) -> None:
        """Hand the indexer a page's document."""
        self._pages.put((url, text))

    def write(self) -> None:
        """Have the index written once every page handed over is indexed; do not wait."""
        self._pages.put(None)

    def __call__(self, cancel: Cancel) -> None:
        """Index the pages as they come, then write the index and put it in place."""
        part = _part(self.site)
        shutil.rmtree(part, ignore_errors=True)
        cancel.on_cancel(self.write)  # wakes the loop below
        try:
            with _Service(cancel) as service:
                index_id = service.ask([("NewIndex", {"config": settings()})])[0].get("index_id")
                while (batch := self._batch()) is not None and not cancel.is_set():
                    service.ask(
                        [
                            (
                                "AddFile",
                                {
                                    "url": address(url),
                                    "file_contents": text,
                                    "file_path": None,
                                    "index_id": index_id,
                                },
                            )
                            for url, text in batch
                        ]
                    )
                if cancel.is_set():
                    raise Cancelled(FOLDER)
                files = service.ask([("GetFiles", {"index_id": index_id})])[0].get("files") or []
            _write_files(part, files)
            replace_folder(part, os.path.join(self.site, FOLDER))
        finally:
            shutil.rmtree(part, ignore_errors=True)

    def _batch(self) -> list[tuple[str, str]] | None:
        """Return the pages handed over since the last batch (at least one; None: no more).

        Sent together, each batch costs this thread the build's lock twice, not twice per page:
        one page at a time, the thread waited for the lock 5 ms at a time while MkDocs rendered.
        """
        batch = [self._pages.get()]
        while len(batch) < BATCH and not self._pages.empty():
            batch.append(self._pages.get())
        pages = [page for page in batch if page is not None]
        if len(pages) < len(batch):
            self._pages.put(None)  # the end, after these pages
        return pages or None


class _Service:
    """Pagefind's service in a process of its own (the protocol of Pagefind's own Python API).

    Messages are base64-encoded JSON, each ended by a comma, both ways; each is answered once.
    Messages go in batches: the service indexes them while the build renders the next pages.
    """

    def __init__(self, cancel: Cancel) -> None:
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__
        try:
            self._process = subprocess.Popen(
                background.lowered([executable(), "--service"]),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._output,
            )
        except OSError as error:
            self._output.close()
            raise IndexingFailed(f"Pagefind kunde inte startas: {error}") from error
        cancel.on_cancel(self._process.kill)
        self._sent = 0
        self._pending = b""

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """End the service: let it finish writing and end as its input does, or kill it."""
        if kind is None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()  # the service ends when its input ends
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=ENDING_SECONDS)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout, self._output):
            with contextlib.suppress(OSError):
                stream.close()

    def ask(self, messages: list[tuple[str, dict]]) -> list[dict]:
        """Send messages and return their answers' payloads; raise IndexingFailed on an error."""
        first = self._sent + 1
        self._sent += len(messages)
        encoded = (
            base64.b64encode(
                json.dumps({"message_id": number, "payload": {"type": kind, **payload}}).encode(
                    "utf-8"
                )
            )
            + ENDS
            for number, (kind, payload) in enumerate(messages, start=first)
        )
        answers: dict[int, dict] = {}
        try:
            self._process.stdin.write(b"".join(encoded))
            self._process.stdin.flush()
            while len(answers) < len(messages):
                answer = self._answer()
                if answer is None:
                    raise IndexingFailed(self._ended())
                payload = answer.get("payload") or {}
                if payload.get("type") == "Error":
                    raise IndexingFailed(
                        f"Pagefind svarade med ett fel: {payload.get('message', '')}"
                    )
                if first <= (number := answer.get("message_id") or 0) <= self._sent:
                    answers[number] = payload
        except (OSError, ValueError) as error:
            raise IndexingFailed(self._ended()) from error
        return [answers[number] for number in range(first, self._sent + 1)]

    def _answer(self) -> dict | None:
        """Return the service's next message; None if it ended."""
        stream, chunks = self._process.stdout, [self._pending]
        while ENDS not in chunks[-1]:  # one byte: never split between two chunks
            chunk = os.read(stream.fileno(), 1 << 20)
            if not chunk:
                return None
            chunks.append(chunk)
        message, self._pending = b"".join(chunks).split(ENDS, 1)
        try:
            answer = json.loads(base64.b64decode(message))
            return answer if isinstance(answer, dict) else {}
        except ValueError as error:
            raise IndexingFailed(
                f"Pagefind svarade med något oväntat: {error!r}"[:MESSAGE_LIMIT]
            ) from error

    def _ended(self) -> str:
        """Return how the service ended, with what it printed."""
        try:
            code = self._process.wait(timeout=ENDING_SECONDS)  # its output ends just before it
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        self._output.seek(0)
        printed = self._output.read().decode("utf-8", "replace")[-MESSAGE_LIMIT:]
        return f"Pagefind avslutades med kod {code}:\n{printed}".rstrip()


def _write_files(folder: str, files: list[dict]) -> None:
    """Write the index's files, as Pagefind gave them (base64), into folder.

    Pagefind's own WriteFiles can answer before its last files are written, even with its answer
    matched by number (an empty pagefind-modular-ui.css on the real site, 1 build in 4, while
    tests ran beside it): asking for the files and writing them here leaves none half written.
    """
    for file in files:
        path = posixpath.normpath(str(file.get("path", "")))
        if path.startswith(("/", "..")) or path == ".":
            raise IndexingFailed(f"Pagefind gav en fil utanför indexet: {path}")
        target = os.path.join(folder, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(base64.b64decode(file.get("content", "")))


def _part(site: str) -> str:
    return os.path.join(site, f"{FOLDER}.part")
