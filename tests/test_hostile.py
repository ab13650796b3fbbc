"""A hostile server (insight_scraper/mirror/hostile.py): each trap ends the crawl within its bound,
with a reject or summary reason, through the real server and the full Scrapy stack.

No timings are asserted: each crawl is bounded by construction (short download timeouts) and
CLOSESPIDER_TIMEOUT would show as a finish reason other than ``finished`` if a trap held it.
"""

from __future__ import annotations

import http.client
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from insight_scraper.exitcodes import EXIT_INCOMPLETE
from insight_scraper.mirror.hostile import TRAPS, HostileSite
from insight_scraper.mirror.server import BUNDLED_SITE, Answers, MirrorServer, Reply, Site
from insight_scraper.spiders.incremental import REST_FIRST_PAGE
from tests.conftest import SITE_URL, manifest
from tests.crawling import CrawlResult, crawl_mirror

# Short bounds: a trap costs seconds. CLOSESPIDER_TIMEOUT is the outer bound of every crawl.
FAST = {"DOWNLOAD_TIMEOUT": 2, "CLOSESPIDER_TIMEOUT": 60}
HOME, SITEMAP = SITE_URL, SITE_URL + "wp-sitemap.xml"
# What a full crawl asks first: the validators of REST and the feed, the home page, the sitemap.
FIRST = (SITE_URL + REST_FIRST_PAGE, SITE_URL + "feed/", HOME, SITEMAP)
POSTS = {post["url"] for post in manifest()["posts"]}
crawl = pytest.mark.crawl  # a served mirror, through the full Scrapy stack


async def _crawl(
    site: Answers, out: Path, settings: Mapping[str, Any] = FAST, **args: Any
) -> CrawlResult:
    with MirrorServer(site) as server:
        return await crawl_mirror(server.base_url, out, settings=dict(settings), **args)


def _reasons(result: CrawlResult) -> dict[str, str]:
    return {reject.url: reject.reason for reject in result.rejects}


def _ended_cleanly(result: CrawlResult, reason: str) -> None:
    """Finished by itself (not by CLOSESPIDER_TIMEOUT), every reject counted in the summary,
    no error (a hostile server is data, not a failure of the run), and the run reported as
    incomplete for the trap's reason (exit code 5)."""
    assert result.stats["finish_reason"] == "finished"
    assert result.summary is not None
    assert result.summary["rejects"] == dict(Counter(r.reason for r in result.rejects))
    assert result.summary["errors"] == []
    assert any(item.startswith(f"{reason} x") for item in result.summary["incomplete"])
    assert result.summary["exit_code"] == EXIT_INCOMPLETE


def _hostile(trap: str, **options: Any) -> HostileSite:
    return HostileSite(Site(BUNDLED_SITE), trap, **options)


# --- robots.txt applies to every request, the first ones included (finding 6) ------------------


@crawl
@deferred_f_from_coro_f
async def test_a_disallow_all_site_gets_nothing_but_robots_txt(tmp_path: Path) -> None:
    site = _hostile("robots_disallow")
    result = await _crawl(site, tmp_path)
    assert site.asked == Counter({"/robots.txt": 1})
    assert _reasons(result) == dict.fromkeys(FIRST, "robots_disallowed")
    assert result.stats["robotstxt/forbidden"] >= 2
    _ended_cleanly(result, "robots_disallowed")


# --- Retry-After past the ceiling: given up at once, one request per URL (finding 9) ----------


@crawl
@deferred_f_from_coro_f
async def test_a_retry_after_past_the_ceiling_is_left_for_the_next_run(tmp_path: Path) -> None:
    site = _hostile("retry_after", retry_after=3600)
    result = await _crawl(site, tmp_path)
    # Each URL asked once: no retry, and the spider's refetches of the home page and the
    # sitemap are answered from what the server said, without asking it again.
    assert site.asked["/"] == 1 and site.asked["/wp-sitemap.xml"] == 1
    assert max(site.asked.values()) == 1
    assert _reasons(result) == dict.fromkeys(FIRST, "retry_later")
    assert "Retry-After 3600 s" in next(r.detail for r in result.rejects if r.url == HOME)
    assert "insight/retry/waited_ms" not in result.stats  # nothing waited for
    _ended_cleanly(result, "retry_later")


