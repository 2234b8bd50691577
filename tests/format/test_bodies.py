"""The Markdown text of a förbund file may only put a documented safe subset of HTML on its page.

finsam.format.bodies renders the text as the site does and lets nh3 decide what is safe; these tests
pin what is refused, what is allowed, the line a message names, and that the check stays bounded.
"""

from __future__ import annotations

import time

import conftest
import pytest
import yaml
from conftest import ROOT, real_corpus

from finsam.format import bodies
from finsam.format.corpus import load
from finsam.format.sources import Source
from finsam.problems import errors

PATH = "content/forbund/exempel/2023.md"
FIRST = 12  # the file line a body starts on, as split() reports it

# (body, 1-based line in the body, fragment of the "Hittat" part)
REFUSED = {
    "script": ("Text.\n\n<script>alert(1)</script>\n", 3, "taggen <script>"),
    "script inline": ("Text <script>alert(1)</script> mer.\n", 1, "taggen <script>"),
    "script in heading": ("# Rubrik <script>alert(1)</script>\n", 1, "taggen <script>"),
    "script in admonition title": (
        '!!! note "<script>alert(1)</script>"\n    Text.\n',
        1,
        "taggen <script>",
    ),
    "style element": ("Text.\n\n<style>body { display: none }</style>\n", 3, "taggen <style>"),
    "iframe": ('A\n\nB\n\n<iframe src="https://example.com"></iframe>\n', 5, "taggen <iframe>"),
    "object": ('<object data="x.swf"></object>\n', 1, "taggen <object>"),
    "embed": ('<embed src="x.swf">\n', 1, "taggen <embed>"),
    "svg onload": ("<svg onload=alert(1)></svg>\n", 1, "taggen <svg>"),
    "form": ('<form action="https://example.com"><input name="x"></form>\n', 1, "taggen <form>"),
    "meta refresh": (
        '<meta http-equiv="refresh" content="0;url=https://example.com">\n',
        1,
        "taggen <meta>",
    ),
    "base": ('<base href="https://example.com/">\n', 1, "taggen <base>"),
    "link stylesheet": (
        '<link rel="stylesheet" href="https://example.com/x.css">\n',
        1,
        "taggen <link>",
    ),
    "onerror": (
        'Text.\n\n<img src="x.png" onerror="alert(1)">\n',
        3,
        "händelseattributet onerror på <img>",
    ),
    "onclick on allowed tag": (
        'Se <b onclick="alert(1)">här</b>.\n',
        1,
        "händelseattributet onclick på <b>",
    ),
    "onmouseover upper case": (
        '<div ONMOUSEOVER="alert(1)">x</div>\n',
        1,
        "händelseattributet onmouseover på <div>",
    ),
    "style attribute": (
        '<p style="position: fixed; top: 0">Falsk rubrik</p>\n',
        1,
        'attributet style="position: fixed; top: 0" på <p>',
    ),
    "style on a table cell": (
        '<table><tr><td style="color: red">x</td></tr></table>\n',
        1,
        'attributet style="color: red" på <td>',
    ),
    "target attribute": (
        '<a href="https://example.com" target="_blank">x</a>\n',
        1,
        'attributet target="_blank" på <a>',
    ),
    "javascript link": (
        "Text.\n\n[klicka](javascript:alert(1))\n",
        3,
        'länken "javascript:alert(1)"',
    ),
    "javascript link mixed case": ('<a href="JaVaScRiPt:alert(1)">x</a>\n', 1, "(javascript:)"),
    "javascript link entity-encoded": (
        'Text.\n\n<a href="&#106;avascript:alert(1)">x</a>\n',
        3,
        "(javascript:)",
    ),
    "javascript link with a tab": (
        '<a href="java&#x09;script:alert(1)">x</a>\n',
        1,
        "(javascript:)",
    ),
    "javascript reference link": (
        "Se [här][x].\n\nMer.\n\n[x]: javascript:alert(1)\n",
        5,
        "(javascript:)",
    ),
    "javascript autolink": ("<javascript:alert(1)>\n", 1, "taggen <javascript:alert(1)>"),
    "vbscript link": ("[x](vbscript:msgbox)\n", 1, "(vbscript:)"),
    "data link": (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n",
        1,
        "(data:)",
    ),
    "data image": ("![bild](data:image/png;base64,iVBORw0KGgo=)\n", 1, 'bilden "data:image/png'),
    "remote image": (
        "Text.\n\n![bild](https://example.com/spårning.png)\n",
        3,
        'bilden "https://example.com/',
    ),
    "protocol-relative image": (
        '<img src="//example.com/x.png" alt="x">\n',
        1,
        'bilden "//example.com/x.png"',
    ),
    "backslash image": ('<img src="/\\example.com/x.png" alt="x">\n', 1, "bilden"),
    "attr_list onclick": (
        'Stycke.\n{: onclick="alert(1)" }\n',
        2,
        "händelseattributet onclick på <p>",
    ),
    "attr_list style": ('## Rubrik {: style="display:none" }\n', 1, "attributet style="),
    "attr_list href": (
        '[x](https://example.com){: href="javascript:alert(1)" }\n',
        1,
        "(javascript:)",
    ),
    "attr_list remote src": (
        '![x](bild.png){: src="https://example.com/x.png" }\n',
        1,
        'bilden "https://example.com/x.png"',
    ),
    "onerror in a footnote": (
        "Text[^1].\n\n[^1]: <img src=x onerror=alert(1)>\n",
        3,
        "händelseattributet onerror",
    ),
    "unclosed div": ("Text.\n\n<div>\nöppen\n", 3, "inte är välformad kring <div>"),
    "stray end tag": ("Text.\n\n</div></article>\n\nMer.\n", 3, "inte är välformad"),
    "comment that ends early": ("<!-- a --!><script>alert(1)</script> -->\n", 1, "taggen <script>"),
}

