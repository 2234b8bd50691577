"""Charts for the comparison pages: static, accessible inline SVG, written by hand.

Why by hand and not with pygal: pygal 3.1.3 always writes a <script> (``Svg.pre_render`` calls
``add_scripts`` even with ``js=[]``), a comment with today's date, and a random ``uuid4`` chart id;
it has no role, aria-labelledby or <desc>, no fill patterns, only round dots as markers, no direct
end labels, and it truncates long names instead of wrapping them. Each of these could be patched
in an XML filter, but then most of the output would be post-processing of pygal's internal tree.
The builder below is small, deterministic and writes only what the requirements ask for.

The SVG is written as xml.etree writes an indented tree (one space per level), but directly: a
chart has hundreds of elements and a site twenty charts. Every piece of text from the data is
escaped as xml.etree escapes it (& < > in text, and " and line breaks too in attributes).

Text and axes use ``currentColor``, so they follow Material's light and dark palettes and print;
the fills are mid-tone colours with at least 3:1 contrast against both #fff and the dark
background #1e2129, and colour is never the only cue: cost categories also have patterns and
percentage labels, and revenue series have their own marker, dash pattern and a label at the end
of the line.

Rounding, the same as the comparison tables beside the charts:

- amounts are shown in whole tkr, rounded half away from zero (1 438 500 kr is 1 439 tkr);
- shares are shown with ``formatting.percent`` of the exact share, which rounds half to even to
  a tenth of a percentage point (12,45 % is 12,4 %).

Positions are computed from the exact values; only the labels are rounded.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, lru_cache

from .. import formatting
from ..format.model import COST_CATEGORIES
from . import marks
from .derived import Figure, Figures

SVG_NS = "http://www.w3.org/2000/svg"

# The drawing is WIDTH user units wide and scales to the width of its container. With 16-unit
# text that is 30 em across: about 11 px text on a 360 px phone, where the page column is
# 328 px wide. Height grows with the number of rows.
WIDTH = 480
FONT = 16
SMALL = 15
LINE = 20

# Fills, strokes and markers: relative luminance 0.20–0.26, so each has at least 3.3:1 contrast
# against #fff and against Material's dark background #1e2129, and at least 5:1 against the
# black labels drawn on top of them. Colour only helps: every category has a pattern as well and
# every series a marker and a dash pattern.
PALETTE = ("#3a7fc2", "#c86a1e", "#2e9a5a", "#9a6bc6", "#d0587e", "#1f9aa0", "#9a8a2a", "#8a8a8a")
INK = "#000"

# One pattern per cost category, drawn in black over the category's colour (8×8 tiles).
PATTERNS: dict[str, str] = {
    "administration": "",
    "structural": "M-2,2L2,-2M0,8L8,0M6,10L10,6",
    "individual": "dots",
    "unallocated": "M2,0V8M6,0V8",
    "other": "M0,0L8,8M8,0L0,8",
}

COLOURS = dict(
    zip(COST_CATEGORIES, PALETTE, strict=False)
)  # each cost category's colour, under its pattern

MAX_SERIES = 8
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "ring", "box", "cross")
DASHES = ("", "9 4", "2 4", "12 4 2 4")

# How many förbund a description lists one by one; above it, it summarises each category.
LIST_LIMIT = 10

_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: inline SVG markup, its title and a plain-text alternative in Swedish."""

    svg: str
    title: str
    description: str


STANDALONE_FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
_INLINE_WIDTH = re.compile(r' viewBox="0 0 ([0-9.]+) ([0-9.]+)" width="100%"')


