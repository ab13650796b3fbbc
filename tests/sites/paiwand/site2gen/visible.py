"""Visible dates as the site prints them: Solar Hijri with Afghan month names in the Dari and
Pashto sections (a Jalali date plugin over the theme's ``the_time()``), Gregorian in English.

The month names are written out here, independently of insight_scraper's reader, and the
conversion is jdatetime's, so a fixture can catch a wrong month table in the product.
"""

from __future__ import annotations

from datetime import datetime

import jdatetime

DARI = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
PASHTO = ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی",
          "سلواغه", "کب")  # fmt: skip
DIGITS = {"persian": "۰۱۲۳۴۵۶۷۸۹", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "latin": "0123456789"}


def _digits(text: str, style: str) -> str:
    return text.translate(str.maketrans("0123456789", DIGITS[style]))


def visible_date(moment: datetime, lang: str, digits: str, with_time: bool) -> str:
    """'۲۹ جوزا ۱۴۰۳' (fa), '۲۹ غبرګولی ۱۴۰۳' (ps), 'June 18, 2024' (en); with_time adds
    ' - 10:30' (the theme's date format "j F Y - H:i")."""
    clock = f" - {moment:%H:%M}" if with_time else ""
    if lang == "en":
        return f"{moment:%B} {moment.day}, {moment.year}{clock}"
    solar = jdatetime.date.fromgregorian(date=moment.date())
    names = DARI if lang == "fa" else PASHTO
    return _digits(f"{solar.day} {names[solar.month - 1]} {solar.year}{clock}", digits)
