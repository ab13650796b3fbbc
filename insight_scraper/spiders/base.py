"""What both crawl modes share: arguments, the site, request builders, the article callback
(extraction happens here, through the pure ``extract_article``) and the error callbacks.

Callbacks only route: a response becomes requests, an article, or a reject. The modes are
``spiders/full.py`` (the ``afghaninsight`` spider) and ``spiders/incremental.py``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from twisted.python.failure import Failure

from insight_scraper import __version__
from insight_scraper.dataset import layout_of
from insight_scraper.extract.article import extract_article
from insight_scraper.extract.discovery import Entry
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.rest import with_page_fields
from insight_scraper.feeds import complete_feeds
from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import ARTICLE, DISCOVERY, REFETCH, REST_RECORD, ROLE, VERDICT
from insight_scraper.middlewares import site_url
from insight_scraper.output import new_run_id, retry_urls
from insight_scraper.record import make_reject, utc_now
from insight_scraper.sites.apply import apply_profile
from insight_scraper.spiders.arguments import parse_categories, parse_max_pages, parse_since
from insight_scraper.spiders.failures import failure_detail, failure_reason
from insight_scraper.spiders.responses import header, text_of
from insight_scraper.state.owner import CrawlState, crawl_state
from insight_scraper.state.store import StateStore

logger = logging.getLogger(__name__)

# Discovery pages go before articles; the home page and conditional signals go first of all.
FIRST_PRIORITY = 20
LISTING_PRIORITY = 10
ARTICLE_PRIORITY = 0


class SiteSpider(scrapy.Spider):
    """Arguments: ``categories`` (comma-separated slugs), ``max_pages`` (per category),
    ``since`` (YYYY-MM-DD). The crawl mode reaches components as the setting
    ``INSIGHT_CRAWL_MODE`` (``full`` or ``incremental``)."""

    mode: ClassVar[str]
    needs_state: ClassVar[bool] = False

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """The crawl mode for the components; feeds that write schema-valid records on every
        route; an identifying User-Agent built from INSIGHT_CONTACT, unless USER_AGENT is set."""
        super().update_settings(settings)
        apply_profile(settings)  # `scrapy crawl` / Scrapyd: -s INSIGHT_SITE_PROFILE=NAME
        settings.set("INSIGHT_CRAWL_MODE", cls.mode, priority="spider")
        if not settings.get("INSIGHT_RUN_ID"):  # one id for the run's files and its summary
            settings.set("INSIGHT_RUN_ID", new_run_id(), priority="spider")
        complete_feeds(settings)
        contact = settings.get("INSIGHT_CONTACT")
        if contact and (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["default"]:
            settings.set("USER_AGENT", f"insight-scraper/{__version__} (+{contact})", "spider")

    def __init__(
        self,
        categories: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.wanted = parse_categories(categories)
        self.max_pages = parse_max_pages(max_pages)
        self.since: date | None = parse_since(since)
        self.store: StateStore | None = None
        self.crawl_state: CrawlState | None = None
        self.sitemap_urls = 0

    @property
    def site_url(self) -> str:
        return str(self.settings["INSIGHT_SITE_URL"])

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.allowed_domains = [urlsplit(self.site_url).hostname or ""]
        self.store = self._open_state()
        for request in self.first_requests():
            yield request

    def first_requests(self) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def _open_state(self) -> StateStore | None:
        self.crawl_state = crawl_state(self.crawler)
        if self.crawl_state is None:
            if self.needs_state:
                raise ValueError(f"{self.mode} mode needs a state: set INSIGHT_STATE_PATH")
            return None
        return self.crawl_state.require()

    def retry_requests(self) -> Iterator[scrapy.Request]:
        """Articles an earlier run was owed (its open retryable rejects): fetched again first."""
        if not self.settings.get("INSIGHT_DATASET"):
            return
        for url in retry_urls(layout_of(self.settings)):
            self.crawler.stats.inc_value("insight/retry/from_earlier_run")
            yield self.article_request(url, **{VERDICT: "retry"})

    @property
    def sitemap_full(self) -> bool:
        """INSIGHT_MAX_SITEMAP_URLS are read: further sitemaps are neither fetched nor parsed."""
        return self.sitemap_urls >= self.settings.getint("INSIGHT_MAX_SITEMAP_URLS", 200_000)

    def capped_sitemap(self, url: str, entries: list[Entry]) -> Iterator[Entry | RejectItem]:
        """The sitemap's entries within INSIGHT_MAX_SITEMAP_URLS for the run; a reject for the
        rest (a sitemap bomb ends here, not in memory)."""
        room = max(0, self.settings.getint("INSIGHT_MAX_SITEMAP_URLS", 200_000) - self.sitemap_urls)
        self.sitemap_urls += min(room, len(entries))
        yield from entries[:room]
        if len(entries) > room:
            detail = f"{len(entries) - room} URLs past INSIGHT_MAX_SITEMAP_URLS"
            yield self.reject(url, "listing", "sitemap_cap", detail, 200)

    def wants_category(self, slug: str) -> bool:
        return not self.wanted or slug in self.wanted

    # --- Requests ---------------------------------------------------------------------------

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.on_error,
            priority=ARTICLE_PRIORITY, meta={ROLE: ARTICLE, **meta},
        )  # fmt: skip

    def discovery(
        self, url: str, callback: Any, *, conditional: bool = False, **cb_kwargs: Any
    ) -> scrapy.Request:
        """A discovery request (home, listing, sitemap, feed, REST). ``conditional`` ones carry
        the state's validators, see every status, and go first."""
        request = scrapy.Request(
            url, callback=callback, errback=self.on_error, priority=LISTING_PRIORITY,
            cb_kwargs=cb_kwargs, meta={ROLE: DISCOVERY},
        )  # fmt: skip
        return self._conditional(request) if conditional else request

    def _conditional(self, request: scrapy.Request) -> scrapy.Request:
        assert self.store is not None
        etag, last_modified = self.store.validators(request.url)
        headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        return request.replace(
            headers={name: value for name, value in headers.items() if value},
            errback=self.on_discovery_error, priority=FIRST_PRIORITY, dont_filter=True,
            meta={**request.meta, "handle_httpstatus_all": True},
        )  # fmt: skip

    def refetch(self, request: scrapy.Request | None) -> scrapy.Request | None:
        """The discovery request once more (fresh: no retry or redirect counts), while
        INSIGHT_DISCOVERY_REFETCH allows; None when it is spent."""
        tries = int(request.meta.get(REFETCH, 0)) if request is not None else 0
        if request is None or tries >= self.settings.getint("INSIGHT_DISCOVERY_REFETCH", 2):
            return None
        self.crawler.stats.inc_value("insight/discovery/refetch")
        return scrapy.Request(
            site_url(request), callback=request.callback, errback=request.errback,
            priority=request.priority, cb_kwargs=request.cb_kwargs,
            meta={ROLE: DISCOVERY, REFETCH: tries + 1}, dont_filter=True,
        )  # fmt: skip

    # --- Validators of conditional discovery requests ------------------------------------------

    def answered(self, response: Response, signal: str) -> str:
        """``fresh`` (200, validators saved), ``not_modified`` (304) or ``unavailable``."""
        assert self.store is not None
        outcome = {200: "fresh", 304: "not_modified"}.get(response.status, "unavailable")
        self.crawler.stats.inc_value(f"insight/discovery/{signal}/{outcome}")
        if outcome == "fresh" and self.crawl_state is not None:
            etag, modified = header(response, "ETag"), header(response, "Last-Modified")
            self.crawl_state.defer_validators(response.url, etag, modified)  # kept if all is done
        return outcome

    # --- Articles ----------------------------------------------------------------------------

    def answered_article(self) -> Iterator[scrapy.Request]:
        """An article request got its answer: the next ones a mode hands out, if any."""
        return iter(())

    @cached_property
    def body_selectors(self) -> list[str]:
        """The site profile's body selectors (INSIGHT_SELECTORS["body"]), tried first."""
        return list(self.settings.getdict("INSIGHT_SELECTORS").get("body", []))

    @cached_property
    def page_fields(self) -> tuple[str, ...]:
        """Record fields a REST-built record takes from the article page (INSIGHT_REST_PAGE_FIELDS;
        ``--set NAME=`` gives ``[""]``: no field)."""
        names = self.settings.getlist("INSIGHT_REST_PAGE_FIELDS", [])
        return tuple(name.strip() for name in names if name.strip())

    def parse_article(
        self, response: Response
    ) -> Iterator[ArticleItem | RejectItem | scrapy.Request]:
        """The page's record, through the pure extractor; or a reject saying why not."""
        yield from self.answered_article()
        html = text_of(response, lambda text: text, "")
        rest = response.meta.get(REST_RECORD)
        try:
            record = extract_article(html, response.url, body_selectors=self.body_selectors)
        except NotAnArticle as exc:
            yield from self._unreadable(response, rest, exc.reason, exc.detail)
            return
        except Exception as exc:  # a bug in one extractor must cost one page, never the crawl
            logger.exception("Extraction failed on %s", response.url)
            detail = f"{type(exc).__name__}: {exc}"
            yield from self._unreadable(response, rest, "extract_error", detail)
            return
        self.crawler.stats.inc_value("insight/extract/ok")
        if rest is not None:  # a REST-first record: only its page fields come from the page
            record = with_page_fields(rest, record, self.page_fields)
        yield ArticleItem(
            **record, scraped_at=utc_now(),
            etag=header(response, "ETag"), last_modified=header(response, "Last-Modified"),
        )  # fmt: skip

    def _unreadable(
        self, response: Response, rest: dict[str, Any] | None, reason: str, detail: str
    ) -> Iterator[ArticleItem | RejectItem]:
        """A page that gives no record: a reject; or, when REST gave the post, REST's record
        without the page fields, and a reject that says which fields are missing and why."""
        if rest is None:
            yield self.reject(response.url, "extract", reason, detail, response.status)
        else:
            yield from self.rest_alone(rest, f"{reason}: {detail}", response.status)

    def rest_alone(
        self, rest: dict[str, Any], why: str, status: int | None
    ) -> Iterator[ArticleItem | RejectItem]:
        """REST's record as it is (never dropped), and a reject in the run's rejects file:
        the page fields it lacks are missing data, logged and counted like any other."""
        self.crawler.stats.inc_value("insight/rest/without_page_fields")
        yield ArticleItem(**rest, scraped_at=utc_now(), etag=None, last_modified=None)
        missing = ", ".join(self.page_fields)
        detail = f"the record has REST's fields only, without {missing} ({why})"
        yield self.reject(rest["url"], "extract", "page_fields_missing", detail, status)

    def reject(
        self, url: str, stage: str, reason: str, detail: str, status: int | None
    ) -> RejectItem:
        """A reject, logged and counted (``insight/<stage>/<reason>``)."""
        self.crawler.stats.inc_value(f"insight/{stage}/{reason}")
        logger.warning("Rejected %s at %s: %s (%s)", url, stage, reason, detail)
        return make_reject(url, stage, reason, detail, status)

    # --- Errors ------------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[ArticleItem | RejectItem | scrapy.Request]:
        """A request that failed for good (after its retries): a discovery page is fetched
        again while INSIGHT_DISCOVERY_REFETCH allows (unless it is gone: 404/410); anything
        else becomes a reject with the precise reason."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        role = request.meta.get(ROLE)
        if role == ARTICLE:
            yield from self.answered_article()
        if role == ARTICLE and request.meta.get(REST_RECORD) is not None:
            yield from self.rest_alone(request.meta[REST_RECORD], failure.getErrorMessage(), status)
            return
        if role != ARTICLE and status not in (404, 410) and (again := self.refetch(request)):
            yield again
            return
        reason = f"http_{status}" if status is not None else failure_reason(failure)
        self.crawler.stats.inc_value(f"insight/download/{reason}")
        logger.warning("Could not fetch %s: %s", site_url(request), failure.getErrorMessage())
        stage = "download" if role == ARTICLE else "listing"
        yield make_reject(site_url(request), stage, reason, failure_detail(failure), status)

    def on_discovery_error(self, failure: Failure) -> Iterator[scrapy.Request | RejectItem]:
        """A conditional discovery endpoint that cannot be reached: logged, counted, and a
        reject that says discovery was incomplete (its validators are then not saved)."""
        url = site_url(failure.request)  # type: ignore[attr-defined]
        logger.warning("Discovery request %s failed: %s", url, failure.getErrorMessage())
        self.crawler.stats.inc_value("insight/discovery/errors")
        yield make_reject(url, "listing", failure_reason(failure), failure_detail(failure), None)
