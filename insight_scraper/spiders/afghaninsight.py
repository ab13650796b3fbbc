"""Spider ``afghaninsight``: home page → category menu → every listing page → article pages.

Callbacks only route: they turn responses into requests (via the extractors of menu and
listing pages) or into raw PageItems. Field extraction happens in the item pipelines.
With ``incremental=1`` discovery starts from the cheapest signals instead (spiders/incremental.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from insight_scraper.durable import exported_urls
from insight_scraper.extract.listing import Listing, extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.incremental import Planner
from insight_scraper.items import PageItem, RejectItem
from insight_scraper.middlewares import site_url
from insight_scraper.record import make_reject, utc_now
from insight_scraper.spiders.arguments import (
    parse_categories,
    parse_flag,
    parse_max_pages,
    parse_since,
)
from insight_scraper.spiders.incremental import ARTICLE, DISCOVERY, IncrementalDiscovery
from insight_scraper.state import STATE_LOCKED, StateLocked, StateStore

logger = logging.getLogger(__name__)

# Listings are read to their end before articles are fetched (higher priority goes first).
LISTING_PRIORITY = 10
ARTICLE_PRIORITY = 0


class AfghanInsightSpider(IncrementalDiscovery, scrapy.Spider):
    """Arguments: ``categories`` (comma-separated slugs), ``max_pages`` (per category),
    ``since`` (YYYY-MM-DD: stop paginating once a listing page is all older), ``incremental``
    (1: only new and changed articles, discovered from REST, feed, sitemap and listings)."""

    name = "afghaninsight"

    def __init__(
        self,
        categories: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        incremental: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.wanted = parse_categories(categories)
        self.max_pages = parse_max_pages(max_pages)
        self.since: date | None = parse_since(since)
        self.incremental = parse_flag(incremental)

    @property
    def site_url(self) -> str:  # type: ignore[override]
        return str(self.settings["INSIGHT_SITE_URL"])

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.allowed_domains = [urlsplit(self.site_url).hostname or ""]
        self.exported = exported_urls(self.settings.get("INSIGHT_RESUME_OUTPUT") or None)
        has_state = self._open_state()
        if self.incremental:
            for request in self.start_incremental():
                yield request
            return
        if has_state:
            for request in self.prime_requests():
                yield request
        yield scrapy.Request(
            self.site_url,
            callback=self.parse_home,
            errback=self.on_error,
            priority=20,
            meta={"insight_role": DISCOVERY},
        )

    def _open_state(self) -> bool:
        path = self.settings.get("INSIGHT_STATE_PATH")
        if not path:
            if self.incremental:
                raise ValueError("incremental mode needs a state: set INSIGHT_STATE_PATH")
            return False
        try:
            self.store = StateStore.acquire(path)
        except StateLocked as exc:
            logger.error("Not crawling: another run holds the state lock: %s", exc)
            raise CloseSpider(STATE_LOCKED) from exc
        self.planner = Planner(self.store.known())
        return True

    def closed(self, reason: str) -> None:
        if getattr(self, "store", None) is not None:
            self.store.release()

    def wants_category(self, slug: str) -> bool:
        return not self.wanted or slug in self.wanted

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            priority=ARTICLE_PRIORITY,
            meta={"insight_role": ARTICLE, **meta},
        )

    def parse_home(self, response: Response) -> Iterator[scrapy.Request | RejectItem]:
        menu = _text_of(response, lambda text: extract_menu(text, response.url), [])
        chosen = [category for category in menu if self.wants_category(category.slug)]
        self.crawler.stats.set_value("insight/spider/categories", len(chosen))
        if not chosen:
            detail = "no category of the menu matched"
            yield make_reject(response.url, "listing", "no_categories", detail, response.status)
        for category in chosen:
            yield self._listing_request(category.url, category.slug, page=1)

    def _listing_request(self, url: str, slug: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            priority=LISTING_PRIORITY,
            cb_kwargs={"slug": slug, "page": page},
            meta={"insight_role": DISCOVERY},
        )

    def parse_listing(
        self, response: Response, slug: str, page: int
    ) -> Iterator[scrapy.Request | RejectItem]:
        listing = _text_of(response, lambda text: extract_listing(text, response.url), Listing())
        self.crawler.stats.inc_value("insight/spider/listing_pages")
        if not listing.items:
            logger.warning("Listing %s (page %d of %s) has no posts", response.url, page, slug)
            self.crawler.stats.inc_value("insight/listing/empty_listing")
            detail = f"page {page} of category {slug} lists no posts"
            yield make_reject(response.url, "listing", "empty_listing", detail, response.status)
        for item in listing.items:
            if item.url in self.exported:
                self.crawler.stats.inc_value("insight/resume/already_exported")
            elif self._recent_enough(item.date):
                yield self.article_request(item.url)
        if self._should_paginate(listing, page):
            assert listing.next_page is not None
            yield self._listing_request(listing.next_page, slug, page + 1)

    def _should_paginate(self, listing: Listing, page: int) -> bool:
        if listing.next_page is None or (self.max_pages is not None and page >= self.max_pages):
            return False
        # Listings are newest first: a page with nothing recent means the rest is older still.
        return self.since is None or any(self._recent_enough(item.date) for item in listing.items)

    def _recent_enough(self, stamp: str | None) -> bool:
        if self.since is None or not stamp:
            return True
        try:
            return datetime.fromisoformat(stamp).date() >= self.since
        except ValueError:
            return True

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        html = _text_of(response, lambda text: text, "")
        yield PageItem(
            url=response.url,
            status=response.status,
            html=html,
            fetched_at=utc_now(),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    def on_error(self, failure: Failure) -> Iterator[RejectItem]:
        request = failure.request  # type: ignore[attr-defined]
        url = site_url(request)
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = f"http_{status}" if status is not None else _failure_reason(failure)
        self.crawler.stats.inc_value(f"insight/download/{reason}")
        logger.warning("Could not fetch %s: %s", url, failure.getErrorMessage())
        stage = "download" if request.meta.get("insight_role") == ARTICLE else "listing"
        yield make_reject(url, stage, reason, failure.getErrorMessage() or reason, status)


def _text_of(response: Response, read: Any, empty: Any) -> Any:
    """Run an extractor on a text response; a binary response gives ``empty``."""
    if isinstance(response, TextResponse):
        return read(response.text)
    return read(response.body.decode("utf-8", "replace")) if response.body else empty


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _failure_reason(failure: Failure) -> str:
    name = type(failure.value).__name__
    known = {"IgnoreRequest": "ignored", "TimeoutError": "timeout", "DNSLookupError": "dns_error"}
    return known.get(name, name.lower())
