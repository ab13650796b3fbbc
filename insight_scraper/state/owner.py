"""The one owner of the crawl state during a crawl.

``CrawlState`` is an extension: the crawler builds it (after the spider, before the engine and
the pipelines, after the Dataset extension has merged any killed run), it opens and locks the
state there and reconciles it with the output, and closes it when the spider closes. The spider
and the pipelines get the store from it (``crawl_state(crawler)``); nothing else opens the state
during a crawl. A state held by another run closes the crawl with the finish reason
``state_locked``, raised here and nowhere else.

The state follows the output (state/reconcile.py): what a run fetched is recorded when the run
closes, from its own run file. Discovery validators (REST, feed, sitemap) are saved only when
the run saw everything they announced: otherwise the next run would get a 304 and never fetch
what this one missed.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured

from insight_scraper.dataset import layout_of
from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import STATE_CORRUPT, STATE_LOCKED
from insight_scraper.ondisk import DiskTable
from insight_scraper.output import Layout, completeness
from insight_scraper.record import utc_now
from insight_scraper.state.reconcile import Validators, apply_run, reconcile, seen_of
from insight_scraper.state.store import Seen, StateCorrupt, StateLocked, StateStore

logger = logging.getLogger(__name__)


class CrawlState:
    """Opens the state at ``path`` at once; ``require()`` hands it out."""

    def __init__(self, path: str, layout: Layout, run_id: str, stats: Any) -> None:
        self.path, self.layout, self.run_id, self.stats = path, layout, run_id, stats
        self.store: StateStore | None = None
        self.refused: StateLocked | StateCorrupt | None = None
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.fetched = FetchedValidators()
        self.bumps: list[Seen] = []
        self.rejects: Counter[tuple[str, str]] = Counter()
        was_empty = _empty_file(Path(path))
        try:
            self.store = StateStore.open(path)
        except (StateLocked, StateCorrupt) as exc:
            self.refused = exc
            return
        if was_empty:
            logger.warning("The state file %s was empty (0 bytes): rebuilt from the output", path)
        self._reconcile()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        settings = crawler.settings
        path = settings.get("INSIGHT_STATE_PATH")
        if not path or not settings.getbool("INSIGHT_STATE_ENABLED", True):
            raise NotConfigured("INSIGHT_STATE_PATH is empty: no state kept")
        owner = cls(str(path), layout_of(settings), settings["INSIGHT_RUN_ID"], crawler.stats)
        crawler.signals.connect(owner.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(owner.close, signal=signals.spider_closed)
        return owner

    def _reconcile(self) -> None:
        assert self.store is not None
        done = reconcile(self.store, self.layout, self.run_id)
        for name, count in (("runs_applied", done.runs_applied), ("added", done.added),
                            ("forgotten", done.forgotten)):  # fmt: skip
            if count:
                self.stats.set_value(f"insight/reconcile/{name}", count)
                logger.warning("Reconciled the state with the output: %s %d", name, count)

    def require(self) -> StateStore:
        """The open store; closes the crawl if another run holds it, or it is unreadable."""
        if self.store is None:
            if isinstance(self.refused, StateCorrupt):
                logger.error("Not crawling: %s", self.refused)
                raise CloseSpider(STATE_CORRUPT)
            logger.error("Not crawling: another run holds the state lock: %s", self.refused)
            raise CloseSpider(STATE_LOCKED)
        return self.store

    # --- What the run did, recorded when it closes -------------------------------------------

    def defer_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.validators[url] = (etag, last_modified)

    def fetched_article(self, item: ArticleItem) -> None:
        self.fetched.put(item.url, (item.etag, item.last_modified))

    def date_bump(self, item: ArticleItem) -> None:
        """Fetched for a later modified time, same content: not emitted, but remembered."""
        self.bumps.append(seen_of(_bookkeeping(item), self.fetched))

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, RejectItem):
            self.rejects[(item.stage, item.reason)] += 1

    def close(self, reason: str) -> None:
        if self.store is None:
            return
        try:
            apply_run(self.store, self.layout, self.run_id, self.bumps, self.fetched)
            self._save_validators(reason)
        finally:
            self.store.close()
            self.store = None
            self.fetched.close()

    def _save_validators(self, reason: str) -> None:
        assert self.store is not None
        errors = int(self.stats.get_value("insight/discovery/errors", 0))
        unwritten = int(self.stats.get_value("insight/output/unwritten", 0))
        seen = completeness(reason, dict(self.rejects), errors)
        if not seen.complete or unwritten:
            kept = "; ".join(seen.discovery) or f"{seen.retryable} retryable rejects"
            logger.info("Discovery validators not saved (%s): the next run asks afresh", kept)
            return
        for url, (etag, last_modified) in sorted(self.validators.items()):
            self.store.save_validators(url, etag, last_modified, utc_now())


class FetchedValidators:
    """url → the validators of each article this run fetched, until the run closes: on disk
    (ondisk.py), since a dict of them grew by ~250 B an article."""

    def __init__(self) -> None:
        self.table = DiskTable(2)

    def put(self, url: str, validators: Validators) -> None:
        self.table.put(url, *validators)

    def get(self, url: str, default: Validators, /) -> Validators:
        row = self.table.get(url)
        return default if row is None else (row[0], row[1])

    def close(self) -> None:
        self.table.close()


def _bookkeeping(item: ArticleItem) -> dict[str, Any]:
    names = ("url", "post_id", "canonical_url", "date_modified", "content_hash", "scraped_at")
    return {name: getattr(item, name) for name in names}


def _empty_file(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0


def crawl_state(crawler: Crawler) -> CrawlState | None:
    """The crawl's state owner, or None when the crawl keeps no state."""
    return crawler.get_extension(CrawlState)
