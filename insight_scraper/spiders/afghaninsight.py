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
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from twisted.python.failure import Failure

from insight_scraper import __version__
from insight_scraper.durable import exported_urls
from insight_scraper.extract.decoding import redecode, suspicious
from insight_scraper.extract.discovery import parse_sitemap
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
from insight_scraper.spiders.backlog import Backlog
from insight_scraper.spiders.failures import failure_detail, failure_reason
from insight_scraper.spiders.incremental import ARTICLE, DISCOVERY, IncrementalDiscovery
from insight_scraper.spiders.responses import complete, header, optional, text_of
from insight_scraper.state import STATE_LOCKED, StateLocked, StateStore

logger = logging.getLogger(__name__)

# Listings are read to their end before articles are fetched: article URLs wait in a compact
# backlog until the crawl idles (spiders/backlog.py); a refetched listing still goes first.
LISTING_PRIORITY = 10
ARTICLE_PRIORITY = 0
REFETCH_META = "insight_refetch"  # how many times this discovery page was fetched again


class AfghanInsightSpider(IncrementalDiscovery, scrapy.Spider):
    """Arguments: ``categories`` (comma-separated slugs), ``max_pages`` (per category),
    ``since`` (YYYY-MM-DD: stop paginating once a listing page is all older), ``incremental``
    (1: only new and changed articles, discovered from REST, feed, sitemap and listings)."""

    name = "afghaninsight"

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """An identifying User-Agent built from INSIGHT_CONTACT, unless USER_AGENT is set."""
        super().update_settings(settings)
        contact = settings.get("INSIGHT_CONTACT")
        if contact and (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["default"]:
            settings.set("USER_AGENT", f"insight-scraper/{__version__} (+{contact})", "spider")

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
        self.backlog = Backlog()

    @property
    def site_url(self) -> str:  # type: ignore[override]
        return str(self.settings["INSIGHT_SITE_URL"])

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AfghanInsightSpider:
        spider: AfghanInsightSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.release_articles, signal=signals.spider_idle)
        return spider

    def release_articles(self) -> None:
        """Listings are all read (the crawl is idle): schedule the next batch of articles."""
        urls = self.backlog.take()
        for url in urls:
            self.crawler.engine.crawl(self.article_request(url))
        if urls:
            raise DontCloseSpider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.allowed_domains = [urlsplit(self.site_url).hostname or ""]
        # A graceful stop with a JOBDIR kept the articles not yet scheduled in spider.state.
        self.backlog.extend(getattr(self, "state", {}).get("backlog", []))
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
        if self.whole_site:
            yield self._discovery(self.site_url + "wp-sitemap.xml", self.parse_sitemap_index_full)

    @property
    def whole_site(self) -> bool:
        """A full crawl of every category, to the end of every listing."""
        return not (self.wanted or self.max_pages is not None or self.since is not None)

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
        state = getattr(self, "state", None)
        if isinstance(state, dict):
            state["backlog"] = self.backlog.dump()  # persisted with the JOBDIR
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
        menu = text_of(response, lambda text: extract_menu(text, response.url), [])
        chosen = [category for category in menu if self.wants_category(category.slug)]
        self.crawler.stats.set_value("insight/spider/categories", len(chosen))
        if not menu and (again := self._refetch(response.request)):
            yield again  # a home page without its menu (an error page, cut off): once more
            return
        if not chosen:
            detail = "no category of the menu matched"
            yield make_reject(response.url, "listing", "no_categories", detail, response.status)
        for category in chosen:
            yield self._listing_request(category.url, category.slug, page=1)

    def _listing_request(self, url: str, slug: str, page: int) -> scrapy.Request:
        return self._discovery(url, self.parse_listing, slug=slug, page=page)

    def _discovery(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            priority=LISTING_PRIORITY,
            cb_kwargs=cb_kwargs,
            meta={"insight_role": DISCOVERY},
        )

    def _refetch(self, request: scrapy.Request | None) -> scrapy.Request | None:
        """The discovery request once more (fresh: no retry or redirect counts), while
        INSIGHT_DISCOVERY_REFETCH allows; None when it is spent."""
        tries = int(request.meta.get(REFETCH_META, 0)) if request is not None else 0
        if request is None or tries >= self.settings.getint("INSIGHT_DISCOVERY_REFETCH", 2):
            return None
        self.crawler.stats.inc_value("insight/discovery/refetch")
        meta = {"insight_role": DISCOVERY, REFETCH_META: tries + 1}
        return scrapy.Request(
            site_url(request), callback=request.callback, errback=request.errback,
            priority=request.priority, cb_kwargs=request.cb_kwargs, meta=meta, dont_filter=True,
        )  # fmt: skip

    def parse_sitemap_index_full(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemap as a second road to every post: an article is not lost with the one
        listing page that links to it. Scrapy's duplicate filter drops the overlap."""
        children = parse_sitemap(response.body, self.site_url).children
        posts = [url for url in children if "-posts-post-" in url.rsplit("/", 1)[-1]]  # not pages
        if not posts or not complete(response.body, b"</sitemapindex"):
            yield from optional(self._refetch(response.request))
        for url in posts:
            yield self._discovery(url, self.parse_sitemap_full)

    def parse_sitemap_full(self, response: Response) -> Iterator[scrapy.Request]:
        entries = parse_sitemap(response.body, self.site_url).entries
        self.crawler.stats.inc_value("insight/spider/sitemap_posts", len(entries))
        if not entries or not complete(response.body, b"</urlset"):
            yield from optional(self._refetch(response.request))
        for entry in entries:
            if entry.url not in self.exported:
                self.backlog.add(entry.url)

    def parse_listing(
        self, response: Response, slug: str, page: int
    ) -> Iterator[scrapy.Request | RejectItem]:
        listing = text_of(response, lambda text: extract_listing(text, response.url), Listing())
        self.crawler.stats.inc_value("insight/spider/listing_pages")
        cut = not complete(response.body, b"</html")
        again = self._refetch(response.request) if cut or not listing.items else None
        if again is not None:
            yield again  # what this copy lists is still fetched below
        else:
            yield from self._listing_rejects(response, listing, f"page {page} of {slug}", cut)
        for item in listing.items:
            if item.url in self.exported:
                self.crawler.stats.inc_value("insight/resume/already_exported")
            elif self._recent_enough(item.date):
                self.backlog.add(item.url)
        if self._should_paginate(listing, page):
            assert listing.next_page is not None
            yield self._listing_request(listing.next_page, slug, page + 1)

    def _listing_rejects(
        self, response: Response, listing: Listing, where: str, cut: bool
    ) -> Iterator[RejectItem]:
        problems = {
            "truncated_document": f"{where} ends before </html>" if cut else "",
            "empty_listing": f"{where} lists no posts" if not listing.items else "",
        }
        for reason, detail in problems.items():
            if detail:
                logger.warning("Listing %s: %s", response.url, detail)
                self.crawler.stats.inc_value(f"insight/listing/{reason}")
                yield make_reject(response.url, "listing", reason, detail, response.status)

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
        html = text_of(response, lambda text: text, "")
        if isinstance(response, TextResponse) and suspicious(html, response.encoding):
            html = self._redecoded(response, html)
        yield PageItem(
            url=response.url,
            status=response.status,
            html=html,
            fetched_at=utc_now(),
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
        )

    def _redecoded(self, response: TextResponse, html: str) -> str:
        """The page decoded right when its declared charset was wrong (rare: off the hot path)."""
        fixed = redecode(response.body, response.encoding)
        if fixed is None:
            return html
        logger.info("%s declared %s: read as %s", response.url, response.encoding, fixed.encoding)
        self.crawler.stats.inc_value(f"insight/decode/{fixed.encoding}")
        return fixed.text

    def on_error(self, failure: Failure) -> Iterator[RejectItem | scrapy.Request]:
        """A request that failed for good (after its retries): a discovery page is fetched
        again while INSIGHT_DISCOVERY_REFETCH allows (unless it is gone: 404/410); anything
        else becomes a reject with the precise reason."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        role = request.meta.get("insight_role")
        if role != ARTICLE and status not in (404, 410) and (again := self._refetch(request)):
            yield again
            return
        reason = f"http_{status}" if status is not None else failure_reason(failure)
        self.crawler.stats.inc_value(f"insight/download/{reason}")
        logger.warning("Could not fetch %s: %s", site_url(request), failure.getErrorMessage())
        stage = "download" if role == ARTICLE else "listing"
        yield make_reject(site_url(request), stage, reason, failure_detail(failure), status)
