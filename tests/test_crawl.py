"""End-to-end: crawl the bundled mirror through the real local server and the full Scrapy stack."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest
import pytest_twisted
from scrapy.utils.defer import deferred_f_from_coro_f, deferred_from_coro

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer
from tests.conftest import SITE_URL, manifest
from tests.crawling import CrawlResult, crawl_mirror

SEED_SLUG = "regional-and-international-conferences-on-afghanistan-a-quest-for-human-rights-stability-and-recognition"


@pytest.fixture(scope="module")
def full_crawl(mirror: MirrorServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    out = tmp_path_factory.mktemp("crawl")
    result: CrawlResult = pytest_twisted.blockon(
        deferred_from_coro(crawl_mirror(mirror.base_url, out))
    )
    result.stats["_out_dir"] = str(out)
    return result


def test_every_article_is_found_exactly_once(full_crawl: CrawlResult) -> None:
    expected = sorted(post["url"] for post in manifest()["posts"])
    found = [article.url for article in full_crawl.articles]
    assert sorted(found) == expected
    assert len(found) == len(set(found))


def test_each_article_is_requested_once(full_crawl: CrawlResult) -> None:
    # Related boxes, carousels and multi-category listings must not cause a second fetch.
    article_paths = {
        SITE_URL.rstrip("/") + "/" + post["slug"] + "/" for post in manifest()["posts"]
    }
    mirror_paths = Counter("/" + url.split("/", 3)[3] for url in full_crawl.requested)
    fetched = {
        path: n for path, n in mirror_paths.items() if SITE_URL.rstrip("/") + path in article_paths
    }
    assert len(fetched) == len(article_paths)
    assert set(fetched.values()) == {1}


def test_every_listing_page_is_read_to_its_end(full_crawl: CrawlResult) -> None:
    listing_dirs = [path.parent for path in BUNDLED_SITE.glob("category/**/expected.json")]
    expected = {"/" + d.relative_to(BUNDLED_SITE).as_posix() + "/" for d in listing_dirs}
    requested = {"/" + url.split("/", 3)[3] for url in full_crawl.requested}
    assert expected <= requested
    assert full_crawl.stats["insight/spider/listing_pages"] == len(expected)


def test_no_rejects_and_stats_count_every_record(full_crawl: CrawlResult) -> None:
    reasons = Counter(reject.reason for reject in full_crawl.rejects)
    assert set(reasons) <= {"empty_listing"}, reasons
    assert full_crawl.stats["insight/extract/ok"] == len(full_crawl.articles)
    assert full_crawl.stats["insight/validate/ok"] == len(full_crawl.articles)
    assert full_crawl.stats["finish_reason"] == "finished"


def test_seed_article_matches_its_expected_fields(full_crawl: CrawlResult) -> None:
    seed = next(a for a in full_crawl.articles if a.url == f"{SITE_URL}{SEED_SLUG}/")
    expected = json.loads((BUNDLED_SITE / SEED_SLUG / "expected.json").read_text(encoding="utf-8"))
    for field, value in expected.items():
        assert getattr(seed, field) == value, field
    assert [tweet["author_handle"] for tweet in seed.tweets] == [
        "rasmou",
        "ARG_1880",
        "NorwayinAFG",
    ]


def test_feeds_write_one_json_line_per_article(full_crawl: CrawlResult) -> None:
    out = Path(full_crawl.stats["_out_dir"])
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(full_crawl.articles)
    assert any("\u0600" <= ch <= "\u06ff" for ch in lines[0] + "".join(lines))  # no ASCII escapes
    assert list(records[0])[:3] == ["url", "canonical_url", "post_id"]


@deferred_f_from_coro_f
async def test_a_second_crawl_gives_byte_identical_records(
    full_crawl: CrawlResult, mirror: MirrorServer, tmp_path: Path
) -> None:
    again = await crawl_mirror(mirror.base_url, tmp_path)

    def lines(result: CrawlResult) -> dict[str, str]:
        records = (asdict(article) for article in result.articles)
        return {
            r["url"]: json.dumps({**r, "scraped_at": None}, ensure_ascii=False) for r in records
        }

    assert lines(again) == lines(full_crawl)
