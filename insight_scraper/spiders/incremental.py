"""The incremental spider: only new and changed articles, cheapest signal first.

1. REST ``/wp-json/wp/v2/posts?orderby=modified`` (one request lists ids, links and modified
   times); a 304 means nothing changed. 401/403/404 or a non-JSON answer falls through to:
2. ``/feed/``: a 304 means nothing was published or edited; new items are fetched at once;
3. the sitemap: posts never seen, and known posts that vanished;
4. the first page of each category listing: cards carry the modified time; a listing stops
   paginating at the first page with no unseen or changed post.
Discovery requests are conditional (If-None-Match / If-Modified-Since from the state).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from insight_scraper.extract.discovery import Entry, parse_feed, parse_rest_posts, parse_sitemap
from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.items import RejectItem
from insight_scraper.meta import VERDICT
from insight_scraper.middlewares import site_url
from insight_scraper.spiders.base import SiteSpider
from insight_scraper.spiders.responses import header
from insight_scraper.state.planner import NEW, UNCHANGED, Planner

logger = logging.getLogger(__name__)
REST_PER_PAGE = 100
REST_PATH = (
    "wp-json/wp/v2/posts?orderby=modified&order=desc&per_page={per_page}&page={page}"
    "&_fields=id,link,modified_gmt"
)
REST_FIRST_PAGE = REST_PATH.format(per_page=REST_PER_PAGE, page=1)


class IncrementalCrawlSpider(SiteSpider):
    """New and changed articles only, against the state (which it needs)."""

    name = "afghaninsight_incremental"
    mode: ClassVar[str] = "incremental"
    needs_state: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planner = Planner([])
        self.rest_new = 0
        self.sitemaps_pending = 0
        self.sitemaps_complete = True

    def first_requests(self) -> Iterator[scrapy.Request]:
        assert self.store is not None
        self.planner = Planner(self.store.known())
        yield from self.retry_requests()
        yield self._rest_request(1)

    def _rest_request(self, page: int) -> scrapy.Request:
        path = REST_PATH.format(per_page=REST_PER_PAGE, page=page)
        return self.discovery(self.site_url + path, self.parse_rest, conditional=True, page=page)

    def _feed_request(self) -> scrapy.Request:
        return self.discovery(self.site_url + "feed/", self.parse_feed, conditional=True)

    def parse_rest(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        outcome = self.answered(response, "rest")
        if outcome == "not_modified":
            return
        entries = None
        if outcome == "fresh" and isinstance(response, TextResponse):
            entries = parse_rest_posts(response.text, self.site_url)
        if entries is None:
            logger.info("REST API unavailable (HTTP %s): falling back to the feed", response.status)
            yield self._feed_request()
            return
        requests = list(self._fetch_changed(entries))
        self.rest_new += sum(1 for r in requests if r.meta[VERDICT] == NEW)
        yield from requests
        pages = int(header(response, "X-WP-TotalPages") or 1)
        if page >= pages:
            yield from self._check_unlisted()  # the whole list has been seen
        elif len(requests) == len(entries) or self._rest_lost_posts(response):
            yield self._rest_request(page + 1)

    def _rest_lost_posts(self, response: Response) -> bool:
        """Ordered by modified time, an unchanged post means the rest is unchanged too, unless
        the total says a post disappeared: then the full list is read to find which."""
        total = int(header(response, "X-WP-Total") or 0)
        return total < len(self.planner.live) + self.rest_new

    def _fetch_changed(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        for entry in entries:
            verdict = self.planner.verdict(entry)
            self.crawler.stats.inc_value(f"insight/discovery/listed/{verdict}")
            if verdict != UNCHANGED:
                yield self.article_request(entry.url, **{VERDICT: verdict})

    def _fetch_new(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        return (r for r in self._fetch_changed(entries) if r.meta[VERDICT] == NEW)

    def _check_unlisted(self) -> Iterator[scrapy.Request]:
        """Known posts a complete listing left out: fetch once; a 404/410 marks them removed."""
        for url in self.planner.unlisted():
            self.crawler.stats.inc_value("insight/discovery/unlisted")
            yield self.article_request(url, **{VERDICT: "unlisted"})

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        outcome = self.answered(response, "feed")
        if outcome == "fresh":
            yield from self._fetch_new(parse_feed(response.body, self.site_url))
        yield from self._after_feed(outcome)

    def _after_feed(self, outcome: str) -> Iterator[scrapy.Request]:
        # A deletion leaves the feed's validators alone (they follow the newest modification):
        # the sitemap tells. Listings are read only when something was published or edited.
        sitemap = self.site_url + "wp-sitemap.xml"
        yield self.discovery(sitemap, self.parse_sitemap_index, conditional=True)
        if outcome != "not_modified":
            yield self.discovery(self.site_url, self.parse_home, conditional=True)

    def parse_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        assert self.store is not None
        outcome = self.answered(response, "sitemap")
        if outcome == "fresh":
            sitemap = parse_sitemap(response.body, self.site_url)
            children = [url for url in sitemap.children if "post" in url.rsplit("/", 1)[-1]]
            self.store.set_meta("sitemap_children", json.dumps(children))
        elif outcome == "not_modified":
            children = json.loads(self.store.meta("sitemap_children") or "[]")
        else:
            return  # no sitemap: listings are the last signal
        self.sitemaps_pending = len(children)
        for child in children:
            yield self.discovery(child, self.parse_sitemap, conditional=True)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | RejectItem]:
        self.sitemaps_pending -= 1
        if self.sitemap_full:  # a bomb: what is past the cap is not even parsed
            self.sitemaps_complete = False
        elif self.answered(response, "sitemap") == "fresh":
            entries = parse_sitemap(response.body, self.site_url).entries
            capped = list(self.capped_sitemap(response.url, entries))
            yield from (item for item in capped if isinstance(item, RejectItem))
            yield from self._fetch_new([item for item in capped if isinstance(item, Entry)])
        else:
            # Unchanged since the last run (whose deletions were handled then), or unreadable:
            # its URLs are unknown now, so absence elsewhere proves nothing.
            self.sitemaps_complete = False
        if self.sitemaps_pending == 0 and self.sitemaps_complete:
            yield from self._check_unlisted()

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        if self.answered(response, "home") != "fresh":
            return
        for category in extract_menu(response.text, response.url):
            if self.wants_category(category.slug):
                yield self.discovery(category.url, self.parse_listing, conditional=True, page=1)

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        if self.answered(response, "listing") != "fresh":
            return
        listing = extract_listing(response.text, response.url)
        entries = [Entry(item.url, item.post_id, item.date) for item in listing.items]
        requests = list(self._fetch_changed(entries))
        yield from requests
        if requests and listing.next_page:
            if page >= self.settings.getint("INSIGHT_MAX_LISTING_PAGES", 500):
                return  # every page held a change: a full crawl reads on
            next_page = listing.next_page
            yield self.discovery(next_page, self.parse_listing, conditional=True, page=page + 1)

    def on_discovery_error(self, failure: Failure) -> Iterator[scrapy.Request | RejectItem]:
        """A discovery endpoint that cannot be reached falls through to the next signal: REST
        to the feed, the feed to the sitemap and listings. Anything else is a reject."""
        url = site_url(failure.request)  # type: ignore[attr-defined]
        if "/wp-json/" in url:
            logger.info("REST API unreachable (%s): falling back to the feed", failure.value)
            self.crawler.stats.inc_value("insight/discovery/rest/unreachable")
            yield self._feed_request()
            return
        yield from super().on_discovery_error(failure)
        if url == self.site_url + "feed/":
            yield from self._after_feed("unavailable")