def standalone(chart: Chart) -> str:
    """Return a chart as a standalone SVG file.

    An XML declaration, its own size and a sans-serif font.
    """
    sized = _INLINE_WIDTH.sub(
        lambda m: (
            f' viewBox="0 0 {m[1]} {m[2]}" width="{m[1]}" height="{m[2]}" '
            f'font-family="{STANDALONE_FONT}"'
        ),
        chart.svg,
        count=1,
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{sized}\n'


# --- Text --------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Return text with characters XML cannot hold replaced, and whitespace collapsed."""
    return " ".join(_INVALID_XML.sub("\ufffd", text).split())


def _char_width(char: str) -> float:
    if char in " .,:;'!|ilIjtf()[]\u00a0":
        return 0.3
    if char in "mwMW%@":
        return 0.88
    if char.isupper():
        return 0.68
    return 0.56


@lru_cache(maxsize=16_384)
def _text_width(text: str, size: float) -> float:
    """Return an estimate of the width of text in a sans-serif font, erring on the wide side."""
    return sum(_char_width(char) for char in text) * size


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Return text broken into lines at most width wide: between words, after a hyphen, or
    (for a word longer than a line) inside the word, with a hyphen added at the break."""
    pieces = [
        (piece, index > 0 and start == 0)
        for index, word in enumerate(text.split(" "))
        for start, piece in _pieces(word)
    ]
    lines: list[str] = []
    current = ""
    for piece, spaced in pieces:
        while _text_width(piece, size) > width:
            if current:
                lines.append(current)
                current = ""
            cut = 1
            while cut < len(piece) - 1 and _text_width(piece[: cut + 1] + "-", size) <= width:
                cut += 1
            lines.append(piece[:cut] + "-")
            piece, spaced = piece[cut:], False
        candidate = f"{current}{' ' if spaced else ''}{piece}" if current else piece
        if current and _text_width(candidate, size) > width:
            lines.append(current)
            current = piece
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def _pieces(word: str) -> list[tuple[int, str]]:
    """Return a word's parts that a line may end after (each ending in a hyphen but the last)."""
    parts = re.findall(r"[^-]*-+|[^-]+$", word) or [word]
    starts = [sum(len(p) for p in parts[:i]) for i in range(len(parts))]
    return list(zip(starts, parts, strict=False))


def _money(kronor: int) -> str:
    return formatting.money(formatting.whole_tkr(kronor), "tkr")


def _share(share: Fraction) -> str:
    return formatting.percent(float(share))


def _names(items: Sequence[str]) -> str:
    """Return Swedish enumeration: a, b och c."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


# --- SVG building ------------------------------------------------------------------------------


@lru_cache(maxsize=16_384)
def _n(value: float) -> str:
    """Return a coordinate with at most two decimals, the same on every run."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def _attribute(key: str) -> str:
    """Return an attribute's name from a keyword: _ for -, class_ for class."""
    return "class" if key == "class_" else key.replace("_", "-")


@dataclass(slots=True)
class _Group:
    """An element of a drawing that holds others.

    tag, attributes (escaped), and children, each a group or written out.
    """

    tag: str
    attributes: dict[str, str]
    children: list[_Group | str] = field(default_factory=list)


def _group(parent: _Group, tag: str, **attributes: object) -> _Group:
    """Add a child that holds other elements: a g, defs or pattern."""
    group = _Group(
        tag,
        {_attribute(key): _value(value) for key, value in attributes.items() if value is not None},
    )
    parent.children.append(group)
    return group


def _el(parent: _Group, tag: str, text: str | None = None, **attributes: object) -> None:
    """Add a child that holds no elements, written out at once.

    Attribute names use _ for -, numbers are rounded.
    """
    written = "".join(
        [
            f' {_attribute(key)}="{_value(value)}"'
            for key, value in attributes.items()
            if value is not None
        ]
    )
    parent.children.append(
        f"<{tag}{written}>{text.translate(_TEXT_ESCAPES)}</{tag}>"
        if text
        else f"<{tag}{written} />"
    )


def _value(value: object) -> str:
    """Return an attribute value as written: a number rounded, a text escaped."""
    return (
        _n(value) if isinstance(value, (int, float, Fraction)) else _escaped_attribute(str(value))
    )


def _root(chart_id: str, kind: str, title: str, description: str) -> _Group:
    attributes = {
        "xmlns": SVG_NS,
        "id": chart_id,
        "class": f"finsam-chart-svg finsam-chart-{kind}",
        "viewBox": "",
        "width": "100%",
        "role": "img",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "font-size": str(FONT),
    }
    root = _Group("svg", {name: _escaped_attribute(value) for name, value in attributes.items()})
    _el(root, "title", title, id=f"{chart_id}-title")
    _el(root, "desc", description, id=f"{chart_id}-desc")
    return root


def _finish(root: _Group, height: float) -> str:
    root.attributes["viewBox"] = f"0 0 {WIDTH} {_n(math.ceil(height))}"
    out: list[str] = []
    _write(root, 0, out)
    return "".join(out)


# What XML escapes, as xml.etree writes it: in text, and in attribute values.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#09;",
    }
)
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')


def _escaped_attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE_ESCAPES) if _ATTRIBUTE_SPECIAL.search(value) else value


def _write(group: _Group, level: int, out: list[str]) -> None:
    """Write a group as xml.etree writes it after indent(space=" ").

    Each child on a line of its own, one space deeper.
    """
    attributes = "".join([f' {name}="{value}"' for name, value in group.attributes.items()])
    if not group.children:
        out.append(f"<{group.tag}{attributes} />")
        return
    inner = "\n" + " " * (level + 1)
    out.append(f"<{group.tag}{attributes}>")
    for child in group.children:
        out.append(inner)
        if isinstance(child, str):
            out.append(child)
        else:
            _write(child, level + 1, out)
    out.append(f"\n{' ' * level}</{group.tag}>")


def _text(
    parent: _Group,
    x: float,
    y: float,
    text: str,
    size: int = FONT,
    anchor: str | None = None,
    **attributes: object,
) -> None:
    _el(
        parent,
        "text",
        text,
        x=x,
        y=y,
        font_size=None if size == FONT else size,
        text_anchor=anchor,
        fill="currentColor",
        **attributes,
    )


def _message(chart_id: str, kind: str, title: str, description: str, message: str) -> Chart:
    root = _root(chart_id, kind, title, description)
    _text(root, 0, 24, message)
    return Chart(_finish(root, 36), title, description)


