"""The synthetic site: N distinct articles generated from the mirror's pages, crawled for real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.listing import extract_listing
from insight_scraper.mirror.server import MirrorServer
from insight_scraper.mirror.synthetic import SITEMAP_PAGE, SYNTHETIC_ID_BASE, SyntheticSite
from insight_scraper.record import validation_errors
from tests.conftest import SITE_URL
from tests.crawling import crawl_mirror

N = 60


@pytest.fixture(scope="module")
def site() -> SyntheticSite:
    return SyntheticSite(N)


def test_every_article_is_distinct_and_extracts(site: SyntheticSite) -> None:
    records = [
        extract_article(site.answer(site.url(k)).body, SITE_URL + site.url(k)[1:]) for k in range(N)
    ]
    assert [r["post_id"] for r in records] == [SYNTHETIC_ID_BASE + k for k in range(N)]
    assert len({r["headline"] for r in records}) == len({r["content_hash"] for r in records}) == N
    assert all(r["canonical_url"] == SITE_URL + site.url(k)[1:] for k, r in enumerate(records))
    assert all(validation_errors(r | {"scraped_at": "2024-01-01T00:00:00Z"}) == [] for r in records)


def test_pages_are_deterministic_and_unknown_paths_are_404(site: SyntheticSite) -> None:
    assert site.answer(site.url(7)).body == SyntheticSite(N).answer(site.url(7)).body
    bad = [
        "/nope/",
        site.url(N),
        "/category/afghan-sports/page/99/",
        "/wp-sitemap-posts-post-2.xml",
    ]
    assert [site.answer(path).status for path in bad] == [404] * len(bad)
    assert site.answer(f"/?p={SYNTHETIC_ID_BASE + 3}").headers["Location"] == site.url(3)


def test_listings_paginate_newest_first(site: SyntheticSite) -> None:
    path, url = "/category/voices-of-afghanistan/", SITE_URL + "category/voices-of-afghanistan/"
    seen: list[str] = []
    while url:
        listing = extract_listing(site.answer("/" + url.split("/", 3)[3]).body, url)
        assert 0 < len(listing.items) <= site.per_page
        seen += listing.article_urls
        url = listing.next_page or ""
    numbers = [int(re.sub(r".*-(\d+)/$", r"\1", u)) for u in seen]
    assert numbers == sorted(numbers, reverse=True) == site.members(site.listings[path[10:]])


def test_sitemaps_hold_2000_urls_each() -> None:
    big = SyntheticSite(SITEMAP_PAGE + 5)
    assert b"wp-sitemap-posts-post-2.xml" in big.answer("/wp-sitemap.xml").body
    assert big.answer("/wp-sitemap-posts-post-1.xml").body.count(b"<url>") == SITEMAP_PAGE
    assert big.answer("/wp-sitemap-posts-post-2.xml").body.count(b"<url>") == 5
    assert big.answer("/feed/").body.count(b"<item>") == 10


@deferred_f_from_coro_f
@pytest.mark.crawl
async def test_crawl_finds_every_article_once(site: SyntheticSite, tmp_path: Path) -> None:
    with MirrorServer(site) as server:
        result = await crawl_mirror(server.base_url, tmp_path)
    urls = [article.url for article in result.articles]
    assert sorted(urls) == sorted(SITE_URL + site.url(k)[1:] for k in range(N))
    assert all(validation_errors(article) == [] for article in result.articles)
    assert result.rejects == []


def test_an_article_numbered_like_its_templates_post_id(site: SyntheticSite) -> None:
    size = len(site.templates)
    k = next(t.post_id for n, t in enumerate(site.templates) if t.post_id % size == n)
    big = SyntheticSite(k + 1)
    record = extract_article(big.answer(big.url(k)).body, SITE_URL + big.url(k)[1:])
    assert (record["post_id"], record["canonical_url"]) == (
        SYNTHETIC_ID_BASE + k,
        SITE_URL + big.url(k)[1:],
    )
