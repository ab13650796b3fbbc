"""Published and modified dates, with the raw strings they were read from (reference §1.5, §3.4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from insight_scraper.extract.dates import parse_datetime
from insight_scraper.extract.dom import Element, attr, first, text
from insight_scraper.extract.metadata import Head, as_text

_OFFSET = re.compile(r"([+-]\d{2}:\d{2}|Z)$")
Source = Callable[[Element, Head], str | None]


@dataclass(frozen=True, slots=True)
class Stamp:
    """A normalised date and the string it was read from."""

    value: str | None
    raw: str | None


def _attr_of(selector: str, name: str) -> Source:
    return lambda root, head: attr(first(root, selector), name)


def _meta(key: str) -> Source:
    return lambda root, head: head.meta.get(key) or None


def _json_ld(key: str) -> Source:
    return lambda root, head: as_text(head.article().get(key))


def _visible(selector: str) -> Source:
    return lambda root, head: text(first(root, selector)) or None


_PUBLISHED: tuple[Source, ...] = (
    _json_ld("datePublished"),
    _meta("article:published_time"),
    _attr_of(".single-header time.published[datetime], time.date.published[datetime]", "datetime"),
    _attr_of("abbr.date.published[title]", "title"),
    _visible(".single-header .meta-date, abbr.date.published"),
)
_MODIFIED: tuple[Source, ...] = (
    _attr_of("time.updated-date[datetime]", "datetime"),
    _meta("article:modified_time"),
    _json_ld("dateModified"),
    _visible(".single-updated-info, time.updated-date, .smeta-bottom"),
)


def page_dates(root: Element, head: Head) -> tuple[Stamp, Stamp]:
    """(published, modified): JSON-LD first for one, the visible "Last updated" for the other."""
    offset = _page_offset(root, head)
    return (
        _first_parsed(root, head, _PUBLISHED, offset),
        _first_parsed(root, head, _MODIFIED, offset),
    )


def _first_parsed(
    root: Element, head: Head, sources: tuple[Source, ...], offset: str | None
) -> Stamp:
    for source in sources:
        raw = source(root, head)
        value = parse_datetime(raw, default_offset=offset) if raw else None
        if value:
            return Stamp(value, raw)
    return Stamp(None, None)


def _page_offset(root: Element, head: Head) -> str | None:
    """The UTC offset the page states anywhere, for visible dates that omit it."""
    for source in (*_PUBLISHED[:3], *_MODIFIED[:3]):
        match = _OFFSET.search((source(root, head) or "").strip())
        if match:
            return "+00:00" if match.group(1) == "Z" else match.group(1)
    return None
