"""MkDocs glue: each event handed to the site's session (finsam.site.session) in one call.

The session holds the state of this process's builds in typed objects; what is particular to
MkDocs 1.6 is in mkdocs_compat. The package finsam never imports MkDocs.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import jinja2
import mkdocs_compat as compat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from finsam.site.session import Mode, Session, Stopped

_session = Session(logging.getLogger("mkdocs.hooks.plans"))  # --strict counts its warnings
compat.without_collision_notice()


def _stops(event: Callable[..., object]) -> Callable[..., object]:
    """Turn the session's Stopped into MkDocs's PluginError: the build ends with its message."""

    @functools.wraps(event)
    def handled(*args: object, **kwargs: object) -> object:
        try:
            return event(*args, **kwargs)
        except Stopped as stopped:
            raise PluginError(str(stopped)) from None

    return handled


def on_startup(command: str, dirty: bool) -> None:
    """Begin this process's builds: once, or a preview (`mkdocs serve`, `--dirty` incremental)."""
    _session.start(Mode.of(command, dirty))
    compat.printable_logs(dirty)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Have the preview follow a save sooner, and show the content's errors in place of pages."""
    return compat.show_problems(compat.poll_saves(server, config), _session.shown_problems)


@_stops
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Begin a build: judge the content folder before MkDocs walks it (not if it is unsafe)."""
    safe = _session.begin(compat.folder(config), config.nav, config.site_dir, config.strict)
    return compat.walking_content(config, safe)


@_stops
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check the content, stop on an error, add the generated pages and files."""
    config.nav = _session.files(compat.Engine(files, config), compat.settings(config))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Let the pages outside the navigation share its rendering (overrides/partials/nav.html)."""
    _session.navigation(page.url for page in nav.pages)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Have the search index written while the pages are; give the theme its caches."""
    _session.pages_rendered()
    return compat.theme_environment(env, config, _session.templates, _session.build.nav_cache)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Give MkDocs a förbund page's text without its front-matter, already read and checked."""
    return _session.page_source(page.file.src_uri)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Make a förbund page from its checked data; set the site's HTML blocks apart from Markdown."""
    page.meta, markdown = _session.page_markdown(
        page.file.src_uri,
        markdown,
        page.meta,
        compat.linker(files, page.file.src_uri),
        config.repo_url,
        page.canonical_url or page.url,
    )
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the site's HTML blocks back; hand the page's article to the search index."""
    return _session.page_content(
        page.file.src_uri,
        page.url,
        html,
        page.title or config.site_name,
        config.theme["language"],
        page.meta,
    )


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Note that the page was written."""
    _session.page_written(page.url)
    return output


@_stops
def on_post_build(config: MkDocsConfig) -> None:
    """Wait for what a one-off build made beside its pages, or start a preview's."""
    _session.finish()


def on_shutdown() -> None:
    """Stop what is being made beside the pages: `mkdocs serve` ends."""
    _session.stop()


def on_build_error(error: Exception) -> None:
    """Stop what a failed one-off build was making beside its pages."""
    _session.failed()
