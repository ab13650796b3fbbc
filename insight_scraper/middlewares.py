"""Downloader middlewares: the offline-mirror route, retries with backoff, the site-only guard
and charset repair."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_status_message

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
        # The mirror is another host: tell the offsite filter it is the site.
        # robots.txt was consulted for the site URL on the way here (its middleware runs first,
        # and its own robots.txt request comes through here too); the mirror is the site.
        meta = {
            **request.meta,
            "allow_offsite": True,
            "dont_obey_robotstxt": True,
            SITE_URL: request.url,
        }
        return request.replace(url=target, meta=meta, dont_filter=True)

    def process_response(self, request: Request, response: Response) -> Response:
        parts = urlsplit(response.url)
        if parts.netloc != self.mirror.netloc:
            return response
        real = urlunsplit((self.site.scheme, self.site.netloc, parts.path, parts.query, ""))
        return response.replace(url=real)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, waiting before each retry: ``Retry-After`` when the server sends it,
    else exponential backoff (base * 2^n), capped."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("INSIGHT_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("INSIGHT_RETRY_BACKOFF_MAX", 120.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retries = int(request.meta.get("retry_times", 0))
        delay = self.delay(retries, response.headers.get("Retry-After"))
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if parse_retry_after(response.headers.get("Retry-After")) is not None:
            self.crawler.stats.inc_value("insight/retry/retry_after")  # retries that obeyed it
        if delay > 0:
            logger.info("Retrying %s in %.1fs (HTTP %s)", request.url, delay, response.status)
            self.crawler.stats.inc_value("insight/retry/waited_ms", round(delay * 1000))
            await asyncio.sleep(delay)
        return retry

    def delay(self, retries: int, retry_after: Any) -> float:
        """Seconds to wait before retry number ``retries + 1``."""
        stated = parse_retry_after(retry_after)
        wanted = stated if stated is not None else self.base * (2**retries)
        return max(0.0, min(wanted, self.cap))


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
