"""Record helpers shared by pipelines, spider and CLI: schema validation, rejects, clock."""

from __future__ import annotations

import json
import pkgutil
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from insight_scraper.items import RECORD_FIELDS, ArticleItem, RejectItem


def utc_now() -> str:
    """Now in UTC, ISO 8601 with ``Z``, seconds precision."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_schema() -> dict[str, Any]:
    """The article record's JSON Schema, shipped inside the package."""
    # pkgutil reads package data from a directory and from a zipped egg (Scrapyd) alike.
    data = pkgutil.get_data("insight_scraper", "schema/article.schema.json")
    if data is None:
        raise FileNotFoundError("insight_scraper/schema/article.schema.json is not installed")
    schema: dict[str, Any] = json.loads(data.decode("utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


def validation_errors(record: ArticleItem | dict[str, Any]) -> list[str]:
    """Schema violations as "path: message" strings, in a stable order; [] when valid."""
    data = export(record) if isinstance(record, ArticleItem) else record
    errors = sorted(
        _validator().iter_errors(data), key=lambda error: [str(part) for part in error.path]
    )
    return [f"{'/'.join(map(str, error.path)) or '(record)'}: {error.message}" for error in errors]


def export(item: ArticleItem) -> dict[str, Any]:
    """The record as written to articles.jsonl (no fetch bookkeeping)."""
    return {name: getattr(item, name) for name in RECORD_FIELDS}


def make_reject(url: str, stage: str, reason: str, detail: str, status: int | None) -> RejectItem:
    """A RejectItem stamped now."""
    return RejectItem(
        url=url, stage=stage, reason=reason, detail=detail, status=status, rejected_at=utc_now()
    )
