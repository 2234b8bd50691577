"""Format numbers the Swedish way for readers, with Babel."""

from __future__ import annotations

import datetime
import math
from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent

LOCALE = "sv_SE"
_LOCALE = Locale.parse(LOCALE)
_DECIMAL = _LOCALE.decimal_formats[None]


@lru_cache(maxsize=65_536)
def number(value: int) -> str:
    """Return an integer with Swedish digit grouping: 16 000, −3 600."""
    return _DECIMAL.apply(value, _LOCALE).replace("-", "\u2212")


def money(value: int, unit: str) -> str:
    """Return an amount with its unit: 16 000 tkr."""
    return f"{number(value)}\u00a0{unit}"


def percent(value: float) -> str:
    """Return a share as a Swedish percentage with one decimal: 12,5 %."""
    return format_percent(value, format="#,##0.0\u00a0%", locale=LOCALE)


def long_date(value: datetime.date) -> str:
    """Return a date in words: 16 november 2022."""
    return format_date(value, format="long", locale=LOCALE)


def rounded(value: Fraction | int) -> int:
    """Return a value rounded to a whole number, halves away from zero: 2,5 → 3, −2,5 → −3."""
    magnitude = math.floor(abs(Fraction(value)) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def whole_tkr(kronor: int) -> int:
    """Return kronor as whole tkr, rounded halves away from zero: 1 438 939 kr → 1 439."""
    return rounded(Fraction(kronor, 1000))
