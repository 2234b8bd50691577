"""The HTML the site writes itself: escaping, and tables built by functions rather than templates.

A site has tens of thousands of table rows, and a template engine's cost per row and cell was
most of the time of a build. The tables are built by *_html functions with these helpers; every
text from the content goes through html_escaped, as Jinja's autoescape would.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

_BLANK_LINE = re.compile(
    r"\n[^\S\n]*\n"
)  # a line of nothing but whitespace, between two line breaks


def without_blank_lines(html_text: str) -> str:
    """Return HTML without its blank lines, so that Markdown keeps it in one raw HTML block."""
    if not _BLANK_LINE.search(f"\n{html_text}\n"):
        return html_text
    return "\n".join(line for line in html_text.split("\n") if line.strip())


@lru_cache(maxsize=65_536)
def html_escaped(text: str) -> str:
    """Return text with & < > ' " escaped for HTML by MarkupSafe, as Jinja's autoescape escapes it.

    As a plain string.

    The marks of the site's own HTML blocks (BLOCK_START, BLOCK_END) become U+FFFD, so that no
    text can pass for the site's markup even if the validator let one through.
    """
    return str(escape(text)).translate(_UNMARKED)


# The marks around the site's own HTML blocks in a page's Markdown (stash.block): private-use
# characters, which no text from the content may hold.
BLOCK_START = "\ue000"
BLOCK_END = "\ue001"
_UNMARKED = str.maketrans({BLOCK_START: "\ufffd", BLOCK_END: "\ufffd"})


def plain(markdown: str) -> str:
    """Return Markdown with the block marks removed, for engines that read raw HTML blocks."""
    return markdown.replace(BLOCK_START, "").replace(BLOCK_END, "")


def table_html(
    caption: str,
    head: str,
    body: Iterable[str],
    table_class: str = "finsam-table",
    region_class: str = "finsam-budget",
) -> str:
    """Return a captioned table in a scrollable region.

    Its header row, then the body's HTML lines.
    """
    label = html_escaped(caption)
    opening = (
        f'<div class="{region_class}" role="region" tabindex="0" aria-label="{label}">\n<table '
        f'class="{table_class}">\n<caption>{label}</caption>\n<thead>'
    )
    return without_blank_lines("\n".join((opening, head, "</thead>", *body, "</table>\n</div>")))


def tbody(rows: Iterable[str]) -> tuple[str, ...]:
    """Return table rows as the lines of one table body."""
    return ("<tbody>", *rows, "</tbody>")


def th(*names: str, numeric: tuple[int, ...] = ()) -> str:
    """Return a header row of column names, escaped unless a name is Markup.

    The columns at the numeric positions are aligned as numbers.
    """
    cells = "".join(
        f'<th scope="col"{_NUMERIC if i in numeric else ""}>'
        f"{name if isinstance(name, Markup) else html_escaped(name)}</th>"
        for i, name in enumerate(names)
    )
    return f"<tr>{cells}</tr>"


_NUMERIC = ' class="finsam-num"'


def escaped(text: str) -> str:
    """Return text with HTML special characters escaped, for templates that print it raw."""
    return html.escape(text, quote=True).translate(_UNMARKED)
