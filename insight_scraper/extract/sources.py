"""The core of every fallback chain: the names of the sources a field can come from (the
record's ``extraction`` map), and ``first_found``, which walks a chain and names the link
that answered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

# Where a value came from: the record's ``extraction`` map.
THEME, JSON_LD, OPENGRAPH, META, GENERIC, NONE = (
    "theme", "json-ld", "opengraph", "meta", "generic", "none",
)  # fmt: skip
T = TypeVar("T")
Sourced = tuple[T, str]


def first_found(chain: Iterable[tuple[str, Callable[[], T | None]]], empty: T) -> Sourced[T]:
    """The first truthy value of a fallback chain, with the name of the link that gave it."""
    for source, read in chain:
        value = read()
        if value:
            return value, source
    return empty, NONE
