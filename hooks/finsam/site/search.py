"""Index the site for search with Pagefind, fed page by page while the site builds.

Pagefind (its binary, from the pinned PyPI package pagefind_bin) writes a search index cut into
small fragments into the site's `pagefind/` folder: a reader's browser loads only the few
fragments a search needs, and nothing until the reader searches
(overrides/assets/javascripts/search.js).

An `Index` runs the binary as a service (`pagefind --service`, the protocol of Pagefind's own
Python API: base64-encoded JSON messages, each ended by a comma) in a separate process, at a lower
priority than the build. Each page is handed to it as soon as its content is rendered, as the
`document` the theme would print in the page's article: Pagefind indexes it on the machine's other
core while MkDocs renders the templates, and writes the index while the pages are written. Words
are stemmed as Swedish (the document's `lang`); the permalink signs, charts, column headings and
number cells are left out; the förbund and year become the result's metadata.

The index is written into a folder beside `pagefind/` and put in its place whole, so that a
reader sees one index or the other, never half of one. A one-off build waits for it; a preview
does not (`refresh`): the index follows a moment after the pages, and a newer rebuild stops an
older indexer, whose index would be stale.
"""

from __future__ import annotations

import base64
import html
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable

from .. import aside

FOLDER = "pagefind"
ROOT_SELECTOR = "article"
EXCLUDED = (".headerlink", "svg", "thead", ".finsam-num")
ENDS = b","  # the end of a message, both ways
MESSAGE_LIMIT = 4000  # characters of Pagefind's output kept for an error message


class IndexingFailed(Exception):
    """The indexer failed: what Pagefind said, or how it ended."""


def executable() -> str:
    """Return the path of the Pagefind binary (PAGEFIND_BINARY_PATH, else the pinned pagefind_bin)."""
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
# as the full-width ＆ (a separator between words, as & is), and search.js shows it as & again.
AMPERSAND = "\uff06"
_AMPERSAND_ENTITY = re.compile("&(?:amp|#0*38|#x0*26);", re.IGNORECASE)


def document(content: str, title: str, language: str, forbund: str = "", year: str = "") -> str:
    """Return what the index reads of a page: its article as Material prints it (a title heading unless the content has one), with its förbund and year.

    title, forbund and year are HTML already, escaped as the theme prints them (render.escaped_meta).
    Every & in the text is read as AMPERSAND (the förbund and year are given back exactly, as they are).
    """
    marks = "".join(
        f'<span data-pagefind-meta="{name}[data-value]" data-value="{value}"></span>'
        for name, value in (("forbund", forbund), ("year", year))
        if value
    )
    heading = (
        "" if "<h1" in content else f"<h1>{title}</h1>"
    )  # as Material's partials/content.html decides
    text = _AMPERSAND_ENTITY.sub(AMPERSAND, heading + content)
    return f'<!doctype html><html lang="{html.escape(language)}"><body><{ROOT_SELECTOR}>{marks}{text}</{ROOT_SELECTOR}></body></html>'


def address(url: str) -> str:
    """Return a page's address in the index: from the site's root, without a trailing index.html (as Pagefind gives it)."""
    path = "/" + url.lstrip("/")
    return (
        path[: -len("index.html")]
        if path.endswith("/index.html") or path == "/index.html"
        else path
    )


