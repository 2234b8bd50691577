"""MkDocs glue: read and check the förbund files, then render their pages (one small function per event)."""

from __future__ import annotations

import copy
import html
import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from finsam import render
from finsam.corpus import GENERATED, Source, is_content, load
from finsam.model import Corpus
from finsam.problems import errors, warnings

log = logging.getLogger("mkdocs.hooks.plans")

FORBUND_INDEX = GENERATED[0]
_state: dict[str, object] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the previous build (mkdocs serve keeps this module loaded); keep the configured nav."""
    _state.clear()
    _state["nav"] = copy.deepcopy(config.nav)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check every förbund file; stop the build on any error; add the förbund list."""
    root = os.path.dirname(config.config_file_path or config.docs_dir)
    sources = [_source(f, root) for f in files if is_content(f.src_uri) and f.abs_src_path]
    corpus = load(sources)
    for problem in warnings(corpus.problems):
        log.warning(problem.message())
    found = errors(corpus.problems)
    if found:
        for problem in found:
            log.error(problem.message())
        raise PluginError(f"{len(found)} fel i planerna: bygget stoppades. Rätta felen ovan och spara igen.")
    _state["corpus"] = corpus
    config.nav = _nav_with_profiles(_state["nav"], corpus)
    index = File.generated(config, FORBUND_INDEX, content="")
    files.append(index)
    index.content_string = render.forbund_index(corpus, _linker(files, FORBUND_INDEX))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace a förbund page's Markdown with its rendered, escaped version."""
    corpus = _state.get("corpus")
    item = corpus.page(page.file.src_uri) if corpus else None
    if item is None:
        return markdown
    meta, text = render.page(item, corpus, _linker(files, page.file.src_uri))
    page.meta = meta.as_dict()
    return text


def _nav_with_profiles(nav: list | None, corpus: Corpus) -> list | None:
    """Return the nav with each förbund profile under the förbund list (plans stay off the nav)."""
    profiles = sorted(corpus.profiles.values(), key=lambda p: p.short_name)
    children = [FORBUND_INDEX] + [{html.escape(p.short_name): p.uri} for p in profiles]
    return [_expand(entry, children) for entry in nav or []]


def _expand(entry: object, children: list) -> object:
    if isinstance(entry, dict):
        return {title: children if target == FORBUND_INDEX else target for title, target in entry.items()}
    return entry


def _source(file: File, root: str) -> Source:
    with open(file.abs_src_path, "rb") as handle:
        data = handle.read()
    return Source(file.src_uri, os.path.relpath(file.abs_src_path, root), data)


def _linker(files: Files, from_uri: str) -> render.Link:
    def link(uri: str) -> str:
        target = files.get_file_from_path(uri)
        origin = files.get_file_from_path(from_uri)
        if target is None or origin is None:
            return "#"
        return target.url_relative_to(origin)

    return link
