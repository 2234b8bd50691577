"""Format numbers the Swedish way for readers, with Babel."""

from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "sv_SE"


def number(value: int) -> str:
    """Return an integer with Swedish digit grouping: 16 000, −3 600."""
    return format_decimal(value, locale=LOCALE).replace("-", "\u2212")


def money(value: int, unit: str) -> str:
    """Return an amount with its unit: 16 000 tkr."""
    return f"{number(value)}\u00a0{unit}"


def percent(value: float) -> str:
    """Return a share as a Swedish percentage with one decimal: 12,5 %."""
    return format_percent(value, format="#,##0.0\u00a0%", locale=LOCALE)


def long_date(value: datetime.date) -> str:
    """Return a date in words: 16 november 2022."""
    return format_date(value, format="long", locale=LOCALE)
