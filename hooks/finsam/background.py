"""Work done beside the build: one mechanism to start it, cancel it all, wait for it all.

A `Jobs` runs each job in a thread of its own. A job is a function given a `Cancel`: it checks
`cancel.is_set()` between steps, and registers with `cancel.on_cancel` how to stop what it
waits for (a process to kill). `wait` waits for every job and raises the first one's error;
`cancel` stops them all and names those that did not end well. What a job makes is put in
place whole (`write`, `replace_folder`), so that a reader never sees half of it.

Two kinds of job use it (each use says, where it starts one, why it pays):

- a heavy file made in another Python process at a lower priority (`in_process`): the Excel
  workbook, on the machine's other core while pages render (`python -m finsam.background`);
- the search index, fed page by page to Pagefind's service (`finsam.site.search`).

`forked_map` is the one other way to use the other core: reading many files in forked processes,
before a build or a check starts any thread.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

FAILED = 1
BACKGROUND_NICENESS = 10
POLL_SECONDS = 0.05  # how often a job waiting for a process looks whether it was cancelled


class Cancelled(Exception):  # noqa: N818 - not a fault: the job was asked to stop, and did
    """A job stopped before it was done, as asked."""


class Cancel:
    """A job's cancellation: whether it was asked to stop, and how to stop what it waits for."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def is_set(self) -> bool:
        """Return whether the job was asked to stop."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Wait up to seconds for the job to be asked to stop; return whether it was."""
        return self._event.wait(seconds)

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call callback when the job is asked to stop (at once if it already was)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()

    def set(self) -> None:
        """Ask the job to stop, and call what it registered."""
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


@dataclass(eq=False)
class _Job:
    """A job's thread, its cancellation and how it ended."""

    name: str
    cancel: Cancel = field(default_factory=Cancel)
    error: BaseException | None = None
    thread: threading.Thread | None = None


class Jobs:
    """The jobs running beside a build (or beside a preview, until its next rebuild)."""

    def __init__(self) -> None:
        self._jobs: list[_Job] = []

    def start(self, name: str, work: Callable[[Cancel], None]) -> None:
        """Run work(cancel) in a thread of its own."""
        job = _Job(name)

        def run() -> None:
            try:
                work(job.cancel)
            except BaseException as error:  # noqa: BLE001 - kept for wait(), which raises it
                job.error = error

        job.thread = threading.Thread(target=run, name=f"finsam-{name}", daemon=True)
        self._jobs.append(job)
        job.thread.start()

    def wait(self) -> None:
        """Wait until every job has ended; raise the first error of one that failed."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            job.thread.join()
        for job in jobs:
            if job.error is not None and not isinstance(job.error, Cancelled):
                raise job.error

    def cancel(self) -> list[str]:
        """Stop every job and wait for it to end; return the names of those not done."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            if job.thread.is_alive():
                job.cancel.set()
        for job in jobs:
            job.thread.join()
        return [job.name for job in jobs if job.error is not None]


def in_process(path: str, make: Callable[..., bytes], inputs: tuple) -> Callable[[Cancel], None]:
    """Return a job that makes a file's bytes with make(*inputs) in another Python process.

    The process runs at a lower priority, so that the build goes first. If make and its inputs
    do not pickle, or the process cannot start or fails, the job makes the file in this process.
    """

    def work(cancel: Cancel) -> None:
        pickled = _pickled(make, inputs)
        try:
            if pickled and _made_by_process(pickled, path, cancel):
                return
            if cancel.is_set():
                raise Cancelled(path)
            write(path, make(*inputs))
        finally:
            _remove(pickled)

    return work


def _made_by_process(pickled: str, path: str, cancel: Cancel) -> bool:
    """Return whether a new process made the file from the pickled work (False if cancelled)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder with finsam
    # the process imports this very package, not another copy installed on the path
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([here, *(e for e in sys.path if e)])}
    command = lowered([sys.executable, "-m", __name__, pickled, path])
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env)
    except OSError:
        return False
    cancel.on_cancel(process.kill)
    while process.poll() is None:
        cancel.wait(POLL_SECONDS)
    return process.returncode == 0


def lowered(command: list[str]) -> list[str]:
    """Return a command that runs at a lower priority than the build (with `nice`, if any)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(BACKGROUND_NICENESS), *command] if nice else command


def write(path: str, data: bytes) -> None:
    """Write a file whole: beside its place first, then renamed into it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    part = f"{path}.{os.getpid()}.{threading.get_ident()}.part"
    with open(part, "wb") as handle:
        handle.write(data)
    os.replace(part, path)


def replace_folder(new: str, old: str) -> None:
    """Put the folder new in the place of old: a reader sees one or the other, never half."""
    previous = f"{old}.old"
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.isdir(old):
        os.replace(old, previous)
    os.replace(new, old)
    shutil.rmtree(previous, ignore_errors=True)


def forked_map(function: Callable[[list], list], items: list, processes: int) -> list | None:
    """Return function applied to every processes-th item in forked processes, in the items' order.

    This process takes the first share. None where the processes cannot start or fork is unsafe
    (anywhere but Linux): the caller then does the work itself. Only from a program without
    threads: `finsam check`, and a one-off build before it starts any.
    """
    if not sys.platform.startswith("linux"):
        return None
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()  # a forked process would write it again
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(processes - 1, mp_context=context) as pool:
            others = [
                pool.submit(function, items[start::processes]) for start in range(1, processes)
            ]
            shares = [function(items[::processes]), *(other.result() for other in others)]
    except (OSError, BrokenProcessPool):
        return None
    return [item for turn in itertools.zip_longest(*shares) for item in turn if item is not None]


def free_cores() -> int:
    """Return how many cores no other process is running on right now (Linux); elsewhere all.

    Worker processes speed up reading a large content folder on idle cores, and slow it down on
    busy ones.
    """
    cores = os.cpu_count() or 1
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].split("/")[0])  # running now, this one included
    except (OSError, ValueError, IndexError):
        return cores
    return max(1, cores - (running - 1))


def _pickled(make: Callable[..., bytes], inputs: tuple) -> str:
    """Return the path of a temporary file with make and its inputs pickled ("" if they do not)."""
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept until the job ends
            "wb", prefix="finsam-job-", suffix=".pickle", delete=False
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


def _remove(path: str) -> None:
    if path:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def main(argv: list[str]) -> int:
    """Make the file described by a pickle; return 0, or FAILED."""
    job, path = argv
    try:
        with open(job, "rb") as handle:
            make, inputs = pickle.load(handle)  # noqa: S301 - written by in_process() in this build
        write(path, make(*inputs))
    except Exception:  # noqa: BLE001 - the build makes the file itself, and reports any error there
        return FAILED
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
