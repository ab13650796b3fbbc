"""Fault injection: the mirror server misbehaves (insight_scraper/mirror/faults.py) and the crawl
still accounts for every article, through the real server and the full Scrapy stack.

No timings are asserted: the crawls are bounded by construction instead (short download
timeouts, and CLOSESPIDER_TIMEOUT, which would show as a finish reason other than finished).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import pytest_twisted
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.defer import deferred_from_coro

from insight_scraper.extract.decoding import Redecoded, redecode, suspicious
from insight_scraper.extract.urls import absolute_url
from insight_scraper.middlewares import OffsiteRedirect, OffsiteRequest, SiteOnlyMiddleware
from insight_scraper.mirror.faults import KINDS, FaultySite, uniform_rates
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Reply, Site
from tests.conftest import SITE_URL, manifest
from tests.crawling import CrawlResult, crawl_mirror

SEED = 20240508
HIGH_RATE = 0.5
# Short bounds so that a fault costs seconds; CLOSESPIDER_TIMEOUT caps the whole crawl.
FAST = {"DOWNLOAD_TIMEOUT": 2, "CLOSESPIDER_TIMEOUT": 100}
SLOW = 3.0  # the server's "slow" answers: past DOWNLOAD_TIMEOUT
PRECISE = re.compile(
    r"^(http_\d{3}|timeout|data_loss|connection_lost|too_large|too_many_redirects|"
    r"offsite_redirect|truncated_document|not_found_page|empty_listing)$"
)
POSTS = {post["url"] for post in manifest()["posts"]}


def _crawl(site: Any, out: Path, settings: Mapping[str, Any] = FAST) -> CrawlResult:
    with MirrorServer(site) as server:
        crawl = crawl_mirror(server.base_url, out, settings=dict(settings))
        result: CrawlResult = pytest_twisted.blockon(deferred_from_coro(crawl))
    return result


# --- The fault crawl: every article is in the output or in the rejects, once ----------------


@pytest.fixture(scope="module")
def faulty() -> FaultySite:
    return FaultySite(Site(BUNDLED_SITE), SEED, uniform_rates(HIGH_RATE), slow=SLOW)


@pytest.fixture(scope="module")
def fault_crawl(faulty: FaultySite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    out = tmp_path_factory.mktemp("faults")
    result = _crawl(faulty, out)
    result.stats["_out_dir"] = str(out)
    return result


def test_the_fault_crawl_finishes_within_its_bound(fault_crawl: CrawlResult) -> None:
    assert fault_crawl.stats["finish_reason"] == "finished"


def test_faults_of_many_kinds_were_injected(faulty: FaultySite, fault_crawl: CrawlResult) -> None:
    assert sum(faulty.log.values()) >= 20
    assert len(faulty.log) >= len(KINDS) // 2, faulty.log


def test_every_article_is_in_output_or_rejects_exactly_once(fault_crawl: CrawlResult) -> None:
    captured = [article.url for article in fault_crawl.articles]
    rejected = [reject.url for reject in fault_crawl.rejects if reject.url in POSTS]
    assert len(captured) == len(set(captured))  # no duplicate records
    assert len(rejected) == len(set(rejected))  # one reject per lost article
    assert not set(captured) & set(rejected)
    assert set(captured) | set(rejected) == POSTS  # nothing lost
    assert rejected, "a high fault rate should cost some articles"


def test_every_reject_has_a_url_and_a_precise_reason(fault_crawl: CrawlResult) -> None:
    for reject in fault_crawl.rejects:
        assert reject.url.startswith(SITE_URL), reject
        assert PRECISE.match(reject.reason), reject
        assert reject.detail


def test_rejects_are_written_to_rejects_jsonl(fault_crawl: CrawlResult) -> None:
    path = Path(fault_crawl.stats["_out_dir"]) / "rejects.jsonl"
    written = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["url"], r["reason"]) for r in written) == sorted(
        (r.url, r.reason) for r in fault_crawl.rejects
    )


def test_the_summary_counts_every_outcome(fault_crawl: CrawlResult) -> None:
    summary = fault_crawl.summary
    assert summary is not None
    assert summary["articles"]["emitted"] == len(fault_crawl.articles)
    assert summary["articles"]["rejected"] == len(fault_crawl.rejects)
    assert summary["rejects"] == dict(Counter(r.reason for r in fault_crawl.rejects))
    assert summary["requests"]["total"] >= len(POSTS)
    assert summary["exit_code"] == 0  # rejects are data, not errors


def test_the_same_seed_makes_the_same_decisions() -> None:
    first, second = (FaultySite(Site(BUNDLED_SITE), 7, uniform_rates(0.5)) for _ in range(2))
    other = FaultySite(Site(BUNDLED_SITE), 8, uniform_rates(0.5))
    page = Reply(200, b"<html></html>", {"Content-Type": "text/html; charset=UTF-8"})
    paths = [f"/post-{n}/" for n in range(200)]
    decisions = [[site.decide(path, 1, page) for path in paths] for site in (first, second, other)]
    assert decisions[0] == decisions[1] != decisions[2]
    assert [first.decide("/x/", n, page) for n in range(1, 50)].count(None) > 10  # retries pass


# --- One fault at a time: each on its own article, in one crawl --------------------------------


class Routed:
    """Answers: each listed path through its own FaultySite; everything else clean."""

    def __init__(self, routes: dict[str, FaultySite], clean: Site) -> None:
        self.routes, self.clean = routes, clean

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        path = urlsplit(raw_path).path
        if path.startswith("/_faults/"):  # redirect hops: any FaultySite serves them
            return next(iter(self.routes.values())).answer(raw_path, headers)
        return self.routes.get(path, self.clean).answer(raw_path, headers)


class Counting:
    """Answers that only counts what it is asked (the offsite host)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        self.asked.append(raw_path)
        return Reply(200, b"<html><body>offsite</body></html>", {"Content-Type": "text/html"})


