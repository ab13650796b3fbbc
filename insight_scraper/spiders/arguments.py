"""Parsing of spider arguments (they arrive as strings from ``-a`` and from Scrapyd)."""

from __future__ import annotations

from datetime import date


def parse_categories(value: str | list[str] | None) -> frozenset[str]:
    """Comma-separated category slugs → a set; empty means all categories."""
    if not value:
        return frozenset()
    parts = value if isinstance(value, list) else value.split(",")
    return frozenset(part.strip().strip("/") for part in parts if part.strip())


def parse_max_pages(value: str | int | None) -> int | None:
    """A positive page count per category, or None for no limit."""
    if value in (None, "", 0, "0"):
        return None
    pages = int(value)
    if pages < 1:
        raise ValueError(f"max_pages must be a positive integer, not {value!r}")
    return pages


def parse_since(value: str | date | None) -> date | None:
    """``YYYY-MM-DD`` (or any ISO date-time) → a date."""
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def parse_flag(value: str | bool | None) -> bool:
    """``1``/``true``/``yes``/``on`` → True (spider arguments arrive as strings)."""
    if isinstance(value, bool):
        return value
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}
