"""Published and modified dates, with the raw strings read (docs/markup.md §1.5, §3.4;
the Newspaper theme: docs/site2-markup.md §2.3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from insight_scraper.extract.dates import parse_datetime
from insight_scraper.extract.dom import Element, attr, first, text
from insight_scraper.extract.metadata import Head, as_text
from insight_scraper.extract.sources import JSON_LD, META, NONE, OPENGRAPH, THEME

_OFFSET = re.compile(r"([+-]\d{2}:\d{2}|Z)$")
# A Solar Hijri year (dates.py reads 1300-1500 as Solar Hijri everywhere), once the Persian
# and Arabic-Indic digits are folded to ASCII.
_SOLAR_YEAR = re.compile(r"(?<!\d)1[345]\d\d(?!\d)")
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
# The published date as the reader sees it: Foxiz's meta date, older themes' abbr, the post
# header of Newspaper (tagDiv) and JNews.
_VISIBLE_PUBLISHED = (
    ".single-header .meta-date, abbr.date.published, .td-post-header .td-post-date, .jeg_meta_date"
)
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
            ".single-header time.published[datetime], time.date.published[datetime],"
            " .td-post-header time.entry-date[datetime]",
            "datetime",
        ),
    ),
    (THEME, _attr_of("abbr.date.published[title]", "title")),
    (JSON_LD, _json_ld("datePublished")),
    (OPENGRAPH, _meta("article:published_time")),
    (META, _meta("dc.date.issued")),
    (META, _meta("dc.date")),
    (META, _meta("dcterms.created")),
    (THEME, _visible(_VISIBLE_PUBLISHED)),
)
_MODIFIED: tuple[tuple[str, Source], ...] = (
    (THEME, _attr_of("time.updated-date[datetime]", "datetime")),
    (JSON_LD, _json_ld("dateModified")),
    (OPENGRAPH, _meta("article:modified_time")),
    (META, _meta("dcterms.modified")),
    (THEME, _visible(".single-updated-info, time.updated-date, .smeta-bottom")),
)


def page_dates(root: Element, head: Head) -> tuple[Stamp, Stamp]:
    """(published, modified), each from the first link of its chain that parses, given in the
    UTC offset the theme's own ``time`` elements state (SEO plugins may print UTC)."""
    offset = _page_offset(root, head)
    local = _theme_offset(root, head)
    return (
        _in_offset(_first_parsed(root, head, _PUBLISHED, offset), local),
        _in_offset(_first_parsed(root, head, _MODIFIED, offset), local),
    )


def _theme_offset(root: Element, head: Head) -> str | None:
    """The offset of the theme's own machine-readable dates (the page's local time)."""
    return _first_offset(root, head, (_MODIFIED[0], _PUBLISHED[0]))


def _in_offset(stamp: Stamp, offset: str | None) -> Stamp:
    """The same instant, written in ``offset`` (the raw string is kept as read)."""
    if stamp.value is None or offset is None or stamp.value.endswith(offset):
        return stamp
    moment = datetime.fromisoformat(stamp.value)
    if moment.tzinfo is None:
        return stamp
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    sign = -1 if offset.startswith("-") else 1
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    value = moment.astimezone(zone).isoformat(timespec="seconds")
    return Stamp(value, stamp.raw, stamp.source)


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
    return _first_offset(root, head, (*_PUBLISHED[:4], *_MODIFIED[:3]))


def _first_offset(root: Element, head: Head, chain: tuple[tuple[str, Source], ...]) -> str | None:
    for _, source in chain:
        match = _OFFSET.search((source(root, head) or "").strip())
        if match:
            return "+00:00" if match.group(1) == "Z" else match.group(1)
    return None


def shown_solar_hijri(root: Element) -> str | None:
    """The visible published date, verbatim, when it is written in the Solar Hijri calendar
    (a year 1300-1500 in any digits, and a date the reader understands); else None."""
    shown = text(first(root, _VISIBLE_PUBLISHED))
    if not shown or not _SOLAR_YEAR.search(shown.translate(_ASCII_DIGITS)):
        return None
    return shown if parse_datetime(shown) else None