ALLOWED = {
    "plain text": "Vanlig text med å, ä och ö.\n",
    "budget marker": "## Budget\n\n<!-- budget -->\n\n## Uppföljning\n",
    "comment": "<!-- en kommentar till redaktionen -->\nText.\n",
    "inline subset": (
        '<abbr title="Försäkringskassan">FK</abbr>, <kbd>Ctrl</kbd>, <mark>x</mark>, '
        "<sub>2</sub>, <sup>3</sup>, <b>b</b>, <i>i</i>, <u>u</u>, <small>s</small>, <span "
        'class="x">y</span>, 1<br>2\n'
    ),
    "block subset": '<div class="note" id="ett" lang="en"><p>Stycke</p><ul><li>a</li></ul></div>\n',
    "table in html": (
        '<table><caption>T</caption><thead><tr><th scope="col" '
        'colspan="2">a</th></tr></thead><tbody><tr><td>1</td><td '
        'rowspan="1">2</td></tr></tbody></table>\n'
    ),
    "table without tbody": "<table><tr><td>x</td></tr></table>\n",
    "aligned markdown table": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
    "footnote": "Text[^1].\n\n[^1]: Fotnot med [länk](https://example.com).\n",
    "admonition": '!!! warning "Observera"\n    Text.\n',
    "definition list": "Term\n: Förklaring\n",
    "links": (
        "[a](https://example.com) [b](http://example.com) [c](mailto:a@example.com) "
        "[d](../2022/) [e](#budget) <https://example.com> <a@example.com>\n"
    ),
    "relative image": '![Organisation](organisation.png "Organisation")\n',
    "attr_list class and id": (
        'Stycke.\n{: .viktigt #forsta title="t" }\n\n## Rubrik {: #egen-rubrik }\n'
    ),
    "markup as code": "`<script>alert(1)</script>` och\n\n    <iframe src=x></iframe>\n",
    "escaped text": "a < b && c > d, &lt;script&gt; och 1 < 2\n",
    "heading with toc permalink": "# Ett\n\n## Två\n\n### Tre\n",
}


def problems_of(body: str, first_line: int = FIRST) -> list:
    return bodies.check(body, PATH, first_line)


@pytest.mark.parametrize(("body", "line", "found"), REFUSED.values(), ids=REFUSED.keys())
def test_unsafe_html_is_refused_naming_file_line_and_what(body: str, line: int, found: str) -> None:
    problems = problems_of(body)
    assert problems, "no problem reported"
    matching = [p for p in problems if found in (p.found or "")]
    assert matching, [p.message() for p in problems]
    problem = matching[0]
    assert problem.path == PATH
    assert problem.line == FIRST + line - 1, problem.message()
    message = problem.message()
    assert message.startswith(f"{PATH}, rad {FIRST + line - 1}\n")
    assert "Förväntat:" in message and "Hittat:" in message and "Gör så här:" in message
    assert "Planformatet" in message


@pytest.mark.parametrize("body", ALLOWED.values(), ids=ALLOWED.keys())
def test_safe_subset_is_allowed(body: str) -> None:
    assert [p.message() for p in problems_of(body)] == []


def test_refused_tag_message_lists_the_safe_subset() -> None:
    [problem] = problems_of("<script>alert(1)</script>\n")
    assert "taggarna a, abbr, b," in problem.expected and "h1–h6" in problem.expected
    assert "https:, http:, mailto:" in problem.expected
    assert "skript" in problem.fix.lower()


