"""MkDocs glue: read and check the förbund files, generate the comparison and data pages, render pages.

One small function per event; everything else lives in the pure package finsam.
"""

from __future__ import annotations

import copy
import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from finsam import pages, render
from finsam.corpus import load, read_sources
from finsam.derived import compare
from finsam.problems import errors, summary, warnings
from finsam.render import Link

log = logging.getLogger("mkdocs.hooks.plans")

_state: dict = {}
_files_read: dict = {}  # parsed förbund files by content hash, kept across `mkdocs serve` rebuilds


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build (mkdocs serve keeps this module loaded); keep the configured nav."""
    _state.clear()
    _state["nav"] = copy.deepcopy(config.nav)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check every förbund file, stop on any error, then add the generated pages and data."""
    root = os.path.dirname(config.config_file_path or config.docs_dir)
    sources, unreadable = read_sources((f.src_uri, f.abs_src_path, os.path.relpath(f.abs_src_path, root)) for f in files if f.abs_src_path)
    corpus = load(sources, _files_read)
    comparison = compare(corpus)
    _report(unreadable + corpus.problems + pages.collisions({f.src_uri for f in files}, comparison))
    generated = [File.generated(config, uri, content="") for uri in pages.generated_uris(comparison)]
    for file in generated:
        files.append(file)
    content = pages.generated_content(corpus, comparison, lambda uri: _linker(files, uri), lambda uri: _url(files, config, uri))
    for file in generated:
        file.content_string = content[file.src_uri]
    config.nav = [_expanded(entry, pages.nav_sections(corpus, comparison)) for entry in _state["nav"] or []]
    _state.update(corpus=corpus, comparison=comparison, blocks={})
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Give MkDocs a förbund page's text without its front-matter, already read and checked."""
    item = _state["corpus"].page(page.file.src_uri)
    return None if item is None else item.body


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render a förbund page from its checked data; set the site's HTML blocks aside from Markdown."""
    corpus = _state["corpus"]
    item = corpus.page(page.file.src_uri)
    if item is not None:
        meta, markdown = pages.page(item, corpus, _state["comparison"], _linker(files, page.file.src_uri))
        page.meta = meta.as_dict()
    markdown, _state["blocks"][page.file.src_uri] = render.stash(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the site's HTML blocks back into the page."""
    return render.unstash(html, _state["blocks"].pop(page.file.src_uri, []))


def _report(problems: list) -> None:
    """Log warnings; log errors and stop the build if there are any."""
    for problem in warnings(problems):
        log.warning(problem.message())
    found = errors(problems)
    if found:
        for problem in found:
            log.error(problem.message())
        raise PluginError(summary(len(found)))


def _expanded(entry: object, sections: dict[str, list]) -> object:
    """Return a nav entry, with a generated section's children in place of its index page."""
    if isinstance(entry, dict):
        return {title: sections.get(target, target) if isinstance(target, str) else target for title, target in entry.items()}
    return entry


def _url(files: Files, config: MkDocsConfig, uri: str) -> str:
    """Return the public URL of a page: absolute where site_url is set, else from the site's root."""
    file = files.get_file_from_path(uri)
    base = (config.site_url or "").rstrip("/")
    return f"{base}/{file.url}" if base else file.url


def _linker(files: Files, from_uri: str) -> Link:
    """Return a function giving the relative link from one page to another, by their paths."""

    def link(uri: str) -> str:
        target = files.get_file_from_path(uri)
        origin = files.get_file_from_path(from_uri)
        return target.url_relative_to(origin) if target and origin else "#"

    return link
