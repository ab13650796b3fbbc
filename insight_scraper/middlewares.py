"""Downloader middlewares: robots.txt for every request, the offline-mirror route, retries
with backoff and a Retry-After ceiling, the site-only guard and charset repair."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred

from insight_scraper.extract.decoding import redecode, suspicious
from insight_scraper.meta import SITE_URL

logger = logging.getLogger(__name__)


def site_url(request: Request) -> str:
    """The URL a request stands for on the real site (its own URL unless mirrored)."""
    return str(request.meta.get(SITE_URL, request.url))


class MirrorMiddleware:
    """Send requests for the site to a mirror that serves the same paths, and give responses
    back their real URLs, so that a mirror crawl yields exactly the records of a live crawl."""

    def __init__(self, site_url: str, mirror_url: str) -> None:
        self.site = urlsplit(site_url)
        self.mirror = urlsplit(mirror_url)
        self.site_hosts = {self.site.netloc, self.site.netloc.removeprefix("www.")}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = crawler.settings.get("INSIGHT_MIRROR_URL")
        if not mirror:
            raise NotConfigured("INSIGHT_MIRROR_URL is empty: crawling the live site")
        return cls(crawler.settings["INSIGHT_SITE_URL"], mirror)

    def process_request(self, request: Request) -> Request | None:
        parts = urlsplit(request.url)
        if parts.netloc not in self.site_hosts:
            return None
        target = urlunsplit(
            (self.mirror.scheme, self.mirror.netloc, parts.path, parts.query, parts.fragment)
        )
        # The mirror is another host: tell the offsite filter it is the site. robots.txt
        # checks the mirrored request again, as the site URL it stands for (SiteRobotsTxt...).
        meta = {**request.meta, "allow_offsite": True, SITE_URL: request.url}
        return request.replace(url=target, meta=meta, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(response.url).netloc != self.mirror.netloc:
            return response
        return response.replace(url=self.real_url(response.url))

    def real_url(self, url: str) -> str:
        """The site URL a mirror URL stands for."""
        parts = urlsplit(url)
        return urlunsplit((self.site.scheme, self.site.netloc, parts.path, parts.query, ""))


_T = TypeVar("_T")


class SiteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, applied to every request, the first ones included:

    - Scrapy (2.14+) gives the parser only to the first of the requests that wait while
      robots.txt downloads (awaiting the shared Deferred as a Future consumes its result):
      the others got None, "no robots.txt", and were sent, e.g. the home page and the sitemap
      of a ``Disallow: /`` site. Here each waiting request gets a Deferred of its own.
    - A request rewritten to the mirror, or redirected on it, is checked as the site URL it
      stands for (MirrorMiddleware, 110, runs after this one, 100).
    - A robots.txt that cannot be downloaded is a WARNING, not an ERROR (an ERROR fails the
      run): the crawl goes on as if it allowed everything, as Scrapy's does.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        mirror = crawler.settings.get("INSIGHT_MIRROR_URL")
        site = crawler.settings["INSIGHT_SITE_URL"]
        self.mirror = MirrorMiddleware(site, mirror) if mirror else None

    async def process_request(self, request: Request) -> None:  # type: ignore[override]
        if request.meta.get("dont_obey_robotstxt") or not request.url.startswith("http"):
            return
        mirror = self.mirror
        if mirror is not None and urlsplit(request.url).netloc == mirror.mirror.netloc:
            request = request.replace(url=mirror.real_url(request.url))
        self.process_request_2(await self.robot_parser(request), request)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            await self._download_robots(request, netloc)
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(_own_copy(parser))
        return parser

    async def _download_robots(self, request: Request, netloc: str) -> None:
        scheme = urlparse_cached(request).scheme
        robots = Request(
            f"{scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK,
        )  # fmt: skip
        try:
            response = await self.crawler.engine.download_async(robots)
            await self._parse_robots(response, netloc, request)
        except Exception as exc:
            if not isinstance(exc, IgnoreRequest):
                logger.warning("No robots.txt for %s (%s): every path allowed", netloc, exc)
            self._robots_error(exc, netloc)
        self._stats.inc_value("robotstxt/request_count")


def _own_copy(shared: Deferred[_T]) -> Deferred[_T]:
    """A Deferred that fires with ``shared``'s result, leaving it to the other waiters."""
    own: Deferred[_T] = Deferred()

    def relay(result: _T) -> _T:
        own.callback(result)
        return result

    shared.addCallback(relay)
    return own


