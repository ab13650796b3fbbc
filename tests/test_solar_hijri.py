"""Table tests for insight_scraper.extract.solar_hijri and Solar Hijri dates in dates.py.

Every expected value is a literal worked out without the code under test: Nowruz (1 Hamal) is
the day of the March equinox if it falls before noon in Tehran/Kabul, else the next day (equinox
instants from the published astronomical tables, e.g. 2024-03-20 03:06 UTC, 2025-03-20 09:01 UTC);
the other dates count from Nowruz with the fixed month lengths 6×31, 5×30, 29/30. Year 1408
(equinox 2029-03-20 08:01 UTC: before noon in Tehran, after it in Kabul) is deliberately absent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from insight_scraper.extract.dates import parse_date, parse_datetime
from insight_scraper.extract.solar_hijri import (
    DARI_MONTHS,
    PASHTO_MONTHS,
    SolarDate,
    days_in_month,
    from_solar_hijri,
    is_leap,
    month_number,
    to_solar_hijri,
)

# month, Dari name, Pashto name, Gregorian of the 29th in 1403, Gregorian of the 15th in 1402.
MONTHS = [
    (1, "حمل", "وری", "2024-04-17", "2023-04-04"),
    (2, "ثور", "غویی", "2024-05-18", "2023-05-05"),
    (3, "جوزا", "غبرګولی", "2024-06-18", "2023-06-05"),
    (4, "سرطان", "چنګاښ", "2024-07-19", "2023-07-06"),
    (5, "اسد", "زمری", "2024-08-19", "2023-08-06"),
    (6, "سنبله", "وږی", "2024-09-19", "2023-09-06"),
    (7, "میزان", "تله", "2024-10-20", "2023-10-07"),
    (8, "عقرب", "لړم", "2024-11-19", "2023-11-06"),
    (9, "قوس", "لیندۍ", "2024-12-19", "2023-12-06"),
    (10, "جدی", "مرغومی", "2025-01-18", "2024-01-05"),
    (11, "دلو", "سلواغه", "2025-02-17", "2024-02-04"),
    (12, "حوت", "کب", "2025-03-19", "2024-03-05"),
]
# 1 Hamal of each year, from the equinox rule above.
NOWRUZ = {
    1387: "2008-03-20", 1388: "2009-03-21", 1395: "2016-03-20", 1396: "2017-03-21",
    1399: "2020-03-20", 1400: "2021-03-21", 1401: "2022-03-21", 1402: "2023-03-21",
    1403: "2024-03-20", 1404: "2025-03-21", 1405: "2026-03-21", 1406: "2027-03-21",
    1407: "2028-03-20",
}  # fmt: skip
# A year is leap when the next Nowruz is 366 days later (1387, 1395, 1399 and 1403 here).
LEAP = {1387: True, 1395: True, 1399: True, 1400: False, 1401: False, 1402: False,
        1403: True, 1404: False, 1405: False, 1406: False}  # fmt: skip

# The same string in three digit scripts: Latin, Persian (U+06F0-9), Arabic-Indic (U+0660-9).
SCRIPTS = {
    "latin": str.maketrans({}),
    "persian": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
    "arabic-indic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
}
KABUL = "+04:30"


@pytest.mark.parametrize(("month", "dari", "pashto", "_d29", "_d15"), MONTHS)
def test_month_names_both_ways(month: int, dari: str, pashto: str, _d29: str, _d15: str) -> None:
    assert (DARI_MONTHS[month - 1], PASHTO_MONTHS[month - 1]) == (dari, pashto)
    assert (month_number(dari), month_number(pashto)) == (month, month)
    solar = SolarDate(1403, month, 1)
    assert (solar.month_name_fa, solar.month_name_ps) == (dari, pashto)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        # Dari spelling variants
        ("جوزاء", 3), ("جوزای", 3), ("سنبلة", 6), ("سنبله‌ی", 6), ("جدي", 10), ("ميزان", 7),
        ("أسد", 5), ("حَمَل", 1), ("حـوت", 12), ("\u200fحوت", 12),
        # Pashto: Arabic yeh, Persian gaf, oblique case (د وري، د تلې، د سلواغې), Arabic kaf
        ("وري", 1), ("غويي", 2), ("غبرگولی", 3), ("غبرګولي", 3), ("چنگاښ", 4), ("زمري", 5),
        ("وږي", 6), ("تلې", 7), ("ليندۍ", 9), ("لیندی", 9), ("مرغومي", 10), ("مرغومې", 10),
        ("سلواغې", 11), ("كب", 12),
        # Iranian names and Latin transliterations
        ("فروردین", 1), ("اردیبهشت", 2), ("خرداد", 3), ("تیر", 4), ("مرداد", 5), ("شهریور", 6),
        ("مهر", 7), ("آبان", 8), ("ابان", 8), ("آذر", 9), ("دی", 10), ("بهمن", 11), ("اسفند", 12),
        ("Hamal", 1), ("SAUR", 2), ("Jawza", 3), ("Qaws", 9), ("Hoot", 12), ("Wray", 1),
        # not month names
        ("", None), ("سال", None), ("May", None), ("جون", None), ("ی", None),
    ],
)  # fmt: skip
def test_month_number_variants(name: str, month: int | None) -> None:
    assert month_number(name) == month


@pytest.mark.parametrize(("month", "_dari", "_pashto", "d29", "d15"), MONTHS)
def test_every_month_converts(month: int, _dari: str, _pashto: str, d29: str, d15: str) -> None:
    assert from_solar_hijri(1403, month, 29).isoformat() == d29
    assert from_solar_hijri(1402, month, 15).isoformat() == d15
    assert to_solar_hijri(date.fromisoformat(d29)) == SolarDate(1403, month, 29)
    assert to_solar_hijri(date.fromisoformat(d15)) == SolarDate(1402, month, 15)


@pytest.mark.parametrize(("year", "gregorian"), NOWRUZ.items())
def test_nowruz_and_the_day_before(year: int, gregorian: str) -> None:
    nowruz = date.fromisoformat(gregorian)
    assert from_solar_hijri(year, 1, 1) == nowruz
    assert to_solar_hijri(nowruz) == SolarDate(year, 1, 1)
    eve = to_solar_hijri(nowruz - timedelta(days=1))
    assert (eve.year, eve.month, eve.day) == (year - 1, 12, 30 if LEAP.get(year - 1) else 29)


@pytest.mark.parametrize(("year", "leap"), LEAP.items())
def test_leap_years(year: int, leap: bool) -> None:
    assert is_leap(year) is leap
    assert days_in_month(year, 12) == (30 if leap else 29)
    length = date.fromisoformat(NOWRUZ[year + 1]) - date.fromisoformat(NOWRUZ[year])
    assert length.days == (366 if leap else 365)  # the table agrees with itself


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1403, 12, 30), "2025-03-20"),  # 1403 is leap
        ((1402, 12, 29), "2024-03-19"),  # last day of the common year 1402
        ((1399, 12, 30), "2021-03-20"),
        ((1401, 1, 6), "2022-03-26"),  # dateparser reads "۶ حمل ۱۴۰۱" as 2022-09-03
        ((1403, 6, 31), "2024-09-21"),
        ((1403, 7, 30), "2024-10-21"),
    ],
)
def test_boundary_days(solar: tuple[int, int, int], gregorian: str) -> None:
    assert from_solar_hijri(*solar).isoformat() == gregorian
    assert to_solar_hijri(date.fromisoformat(gregorian)) == SolarDate(*solar)


@pytest.mark.parametrize(
    "solar",
    [(1402, 12, 30), (1404, 12, 30), (1403, 13, 1), (1403, 0, 1), (1403, 7, 31), (1403, 1, 32),
     (1403, 1, 0), (0, 1, 1)],
)  # fmt: skip
def test_impossible_dates_raise(solar: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        from_solar_hijri(*solar)
    with pytest.raises(ValueError):
        SolarDate(*solar)


def test_day_by_day_walk_follows_month_lengths() -> None:
    """30 years of consecutive days: each is the day after the last in Solar Hijri too."""
    day, solar = date(2001, 3, 21), SolarDate(1380, 1, 1)  # Nowruz 1380: equinox 13:31 UTC
    while day < date(2031, 1, 1):
        assert to_solar_hijri(day) == solar
        assert from_solar_hijri(solar.year, solar.month, solar.day) == day
        day, solar = day + timedelta(days=1), _next_day(solar)


def _next_day(s: SolarDate) -> SolarDate:
    if s.day < days_in_month(s.year, s.month):
        return SolarDate(s.year, s.month, s.day + 1)
    return SolarDate(s.year + s.month // 12, s.month % 12 + 1, 1)


def test_solar_date_value_object() -> None:
    solar = SolarDate(1403, 3, 29)
    assert solar.isoformat() == "1403-03-29"
    assert solar.to_gregorian() == date(2024, 6, 18)
    assert SolarDate(1402, 12, 29) < solar
    assert to_solar_hijri(date(2024, 6, 18)) == solar
    late_evening = datetime(2024, 6, 18, 23, 30, tzinfo=timezone(timedelta(hours=4, minutes=30)))
    assert to_solar_hijri(late_evening) == solar  # the wall date, not shifted to UTC
    with pytest.raises(ValueError, match="1-12"):
        days_in_month(1403, 13)


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("_month", "dari", "pashto", "d29", "d15"), MONTHS)
def test_visible_dates_every_month_every_digit_script(
    _month: int, dari: str, pashto: str, d29: str, d15: str, script: str
) -> None:
    digits = SCRIPTS[script]
    assert parse_date(f"29 {dari} 1403".translate(digits)) == d29
    assert parse_date(f"15 {pashto} 1402".translate(digits)) == d15
    assert parse_datetime(f"15 {pashto} 1402 14:05".translate(digits), KABUL) == (
        f"{d15}T14:05:00+04:30"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("1 وری 1402", "2023-03-21T00:00:00+04:30", id="pashto-nowruz"),
        pytest.param("۶ حمل ۱۴۰۱", "2022-03-26T00:00:00+04:30", id="dateparser-misreads-this"),
        pytest.param("٦ حمل ١٤٠١", "2022-03-26T00:00:00+04:30", id="arabic-indic"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ساعت ۱۴:۳۰", "2024-06-18T14:30:00+04:30", id="saat"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ساعت: ۱۴:۳۰", "2024-06-18T14:30:00+04:30", id="saat-colon"),
        pytest.param("۲۹ جوزا ۱۴۰۳، ۲:۳۰ بعد از ظهر", "2024-06-18T14:30:00+04:30", id="pm-words"),
        pytest.param("۲۹ جوزا ۱۴۰۳، ۲:۳۰ بعدازظهر", "2024-06-18T14:30:00+04:30", id="pm-joined"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۲:۳۰ بعد‌از‌ظهر", "2024-06-18T14:30:00+04:30", id="pm-zwnj"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۲:۳۰ ب.ظ", "2024-06-18T14:30:00+04:30", id="pm-abbrev"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۱۰:۱۵ ق.ظ", "2024-06-18T10:15:00+04:30", id="am-abbrev"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۱۲:۱۵ قبل از ظهر", "2024-06-18T00:15:00+04:30", id="am-12"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۲:۳۰ بعد از چاشت", "2024-06-18T14:30:00+04:30",
                     id="afghan-chasht-pm"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۸:۰۰ صبح", "2024-06-18T08:00:00+04:30", id="sobh"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۴:۴۵ عصر", "2024-06-18T16:45:00+04:30", id="asr"),
        pytest.param("سه‌شنبه ۲۹ جوزای ۱۴۰۳ - ۱۴:۳۰", "2024-06-18T14:30:00+04:30",
                     id="weekday-ezafe-dash-time"),
        pytest.param("۱۴:۳۰ - ۲۹ جوزا ۱۴۰۳", "2024-06-18T14:30:00+04:30", id="time-first"),
        pytest.param("۲۹ جوزا ۱۴۰۳ ۱۴:۳۰ +04:30", "2024-06-18T14:30:00+04:30", id="offset"),
        pytest.param("۲۹ چنګاښ ۱۴۰۳ ۲:۳۰ غ.و.", "2024-07-19T14:30:00+04:30", id="ps-cldr-pm"),
        pytest.param("۲۹ چنګاښ ۱۴۰۳ ۹:۳۰ غ.م.", "2024-07-19T09:30:00+04:30", id="ps-cldr-am"),
        pytest.param("۲۹ چنګاښ ۱۴۰۳ ۲:۳۰ له غرمې وروسته", "2024-07-19T14:30:00+04:30",
                     id="ps-after-noon"),
        pytest.param("۱ وری ۱۴۰۲ ۸:۰۰ سهار", "2023-03-21T08:00:00+04:30", id="ps-morning"),
        pytest.param("۲۹ چنګاښ ۱۴۰۳ ۱۴:۳۰ بجې", "2024-07-19T14:30:00+04:30", id="ps-baje"),
        pytest.param("د ۱۴۰۳ لمریز کال د چنګاښ ۲۹مه", "2024-07-19T00:00:00+04:30",
                     id="ps-sentence-ordinal"),
        pytest.param("د وري ۱۵مه ۱۴۰۲", "2023-04-04T00:00:00+04:30", id="ps-oblique"),
        pytest.param("جمعه ۱۵ كب ۱۴۰۲", "2024-03-05T00:00:00+04:30", id="ps-arabic-kaf"),
        pytest.param("سېشنبه ۱۵ سلواغې ۱۴۰۲", "2024-02-04T00:00:00+04:30", id="ps-oblique-e"),
        pytest.param("۲۹ام جوزا ۱۴۰۳", "2024-06-18T00:00:00+04:30", id="dari-ordinal"),
        pytest.param("۲۹ جوزا ۱۴۰۳ - ۱۸ جون ۲۰۲۴", "2024-06-18T00:00:00+04:30",
                     id="both-calendars"),
        pytest.param("۲۹ جوزا ۱۴۰۳ (۱۸ جون ۲۰۲۴) ۱۴:۳۰", "2024-06-18T14:30:00+04:30",
                     id="both-calendars-brackets"),
        pytest.param("۲۹ مه ۲۰۲۴", "2024-05-29T00:00:00+04:30", id="spaced-me-is-may"),
        # never a wrong date
        pytest.param("۲۹ جوزا ۱۴۰۳ - ۱۹ جون ۲۰۲۴", None, id="calendars-disagree"),
        pytest.param("۶ حمل ۱۴۰۱ xyz", None, id="afghan-name-never-to-dateparser"),
        pytest.param("۱۵ کب ۱۴۰۲ ۱۴:۳۰ غ.و.", None, id="hour-14-with-pm"),
        pytest.param("۳۰ کب ۱۴۰۲", None, id="ps-non-leap-30"),
        pytest.param("۱۵ وری ۲۰۲۴", None, id="solar-month-gregorian-year"),
    ],
)  # fmt: skip
def test_afghan_visible_forms(raw: str, expected: str | None) -> None:
    assert parse_datetime(raw, KABUL) == expected
