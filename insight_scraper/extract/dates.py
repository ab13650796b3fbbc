"""Date strings of every form the site serves → ISO 8601 (docs/record.md, "Metadata").

Order of attempts, cheapest first: ``datetime.fromisoformat`` (W3C attributes, JSON-LD),
RFC-822 (feed ``pubDate``), then our own parser for the visible theme formats and for Solar
Hijri dates, and dateparser only as a last resort. A year between 1300 and 1500 is read as
Solar Hijri everywhere, because no article on this site predates the 1900s. Solar month names
(Afghan Dari حمل … حوت, Pashto وری … کب, Iranian, Latin) come from ``solar_hijri`` and never
reach dateparser, whose Jalali support misreads the Afghan ones.

Relative strings ("2 hours ago", "yesterday") give None unless the caller passes a fixed
``relative_base``: resolving them against the clock would make two crawls of the same page
disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from insight_scraper.extract.solar_hijri import from_solar_hijri, month_number
from insight_scraper.extract.text import clean_text

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

# Languages dateparser has month names for that tweets are written in (a code it does not
# know would raise); English and Dari are tried by the default parser already, and Pashto
# and Dari month names are Solar Hijri, which dateparser would read as Gregorian.
_LANGUAGES = frozenset(
    {
        "ar", "bn", "ca", "cs", "da", "de", "el", "es", "et", "fi", "fr", "he", "hi", "hr", "hu",
        "id", "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl", "pt", "ro", "ru",
        "sk", "sl", "sr", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur", "vi", "zh",
    }
)  # fmt: skip

_SOLAR_YEARS = range(1300, 1501)

# Persian (U+06F0–9) and Arabic-Indic (U+0660–9) digits → ASCII.
_DIGITS = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
# Letter variants folded for month/word lookup only (the text itself is never mapped).
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ـ": None})

# "Last updated:", "Published:", "آخرین به‌روزرسانی:": a digit-free prefix ending in a colon,
# or one of the English labels the theme prints without a colon.
_LABEL = re.compile(
    r"^\s*(?:[^\d:]{1,40}:|(?:last\s+)?(?:updated|modified)(?:\s+on)?|(?:published|posted)"
    r"(?:\s+on)?)(?:\s+|$)",
    re.IGNORECASE,
)
# RFC-822 / RFC-2822 as in RSS pubDate: "Wed, 08 May 2024 13:49:00 +0000".
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s+(?:[+-]\d{4}|[A-Za-z]{1,5}))?$"
)
# Before/after noon as English, Dari (Iranian ق.ظ/ب.ظ, Afghan "چاشت" for noon) and Pashto
# (locale غ.م./غ.و., "له غرمې مخکې/وروسته", سهار morning, ماسپښین/مازدیګر afternoon) write it.
_J = r"[\s\u200c]*"  # words of one phrase may be joined, spaced or ZWNJ-separated
_AM = rf"a\.?m\.?|ق\.?\s?ظ\.?|قبل{_J}از{_J}(?:ظهر|چاشت)|صبح|غ\.?\s?م\.?|(?:له\s+)?غرمې\s+مخکې|سهار"
_PM = (
    rf"p\.?m\.?|ب\.?\s?ظ\.?|بعد{_J}از{_J}(?:ظهر|چاشت)|عصر|غ\.?\s?و\.?|(?:له\s+)?غرمې\s+وروسته"
    r"|ماسپښین|مازدیګر|مازدیگر"
)
# Clock time with optional am/pm and optional offset; "ساعت ۱۴:۳۰", "۲:۳۰ بجې" (Pashto "o'clock").
_TIME = re.compile(
    r"(?:\bat\s+|ساعت\s*:?\s*)?(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?"
    rf"(?:\s*(?:(?P<am>{_AM})|(?P<pm>{_PM})))?(?:\s*بجې|\s*بجه)?(?![^\W\d_])"
    r"(?:\s*(?P<utc>GMT|UTC)\b)?(?:\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?))?",
    re.IGNORECASE,
)
# Numeric Y/M/D (Foxiz "Y/m/d", or Solar Hijri "1403/02/19").
_YMD = re.compile(r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2})?$")
# Cheap pre-check so relative strings never reach dateparser (or pay for its import).
_RELATIVE = re.compile(
    r"\b(?:ago|yesterday|today|tomorrow|now|hours?|minutes?|mins?|seconds?|secs?)\b"
    r"|پیش|قبل|دیروز|امروز|فردا|لحظاتی",
    re.IGNORECASE,
)


def _table(calendar: str, rows: list[str]) -> dict[str, tuple[str, int]]:
    """Month table: each row lists the spellings of month 1, 2, … separated by spaces."""
    return {name: (calendar, month) for month, row in enumerate(rows, 1) for name in row.split()}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Gregorian names: English, Iranian Persian, Afghan Dari/Pashto spellings, Pashto locale's.
_GREGORIAN = _table("g", [
    "january jan ژانویه جنوری جنوري",
    "february feb فوریه فبروری فبروري فېبروري",
    "march mar مارس مارچ",
    "april apr آوریل اوریل اپریل اپرېل",
    "may مه می مۍ",
    "june jun ژوئن جون",
    "july jul ژوئیه جولای جولائی جولاې",
    "august aug اوت آگوست اگوست آگست اگست اګست",
    "september sep sept سپتامبر سپتمبر سپټمبر سېپتمبر",
    "october oct اکتبر اکتوبر",
    "november nov نوامبر نومبر",
    "december dec دسامبر دسمبر ډسمبر",
])  # fmt: skip


class _SolarMonths:
    """Solar Hijri month names (Dari, Pashto, Iranian, Latin), defined once in solar_hijri."""

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and month_number(token) is not None


_SOLAR = _SolarMonths()
# Words that may surround a date without changing it: weekdays (English, Dari, Pashto as
# written in Afghanistan and Pakistan), ordinals, era markers, "year"/"month"/"date"/"of".
_FILLER = _words(
    "at on of the st nd rd th am pm gmt utc "
    "monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat "
    "sunday sun شنبه یکشنبه یک دوشنبه دو سه سېشنبه چهارشنبه چارشنبه چهار پنجشنبه پنج جمعه "
    "اتوار ګل ګول نهه نهی شورو زیارت خالی ورځ "
    "ساعت هجری شمسی خورشیدی قمری ه ش هش ق ظ ب سال ماه تاریخ روز "
    "د کال لمریز لمریزه میاشت نېټه نیټه"
)
# An ordinal suffix glued to the day: Pashto "۲۹مه", Dari "۲۹ام"/"۲۹م" (a spaced "مه" is May).
_ORDINAL = re.compile(r"(?<=\d)(?:مه|ام|م)(?![^\W\d_])")
# Between the two calendars' forms of one day: a spaced dash or bar, or parentheses.
_PARTS = re.compile(r"\s[-–—|]+\s|[()]")


def strip_label(raw: str) -> str:
    """Drop a leading label ("Last updated:", "Posted on", "آخرین به‌روزرسانی:")."""
    return _LABEL.sub("", raw, count=1).strip()


def parse_datetime(
    raw: str | None, default_offset: str | None = None, *, relative_base: datetime | None = None
) -> str | None:
    """ISO 8601 ``YYYY-MM-DDTHH:MM:SS±HH:MM`` with the offset the string states.

    A string without an offset gets ``default_offset`` ("+04:30") when given, else stays naive.
    Returns None for anything unparseable; never raises on ``raw``. A malformed
    ``default_offset`` is a programming error and raises ValueError.
    """
    parsed = _parse(raw, relative_base)
    if parsed is None:
        return None
    if parsed.tzinfo is None and default_offset:
        parsed = parsed.replace(tzinfo=_offset(default_offset))
    return parsed.isoformat(timespec="seconds")


def parse_date(raw: str | None, languages: Sequence[str] = ()) -> str | None:
    """``YYYY-MM-DD`` (the date as written, no time-zone shift), or None. ``languages``
    (ISO 639-1 codes, e.g. a tweet's) let dateparser read other languages' month names too:
    "2. Juni 2018" with ``("de",)``."""
    parsed = _parse(raw, None) or _parse_in_languages(raw, tuple(languages))
    return parsed.date().isoformat() if parsed is not None else None


def _parse_in_languages(raw: str | None, languages: tuple[str, ...]) -> datetime | None:
    s = clean_text(raw)
    known = tuple(code for code in languages if code not in ("en", "fa") and code in _LANGUAGES)
    if not s or not known or _RELATIVE.search(s):
        return None
    try:
        parsed = _dateparser_in(known).get_date_data(s).date_obj
    except (ValueError, OverflowError):
        return None
    return None if parsed is None or parsed.year in _SOLAR_YEARS else parsed


@lru_cache(maxsize=16)
def _dateparser_in(languages: tuple[str, ...]) -> DateDataParser:
    from dateparser.date import DateDataParser  # noqa: PLC0415 - see _dateparser

    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    return DateDataParser(languages=list(languages), settings=settings)


def _parse(raw: str | None, relative_base: datetime | None) -> datetime | None:
    s = clean_text(raw)
    if not s:
        return None
    if not s.isascii():
        s = s.translate(_DIGITS)
    try:
        if (found := _from_iso(s) or _from_rfc822(s)) is not None:
            return found
        s = strip_label(s)
        return _from_iso(s) or _from_text(s) or _from_dateparser(s, relative_base)
    except (ValueError, OverflowError):  # out-of-range fields: 31 Hut, hour 25, year 0, …
        return None


def _from_iso(s: str) -> datetime | None:
    if not s[:1].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(s)
    except ValueError:
        return None
    if parsed.year in _SOLAR_YEARS:
        return datetime.combine(_solar(parsed.year, parsed.month, parsed.day), parsed.timetz())
    return parsed


def _from_rfc822(s: str) -> datetime | None:
    if not _RFC822.match(s):
        return None
    fields = parsedate_tz(s)
    if fields is None:
        return None
    parsed = datetime(*fields[:6])
    offset = fields[9]
    if offset is None and s.endswith("-0000"):
        offset = 0  # RFC 2822: "-0000" is UTC with the sender's zone unknown
    return parsed if offset is None else parsed.replace(tzinfo=timezone(timedelta(seconds=offset)))


def _from_text(s: str) -> datetime | None:
    """Theme formats and Solar Hijri (``s``: ASCII digits, label removed)."""
    rest, clock = _split_time(s)
    if not rest:
        return None
    day = _calendar_date(rest)
    if day is None:
        return None
    return datetime.combine(day, clock or time())


def _split_time(s: str) -> tuple[str, time | None]:
    """Remove the clock time (and its offset) from ``s``; return the rest and the time."""
    match = _TIME.search(s)
    if match is None:
        return s, None
    hour = int(match["h"])
    if match["am"] or match["pm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {match['am'] or match['pm']}")
        hour = hour % 12 + (12 if match["pm"] else 0)
    zone = _offset(match["off"]) if match["off"] else (UTC if match["utc"] else None)
    clock = time(hour, int(match["m"]), int(match["s"] or 0), tzinfo=zone)
    return (s[: match.start()] + " " + s[match.end() :]).strip(" ,،-–|@"), clock


def _calendar_date(s: str) -> date | None:
    """One date, or one day in two calendars ("۲۹ جوزا ۱۴۰۳ - ۱۸ جون ۲۰۲۴", "… (…)").

    Every part must be a date and all must agree: a page that contradicts itself gets None.
    """
    parts = [part.strip(" ,،-–—|") for part in _PARTS.split(s)]
    days = {_numeric_date(part) or _named_date(part) for part in parts if part}
    return days.pop() if len(days) == 1 else None


def _numeric_date(s: str) -> date | None:
    match = _YMD.match(s)
    if match is None:
        return None
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    return _solar(year, month, day) if year in _SOLAR_YEARS else date(year, month, day)


def _named_date(s: str) -> date | None:
    """'May 8, 2024', '۱۹ ثور ۱۴۰۳', 'د ۱۴۰۲ کال د وري ۱مه': a month name, a day, a 4-digit year."""
    month: tuple[str, int] | None = None
    numbers: list[str] = []
    for token in _TOKEN.findall(_ORDINAL.sub("", s).lower()):
        if token.isdigit():
            numbers.append(token)
        elif month is None and (found := _month(token)) is not None:
            month = found
        elif token.translate(_FOLD) not in _FILLER:
            return None  # an unknown word: leave the string to dateparser
    if month is None or len(numbers) != 2:
        return None
    year, day = sorted(numbers, key=len, reverse=True)
    if len(year) != 4 or len(day) > 2:
        return None
    if month[0] == "j":
        return _solar(int(year), month[1], int(day)) if int(year) in _SOLAR_YEARS else None
    return date(int(year), month[1], int(day))


def _month(token: str) -> tuple[str, int] | None:
    """("j", n) for a Solar Hijri month name, ("g", n) for a Gregorian one, else None."""
    if (solar := month_number(token)) is not None:
        return "j", solar
    return _GREGORIAN.get(token.translate(_FOLD))


_solar = from_solar_hijri  # Solar Hijri → Gregorian; ValueError for an impossible day


@lru_cache(maxsize=32)
def _offset(text: str) -> tzinfo:
    """'+04:30', '+0430', '+4', 'Z' → a fixed tzinfo."""
    if text in {"Z", "z"}:
        return UTC
    match = _OFFSET.match(text.strip())
    if match is None:
        raise ValueError(f"not a UTC offset: {text!r}")
    minutes = int(match["h"]) * 60 + int(match["m"] or 0)
    return timezone(timedelta(minutes=-minutes if match["sign"] == "-" else minutes))


def _from_dateparser(s: str, relative_base: datetime | None) -> datetime | None:
    """Last resort for free-form dates; relative strings only against a fixed base."""
    if not s or (relative_base is None and _RELATIVE.search(s)):
        return None
    if any(token.translate(_FOLD) in _SOLAR for token in _TOKEN.findall(s.lower())):
        return None  # dateparser reads Afghan month names as Gregorian ones: wrong, not better
    parsed = _dateparser(relative_base).get_date_data(s).date_obj
    if parsed is None or parsed.year in _SOLAR_YEARS:
        return None
    if parsed.tzinfo is None and relative_base is not None and _RELATIVE.search(s):
        # dateparser drops the base's zone from "2 hours ago"; the wall time is in that zone.
        parsed = parsed.replace(tzinfo=relative_base.tzinfo)
    return parsed


@lru_cache(maxsize=4)
def _dateparser(relative_base: datetime | None) -> DateDataParser:
    # Imported here: loading dateparser and its language data costs ~100 ms, paid only if needed.
    from dateparser.date import DateDataParser  # noqa: PLC0415

    settings: dict[str, Any] = {
        # No epoch timestamps; no "freshness" parsing without a fixed base.
        "PARSERS": ["absolute-time"],
        # Never fill a missing day/month/year from today's date.
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if relative_base is not None:
        settings = {"PARSERS": ["relative-time", "absolute-time"], "RELATIVE_BASE": relative_base}
    return DateDataParser(languages=["en", "fa"], settings=settings)