def test_attribute_message_names_what_is_allowed_on_the_tag() -> None:
    [problem] = problems_of('<td onclick="x">a</td>\n'.join(["<table><tr>", "</tr></table>\n"]))
    assert (
        problem.expected
        == "attribut som är tillåtna på <td>: class, colspan, id, lang, rowspan, style, title"
    )


def test_each_occurrence_gets_its_own_line() -> None:
    body = "Ett.\n\n<script>a()</script>\n\nTvå `<script>` i kod.\n\n<script>b()</script>\n"
    assert [p.line for p in problems_of(body, 1)] == [3, 7]


def test_a_line_of_code_mentioning_the_tag_is_not_blamed() -> None:
    body = "Skriv aldrig `<iframe>`.\n\n<iframe src=x></iframe>\n"
    assert [p.line for p in problems_of(body, 1)] == [3]


def test_many_findings_are_capped_and_counted() -> None:
    body = "".join(f"<script>a{i}()</script>\n\n" for i in range(25))
    found = problems_of(body, 1)
    assert len(found) == bodies.MAX_FINDINGS
    assert [p.line for p in found] == [1 + 2 * i for i in range(bodies.MAX_FINDINGS)]
    assert "och 15 ställen till i filen" in found[-1].found


def test_found_values_are_printable_and_short() -> None:
    [problem] = problems_of('<a href="javascript:alert(1)//\x1b[2J' + "x" * 200 + '">x</a>\n')
    assert "\x1b" not in problem.message() and "\\u001b" in problem.found
    assert len(problem.found) < 120


def test_too_many_brackets_are_refused_quickly() -> None:
    # Python-Markdown's inline link parser is quadratic in unmatched "[": 8 000 take ~20 s.
    body = "Text.\n\n" + "[" * 8_000 + "\n"
    started = time.perf_counter()
    [problem] = problems_of(body, 1)
    assert time.perf_counter() - started < 1
    assert problem.line == 3 and "8000 tecken [" in problem.found


@pytest.mark.parametrize(
    ("body", "line", "found"),
    [
        ("Text.\n\n" + "&amp; " * 10_001 + "\n", 3, "10001 tecken & i stycket"),
        (
            "".join(f"[a](b) {i}\n\n" for i in range(10_001)),
            20_001,
            "10001 tecken [ fram till den här raden",
        ),
        ("".join(f"## Rubrik {i}\n\n" for i in range(1_001)), 2_001, "1001 rubriker"),
    ],
    ids=["entities in a paragraph", "brackets in a body", "headings"],
)
def test_other_slow_markdown_is_refused_quickly(body: str, line: int, found: str) -> None:
    started = time.perf_counter()
    [problem] = problems_of(body, 1)
    assert time.perf_counter() - started < 1
    assert problem.line == line and found in problem.found, problem.message()


def test_limits_apply_even_without_markup() -> None:
    [problem] = problems_of("Text.\n\n" + "R & D " * 10_001 + "\n", 1)
    assert "tecken &" in problem.found


def test_brackets_in_separate_paragraphs_are_fine() -> None:
    body = "\n\n".join(["[a](https://example.com) " * 100] * 10)
    assert problems_of(body) == []


def test_deep_nesting_is_refused_quickly() -> None:
    started = time.perf_counter()
    [problem] = problems_of("<div>" * 5_000 + "x" + "</div>" * 5_000 + "\n", 1)
    assert time.perf_counter() - started < 2
    assert "nivåer" in problem.found


def test_a_renderer_failure_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(body: str) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(bodies, "render", broken)
    [problem] = problems_of("<b>unik text för den här testen</b>\n", 1)
    assert "RecursionError" in problem.found and problem.line == 1


@pytest.mark.slow
def test_large_body_with_late_findings_stays_fast() -> None:
    body = (
        "Lorem *ipsum* dolor sit amet, [link](https://example.com). " * 10 + "\n\n"
    ) * 900 + "<script>x()</script>\n" * 12
    assert len(body) > 500_000
    started = time.perf_counter()
    found = problems_of(body, 1)
    assert time.perf_counter() - started < 10
    assert [p.line for p in found] == list(range(1_801, 1_811))


