"""Reduce a page's HTML to what a search index keeps: its sections, headings and words.

Material's search plugin walks a page's HTML tag by tag in Python to cut it into sections by
heading. The budget tables and charts of a plan page are most of its tags but add only a few
words, so the indexer is given this lighter view of the page instead: the same headings (with
their ids, so the sections and their links stay the same), the same containers (which decide
where a section ends), the same words, far fewer tags. The published page is unchanged.
"""

from __future__ import annotations

import re

KEPT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "code", "pre", "li", "ol", "ul", "sub", "sup")
CONTAINER_TAGS = ("div", "section", "article", "aside", "details", "summary", "figure", "blockquote", "dl")
EXCLUDE_ATTRIBUTE = "data-search-exclude"

_SVG_RE = re.compile(r"<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)
_PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
_CELL_END_RE = re.compile(r"</(?:td|th|tr|dt|dd|caption|figcaption|table)>|<br\s*/?>", re.IGNORECASE)
_DROPPED_TAG_RE = re.compile(
    rf"</?(?!(?:{'|'.join(KEPT_TAGS + CONTAINER_TAGS)})[\s>/])[a-zA-Z][^>]*>|<!--.*?-->", re.DOTALL
)


def indexable(html: str) -> str:
    """Return the page's HTML with only the tags the search index needs; headings and words unchanged."""
    if EXCLUDE_ATTRIBUTE in html:
        return html  # an author excluded part of the page: let the indexer see every tag
    html = _SVG_RE.sub("", html)
    html = _PERMALINK_RE.sub("", html)
    html = _CELL_END_RE.sub(" ", html)
    return _DROPPED_TAG_RE.sub("", html)
