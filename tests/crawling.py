"""Offline end-to-end crawls through the full Scrapy stack (after Scrapy's tests/utils/crawl.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.utils.test import get_crawler

from insight_scraper.exitcodes import exit_code
from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.runner import CrawlOptions, project_settings
from insight_scraper.spiders.arguments import parse_flag
from insight_scraper.spiders.full import FullCrawlSpider
from insight_scraper.spiders.incremental import IncrementalCrawlSpider
from insight_scraper.summary import RunSummary

# The crawls of these tests read the site's HTML (home, menu, listings, sitemap, pages) unless
# a test asks for REST ("rest" in INSIGHT_SOURCES: tests/test_rest_crawl.py).
HTML_ROAD = {"INSIGHT_SOURCES": ["feeds", "sitemaps", "listings"]}


@dataclass
class CrawlResult:
    """What one crawl scraped, and its stats."""

    articles: list[ArticleItem] = field(default_factory=list)
    rejects: list[RejectItem] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    summary: dict[str, Any] | None = None


async def crawl_mirror(
    mirror_url: str,
    out_dir: Path,
    state: Path | None = None,
    settings: dict[str, Any] | None = None,
    **spider_args: Any,
) -> CrawlResult:
    """Crawl a mirror with the project's settings, as ``insight-scraper crawl --mirror`` does;
    ``settings`` override them last (e.g. short timeouts for fault tests)."""
    options = CrawlOptions(
        output=out_dir / "articles.jsonl",
        mirror=mirror_url,
        log_level="WARNING",
        state=state or out_dir / "state.sqlite",
        summary_stdout=False,
    )
    project = project_settings(options)
    # Only what the project sets: defaults re-set at a higher priority would look deliberate.
    chosen = {name: project[name] for name in project if (project.getpriority(name) or 0) > 0}
    spider = (
        IncrementalCrawlSpider
        if parse_flag(spider_args.pop("incremental", None))
        else FullCrawlSpider
    )
    crawler = get_crawler(spider, {**chosen, **HTML_ROAD, **(settings or {})})
    result = CrawlResult()

    def on_item(item: Any) -> None:
        (result.articles if isinstance(item, ArticleItem) else result.rejects).append(item)

    def on_request(request: Any) -> None:
        result.requested.append(request.url)

    crawler.signals.connect(on_item, signal=signals.item_scraped)
    crawler.signals.connect(on_request, signal=signals.request_reached_downloader)
    await crawler.crawl_async(**spider_args)
    assert crawler.stats is not None
    result.stats = crawler.stats.get_stats()
    extension = crawler.get_extension(RunSummary)
    result.summary = extension.result if extension is not None else None
    if result.summary is not None:  # as the CLI does (cli.py)
        result.summary["exit_code"] = exit_code(result.summary, result.stats.get("finish_reason"))
    return result
