"""Run a crawl in this process with the project's settings, and summarise what it wrote."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from insight_scraper.spiders.afghaninsight import AfghanInsightSpider

# A local mirror is not a site to be polite to: full speed, same code path.
MIRROR_SPEED = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "INSIGHT_RETRY_BACKOFF_BASE": 0.1,
}


@dataclass(slots=True)
class CrawlOptions:
    """What ``insight-scraper crawl`` and ``demo`` accept."""

    output: Path = Path("output/articles.jsonl")
    categories: list[str] = field(default_factory=list)
    max_pages: int | None = None
    since: str | None = None
    mirror: str | None = None
    log_level: str = "INFO"

    @property
    def rejects(self) -> Path:
        return self.output.with_name("rejects.jsonl")


def project_settings(options: CrawlOptions) -> Settings:
    """The project's settings module, overridden by the options (command-line priority)."""
    settings = Settings()
    settings.setmodule("insight_scraper.settings", priority="project")
    overrides: dict[str, Any] = {"LOG_LEVEL": options.log_level, "FEEDS": _feeds(options)}
    if options.mirror:
        overrides.update(MIRROR_SPEED, INSIGHT_MIRROR_URL=options.mirror)
    settings.setdict(overrides, priority="cmdline")
    return settings


def _feeds(options: CrawlOptions) -> dict[str, dict[str, Any]]:
    def feed(item_class: str) -> dict[str, Any]:
        return {
            "format": "jsonlines",
            "encoding": "utf-8",
            "overwrite": True,
            "item_classes": [item_class],
        }

    return {
        str(options.output): feed("insight_scraper.items.ArticleItem"),
        str(options.rejects): feed("insight_scraper.items.RejectItem"),
    }


def run_crawl(options: CrawlOptions) -> dict[str, Any]:
    """Crawl to completion; return the crawl's Scrapy stats."""
    options.output.parent.mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(project_settings(options))
    crawler = process.create_crawler(AfghanInsightSpider)
    process.crawl(
        crawler,
        categories=",".join(options.categories) or None,
        max_pages=options.max_pages,
        since=options.since,
    )
    process.start()
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    return stats


def summarise(options: CrawlOptions, stats: dict[str, Any], started: float) -> dict[str, Any]:
    """Counts read back from the files the crawl wrote."""
    articles = _read_jsonl(options.output)
    rejects = _read_jsonl(options.rejects)
    return {
        "articles": len(articles),
        "tweets": sum(len(article.get("tweets", [])) for article in articles),
        "rejects": len(rejects),
        "reject_reasons": dict(sorted(Counter(r.get("reason") for r in rejects).items())),
        "requests": stats.get("downloader/request_count", 0),
        "seconds": round(time.monotonic() - started, 2),
        "finish_reason": stats.get("finish_reason"),
        "output": str(options.output),
        "rejects_file": str(options.rejects),
    }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
