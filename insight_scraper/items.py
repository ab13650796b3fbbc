"""Typed items. Field docstrings state each field's format; docs/record.md is the long form."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(slots=True)
class ArticleItem:
    """One article record: exactly the keys of ``schema/article.schema.json``, in order."""

    url: str
    """Fetched URL on the real site."""
    canonical_url: str | None
    """``link[rel=canonical]`` (absolute URL) or null."""
    post_id: int | None
    """WordPress post id (integer) or null."""
    site: str
    """Host without ``www.``, e.g. ``afghaninsight.com``."""
    headline: str
    """Article title, normalised text."""
    description: str | None
    """Meta description / excerpt, or null."""
    authors: list[dict[str, Any]]
    """List of ``{name, url, role, bio}`` in byline order; role and bio may be null."""
    date_published: str | None
    """ISO 8601 with the page's UTC offset, e.g. ``2024-05-08T18:19:00+04:30``."""
    date_published_raw: str | None
    """The exact string ``date_published`` was read from."""
    date_published_solar_hijri: str | None
    """The publication date as the page shows it in the Solar Hijri calendar, verbatim."""
    date_modified: str | None
    """ISO 8601 with the page's UTC offset."""
    date_modified_raw: str | None
    """The exact string ``date_modified`` was read from."""
    breadcrumbs: list[dict[str, Any]]
    """List of ``{name, url}`` above the article; the article's own title excluded."""
    categories: list[str]
    """Category names in page order."""
    tags: list[str]
    """Tag names in page order."""
    main_image: dict[str, Any] | None
    """``{url, caption, alt}`` of the featured image at full size, or null."""
    body: str
    """Prose as plain text; blocks separated by a blank line."""
    blocks: list[dict[str, Any]]
    """Ordered ``{type, text, lang, …}`` blocks; type in paragraph, heading, list, quote, image,
    tweet, video, embed."""
    tweets: list[dict[str, Any]]
    """Embedded tweets in page order (see docs/record.md)."""
    language: str
    """ISO 639-1 code of the body (``fa`` for Dari, ``ps`` for Pashto)."""
    word_count: int
    """Whitespace-separated tokens in ``body``."""
    reading_time_minutes: int
    """Minutes, as the page states it or word_count / 130."""
    extraction: dict[str, str]
    """Field → the source it was read from: ``theme``, ``json-ld``, ``opengraph``, ``meta``,
    ``generic`` (the main-content extractor) or ``none``."""
    content_hash: str
    """``sha256:<hex>`` of headline, body and tweet texts."""
    scraped_at: str
    """UTC fetch time, ISO 8601 with ``Z``."""
    schema_version: str
    """Record schema version, ``1.0``."""
    change: str | None = None
    """Against the state: ``new``, ``updated`` (same post, new content) or ``unchanged``;
    null when no state is kept."""
    etag: str | None = field(default=None, metadata={"export": False})
    """The article response's ETag: kept in the state, not exported."""
    last_modified: str | None = field(default=None, metadata={"export": False})
    """The article response's Last-Modified header: kept in the state, not exported."""


@dataclass(slots=True)
class RejectItem:
    """A URL that produced no article record, and why. Exported to ``rejects.jsonl``."""

    url: str
    """The URL on the real site."""
    stage: str
    """Where it failed: ``download``, ``listing``, ``extract``, ``validate`` or ``dedup``."""
    reason: str
    """Short code: ``http_404``, ``not_found_page``, ``listing_page``, ``invalid_record``, …"""
    detail: str
    """A human-readable explanation."""
    status: int | None
    """HTTP status when there was a response, else null."""
    rejected_at: str
    """UTC time, ISO 8601 with ``Z``."""


# The exported record: every ArticleItem field but the fetch bookkeeping, in order.
RECORD_FIELDS: tuple[str, ...] = tuple(
    item.name for item in fields(ArticleItem) if item.metadata.get("export", True)
)
