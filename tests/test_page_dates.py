"""Page dates are given in the offset the theme's own time elements state."""

from __future__ import annotations

from pathlib import Path

from insight_scraper.extract.article import extract_article

REFERENCE = Path(__file__).parent / "fixtures" / "reference"
URL = "https://www.afghaninsight.com/kabul-hosts-regional-talks/"


def _navxt() -> str:
    return (REFERENCE / "navxt-skeleton" / "input.html").read_text(encoding="utf-8")


def test_a_utc_json_ld_date_is_written_in_the_theme_offset() -> None:
    html = _navxt().replace(
        '"datePublished": "2024-05-08T10:05:00+04:30"', '"datePublished": "2024-05-08T05:35:00Z"'
    )
    record = extract_article(html, URL)
    assert record["date_published"] == "2024-05-08T10:05:00+04:30"
    assert record["date_published_raw"] == "2024-05-08T05:35:00Z"


def test_without_a_theme_time_the_stated_offset_is_kept() -> None:
    html = _navxt().replace('datetime="2024-05-08T18:19:00+04:30"', "")
    html = html.replace(
        '"dateModified": "2024-05-08T18:19:00+04:30"', '"dateModified": "2024-05-08T13:49:00+00:00"'
    )
    html = html.replace(
        '"datePublished": "2024-05-08T10:05:00+04:30"',
        '"datePublished": "2024-05-08T05:35:00+00:00"',
    )
    record = extract_article(html, URL)
    assert record["date_modified"] == "2024-05-08T13:49:00+00:00"
    assert record["date_published"] == "2024-05-08T05:35:00+00:00"
