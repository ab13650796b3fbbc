"""``insight-scraper extract``: one saved page in, its record (or listing) out as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bs4.dammit import UnicodeDammit

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.listing import extract_listing
from insight_scraper.record import utc_now, validation_errors


def read_document(source: str) -> str:
    """A saved page as text. Saved files carry no HTTP charset, so let UnicodeDammit weigh
    the BOM, the <meta charset> and the bytes themselves (off the crawl's hot path)."""
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    decoded = UnicodeDammit(data, ["utf-8", "windows-1256"], is_html=True).unicode_markup
    return decoded if decoded is not None else data.decode("utf-8", "replace")


def extract_command(file: str | None, listing: str | None, url: str) -> int:
    """Exit 0 with JSON on stdout; 2 for a page that is not an article; 3 for an invalid record."""
    if listing is not None:
        _print(extract_listing(read_document(listing), url).as_dict())
        return 0
    if file is None:
        print("extract: give FILE (or -) or --listing FILE", file=sys.stderr)
        return 2
    try:
        record = extract_article(read_document(file), url)
    except NotAnArticle as exc:
        print(f"not an article: {exc}", file=sys.stderr)
        return 2
    record["scraped_at"] = utc_now()
    ordered = {
        **{k: v for k, v in record.items() if k != "schema_version"},
        "schema_version": record["schema_version"],
    }
    _print(ordered)
    errors = validation_errors(ordered)
    for error in errors:
        print(f"invalid record: {error}", file=sys.stderr)
    return 3 if errors else 0


def _print(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
