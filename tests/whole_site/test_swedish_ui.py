"""No page of the built site shows English from the theme or from Python-Markdown.

The English is taken from the installed packages themselves: Material's English strings
(material/templates/partials/languages/en.html, which Material shows for any word its Swedish
lacks), Material's page for a missing address, and Python-Markdown's default titles (footnote back
links, heading links, admonitions without a title). None of it may appear in a page's text, in the
attributes a browser shows or a screen reader reads (title, aria-label, placeholder, alt …), or in
the translations Material's script is given (the JSON in <script id="__config">).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from conftest import Build
from markdown.extensions import footnotes, toc

TEMPLATES = Path(material.__file__).parent / "templates"
# Keys of en.html that are settings, not words a reader sees.
NOT_WORDS = {
    "language",
    "direction",
    "search.config.lang",
    "search.config.pipeline",
    "search.config.separator",
}
# English words that are Swedish too.
ALSO_SWEDISH = {"Metadata", "in"}
# Attributes whose text a browser shows or a screen reader reads.
READ_ATTRIBUTES = {
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "alt",
    "placeholder",
    "label",
    "data-placeholder",
}


def english_strings() -> dict[str, re.Pattern[str]]:
    """Return the theme's and Python-Markdown's English, each as a pattern matching whole words.

    "#" and "{}" stand for any number.
    """
    pairs = re.findall(
        r'^\s*"([^"]+)": "((?:[^"\\]|\\.)*)",?$',
        (TEMPLATES / "partials" / "languages" / "en.html").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert len(pairs) > 40, "Material's en.html has changed its form: read it anew"
    strings = {value for key, value in pairs if key not in NOT_WORDS and value not in ALSO_SWEDISH}
    strings |= set(
        re.findall(r"<h1>(.*?)</h1>", (TEMPLATES / "404.html").read_text(encoding="utf-8"))
    )
    strings.add(footnotes.FootnoteExtension().getConfig("BACKLINK_TITLE"))
    strings.add(toc.TocExtension().getConfig("permalink_title"))
    return {
        text: re.compile(
            r"(?<!\w)" + re.escape(text).replace(r"\#", r"\d+").replace(r"\{\}", r"\d+") + r"(?!\w)"
        )
        for text in strings
    }


ENGLISH = english_strings()


class _Page(HTMLParser):
    """The texts of a page a reader meets.

    Its text outside scripts and styles, the read attributes, Material's translations.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.translations: dict[str, str] = {}
        self._script: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.attributes.append((tag, name, value))
        if tag in ("script", "style"):
            self._skip += 1
            self._script = dict(attrs).get("id") if tag == "script" else None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script == "__config":
            self.translations.update(json.loads(data).get("translations", {}))
        elif not self._skip and data.strip():
            self.texts.append(data)


def english_in(html: str) -> list[str]:
    """Return every English string found in a page, with where it was found."""
    page = _Page()
    page.feed(html)
    page.close()
    places = [("text", text) for text in page.texts]
    places += [(f"<{tag} {name}>", value) for tag, name, value in page.attributes]
    places += [(f"__config {key}", value) for key, value in page.translations.items()]
    found = [
        f"{where}: {value.strip()!r} ({english!r})"
        for where, value in places
        for english, pattern in ENGLISH.items()
        if pattern.search(value)
    ]
    # An admonition without a title of its own gets its English type name (Note, Warning …) as one.
    found += [
        f"admonition {kind}: {title!r}"
        for kind, title in re.findall(
            r'<div class="admonition ([\w-]+)[^"]*">\s*<p class="admonition-title">([^<]*)</p>',
            html,
        )
        if title.strip() == kind.capitalize()
    ]
    return found


@pytest.fixture(scope="module")
def site(real_site: Build) -> Build:
    """The real content built once, strictly."""
    assert real_site.returncode == 0, real_site.log
    return real_site


def test_the_english_is_read_from_the_packages() -> None:
    assert {
        "Skip to content",
        "Back to top",
        "Go to repository",
        "Navigation",
        "404 - Not found",
        "Jump back to footnote {} in the text",
        "Permanent link",
    } <= set(ENGLISH)
    assert ENGLISH["# matching documents"].search("12 matching documents")
    assert ENGLISH["Jump back to footnote {} in the text"].search(
        'title="Jump back to footnote 1 in the text"'
    )
    assert not ENGLISH["Search"].search("Searching") and not ENGLISH["Tabs"].search("Flikar")


def test_english_is_found_wherever_it_is() -> None:
    page = (
        '<html><head><title>Planer</title></head><body><nav aria-label="Navigation"></nav><p>Back '
        "to top</p>"
        '<a title="Jump back to footnote 2 in the text">x</a><input placeholder="Search">'
        '<div class="admonition note">\n<p class="admonition-title">Note</p></div>'
        '<script id="__config" type="application/json">{"translations": {"clipboard.copy": "Copy '
        'to clipboard"}}</script></body></html>'
    )
    found = english_in(page)
    assert len(found) == 6, found
    assert (
        english_in(
            '<p>Tillbaka till början</p><nav aria-label="Navigering"></nav><script>var s = '
            '"Search";</script>'
        )
        == []
    )


@pytest.mark.slow
def test_the_site_has_pages_of_every_kind(site: Build) -> None:
    pages = {path.relative_to(site.site).as_posix() for path in site.site.rglob("*.html")}
    assert {
        "404.html",
        "index.html",
        "felmeddelanden/index.html",
        "forbund/varend/2022/index.html",
        "jamfor/index.html",
    } <= pages


@pytest.mark.slow
def test_no_page_contains_english_from_the_theme(site: Build) -> None:
    found = {
        path.relative_to(site.site).as_posix(): english
        for path in sorted(site.site.rglob("*.html"))
        if (english := english_in(path.read_text(encoding="utf-8")))
    }
    assert not found, "\n".join(
        f"{page}: {line}" for page, lines in found.items() for line in lines
    )


@pytest.mark.slow
def test_the_page_for_a_missing_address_is_swedish(site: Build) -> None:
    html = (site.site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Sidan finns inte</h1>" in html and "<title>Sidan finns inte - " in html
    assert re.search(r'<a href="/\.?">Gå till startsidan</a>', html)
    assert (
        '<a href="#finsam-sok" data-finsam-open-search>Sök på webbplatsen</a>' in html
        and 'id="finsam-sok"' in html
    )


@pytest.mark.slow
def test_footnote_back_links_are_named_in_swedish(site: Build) -> None:
    html = site.page("forbund/varend/2022")
    links = re.findall(
        r'<a class="footnote-backref" href="#fnref:(\d+)" title="([^"]*)">(.*?)</a>', html
    )
    assert links
    assert all(title == f"Tillbaka till texten vid fotnot {n}" for n, title, _ in links), links


@pytest.mark.slow
def test_the_repository_link_and_navigation_are_named_in_swedish(site: Build) -> None:
    html = site.page("")
    assert (
        html.count('title="Webbplatsens källkod på GitHub"') == 2
    )  # in the header and in the drawer
    assert 'aria-label="Navigering"' in html and "datakatalog" not in html.lower()
