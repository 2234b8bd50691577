"""Keep the results of pure functions from one build to the next.

So that a preview after a change makes again only what the change touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Memoize = Callable[
    ..., Any
]  # memo(function, *inputs) -> function(*inputs), perhaps kept from an earlier build


def no_memo(function: Callable[..., T], *inputs: object) -> T:
    """Return function(*inputs), made now: the memo of a build that keeps nothing."""
    return function(*inputs)


_VALUES = frozenset((str, int, type(None)))


def _key(inputs: tuple) -> tuple:
    """Return what identifies inputs.

    strings, integers and None by value, tuples by their items, anything else as that
    very object (its id); the last item marks which inputs were objects, so that an id never equals
    a number.
    """
    parts: list[object] = []
    objects = 0
    for index, value in enumerate(inputs):
        kind = type(value)
        if kind in _VALUES:
            parts.append(value)
        elif kind is tuple:
            parts.append(_key(value))
        else:
            parts.append(id(value))
            objects |= 1 << index
    parts.append(objects)
    return tuple(parts)


class Memo:
    """Results of pure functions kept from one build to the next.

    Keyed by the very inputs they were made from.

    Call it as memo(function, *inputs). A result is reused when the same function gets equal
    strings,
    integers and None, tuples of such inputs, and otherwise the very same objects: the parse cache
    gives an unchanged file's Plan again as the same object. Each kept result holds its inputs, so
    no other object can take their ids meanwhile (and so does the function). What a build did not
    use is forgotten when the next build starts.
    """

    def __init__(self) -> None:
        self._previous_build: dict[tuple, tuple] = {}
        self._this_build: dict[tuple, tuple] = {}

    def next_build(self) -> None:
        """Start a build: keep only what the previous build used."""
        self._previous_build, self._this_build = self._this_build, {}

    def __call__(self, function: Callable[..., T], *inputs: object) -> T:
        """Return function(*inputs).

        Kept from an earlier call with the same inputs if there was one.
        """
        key = (
            id(function),
            *_key(inputs),
        )  # only numbers and texts: the garbage collector need not track it
        entry = self._this_build.get(key)
        if entry is None:
            entry = self._previous_build.get(key)
            if entry is None:
                entry = (function(*inputs), function, *inputs)
            self._this_build[key] = entry
        return entry[0]
