"""Bad input to the extractors: fuzzed fixture pages and random bytes, and pathological pages.
The extractor never raises anything but NotAnArticle, and every record it returns validates."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.discovery import parse_feed, parse_sitemap
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.listing import extract_listing
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import validation_errors
from tests.conftest import SITE_URL
from tests.pathological import (
    BILLION_LAUGHS,
    FEED_ROOT,
    PAGES,
    SITEMAP_ROOT,
    base_page,
    ten_thousand_tweets,
)

URL = SITE_URL + "fuzzed/"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _pages() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted(BUNDLED_SITE.glob("*/input.html"))[:6])


def _check(document: str | bytes) -> None:
    try:
        record = extract_article(document, URL)
    except NotAnArticle:
        return
    assert validation_errors({**record, "scraped_at": "2026-01-01T00:00:00Z"}) == []


@FUZZ
@given(st.integers(0, 5), st.integers(0, 10**6), st.integers(1, 4000), st.binary(max_size=64))
@pytest.mark.slow
def test_mutated_fixture_pages(index: int, at: int, length: int, junk: bytes) -> None:
    page = _pages()[index % len(_pages())]
    cut = at % len(page)
    _check(page[:cut] + junk + page[cut + length :])


@FUZZ
@given(st.integers(0, 5), st.integers(0, 10**6))
@pytest.mark.slow
def test_truncated_fixture_pages(index: int, at: int) -> None:
    page = _pages()[index % len(_pages())]
    _check(page[: at % len(page)])


@FUZZ
@given(st.binary(max_size=4096))
@pytest.mark.slow
def test_random_bytes(data: bytes) -> None:
    _check(data)
    extract_listing(data, URL) if data.strip() and b"<" in data[:2048] else None


@FUZZ
@given(st.text(max_size=2000))
@pytest.mark.slow
def test_random_text(data: str) -> None:
    _check(data)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.slow
def test_pathological_page(name: str) -> None:
    _check(PAGES[name](base_page()))


@pytest.mark.slow
def test_ten_thousand_tweets_are_all_read() -> None:
    assert len(extract_article(ten_thousand_tweets(base_page()), URL)["tweets"]) >= 10_000


def test_billion_laughs_in_feed_and_sitemap_does_not_expand() -> None:
    feed = BILLION_LAUGHS.format(root=FEED_ROOT)
    sitemap = BILLION_LAUGHS.format(root=SITEMAP_ROOT)
    # Either the document is refused or read without expanding: never a billion "lol"s.
    found = [*parse_feed(feed, SITE_URL), *parse_sitemap(sitemap, SITE_URL).entries]
    assert all(len(entry.url) < 200 for entry in found)
    assert len(parse_feed(feed.replace("&lol9;", "Kabul"), SITE_URL)) == 1


def test_fixture_records_stay_valid_json() -> None:
    # The fuzz targets above start from real pages: make sure those pages are real articles.
    for page in _pages():
        record = extract_article(page, URL)
        json.dumps(record, ensure_ascii=False)
        assert record["headline"] and record["body"]


def test_page_files_exist() -> None:
    assert len(_pages()) == 6 and all(isinstance(page, bytes) for page in _pages())
    assert Path(BUNDLED_SITE).is_dir()
