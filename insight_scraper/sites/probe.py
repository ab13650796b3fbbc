"""Defaults for a WordPress site with no profile, found by asking it: is ``/wp-json/`` open,
which feeds and sitemaps exist, which languages its home page links to (hreflang).

Plain ``urllib`` (one request per question, bounded reads): probing runs before a crawl, in the
CLI, where Scrapy is not running yet. A question that fails only switches its source off.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from insight_scraper import __version__
from insight_scraper.sites import SOURCES, Profile, url_profile

logger = logging.getLogger(__name__)
MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 15.0
# (status, content type, body) of a GET; status 0 when the request failed.
Fetch = Callable[[str], tuple[int, str, bytes]]
_HREFLANG = re.compile(
    rb"<link\b[^>]*\bhreflang=[\"']?([a-zA-Z]{2})(?:-[a-zA-Z]+)?[\"']?[^>]*>", re.IGNORECASE
)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)
_HTML_LANG = re.compile(rb"<html\b[^>]*\blang=[\"']?([a-zA-Z]{2})", re.IGNORECASE)
_SITEMAPS = ("wp-sitemap.xml", "sitemap_index.xml", "sitemap.xml")


def probe(url: str, fetch: Fetch | None = None, via: str | None = None) -> Profile:
    """The profile of the WordPress site at ``url``, its sources switched on by what answers.
    ``via``: a mirror's base URL that serves the site's paths (the questions go there)."""
    profile = url_profile(url)
    get = fetch or http_fetch
    target = url_profile(via).base_url if via else profile.base_url
    home = get(target)
    sections = languages(home[2], profile.base_url)
    feeds = dict.fromkeys(["/", *sections.values()])  # the root's, then each section's
    found = {
        "rest": _rest_open(get, target),
        "feeds": any(_is_feed(get(target + prefix.lstrip("/") + "feed/")) for prefix in feeds),
        "sitemaps": any(_is_xml(get(target + name)) for name in _SITEMAPS),
        "listings": home[0] == 200,
    }
    sources = tuple(source for source in SOURCES if found[source]) or ("listings",)
    for source in SOURCES:
        logger.info("probe %s: %s %s", profile.base_url, source, "yes" if found[source] else "no")
    return replace(profile, sources=sources, languages=sections, probed=True)


def _rest_open(get: Fetch, base: str) -> bool:
    """Open: the index lists the core ``wp/v2`` namespace, or (security plugins often hide
    only the index) the posts route answers a JSON list."""
    index = _json(get(base + "wp-json/"))
    if isinstance(index, dict) and "wp/v2" in index.get("namespaces", []):
        return True
    return isinstance(_json(get(base + "wp-json/wp/v2/posts?per_page=1&_fields=id")), list)


def _json(answer: tuple[int, str, bytes]) -> object:
    status, _, body = answer
    if status != 200:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _is_feed(answer: tuple[int, str, bytes]) -> bool:
    status, _, body = answer
    return status == 200 and (b"<rss" in body[:2048] or b"<feed" in body[:2048])


def _is_xml(answer: tuple[int, str, bytes]) -> bool:
    status, kind, body = answer
    return status == 200 and ("xml" in kind or body.lstrip().startswith(b"<?xml"))


def languages(html: bytes, base: str) -> dict[str, str]:
    """Code -> path prefix, from the hreflang alternates of the home page (Polylang, WPML,
    Yoast); else the page's own ``<html lang>`` at the root."""
    found: dict[str, str] = {}
    for tag in _HREFLANG.finditer(html):
        href = _HREF.search(tag.group(0))
        if href is not None:
            path = urlsplit(urljoin(base, href.group(1).decode("utf-8", "replace"))).path
            found.setdefault(tag.group(1).decode().lower(), path if path.endswith("/") else "/")
    if found:
        return found
    lang = _HTML_LANG.search(html)
    return {lang.group(1).decode().lower() if lang else "en": "/"}


def http_fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url``: status, content type and at most MAX_BYTES of body; status 0 if it failed."""
    request = urllib.request.Request(url, headers={"User-Agent": f"insight-scraper/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read(MAX_BYTES),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read(MAX_BYTES)
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.info("probe %s: %s", url, error)
        return 0, "", b""
