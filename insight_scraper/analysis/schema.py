"""How DuckDB reads a record, and the version of the tables built from it.

The record's columns are given to ``read_json`` explicitly rather than sampled, so that every
export types a column the same way whatever the first lines hold (a sampled ``date_published``
becomes a UTC ``TIMESTAMPTZ`` and loses the page's offset; a sampled ``schema_version`` may
become a number). Dates stay text here and are split into UTC, local time and offset in SQL.
"""

from __future__ import annotations

# Bump when a table's columns change: an export whose manifest names another version is rebuilt.
TABLES_VERSION = "1"

_AUTHOR = "STRUCT(name VARCHAR, url VARCHAR, role VARCHAR, bio VARCHAR)"
_IMAGE = "STRUCT(url VARCHAR, caption VARCHAR, alt VARCHAR)"
_BLOCK = (
    "STRUCT(type VARCHAR, text VARCHAR, lang VARCHAR, level INTEGER, items VARCHAR[], "
    "ordered BOOLEAN, cite VARCHAR, url VARCHAR, alt VARCHAR, caption VARCHAR, "
    "tweet_id VARCHAR, provider VARCHAR)"
)
_TWEET = (
    "STRUCT(tweet_id VARCHAR, url VARCHAR, author_name VARCHAR, author_handle VARCHAR, "
    "date VARCHAR, date_raw VARCHAR, text VARCHAR, lang VARCHAR, lang_detected VARCHAR, "
    "dir VARCHAR, hashtags VARCHAR[], mentions VARCHAR[], links VARCHAR[], media VARCHAR[], "
    "context VARCHAR)"
)

# Record field → DuckDB type (docs/record.md). Fields a record lacks read as NULL.
RECORD_COLUMNS: dict[str, str] = {
    "url": "VARCHAR",
    "canonical_url": "VARCHAR",
    "post_id": "BIGINT",
    "site": "VARCHAR",
    "headline": "VARCHAR",
    "description": "VARCHAR",
    "authors": f"{_AUTHOR}[]",
    "date_published": "VARCHAR",
    "date_published_raw": "VARCHAR",
    "date_published_solar_hijri": "VARCHAR",
    "date_modified": "VARCHAR",
    "date_modified_raw": "VARCHAR",
    "categories": "VARCHAR[]",
    "tags": "VARCHAR[]",
    "main_image": _IMAGE,
    "body": "VARCHAR",
    "blocks": f"{_BLOCK}[]",
    "tweets": f"{_TWEET}[]",
    "language": "VARCHAR",
    "word_count": "INTEGER",
    "reading_time_minutes": "INTEGER",
    "content_hash": "VARCHAR",
    "scraped_at": "VARCHAR",
    "schema_version": "VARCHAR",
    "change": "VARCHAR",
}


def columns_literal() -> str:
    """The ``columns`` argument of ``read_json`` as a DuckDB struct literal."""
    pairs = ", ".join(f"'{name}': '{kind}'" for name, kind in RECORD_COLUMNS.items())
    return "{" + pairs + "}"
