"""Check every link in the editors' texts before MkDocs does.

With one Swedish message for each broken one.

A text's links are read from the text as the site renders it (bodies.render): Markdown links and
images, reference links, and links in the text's own HTML, never what stands in code. Each relative
link is followed as MkDocs 1.6 follows it (mkdocs/structure/pages.py, path_to_url): from the
text's own folder, to a page or a file of the site, and to a heading or other anchor on that page
(an id in the page as rendered). A link that leads nowhere, an absolute link (/jamfor/) and a link
to a folder (../jamfor/) are problems naming the file, the line and the link; the build and
`finsam check` both ask this module, before MkDocs checks anything. MkDocs's own checks of links
stay
on behind it, and its check of anchors is off (mkdocs.yml, validation): it cannot see the ids in the
site's own HTML blocks (a plan's #avvikelse-1). Links to other sites are not followed.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..format import bodies
from ..format.frontmatter import FrontMatterError, decode, split
from ..format.model import Corpus, Document, Plan, Profile
from ..format.sources import Source, contents
from ..problems import Problem
from . import addresses
from .derived import Comparison
from .markup import plain

LINK_MARKS = ("](", "]:", "href", "src", "][")  # a text without any of these has no link to check


@dataclass(frozen=True, slots=True)
class Text:
    """An editor's text: the page's path in content/, its path as messages show it.

    The Markdown and the line it starts on.
    """

    uri: str
    path: str
    markdown: str
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Link:
    """A link or an image source in a text, and its line in the file."""

    url: str
    line: int


class _Links(HTMLParser):
    """The addresses of every link and image, and every id, in rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag == "a" and name == "href") or (tag == "img" and name == "src"):
                self.urls.append(value)
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def _parsed(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def links(text: Text) -> list[Link]:
    """Return the links and image sources in a text, each with the line where it is written.

    In the order they are written.
    """
    if not any(mark in text.markdown for mark in LINK_MARKS):
        return []
    lines = text.markdown.split("\n")
    found, at = [], (0, 0)
    for url in _urls(text.markdown):
        place = _place(lines, url, at) or _place(
            lines, url, (0, 0)
        )  # a reference defined above its use
        if place is not None:
            at = place
        found.append(Link(url, text.first_line + (place or at)[0]))
    return found


# A preview checks the links of every text at each save; rendering the unchanged texts again took
# 0.37 s of a 1.3 s rebuild at 1,600 plans. Kept by text, for as many texts as a large site has.
TEXTS_KEPT = 4096


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _urls(markdown: str) -> tuple[str, ...]:
    """Return the addresses of the links and images in a text, as the site renders it."""
    return tuple(_parsed(bodies.render(markdown)).urls)


def _place(lines: list[str], url: str, at: tuple[int, int]) -> tuple[int, int] | None:
    """Return where a URL is written, from a line and column on.

    The line and the column after it.
    """
    line, column = at
    forms = (url, _escaped(url))
    for index in range(line, len(lines)):
        start = column if index == line else 0
        for written in forms:
            position = lines[index].find(written, start)
            if position >= 0:
                return index, position + len(written)
    return None


def _escaped(url: str) -> str:
    """Return a URL as an editor may have typed it in Markdown, with its & as &amp.

    And spaces as %20.
    """
    return url.replace("&", "&amp;").replace(" ", "%20")


@functools.lru_cache(maxsize=TEXTS_KEPT)
def anchors(markdown: str) -> frozenset[str]:
    """Return the ids on a page made of this Markdown.

    Its headings as the table of contents names them, and every id of its HTML.
    """
    return frozenset(_parsed(bodies.render(plain(markdown))).ids)


@dataclass
class Site:
    """The pages and files a link may lead to.

    Each page's Markdown, made when a link needs its anchors, and the other files.
    """

    pages: Mapping[str, Callable[[], str]]
    files: Container[str]
    _anchors: dict[str, frozenset[str]] = field(default_factory=dict)

    def anchors_of(self, uri: str) -> frozenset[str]:
        """Return the ids on one page, found once."""
        if uri not in self._anchors:
            self._anchors[uri] = anchors(self.pages[uri]())
        return self._anchors[uri]


def problems(texts: Iterable[Text], site: Site) -> list[Problem]:
    """Return a problem for every link in the texts that leads to no page.

    File or anchor of the site, or that MkDocs would not follow.
    """
    return [
        problem
        for text in texts
        for link in links(text)
        if (problem := _problem(text, link, site)) is not None
    ]


def _problem(text: Text, link: Link, site: Site) -> Problem | None:
    scheme, host, path, _, anchor = urlsplit(link.url)
    if scheme or host:
        return None  # another site: not followed
    if link.url.startswith(("/", "\\")):
        return _broken(
            text,
            link,
            f"den absoluta länken {link.url}",
            f"Skriv länken från den här filens mapp, till exempel {_relative_example(text)}.",
        )
    if not path:
        return _missing_anchor(text, link, text.uri, anchor, site) if anchor else None
    target = _target(text.uri, unquote(path))
    if target in site.pages:
        return _missing_anchor(text, link, target, anchor, site) if anchor else None
    if target in site.files:
        return None
    if not posixpath.splitext(path)[1]:
        index = posixpath.join(target, "index.md")
        hint = (
            f"Länka till sidans fil: {_from(text.uri, index)}."
            if index in site.pages
            else "Länka till en sidas fil, som slutar på .md."
        )
        return _broken(text, link, f"länken {link.url} till en mapp, inte till en sida", hint)
    return _broken(
        text,
        link,
        f"länken {link.url}, men {target} finns inte på webbplatsen",
        _close_page(text, target, site),
    )


def _target(origin: str, path: str) -> str:
    """Return the path in content/ that a link from a page leads to, as MkDocs resolves it."""
    if posixpath.normpath(path) == ".":
        return origin
    return posixpath.normpath(posixpath.join(posixpath.dirname(origin), path)).lstrip("/")


def _from(origin: str, target: str) -> str:
    """Return the relative link from a page to another file of content/."""
    return posixpath.relpath(target, posixpath.dirname(origin) or ".")


def _relative_example(text: Text) -> str:
    return f"{_from(text.uri, addresses.OVERVIEW)} i stället för /jamfor/"


def _missing_anchor(text: Text, link: Link, target: str, anchor: str, site: Site) -> Problem | None:
    ids = site.anchors_of(target)
    if anchor in ids:
        return None
    where = "den här sidan" if target == text.uri else f"sidan {target}"
    close = difflib.get_close_matches(anchor, sorted(ids), n=1)
    hint = (
        f"Menade du #{close[0]}?"
        if close
        else (
            "Ankaret är rubrikens text med små bokstäver och bindestreck, till exempel "
            "#sa-raknas-siffrorna för rubriken ”Så räknas siffrorna”."
        )
    )
    return _broken(
        text,
        link,
        f"länken {link.url}, men {where} har ingen rubrik eller annat ankare #{anchor}",
        f"Rätta ankaret efter länkens #. {hint}",
    )


def _close_page(text: Text, target: str, site: Site) -> str:
    name = posixpath.basename(target)
    others = [uri for uri in site.pages if uri != text.uri]
    same = [
        uri for uri in others if posixpath.basename(uri) == name
    ]  # the right file, from the wrong folder
    close = same or difflib.get_close_matches(target, others, n=1, cutoff=0.8)
    example = (
        f"Menade du {_from(text.uri, close[0])}?"
        if close
        else (
            "Länken räknas från den här filens mapp, till exempel ../redaktorer.md från en sida i "
            "en undermapp."
        )
    )
    return f"Rätta länken så att den leder till en sida eller fil som finns. {example}"


def _broken(text: Text, link: Link, found: str, fix: str) -> Problem:
    return Problem(
        text.path,
        link.line,
        None,
        "en länk till en sida, en rubrik eller en fil som finns på webbplatsen",
        found,
        fix,
    )


# --- The site's texts and pages, for the build and for `finsam check` ---------------------------


def texts(sources: Iterable[Source]) -> list[Text]:
    """Return the editors' texts of the content files (förbund files and site pages).

    Each body, from its line; a file that cannot be read is left out (it is a problem already).
    """
    found = []
    for source in sources:
        try:
            parts = split(decode(source.data))
        except FrontMatterError:
            continue
        found.append(Text(source.uri, source.path, parts.body, parts.body_line))
    return found


def site_of(
    corpus: Corpus,
    comparison: Callable[[], Comparison],
    uris: Iterable[str],
    site_texts: Iterable[Text],
    generated: Callable[[], Mapping[str, object]],
) -> Site:
    """Return the pages and files links may lead to.

    The content folder's (uris), its förbund pages as the site makes them, and the generated ones.

    The förbund pages and the generated ones are made only if a link needs their anchors; comparison
    gives the comparison they are made from.
    """
    page_makers: dict[str, Callable[[], str]] = {
        text.uri: (lambda text=text: text.markdown) for text in site_texts
    }
    for item in (*corpus.profiles.values(), *corpus.plans, *corpus.documents):
        page_makers[item.uri] = lambda item=item: page_markdown(item, corpus, comparison)
    files = {uri for uri in uris if not uri.endswith(".md")}
    for uri in addresses.generated_uris(
        sorted({plan.year for plan in corpus.plans}), corpus.profiles
    ):  # the years with a budget: each plan's own
        if uri.endswith(".md"):
            page_makers[uri] = lambda uri=uri: str(generated()[uri])
        else:
            files.add(uri)
    return Site(page_makers, files)


def page_markdown(
    item: Plan | Profile | Document, corpus: Corpus, comparison: Callable[[], Comparison]
) -> str:
    """Return the Markdown of a förbund's page as the site makes it (pages.page), for its anchors.

    A plan's or document's without a comparison.

    The site's modules are imported only now, when a link needs the page's anchors: importing them
    is 0.3 s of `finsam check`, and making the comparison 0.4 s at 1,505 plans
    (tests/site/test_links.py checks that these pages have the anchors pages.page gives them).
    """
    from . import forbundpages, planpage

    if isinstance(item, Plan):
        return planpage.plan_page(item, corpus.profiles[item.slug], _unlinked)
    if isinstance(item, Document):
        return forbundpages.document_page(item, corpus.profiles[item.slug], _unlinked)
    from . import pages

    return pages.page(item, corpus, comparison(), _unlinked)[1]


def _unlinked(uri: str) -> str:
    return uri


def content_problems(
    corpus: Corpus,
    comparison: Callable[[], Comparison],
    sources: list[Source],
    site_pages: Iterable[tuple[str, str, str]],
    uris: Iterable[str],
    generated: Callable[[], Mapping[str, object]],
) -> list[Problem]:
    """Return a problem for every broken link in the content folder's texts.

    The förbund files (sources) and the site pages ((uri, file, path for messages)).

    uris are every file of the content folder; comparison and generated give the comparison and the
    generated pages,
    asked only when a link needs the anchors of a förbund page or a generated one. The build and
    `finsam check` both
    ask this, once the folder and the förbund files have no error.
    """
    site_texts = texts(_read(site_pages))
    return problems(
        [*texts(sources), *site_texts], site_of(corpus, comparison, uris, site_texts, generated)
    )


def _read(files: Iterable[tuple[str, str, str]]) -> list[Source]:
    found = []
    for uri, path, shown in files:
        try:
            found.append(Source(uri, shown, contents(path)))
        except OSError:
            continue  # unreadable: a problem of the folder's already
    return found
