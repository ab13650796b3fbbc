"""The one owner of the crawl state during a crawl.

``CrawlState`` is an extension: the crawler builds it (after the spider, before the engine and
the pipelines), it opens and locks the state there, and closes it when the spider closes.
The spider and the pipelines get the store from it (``crawler.get_extension(CrawlState)``);
nothing else opens the state during a crawl. A state held by another run closes the crawl
with the finish reason ``state_locked``, raised here and nowhere else.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured

from insight_scraper.meta import STATE_LOCKED
from insight_scraper.state.store import StateLocked, StateStore

logger = logging.getLogger(__name__)


class CrawlState:
    """Opens the state at ``path`` at once; ``require()`` hands it out."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.store: StateStore | None = None
        self.locked: StateLocked | None = None
        try:
            self.store = StateStore.open(path)
        except StateLocked as exc:
            self.locked = exc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        path = crawler.settings.get("INSIGHT_STATE_PATH")
        if not path or not crawler.settings.getbool("INSIGHT_STATE_ENABLED", True):
            raise NotConfigured("INSIGHT_STATE_PATH is empty: no state kept")
        owner = cls(str(path))
        crawler.signals.connect(owner.close, signal=signals.spider_closed)
        return owner

    def require(self) -> StateStore:
        """The open store; closes the crawl (reason ``state_locked``) if another run holds it."""
        if self.store is None:
            logger.error("Not crawling: another run holds the state lock: %s", self.locked)
            raise CloseSpider(STATE_LOCKED)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def crawl_state(crawler: Crawler) -> CrawlState | None:
    """The crawl's state owner, or None when the crawl keeps no state."""
    return crawler.get_extension(CrawlState)
