"""Item pipelines: thin Scrapy components around pure functions and the state.

The article callback yields ArticleItem or RejectItem (spiders/base.py). Then:
ArticleItem → (ValidatePipeline) → (DedupPipeline) → (StatePipeline) → FEEDS.
A stage that cannot accept an article turns it into a RejectItem: logged, counted
(``insight/<component>/<reason>``) and exported to rejects.jsonl. An unexpected error in a
stage costs that one item (as a reject), never the crawl.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.ondisk import DiskTable
from insight_scraper.record import make_reject, validation_errors
from insight_scraper.state.owner import CrawlState, crawl_state
from insight_scraper.state.store import change_against

logger = logging.getLogger(__name__)


class Stats(Protocol):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def _stats_if_enabled(crawler: Crawler, setting: str) -> Stats:
    if not crawler.settings.getbool(setting, True):
        raise NotConfigured(f"{setting} is off")
    stats: Stats = crawler.stats
    return stats


class _Stage:
    """Shared plumbing: stats, reject logging, and the guard around ``handle``."""

    component = "stage"
    handles: type | tuple[type, ...] = object

    def __init__(self, stats: Stats) -> None:
        self.stats = stats

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

    def reject(self, item: Any, reason: str, detail: str) -> RejectItem:
        reject = make_reject(item.url, self.component, reason, detail, 200)
        self.stats.inc_value(f"insight/{self.component}/{reason}")
        logger.warning("Rejected %s at %s: %s (%s)", item.url, self.component, reason, detail)
        return reject


def _from_crawler(setting: str) -> Callable[[type[_Stage], Crawler], _Stage]:
    def build(cls: type[_Stage], crawler: Crawler) -> _Stage:
        return cls(_stats_if_enabled(crawler, setting))

    return build


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

    def __init__(self, stats: Stats) -> None:
        super().__init__(stats)
        # key → the first URL with it, on disk (ondisk.py): in a dict, ~300 B an article.
        self.seen = DiskTable(1)

    def handle(self, item: ArticleItem) -> ArticleItem | RejectItem:
        keys = [
            f"post_id {item.post_id}" if item.post_id else "",
            f"url {item.canonical_url or item.url}",
        ]
        for key in filter(None, keys):
            if (first := self.seen.get(key)) is not None:
                return self.reject(item, "duplicate", f"same {key} as {first[0]}")
        for key in filter(None, keys):
            self.seen.add(key, item.url)
        self.stats.inc_value("insight/dedup/unique")
        return item


class StatePipeline(_Stage):
    """Label every article ``change`` against the state: new, updated or unchanged. The state
    itself records it when the run closes, from the run's file (state/owner.py): a record
    counts as seen once it is written. In incremental mode an unchanged article was fetched for
    a date bump alone: it is counted (``insight/state/date_bump``) and not emitted again. A
    known article that now answers 404/410 is marked removed (kept in the state) and its
    reject says ``removed``."""

    component, handles = "state", (ArticleItem, RejectItem)

    def __init__(self, owner: CrawlState, incremental: bool, stats: Stats) -> None:
        super().__init__(stats)
        self.owner, self.incremental = owner, incremental

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        stats = _stats_if_enabled(crawler, "INSIGHT_STATE_ENABLED")
        owner = crawl_state(crawler)
        if owner is None:
            raise NotConfigured("INSIGHT_STATE_PATH is empty: no state kept")
        incremental = crawler.settings.get("INSIGHT_CRAWL_MODE") == "incremental"
        return cls(owner, incremental, stats)

    def handle(self, item: ArticleItem | RejectItem) -> ArticleItem | RejectItem:
        if isinstance(item, RejectItem):
            return self._maybe_removed(item)
        before = self.owner.require().find(item.url, item.post_id)
        change = change_against(before, item.content_hash)
        self.stats.inc_value(f"insight/state/{change}")
        self.owner.fetched_article(item)
        if change == "unchanged" and self.incremental:
            self.stats.inc_value("insight/state/date_bump")
            self.owner.date_bump(item)
            raise DropItem(f"{item.url}: modified time changed, content did not", log_level="INFO")
        item.change = change
        return item

    def _maybe_removed(self, reject: RejectItem) -> RejectItem:
        gone = reject.stage == "download" and reject.status in (404, 410)
        if gone and self.owner.require().mark_removed(reject.url, reject.rejected_at):
            self.stats.inc_value("insight/state/removed")
            reject.reason, reject.detail = "removed", f"HTTP {reject.status} where it used to be"
        return reject
