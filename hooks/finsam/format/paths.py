"""Where a förbund's files live in the content folder: the one place their paths are written.

PLAN-FORMAT.md, "Where things live": `forbund/<slug>/index.md` is a förbund's profile,
`forbund/<slug>/<year>.md` its plan for a year, any other `forbund/<slug>/<name>.md` a document,
and `forbund/index.md` the list of every förbund (a page the site generates).
"""

from __future__ import annotations

import re

SECTION = "forbund"  # the content folder's folder of förbund files
PROFILE_NAME = "index.md"
FORBUND_INDEX = f"{SECTION}/index.md"
# a förbund's folder name, also in the open data's schemas
SLUG_PATTERN = "[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_RE = re.compile(SLUG_PATTERN)
YEAR_NAME_RE = re.compile(r"[0-9]{4}")  # a plan's file name before .md
_PLAN_URI_RE = re.compile(rf"{SECTION}/({SLUG_PATTERN})/([0-9]{{4}})\.md")


def profile_uri(slug: str) -> str:
    """Return the path of a förbund's profile."""
    return f"{SECTION}/{slug}/{PROFILE_NAME}"


def plan_uri(slug: str, year: int) -> str:
    """Return the path of a förbund's plan for a year."""
    return f"{SECTION}/{slug}/{year}.md"


def folder_of(slug: str) -> str:
    """Return the path of a förbund's folder, with a slash at the end."""
    return f"{SECTION}/{slug}/"


def slug_of(uri: str) -> str:
    """Return the förbund of a file under forbund/: the name of its folder."""
    return uri.split("/")[1]


def is_profile(uri: str) -> bool:
    """Return whether a path is a förbund's profile, forbund/<slug>/index.md."""
    return uri.count("/") == 2 and uri.endswith(f"/{PROFILE_NAME}")


def plan_year(uri: str, slug: str) -> int | None:
    """Return the year of one förbund's plan from its path.

    Or None if the path is not such a plan.
    """
    match = _PLAN_URI_RE.fullmatch(uri)
    return int(match.group(2)) if match and match.group(1) == slug else None
