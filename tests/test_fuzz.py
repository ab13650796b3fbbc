"""Bad input to the extractors: fuzzed fixture pages and random bytes, and pathological pages.
The extractor never raises anything but NotAnArticle, and every record it returns validates."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.discovery import parse_feed, parse_sitemap
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.listing import extract_listing
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import validation_errors
from tests.conftest import SITE_URL

URL = SITE_URL + "fuzzed/"
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _pages() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted(BUNDLED_SITE.glob("*/input.html"))[:6])


def _check(document: str | bytes) -> None:
    try:
        record = extract_article(document, URL)
    except NotAnArticle:
        return
    errors = validation_errors({**record, "scraped_at": "2026-01-01T00:00:00Z"})
    # A mutilated page may lose its headline or body: that is a reject, never a crash.
    assert all(error.split(":")[0] in {"headline", "body"} for error in errors), errors


@FUZZ
@given(st.integers(0, 5), st.integers(0, 10**6), st.integers(1, 4000), st.binary(max_size=64))
def test_mutated_fixture_pages(index: int, at: int, length: int, junk: bytes) -> None:
    page = _pages()[index % len(_pages())]
    cut = at % len(page)
    _check(page[:cut] + junk + page[cut + length :])


@FUZZ
@given(st.integers(0, 5), st.integers(0, 10**6))
def test_truncated_fixture_pages(index: int, at: int) -> None:
    page = _pages()[index % len(_pages())]
    _check(page[: at % len(page)])


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _check(data)
    extract_listing(data, URL) if data.strip() and b"<" in data[:2048] else None


@FUZZ
@given(st.text(max_size=2000))
def test_random_text(data: str) -> None:
    _check(data)


def test_nul_bytes_and_invalid_utf8() -> None:
    page = _pages()[0]
    _check(page.replace(b"<p>", b"<p>\x00\xff\xfe", 20))
    _check(page.decode("utf-8").replace("<p>", "<p>\x00", 20))


def test_deeply_nested_html() -> None:
    nested = "<div>" * 100_000 + "x" + "</div>" * 100_000
    page = _pages()[0].decode("utf-8").replace("<p>", f"<p>{nested}", 1)
    _check(page)


def test_twenty_megabyte_page() -> None:
    filler = "<p>" + "word " * 200 + "</p>\n"
    page = _pages()[0].decode("utf-8")
    body_at = page.index('<div class="entry-content')
    big = page[:body_at] + filler * (20_000_000 // len(filler)) + page[body_at:]
    _check(big)


def test_ten_thousand_tweets() -> None:
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">t {n}</p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/1{n:018d}">January 1, 2024</a></blockquote>'
    )
    page = _pages()[0].decode("utf-8")
    at = page.index('<div class="entry-content')
    at = page.index(">", at) + 1
    tweets = "".join(tweet.format(n=n) for n in range(10_000))
    record = extract_article(page[:at] + tweets + page[at:], URL)
    assert len(record["tweets"]) >= 10_000


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
{root}"""


def test_billion_laughs_in_feed_and_sitemap_does_not_expand() -> None:
    feed = BILLION_LAUGHS.format(root="<rss><channel><item><title>&lol9;</title><link>https://www.afghaninsight.com/a/</link></item></channel></rss>")
    sitemap = BILLION_LAUGHS.format(root='<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.afghaninsight.com/a/&lol9;</loc></url></urlset>')
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