# --- Cost shares -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CostRow:
    name: str
    shares: tuple[tuple[str, Fraction], ...] | None
    problem: str | None
    amounts: tuple[tuple[str, int], ...] = ()
    costs: int = 0


def _cost_row(name: str, figures: Figures) -> _CostRow:
    """Return a förbund's bar.

    Its name (with the plan a forecast comes from, and whether a discrepancy touches it), and its
    shares.
    """
    words = [_forecast_words(figures)] if figures.is_forecast else []
    words += [marks.DISPUTED_WORD] if figures.cost_lines.disputed else []
    name = f"{name} ({', '.join(words)})" if words else name
    by_category = dict(figures.costs_by_category)
    amounts = tuple((category, by_category.get(category, 0)) for category in COST_CATEGORIES)
    costs = 0 if figures.cost_lines.missing else figures.cost_lines.value
    if costs <= 0 or any(amount < 0 for _, amount in amounts):
        problem = (
            "inga kostnadsrader i budgeten"
            if figures.cost_lines.missing
            else "kostnadsraderna summerar till 0 kr"
            if costs == 0
            else "negativa kostnader, kan inte visas som andelar"
        )
        return _CostRow(name, None, problem)
    shares = tuple((category, share.value) for category, share in figures.cost_shares)
    return _CostRow(name, shares, None, amounts, costs)


def _forecast_words(figures: Figures) -> str:
    return f"prognos i planen för {figures.plan_year}"


def _cost_description(year: int, rows: list[_CostRow]) -> str:
    categories = ", ".join(COST_CATEGORIES.values())
    parts = [
        f"Liggande stapeldiagram över hur kostnaderna i förbundens budgetar för {year} fördelar "
        "sig på "
        f"kostnadskategorier, en stapel per förbund ({len(rows)} förbund). Varje stapel är 100 "
        "procent "
        "av summan av förbundets kostnadsrader. Kategorierna står i samma ordning i varje "
        f"stapel, från vänster: {categories}. "
        "Andelarna är beräknade av webbplatsen, och kategorierna är redaktionens indelning av "
        "planernas rader."
    ]
    if any(row.name.endswith(f"{marks.DISPUTED_WORD})") for row in rows):
        parts.append(
            f"Ett förbund som är markerat ”{marks.DISPUTED_WORD}” har kostnadsrader som inte går "
            "ihop med en tryckt summa i avskriften; "
            "förklaringen står på planens sida."
        )
    if len(rows) <= LIST_LIMIT:
        for row in rows:
            if row.shares is None:
                parts.append(f"{row.name}: {row.problem}.")
                continue
            listed = [f"{COST_CATEGORIES[c]} {_share(s)}" for c, s in row.shares if s]
            parts.append(f"{row.name}: {', '.join(listed)}.")
        if any(row.shares and any(not s for _, s in row.shares) for row in rows):
            parts.append("Kategorier som inte nämns har inga kostnader.")
    else:
        drawn = [(dict(row.shares), row.name) for row in rows if row.shares is not None]
        for category, label in COST_CATEGORIES.items():
            values = [(shares[category], name) for shares, name in drawn]
            if not values:
                break
            keys = [_exact(share) for share, _ in values]
            low = values[min(range(len(keys)), key=keys.__getitem__)]
            high = values[max(range(len(keys)), key=keys.__getitem__)]
            median = _median(keys)
            parts.append(
                f"{label}: median {_share(median)}, från {_share(low[0])} ({low[1]}) till "
                f"{_share(high[0])} ({high[1]})."
            )
        missing = [row.name for row in rows if row.shares is None]
        if missing:
            parts.append(f"Utan stapel: {_names(missing)}.")
        parts.append("Andelarna för varje förbund finns i tabellen på sidan.")
    return " ".join(parts)


def _exact(share: Fraction) -> tuple[float, Fraction]:
    """Return a key that orders shares exactly and quickly.

    By the float, and by the fraction only where floats tie.
    """
    return float(share), share


def _median(keys: list[tuple[float, Fraction]]) -> Fraction:
    """Return the median of the shares.

    As statistics.median does (the mean of the middle two of an even number).
    """
    ordered = [share for _, share in sorted(keys)]
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _patterns(root: _Group, chart_id: str) -> dict[str, str]:
    """Add one pattern per cost category and return each category's fill value."""
    defs = _group(root, "defs")
    fills = {}
    for index, category in enumerate(COST_CATEGORIES):
        colour = PALETTE[index]
        shape = PATTERNS[category]
        if not shape:
            fills[category] = colour
            continue
        pattern_id = f"{chart_id}-{category}"
        pattern = _group(
            defs, "pattern", id=pattern_id, width=8, height=8, patternUnits="userSpaceOnUse"
        )
        _el(pattern, "rect", width=8, height=8, fill=colour)
        if shape == "dots":
            _el(pattern, "circle", cx=2, cy=2, r=1.5, fill=INK)
            _el(pattern, "circle", cx=6, cy=6, r=1.5, fill=INK)
        else:
            _el(pattern, "path", d=shape, stroke=INK, stroke_width=1.25, fill="none")
        fills[category] = f"url(#{pattern_id}) {colour}"
    return fills


