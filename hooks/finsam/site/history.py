"""When each content file last changed, from the repository's git history, when the build has it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable

TIMEOUT = 20  # seconds: a history this slow to read is treated as missing
RECORD = "\x1e"  # starts each commit in the log
FIELD = "\x1f"  # between a commit's date and its parents


def last_changed(root: str, paths: Iterable[str]) -> dict[str, str]:
    """Return the committer date (ISO 8601) of the last commit that changed each path.

    For the paths git knows.

    Paths are relative to root. One `git log` reads the whole history of their folders. Without git,
    a
    repository or its history (a tarball, a folder git does not trust), the result is empty; in a
    shallow
    clone, the oldest commit fetched lists every file it holds, so its files get no date rather than
    a wrong one.
    """
    wanted = set(paths)
    if not wanted:
        return {}
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return {}
    folders = sorted({path.split("/", 1)[0] for path in wanted})
    log = _git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "--relative",
        "--name-only",
        f"--format={RECORD}%cI{FIELD}%P",
        "--",
        *folders,
    )
    if log is None:
        return {}
    return _dates(log, wanted, shallow.strip() == "true")


def _dates(log: str, wanted: set[str], shallow: bool) -> dict[str, str]:
    """Return each wanted path's date from the log, newest commit first.

    The first date seen for a path.
    """
    dates: dict[str, str] = {}
    for record in log.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        date, _, parents = head.partition(FIELD)
        if shallow and not parents.strip():
            continue  # the boundary of a shallow clone: its "changes" are every file it holds
        for name in names.split("\n"):
            if name in wanted and name not in dates:
                dates[name] = date.strip()
    return dates


def _git(root: str, *arguments: str) -> str | None:
    """Return the output of a git command run in root, or None if git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", "-C", root, *arguments],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
