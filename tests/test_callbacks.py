"""Each spider callback fed a Scrapy response built from a mirror page: what it routes where.
No server and no engine: the callbacks are plain methods of a spider bound to a test crawler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import ARTICLE, DISCOVERY, ROLE, VERDICT
from insight_scraper.mirror.rest import posts_endpoint
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.spiders.full import FullCrawlSpider
from insight_scraper.spiders.incremental import REST_FIRST_PAGE, IncrementalCrawlSpider
from insight_scraper.state.store import Seen, StateStore
from tests.conftest import SITE_URL, manifest

POSTS = manifest()["posts"]
SEED = POSTS[0]
LISTING = "category/afghan-politics/"


SETTINGS = {"INSIGHT_SITE_URL": SITE_URL}


def _page(path: str, **extra: Any) -> Response:
    """The mirror's page at ``path`` (a directory of the mirror) as the site's response."""
    url = SITE_URL + path
    body = (BUNDLED_SITE / path / "input.html").read_bytes()
    return HtmlResponse(url=url, body=body, request=Request(url), **extra)


def _full() -> FullCrawlSpider:
    spider = FullCrawlSpider.from_crawler(get_crawler(FullCrawlSpider, SETTINGS))
    assert isinstance(spider, FullCrawlSpider)
    return spider


@pytest.fixture
def incremental(tmp_path: Path) -> Iterator[IncrementalCrawlSpider]:
    spider = IncrementalCrawlSpider.from_crawler(get_crawler(IncrementalCrawlSpider, SETTINGS))
    assert isinstance(spider, IncrementalCrawlSpider)
    spider.store = StateStore.open(tmp_path / "state.sqlite")
    yield spider
    spider.store.close()


def _requests(produced: Any) -> list[Request]:
    return [item for item in produced if isinstance(item, Request)]


def test_home_page_routes_to_every_category_listing() -> None:
    routed = _requests(_full().parse_home(_page("")))
    assert len(routed) == len(manifest()["categories"])
    assert all(r.meta[ROLE] == DISCOVERY and r.cb_kwargs["page"] == 1 for r in routed)


def test_home_page_without_a_menu_is_fetched_again() -> None:
    bare = HtmlResponse(
        SITE_URL, body=b"<html><body>maintenance</body></html>", request=Request(SITE_URL)
    )
    routed = list(_full().parse_home(bare))
    assert [r.url for r in _requests(routed)] == [SITE_URL] and routed[0].dont_filter


def test_listing_page_routes_the_next_page_and_its_articles_within_the_window() -> None:
    spider = _full()
    routed = _requests(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    discovery = [r.url for r in routed if r.meta[ROLE] == DISCOVERY]
    articles = [r.url for r in routed if r.meta[ROLE] == ARTICLE]
    assert discovery == [SITE_URL + LISTING + "page/2/"]
    assert articles and all(url.startswith(SITE_URL) for url in articles)
    assert spider.in_flight == len(articles) and len(spider.backlog) == 0


def test_articles_wait_in_the_backlog_beyond_the_window() -> None:
    spider = FullCrawlSpider.from_crawler(
        get_crawler(FullCrawlSpider, {**SETTINGS, "INSIGHT_ARTICLE_WINDOW": 2})
    )
    routed = _requests(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    assert len([r for r in routed if r.meta[ROLE] == ARTICLE]) == 2 and len(spider.backlog) > 0
    answered = _page(SEED["slug"] + "/")
    handed = [r for r in spider.parse_article(answered) if isinstance(r, Request)]
    assert len(handed) == 1 and spider.in_flight == 2  # one answered, the next one out


def test_listing_cap_stops_pagination_with_a_reject() -> None:
    spider = FullCrawlSpider.from_crawler(
        get_crawler(FullCrawlSpider, {**SETTINGS, "INSIGHT_MAX_LISTING_PAGES": 1})
    )
    produced = list(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    assert [r.meta[ROLE] for r in _requests(produced)] == [ARTICLE] * len(_requests(produced))
    assert [r.reason for r in produced if isinstance(r, RejectItem)] == ["listing_cap"]


def test_max_pages_stops_pagination() -> None:
    spider = FullCrawlSpider.from_crawler(get_crawler(FullCrawlSpider, SETTINGS), max_pages="1")
    routed = _requests(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    assert [r for r in routed if r.meta[ROLE] == DISCOVERY] == []


def test_empty_listing_is_fetched_again_then_rejected() -> None:
    spider = _full()
    empty = HtmlResponse(
        SITE_URL + LISTING, body=b"<html><body></body></html>", request=Request(SITE_URL + LISTING)
    )
    assert [r.url for r in _requests(spider.parse_listing(empty, slug="x", page=1))] == [
        SITE_URL + LISTING
    ]
    spent = empty.replace(request=Request(SITE_URL + LISTING, meta={"insight_refetch": 2}))
    rejects = [
        item
        for item in spider.parse_listing(spent, slug="x", page=1)
        if isinstance(item, RejectItem)
    ]
    assert [r.reason for r in rejects] == ["empty_listing"]


def test_sitemap_routes_post_sitemaps_then_their_articles() -> None:
    spider = _full()
    index = XmlResponse(
        SITE_URL + "wp-sitemap.xml", body=(BUNDLED_SITE / "wp-sitemap.xml").read_bytes()
    )
    routed = _requests(spider.parse_sitemap_index(index))
    assert [r.url.rsplit("/", 1)[-1] for r in routed] == ["wp-sitemap-posts-post-1.xml"]
    posts = XmlResponse(
        routed[0].url, body=(BUNDLED_SITE / "wp-sitemap-posts-post-1.xml").read_bytes()
    )
    handed = [r.url for r in _requests(spider.parse_sitemap(posts))]
    assert sorted(handed + spider.backlog.dump()) == sorted(post["url"] for post in POSTS)


def test_article_page_becomes_a_record() -> None:
    response = _page(SEED["slug"] + "/", headers={"ETag": '"v1"'})
    (item,) = _full().parse_article(response)
    assert isinstance(item, ArticleItem)
    assert (item.url, item.post_id, item.etag) == (SEED["url"], SEED["post_id"], '"v1"')


def test_a_listing_fetched_as_an_article_becomes_a_reject() -> None:
    (item,) = _full().parse_article(_page(LISTING))
    assert isinstance(item, RejectItem) and (item.stage, item.reason) == ("extract", "listing_page")


def test_a_failed_article_request_becomes_a_download_reject() -> None:
    request = Request(SEED["url"], meta={ROLE: ARTICLE})
    failure = Failure(TimeoutError("took too long"))
    failure.request = request  # type: ignore[attr-defined]
    (reject,) = _full().on_error(failure)
    assert isinstance(reject, RejectItem) and (reject.stage, reject.reason) == (
        "download",
        "timeout",
    )


def _rest(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> TextResponse:
    url = SITE_URL + REST_FIRST_PAGE
    return TextResponse(url, status=status, body=body, headers=headers or {}, request=Request(url))


def test_rest_answer_routes_every_unseen_post(incremental: IncrementalCrawlSpider) -> None:
    status, body, headers = posts_endpoint(POSTS, REST_FIRST_PAGE.split("?", 1)[1])
    routed = _requests(incremental.parse_rest(_rest(status, body, headers), page=1))
    assert sorted(r.url for r in routed) == sorted(post["url"] for post in POSTS)
    assert {r.meta[VERDICT] for r in routed} == {"new"}


def test_rest_not_modified_routes_nothing(incremental: IncrementalCrawlSpider) -> None:
    assert _requests(incremental.parse_rest(_rest(304), page=1)) == []


def test_rest_closed_falls_back_to_the_feed(incremental: IncrementalCrawlSpider) -> None:
    (feed,) = _requests(incremental.parse_rest(_rest(404, b'{"code":"rest_no_route"}'), page=1))
    assert feed.url == SITE_URL + "feed/" and feed.meta["handle_httpstatus_all"]


def test_feed_routes_new_posts_then_sitemap_and_listings(
    incremental: IncrementalCrawlSpider,
) -> None:
    feed = XmlResponse(SITE_URL + "feed/", body=(BUNDLED_SITE / "feed" / "input.xml").read_bytes())
    routed = _requests(incremental.parse_feed(feed))
    articles = [r for r in routed if r.meta[ROLE] == ARTICLE]
    assert articles and all(r.meta[VERDICT] == "new" for r in articles)
    assert [r.url for r in routed if r.meta[ROLE] == DISCOVERY] == [
        SITE_URL + "wp-sitemap.xml",
        SITE_URL,
    ]


def test_listing_skips_known_unchanged_posts(incremental: IncrementalCrawlSpider) -> None:
    assert incremental.store is not None
    for post in POSTS:
        incremental.store.record(
            Seen(post["url"], post["post_id"], None, post["modified"], "h", None, None, "now")
        )
    incremental.planner = type(incremental.planner)(incremental.store.known())
    assert _requests(incremental.parse_listing(_page(LISTING))) == []


def test_an_article_named_again_after_its_release_takes_no_slot() -> None:
    settings = {**SETTINGS, "INSIGHT_ARTICLE_WINDOW": 50}
    spider = FullCrawlSpider.from_crawler(get_crawler(FullCrawlSpider, settings))
    first = _requests(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    again = _requests(spider.parse_listing(_page(LISTING), slug="afghan-politics", page=1))
    released = [r for r in first if r.meta[ROLE] == ARTICLE]
    assert released and [r for r in again if r.meta[ROLE] == ARTICLE] == []
    assert spider.in_flight == len(released)  # no slot held by a request the dupefilter drops