# --- Bounded responses: headers (finding 5) and compressed bodies (finding 9) -------------------


@crawl
@pytest.mark.parametrize(
    ("count", "size"),
    [(1_000_000, 16), (3, 4 * 2**20)],
    ids=["a-million-headers", "three-4MiB-folded-headers"],
)
@deferred_f_from_coro_f
async def test_huge_headers_are_cut_off(tmp_path: Path, count: int, size: int) -> None:
    site = _hostile("huge_headers", header_count=count, header_size=size)
    result = await _crawl(site, tmp_path)
    assert _reasons(result) == dict.fromkeys(FIRST, "too_many_headers")
    detail = next(r.detail for r in result.rejects if r.url == HOME)
    assert "200 response headers" in detail or "65536 bytes" in detail
    _ended_cleanly(result, "too_many_headers")


@crawl
@deferred_f_from_coro_f
async def test_a_gzip_bomb_is_too_large(tmp_path: Path) -> None:
    site = _hostile("gzip_bomb", bomb_size=32 * 2**20)
    result = await _crawl(site, tmp_path, {**FAST, "DOWNLOAD_MAXSIZE": 2**20})
    assert _reasons(result) == dict.fromkeys(FIRST, "too_large")
    _ended_cleanly(result, "too_large")


@crawl
@deferred_f_from_coro_f
async def test_a_slow_drip_times_out(tmp_path: Path) -> None:
    site = _hostile("slow_drip", drip=0.05)
    result = await _crawl(site, tmp_path, {**FAST, "DOWNLOAD_TIMEOUT": 1})
    assert _reasons(result) == dict.fromkeys(FIRST, "timeout")
    # Bounded: each attempt ends at DOWNLOAD_TIMEOUT; retries, then the spider's refetches.
    assert site.asked["/"] == 3 * 4
    _ended_cleanly(result, "timeout")


# --- Endless discovery: the caps stop it (INSIGHT_MAX_LISTING_PAGES, INSIGHT_MAX_SITEMAP_URLS) --

CAPPED = {**FAST, "CLOSESPIDER_TIMEOUT": 30}


@crawl
@deferred_f_from_coro_f
async def test_infinite_pagination_stops_at_the_listing_cap(tmp_path: Path) -> None:
    site = _hostile("infinite_pagination")
    settings = {**CAPPED, "INSIGHT_MAX_LISTING_PAGES": 3}
    result = await _crawl(site, tmp_path, settings, categories="afghan-sports")
    listing = [p for p in site.asked if p.startswith("/category/afghan-sports/")]
    assert len(listing) == 3
    assert "listing_cap" in _reasons(result).values()
    assert result.articles  # what the capped pages list is fetched
    _ended_cleanly(result, "listing_cap")


@crawl
@deferred_f_from_coro_f
async def test_a_sitemap_bomb_stops_at_the_sitemap_cap(tmp_path: Path) -> None:
    site = _hostile("sitemap_bomb", sitemaps=20, sitemap_urls=5000)
    result = await _crawl(site, tmp_path, {**CAPPED, "INSIGHT_MAX_SITEMAP_URLS": 100})
    assert "sitemap_cap" in _reasons(result).values()
    synthetic = {a.url for a in result.articles} - POSTS
    assert len(synthetic) <= 100
    _ended_cleanly(result, "sitemap_cap")


# --- Exit codes: a give-up is not an error (finding 7's "Gave up retrying") ----------------------


