"""Unit table for insight_scraper.extract.dates (docs/record.md, "Metadata").

Every Solar Hijri row was checked against ``jdatetime.date(y, m, d).togregorian()``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from insight_scraper.extract.dates import parse_date, parse_datetime, strip_label

KABUL = "+04:30"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Last updated: May 8, 2024 6:19 pm", "May 8, 2024 6:19 pm", id="last-updated"),
        pytest.param("Last updated May 8, 2024", "May 8, 2024", id="last-updated-no-colon"),
        pytest.param("Updated: May 8, 2024", "May 8, 2024", id="updated"),
        pytest.param("Published: 8 May 2024", "8 May 2024", id="published"),
        pytest.param("Posted on May 8, 2024", "May 8, 2024", id="posted-on"),
        pytest.param("آخرین به‌روزرسانی: ۱۹ ثور ۱۴۰۳", "۱۹ ثور ۱۴۰۳", id="persian-label"),
        pytest.param("May 8, 2024 6:19 pm", "May 8, 2024 6:19 pm", id="time-colon-kept"),
        pytest.param("2024-05-08T18:19:00+04:30", "2024-05-08T18:19:00+04:30", id="iso-kept"),
        pytest.param("Wed, 08 May 2024 13:49:00", "Wed, 08 May 2024 13:49:00", id="rfc822-kept"),
        pytest.param("Last updated:", "", id="label-only"),
    ],
)
def test_strip_label(raw: str, expected: str) -> None:
    assert strip_label(raw) == expected


@pytest.mark.parametrize(
    ("raw", "offset", "expected"),
    [
        # ISO / W3C fast path
        pytest.param("2024-05-08T18:19:00+04:30", None, "2024-05-08T18:19:00+04:30", id="w3c"),
        pytest.param("2024-05-08T18:19:00+04:30", "+00:00", "2024-05-08T18:19:00+04:30",
                     id="w3c-own-offset-wins"),
        pytest.param("2024-05-08T13:49:00Z", None, "2024-05-08T13:49:00+00:00", id="zulu"),
        pytest.param("2024-05-08T18:19:00.5-05:00", None, "2024-05-08T18:19:00-05:00",
                     id="fraction-dropped"),
        pytest.param("2024-05-08 18:19:00", None, "2024-05-08T18:19:00", id="naive-stays-naive"),
        pytest.param("2024-05-08 18:19:00", KABUL, "2024-05-08T18:19:00+04:30",
                     id="naive-gets-default"),
        pytest.param("2024-05-08T18:19", KABUL, "2024-05-08T18:19:00+04:30", id="seconds-added"),
        pytest.param(" 2024-05-08T18:19:00+04:30\n", None, "2024-05-08T18:19:00+04:30",
                     id="surrounding-space"),
        pytest.param("Updated: 2024-05-08T18:19:00+04:30", None, "2024-05-08T18:19:00+04:30",
                     id="labelled-iso"),
        # RFC-822 (feed pubDate)
        pytest.param("Wed, 08 May 2024 13:49:00 +0000", None, "2024-05-08T13:49:00+00:00",
                     id="rfc822"),
        pytest.param("Wed, 08 May 2024 13:49:00 GMT", KABUL, "2024-05-08T13:49:00+00:00",
                     id="rfc822-gmt"),
        pytest.param("Wed, 08 May 2024 18:19:00 +0430", None, "2024-05-08T18:19:00+04:30",
                     id="rfc822-kabul"),
        # visible theme formats
        pytest.param("Last updated: May 8, 2024 6:19 pm", KABUL, "2024-05-08T18:19:00+04:30",
                     id="foxiz-last-updated"),
        pytest.param("May 8, 2024 6:19 pm", None, "2024-05-08T18:19:00", id="wp-format-naive"),
        pytest.param("2024/05/08 at 6:19 PM", KABUL, "2024-05-08T18:19:00+04:30",
                     id="old-foxiz-format"),
        pytest.param("Posted on May 8, 2024 at 6:19 am", KABUL, "2024-05-08T06:19:00+04:30",
                     id="posted-on-am"),
        pytest.param("May 8, 2024 12:05 am", None, "2024-05-08T00:05:00", id="midnight-am"),
        pytest.param("May 8, 2024 12:05 pm", None, "2024-05-08T12:05:00", id="noon-pm"),
        pytest.param("May 8, 2024", KABUL, "2024-05-08T00:00:00+04:30", id="date-only"),
        pytest.param("8 May 2024", None, "2024-05-08T00:00:00", id="day-month-year"),
        pytest.param("Wednesday 8th of May 2024, 18:19 GMT+4:30", None,
                     "2024-05-08T18:19:00+04:30", id="weekday-ordinal-offset"),
        # Solar Hijri
        pytest.param("۱۹ ثور ۱۴۰۳", None, "2024-05-08T00:00:00", id="afghan-sawr"),
        pytest.param("چهارشنبه ۱۹ ثور ۱۴۰۳ ساعت ۱۸:۱۹", KABUL, "2024-05-08T18:19:00+04:30",
                     id="afghan-weekday-time"),
        pytest.param("آخرین به‌روزرسانی: ۱۹ ثور ۱۴۰۳", None, "2024-05-08T00:00:00",
                     id="persian-label-afghan-month"),
        pytest.param("۱۹ اردیبهشت ۱۴۰۳", None, "2024-05-08T00:00:00", id="iranian-ordibehesht"),
        pytest.param("۱۴۰۳/۰۲/۱۹ ۱۸:۱۹", KABUL, "2024-05-08T18:19:00+04:30",
                     id="solar-numeric-persian-digits"),
        pytest.param("1403-02-19T18:19:00+04:30", None, "2024-05-08T18:19:00+04:30",
                     id="solar-in-iso-form"),
        pytest.param("Sawr 19, 1403", None, "2024-05-08T00:00:00", id="latin-sawr"),
        # out of range, garbage, relative
        pytest.param("May 8, 2024 13:19 pm", None, None, id="hour-13-pm"),
        pytest.param("32 May 2024", None, None, id="day-32"),
        pytest.param("garbage", None, None, id="garbage"),
        pytest.param("Last updated:", None, None, id="label-only"),
        pytest.param("", KABUL, None, id="empty"),
        pytest.param(None, KABUL, None, id="none"),
        pytest.param("May 2024", None, None, id="no-day"),
        pytest.param("1715174340", None, None, id="epoch-not-read"),
        pytest.param("2 hours ago", KABUL, None, id="relative-hours"),
        pytest.param("yesterday", None, None, id="relative-yesterday"),
        pytest.param("۲ ساعت پیش", None, None, id="relative-persian"),
    ],
)  # fmt: skip
def test_parse_datetime(raw: str | None, offset: str | None, expected: str | None) -> None:
    assert parse_datetime(raw, offset) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("January 25, 2024", "2024-01-25", id="tweet-date-link"),
        pytest.param("Jan 25, 2024", "2024-01-25", id="abbreviated-month"),
        pytest.param("۲۵ ژانویه ۲۰۲۴", "2024-01-25", id="persian-digits-gregorian"),
        pytest.param("٢٥ ژانويه ٢٠٢٤", "2024-01-25", id="arabic-indic-digits-arabic-yeh"),
        pytest.param("۲۵ جنوری ۲۰۲۴", "2024-01-25", id="afghan-gregorian-name"),
        pytest.param("۵ حوت ۱۴۰۲", "2024-02-24", id="afghan-hut"),
        pytest.param("۵ اسفند ۱۴۰۲", "2024-02-24", id="iranian-esfand"),
        pytest.param("5 Hoot 1402", "2024-02-24", id="latin-hoot"),
        pytest.param("۵ دلو ۱۴۰۲", "2024-01-25", id="afghan-dalw"),
        pytest.param("۵ بهمن ۱۴۰۲", "2024-01-25", id="iranian-bahman"),
        pytest.param("۱ حمل ۱۴۰۳", "2024-03-20", id="afghan-hamal-nawruz"),
        pytest.param("۱ فروردین ۱۴۰۳", "2024-03-20", id="iranian-farvardin-nawruz"),
        pytest.param("۱۷ اسد ۱۴۰۳", "2024-08-07", id="afghan-asad"),
        pytest.param("۳۱ سنبله ۱۴۰۳", "2024-09-21", id="afghan-sunbula-31"),
        pytest.param("۱ میزان ۱۴۰۳", "2024-09-22", id="afghan-mizan"),
        pytest.param("۱۰ قوس ۱۴۰۱", "2022-12-01", id="afghan-qaws"),
        pytest.param("۱۰ آذر ۱۴۰۱", "2022-12-01", id="iranian-azar"),
        pytest.param("۵ جدی ۱۴۰۲", "2023-12-26", id="afghan-jadi"),
        pytest.param("۳۰ حوت ۱۴۰۳", "2025-03-20", id="leap-year-hut-30"),
        pytest.param("۳۰ حوت ۱۴۰۲", None, id="non-leap-hut-30"),
        pytest.param("1403/02/19", "2024-05-08", id="solar-numeric"),
        pytest.param("1403/13/01", None, id="solar-month-13"),
        pytest.param("2024-05-08T23:30:00+04:30", "2024-05-08", id="local-date-not-shifted"),
        pytest.param("۱۹ ثور ۲۰۲۴", None, id="solar-month-gregorian-year"),
        pytest.param("not a date", None, id="garbage"),
        pytest.param(None, None, id="none"),
    ],
)
def test_parse_date(raw: str | None, expected: str | None) -> None:
    assert parse_date(raw) == expected


BASE = datetime(2024, 5, 8, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2 hours ago", "2024-05-08T10:00:00+00:00", id="hours-ago"),
        pytest.param("3 days ago", "2024-05-05T12:00:00+00:00", id="days-ago"),
        pytest.param("May 8, 2024 6:19 pm", "2024-05-08T18:19:00", id="absolute-unaffected"),
    ],
)
def test_parse_datetime_relative_with_fixed_base(raw: str, expected: str) -> None:
    assert parse_datetime(raw, relative_base=BASE) == expected


def test_bad_default_offset_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not a UTC offset"):
        parse_datetime("2024-05-08 18:19:00", "Kabul")
