"""The FEEDS setting: records to one JSON Lines file, rejects to another."""

from __future__ import annotations

from typing import Any

from insight_scraper.items import RECORD_FIELDS


def feeds(articles: str, rejects: str, overwrite: bool = True) -> dict[str, dict[str, Any]]:
    """UTF-8 JSON Lines without ASCII escapes. ``overwrite=False`` appends (a resumed crawl)."""
    common = {"format": "jsonlines", "encoding": "utf-8", "overwrite": overwrite}
    return {
        articles: {
            **common,
            "item_classes": ["insight_scraper.items.ArticleItem"],
            "fields": list(RECORD_FIELDS),
            # A run with no record (the state was locked) leaves no empty file behind.
            "store_empty": False,
        },
        rejects: {**common, "item_classes": ["insight_scraper.items.RejectItem"]},
    }
