"""Spare the theme's templates work that is the same on many pages.

compiling, the navigation, the header.

Both are Jinja-level helpers the MkDocs glue installs in the theme's environment.
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2
from markupsafe import Markup


class TemplateCache(jinja2.BytecodeCache):
    """Keep compiled templates in memory.

    So a rebuild in the same process need not compile them again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give Jinja the compiled template.

        If kept (Jinja checks it against the template's source).
        """
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a newly compiled template."""
        self._code[bucket.key] = bucket.bytecode_to_string()


class PartialCache:
    """Keep rendered partials by a key of everything they depend on.

    The template computes the key.
    """

    def __init__(self) -> None:
        self._html: dict[tuple, Markup] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._html

    def __getitem__(self, key: tuple) -> Markup:
        return self._html[key]

    def keep(self, key: tuple | None, html: str) -> Markup:
        """Return the rendered partial.

        Kept for the next page with the same key (None: not kept).
        """
        markup = Markup(html)  # noqa: S704 - a partial the theme's templates rendered, escaped
        if key is not None:
            self._html[key] = markup
        return markup


class NavCache(PartialCache):
    """Keep the rendered navigation of pages outside it (plans, documents).

    By where their links start.

    On such a page no item is active, so the navigation differs between two of them only in
    its relative links, which depend only on the page's depth and on the first folders of its
    URL that a navigation target can share. Pages in the navigation are never cached.
    """

    def __init__(self, nav_urls: Iterable[str]) -> None:
        super().__init__()
        self._in_nav = set(nav_urls)
        self._shared = max((len(_folders(url)) for url in self._in_nav), default=0)

    def key(self, page_url: str) -> tuple | None:
        """Return the key of a page's navigation, or None if the page is in the navigation."""
        if page_url in self._in_nav:
            return None
        folders = _folders(page_url)
        return len(folders), tuple(folders[: self._shared])


def _folders(url: str) -> list[str]:
    return [part for part in url.split("/") if part]
