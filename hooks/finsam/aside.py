"""Make a heavy generated file on the machine's other core while the site builds.

The Excel workbook takes seconds at national scale, in pure Python. `start` forks a process that
makes the file's bytes and puts them in place (written beside it, then renamed, so that a reader
never sees half a file), while the build goes on rendering pages. `wait` waits for it: a one-off
build waits before it ends; a preview does not, and the file arrives a moment after the pages.
Where a process cannot be forked (not Linux, or the fork fails), or the forked process fails,
the file is made in this process instead, so that it is always there after `wait`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

FAILED = 1


@dataclass(slots=True)
class _Job:
    """A file being made: where it goes, how to make it, and the forked process making it (None: not forked)."""

    path: str
    make: Callable[[], bytes]
    pid: int | None


_jobs: dict[str, _Job] = {}  # by destination path; kept across the rebuilds of `mkdocs serve`


def start(path: str, make: Callable[[], bytes]) -> None:
    """Make a file's bytes with make() in a forked process and write them to path; an earlier job for the path is stopped."""
    stop(path)
    _jobs[path] = _Job(path, make, _forked(path, make))


def wait(path: str | None = None) -> None:
    """Wait until the file at path (or every file started) is written; make it here if its process failed."""
    for job in [job for key, job in _jobs.items() if path is None or key == path]:
        del _jobs[job.path]
        if job.pid is None or _exit_code(job.pid) != 0:
            _write(job.path, job.make())


def stop(path: str | None = None) -> None:
    """Stop making the file at path (or every file): its content is stale."""
    for job in [job for key, job in _jobs.items() if path is None or key == path]:
        del _jobs[job.path]
        if job.pid is not None:
            try:
                os.kill(job.pid, 15)
            except ProcessLookupError:
                pass
            _exit_code(job.pid)


def forkable() -> bool:
    """Return whether this process may fork (Linux), with its output written out first; a forked process would write it again."""
    if not sys.platform.startswith("linux"):
        return False  # fork() is cheap and safe on Linux; elsewhere it is missing or unsafe
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    return True


def _forked(path: str, make: Callable[[], bytes]) -> int | None:
    """Return the id of a forked process that writes make() to path and exits; None where none could start."""
    if not forkable():
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the forked process: make the file, and end without running the parent's clean-up
        code = FAILED
        try:
            _write(path, make())
            code = 0
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    """Return the exit code of a forked process once it has ended (FAILED if it was killed or cannot be waited for)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return FAILED
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else FAILED


def _write(path: str, data: bytes) -> None:
    """Write a file whole: beside its place first, then renamed into it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    part = f"{path}.{os.getpid()}.part"
    with open(part, "wb") as handle:
        handle.write(data)
    os.replace(part, path)