def test_prefilter_skips_bodies_without_markup() -> None:
    assert not bodies.needs_check(
        ["Text med (parentes) och ! och *betoning*.", "<!-- budget -->", "  <!-- x -->  "]
    )
    assert bodies.needs_check(["<!-- a --><b>x</b>"])
    assert bodies.needs_check(["<!-- a -- b -->"])
    assert bodies.needs_check(["[x](y)"])
    assert bodies.needs_check(["Stycke {: .x }"])


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("bild.png", True),
        ("../bilder/bild.png", True),
        ("/assets/bild.png", True),
        ("bild.png?v=1#x", True),
        ("https://example.com/x.png", False),
        ("HTTP://example.com/x.png", False),
        ("//example.com/x.png", False),
        ("\\\\example.com\\x.png", False),
        ("/\\example.com/x.png", False),
        (" \t//example.com/x.png", False),
        ("/\t/example.com/x.png", False),
        ("data:image/png;base64,AAAA", False),
    ],
)
def test_only_images_on_the_site_itself_are_local(url: str, local: bool) -> None:
    assert bodies.is_local(url) is local


class _TaggedLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' own tags (!ENV, !relative) as None."""


_TaggedLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_markdown_extensions_are_those_of_mkdocs_yml() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TaggedLoader)  # noqa: S506 - a SafeLoader that drops tags
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, value = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if value:
            options[name] = value
    assert tuple(names) == bodies.MARKDOWN_EXTENSIONS
    assert options == bodies.MARKDOWN_CONFIGS


def test_the_check_renders_with_the_extensions_mkdocs_adds_itself() -> None:
    """MkDocs puts toc, tables and fenced_code before mkdocs.yml's list.

    A fenced block is code on the page, and so to the check.
    """
    from mkdocs.config.defaults import MkDocsConfig

    assert tuple(MkDocsConfig.markdown_extensions.builtins) == bodies.MKDOCS_BUILTIN_EXTENSIONS
    assert '<pre><code class="language-html">&lt;script&gt;' in bodies.render(
        "```html\n<script>alert(1)</script>\n```\n"
    )
    assert problems_of("Text.\n\n```html\n<script>alert(1)</script>\n```\n") == []
    assert [p.line for p in problems_of("```\nkod\n```\n\n<script>alert(1)</script>\n", 1)] == [5]


def test_real_bodies_pass_and_each_is_checked_quickly() -> None:
    corpus = real_corpus()
    items = [*corpus.profiles.values(), *corpus.plans, *corpus.documents]
    assert len(items) >= 8
    for item in items:
        started = time.perf_counter()
        assert bodies.findings(item.body) == (), item.path
        assert time.perf_counter() - started < 0.5, item.path


def test_budget_marker_is_not_part_of_the_html_subset_decision() -> None:
    plan = next(p for p in real_corpus().plans if "<!-- budget -->" in p.body)
    assert problems_of(plan.body) == []


# --- wired into the corpus --------------------------------------------------------------------

FIXTURES = conftest.FIXTURES / "valid" / "documents-and-a-minimal-plan" / "forbund" / "exempel"


def tree(replace: dict[str, bytes]) -> list[Source]:
    files = {path.name: path.read_bytes() for path in FIXTURES.iterdir()}
    files.update(replace)
    return [
        Source(f"forbund/exempel/{name}", f"content/forbund/exempel/{name}", data)
        for name, data in sorted(files.items())
    ]


def with_body(data: bytes, body: str) -> bytes:
    head, _, _ = data.partition(b"\n---\n")
    return head + b"\n---\n" + body.encode("utf-8")


@pytest.mark.parametrize("name", ["index.md", "2024.md", "protokoll.md"])
def test_every_kind_of_file_has_its_body_checked(name: str) -> None:
    original = {s.uri.rsplit("/", 1)[1]: s.data for s in tree({})}
    data = original.get(name) or b"---\ntitle: Protokoll\n---\n"
    edited = with_body(data, "Text.\n\n<script>alert(1)</script>\n")
    corpus = load(tree({name: edited}))
    found = errors(corpus.problems)
    assert len(found) == 1, [p.message() for p in found]
    line = edited.decode("utf-8").split("\n").index("<script>alert(1)</script>") + 1
    assert found[0].message().startswith(f"content/forbund/exempel/{name}, rad {line}\n")


def test_an_unsafe_profile_body_does_not_hide_the_profile() -> None:
    """Only the body error is reported: the plans of the förbund still find their profile."""
    data = {s.uri.rsplit("/", 1)[1]: s.data for s in tree({})}["index.md"]
    corpus = load(tree({"index.md": with_body(data, '<p onclick="x()">Profil</p>\n')}))
    assert "exempel" in corpus.profiles
    assert len(errors(corpus.problems)) == 1


def test_body_is_checked_even_when_the_front_matter_is_broken() -> None:
    corpus = load(tree({"2024.md": b"---\ntitle: [\n---\n<script>x()</script>\n"}))
    found = [p.message() for p in errors(corpus.problems)]
    assert any("giltig YAML" in m for m in found) and any("taggen <script>" in m for m in found)
