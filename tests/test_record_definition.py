"""One definition of the record: the JSON Schema is the source; the item's fields, the
extractor's keys and docs/record.md are checked against it, so none of them can drift."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from insight_scraper.extract.article import extract_article
from insight_scraper.items import RECORD_FIELDS, ArticleItem
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import load_schema, validation_errors
from tests.conftest import page_url

DOC = Path(__file__).parents[1] / "docs" / "record.md"
# Added to the extractor's dict by the crawl: the fetch time, and the change against the state.
CRAWL_FIELDS = {"scraped_at", "change"}
SEED = (
    BUNDLED_SITE
    / "regional-and-international-conferences-on-afghanistan-a-quest-for-human-rights-stability-and-recognition"
)


def _record() -> dict[str, object]:
    return extract_article((SEED / "input.html").read_text(encoding="utf-8"), page_url(SEED))


def _documented(section: str, until: str | None) -> list[str]:
    """The backticked names in the first column of docs/record.md's tables, from ``section``
    to ``until`` (or the end)."""
    text = DOC.read_text(encoding="utf-8")
    part = text[text.index(section) : text.index(until) if until else None]
    return re.findall(r"^\| `(\w+)` \|", part, flags=re.MULTILINE)


def test_item_fields_are_the_schema_properties_in_order() -> None:
    assert list(RECORD_FIELDS) == list(load_schema()["properties"])


def test_only_bookkeeping_fields_are_not_exported() -> None:
    hidden = {item.name for item in fields(ArticleItem)} - set(RECORD_FIELDS)
    assert hidden == {"etag", "last_modified"}


def test_extractor_returns_every_schema_key_and_no_other() -> None:
    assert set(_record()) | CRAWL_FIELDS == set(load_schema()["properties"])


def test_schema_refuses_a_key_it_does_not_define() -> None:
    record = {**_record(), "scraped_at": "2024-05-08T14:00:00Z", "etag": '"abc"'}
    errors = validation_errors(record)
    assert errors and "etag" in errors[0]


def test_the_record_doc_lists_every_field_and_no_other() -> None:
    documented = _documented("## Identity", "### Blocks") + _documented("## Bookkeeping", None)
    assert documented == list(RECORD_FIELDS)


def test_the_record_doc_lists_every_tweet_field() -> None:
    tweet = load_schema()["$defs"]["tweet"]["properties"]
    assert _documented("### Tweets", "## Bookkeeping") == list(tweet)