def _cost_legend(root: _Group, fills: dict[str, str], top: float) -> float:
    """Draw the legend, swatch and pattern beside each name, and return its bottom."""
    legend = _group(root, "g", class_="legend")
    x, y = 0.0, top
    for category, label in COST_CATEGORIES.items():
        width = 30 + _text_width(label, SMALL)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 26
        _el(
            legend,
            "rect",
            x=x,
            y=y,
            width=24,
            height=16,
            fill=fills[category],
            stroke="currentColor",
            stroke_width=0.75,
        )
        _text(legend, x + 30, y + 13, label, size=SMALL)
        x += width + 16
    return y + 16


def _share_axis(parent: _Group, y: float) -> None:
    """Write 0–100 % tick labels across the bar width, at baseline y."""
    for quarter in range(5):
        anchor = "start" if quarter == 0 else "end" if quarter == 4 else "middle"
        label = f"{formatting.number(quarter * 25)}\u00a0%"
        _text(parent, WIDTH * quarter / 4, y, label, size=SMALL, anchor=anchor)


BAR = 30  # height of a bar
GAP = 2  # space between the segments of a bar
BOLD = 1.1  # how much wider bold text is than the estimate for regular text, at most


def cost_shares_chart(year: int, rows: Sequence[tuple[str, Figures]]) -> Chart:
    """Return one horizontal 100 % bar per förbund.

    Each cost category's share of its budget for year.
    """
    for _, figures in rows:
        if figures.year != year:
            raise ValueError(f"figures for {figures.slug} are for {figures.year}, not {year}")
    chart_id = f"chart-cost-shares-{year}"
    title = f"Kostnadernas fördelning per förbund {year}"
    prepared = [_cost_row(_clean(name), figures) for name, figures in rows]
    if not prepared:
        description = f"Det finns inga budgetar för {year} att visa."
        return _message(chart_id, "cost-shares", title, description, description)
    description = _cost_description(year, prepared)
    root = _root(chart_id, "cost-shares", title, description)
    fills = _patterns(root, chart_id)
    y = _cost_legend(root, fills, 0)
    axis = _group(root, "g", class_="axis")
    grid = _group(
        root, "g", class_="grid", stroke="currentColor", stroke_opacity=0.35, stroke_dasharray="3 3"
    )
    if len(prepared) > 4:
        y += 30
        _share_axis(axis, y)
    y += 14
    grid_top = y
    bars = _group(root, "g", class_="bars")
    for row in prepared:
        y = _cost_bar_row(_group(bars, "g"), row, fills, y)
    for quarter in range(1, 4):
        x = WIDTH * quarter / 4
        _el(grid, "line", x1=x, y1=grid_top, x2=x, y2=y - 10)
    y += 8
    _share_axis(axis, y)
    return Chart(_finish(root, y + 6), title, description)


def _cost_bar_row(group: _Group, row: _CostRow, fills: dict[str, str], y: float) -> float:
    """Draw one förbund's name and its bar (or why it has none) from y.

    Return where the next starts.
    """
    for line in _wrap(row.name, WIDTH / BOLD, FONT):
        y += LINE
        _text(group, 0, y - 5, line, font_weight="bold")
    y += 4
    if row.shares is None:
        _el(
            group,
            "rect",
            x=0.5,
            y=y + 0.5,
            width=WIDTH - 1,
            height=BAR - 1,
            fill="none",
            stroke="currentColor",
            stroke_dasharray="4 3",
        )
        _text(
            group,
            10,
            y + BAR / 2 + 5,
            row.problem[0].upper() + row.problem[1:] + ".",
            size=SMALL,
        )
    else:
        _bar(group, row.amounts, row.costs, fills, y)
    return y + BAR + 14


def _bar(
    group: _Group,
    amounts: tuple[tuple[str, int], ...],
    costs: int,
    fills: dict[str, str],
    top: float,
) -> None:
    """Draw a bar of a segment per category with costs.

    Each labelled with its share where the label fits.

    Positions are exact: WIDTH × amount / costs in integers, divided once (Python rounds int / int
    correctly).
    """
    present = [(category, amount) for category, amount in amounts if amount > 0]
    start = 0
    for index, (category, amount) in enumerate(present):
        x = WIDTH * start / costs
        width = max(1.5, WIDTH * amount / costs - (GAP if index < len(present) - 1 else 0))
        start += amount
        _el(group, "rect", x=x, y=top, width=width, height=BAR, fill=fills[category])
        label = formatting.percent(amount / costs)
        label_width = _text_width(label, SMALL)
        patterned = bool(PATTERNS[category])
        if width >= label_width + (14 if patterned else 6):
            centre = x + width / 2
            if patterned:
                # A plate of the plain colour behind the label keeps the pattern out of the text.
                _el(
                    group,
                    "rect",
                    x=centre - label_width / 2 - 4,
                    y=top + BAR / 2 - 10,
                    width=label_width + 8,
                    height=20,
                    fill=COLOURS[category],
                )
            _el(
                group,
                "text",
                label,
                x=centre,
                y=top + BAR / 2 + 5,
                font_size=SMALL,
                text_anchor="middle",
                fill=INK,
            )


