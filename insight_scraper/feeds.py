"""The FEEDS setting: records to one JSON Lines file, rejects to another, on every route."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from insight_scraper.items import RECORD_FIELDS

if TYPE_CHECKING:  # settings.py imports this module: `extract` must not load Scrapy through it
    from scrapy.settings import BaseSettings

# Scrapy's priority of command-line settings (scrapy.settings.SETTINGS_PRIORITIES["cmdline"]).
CMDLINE_PRIORITY = 40

ARTICLES = "insight_scraper.items.ArticleItem"
REJECTS = "insight_scraper.items.RejectItem"


def feeds(articles: str, rejects: str, overwrite: bool = False) -> dict[str, dict[str, Any]]:
    """UTF-8 JSON Lines without ASCII escapes, appended to (a run's own files)."""
    common = {"format": "jsonlines", "encoding": "utf-8", "overwrite": overwrite}
    return {
        articles: {
            **common,
            "item_classes": [ARTICLES],
            "fields": list(RECORD_FIELDS),
            # A run with no record (the state was locked) leaves no empty file behind.
            "store_empty": False,
        },
        rejects: {**common, "item_classes": [REJECTS]},
    }


def uri_params(params: dict[str, Any], spider: Any) -> dict[str, Any]:
    """FEEDS URIs may name the run: ``%(run_id)s`` (the same id as its summary)."""
    return {**params, "run_id": spider.settings["INSIGHT_RUN_ID"]}


RUN_ID = "%(run_id)s"


def run_feeds(runs_dir: str) -> dict[str, dict[str, Any]]:
    """The run's own files, which the Dataset extension merges into the dataset (output.py)."""
    folder = runs_dir.rstrip("/")
    return feeds(f"{folder}/{RUN_ID}.articles.jsonl", f"{folder}/{RUN_ID}.rejects.jsonl")


def complete_feeds(settings: BaseSettings) -> None:
    """Make any FEEDS (``scrapy crawl -O x.jsonl``, Scrapyd's items_dir) write schema-valid
    records: a feed that takes every item takes articles only, with exactly the record's
    fields (no fetch bookkeeping), and rejects get a file of their own beside it. When a
    dataset is kept, the run's own files in INSIGHT_RUNS_DIR are among the feeds."""
    configured = settings.getdict("FEEDS")
    if settings.get("INSIGHT_DATASET") and not any(RUN_ID in str(uri) for uri in configured):
        configured = {**configured, **run_feeds(str(settings.get("INSIGHT_RUNS_DIR")))}
    if not configured:
        return
    completed = {uri: _articles_only(options) for uri, options in configured.items()}
    takes_rejects = any(REJECTS in _classes(options) for options in completed.values())
    first_file = next((uri for uri in completed if _local(str(uri))), None)
    if not takes_rejects and first_file is not None:
        rejects = str(PurePosixPath(str(first_file)).with_name("rejects.jsonl"))
        completed[rejects] = feeds(str(first_file), rejects)[rejects]
    # Above the command line's own priority: it completes what -O said, and Scrapy re-applies
    # the process's settings onto the crawler's after update_settings (CrawlerProcess.crawl).
    priority = max(settings.getpriority("FEEDS") or 0, CMDLINE_PRIORITY) + 1
    settings.set("FEEDS", completed, priority=priority)


def _articles_only(options: dict[str, Any]) -> dict[str, Any]:
    if _classes(options):
        return options
    return {"fields": list(RECORD_FIELDS), **options, "item_classes": [ARTICLES]}


def _classes(options: dict[str, Any]) -> list[str]:
    return [str(name) for name in options.get("item_classes") or []]


def _local(uri: str) -> bool:
    return urlsplit(uri).scheme in ("", "file") and "%(" not in uri
