"""Decide what an incremental preview must build again after an editor saves a file.

`mkdocs serve --dirty` (what `make serve` runs) rebuilds only the pages whose own file was saved
after the page was last written. Here that is not enough: a förbund's page lists its plans and
their budgets over time, every plan page shows its förbund's name, the generated pages show every
plan, and the navigation on every page lists the förbund and the years. This module compares what
the previous build saw with what this build sees and names every page that must be built again,
so a preview is never stale; when the navigation or the site's settings change, every page is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..format.corpus import SECTION, Source, fingerprint, is_content

PROFILE_NAME = "index.md"


@dataclass(frozen=True)
class Seen:
    """What one build saw: each förbund file's fingerprint, the navigation, the settings and the generated content."""

    files: Mapping[str, bytes]
    nav: str
    settings: bytes
    generated: Mapping[str, str] = field(default_factory=dict)


def seen(
    sources: Iterable[Source], nav: object, settings: bytes, generated: Mapping[str, str]
) -> Seen:
    """Return what a build sees: its förbund files, navigation, settings and generated content."""
    files = {s.uri: fingerprint(s.data) for s in sources if is_content(s.uri)}
    return Seen(files, repr(nav), fingerprint(settings), dict(generated))


def everything_changed(previous: Seen | None, current: Seen) -> bool:
    """Return whether every page must be built: first build, or new navigation or settings."""
    return previous is None or previous.nav != current.nav or previous.settings != current.settings


def stale_pages(previous: Seen, current: Seen) -> set[str]:
    """Return the förbund pages whose own file, or a file they show, changed since the previous build."""
    changed = {
        uri
        for uri in previous.files.keys() | current.files.keys()
        if previous.files.get(uri) != current.files.get(uri)
    }
    changed_forbund = {_forbund(uri) for uri in changed}
    stale = set()
    for uri in current.files:
        slug = _forbund(uri)
        if uri == _profile(slug):
            if slug in changed_forbund:
                stale.add(uri)  # lists the förbund's plans and their budgets
        elif uri in changed or _profile(slug) in changed:
            stale.add(uri)  # shows its own file and the förbund's name
    return stale


def changed_generated(previous: Seen, current: Seen) -> set[str]:
    """Return the generated pages and files whose content differs from the previous build's."""
    return {uri for uri, text in current.generated.items() if previous.generated.get(uri) != text}


def _forbund(uri: str) -> str:
    return uri.split("/")[1]


def _profile(slug: str) -> str:
    return f"{SECTION}/{slug}/{PROFILE_NAME}"
