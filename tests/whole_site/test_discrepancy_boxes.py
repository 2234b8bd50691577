"""The boxes that explain a plan's discrepancies, as a reader sees them in Chromium.

A discrepancy confirmed in the source document is an error, one not yet checked a warning: each box
says so in its title and with its own icon, so that colour only repeats them, and its border and
icon stand out from the page (3:1, WCAG 1.4.11) in the light and the dark palette, where axe-core
finds nothing to fault. The site is the real one with the example förbund of the fixture that has
both kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import (
    CHROMIUM,
    LAUNCH_ARGS,
    Guard,
    axe_violations,
    describe_violations,
    new_context,
    require_chromium,
    require_playwright,
    serve,
    use_scheme,
)
from conftest import FIXTURES, build_copy

pytestmark = pytest.mark.browser

BOTH_KINDS = FIXTURES / "valid" / "discrepancies-confirmed-and-unconfirmed"
PLAN = "/forbund/exempel/2023/"

STYLES = """() => Array.from(document.querySelectorAll('.finsam-discrepancies')).map(box => {
  const title = box.querySelector('.admonition-title');
  const icon = getComputedStyle(title, '::before');
  return {
    kind: box.classList.contains('finsam-confirmed') ? 'confirmed' : 'unconfirmed',
    title: title.textContent.trim(),
    border: getComputedStyle(box).borderLeftColor,
    icon: icon.backgroundColor,
    mask: icon.maskImage || icon.webkitMaskImage,
    page: getComputedStyle(document.body).backgroundColor,
  };
})"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    require_playwright()
    content = {
        f"forbund/exempel/{path.name}": path.read_text(encoding="utf-8")
        for path in (BOTH_KINDS / "forbund" / "exempel").iterdir()
    }
    build = build_copy(tmp_path_factory.mktemp("boxes"), content)
    assert build.returncode == 0, build.log
    with serve(build.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _rgb(colour: str) -> tuple[float, ...]:
    """Return a computed CSS colour's red, green and blue (0–255), and its alpha."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _luminance(colour: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["ljust", "mörkt"])
def test_an_error_and_a_warning_differ_in_words_icon_and_colour(
    browser, base: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    guard = Guard(base)
    context = new_context(browser, guard)
    try:
        page = context.new_page()
        use_scheme(page, base, scheme)
        page.goto(base + PLAN)
        boxes = page.evaluate(STYLES)
        kinds = {box["kind"]: box for box in boxes}
        assert set(kinds) == {"confirmed", "unconfirmed"}, boxes
        confirmed, unconfirmed = kinds["confirmed"], kinds["unconfirmed"]
        assert confirmed["title"].startswith("Fel i källdokumentet")
        assert unconfirmed["title"].startswith("Ej kontrollerat")
        # Each says it without colour too: a cross for the error, a warning sign for the warning.
        assert confirmed["mask"] != unconfirmed["mask"] and "url(" in confirmed["mask"]
        assert confirmed["border"] != unconfirmed["border"]
        for box in boxes:
            assert box["icon"] == box["border"], box
            assert _contrast(box["border"], box["page"]) >= 3, box  # WCAG 1.4.11
        # Red for the error, orange for the warning: not the green of success.
        red, green, _, _ = _rgb(confirmed["border"])
        assert red > 2 * green, confirmed
        red, green, blue, _ = _rgb(unconfirmed["border"])
        assert red > green > blue, unconfirmed
        violations = axe_violations(Axe(), page)
        assert not violations, describe_violations(violations)
        assert not guard.outside, guard.outside
    finally:
        context.close()