# --- Revenue over time -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Series:
    name: str
    points: tuple[tuple[int, int], ...]  # (year, revenue in kronor), oldest first
    style: int = 0
    forecasts: frozenset[int] = (
        frozenset()
    )  # the years whose point is a forecast: a ring around it, and no line to it
    notes: tuple[
        tuple[int, str], ...
    ] = ()  # (year, words) for the description: a forecast's plan, touched by a discrepancy


def _series_of(name: str, timeline: Sequence[Figures]) -> _Series:
    points: dict[int, int] = {}
    forecasts = set()
    notes = []
    for figures in timeline:
        if figures.year in points:
            raise ValueError(f"two figures for {figures.slug} {figures.year}")
        if figures.revenue.missing:
            continue
        points[figures.year] = figures.revenue.value
        words = [_forecast_words(figures)] if figures.is_forecast else []
        words += (
            [marks.DISPUTED_WORD] if figures.revenue.disputed else []
        )  # computed it always is: the description says so once
        if figures.is_forecast:
            forecasts.add(figures.year)
        if words:
            notes.append((figures.year, ", ".join(words)))
    return _Series(
        _clean(name),
        tuple(sorted(points.items())),
        forecasts=frozenset(forecasts),
        notes=tuple(notes),
    )


def _nice_step(largest: int) -> int:
    """Return a tick step of 1, 2, 2.5 or 5 times a power of ten (whole tkr).

    For about four ticks.
    """
    raw = max(Fraction(largest, 4), Fraction(1))
    power = 1
    while True:
        for multiple in (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5)):
            step = multiple * power
            if step >= raw and step.denominator == 1:
                return int(step)
        power *= 10


def _missing(series: _Series) -> list[int]:
    years = [year for year, _ in series.points]
    return [year for year in range(years[0], years[-1] + 1) if year not in set(years)]


def _point_text(series: _Series, year: int, value: int) -> str:
    notes = dict(series.notes)
    return f"{year} {_money(value)} ({notes[year]})" if year in notes else f"{year} {_money(value)}"


def _series_text(series: _Series) -> str:
    points = series.points
    if len(points) <= 6:
        text = ", ".join(_point_text(series, year, value) for year, value in points)
    else:
        first, last = points[0], points[-1]
        high = max(points, key=lambda p: p[1])
        low = min(points, key=lambda p: p[1])
        text = (
            f"{_point_text(series, *first)}, {_point_text(series, *last)}; högst "
            f"{_point_text(series, *high)}, lägst {_point_text(series, *low)}"
        )
    missing = _missing(series)
    if missing:
        text += f"; varken budget eller prognos {_names([str(year) for year in missing])}"
    return f"{series.name}: {text}."


def _revenue_description(
    shown: list[_Series], total: int, empty: int, first: int, last: int
) -> str:
    span = str(first) if first == last else f"{first}–{last}"
    early = (
        f", med linjens sista år inom parentes om det är före {last}"
        if any(s.points[-1][0] < last for s in shown)
        else ""
    )
    parts = [
        f"Linjediagram över intäkterna utom eget kapital i förbundens budgetar {span}, i tusental "
        "kronor (tkr), en linje per förbund."
        " Varje linje har sin egen färg, markör och streckning, och förbundets namn står vid "
        f"linjens slut{early}."
        " Ett år utan budget är en lucka i linjen, inte noll."
    ]
    if any(s.forecasts for s in shown):
        parts.append(
            "En punkt med en streckad ring är en prognos ur en tidigare plan, för ett år som "
            "förbundet inte har någon plan för på webbplatsen; den har ingen linje till sig."
        )
    parts.append(
        "Beloppen är beräknade av webbplatsen: summan av planens intäktsrader utom eget kapital."
    )
    if len(shown) < total:
        parts.append(
            f"Diagrammet visar de {len(shown)} av {total} förbund som har högst intäkter i sin "
            "senaste budget;"
            " intäkterna för alla förbund finns i tabellen på sidan."
        )
    if empty:
        parts.append(f"{empty} förbund har ingen budget på webbplatsen och saknas i diagrammet.")
    parts.extend(_series_text(series) for series in shown)
    return " ".join(parts)


def _marker(parent: _Group, kind: str, x: float, y: float, colour: str) -> None:
    if kind == "circle":
        _el(parent, "circle", cx=x, cy=y, r=4.5, fill=colour)
    elif kind == "ring":
        _el(parent, "circle", cx=x, cy=y, r=4, fill="none", stroke=colour, stroke_width=2.5)
    elif kind == "square":
        _el(parent, "rect", x=x - 4, y=y - 4, width=8, height=8, fill=colour)
    elif kind == "box":
        _el(
            parent,
            "rect",
            x=x - 3.75,
            y=y - 3.75,
            width=7.5,
            height=7.5,
            fill="none",
            stroke=colour,
            stroke_width=2.5,
        )
    elif kind == "cross":
        _el(
            parent,
            "path",
            d=f"M{_n(x - 4)},{_n(y - 4)}l8,8m0,-8l-8,8",
            stroke=colour,
            stroke_width=2.5,
            fill="none",
        )
    else:
        sign = -1 if kind == "triangle" else 1
        if kind == "diamond":
            d = f"M{_n(x)},{_n(y - 6)}l5.5,6l-5.5,6l-5.5,-6z"
        else:
            d = f"M{_n(x - 5.5)},{_n(y - sign * 4)}h11l-5.5,{_n(sign * 9.5)}z"
        _el(parent, "path", d=d, fill=colour)


