"""Discovery endpoints (docs/markup.md §4): the REST API's post list, RSS/Atom feeds and sitemaps.

Pure functions of the response text. XML is parsed without DTDs, entity expansion or network
access, so a hostile feed ("billion laughs") cannot blow up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from lxml import etree

from insight_scraper.extract.dates import parse_datetime
from insight_scraper.extract.urls import absolute_url, post_id_from_url

_SAFE_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
)
_ATOM = "{http://www.w3.org/2005/Atom}"
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A post as a discovery endpoint lists it. ``modified`` is ISO 8601 with offset or None."""

    url: str
    post_id: int | None = None
    modified: str | None = None


@dataclass(slots=True)
class Sitemap:
    """A sitemap: its post URLs, or (for an index) the sitemaps it lists."""

    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


def parse_rest_posts(text: str, base: str) -> list[Entry] | None:
    """``/wp-json/wp/v2/posts`` JSON → entries; None when the body is not a post list."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    entries = []
    for post in data:
        url = absolute_url(post.get("link"), base) if isinstance(post, dict) else None
        if url:
            entries.append(Entry(url, _int(post.get("id")), _gmt(post.get("modified_gmt"))))
    return entries


def _gmt(value: object) -> str | None:
    """REST's ``modified_gmt`` has no offset but is UTC."""
    return parse_datetime(value, default_offset="+00:00") if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def parse_feed(xml: str | bytes, base: str) -> list[Entry]:
    """RSS 2.0 items (guid ``?p=ID``) or Atom entries (``<updated>`` = modified)."""
    root = _parse_xml(xml)
    if root is None:
        return []
    entries = [_rss_item(item, base) for item in root.iter("item")]
    entries += [_atom_entry(entry, base) for entry in root.iter(f"{_ATOM}entry")]
    return [entry for entry in entries if entry is not None]


def _rss_item(item: etree._Element, base: str) -> Entry | None:
    url = absolute_url(item.findtext("link"), base)
    if not url:
        return None
    return Entry(url, post_id_from_url(item.findtext("guid")), None)


def _atom_entry(entry: etree._Element, base: str) -> Entry | None:
    link = entry.find(f"{_ATOM}link")
    url = absolute_url(link.get("href") if link is not None else None, base)
    if not url:
        return None
    updated = parse_datetime(entry.findtext(f"{_ATOM}updated"))
    return Entry(url, post_id_from_url(entry.findtext(f"{_ATOM}id")), updated)


def parse_sitemap(xml: str | bytes, base: str) -> Sitemap:
    """A ``<urlset>`` (entries with optional lastmod) or a ``<sitemapindex>`` (children)."""
    root = _parse_xml(xml)
    sitemap = Sitemap()
    if root is None:
        return sitemap
    for node in root.iter(f"{_SITEMAP}sitemap"):
        child = absolute_url(node.findtext(f"{_SITEMAP}loc"), base)
        if child:
            sitemap.children.append(child)
    for node in root.iter(f"{_SITEMAP}url"):
        url = absolute_url(node.findtext(f"{_SITEMAP}loc"), base)
        if url:
            lastmod = parse_datetime(node.findtext(f"{_SITEMAP}lastmod"))
            sitemap.entries.append(Entry(url, None, lastmod))
    return sitemap


def _parse_xml(xml: str | bytes) -> etree._Element | None:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        return etree.fromstring(data.strip(), _SAFE_XML)
    except etree.XMLSyntaxError:
        return None
