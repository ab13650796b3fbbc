"""``insight-scraper extract``: saved pages in, records out as JSON Lines on stdout.

Each page that gives no record is one JSON line on stderr (``{file, url, stage, reason,
detail}``), and the batch goes on. Exit status: the worst page's, as for one page: 3 when a
record failed the schema (it is printed anyway), else 2 when a page gave no record, else 0.
Imports neither scrapy nor bs4: for one page, start-up is most of the run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

from insight_scraper.cli_types import UsageError, on_site
from insight_scraper.extract.article import extract_article
from insight_scraper.extract.decoding import redecode, suspicious
from insight_scraper.extract.dom import attr, first, parse_html
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.urls import absolute_url
from insight_scraper.record import utc_now, validation_errors
from insight_scraper.settings import INSIGHT_SITE_URL

if TYPE_CHECKING:
    from insight_scraper.sites import Profile

EXIT_OK, EXIT_REJECTED, EXIT_INVALID = 0, 2, 3
PAGE_SUFFIXES = frozenset({".html", ".htm"})


def extract_command(
    inputs: Sequence[str], listing: str | None, url: str | None, site: Profile | None = None
) -> int:
    """Exit 0 when every page gave a valid record; 2 when one gave none; 3 when one failed
    the schema (see the module docstring). Pages belong to ``site`` (default: afghaninsight)."""
    base = site.base_url if site is not None else INSIGHT_SITE_URL
    if url is not None and not on_site(url, base):
        raise UsageError(f"--url {url!r} is not a page of {urlsplit(base).hostname}")
    if listing is not None:
        if inputs:
            raise UsageError("give either --listing FILE or article pages, not both")
        return _listing(listing, url, base)
    if not inputs:
        raise UsageError("give saved pages (FILE, DIR or -), or --listing FILE")
    pages = list(expand(inputs))
    if not pages:
        raise UsageError(f"no saved pages (.html, .htm) in {' '.join(inputs)}")
    if url is not None and len(pages) > 1:
        raise UsageError(f"--url names one page, and {len(pages)} pages were given")
    selectors = site.selectors.get("body", ()) if site is not None else ()
    return max(_article(page, url, base, selectors) for page in pages)


def expand(inputs: Sequence[str]) -> Iterator[str]:
    """Files as given; a folder's pages recursively, in name order (deterministic output)."""
    for source in inputs:
        folder = Path(source)
        if source != "-" and folder.is_dir():
            found = (p for p in folder.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES)
            yield from sorted(str(p) for p in found if p.is_file())
        else:
            yield source


def read_document(source: str) -> str:
    """A saved page as text, decoded as the crawl decodes a response without a charset header:
    BOM, then the page's <meta charset>, else UTF-8; then the crawl's repair of a wrong one."""
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    encoding, text = html_to_unicode(None, data)
    if suspicious(text, encoding):
        fixed = redecode(data, encoding)
        return fixed.text if fixed is not None else text
    return text


def stated_url(document: str) -> str | None:
    """The URL the page gives for itself: link[rel=canonical], else og:url (absolute only)."""
    root = parse_html(document)
    canonical = attr(first(root, "link[rel=canonical]"), "href")
    og_url = attr(first(root, 'meta[property="og:url"]'), "content")
    return absolute_url(canonical, "") or absolute_url(og_url, "")


def _article(source: str, url: str | None, site: str, selectors: Sequence[str] = ()) -> int:
    page_url = url
    try:
        document = read_document(source)
        page_url = found = url or _page_url(document, site)
        record = extract_article(document, found, body_selectors=selectors)
    except NotAnArticle as exc:
        return reject(source, page_url, "extract", exc.reason, exc.detail)
    except OSError as exc:
        return reject(source, page_url, "read", "unreadable", f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        return reject(source, page_url, "extract", "extract_error", detail)
    return emit_record(record, source, page_url)


def emit_record(record: dict[str, Any], source: str, url: str | None) -> int:
    """Print the record (stamped, in the schema's key order); EXIT_INVALID with a reject
    line when it fails the schema."""
    record["scraped_at"] = utc_now()
    ordered = {
        **{k: v for k, v in record.items() if k != "schema_version"},
        "schema_version": record["schema_version"],
    }
    _print(ordered)
    errors = validation_errors(ordered)
    if errors:
        reject(source, url, "validate", "invalid_record", "; ".join(errors))
        return EXIT_INVALID
    return EXIT_OK


def _page_url(document: str, site: str) -> str:
    found = stated_url(document)
    if found is None:
        raise NotAnArticle("no_url", "the page states no canonical URL or og:url: pass --url")
    if not on_site(found, site):
        raise NotAnArticle("offsite_url", f"the page's URL {found[:200]} is not on the site")
    return found


def _listing(source: str, url: str | None, site: str) -> int:
    page_url = url
    try:
        document = read_document(source)
        parse_html(document)  # the precise reason for a page that is no HTML at all
        page_url = found = url or _page_url(document, site)
        listing = extract_listing(document, found)
    except NotAnArticle as exc:
        return reject(source, page_url, "listing", exc.reason, exc.detail)
    except OSError as exc:
        return reject(source, page_url, "read", "unreadable", f"{type(exc).__name__}: {exc}")
    if not listing.items:
        return reject(source, page_url, "listing", "empty_listing", "the page lists no posts")
    _print(listing.as_dict())
    return EXIT_OK


def reject(source: str, url: str | None, stage: str, reason: str, detail: str) -> int:
    line = {"file": source, "url": url, "stage": stage, "reason": reason, "detail": detail}
    sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_REJECTED


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
