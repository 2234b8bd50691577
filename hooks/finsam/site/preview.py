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

from ..format.paths import profile_uri, slug_of
from ..format.sources import Source, fingerprint, is_content


@dataclass(frozen=True)
class BuildState:
    """What one build saw: its förbund files, navigation, settings and generated content.

    Each förbund file by its fingerprint, the navigation as text, the settings' fingerprint and
    every generated page and file's content.
    """

    files: Mapping[str, bytes]
    nav: str
    settings: bytes
    generated: Mapping[str, str] = field(default_factory=dict)
    site_parts: str = ""  # what the generated parts of site pages show (the list of förbund)
    glances: Mapping[str, tuple] = field(
        default_factory=dict
    )  # what each plan and förbund page's glance shows of other förbund (finsam.site.glance)


def build_state(
    sources: Iterable[Source],
    nav: object,
    settings: bytes,
    generated: Mapping[str, str],
    site_parts: str = "",
    glances: Mapping[str, tuple] | None = None,
) -> BuildState:
    """Return what a build sees: its förbund files, navigation, settings and generated content.

    And what the glances on plan and förbund pages show of other förbund.
    """
    files = {s.uri: fingerprint(s.data) for s in sources if is_content(s.uri)}
    return BuildState(
        files, repr(nav), fingerprint(settings), dict(generated), site_parts, dict(glances or {})
    )


def site_pages_stale(previous: BuildState, current: BuildState) -> bool:
    """Return whether the site pages must be built again: their generated parts changed."""
    return previous.site_parts != current.site_parts


def everything_changed(previous: BuildState | None, current: BuildState) -> bool:
    """Return whether every page must be built: first build, or new navigation or settings."""
    return previous is None or previous.nav != current.nav or previous.settings != current.settings


def stale_pages(previous: BuildState, current: BuildState) -> set[str]:
    """Return the förbund pages whose own file, or a file they show.

    Changed since the last build; and those whose glance shows other förbund's figures that changed.
    """
    changed = {
        uri
        for uri in previous.files.keys() | current.files.keys()
        if previous.files.get(uri) != current.files.get(uri)
    }
    changed_forbund = {slug_of(uri) for uri in changed}
    stale = set()
    for uri in current.files:
        slug = slug_of(uri)
        if uri == profile_uri(slug):
            if slug in changed_forbund:
                stale.add(uri)  # lists the förbund's plans and their budgets
        elif uri in changed or profile_uri(slug) in changed:
            stale.add(uri)  # shows its own file and the förbund's name
    stale.update(
        uri
        for uri, shown in current.glances.items()
        if uri in current.files and previous.glances.get(uri) != shown
    )  # a median or a place among the year's budgets, another förbund's plan changed
    return stale


def changed_generated(previous: BuildState, current: BuildState) -> set[str]:
    """Return the generated pages and files whose content differs from the previous build's."""
    return {uri for uri, text in current.generated.items() if previous.generated.get(uri) != text}
