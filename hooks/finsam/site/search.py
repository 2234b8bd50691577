"""Index the built site for search with Pagefind, in a process beside the build.

Pagefind (its binary, from the pinned PyPI package pagefind_bin) reads the written pages and
writes a search index cut into small fragments into the site's `pagefind/` folder: a reader's
browser loads only the few fragments a search needs, and nothing until the reader searches
(overrides/assets/javascripts/search.js). Each page's language comes from its `<html lang="sv">`,
so words are stemmed as Swedish. Only the page's article is indexed, without permalink signs,
charts, column headings and number cells.

`start` runs the indexer as a separate process into a folder beside `pagefind/` and `wait` waits
for it and puts the index in place whole. A one-off build waits; a preview does not: a thread
puts the index in place when it is done, a moment after the pages, and a newer build stops an
older indexer, whose index would be stale.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass

FOLDER = "pagefind"
ROOT_SELECTOR = "article"
BACKGROUND_NICENESS = 10
EXCLUDED = (".headerlink", "svg", "thead", ".finsam-num")


class IndexingFailed(Exception):
    """The indexer failed: its exit code and what it printed."""


@dataclass(slots=True)
class _Run:
    """An indexer running over one site folder."""

    site: str
    process: subprocess.Popen
    thread: threading.Thread | None = None
    failure: str | None = None


_runs: dict[str, _Run] = {}  # by site folder; kept across the rebuilds of `mkdocs serve`


def executable() -> str:
    """Return the path of the Pagefind binary (PAGEFIND_BINARY_PATH, else the pinned pagefind_bin)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise FileNotFoundError("Pagefind saknas: installera paketen i requirements.txt (pagefind_bin).")
    return str(found)


def command(site: str) -> list[str]:
    """Return the command that indexes the pages in site into its folder for a new index."""
    options = ["--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDED:
        options += ["--exclude-selectors", selector]
    return [executable(), "--site", site, "--output-path", _part(site), *options]


def start(site: str, in_background: bool = False) -> None:
    """Start indexing the pages in site, stopping an earlier indexer of the same site; in_background, put the index in place when done."""
    stop(site)
    shutil.rmtree(_part(site), ignore_errors=True)
    yielding = _lower_priority if in_background and os.name == "posix" else None  # a preview's next rebuild goes first
    process = subprocess.Popen(command(site), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=yielding)
    run = _Run(site, process)
    _runs[site] = run
    if in_background:
        run.thread = threading.Thread(target=_finish, args=(run,), name="finsam-search-index", daemon=True)
        run.thread.start()


def wait(site: str) -> None:
    """Wait until the index of site is in place; raise IndexingFailed with Pagefind's output if it failed."""
    run = _runs.pop(site, None)
    if run is None:
        return
    if run.thread is not None:
        run.thread.join()
    else:
        _finish(run)
    if run.failure is not None:
        raise IndexingFailed(run.failure)


def stop(site: str | None = None) -> None:
    """Stop indexing site (or every site): its pages changed since it started."""
    for run in [run for key, run in _runs.items() if site is None or key == site]:
        del _runs[run.site]
        if run.process.poll() is None:
            run.process.kill()
        if run.thread is not None:
            run.thread.join()
        else:
            run.process.communicate()
        shutil.rmtree(_part(run.site), ignore_errors=True)


def _finish(run: _Run) -> None:
    """Wait for the indexer; put its index in place if it succeeded, else note what it printed."""
    output, _ = run.process.communicate()
    if run.process.returncode != 0:
        run.failure = f"Pagefind avslutades med kod {run.process.returncode}:\n{output.decode('utf-8', 'replace')[-4000:]}"
        return
    _replace(_part(run.site), os.path.join(run.site, FOLDER))


def _replace(new: str, old: str) -> None:
    """Put the folder new in the place of old, so that a reader sees one index or the other, never half of one."""
    previous = f"{old}.old"
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.isdir(old):
        os.replace(old, previous)
    os.replace(new, old)
    shutil.rmtree(previous, ignore_errors=True)


def _lower_priority() -> None:
    """Run the indexer at a lower priority than the build (in the indexer's process, before it starts)."""
    os.nice(BACKGROUND_NICENESS)


def _part(site: str) -> str:
    return os.path.join(site, f"{FOLDER}.part")
