"""The site's own HTML blocks in a page's Markdown: marked, kept away from Markdown, put back.

The site writes its tables and boxes as HTML that is escaped already. `block` marks each one,
`stash` takes the marked blocks out of the Markdown before Python-Markdown reads it, and
`unstash` puts them back into the HTML it makes. `set_apart` keeps an editor's text that follows
a block from changing it.
"""

from __future__ import annotations

import re

from .markup import BLOCK_END, BLOCK_START

_BLOCK_RE = re.compile(f"{BLOCK_START}(.*?){BLOCK_END}", re.DOTALL)
_BLOCK_RUN_RE = re.compile(
    f"{BLOCK_START}.*?{BLOCK_END}(?:\\s*{BLOCK_START}.*?{BLOCK_END})*", re.DOTALL
)
_TOKEN_RE = re.compile(f"<p>{BLOCK_START}([0-9]+){BLOCK_END}</p>")


def block(text: str) -> str:
    """Return an HTML block, marked so that it can bypass Markdown, set apart by blank lines."""
    return f"\n\n{BLOCK_START}{text}{BLOCK_END}\n\n"


def stash(markdown: str) -> tuple[str, list[str]]:
    """Return the Markdown with each HTML block replaced by a token, and the blocks.

    Python-Markdown runs every raw HTML block through an HTML parser; the site's own blocks
    are already escaped, so they skip it: a large share of the build's time otherwise. Blocks
    that follow each other become one token, one paragraph less for Markdown to process each.
    """
    blocks: list[str] = []

    def token(match: re.Match[str]) -> str:
        blocks.append("\n".join(_BLOCK_RE.findall(match.group(0))))
        return f"{BLOCK_START}{len(blocks) - 1}{BLOCK_END}"

    return _BLOCK_RUN_RE.sub(token, markdown), blocks


def unstash(html_text: str, blocks: list[str]) -> str:
    """Return the HTML with each token put back as its block."""
    return _TOKEN_RE.sub(lambda match: blocks[int(match.group(1))], html_text)


_DEFINITION_START_RE = re.compile(
    r"((?:[ \t]*\n|[ ]{0,3}\[[^\[\]\n]*\]:[^\n]*\n(?:[ ]+\S[^\n]*\n)*)*[ ]{0,3}):(?= )"
)  # blank lines, and link references and footnotes (rendered elsewhere), before ": "


def set_apart(text: str) -> str:
    """Return an editor's text to follow one of the site's blocks.

    Its first block cannot take the block before it as its own.

    A text whose first paragraph starts with ": " is a paragraph on its own (as the body check
    renders it), but after a block it would make that block the term of a definition list,
    leaving the block's mark in the page. Link references and footnotes before it render
    elsewhere, so they do not count. The colon becomes a character reference: shown the same,
    no list.
    """
    match = _DEFINITION_START_RE.match(text)
    return text if match is None else f"{match.group(1)}&#58;{text[match.end() :]}"
