"""How a figure is shown to readers.

Its number, and marks for what the site computed and what a discrepancy touches.

A computed figure is set in italics with a star; a figure touched by a discrepancy has an
exclamation mark that links to the explanation on the plan's page; a missing figure is a dash,
never 0. Each mark is also text for screen readers and prints as it shows. The same marks are
written out as words where a figure is text (the feed, a chart's description).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .. import formatting
from .derived import Figure, Figures, discrepancy_anchor
from .markup import html_escaped

COMPUTED_SIGN = "*"
DISPUTED_SIGN = "!"
COMPUTED_WORD = "beräknat"
DISPUTED_WORD = "berörs av en avvikelse"

# A dash that screen readers say as "saknas": the dash is hidden from them, the word from the eye
# (aria-label is not allowed on a plain span, and the Nu HTML Checker rejects it).
MISSING_HTML = '<span aria-hidden="true">–</span><span class="finsam-visually-hidden">saknas</span>'
_COMPUTED_MARK = (
    f'<sup class="finsam-mark" aria-hidden="true">{COMPUTED_SIGN}</sup><span '
    f'class="finsam-visually-hidden"> ({COMPUTED_WORD})</span>'
)


def figure_html(
    figure: Figure, text: str, explanation: str | None, in_marked_column: bool = False
) -> str:
    """Return a figure's text (its formatted number) with its marks.

    The discrepancy's mark linked to explanation.

    In a column whose name carries the computed mark (computed_name), every figure is computed and
    none repeats the mark.
    """
    if figure.missing:
        return MISSING_HTML
    shown = html_escaped(text)
    if figure.computed and not in_marked_column:
        shown = f'<i class="finsam-computed">{shown}</i>{_COMPUTED_MARK}'
    if figure.disputed and explanation:
        shown += (
            f'<a class="finsam-flag" href="{html_escaped(explanation)}"><span '
            f'aria-hidden="true">{DISPUTED_SIGN}</span>'
            '<span class="finsam-visually-hidden"> (berörs av en avvikelse, se '
            "förklaringen)</span></a>"
        )
    return shown


def computed_name(name: str) -> Markup:
    """Return a column's name with the mark that every figure in it is computed.

    As markup for a header row.
    """
    return Markup(f"{html_escaped(name)}{_COMPUTED_MARK}")  # noqa: S704 - the name is escaped


def figure_text(figure: Figure, text: str) -> str:
    """Return a figure's text with its marks in words, for texts without markup.

    21 850 tkr (beräknat, berörs av en avvikelse).
    """
    if figure.missing:
        return "saknas"
    words = [
        word
        for word, marked in ((COMPUTED_WORD, figure.computed), (DISPUTED_WORD, figure.disputed))
        if marked
    ]
    return f"{text} ({', '.join(words)})" if words else text


def legend_html(computed: bool, disputed: bool, missing: bool) -> str:
    """Return the key to the marks a table uses, to stand under it."""
    entries = []
    if computed:
        entries.append(
            f"<i>Kursiv</i> med {COMPUTED_SIGN}: beräknat av webbplatsen ur planens rader, inte "
            "tryckt i planen."
        )
    if disputed:
        entries.append(
            f"{DISPUTED_SIGN}: berörs av en avvikelse, till exempel en tryckt summa som raderna "
            "inte går ihop med; länken leder till förklaringen på planens sida."
        )
    if missing:
        entries.append("–: uppgiften saknas.")
    if not entries:
        return ""
    return f'<p class="finsam-legend">{" ".join(entries)}</p>'


def tkr(kronor: int) -> str:
    """Return kronor as whole tkr, rounded half away from zero: 1 438 939 kr → 1 439."""
    return formatting.number(formatting.whole_tkr(kronor))


def explanation(figures: Figures, figure: Figure, link: Callable[[str], str]) -> str | None:
    """Return the link to the explanation, on the plan's page.

    Of the first discrepancy that touches a figure.
    """
    if not figure.disputed:
        return None
    return f"{link(figures.plan_uri)}#{discrepancy_anchor(figure.discrepancies[0])}"


def amount_html(figures: Figures, figure: Figure, link: Callable[[str], str]) -> str:
    """Return an amount in whole tkr with its marks.

    The discrepancy's mark linked to the explanation on the plan's page.
    """
    return figure_html(
        figure, "" if figure.missing else tkr(figure.value), explanation(figures, figure, link)
    )
