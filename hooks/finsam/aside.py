"""Make a heavy generated file in another process, on the machine's other core, while the site builds.

The Excel workbook takes seconds at national scale, in pure Python. `start` hands a picklable
function and its inputs to a new Python process (`python -m finsam.aside`), which makes the file's
bytes and puts them in place (written beside it, then renamed, so that a reader never sees half a
file), while the build goes on rendering pages. A new process rather than a fork: it is safe beside
the threads of `mkdocs serve` and works on every platform an editor may preview on. `wait` waits for
it: a one-off build waits before it ends; a preview does not, and the file arrives a moment after
the pages. If the process cannot start or fails, the file is made in this process instead, so that
it is always there after `wait`.

The processes run at a lower priority than the build, which goes first. A preview hands even the
starting of them (pickling the work takes a tenth of a second at national scale) to `defer`: one
background thread that runs such tasks in order, after the pages are written.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

FAILED = 1
BACKGROUND_NICENESS = 10


@dataclass(slots=True)
class _Job:
    """A file being made: where it goes, how to make it, and the process making it (None: none started)."""

    path: str
    make: Callable[..., bytes]
    inputs: tuple
    process: subprocess.Popen | None
    pickled: str = ""  # the file the process reads its work from; removed when it has ended


_jobs: dict[str, _Job] = {}  # by destination path; kept across the rebuilds of `mkdocs serve`
_deferred: list[Future] = []  # tasks handed to the background thread and not yet waited for
_thread: list[ThreadPoolExecutor] = []  # the background thread, started when first needed


def start(path: str, make: Callable[..., bytes], inputs: tuple) -> None:
    """Make a file's bytes with make(*inputs) in another process and write them to path; an earlier job for the path is stopped."""
    stop(path)
    pickled = _pickled(make, inputs)
    _jobs[path] = _Job(path, make, inputs, _started(pickled, path) if pickled else None, pickled)


def defer(task: Callable[[], None]) -> None:
    """Run task on the background thread, after the tasks deferred before it: work that need not hold up the pages."""
    if not _thread:
        _thread.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="finsam-aside"))
    _deferred.append(_thread[0].submit(task))


def settle() -> None:
    """Wait for the deferred tasks to end (not for the files they started)."""
    while _deferred:
        _deferred.pop(0).result()


def wait(path: str | None = None) -> None:
    """Wait for the deferred tasks, then until the file at path (or every file started) is written; make it here if its process failed."""
    settle()
    for job in [job for key, job in _jobs.items() if path is None or key == path]:
        del _jobs[job.path]
        failed = job.process is None or job.process.wait() != 0
        _remove(job.pickled)
        if failed:
            write(job.path, job.make(*job.inputs))


def stop(path: str | None = None) -> list[str]:
    """Stop making the file at path (or every file, and drop the deferred tasks not yet begun); return the paths left unwritten."""
    if path is None:
        for task in _deferred:
            task.cancel()
        _deferred.clear()
    unwritten = []
    for job in [job for key, job in _jobs.items() if path is None or key == path]:
        del _jobs[job.path]
        if job.process is None or job.process.poll() != 0:
            unwritten.append(job.path)
        if job.process is not None:
            job.process.kill()
            job.process.wait()
        _remove(job.pickled)
    return unwritten


def forkable() -> bool:
    """Return whether this process may fork (Linux), with its output written out first; a forked process would write it again."""
    if not sys.platform.startswith("linux"):
        return False  # fork() is cheap and safe on Linux; elsewhere it is missing or unsafe
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    return True


def _pickled(make: Callable[..., bytes], inputs: tuple) -> str:
    """Return the path of a temporary file holding make and its inputs, pickled; "" if they do not pickle."""
    try:
        handle = tempfile.NamedTemporaryFile(
            "wb", prefix="finsam-aside-", suffix=".pickle", delete=False
        )
    except OSError:
        return ""
    try:
        with handle:
            pickle.dump((make, inputs), handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError, AttributeError, TypeError):
        _remove(handle.name)
        return ""
    return handle.name


def _started(pickled: str, path: str) -> subprocess.Popen | None:
    """Return a new process making the file from the pickled work; None where none could start."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(entry for entry in sys.path if entry),
    }  # finds what this process finds
    try:
        return subprocess.Popen(
            lowered([sys.executable, "-m", __name__, pickled, path]),
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        return None


def lowered(command: list[str]) -> list[str]:
    """Return a command that runs at a lower priority than the build, so that the build goes first (with `nice`, where there is one)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(BACKGROUND_NICENESS), *command] if nice else command


def _remove(path: str) -> None:
    if path:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def write(path: str, data: bytes) -> None:
    """Write a file whole: beside its place first, then renamed into it, so that a reader never sees half of it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    part = f"{path}.{os.getpid()}.part"
    with open(part, "wb") as handle:
        handle.write(data)
    os.replace(part, path)


def main(argv: list[str]) -> int:
    """Make the file described by a pickle; return 0, or FAILED."""
    job, path = argv
    try:
        with open(job, "rb") as handle:
            make, inputs = pickle.load(handle)  # noqa: S301 - written by start() in the build that started this process
        write(path, make(*inputs))
    except Exception:  # noqa: BLE001 - the build makes the file itself, and reports any error there
        return FAILED
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
