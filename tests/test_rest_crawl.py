"""End-to-end: a REST-first full crawl of the bundled mirror gives the HTML crawl's records.

The crawls run through the real Scrapy stack against the mirror server. Fields that cannot match
are listed in docs/record.md ("REST-first records"); every other field has its own test here, so
that a failure names the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, fields, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.utils.defer import deferred_from_coro

from insight_scraper.items import ArticleItem
from insight_scraper.mirror.server import BUNDLED_SITE, Answers, MirrorServer, Reply, Site
from tests.conftest import manifest
from tests.crawling import HTML_ROAD, CrawlResult, crawl_mirror

pytestmark = pytest.mark.crawl

REST_ROAD = {"INSIGHT_SOURCES": ["rest", "feeds", "sitemaps", "listings"]}
PAGE_FIELDS = ["breadcrumbs", "authors", "reading_time_minutes"]
# docs/record.md, "REST-first records": fields that differ by design.
NOT_COMPARED = {"extraction", "scraped_at", "date_published_raw", "date_modified_raw"}
# A tweet the saved page shows only as a JS-rendered widget: REST has its blockquote.
WIDGET_FIELDS = {"tweets", "blocks", "content_hash"}
RECORD_FIELDS = [f.name for f in fields(ArticleItem) if f.name not in NOT_COMPARED]


def _crawl(site: Path | Answers, out: Path, settings: Mapping[str, Any]) -> CrawlResult:
    with MirrorServer(site) as server:
        result: CrawlResult = pytest_twisted.blockon(
            deferred_from_coro(crawl_mirror(server.base_url, out, settings=dict(settings)))
        )
    return result


def _by_url(result: CrawlResult) -> dict[str, dict[str, Any]]:
    return {article.url: asdict(article) for article in result.articles}


@pytest.fixture(scope="module")
def html_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return _by_url(_crawl(BUNDLED_SITE, tmp_path_factory.mktemp("html"), HTML_ROAD))


@pytest.fixture(scope="module")
def rest_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    settings = {**REST_ROAD, "INSIGHT_REST_PAGE_FIELDS": PAGE_FIELDS}
    return _crawl(BUNDLED_SITE, tmp_path_factory.mktemp("rest"), settings)


@pytest.fixture(scope="module")
def rest_only_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    settings = {**REST_ROAD, "INSIGHT_REST_PAGE_FIELDS": []}
    return _crawl(BUNDLED_SITE, tmp_path_factory.mktemp("rest-only"), settings)


def _widget_posts(records: dict[str, dict[str, Any]]) -> set[str]:
    return {url for url, r in records.items() if any(t["text"] is None for t in r["tweets"])}


def test_the_rest_crawl_gives_one_record_per_post(rest_crawl: CrawlResult) -> None:
    assert sorted(a.url for a in rest_crawl.articles) == sorted(
        p["url"] for p in manifest()["posts"]
    )
    assert rest_crawl.rejects == []
    assert rest_crawl.stats["insight/spider/rest_pages"] == 1
    assert "insight/spider/listing_pages" not in rest_crawl.stats  # no listing was read


@pytest.mark.parametrize("name", RECORD_FIELDS)
def test_rest_field_equals_the_html_field(
    name: str, rest_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    _assert_field_equals_html(rest_crawl, html_records, name)


def test_widget_tweets_are_the_same_tweets_with_their_text(
    rest_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    rest = _by_url(rest_crawl)
    widgets = _widget_posts(html_records)
    assert widgets  # the mirror has posts saved after widgets.js ran
    gained = 0
    for url in widgets:
        pairs = list(zip(html_records[url]["tweets"], rest[url]["tweets"], strict=True))
        assert [h["tweet_id"] for h, _ in pairs] == [r["tweet_id"] for _, r in pairs]
        assert all(h == r for h, r in pairs if h["text"] is not None)
        gained += sum(1 for h, r in pairs if h["text"] is None and r["text"])
    assert gained > 0


def test_extraction_says_rest_for_rest_fields_and_the_page_source_for_page_fields(
    rest_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    for article in rest_crawl.articles:
        extraction, html = article.extraction, html_records[article.url]["extraction"]
        assert extraction["headline"] == extraction["body"] == extraction["post_id"] == "rest"
        assert extraction["authors"] == html["authors"]
        assert extraction["breadcrumbs"] == html["breadcrumbs"]


def test_without_page_fields_no_article_page_is_fetched(rest_only_crawl: CrawlResult) -> None:
    assert len(rest_only_crawl.articles) == len(manifest()["posts"])
    assert rest_only_crawl.summary is not None
    assert rest_only_crawl.summary["requests"]["article"] == 0
    assert rest_only_crawl.stats["insight/spider/rest_pages"] == 1


# Without the page: no breadcrumbs, no job titles, no page validators (docs/record.md).
REST_ONLY_FIELDS = sorted(set(RECORD_FIELDS) - {"breadcrumbs", "authors", "etag", "last_modified"})


@pytest.mark.parametrize("name", REST_ONLY_FIELDS)
def test_without_page_fields_rest_alone_still_equals_html(
    name: str, rest_only_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    _assert_field_equals_html(rest_only_crawl, html_records, name, same_posts=False)


def test_without_page_fields_authors_are_rest_names_without_job_titles(
    rest_only_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    for article in rest_only_crawl.articles:
        first = html_records[article.url]["authors"][0]
        assert article.authors == [{**first, "role": None}]  # one author in core REST


class ClosedRest:
    """The mirror with its REST API answering ``status`` (a security plugin), or HTML."""

    def __init__(self, status: int, body: bytes = b'{"code":"rest_forbidden"}') -> None:
        self.site, self.status, self.body = Site(BUNDLED_SITE), status, body

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        if raw_path.startswith("/wp-json/"):
            kind = "application/json" if self.body.startswith(b"{") else "text/html"
            return Reply(self.status, self.body, {"Content-Type": kind})
        return self.site.answer(raw_path, headers)


@pytest.fixture(scope="module", params=[401, 403, 404, 200])
def closed_crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, CrawlResult]]:
    status = request.param
    body = b"<html><body>Login</body></html>" if status == HTTPStatus.OK else b'{"code":"x"}'
    with MirrorServer(ClosedRest(status, body)) as server:
        out = tmp_path_factory.mktemp(f"closed-{status}")
        settings = {**REST_ROAD, "INSIGHT_REST_PAGE_FIELDS": PAGE_FIELDS}
        result: CrawlResult = pytest_twisted.blockon(
            deferred_from_coro(crawl_mirror(server.base_url, out, settings=settings))
        )
    yield status, result


def test_rest_closed_takes_the_html_road(
    closed_crawl: tuple[int, CrawlResult], html_records: dict[str, dict[str, Any]]
) -> None:
    status, result = closed_crawl
    assert result.stats[f"insight/discovery/rest/closed_{status}"] == 1
    assert result.stats["insight/spider/listing_pages"] > 0
    for article in result.articles:
        record = {**asdict(article), "scraped_at": None}
        assert record == {**html_records[article.url], "scraped_at": None}
    assert sorted(a.url for a in result.articles) == sorted(html_records)


class BrokenPage:
    """The mirror, with one article page answering 500 (its REST post is fine)."""

    def __init__(self, slug: str) -> None:
        self.site, self.path = Site(BUNDLED_SITE), f"/{slug}/"

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        if raw_path == self.path:
            return Reply(500, b"<html><body>Error</body></html>", {"Content-Type": "text/html"})
        return self.site.answer(raw_path, headers)


@pytest.fixture(scope="module")
def broken_page_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    settings = {**REST_ROAD, "INSIGHT_REST_PAGE_FIELDS": PAGE_FIELDS, "RETRY_TIMES": 0}
    broken = BrokenPage(manifest()["posts"][0]["slug"])
    return _crawl(broken, tmp_path_factory.mktemp("broken"), settings)


def test_a_failed_page_keeps_rests_record_and_rejects_the_missing_fields(
    broken_page_crawl: CrawlResult,
) -> None:
    post, result = manifest()["posts"][0], broken_page_crawl
    assert len(result.articles) == len(manifest()["posts"])  # nothing dropped
    [reject] = result.rejects
    assert (reject.url, reject.stage, reject.reason) == (
        post["url"],
        "extract",
        "page_fields_missing",
    )
    assert "breadcrumbs" in reject.detail
    kept = next(article for article in result.articles if article.url == post["url"])
    assert kept.breadcrumbs == [] and kept.extraction["body"] == "rest"


class TrimmedRest:
    """The mirror, its REST posts answered with ids and links but no content or title (a
    plugin that trims the REST answer)."""

    def __init__(self) -> None:
        self.site = Site(BUNDLED_SITE)

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        reply = self.site.answer(raw_path, headers)
        if not raw_path.startswith("/wp-json/wp/v2/posts?") or reply.status != HTTPStatus.OK:
            return reply
        posts = [{k: v for k, v in post.items() if k not in ("content", "title")}
                 for post in json.loads(reply.body)]  # fmt: skip
        return replace(reply, body=json.dumps(posts).encode())


@pytest.fixture(scope="module")
def trimmed_rest_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return _crawl(TrimmedRest(), tmp_path_factory.mktemp("trimmed"), REST_ROAD)


def test_a_rest_answer_without_content_sends_the_crawl_to_the_pages(
    trimmed_rest_crawl: CrawlResult, html_records: dict[str, dict[str, Any]]
) -> None:
    result, posts = trimmed_rest_crawl, len(manifest()["posts"])
    assert len(result.articles) == posts and result.rejects == []
    assert result.stats["insight/rest/page_instead/missing_headline"] == posts
    for article in result.articles:  # the page's record, as on the HTML road
        assert {**asdict(article), "scraped_at": None} == {
            **html_records[article.url],
            "scraped_at": None,
        }


def _assert_field_equals_html(
    crawl: CrawlResult, html_records: dict[str, dict[str, Any]], name: str, same_posts: bool = True
) -> None:
    """``name`` of each REST record equals the HTML crawl's (tweets of widget posts apart)."""
    rest = _by_url(crawl)
    if same_posts:
        assert rest.keys() == html_records.keys()
    widgets = _widget_posts(html_records) if name in WIDGET_FIELDS else set()
    for url, html in html_records.items():
        if url not in widgets:
            assert rest[url][name] == html[name], url
