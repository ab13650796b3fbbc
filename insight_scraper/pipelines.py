"""Item pipelines: thin Scrapy components around the pure functions of ``extract/``.

PageItem → (ExtractPipeline) → ArticleItem | RejectItem → (ValidatePipeline) → (DedupPipeline).
A page that yields no article becomes a RejectItem: logged, counted, exported to rejects.jsonl.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.items import ArticleItem, PageItem, RejectItem
from insight_scraper.record import make_reject, validation_errors

logger = logging.getLogger(__name__)


class Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class _NoStats:
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        return None


def _enabled(crawler: Crawler, name: str) -> Stats:
    if not crawler.settings.getbool(name, True):
        raise NotConfigured(f"{name} is off")
    stats: Stats = crawler.stats
    return stats


def _reject(stats: Stats, component: str, reject: RejectItem) -> RejectItem:
    stats.inc_value(f"insight/{component}/{reject.reason}")
    logger.warning(
        "Rejected %s at %s: %s (%s)", reject.url, component, reject.reason, reject.detail
    )
    return reject


class ExtractPipeline:
    """Turn each PageItem into an ArticleItem, or a RejectItem saying why not."""

    def __init__(self, stats: Stats | None = None) -> None:
        self.stats = stats or _NoStats()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(_enabled(crawler, "INSIGHT_EXTRACT_ENABLED"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        try:
            record = extract_article(item.html, item.url)
        except NotAnArticle as exc:
            return _reject(
                self.stats,
                "extract",
                make_reject(item.url, "extract", exc.reason, exc.detail, item.status),
            )
        except Exception as exc:  # an extractor bug must cost one page, never the crawl
            logger.exception("Extractor failed on %s", item.url)
            detail = f"{type(exc).__name__}: {exc}"
            return _reject(
                self.stats,
                "extract",
                make_reject(item.url, "extract", "extractor_error", detail, item.status),
            )
        self.stats.inc_value("insight/extract/ok")
        return ArticleItem(**record, scraped_at=item.fetched_at)


class ValidatePipeline:
    """Check every ArticleItem against the shipped JSON Schema; invalid ones are rejected."""

    def __init__(self, stats: Stats | None = None) -> None:
        self.stats = stats or _NoStats()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(_enabled(crawler, "INSIGHT_VALIDATE_ENABLED"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        errors = validation_errors(item)
        if not errors:
            self.stats.inc_value("insight/validate/ok")
            return item
        reject = make_reject(item.url, "validate", "invalid_record", "; ".join(errors[:5]), 200)
        return _reject(self.stats, "validate", reject)


class DedupPipeline:
    """One record per post: a second URL of the same post id or canonical URL is rejected."""

    def __init__(self, stats: Stats | None = None) -> None:
        self.stats = stats or _NoStats()
        self.seen: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(_enabled(crawler, "INSIGHT_DEDUP_ENABLED"))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        keys = [
            f"id:{item.post_id}" if item.post_id else "",
            f"url:{item.canonical_url or item.url}",
        ]
        for key in filter(None, keys):
            if key in self.seen:
                detail = f"same {key.split(':')[0]} as {self.seen[key]}"
                return _reject(
                    self.stats, "dedup", make_reject(item.url, "dedup", "duplicate", detail, 200)
                )
        for key in filter(None, keys):
            self.seen[key] = item.url
        self.stats.inc_value("insight/dedup/unique")
        return item