def _spread(wanted: list[tuple[float, float]], low: float, high: float) -> list[float]:
    """Return tops for blocks (wanted centre, height) so they do not overlap, in the same order."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i][0], i))
    tops = [0.0] * len(wanted)
    bottom = low
    for i in order:
        centre, height = wanted[i]
        tops[i] = max(centre - height / 2, bottom)
        bottom = tops[i] + height + 4
    ceiling = high
    for i in reversed(order):
        height = wanted[i][1]
        tops[i] = min(tops[i], ceiling - height)
        ceiling = tops[i] - 4
    return tops


PLOT_HEIGHT = 240
LABEL_KEY = 26  # the line sample with the marker before each end label
LABEL_MAX = 180  # the widest the column of end labels gets


def _label_column(names: list[str]) -> float:
    """Return the width of the column of end labels, 100–180.

    Room for each whole name if it fits, else its longest word.
    """
    room = LABEL_MAX - LABEL_KEY - 4

    def needed(name: str) -> float:
        whole = _text_width(name, SMALL)
        return whole if whole <= room else max(_text_width(word, SMALL) for word in name.split(" "))

    return min(LABEL_MAX, max(100, math.ceil(max(needed(name) for name in names)) + LABEL_KEY + 4))


@dataclass(frozen=True, slots=True)
class _Plot:
    """The revenue chart's plot area, and where a year and an amount fall in it."""

    left: float
    right: float
    top: float
    height: float
    first: int  # the first and the last year
    last: int
    bottom_value: int  # the lowest and the highest tick, in tkr
    top_value: int
    ticks: tuple[int, ...]  # in tkr
    inset: float = 12  # between the y axis and the first year, the last year and the labels

    @property
    def bottom(self) -> float:
        """Return the y of the plot area's bottom edge."""
        return self.top + self.height

    @property
    def years(self) -> int:
        """Return the number of years along the x axis."""
        return self.last - self.first + 1

    def x(self, year: int) -> float:
        """Return the x of a year."""
        if self.years == 1:
            return (self.left + self.right) / 2
        return (
            self.left
            + self.inset
            + (year - self.first) * (self.right - self.left - 2 * self.inset) / (self.years - 1)
        )

    def y(self, kronor: int | Fraction) -> float:
        """Return the y of an amount in kronor."""
        return (
            self.bottom
            - float(
                (Fraction(kronor, 1000) - self.bottom_value) / (self.top_value - self.bottom_value)
            )
            * self.height
        )


def revenue_chart(series: Sequence[tuple[str, Sequence[Figures]]]) -> Chart:
    """Return a line per förbund of its revenue without equity in its budgets over the years.

    Forecasts are ringed points; missing years are gaps.
    """
    everything = [_series_of(name, timeline) for name, timeline in series]
    present = [s for s in everything if s.points]
    empty = len(everything) - len(present)
    if not present:
        title = "Intäkter utom eget kapital per förbund"
        description = "Det finns inga budgetar att visa."
        return _message("chart-revenue", "revenue", title, description, description)
    first = min(s.points[0][0] for s in present)
    last = max(s.points[-1][0] for s in present)
    span = str(first) if first == last else f"{first}–{last}"
    chart_id = f"chart-revenue-{first}" if first == last else f"chart-revenue-{first}-{last}"
    title = f"Intäkter utom eget kapital per förbund {span}"
    shown = _chosen_series(present)
    description = _revenue_description(shown, len(present), empty, first, last)
    root = _root(chart_id, "revenue", title, description)
    # A series that ends before the last year has no line to the column (it would look like data):
    # its label says its last year instead.
    names = [s.name if s.points[-1][0] == last else f"{s.name} ({s.points[-1][0]})" for s in shown]
    label_column = _label_column(names)
    label_lines = [_wrap(name, label_column - LABEL_KEY - 4, SMALL) for name in names]
    plot = _revenue_plot(shown, first, last, label_column, label_lines)
    _text(root, 0, 16, "Intäkter utom eget kapital, tkr", size=SMALL, font_weight="bold")
    _revenue_axes(root, plot)
    _revenue_lines(root, plot, shown)
    _end_labels(root, plot, shown, label_lines)
    return Chart(_finish(root, plot.bottom + 34), title, description)


def _chosen_series(present: list[_Series]) -> list[_Series]:
    """Return the series to draw, each with its style: the MAX_SERIES largest in their last year."""
    chosen = present
    if len(present) > MAX_SERIES:
        ranked = sorted(range(len(present)), key=lambda i: (-present[i].points[-1][1], i))
        keep = set(ranked[:MAX_SERIES])
        chosen = [s for i, s in enumerate(present) if i in keep]
    return [dataclasses.replace(s, style=index) for index, s in enumerate(chosen)]


