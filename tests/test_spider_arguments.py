"""Spider arguments on the real local server: categories, max_pages and since."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from insight_scraper.mirror.server import MirrorServer
from insight_scraper.spiders.full import FullCrawlSpider
from tests.conftest import SITE_URL, manifest
from tests.crawling import crawl_mirror


def _listing_paths(requested: list[str]) -> set[str]:
    paths = {"/" + url.split("/", 3)[3] for url in requested}
    return {path for path in paths if path.startswith("/category/")}


@deferred_f_from_coro_f
async def test_categories_and_max_pages(mirror: MirrorServer, tmp_path: Path) -> None:
    result = await crawl_mirror(
        mirror.base_url, tmp_path, categories="afghan-politics,afghan-sports", max_pages="1"
    )
    assert _listing_paths(result.requested) == {
        "/category/afghan-politics/",
        "/category/afghan-sports/",
    }
    listed = {c["url"]: c for c in manifest()["categories"]}
    politics = listed[SITE_URL + "category/afghan-politics/"]
    assert politics["pages"] >= 3  # so max_pages=1 really cut something
    wanted = {p["url"] for p in manifest()["posts"] if {"afghan-sports"} & set(p["categories"])}
    assert wanted <= {a.url for a in result.articles}
    assert len(result.articles) == len({a.url for a in result.articles}) <= 4 + len(wanted)


@deferred_f_from_coro_f
async def test_since_skips_older_posts_and_stops_paginating(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    since = "2024-05-01"
    result = await crawl_mirror(mirror.base_url, tmp_path, since=since)
    recent = {p["url"] for p in manifest()["posts"] if p["modified"][:10] >= since}
    assert {a.url for a in result.articles} == recent


@deferred_f_from_coro_f
async def test_since_stops_at_the_first_page_with_nothing_recent(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    result = await crawl_mirror(mirror.base_url, tmp_path, since="2030-01-01")
    assert result.articles == []
    assert not any("/page/" in path for path in _listing_paths(result.requested))
    assert len(_listing_paths(result.requested)) == len(manifest()["categories"])


def test_user_agent_names_the_contact() -> None:
    crawler = get_crawler(FullCrawlSpider, {"INSIGHT_CONTACT": "mailto:data@example.org"})
    assert crawler.settings["USER_AGENT"] == "insight-scraper/0.1.0 (+mailto:data@example.org)"
    chosen = get_crawler(FullCrawlSpider, {"INSIGHT_CONTACT": "x", "USER_AGENT": "mine"})
    assert chosen.settings["USER_AGENT"] == "mine"
