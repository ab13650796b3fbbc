"""The ``afghaninsight`` spider, full mode: home page → category menu → every listing page →
article pages, with the sitemap as a second road to every post.

Listings are read to their end before articles are fetched: article URLs wait in a compact
backlog (spiders/backlog.py) that is released when the crawl idles. ``-a incremental=1`` runs
the incremental spider (spiders/incremental.py) under this name.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from insight_scraper.dataset import layout_of
from insight_scraper.extract.discovery import parse_sitemap
from insight_scraper.extract.listing import Listing, extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.items import RejectItem
from insight_scraper.output import captured_urls
from insight_scraper.spiders.arguments import parse_flag
from insight_scraper.spiders.backlog import Backlog
from insight_scraper.spiders.base import FIRST_PRIORITY, SiteSpider
from insight_scraper.spiders.incremental import REST_FIRST_PAGE, IncrementalCrawlSpider
from insight_scraper.spiders.responses import complete, optional, text_of
from insight_scraper.spiders.restfirst import RestFirstSpider

logger = logging.getLogger(__name__)


class FullCrawlSpider(RestFirstSpider):
    """Every article of the chosen categories (all by default). Arguments: see SiteSpider;
    ``incremental=1`` switches to the incremental spider."""

    name = "afghaninsight"
    mode: ClassVar[str] = "full"

    @classmethod
    def from_crawler(  # type: ignore[override]  # may build the other mode's spider
        cls, crawler: Crawler, *args: Any, **kwargs: Any
    ) -> SiteSpider:
        # `scrapy crawl afghaninsight -a incremental=1` (and Scrapyd's schedule.json) name this
        # spider; the argument picks the mode's own class.
        if parse_flag(kwargs.pop("incremental", None)):
            # Not frozen yet in `scrapy crawl` and Scrapyd: the components, built next, read it.
            crawler.settings.set("INSIGHT_CRAWL_MODE", IncrementalCrawlSpider.mode, "spider")
            return IncrementalCrawlSpider.from_crawler(crawler, *args, **kwargs)
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, FullCrawlSpider)
        crawler.signals.connect(spider.release_articles, signal=signals.spider_idle)
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backlog = Backlog()
        self.exported: frozenset[str] = frozenset()
        self.in_flight = 0  # article requests handed to the engine and not answered yet

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # A graceful stop with a JOBDIR kept the articles not yet scheduled in spider.state.
        self.backlog.extend(getattr(self, "state", {}).get("backlog", []))
        self.exported = self._already_captured()
        async for request in super().start():
            yield request

    def _already_captured(self) -> frozenset[str]:
        """A resumed job does not fetch again what its earlier runs wrote."""
        runs = self.settings.getlist("INSIGHT_RESUME_RUNS")
        if not runs or not self.settings.get("INSIGHT_DATASET"):
            return frozenset()
        return captured_urls(layout_of(self.settings), runs)

    def first_requests(self) -> Iterator[scrapy.Request]:
        yield from self.retry_requests()
        if self.store is not None:
            yield from self.prime_requests()
        if self.rest_first:
            yield self.rest_request(1)  # REST closed: html_route() from its callback
        else:
            yield from self.html_route()

    def html_route(self) -> Iterator[scrapy.Request]:
        """Home page → menu → listings → articles, and the sitemap as a second road."""
        home = self.discovery(self.site_url, self.parse_home)
        yield home.replace(priority=FIRST_PRIORITY)
        if self.whole_site:
            yield self.discovery(self.site_url + "wp-sitemap.xml", self.parse_sitemap_index)

    @property
    def whole_site(self) -> bool:
        """A full crawl of every category, to the end of every listing."""
        return not (self.wanted or self.max_pages is not None or self.since is not None)

    def closed(self, reason: str) -> None:
        state = getattr(self, "state", None)
        if isinstance(state, dict):
            state["backlog"] = self.backlog.dump()  # persisted with the JOBDIR

    def release_articles(self) -> None:
        """The crawl is idle: nothing is in flight (whatever the count says: a request a filter
        dropped never answers), so schedule the next batch of articles."""
        self.in_flight = 0
        released = list(self._top_up(self.backlog.batch))
        for request in released:
            self.crawler.engine.crawl(request)
        if released:
            raise DontCloseSpider

    def _top_up(self, window: int | None = None) -> Iterator[scrapy.Request]:
        """Backlog articles until ``window`` are in flight: articles are fetched while listings
        are still read, and the scheduler never holds a request per article."""
        window = window or self.settings.getint("INSIGHT_ARTICLE_WINDOW", 32)
        for url in self.backlog.take(max(0, window - self.in_flight)):
            self.in_flight += 1
            yield self.article_request(url)
        self.crawler.stats.set_value("insight/spider/backlog", len(self.backlog))

    def answered_article(self) -> Iterator[scrapy.Request]:
        self.in_flight = max(0, self.in_flight - 1)
        return self._top_up()

    # --- The validators an incremental run will ask with --------------------------------------

    def prime_requests(self) -> Iterator[scrapy.Request]:
        """A full crawl records the validators of the first two signals, so that the next
        incremental run can ask for them conditionally (two cheap requests)."""
        for url in (self.site_url + REST_FIRST_PAGE, self.site_url + "feed/"):
            yield self.discovery(url, self.remember, conditional=True)

    def remember(self, response: Response) -> Iterator[scrapy.Request]:
        self.answered(response, "prime")
        return iter(())

    # --- Home page and listings ----------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[scrapy.Request | RejectItem]:
        menu = text_of(response, lambda text: extract_menu(text, response.url), [])
        chosen = [category for category in menu if self.wants_category(category.slug)]
        self.crawler.stats.set_value("insight/spider/categories", len(chosen))
        if not menu and (again := self.refetch(response.request)):
            yield again  # a home page without its menu (an error page, cut off): once more
            return
        if not chosen:
            detail = "no category of the menu matched"
            yield self.reject(response.url, "listing", "no_categories", detail, response.status)
        for category in chosen:
            yield self.discovery(category.url, self.parse_listing, slug=category.slug, page=1)

    def parse_listing(
        self, response: Response, slug: str, page: int
    ) -> Iterator[scrapy.Request | RejectItem]:
        yield from self._read_listing(response, slug, page)
        yield from self._top_up()

    def _read_listing(
        self, response: Response, slug: str, page: int
    ) -> Iterator[scrapy.Request | RejectItem]:
        listing = text_of(response, lambda text: extract_listing(text, response.url), Listing())
        self.crawler.stats.inc_value("insight/spider/listing_pages")
        cut = not complete(response.body, b"</html")
        again = self.refetch(response.request) if cut or not listing.items else None
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
            yield self.discovery(listing.next_page, self.parse_listing, slug=slug, page=page + 1)
        elif listing.next_page and page >= self.settings.getint("INSIGHT_MAX_LISTING_PAGES", 500):
            detail = f"{slug} has more than INSIGHT_MAX_LISTING_PAGES pages: not read further"
            yield self.reject(listing.next_page, "listing", "listing_cap", detail, None)

    def _listing_rejects(
        self, response: Response, listing: Listing, where: str, cut: bool
    ) -> Iterator[RejectItem]:
        problems = {
            "truncated_document": f"{where} ends before </html>" if cut else "",
            "empty_listing": f"{where} lists no posts" if not listing.items else "",
        }
        for reason, detail in problems.items():
            if detail:
                yield self.reject(response.url, "listing", reason, detail, response.status)

    def _should_paginate(self, listing: Listing, page: int) -> bool:
        if listing.next_page is None or (self.max_pages is not None and page >= self.max_pages):
            return False
        if page >= self.settings.getint("INSIGHT_MAX_LISTING_PAGES", 500):
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

    # --- The sitemap ---------------------------------------------------------------------------

    def parse_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemap as a second road to every post: an article is not lost with the one
        listing page that links to it. Scrapy's duplicate filter drops the overlap."""
        children = parse_sitemap(response.body, self.site_url).children
        posts = [url for url in children if "-posts-post-" in url.rsplit("/", 1)[-1]]  # not pages
        if not posts or not complete(response.body, b"</sitemapindex"):
            yield from optional(self.refetch(response.request))
        if posts:  # one child at a time: past INSIGHT_MAX_SITEMAP_URLS the rest is never asked
            yield self.discovery(posts[0], self.parse_sitemap, rest=tuple(posts[1:]))

    def parse_sitemap(
        self, response: Response, rest: tuple[str, ...] = ()
    ) -> Iterator[scrapy.Request | RejectItem]:
        yield from self._read_sitemap(response)
        if rest and not self.sitemap_full:
            yield self.discovery(rest[0], self.parse_sitemap, rest=rest[1:])
        elif rest:
            detail = f"{len(rest)} more sitemaps not read: INSIGHT_MAX_SITEMAP_URLS reached"
            yield self.reject(rest[0], "listing", "sitemap_cap", detail, None)

    def _read_sitemap(self, response: Response) -> Iterator[scrapy.Request | RejectItem]:
        entries = parse_sitemap(response.body, self.site_url).entries
        self.crawler.stats.inc_value("insight/spider/sitemap_posts", len(entries))
        if not entries or not complete(response.body, b"</urlset"):
            yield from optional(self.refetch(response.request))
        for entry in self.capped_sitemap(response.url, entries):
            if isinstance(entry, RejectItem):
                yield entry
            elif entry.url not in self.exported:
                self.backlog.add(entry.url)
        yield from self._top_up()
