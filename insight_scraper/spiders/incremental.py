"""Incremental discovery for the ``afghaninsight`` spider: cheapest signal first.

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
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from insight_scraper.extract.discovery import Entry, parse_feed, parse_rest_posts, parse_sitemap
from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.incremental import NEW, UNCHANGED, Planner
from insight_scraper.record import utc_now
from insight_scraper.state import StateStore

logger = logging.getLogger(__name__)
REST_PER_PAGE = 100
REST_PATH = (
    "wp-json/wp/v2/posts?orderby=modified&order=desc&per_page={per_page}&page={page}"
    "&_fields=id,link,modified_gmt"
)
DISCOVERY, ARTICLE = "discovery", "article"


class IncrementalDiscovery:
    """Mixed into the spider: callbacks that turn discovery responses into article requests."""

    site_url: str
    crawler: Any
    planner: Planner
    store: StateStore
    rest_new = 0
    sitemaps_pending = 0
    sitemaps_complete = True

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        raise NotImplementedError

    def discovery_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        etag, last_modified = self.store.validators(url)
        headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_discovery_error,
            headers={name: value for name, value in headers.items() if value},
            meta={"insight_role": DISCOVERY, "handle_httpstatus_all": True},
            cb_kwargs=cb_kwargs,
            priority=20,
            dont_filter=True,
        )

    def start_incremental(self) -> Iterator[scrapy.Request]:
        yield self._rest_request(1)

    def prime_requests(self) -> Iterator[scrapy.Request]:
        """A full crawl records the validators of the first two signals, so that the next
        incremental run can ask for them conditionally (two cheap requests)."""
        yield self.discovery_request(
            self.site_url + REST_PATH.format(per_page=REST_PER_PAGE, page=1), self.remember
        )
        yield self.discovery_request(self.site_url + "feed/", self.remember)

    def remember(self, response: Response) -> Iterator[scrapy.Request]:
        self._answered(response, "prime")
        return iter(())

    def _rest_request(self, page: int) -> scrapy.Request:
        path = REST_PATH.format(per_page=REST_PER_PAGE, page=page)
        return self.discovery_request(self.site_url + path, self.parse_rest, page=page)

    def _answered(self, response: Response, signal: str) -> str:
        """``fresh`` (200, validators saved), ``not_modified`` (304) or ``unavailable``."""
        outcome = {200: "fresh", 304: "not_modified"}.get(response.status, "unavailable")
        self.crawler.stats.inc_value(f"insight/discovery/{signal}/{outcome}")
        if outcome == "fresh":
            headers = response.headers
            etag, modified = headers.get("ETag"), headers.get("Last-Modified")
            self.store.save_validators(response.url, _text(etag), _text(modified), utc_now())
        return outcome

    def parse_rest(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        outcome = self._answered(response, "rest")
        if outcome == "not_modified":
            return
        entries = None
        if outcome == "fresh" and isinstance(response, TextResponse):
            entries = parse_rest_posts(response.text, self.site_url)
        if entries is None:
            logger.info("REST API unavailable (HTTP %s): falling back to the feed", response.status)
            yield self.discovery_request(self.site_url + "feed/", self.parse_feed)
            return
        requests = list(self._fetch_changed(entries))
        self.rest_new += sum(1 for r in requests if r.meta["insight_verdict"] == NEW)
        yield from requests
        pages = int(_text(response.headers.get("X-WP-TotalPages")) or 1)
        if page >= pages:
            yield from self._check_unlisted()  # the whole list has been seen
        elif len(requests) == len(entries) or self._rest_lost_posts(response):
            yield self._rest_request(page + 1)

    def _rest_lost_posts(self, response: Response) -> bool:
        """Ordered by modified time, an unchanged post means the rest is unchanged too, unless
        the total says a post disappeared: then the full list is read to find which."""
        total = int(_text(response.headers.get("X-WP-Total")) or 0)
        return total < len(self.planner.live) + self.rest_new

    def _fetch_changed(self, entries: list[Entry]) -> Iterator[scrapy.Request]:
        for entry in entries:
            verdict = self.planner.verdict(entry)
            self.crawler.stats.inc_value(f"insight/discovery/listed/{verdict}")
            if verdict != UNCHANGED:
                yield self.article_request(entry.url, insight_verdict=verdict)

    def _check_unlisted(self) -> Iterator[scrapy.Request]:
        """Known posts a complete listing left out: fetch once; a 404/410 marks them removed."""
        for url in self.planner.unlisted():
            self.crawler.stats.inc_value("insight/discovery/unlisted")
            yield self.article_request(url, insight_verdict="unlisted")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        outcome = self._answered(response, "feed")
        if outcome == "fresh":
            entries = parse_feed(response.body, self.site_url)
            yield from (r for r in self._fetch_changed(entries) if r.meta["insight_verdict"] == NEW)
        # A deletion leaves the feed's validators alone (they follow the newest modification):
        # the sitemap tells. Listings are read only when something was published or edited.
        yield self.discovery_request(self.site_url + "wp-sitemap.xml", self.parse_sitemap_index)
        if outcome != "not_modified":
            yield self.discovery_request(self.site_url, self.parse_home_incremental)

    def parse_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        outcome = self._answered(response, "sitemap")
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
            yield self.discovery_request(child, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.sitemaps_pending -= 1
        if self._answered(response, "sitemap") == "fresh":
            entries = parse_sitemap(response.body, self.site_url).entries
            yield from (r for r in self._fetch_changed(entries) if r.meta["insight_verdict"] == NEW)
        else:
            # Unchanged since the last run (whose deletions were handled then), or unreadable:
            # its URLs are unknown now, so absence elsewhere proves nothing.
            self.sitemaps_complete = False
        if self.sitemaps_pending == 0 and self.sitemaps_complete:
            yield from self._check_unlisted()

    def parse_home_incremental(self, response: Response) -> Iterator[scrapy.Request]:
        if self._answered(response, "home") != "fresh":
            return
        for category in extract_menu(response.text, response.url):
            if self.wants_category(category.slug):
                yield self.discovery_request(category.url, self.parse_listing_incremental)

    def wants_category(self, slug: str) -> bool:
        raise NotImplementedError

    def parse_listing_incremental(self, response: Response) -> Iterator[scrapy.Request]:
        if self._answered(response, "listing") != "fresh":
            return
        listing = extract_listing(response.text, response.url)
        entries = [Entry(item.url, item.post_id, item.date) for item in listing.items]
        requests = list(self._fetch_changed(entries))
        yield from requests
        if requests and listing.next_page:
            yield self.discovery_request(listing.next_page, self.parse_listing_incremental)

    def on_discovery_error(self, failure: Any) -> Iterator[scrapy.Request]:
        """A discovery endpoint that cannot be reached falls through to the next signal."""
        url = failure.request.meta.get("insight_site_url", failure.request.url)
        logger.warning("Discovery request %s failed: %s", url, failure.getErrorMessage())
        self.crawler.stats.inc_value("insight/discovery/errors")
        if "/wp-json/" in url:
            yield self.discovery_request(self.site_url + "feed/", self.parse_feed)


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    return value.decode("latin-1") if isinstance(value, bytes) else value