class Index:
    """A search index being made by a Pagefind service from documents, to be put in the site's `pagefind/` folder."""

    def __init__(self, site: str) -> None:
        """Start the service (at a lower priority: the build goes first) and create an empty index."""
        self.site = site
        self.failure: str | None = None
        self.stopped = False
        self._output = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            aside.lowered([executable(), "--service"]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._output,
        )
        self._sent = 0
        self._answers: dict[int, dict] = {}
        self._answered = threading.Condition()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._written = threading.Event()
        self._threads = [
            threading.Thread(target=self._read, name="finsam-search-read", daemon=True),
            threading.Thread(target=self._send, name="finsam-search-send", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        shutil.rmtree(_part(site), ignore_errors=True)
        self._outbox.put(("NewIndex", {"config": settings()}))

    def add(self, url: str, text: str) -> None:
        """Hand the indexer a page's document; it is indexed on the other core while the build goes on."""
        self._outbox.put(
            ("AddFile", {"url": address(url), "file_contents": text, "file_path": None})
        )

    def write(self) -> None:
        """Have the index written beside the site's, once every page handed over is indexed; do not wait."""
        self._outbox.put(("WriteFiles", {"output_path": os.path.abspath(_part(self.site))}))

    def wait(self) -> None:
        """Wait until the index is written and put in place; raise IndexingFailed if it could not be made."""
        self._written.wait()
        self._close()
        if self.failure is None:
            _replace(_part(self.site), os.path.join(self.site, FOLDER))
        else:
            shutil.rmtree(_part(self.site), ignore_errors=True)
            raise IndexingFailed(self.failure)

    def stop(self) -> None:
        """Stop indexing: the pages changed since it started."""
        self.stopped = True
        self._fail("Indexeringen stoppades: sidorna ändrades.")
        self._close()
        shutil.rmtree(_part(self.site), ignore_errors=True)

    def _send(self) -> None:
        """Send the queued messages in order; the index is written only when every page has been answered."""
        index_id = None
        try:
            while True:
                kind, payload = self._outbox.get()
                if kind is None:
                    return
                if kind == "WriteFiles":
                    self._until_answered(self._sent)  # every page indexed
                sent = self._message(
                    kind, payload if index_id is None else {**payload, "index_id": index_id}
                )
                if kind == "NewIndex":
                    index_id = self._until_answered(sent)[sent].get("index_id")
                elif kind == "WriteFiles":
                    self._until_answered(sent)
                    self._written.set()
        except BrokenPipeError:
            return  # the service has ended: the reader reports how, with what it printed
        except (OSError, ValueError) as error:
            self._fail(f"Pagefind tog inte emot sidorna: {error}")

    def _message(self, kind: str, payload: dict) -> int:
        """Send one message; return its number."""
        self._sent += 1
        body = json.dumps({"message_id": self._sent, "payload": {"type": kind, **payload}}).encode(
            "utf-8"
        )
        self._process.stdin.write(base64.b64encode(body) + ENDS)
        self._process.stdin.flush()
        return self._sent

    def _until_answered(self, count: int) -> dict[int, dict]:
        """Wait until the first count messages are answered (each has one answer, in any order); return the answers; fail on an error."""
        with self._answered:
            self._answered.wait_for(lambda: len(self._answers) >= count or self.failure is not None)
        if self.failure is not None:
            raise ValueError(self.failure)
        return self._answers

    def _read(self) -> None:
        """Read the service's answers until it ends; note the first error."""
        pending = b""
        stream = self._process.stdout
        try:
            while chunk := os.read(stream.fileno(), 1 << 16):
                *messages, pending = (pending + chunk).split(ENDS)
                for message in messages:
                    self._answer(json.loads(base64.b64decode(message)))
        except Exception as error:  # noqa: BLE001 - whatever it was, the build must hear of it rather than wait for ever
            self._fail(f"Pagefind svarade med något oväntat: {error!r}"[:MESSAGE_LIMIT])
        self._fail(self._ended())

    def _answer(self, message: dict) -> None:
        """Keep an answer (only its type and index number); an error fails the index."""
        payload = message.get("payload") or {}
        if payload.get("type") == "Error":
            self._fail(f"Pagefind svarade med ett fel: {payload.get('message', '')}")
            return
        with self._answered:
            self._answers[message.get("message_id")] = {
                "type": payload.get("type"),
                "index_id": payload.get("index_id"),
            }
            self._answered.notify_all()

    def _fail(self, reason: str) -> None:
        """Note why the index cannot be made (the first reason only) and wake whoever waits."""
        with self._answered:
            if self.failure is None and not self._written.is_set():
                self.failure = reason
            self._answered.notify_all()
        self._written.set()

    def _ended(self) -> str:
        """Return how the service ended, with what it printed."""
        code = self._process.wait()
        self._output.seek(0)
        printed = self._output.read().decode("utf-8", "replace")[-MESSAGE_LIMIT:]
        return f"Pagefind avslutades med kod {code}:\n{printed}".rstrip()

    def _close(self) -> None:
        """End the service and its threads."""
        self._outbox.put((None, None))
        if self._process.poll() is None:
            self._process.kill()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join()
        self._process.wait()
        self._output.close()


_refreshing: dict[
    str, tuple[Index, threading.Thread]
] = {}  # a preview's indexer by site folder; kept across rebuilds


def refresh(site: str, documents: Iterable[tuple[str, str]], failed: Callable[[str], None]) -> None:
    """Index a preview's pages again in the background (stopping an older indexer of site); call failed with the reason if it fails."""
    stop(site)
    pages = list(documents)
    index = Index(site)

    def make() -> None:
        for url, text in pages:
            index.add(url, text)
        index.write()
        try:
            index.wait()
        except (IndexingFailed, OSError) as error:
            if not index.stopped:
                failed(str(error))

    thread = threading.Thread(target=make, name="finsam-search-refresh", daemon=True)
    _refreshing[site] = (index, thread)
    thread.start()


def wait(site: str) -> None:
    """Wait for a preview's index of site to be in place."""
    running = _refreshing.pop(site, None)
    if running is not None:
        running[1].join()


def stop(site: str | None = None) -> None:
    """Stop a preview's indexer of site (or all of them): the pages changed since it started."""
    for key in [key for key in _refreshing if site is None or key == site]:
        index, thread = _refreshing.pop(key)
        index.stop()
        thread.join()


def _replace(new: str, old: str) -> None:
    """Put the folder new in the place of old, so that a reader sees one index or the other, never half of one."""
    previous = f"{old}.old"
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.isdir(old):
        os.replace(old, previous)
    os.replace(new, old)
    shutil.rmtree(previous, ignore_errors=True)


def _part(site: str) -> str:
    return os.path.join(site, f"{FOLDER}.part")
