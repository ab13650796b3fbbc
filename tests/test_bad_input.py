"""Bad input never crashes a crawl and never vanishes: each case ends in a rejects record."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_twisted
from lxml import html as lxml_html
from scrapy.utils.defer import deferred_from_coro

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.listing import extract_listing
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer
from insight_scraper.record import validation_errors
from tests.conftest import SITE_URL, manifest
from tests.crawling import CrawlResult, crawl_mirror

GARBAGE = random.Random(7).randbytes(30_000)


def _truncate(page: Path) -> None:
    data = page.read_bytes()
    page.write_bytes(data[: len(data) // 2])


def _drop_headline(page: Path) -> None:
    root = lxml_html.fromstring(page.read_bytes())
    selectors = ["h1", "title", "meta[property='og:title']", "script[type='application/ld+json']"]
    for selector in selectors:
        for node in root.cssselect(selector):
            node.drop_tree()
    page.write_bytes(lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8"))


def _garbage(page: Path) -> None:
    page.write_bytes(GARBAGE)


def _article_page(index: int) -> tuple[str, Path]:
    post = manifest()["posts"][index]
    return post["url"], BUNDLED_SITE / post["slug"] / "input.html"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [(_truncate, "truncated_document"), (_garbage, "not_html")],
    ids=["truncated", "garbage"],
)
def test_extract_rejects_damaged_pages(
    tmp_path: Path, damage: Callable[[Path], None], reason: str
) -> None:
    url, source = _article_page(0)
    page = tmp_path / "input.html"
    shutil.copy(source, page)
    damage(page)
    with pytest.raises(NotAnArticle) as caught:
        extract_article(page.read_bytes(), url)
    assert caught.value.reason == reason


def test_article_without_headline_is_not_a_record(tmp_path: Path) -> None:
    url, source = _article_page(1)
    page = tmp_path / "input.html"
    shutil.copy(source, page)
    _drop_headline(page)
    with pytest.raises(NotAnArticle) as caught:
        extract_article(page.read_bytes(), url)
    assert caught.value.reason == "missing_headline"


def test_a_record_without_a_headline_fails_the_schema() -> None:
    # The pipeline's last stage still checks: a record the extractor let through by mistake.
    url, source = _article_page(1)
    record = {**extract_article(source.read_bytes(), url), "scraped_at": "2026-01-01T00:00:00Z"}
    assert any(
        error.startswith("headline:") for error in validation_errors({**record, "headline": ""})
    )


@pytest.mark.parametrize(
    "document", ["", "   ", "\x00\x00", "<html><body class='error404'></body></html>"]
)
def test_extract_raises_only_not_an_article(document: str) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(document, SITE_URL + "x/")


def test_empty_listing_has_no_items_and_no_next_page() -> None:
    listing = extract_listing(
        "<html><body class='archive category'><div class='blog-content'></div></body></html>",
        SITE_URL,
    )
    assert listing.as_dict() == {"article_urls": [], "next_page": None}


@pytest.fixture(scope="module")
def damaged_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, dict[str, str]]:
    site = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(BUNDLED_SITE, site)
    posts = manifest()["posts"]
    _truncate(site / posts[0]["slug"] / "input.html")
    _drop_headline(site / posts[1]["slug"] / "input.html")
    _garbage(site / posts[2]["slug"] / "input.html")
    shutil.rmtree(site / posts[3]["slug"])
    with (site / "robots.txt").open("a", encoding="utf-8") as robots:
        robots.write(f"\nUser-agent: *\nDisallow: /{posts[4]['slug']}/\n")
    leaf = next(c for c in manifest()["categories"] if c.get("parent"))
    empty = site / leaf["url"].removeprefix(SITE_URL) / "input.html"
    root = lxml_html.fromstring(empty.read_bytes())
    for card in root.cssselect(".blog-content .p-wrap"):
        card.drop_tree()
    empty.write_bytes(lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8"))
    expected = {
        posts[0]["url"]: "truncated_document",
        posts[1]["url"]: "missing_headline",
        posts[2]["url"]: "not_html",
        posts[3]["url"]: "http_404",
        posts[4]["url"]: "robots_disallowed",
        leaf["url"]: "empty_listing",
    }
    with MirrorServer(site) as server:
        out = tmp_path_factory.mktemp("out")
        result = pytest_twisted.blockon(deferred_from_coro(crawl_mirror(server.base_url, out)))
    return result, expected


def test_damaged_site_crawl_finishes(damaged_crawl: tuple[CrawlResult, dict[str, str]]) -> None:
    result, _ = damaged_crawl
    assert result.stats["finish_reason"] == "finished"
    assert "spider_exceptions" not in "".join(result.stats)


def test_each_bad_page_has_a_reject_with_its_reason(
    damaged_crawl: tuple[CrawlResult, dict[str, str]],
) -> None:
    result, expected = damaged_crawl
    found = {reject.url: reject.reason for reject in result.rejects}
    for url, reason in expected.items():
        assert found.get(url) == reason, url


def test_rejects_are_counted_in_stats(damaged_crawl: tuple[CrawlResult, dict[str, str]]) -> None:
    result, _ = damaged_crawl
    assert result.stats["insight/extract/truncated_document"] == 1
    assert result.stats["insight/extract/missing_headline"] == 1
    assert result.stats["insight/download/http_404"] == 1
    assert result.stats["insight/listing/empty_listing"] >= 1


def test_good_pages_still_come_through(damaged_crawl: tuple[CrawlResult, dict[str, str]]) -> None:
    result, expected = damaged_crawl
    assert len(result.articles) >= len(manifest()["posts"]) - 5 - 2
    assert not {article.url for article in result.articles} & set(expected)
