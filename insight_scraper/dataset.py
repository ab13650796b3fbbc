"""The Dataset extension: keeps the output directory's current files (output.py) in step with
the runs that write to it.

At start it merges the records of runs that were killed before they could merge their own; at
close it merges this run's records into ``articles.jsonl``, rewrites the open rejects, and
checks that every record the crawl emitted is in this run's file (a full disk or an I/O error
would show here: ``insight/output/unwritten``).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from insight_scraper.items import ArticleItem
from insight_scraper.ondisk import DiskTable
from insight_scraper.output import Layout, close_rejects, merge_runs, read_records

logger = logging.getLogger(__name__)
# A full or failing disk, for the output (OSError) or the merge's temporary tables (ondisk.py).
_IO_ERRORS = (OSError, sqlite3.Error)


def layout_of(settings: Any) -> Layout:
    """The output layout the settings describe."""
    return Layout(Path(settings["INSIGHT_DATASET"]), Path(settings["INSIGHT_RUNS_DIR"]))


class Dataset:
    """Merges runs into the dataset (at start: killed ones; at close: this one)."""

    def __init__(self, layout: Layout, run_id: str, stats: Any) -> None:
        self.layout, self.run_id, self.stats = layout, run_id, stats
        self.emitted = 0
        recovered = [run for run in layout.unmerged() if run != run_id]
        if recovered:
            try:
                merged = merge_runs(layout, recovered)
            except _IO_ERRORS as exc:  # merged at the next start instead: the run files stay
                logger.error("Could not merge earlier runs into %s: %s", layout.dataset, exc)
                return
            logger.warning(
                "Merged %d records of %d unfinished runs", merged.articles, len(recovered)
            )
            stats.set_value("insight/output/recovered_runs", len(recovered))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Dataset:
        settings = crawler.settings
        if not settings.get("INSIGHT_DATASET"):
            raise NotConfigured("INSIGHT_DATASET is empty: no dataset kept")
        dataset = cls(layout_of(settings), settings["INSIGHT_RUN_ID"], crawler.stats)
        crawler.signals.connect(dataset.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(dataset.close, signal=signals.spider_closed)
        return dataset

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, ArticleItem):
            self.emitted += 1

    def close(self) -> None:
        """Merge the run (one read of its file counts, merges and lists what it captured)."""
        try:
            with DiskTable(0) as captured:
                merged = merge_runs(self.layout, [self.run_id], captured)
                still_open = close_rejects(self.layout, self.run_id, captured)
        except _IO_ERRORS as exc:
            self._check_written(sum(1 for _ in read_records(self._run_file)))
            logger.error("Could not update the dataset %s: %s", self.layout.dataset, exc)
            self.stats.set_value("insight/output/merge_failed", 1)
            return
        self._check_written(merged.records)
        self.stats.set_value("insight/output/open_rejects", still_open)

    @property
    def _run_file(self) -> Path:
        return self.layout.run_articles(self.run_id)

    def _check_written(self, written: int) -> None:
        """Every record the crawl emitted is in the run's file, or the run says how many not."""
        self.stats.set_value("insight/output/written", written)
        if written < self.emitted:
            logger.error(
                "%d of %d records were not written to %s (disk full? unwritable?): they stay "
                "unseen in the state and are fetched again by the next run",
                self.emitted - written, self.emitted, self._run_file,
            )  # fmt: skip
            self.stats.set_value("insight/output/unwritten", self.emitted - written)