def _seed_where(path: str, rates: dict[str, float], pattern: list[bool]) -> int:
    """A seed whose first attempts at ``path`` fault (True) or not as ``pattern`` says."""
    page = Reply(200, b"<html></html>", {"Content-Type": "text/html; charset=UTF-8"})
    for seed in range(10_000):
        site = FaultySite(Site(BUNDLED_SITE), seed, rates)
        if [site.decide(path, n + 1, page) is not None for n in range(len(pattern))] == pattern:
            return seed
    raise AssertionError("no such seed")


SLUGS = [post["slug"] for post in manifest()["posts"]]
DARI = "doha-third-meeting-taliban-delegation-to-attend-un-talks"
ONE_FAULT = {  # article slug → fault kind (always), and the outcome expected
    SLUGS[0]: ("http_503_retry_after", "http_503"),
    SLUGS[1]: ("slow", "timeout"),
    SLUGS[2]: ("drop", "data_loss"),
    SLUGS[3]: ("oversize", "too_large"),
    SLUGS[4]: ("redirect_loop", "too_many_redirects"),
    SLUGS[5]: ("offsite_redirect", "offsite_redirect"),
    SLUGS[6]: ("soft_404", "not_found_page"),
    SLUGS[7]: ("truncate", "truncated_document"),
    DARI: ("charset_cp1256", "captured"),
    SLUGS[8]: ("charset_wrong", "captured"),
    SLUGS[9]: ("charset_missing", "captured"),
}
ONCE = {  # faulted on the first attempt only: the retry (or the redirect's end) succeeds
    SLUGS[10]: "http_429",
    SLUGS[11]: "redirect_chain",
    SLUGS[12]: "http_500",
}
LISTING = "/category/afghan-politics/"


@pytest.fixture(scope="module")
def offsite() -> Iterator[tuple[MirrorServer, Counting]]:
    counting = Counting()
    with MirrorServer(counting, host="127.0.0.1") as server:
        yield server, counting


