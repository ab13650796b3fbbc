"""The Solar Hijri calendar as Afghanistan writes it: month names and Gregorian conversion.

Afghanistan and Iran share the calendar (year from Nowruz at the March equinox; months 1-6 of
31 days, 7-11 of 30, month 12 of 29 or 30) but not the month names: Afghan Dari uses the zodiac
names حمل … حوت and Pashto its own وری … کب, where Iran says فروردین … اسفند. The arithmetic is
jdatetime's (the 33-year leap rule), which agrees with the equinox rule for every year this
project meets (checked against published Nowruz dates in tests/test_solar_hijri.py). Afghan dates
before 1336 (1957), when month lengths still followed the sun, are not modelled.

``month_number`` reads a month name in any of the three naming systems (and Latin
transliterations), tolerant of Arabic letter variants (ي/ى/ك/ة/أ, گ/ګ), diacritics, tatweel,
ZWNJ and the Pashto oblique case (د وري, د سلواغې).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jdatetime

# Canonical spellings, month 1 first. Pashto follows the Afghan standard orthography (ګ with
# ring, final ی for -ay, ۍ for -ëy), as Afghan Pashto sites and calendar libraries print them.
DARI_MONTHS: tuple[str, ...] = (
    "حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت",
)  # fmt: skip
PASHTO_MONTHS: tuple[str, ...] = (
    "وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه",
    "کب",
)  # fmt: skip
IRANIAN_MONTHS: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
    "اسفند",
)  # fmt: skip
# Spellings beyond what the folding below absorbs, month 1 first, space-separated: Latin
# transliterations (Afghan and Iranian), Arabic-style spellings, the Dari ezafe (جوزای),
# Pashto oblique forms in ې (د تلې، د سلواغې) and ۍ typed as ی on Persian keyboards.
_VARIANTS: tuple[str, ...] = (
    "hamal farvardin farwardin wray",
    "sawr saur sour ordibehesht ghwayay غوایی",
    "jawza jauza jowza جوزاء جوزای khordad ghbargolay",
    "saratan tir chungakh changakh",
    "asad mordad amordad امرداد zmaray",
    "sunbula sonbola sombola sunbulah سنبلة سنبلهی shahrivar wagay",
    "mizan mehr tala تلې",
    "aqrab akrab aban laram",
    "qaws qaus azar lindai lindey لیندی",
    "jadi jaddi dey dei marghumay مرغومې",
    "dalw dalwa dalv bahman salwagha سلواغې",
    "hut hoot esfand kab",
)

# Lookup folding only (never applied to stored text): every Arabic-script spelling variant of
# one letter → one form. Diacritics, tatweel, ZWNJ/ZWJ, bidi marks and a bare hamza vanish.
_MARKS = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670\u0640\u0621\u200c\u200d\u200e\u200f"
_LOOKUP_FOLD = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
     "گ": "ګ", **dict.fromkeys(_MARKS)}
)  # fmt: skip


def _lookup_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold().translate(_LOOKUP_FOLD).strip()


def _build_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    rows = zip(DARI_MONTHS, PASHTO_MONTHS, IRANIAN_MONTHS, _VARIANTS, strict=True)
    for month, (dari, pashto, iranian, variants) in enumerate(rows, 1):
        for name in (dari, pashto, iranian, *variants.split()):
            key = _lookup_key(name)
            if table.setdefault(key, month) != month:  # a clash would misdate silently
                raise ValueError(f"month name {name!r} is ambiguous")
    return table


_LOOKUP = _build_lookup()


@lru_cache(maxsize=1024)  # date strings repeat a small vocabulary of words
def month_number(name: str) -> int | None:
    """1-12 for a Solar Hijri month name (Dari, Pashto, Iranian or Latin), else None.

    Pashto masculine months in the oblique case (د وري = "of Wray") are read too: folding
    ي into ی makes them the direct-case spelling, which is harmless for this closed list.
    """
    return _LOOKUP.get(_lookup_key(name)) if name else None


@dataclass(frozen=True, slots=True, order=True)
class SolarDate:
    """A valid Solar Hijri date; constructing an impossible one raises ValueError."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        jdatetime.date(self.year, self.month, self.day)  # raises ValueError when out of range

    @property
    def month_name_fa(self) -> str:
        """The Afghan Dari month name (حمل … حوت)."""
        return DARI_MONTHS[self.month - 1]

    @property
    def month_name_ps(self) -> str:
        """The Pashto month name (وری … کب)."""
        return PASHTO_MONTHS[self.month - 1]

    def isoformat(self) -> str:
        """'1403-03-29': the ISO 8601 shape, in Solar Hijri fields."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def to_gregorian(self) -> date:
        return from_solar_hijri(self.year, self.month, self.day)


def to_solar_hijri(value: date) -> SolarDate:
    """The Solar Hijri date of a Gregorian date (a datetime counts by its own wall date)."""
    solar = jdatetime.date.fromgregorian(year=value.year, month=value.month, day=value.day)
    return SolarDate(solar.year, solar.month, solar.day)


def from_solar_hijri(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri date; ValueError when no such day exists."""
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def is_leap(year: int) -> bool:
    """Whether Solar Hijri ``year`` has 366 days (a 30th of Hut/Esfand)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def days_in_month(year: int, month: int) -> int:
    """31 for months 1-6, 30 for 7-11, 29 or 30 for month 12; ValueError for a bad month."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    if month <= 6:
        return 31
    return 30 if month < 12 or is_leap(year) else 29