def _revenue_plot(
    shown: list[_Series], first: int, last: int, label_column: float, label_lines: list[list[str]]
) -> _Plot:
    """Return the plot area: ticks for the values, room for their numbers and for the end labels."""
    values = [formatting.whole_tkr(value) for s in shown for _, value in s.points]
    step = _nice_step(max(max(values), -min(values), 1))
    top_value = max(step, math.ceil(max(values) / step) * step)
    bottom_value = min(0, math.floor(min(values) / step) * step)
    ticks = tuple(range(bottom_value, top_value + 1, step))
    tick_width = max(_text_width(formatting.number(t), SMALL) for t in ticks)
    label_heights = [len(lines) * 18 for lines in label_lines]
    return _Plot(
        left=math.ceil(tick_width) + 8,
        right=WIDTH - label_column - 8,
        top=34,
        height=max(PLOT_HEIGHT, sum(h + 4 for h in label_heights)),
        first=first,
        last=last,
        bottom_value=bottom_value,
        top_value=top_value,
        ticks=ticks,
    )


def _revenue_axes(root: _Group, plot: _Plot) -> None:
    """Draw the axes: the amounts with their grid lines, the zero line, the years."""
    axes = _group(root, "g", class_="axis")
    grid = _group(axes, "g", stroke="currentColor", stroke_opacity=0.3, stroke_dasharray="3 3")
    for tick in plot.ticks:
        y = plot.y(tick * 1000)
        if tick != 0:
            _el(grid, "line", x1=plot.left, y1=y, x2=plot.right, y2=y)
        _text(axes, plot.left - 6, y + 5, formatting.number(tick), size=SMALL, anchor="end")
    zero = plot.y(0)
    _el(
        axes,
        "line",
        x1=plot.left,
        y1=zero,
        x2=plot.right,
        y2=zero,
        stroke="currentColor",
        stroke_width=1.5,
        class_="baseline",
    )
    _el(
        axes,
        "line",
        x1=plot.left,
        y1=plot.top,
        x2=plot.left,
        y2=plot.bottom,
        stroke="currentColor",
        stroke_width=1.5,
    )
    _year_axis(axes, plot)


def _year_axis(axes: _Group, plot: _Plot) -> None:
    """Draw a tick for every year, and its number where there is room, counted from the last."""
    spacing = (plot.right - plot.left - 2 * plot.inset) / max(1, plot.years - 1)
    label_every = (
        max(1, math.ceil((_text_width("2000", SMALL) + 10) / spacing)) if plot.years > 1 else 1
    )
    for year in range(plot.first, plot.last + 1):
        x = plot.x(year)
        _el(axes, "line", x1=x, y1=plot.bottom, x2=x, y2=plot.bottom + 5, stroke="currentColor")
        if (
            plot.last - year
        ) % label_every == 0:  # counted back from the latest year, which always has a label
            _text(axes, x, plot.bottom + 22, str(year), size=SMALL, anchor="middle")


def _revenue_lines(root: _Group, plot: _Plot, shown: list[_Series]) -> None:
    """Draw each series: lines between budgets of years in a row, a marker at every point."""
    lines = _group(
        root,
        "g",
        class_="series",
        fill="none",
        stroke_width=2.5,
        stroke_linejoin="round",
        stroke_linecap="round",
    )
    markers = _group(root, "g", class_="markers")
    for s in shown:
        colour = PALETTE[s.style % len(PALETTE)]
        dash = DASHES[s.style % len(DASHES)] or None
        for run in _runs(s):
            if len(run) > 1:
                d = "M" + "L".join(f"{_n(plot.x(year))},{_n(plot.y(value))}" for year, value in run)
                _el(lines, "path", d=d, stroke=colour, stroke_dasharray=dash)
        for year, value in s.points:
            _marker(markers, MARKERS[s.style % len(MARKERS)], plot.x(year), plot.y(value), colour)
            if year in s.forecasts:
                _el(
                    markers,
                    "circle",
                    cx=plot.x(year),
                    cy=plot.y(value),
                    r=9,
                    fill="none",
                    stroke="currentColor",
                    stroke_width=1.25,
                    stroke_dasharray="2.5 2",
                    class_="forecast",
                )