@pytest.fixture(scope="module")
def one_fault_crawl(
    offsite: tuple[MirrorServer, Counting], tmp_path_factory: pytest.TempPathFactory
) -> CrawlResult:
    # "localhost" names the offsite server by another host than the mirror's 127.0.0.1.
    elsewhere = offsite[0].base_url.replace("127.0.0.1", "localhost")
    options: dict[str, Any] = {"slow": SLOW, "oversize": 2 * 2**20, "offsite": elsewhere}
    routes = {f"/{slug}/": FaultySite(Site(BUNDLED_SITE), 0, {kind: 1.0}, **options)
              for slug, (kind, _) in ONE_FAULT.items()}  # fmt: skip
    for slug, kind in ONCE.items():
        seed = _seed_where(f"/{slug}/", {kind: 0.5}, [True, False])
        routes[f"/{slug}/"] = FaultySite(Site(BUNDLED_SITE), seed, {kind: 0.5}, **options)
    routes[LISTING] = FaultySite(Site(BUNDLED_SITE), 0, {"deleted_links": 1.0})
    settings = {**FAST, "DOWNLOAD_MAXSIZE": 2**20}
    return _crawl(Routed(routes, Site(BUNDLED_SITE)), tmp_path_factory.mktemp("one"), settings)


@pytest.mark.parametrize("slug", list(ONE_FAULT), ids=[kind for kind, _ in ONE_FAULT.values()])
def test_each_fault_ends_in_its_precise_outcome(one_fault_crawl: CrawlResult, slug: str) -> None:
    url, (_, expected) = f"{SITE_URL}{slug}/", ONE_FAULT[slug]
    outcome = {r.url: r.reason for r in one_fault_crawl.rejects}
    outcome.update({a.url: "captured" for a in one_fault_crawl.articles})
    assert outcome.get(url) == expected


@pytest.mark.parametrize("slug", list(ONCE), ids=list(ONCE.values()))
def test_a_transient_fault_is_overcome(one_fault_crawl: CrawlResult, slug: str) -> None:
    assert f"{SITE_URL}{slug}/" in {a.url for a in one_fault_crawl.articles}


def test_retry_after_is_honoured(one_fault_crawl: CrawlResult) -> None:
    # Three retries of the 503 that always comes back, one of the 429 that passes: each waited
    # for the server's Retry-After (1 s) rather than the short mirror backoff.
    stats = one_fault_crawl.stats
    assert stats["insight/retry/retry_after"] == 4
    assert stats["insight/retry/waited_ms"] >= 4 * 1000
    reject = next(r for r in one_fault_crawl.rejects if r.url == f"{SITE_URL}{SLUGS[0]}/")
    assert "after 3 retries" in reject.detail


def test_an_offsite_redirect_is_never_followed(
    one_fault_crawl: CrawlResult, offsite: tuple[MirrorServer, Counting]
) -> None:
    assert offsite[1].asked == []
    assert not any("localhost" in url for url in one_fault_crawl.requested)


def test_a_windows_1256_page_is_extracted_as_the_clean_page(one_fault_crawl: CrawlResult) -> None:
    expected = json.loads((BUNDLED_SITE / DARI / "expected.json").read_text(encoding="utf-8"))
    record = next(a for a in one_fault_crawl.articles if a.url == f"{SITE_URL}{DARI}/")
    assert {field: getattr(record, field) for field in expected} == expected
    assert one_fault_crawl.stats["insight/decode/windows-1256"] == 1


def test_a_listing_with_deleted_articles(one_fault_crawl: CrawlResult) -> None:
    deleted = [r for r in one_fault_crawl.rejects if "/deleted-post-" in r.url]
    assert len(deleted) == 2
    assert {(r.stage, r.reason) for r in deleted} == {("download", "http_404")}
    faulted = {f"{SITE_URL}{slug}/" for slug in ONE_FAULT}
    clean = {a.url for a in one_fault_crawl.articles} - faulted
    assert clean == POSTS - faulted


