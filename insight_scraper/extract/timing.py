"""Published and modified dates, with the raw strings they were read from (reference §1.5, §3.4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from insight_scraper.extract.dates import parse_datetime
from insight_scraper.extract.dom import Element, attr, first, text
from insight_scraper.extract.fields import JSON_LD, NONE, OPENGRAPH, THEME
from insight_scraper.extract.metadata import Head, as_text

_OFFSET = re.compile(r"([+-]\d{2}:\d{2}|Z)$")
Source = Callable[[Element, Head], str | None]


@dataclass(frozen=True, slots=True)
class Stamp:
    """A normalised date, the string it was read from, and where that string was."""

    value: str | None
    raw: str | None
    source: str = NONE


def _attr_of(selector: str, name: str) -> Source:
    return lambda root, head: attr(first(root, selector), name)


def _meta(key: str) -> Source:
    return lambda root, head: head.meta.get(key) or None


def _json_ld(key: str) -> Source:
    return lambda root, head: as_text(head.article().get(key))


def _visible(selector: str) -> Source:
    return lambda root, head: text(first(root, selector)) or None


# Machine-readable theme attributes first, then JSON-LD, then OpenGraph; the visible text
# (which may lack the time or the offset) only when nothing else states the date.
_PUBLISHED: tuple[tuple[str, Source], ...] = (
    (
        THEME,
        _attr_of(
            ".single-header time.published[datetime], time.date.published[datetime]", "datetime"
        ),
    ),
    (THEME, _attr_of("abbr.date.published[title]", "title")),
    (JSON_LD, _json_ld("datePublished")),
    (OPENGRAPH, _meta("article:published_time")),
    (THEME, _visible(".single-header .meta-date, abbr.date.published")),
)
_MODIFIED: tuple[tuple[str, Source], ...] = (
    (THEME, _attr_of("time.updated-date[datetime]", "datetime")),
    (JSON_LD, _json_ld("dateModified")),
    (OPENGRAPH, _meta("article:modified_time")),
    (THEME, _visible(".single-updated-info, time.updated-date, .smeta-bottom")),
)


def page_dates(root: Element, head: Head) -> tuple[Stamp, Stamp]:
    """(published, modified), each from the first link of its chain that parses."""
    offset = _page_offset(root, head)
    return (
        _first_parsed(root, head, _PUBLISHED, offset),
        _first_parsed(root, head, _MODIFIED, offset),
    )


def _first_parsed(
    root: Element, head: Head, chain: tuple[tuple[str, Source], ...], offset: str | None
) -> Stamp:
    for name, source in chain:
        raw = source(root, head)
        value = parse_datetime(raw, default_offset=offset) if raw else None
        if value:
            return Stamp(value, raw, name)
    return Stamp(None, None)


def _page_offset(root: Element, head: Head) -> str | None:
    """The UTC offset the page states anywhere, for visible dates that omit it."""
    for _, source in (*_PUBLISHED[:4], *_MODIFIED[:3]):
        match = _OFFSET.search((source(root, head) or "").strip())
        if match:
            return "+00:00" if match.group(1) == "Z" else match.group(1)
    return None
