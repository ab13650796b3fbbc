"""Item pipelines: thin Scrapy components around the pure functions of ``extract/``.

PageItem → (ExtractPipeline) → ArticleItem | RejectItem → (ValidatePipeline) → (DedupPipeline).
A page that yields no article becomes a RejectItem: logged, counted, exported to rejects.jsonl.
An unexpected error in a stage costs that one item (as a reject), never the crawl.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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


def _stats_if_enabled(crawler: Crawler, setting: str) -> Stats:
    if not crawler.settings.getbool(setting, True):
        raise NotConfigured(f"{setting} is off")
    stats: Stats = crawler.stats
    return stats


class _Stage:
    """Shared plumbing: stats, reject logging, and the guard around ``handle``."""

    component = "stage"
    handles: type = object

    def __init__(self, stats: Stats | None = None) -> None:
        self.stats: Stats = stats or _NoStats()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, self.handles):
            return item
        try:
            return self.handle(item)
        except Exception as exc:  # a bug in one stage must cost one item, never the crawl
            logger.exception("%s failed on %s", self.component, getattr(item, "url", item))
            return self.reject(item, f"{self.component}_error", f"{type(exc).__name__}: {exc}")

    def handle(self, item: Any) -> Any:
        raise NotImplementedError

    def reject(self, item: Any, reason: str, detail: str, status: int | None = 200) -> RejectItem:
        status = getattr(item, "status", status)
        reject = make_reject(item.url, self.component, reason, detail, status)
        self.stats.inc_value(f"insight/{self.component}/{reason}")
        logger.warning("Rejected %s at %s: %s (%s)", item.url, self.component, reason, detail)
        return reject


def _from_crawler(setting: str) -> Callable[[type[_Stage], Crawler], _Stage]:
    def build(cls: type[_Stage], crawler: Crawler) -> _Stage:
        return cls(_stats_if_enabled(crawler, setting))

    return build


class ExtractPipeline(_Stage):
    """Turn each PageItem into an ArticleItem, or a RejectItem saying why not."""

    component, handles = "extract", PageItem
    from_crawler = classmethod(_from_crawler("INSIGHT_EXTRACT_ENABLED"))

    def handle(self, item: PageItem) -> ArticleItem | RejectItem:
        try:
            record = extract_article(item.html, item.url)
        except NotAnArticle as exc:
            return self.reject(item, exc.reason, exc.detail)
        self.stats.inc_value("insight/extract/ok")
        return ArticleItem(**record, scraped_at=item.fetched_at)


class ValidatePipeline(_Stage):
    """Check every ArticleItem against the shipped JSON Schema; invalid ones are rejected."""

    component, handles = "validate", ArticleItem
    from_crawler = classmethod(_from_crawler("INSIGHT_VALIDATE_ENABLED"))

    def handle(self, item: ArticleItem) -> ArticleItem | RejectItem:
        errors = validation_errors(item)
        if errors:
            return self.reject(item, "invalid_record", "; ".join(errors[:5]))
        self.stats.inc_value("insight/validate/ok")
        return item


class DedupPipeline(_Stage):
    """One record per post: a second URL of the same post id or canonical URL is rejected."""

    component, handles = "dedup", ArticleItem
    from_crawler = classmethod(_from_crawler("INSIGHT_DEDUP_ENABLED"))

    def __init__(self, stats: Stats | None = None) -> None:
        super().__init__(stats)
        self.seen: dict[str, str] = {}

    def handle(self, item: ArticleItem) -> ArticleItem | RejectItem:
        keys = [
            f"post_id {item.post_id}" if item.post_id else "",
            f"url {item.canonical_url or item.url}",
        ]
        for key in filter(None, keys):
            if key in self.seen:
                return self.reject(item, "duplicate", f"same {key} as {self.seen[key]}")
        for key in filter(None, keys):
            self.seen[key] = item.url
        self.stats.inc_value("insight/dedup/unique")
        return item
