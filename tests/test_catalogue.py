"""Every example on the generated error page really fails, with a message an editor can act on."""

from __future__ import annotations

import pytest

from finsam.problems import ERROR
from finsam.site import catalogue


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
    assert problems and all(p.severity == ERROR for p in problems), f"{example.title}: the validator accepts these files"
    assert problems[0].message().startswith(f"content/{example.files[0][0]}")
    assert all("Förväntat:" in p.message() and "Gör så här:" in p.message() for p in problems)


def test_only_the_warning_example_is_a_warning() -> None:
    warnings = [e.title for e in catalogue.EXAMPLES if all(p.severity != ERROR for p in catalogue.problems_of(e))]
    assert warnings == ["Ett dokument utan titel (varning)"]


def test_page_shows_every_example_with_its_message() -> None:
    page = catalogue.page()
    for example in catalogue.EXAMPLES:
        assert f"\n## {example.title}\n" in page
    for example in catalogue.FILE_EXAMPLES:
        assert f"\n## {example.title}\n" in page
    assert page.count("Meddelandet:") == len(catalogue.EXAMPLES) + len(catalogue.FILE_EXAMPLES)
    assert "ERROR   -  content/forbund/exempel/2024.md" in page