def _runs(series: _Series) -> list[list[tuple[int, int]]]:
    """Return the series' budgets in runs of years in a row: a line joins the points of a run."""
    runs: list[list[tuple[int, int]]] = []
    for year, value in series.points:
        if year in series.forecasts:
            continue
        if runs and runs[-1][-1][0] == year - 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def _end_labels(
    root: _Group, plot: _Plot, shown: list[_Series], label_lines: list[list[str]]
) -> None:
    """Draw each series' name in the column right of the plot, with its line, its marker, and a
    leader from its last point where that is in the last year."""
    labels = _group(root, "g", class_="labels")
    column = plot.right + 8
    ends = [(plot.x(s.points[-1][0]), plot.y(s.points[-1][1])) for s in shown]
    label_heights = [len(lines) * 18 for lines in label_lines]
    tops = _spread(
        [(ends[i][1], label_heights[i]) for i in range(len(shown))], plot.top - 8, plot.bottom + 8
    )
    for s, (end_x, end_y), top, text_lines in zip(shown, ends, tops, label_lines, strict=False):
        colour = PALETTE[s.style % len(PALETTE)]
        centre = top + 9
        if s.points[-1][0] == plot.last:
            _el(
                labels,
                "path",
                d=f"M{_n(end_x + 7)},{_n(end_y)}L{_n(column - 2)},{_n(centre)}",
                stroke="currentColor",
                stroke_opacity=0.5,
                fill="none",
            )
        dash = DASHES[s.style % len(DASHES)] or None
        _el(
            labels,
            "path",
            d=f"M{_n(column)},{_n(centre)}h18",
            stroke=colour,
            stroke_width=2.5,
            stroke_dasharray=dash,
            fill="none",
        )
        _marker(labels, MARKERS[s.style % len(MARKERS)], column + 9, centre, colour)
        for index, line in enumerate(text_lines):
            _text(labels, column + LABEL_KEY, top + 14 + index * 18, line, size=SMALL)


# --- The charts' figures as CSV: the same figures, with what is a forecast, computed or disputed
#
# For readers, who open them in a spreadsheet: Excel set to Swedish reads a CSV file in columns
# only where they are separated by its list separator, the semicolon, reads a number only with a
# decimal comma (24.7 becomes a date), and takes a file for UTF-8 only where it begins with a
# byte-order mark (without it, Förbund is FÃ¶rbund). LibreOffice finds UTF-8 by the mark, and
# by default separates columns at commas, semicolons and tabs alike: every text is quoted, so that
# a comma in a name or a decimal comma never splits a column. Numbers of kronor and years are
# unquoted, shares are written with a decimal comma, quoted as texts are; both programs read them
# as numbers. tests/whole_site/test_takeaway_tools.py opens them in LibreOffice.

BYTE_ORDER_MARK = "\ufeff"
CSV_SEPARATOR = ";"
YES_NO = {True: "ja", False: "nej"}


def cost_shares_csv(rows: tuple[tuple[str, Figures], ...]) -> str:
    """Return the figures of a year's cost shares chart as CSV.

    Each förbund's cost lines, each category's amount and share (all computed).
    """
    header = [
        "Förbund",
        "År",
        "Budget eller prognos",
        "Planår",
        "Summa av kostnadsraderna (beräknad), kr",
    ]
    header += [f"{name}, kr" for name in COST_CATEGORIES.values()] + [
        f"{name}, andel i procent (beräknad)" for name in COST_CATEGORIES.values()
    ]
    header += ["Berörs av en avvikelse"]
    lines = []
    for name, figures in rows:
        amounts = dict(figures.costs_by_category)
        shares = [_percent_value(share) for _, share in figures.cost_shares]
        categories = (
            [""] * len(COST_CATEGORIES)
            if figures.cost_lines.missing
            else [amounts[c] for c in COST_CATEGORIES]
        )  # no lines: nothing, never 0
        lines.append(
            [
                name,
                figures.year,
                _phase_word(figures),
                figures.plan_year,
                _csv_value(figures.cost_lines),
                *categories,
                *shares,
                YES_NO[figures.cost_lines.disputed],
            ]
        )
    return csv_text(header, lines)


def revenue_csv(series: tuple[tuple[str, tuple[Figures, ...]], ...]) -> str:
    """Return the figures of the revenue chart as CSV.

    One row per förbund and year with a budget or a forecast.
    """
    header = [
        "Förbund",
        "År",
        "Budget eller prognos",
        "Planår",
        "Intäkter utom eget kapital, kr",
        "Beräknad",
        "Berörs av en avvikelse",
    ]
    lines = [
        [
            name,
            f.year,
            _phase_word(f),
            f.plan_year,
            _csv_value(f.revenue),
            YES_NO[f.revenue.computed],
            YES_NO[f.revenue.disputed],
        ]
        for name, timeline in series
        for f in timeline
        if not f.revenue.missing
    ]
    return csv_text(header, lines)


def csv_text(header: Sequence[str], lines: Sequence[Sequence[int | str]]) -> str:
    """Return a table as CSV for spreadsheets set to Swedish: texts quoted, integers not."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=CSV_SEPARATOR, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    writer.writerow(header)
    writer.writerows(lines)
    return BYTE_ORDER_MARK + buffer.getvalue()


def _phase_word(figures: Figures) -> str:
    return "prognos" if figures.is_forecast else "budget"


def _csv_value(figure: Figure) -> int | str:
    return "" if figure.missing else figure.value


def _percent_value(share: Figure) -> str:
    """Return a share in percent with one decimal and a decimal comma, as in the chart: 12,4."""
    if share.missing:
        return ""
    return formatting.percent(float(share.value)).removesuffix("\u00a0%")
