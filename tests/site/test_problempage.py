"""The page a preview shows in place of every page while the content has errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from finsam.problems import WARNING, Problem
from finsam.site import problempage

HOSTILE = '<script>alert("x")</script> & \u202e ::error::'


def _problem(**changes: object) -> Problem:
    values = {
        "path": "content/forbund/varend/2024.md",
        "line": 7,
        "field": "unit",
        "expected": "kr, tkr eller mkr",
        "found": "texten Tkr",
        "fix": "Skriv unit: tkr.",
    }
    return Problem(**{**values, **changes})


class _Texts(HTMLParser):
    """Collect the elements and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    return parser


def test_the_page_lists_each_error_as_the_terminal_prints_it() -> None:
    html = problempage.document([_problem(), _problem(line=3, field=None, found=None)])
    text = " ".join(_parsed(html).text)
    assert "<title>2 fel i innehållet – förhandsvisning</title>" in html
    assert 'lang="sv"' in html
    assert "Fel: content/forbund/varend/2024.md, rad 3" in text  # file order, then line
    assert text.index("rad 3") < text.index("rad 7: fältet unit")
    for part in ("Förväntat", "kr, tkr eller mkr", "Hittat", "texten Tkr", "Gör så här"):
        assert part in text
    assert text.count("Hittat") == 1  # a problem without a found value has no such row


def test_warnings_follow_the_errors_and_say_that_they_stop_publishing() -> None:
    html = problempage.document([_problem(severity=WARNING, field="title"), _problem()])
    text = " ".join(_parsed(html).text)
    assert "1 varning" in text
    assert text.index("Fel: ") < text.index("Varning: ")
    assert "publiceras inte" in text


def test_values_from_the_content_are_escaped_and_made_printable() -> None:
    html = problempage.document(
        [_problem(path=f"content/{HOSTILE}.md", field=HOSTILE, found=HOSTILE, fix=HOSTILE)]
    )
    parsed = _parsed(html)
    assert "script" not in parsed.tags
    assert "<script>" not in html
    assert "\u202e" not in html  # shown as \u202e, as a log shows it
    assert "\\u202e" in html


def test_the_page_stands_alone() -> None:
    html = problempage.document([_problem()])
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # nothing from elsewhere
    assert "<link" not in html and "<script" not in html  # MkDocs adds its reload script
