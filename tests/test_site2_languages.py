"""The second site's languages and calendar: Pashto pages come out ``ps`` and Dari ``fa``,
tweets in all three languages come out as data with their ``lang``, and the visible Solar
Hijri date (Afghan month names, Persian, Arabic-Indic or Latin digits) is read, alone or
beside a machine-readable date."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from insight_scraper.extract.solar_hijri import DARI_MONTHS, PASHTO_MONTHS
from tests.site2 import ARTICLES, SITE2, record

# Letters of Pashto that Dari does not write (ئ is in both: Dari مسئول).
PASHTO_LETTERS = re.compile("[ټځډړږښګڼېۍ]")
SECTIONS = ("fa", "ps", "en")


def _section(lang: str) -> list[dict[str, object]]:
    return [record(fixture) for fixture in ARTICLES if fixture.parent.name == lang]


@pytest.mark.parametrize("lang", SECTIONS)
def test_each_section_comes_out_in_its_language(lang: str) -> None:
    records = _section(lang)
    assert len(records) == 8
    assert {r["language"] for r in records} == {lang}


def test_pashto_bodies_are_told_from_dari_by_their_letters() -> None:
    assert all(PASHTO_LETTERS.search(str(r["body"])) for r in _section("ps"))
    assert not any(PASHTO_LETTERS.search(str(r["body"])) for r in _section("fa"))


def test_tweets_in_all_three_languages_are_data() -> None:
    tweets = [t for fixture in ARTICLES for t in record(fixture)["tweets"]]
    with_text = [t for t in tweets if t["text"]]
    assert {t["lang"] for t in with_text} == {"fa", "ps", "en"}
    for tweet in with_text:
        assert tweet["tweet_id"].isdigit() and tweet["author_handle"] and tweet["date"]
        assert (
            tweet["url"]
            == f"https://twitter.com/{tweet['author_handle']}/status/{tweet['tweet_id']}"
        )
    pashto = [t for t in with_text if t["lang"] == "ps"]
    assert all(PASHTO_LETTERS.search(t["text"]) for t in pashto)


def test_every_tweet_form_is_on_the_site() -> None:
    pages = "".join((f / "input.html").read_text(encoding="utf-8") for f in ARTICLES)
    for marker in ("wp-block-embed-twitter", "wp-block-embed-x", 'class="embed-twitter"',
                   'data-lang="en"', "twitter-tweet-rendered", "<p>&mdash;"):  # fmt: skip
        assert marker in pages, marker


@pytest.mark.parametrize("lang", ["fa", "ps"])
def test_dari_and_pashto_pages_show_solar_hijri_dates(lang: str) -> None:
    months = DARI_MONTHS if lang == "fa" else PASHTO_MONTHS
    for r in _section(lang):
        shown = str(r["date_published_solar_hijri"])
        assert any(month in shown.split() for month in months), shown


def test_english_pages_show_no_solar_hijri_date() -> None:
    assert {r["date_published_solar_hijri"] for r in _section("en")} == {None}


def test_pages_with_only_the_solar_date_get_its_gregorian_value() -> None:
    only = [
        r for fixture in ARTICLES if (r := record(fixture))["extraction"]["date_modified"] == "none"
    ]
    # DIGIT (Latin), ARABIC-INDIC DIGIT, EXTENDED ARABIC-INDIC DIGIT (Persian)
    digits = {
        unicodedata.name(c).split()[0]
        for r in only
        for c in str(r["date_published_raw"])
        if c.isdigit()
    }
    assert len(only) == 5 and len(digits) == 3  # Persian, Arabic-Indic and Latin digits
    for r in only:
        assert r["date_published_raw"] == r["date_published_solar_hijri"]
        assert r["extraction"]["date_published"] == "theme"
        assert date.fromisoformat(str(r["date_published"])[:10]).year == 2024


def test_the_mirror_serves_sections_under_their_prefixes() -> None:
    for lang in SECTIONS:
        html = (SITE2 / lang / "input.html").read_text(encoding="utf-8")
        assert f'<html lang="{ {"fa": "fa-AF", "ps": "ps-AF", "en": "en-US"}[lang] }"' in html
        assert (SITE2 / lang / "feed" / "input.xml").is_file()
