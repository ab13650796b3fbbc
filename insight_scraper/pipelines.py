"""Item pipelines: thin Scrapy components around the pure functions of ``extract/``.

PageItem → (ExtractPipeline) → ArticleItem | RejectItem → (ValidatePipeline) → (DedupPipeline).
A page that yields no article becomes a RejectItem: logged, counted, exported to rejects.jsonl.
An unexpected error in a stage costs that one item (as a reject), never the crawl.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem, NotConfigured

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.items import ArticleItem, PageItem, RejectItem
from insight_scraper.record import make_reject, validation_errors
from insight_scraper.state import STATE_LOCKED, Seen, StateLocked, StateStore

logger = logging.getLogger(__name__)
_TWEET_STATUS_LINK = re.compile(r"(?:twitter|x)\.com/\w{1,50}/status(?:es)?/\d{5,}")


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
    handles: type | tuple[type, ...] = object

    def __init__(self, stats: Stats | None = None) -> None:
        self.stats: Stats = stats or _NoStats()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, self.handles):
            return item
        try:
            return self.handle(item)
        except DropItem:
            raise
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
        if _TWEET_STATUS_LINK.search(item.html):
            # For the coverage monitor: pages that link to tweets should yield tweets.
            self.stats.inc_value("insight/coverage/pages_linking_tweets")
        return ArticleItem(
            **record, scraped_at=item.fetched_at, etag=item.etag, last_modified=item.last_modified
        )


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


class StatePipeline(_Stage):
    """Record every article in the state and label it ``change``: new, updated or unchanged.
    In incremental mode an unchanged article was fetched for a date bump alone: it is counted
    (``insight/state/date_bump``) and not emitted again. A known article that now answers
    404/410 is marked removed (kept in the state) and its reject says ``removed``."""

    component, handles = "state", (ArticleItem, RejectItem)

    def __init__(self, path: str, incremental: bool = False, stats: Stats | None = None) -> None:
        super().__init__(stats)
        self.path, self.incremental = path, incremental
        self.store: StateStore | None = None
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        path = crawler.settings.get("INSIGHT_STATE_PATH")
        if not path:
            raise NotConfigured("INSIGHT_STATE_PATH is empty: no state kept")
        pipeline = cls(path, stats=_stats_if_enabled(crawler, "INSIGHT_STATE_ENABLED"))
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        # The mode is a spider argument (`-a incremental=1`), known once the spider exists.
        spider = self.crawler.spider if self.crawler is not None else None
        self.incremental = self.incremental or bool(getattr(spider, "incremental", False))
        try:
            self.store = StateStore.acquire(self.path)
        except StateLocked as exc:
            logger.error("Not crawling: another run holds the state lock: %s", exc)
            raise CloseSpider(STATE_LOCKED) from exc

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.release()

    def handle(self, item: ArticleItem | RejectItem) -> ArticleItem | RejectItem:
        assert self.store is not None
        if isinstance(item, RejectItem):
            return self._maybe_removed(item)
        change, _ = self.store.record(_seen(item))
        self.stats.inc_value(f"insight/state/{change}")
        if change == "unchanged" and self.incremental:
            self.stats.inc_value("insight/state/date_bump")
            raise DropItem(f"{item.url}: modified time changed, content did not", log_level="INFO")
        item.change = change
        return item

    def _maybe_removed(self, reject: RejectItem) -> RejectItem:
        assert self.store is not None
        gone = reject.stage == "download" and reject.status in (404, 410)
        if gone and self.store.mark_removed(reject.url, reject.rejected_at):
            self.stats.inc_value("insight/state/removed")
            reject.reason, reject.detail = "removed", f"HTTP {reject.status} where it used to be"
        return reject


def _seen(item: ArticleItem) -> Seen:
    return Seen(
        url=item.url,
        post_id=item.post_id,
        canonical_url=item.canonical_url,
        date_modified=item.date_modified,
        content_hash=item.content_hash,
        etag=item.etag,
        last_modified=item.last_modified,
        at=item.scraped_at,
    )
