"""Format numbers the Swedish way for readers, with Babel."""

from __future__ import annotations

import datetime
import math
from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

LOCALE = "sv_SE"
_LOCALE = Locale.parse(LOCALE)
_DECIMAL = _LOCALE.decimal_formats[None]
_PERCENT = parse_pattern("#,##0.0\u00a0%")
_SYMBOLS = _LOCALE.number_symbols["latn"]
_GROUP, _MINUS = _SYMBOLS["group"], _SYMBOLS["minusSign"]
# The locale's pattern, #,##0.###: Python's own grouping gives the same.
_GROUPED_BY_THREES = _DECIMAL.grouping == (3, 3)
CACHE_SIZE = 65_536


def number(value: int) -> str:
    """Return an integer with Swedish digit grouping and minus sign: 16 000, −3 600.

    The grouping and the sign come from Babel's locale data.
    """
    if not _GROUPED_BY_THREES:
        return _babel_number(value)
    # Tens of thousands of amounts per build: a tenth of Babel's time.
    digits = f"{abs(value):,}".replace(",", _GROUP)
    return _MINUS + digits if value < 0 else digits


@lru_cache(maxsize=CACHE_SIZE)
def _babel_number(value: int) -> str:
    """Return number(value) as Babel's pattern formats it."""
    return _DECIMAL.apply(value, _LOCALE).replace("-", "\u2212")


def money(value: int, unit: str) -> str:
    """Return an amount with its unit: 16 000 tkr."""
    return f"{number(value)}\u00a0{unit}"


def percent(value: float) -> str:
    """Return a share as a Swedish percentage with one decimal: 12,5 %."""
    return _percent(value, math.copysign(1.0, value))


@lru_cache(maxsize=CACHE_SIZE, typed=True)
def _percent(value: float, sign: float) -> str:
    """Return percent(value); the sign is part of the cache key, so 0.0 and −0.0 stay apart."""
    return _PERCENT.apply(value, _LOCALE)


@lru_cache(maxsize=4_096)
def long_date(value: datetime.date) -> str:
    """Return a date in words: 16 november 2022."""
    return format_date(value, format="long", locale=LOCALE)


def rounded(value: Fraction | int) -> int:
    """Return a value rounded to a whole number, halves away from zero: 2,5 → 3, −2,5 → −3."""
    numerator, denominator = value.numerator, value.denominator  # in lowest terms, denominator > 0
    magnitude = (2 * abs(numerator) + denominator) // (
        2 * denominator
    )  # floor(|value| + 1/2), in integers
    return magnitude if numerator >= 0 else -magnitude


def whole_tkr(kronor: int) -> int:
    """Return kronor as whole tkr, rounded halves away from zero: 1 438 939 kr → 1 439."""
    magnitude = (abs(kronor) + 500) // 1000
    return magnitude if kronor >= 0 else -magnitude


# Swedish alphabetical order: å, ä and ö are letters of their own after z (æ and ø sort as ä and
# ö), and accented letters sort as their base letter (é as e, ü as y). The marks after z keep that
# order.
_SWEDISH_LETTERS = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "ü": "y",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
    }
)


def swedish_order(text: str) -> tuple[str, str]:
    """Return a key that sorts texts in Swedish alphabetical order, capitals with small letters.

    For example: Alvesta, RAR, Södertälje, Värend, Åre, Östra.
    """
    return text.casefold().translate(_SWEDISH_LETTERS), text