class FailFirst:
    """Answers ``status`` (or a dropped connection, 0) to the first ``times`` requests of
    ``path``, then as ``inner`` does."""

    def __init__(self, inner: Answers, path: str, times: int, status: int) -> None:
        self.inner, self.path, self.times, self.status = inner, path, times, status
        self.asked: Counter[str] = Counter()

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        self.asked[raw_path] += 1
        if urlsplit(raw_path).path != self.path or self.asked[raw_path] > self.times:
            return self.inner.answer(raw_path, headers)
        if self.status:
            return Reply(self.status, b"<html><body>busy</body></html>")
        return Reply(200, b"x" * 100, drop_after=10)


@crawl
@deferred_f_from_coro_f
async def test_a_page_fetched_after_its_retries_gave_up_is_no_error(tmp_path: Path) -> None:
    # The home page fails its four attempts (Scrapy gives up retrying); the spider fetches it
    # again and the crawl completes: exit code 0, no ERROR logged.
    site = FailFirst(Site(BUNDLED_SITE), "/", 4, 503)
    result = await _crawl(site, tmp_path)
    assert site.asked["/"] == 5
    assert {a.url for a in result.articles} == POSTS
    assert result.stats["retry/max_reached"] >= 1
    assert "log_count/ERROR" not in result.stats
    assert result.summary is not None and result.summary["exit_code"] == 0


@crawl
@deferred_f_from_coro_f
async def test_a_robots_txt_that_cannot_be_fetched_is_a_warning(tmp_path: Path) -> None:
    site = FailFirst(Site(BUNDLED_SITE), "/robots.txt", 100, 0)
    result = await _crawl(site, tmp_path)
    assert {a.url for a in result.articles} == POSTS  # crawled as if everything were allowed
    assert "log_count/ERROR" not in result.stats
    assert result.summary is not None and result.summary["exit_code"] == 0


# --- The traps themselves, and the mirror's answers to bad requests (finding 9) -----------------


def test_the_mirror_answers_400_to_bad_requests() -> None:
    with MirrorServer(BUNDLED_SITE) as server:
        host, port = urlsplit(server.base_url).hostname, urlsplit(server.base_url).port
        for path in ("/%00", "/wp-json/wp/v2/posts?per_page=abc", "/wp-json/wp/v2/posts?page=x"):
            connection = http.client.HTTPConnection(host or "", port, timeout=10)
            connection.request("GET", path)
            assert connection.getresponse().status == 400, path
            connection.close()


def test_a_sitemap_bomb_is_generated_as_it_is_sent() -> None:
    site = _hostile("sitemap_bomb")
    index = site.answer("/wp-sitemap.xml")
    assert index.body.count(b"<sitemap>") == 200
    child = site.answer("/wp-sitemap-posts-post-200.xml")
    assert child.body == b"" and child.stream is not None
    urls = 0
    for chunk in child.stream:
        assert len(chunk) < 2**18  # never the whole child at once
        urls += chunk.count(b"<loc>")
    assert urls == 50_000
    chunks = site.urlset(1)
    next(chunks)  # the XML head
    loc = next(chunks).split(b"<loc>")[1].split(b"</loc>")[0]
    article = urlsplit(loc.decode()).path
    assert site.answer(article).status == 200  # what the bomb lists is served
    assert site.answer("/wp-sitemap-posts-post-201.xml").status == 404


def test_traps_over_a_listing_and_their_options() -> None:
    endless = _hostile("infinite_pagination")
    page = endless.answer("/category/afghan-sports/page/1000/").body
    assert b"/category/afghan-sports/page/1001/" in page  # always a next page
    headers = _hostile("huge_headers", header_count=2, header_size=20_000)
    lines = list(headers.answer("/").header_lines)
    assert len(lines) == 2 * 3 and all(len(line) < 16_384 for line in lines)  # folded
    with pytest.raises(ValueError, match="unknown trap"):
        HostileSite(Site(BUNDLED_SITE), "gremlins")
    assert len(TRAPS) == 7
