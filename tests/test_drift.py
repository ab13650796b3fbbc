"""Layout drift: the same pages after a "redesign" that renamed the theme's classes. Records
stay complete through the fallback chains, say where each field came from, and the coverage
monitor fires (exit code 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import pytest_twisted
from scrapy.utils.defer import deferred_f_from_coro_f, deferred_from_coro

from insight_scraper.extract.article import extract_article
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer
from tests.conftest import manifest
from tests.crawling import CrawlResult, crawl_mirror
from tests.mirror.redesign import redesign


def _posts() -> list[dict[str, object]]:
    return list(manifest()["posts"])


@pytest.mark.parametrize("post", _posts()[:8], ids=lambda post: str(post["slug"])[:40])
def test_redesigned_page_is_complete_through_fallbacks(post: dict[str, object]) -> None:
    folder = BUNDLED_SITE / str(post["slug"])
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    record = extract_article(
        redesign((folder / "input.html").read_text(encoding="utf-8")), str(post["url"])
    )
    assert record["headline"] == expected["headline"]
    assert record["date_modified"] == expected["date_modified"]
    assert record["date_published"] == expected["date_published"]
    assert [a["name"] for a in record["authors"]] == [a["name"] for a in expected["authors"]]
    assert [t["tweet_id"] for t in record["tweets"]] == [t["tweet_id"] for t in expected["tweets"]]
    assert len(record["body"]) > 0.5 * len(expected["body"])
    assert record["extraction"]["body"] == "generic"
    assert record["extraction"]["headline"] == "json-ld"


@pytest.fixture(scope="module")
def redesigned_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    site = tmp_path_factory.mktemp("redesign") / "site"
    shutil.copytree(BUNDLED_SITE, site)
    for post in _posts():
        page = site / str(post["slug"]) / "input.html"
        page.write_text(redesign(page.read_text(encoding="utf-8")), encoding="utf-8")
    with MirrorServer(site) as server:
        out = tmp_path_factory.mktemp("out")
        result: CrawlResult = pytest_twisted.blockon(
            deferred_from_coro(crawl_mirror(server.base_url, out))
        )
    return result


def test_redesigned_site_still_gives_every_record(redesigned_crawl: CrawlResult) -> None:
    assert sorted(a.url for a in redesigned_crawl.articles) == sorted(
        str(p["url"]) for p in _posts()
    )
    assert redesigned_crawl.rejects == []


def test_coverage_monitor_fires_with_exit_code_4(redesigned_crawl: CrawlResult) -> None:
    summary = redesigned_crawl.summary
    assert summary is not None
    breaches = summary["coverage"]["breaches"]
    assert any(breach.startswith("body:") for breach in breaches)
    assert any(breach.startswith("headline:") for breach in breaches)
    assert summary["exit_code"] == 4
    assert summary["coverage"]["sources"]["body"] == {"generic": 1.0}


@deferred_f_from_coro_f
async def test_the_bundled_site_breaches_nothing(mirror: MirrorServer, tmp_path: Path) -> None:
    result = await crawl_mirror(mirror.base_url, tmp_path)
    assert result.summary is not None
    assert result.summary["coverage"]["breaches"] == []
    assert result.summary["coverage"]["sources"]["body"] == {"theme": 1.0}
    assert result.summary["exit_code"] == 0