class RetryLater(IgnoreRequest):
    """The server asked for a wait past INSIGHT_RETRY_AFTER_MAX: the URL is left for a later
    run (reject reason ``retry_later``), and not requested again in this one."""


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, waiting before each retry: ``Retry-After`` when the server sends it, up
    to INSIGHT_RETRY_AFTER_MAX; else exponential backoff (base * 2^n) up to
    INSIGHT_RETRY_BACKOFF_MAX. A longer Retry-After gives the URL up at once (RetryLater):
    waiting would stall the run, and asking sooner than told is hammering."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("INSIGHT_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("INSIGHT_RETRY_BACKOFF_MAX", 120.0)
        self.retry_after_max = settings.getfloat("INSIGHT_RETRY_AFTER_MAX", 300.0)
        # Site URL → (monotonic time the server is willing again, why it was given up).
        self.later: dict[str, tuple[float, str]] = {}

    def process_request(self, request: Request) -> None:
        until, why = self.later.get(site_url(request), (0.0, ""))
        if time.monotonic() < until:  # a refetch, still too early: not sent
            raise RetryLater(why)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry_after = response.headers.get("Retry-After")
        stated = parse_retry_after(retry_after)
        if stated is not None and stated > self.retry_after_max:
            raise self.give_up_for_now(request, response.status, stated)
        delay = self.delay(int(request.meta.get("retry_times", 0)), retry_after)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if stated is not None:
            self.crawler.stats.inc_value("insight/retry/retry_after")  # retries that obeyed it
        if delay > 0:
            logger.info("Retrying %s in %.1fs (HTTP %s)", request.url, delay, response.status)
            self.crawler.stats.inc_value("insight/retry/waited_ms", round(delay * 1000))
            await asyncio.sleep(delay)
        return retry

    def give_up_for_now(self, request: Request, status: int, stated: float) -> RetryLater:
        why = (
            f"HTTP {status} with Retry-After {stated:.0f} s, past INSIGHT_RETRY_AFTER_MAX"
            f" ({self.retry_after_max:.0f} s): left for a later run"
        )
        self.later[site_url(request)] = (time.monotonic() + stated, why)
        self.crawler.stats.inc_value("insight/retry/retry_later")
        return RetryLater(why)

    def delay(self, retries: int, retry_after: Any) -> float:
        """Seconds to wait before retry number ``retries + 1``."""
        stated = parse_retry_after(retry_after)
        if stated is not None:
            return max(0.0, min(stated, self.retry_after_max))
        return max(0.0, min(self.base * 2.0**retries, self.cap))


def parse_retry_after(value: Any) -> float | None:
    """``Retry-After`` as seconds: an integer, or an HTTP date (relative to its own Date)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    if text.strip().isdigit():
        return float(text.strip())
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class OffsiteRedirect(IgnoreRequest):
    """A redirect off the site, or to a scheme other than http(s): never followed."""


class OffsiteRequest(IgnoreRequest):
    """A request off the site, or with a scheme other than http(s): never sent."""


class SiteOnlyMiddleware:
    """Only the site (and its mirror) is ever requested, over http(s). Scrapy's offsite filter
    lets ``dont_filter`` and ``allow_offsite`` requests through, and the redirects they lead
    to: this guard has no such exemption, and checks a redirect's Location before it is
    followed (its process_response runs before RedirectMiddleware's)."""

    def __init__(self, site_url: str, mirror_url: str = "") -> None:
        site = urlsplit(site_url).netloc
        self.hosts = {site, site.removeprefix("www."), urlsplit(mirror_url).netloc} - {""}
        self.site_base = site_url.rstrip("/") + "/"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteOnlyMiddleware:
        settings = crawler.settings
        return cls(settings["INSIGHT_SITE_URL"], settings.get("INSIGHT_MIRROR_URL") or "")

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc in self.hosts

    def process_request(self, request: Request) -> None:
        if not self.allowed(request.url):
            # Said in the log too: without an errback (`scrapy shell`, `scrapy fetch`) the
            # request would otherwise end in silence, and the shell with `response = None`.
            logger.warning("Refused %s: %s", request.url[:200], self.hint(request.url))
            raise OffsiteRequest(f"not the site: {request.url[:200]}")

    def hint(self, url: str) -> str:
        """What to do instead: a mirror's page is asked for by its URL on the site."""
        parts = urlsplit(url)
        mirror = f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") else "URL"
        return (
            f"only {', '.join(sorted(self.hosts))} are requested. To open a page of a mirror, "
            f"name it by its URL on the site: scrapy shell -s INSIGHT_MIRROR_URL={mirror} "
            f"{self.site_base}{parts.path.lstrip('/')}"
        )

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if not self.allowed(target):
                raise OffsiteRedirect(f"redirect off the site to {target[:200]}")
        return response


class CharsetRepairMiddleware:
    """A page whose declared charset is wrong (mojibake) is decoded again, for every page
    (articles, listings, the home page) before any callback reads it. Rare: the check is cheap
    and the repair off the hot path."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not suspicious(
            response.text, response.encoding
        ):
            return response
        fixed = redecode(response.body, response.encoding)
        if fixed is None:
            return response
        logger.info("%s declared %s: read as %s", response.url, response.encoding, fixed.encoding)
        self.stats.inc_value(f"insight/decode/{fixed.encoding}")
        return response.replace(body=fixed.text.encode("utf-8"), encoding="utf-8")