def test_exactly_the_faulted_articles_are_rejected(one_fault_crawl: CrawlResult) -> None:
    lost = {f"{SITE_URL}{slug}/" for slug, (_, why) in ONE_FAULT.items() if why != "captured"}
    assert {r.url for r in one_fault_crawl.rejects if r.url in POSTS} == lost
    assert one_fault_crawl.stats["finish_reason"] == "finished"


# --- Pieces: the site-only guard, charset repair, the fault layer's own rules --------------------

MIRROR = "http://127.0.0.1:8000/"


@pytest.mark.parametrize(
    "url",
    [
        "data:text/html,<h1>x</h1>",
        "file:///etc/passwd",
        "ftp://www.afghaninsight.com/x",
        "https://evil.example/x",
        "http://127.0.0.1:9999/x",
    ],
)
def test_the_guard_never_sends_a_request_off_the_site(url: str) -> None:
    guard = SiteOnlyMiddleware(SITE_URL, MIRROR)
    with pytest.raises(OffsiteRequest):
        guard.process_request(Request(url))


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_links_of_other_schemes_never_become_requests(href: str) -> None:
    # Scrapy cannot even build a javascript: request; the extractors drop every such link first.
    assert absolute_url(href, SITE_URL) is None


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "https://evil.example/", "//evil.example/"]
)
def test_the_guard_never_follows_a_redirect_off_the_site(location: str) -> None:
    guard = SiteOnlyMiddleware(SITE_URL, MIRROR)
    request = Request(MIRROR + "post/")
    response = HtmlResponse(
        request.url, status=302, headers={"Location": location}, request=request
    )
    with pytest.raises(OffsiteRedirect):
        guard.process_response(request, response)


@pytest.mark.parametrize(
    "location", ["/post-2/", SITE_URL + "post-2/", "https://afghaninsight.com/x/"]
)
def test_the_guard_lets_redirects_on_the_site_through(location: str) -> None:
    guard = SiteOnlyMiddleware(SITE_URL, MIRROR)
    request = Request(MIRROR + "post/")
    response = HtmlResponse(
        request.url, status=301, headers={"Location": location}, request=request
    )
    assert guard.process_response(request, response) is response
    guard.process_request(Request(SITE_URL + "post/"))


def test_charset_repair() -> None:
    page = (BUNDLED_SITE / DARI / "input.html").read_bytes()
    legacy = page.decode("utf-8").encode("windows-1256", errors="xmlcharrefreplace")
    fixed = redecode(legacy, "utf-8")
    assert fixed is not None and fixed.encoding == "windows-1256"
    assert "هیئت طالبان" in html.unescape(fixed.text)
    latin = redecode(page, "cp1252")  # UTF-8 bytes served as ISO-8859-1
    assert latin == Redecoded(page.decode("utf-8"), "utf-8")
    assert redecode("a \ufffd b".encode(), "utf-8") is None  # a real U+FFFD stays
    assert not suspicious(page.decode("utf-8"), "utf-8")


def test_fault_layer_rules() -> None:
    with pytest.raises(ValueError, match="unknown"):
        FaultySite(Site(BUNDLED_SITE), 1, {"gremlins": 0.1})
    with pytest.raises(ValueError, match="sum"):
        FaultySite(Site(BUNDLED_SITE), 1, uniform_rates(1.5))
    site = FaultySite(Site(BUNDLED_SITE), 1, {"http_503": 1.0, "redirect_chain": 0.0})
    assert site.answer("/robots.txt").status == 200  # a policy file, never faulted
    assert site.answer(f"/{DARI}/").status == 503
    hops = [site.answer(f"/_faults/hop/2/{DARI}/"), site.answer(f"/_faults/hop/1/{DARI}/")]
    assert [hop.headers["Location"] for hop in hops] == [f"/_faults/hop/1/{DARI}/", f"/{DARI}/"]
    assert site.log == Counter({"http_503": 1})
