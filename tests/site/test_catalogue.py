"""Every example on the generated error page really fails, with a message an editor can act on."""

from __future__ import annotations

import re

import pytest
from conftest import EXPECTED, assert_expected
from pyyaml_english import ENGLISH_WORDS, words

from finsam.problems import ERROR
from finsam.site import catalogue

HEADINGS = ("Meddelandet:", "Meddelandena:", "Varningen:", "Varningarna:")


@pytest.mark.parametrize("example", catalogue.EXAMPLES, ids=lambda e: e.title)
def test_example_gives_a_message_with_place_and_fix(example: catalogue.Example) -> None:
    problems = catalogue.problems_of(example)
    assert problems, f"{example.title}: the validator accepts this example"
    first = problems[0].message()
    assert first.startswith(f"content/{example.path}")
    assert "Förväntat:" in first and "Gör så här:" in first


@pytest.mark.parametrize("example", catalogue.FILE_EXAMPLES, ids=lambda e: e.title)
def test_file_example_gives_an_error_naming_its_file(example: catalogue.FileExample) -> None:
    problems = catalogue.file_problems_of(example)
    assert problems and all(p.severity == ERROR for p in problems), (
        f"{example.title}: the validator accepts these files"
    )
    assert problems[0].message().startswith(f"content/{example.files[0][0]}")
    assert all("Förväntat:" in p.message() and "Gör så här:" in p.message() for p in problems)


@pytest.mark.parametrize("example", catalogue.LINK_EXAMPLES, ids=lambda e: e.title)
def test_link_example_gives_one_error_on_its_line(example: catalogue.LinkExample) -> None:
    (problem,) = catalogue.link_problems_of(example)
    assert problem.severity == ERROR and problem.message().startswith(
        f"content/{example.path}, rad 1"
    )


def test_only_the_warning_example_is_a_warning() -> None:
    warnings = [
        e.title
        for e in catalogue.EXAMPLES
        if all(p.severity != ERROR for p in catalogue.problems_of(e))
    ]
    assert warnings == ["Ett dokument utan titel (varning)"]


def test_page_shows_every_example_with_its_message() -> None:
    page = catalogue.page()
    for example in catalogue.EXAMPLES:
        assert f"\n## {example.title}\n" in page
    for example in (*catalogue.FILE_EXAMPLES, *catalogue.LINK_EXAMPLES):
        assert f"\n## {example.title}\n" in page
    assert sum(page.count(f"\n{heading}\n") for heading in HEADINGS) == len(
        catalogue.EXAMPLES
    ) + len(catalogue.FILE_EXAMPLES) + len(catalogue.LINK_EXAMPLES)
    assert "\n```text\ncontent/forbund/exempel/2024.md, rad 5\n  Förväntat: " in page


def messages_on_page() -> list[str]:
    """Return the messages the page shows, as they are printed."""
    return (
        [m.message() for e in catalogue.EXAMPLES for m in catalogue.problems_of(e)]
        + [m.message() for e in catalogue.FILE_EXAMPLES for m in catalogue.file_problems_of(e)]
        + [m.message() for e in catalogue.LINK_EXAMPLES for m in catalogue.link_problems_of(e)]
    )


def test_page_shows_the_messages_without_mkdocs_english_words_and_explains_them() -> None:
    page = catalogue.page()
    assert not re.search(r"^(?:ERROR|WARNING)\b", page, re.MULTILINE)
    assert (
        "`ERROR` före ett fel och `WARNING` före en varning" in page
    )  # what the editor sees in the terminal, explained once
    assert (
        "\nVarningen:\n\n```text\ncontent/forbund/exempel/anteckning.md, rad 1: fältet title\n"
        in page
    )


def test_page_has_no_english_from_the_yaml_parser_nor_python_notation() -> None:
    page = catalogue.page()
    for message in messages_on_page():
        english = [
            word for word in words(re.sub(r"\S*/\S*", "", message)) if word.lower() in ENGLISH_WORDS
        ]  # paths aside (content/…)
        assert not english, f"English from PyYAML: {english} in {message!r}"
    assert "(timestamp)" not in page and "b'" not in page
    assert not re.search(r"'\\[a-z]'|'<[a-z ]+>'", page)
    assert "giltig YAML, med mellanslag för indrag" in page and "ett tabbtecken (U+0009)" in page
    assert (
        'en byte som inte är UTF-8: E5 hexadecimalt, som är "å" i teckenkodningen Windows-1252'
        in page
    )


def test_page_shows_examples_on_lines_of_their_own() -> None:
    page = catalogue.page()
    assert "\\n" not in page
    assert (
        "till exempel:\n      ---\n      forbund: exempel\n      year: 2024\n      ---\n"
        "    Se sidan Planformatet."
    ) in page


# --- the page as editors read it: every example's excerpt and message, verbatim -----------------
# The catalogue is the one place for a broken example of each rule it shows: tests/fixtures/invalid/
# and the hostile cases hold only what the page does not show. So the page's messages are pinned
# here word for word (UPDATE_EXPECTED=1 rewrites tests/expected/felmeddelanden.md).

TITLES = [
    e.title for e in (*catalogue.EXAMPLES, *catalogue.FILE_EXAMPLES, *catalogue.LINK_EXAMPLES)
]


def sections(page: str) -> dict[str, str]:
    """Return the page's sections by their heading (the text before the first under "")."""
    head, *rest = page.split("\n## ")
    return {"": head} | {part.split("\n", 1)[0]: part for part in rest}


def test_page_matches_expected_output() -> None:
    assert_expected("felmeddelanden.md", catalogue.page())


@pytest.mark.parametrize("title", TITLES)
def test_example_shows_its_expected_excerpt_and_message(title: str) -> None:
    expected = sections((EXPECTED / "felmeddelanden.md").read_text(encoding="utf-8"))
    assert sections(catalogue.page())[title] == expected[title]


def test_titles_are_distinct() -> None:
    assert len(set(TITLES)) == len(TITLES)
