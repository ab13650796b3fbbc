"""End-to-end: the second offline site (Newspaper theme, Dari/Pashto/English sections) crawled
through the real Scrapy stack with its profile, REST on and REST off: one record per article,
every field against the article's expected.json (one test per field and route)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.utils.defer import deferred_from_coro

from insight_scraper.mirror.server import MirrorServer, Site
from insight_scraper.sites import load_profile, profile_settings
from tests.crawling import CrawlResult, crawl_mirror
from tests.site2 import ARTICLES, SITE2, expected, url_of

pytestmark = pytest.mark.crawl

ROUTES = ("rest", "html")
FIELDS = sorted(expected(ARTICLES[0]))


def _crawl(rest: bool, out: Path) -> CrawlResult:
    # The profile's politeness is for the live site; the mirror runs at full speed, as with
    # `crawl --site paiwand --mirror URL` (runner.MIRROR_SPEED comes after the profile).
    politeness = {"DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN"}
    profile = profile_settings(load_profile("paiwand"))
    settings = {name: value for name, value in profile.items() if name not in politeness}
    with MirrorServer(Site(SITE2, rest=rest)) as server:
        result: CrawlResult = pytest_twisted.blockon(
            deferred_from_coro(crawl_mirror(server.base_url, out, settings=settings))
        )
    return result


@pytest.fixture(scope="module", params=ROUTES)
def crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return _crawl(request.param == "rest", tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def records(crawl: CrawlResult) -> dict[str, dict[str, Any]]:
    return {article.url: asdict(article) for article in crawl.articles}


def test_one_record_per_article_and_no_rejects(crawl: CrawlResult) -> None:
    urls = sorted(article.url for article in crawl.articles)
    assert urls == sorted(url_of(fixture) for fixture in ARTICLES)
    assert [dict(reject) for reject in crawl.rejects] == []
    assert crawl.summary is not None and crawl.summary["exit_code"] == 0


@pytest.mark.parametrize("field", FIELDS)
def test_field(crawl: CrawlResult, records: dict[str, dict[str, Any]], field: str) -> None:
    rest = crawl.stats.get("insight/spider/rest_pages", 0) > 0
    if rest and field in BY_DESIGN:
        pytest.skip(f"{field}: differs on REST records by design (docs/record.md)")
    wrong = {}
    for fixture in ARTICLES:
        found, wanted = records[url_of(fixture)][field], expected(fixture)[field]
        if not (found == wanted or (rest and _rest_knows_more(fixture, field, found, wanted))):
            wrong[url_of(fixture)] = (found, wanted)
    assert wrong == {}


# docs/record.md, "REST-first records": `extraction` names rest, the *_raw dates are REST's text.
BY_DESIGN = {"extraction", "date_published_raw", "date_modified_raw"}
_WIDGET_FIELDS = {"tweets", "blocks", "content_hash"}


def _rest_knows_more(fixture: Path, field: str, found: Any, wanted: Any) -> bool:
    """Where the page states less than WordPress knows, REST's value is the fuller one: a
    visible date without its offset (REST gives it), no modified date or description on the
    page (REST has the post's), a tweet the saved page shows only as a widget (REST has its
    blockquote). Each is checked against the generator's manifest or the page's own value."""
    post = _manifest_post(url_of(fixture))
    if field in ("date_published", "date_modified"):
        truth = post["published" if field == "date_published" else "modified"]
        return found == truth and (wanted is None or truth.startswith(wanted))
    if field == "description":
        return wanted is None and isinstance(found, str) and bool(found)
    if field in _WIDGET_FIELDS:
        return _widget_tweets(expected(fixture)["tweets"], found if field == "tweets" else None)
    return False


def _widget_tweets(page: list[dict[str, Any]], rest: list[dict[str, Any]] | None) -> bool:
    """Same tweets in the same order; the page's widget-only tweets have their text on REST."""
    if rest is None:  # blocks and content_hash follow the tweets' text: checked with tweets
        return any(tweet["text"] is None for tweet in page)
    if [tweet["tweet_id"] for tweet in page] != [tweet["tweet_id"] for tweet in rest]:
        return False
    return all(p == r or (p["text"] is None and r["text"]) for p, r in zip(page, rest, strict=True))


@cache
def _manifest() -> dict[str, dict[str, Any]]:
    data = json.loads((SITE2 / "_manifest.json").read_text(encoding="utf-8"))
    return {post["url"]: post for post in data["posts"]}


def _manifest_post(url: str) -> dict[str, Any]:
    return _manifest()[url]


@pytest.mark.process
def test_the_crawl_command_with_the_sites_profile(tmp_path: Path) -> None:
    """`insight-scraper crawl --site paiwand --mirror URL`, as a user runs it."""
    out = tmp_path / "articles.jsonl"
    with MirrorServer(Site(SITE2)) as server:
        done = subprocess.run(
            [sys.executable, "-m", "insight_scraper.cli", "crawl", "--site", "paiwand",
             "--mirror", server.base_url, "--output", str(out), "-q"],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(record["url"] for record in written) == sorted(map(url_of, ARTICLES))
    assert {record["site"] for record in written} == {"paiwand.example"}
